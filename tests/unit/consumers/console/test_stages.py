"""The health page's stages name the consumer groups the services really use."""

from __future__ import annotations

from consumers.console.follower import stage_inputs
from consumers.deliver.service import deliver_runners
from newsmon.runloop import StopFlag
from newsmon.settings import Settings


def test_each_stage_is_a_group_and_the_topics_a_runner_of_that_group_reads():
    settings = Settings()
    runners = deliver_runners(settings, step=None, group=settings.group_deliverer, stop=StopFlag())
    stages = stage_inputs(settings)
    assert {(r.group, tuple(r.inputs)) for r in runners} == {
        (group, tuple(topics)) for name, (group, topics) in stages.items() if name.startswith("deliverer")}
    assert stages["enricher"] == (settings.group_enricher, [settings.topic_raw])
