"""The alerter end to end on a real broker: seeds in, alerts out; it never calls an HTTP endpoint."""

from __future__ import annotations

import json

import pytest

from consumers.enrich.enricher import Enricher
from newsmon import kafka_io
from tests.integration.pipeline import alert, enrich, replay_seeds

ARRESTS = "Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing"
SUDAN = "Pakistan nears $1.5 billion deal to supply weapons, jets to Sudan"


@pytest.fixture(scope="session")
def enricher() -> Enricher:
    return Enricher.load()


def published_alerts(settings) -> list[dict]:
    return [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_alerts)]


def test_seeds_raise_the_ttp_arrests_alert_with_evidence_and_nothing_for_unwatched_articles(settings, enricher):
    replay_seeds(settings)
    enrich(settings, enricher)
    stats = alert(settings)
    assert stats.dead_lettered == 0
    alerts = published_alerts(settings)
    arrests = [a for a in alerts if a["articles"][-1]["title"] == ARRESTS]
    assert arrests
    assert {"ttp", "PK"} <= {a["id"] for a in arrests[0]["actors"]}
    assert arrests[0]["event"]["type"] == "arrest" and arrests[0]["event"]["killed"] is None
    assert all(a["evidence"] for a in arrests[0]["actors"])
    assert not [a for a in alerts if any(x["title"] == SUDAN for x in a["articles"])]


def test_replaying_the_seeds_twice_raises_no_second_alert(settings, enricher):
    replay_seeds(settings)
    enrich(settings, enricher)
    alert(settings)
    first = [a["id"] for a in published_alerts(settings)]
    replay_seeds(settings)
    enrich(settings, enricher)
    assert alert(settings).produced == 0
    assert [a["id"] for a in published_alerts(settings)] == first
