"""Analyst corrections on a real broker: sent as the console sends them (to the partition of the story's articles),
applied by the alerter that owns the story in the transaction of its state, kept across restarts of the alerter
(a later report does not undo them, a muted story stays silent) and across a rebuild of the console store; and
exported as gold cases that `newsmon eval` runs."""

from __future__ import annotations

import subprocess
import sys

import httpx
import yaml

from consumers.alert.service import check_copartitioned
from consumers.console.service import Console, publish_correction
from newsmon import kafka_io
from newsmon.errors import ConfigError
from newsmon.messages import Correction, Merge, Mute, RawArticle, TollFix, encode
from tests.conftest import ROOT
from tests.integration.console_site import wait_ready
from tests.integration.corrections_site import (
    QUETTA,
    T0,
    alerts_sent,
    correction_settings,
    enriched,
    event,
    hours,
    publish_enriched,
    quetta_reports,
    run_alerter,
    story_states,
)
from tests.integration.pipeline import enrich

GOLD_CASE = ROOT / "tests" / "gold" / "01_bannu_checkpost_suicide_bombing.yaml"


def send(settings, story_id: str, change, n: int, **fields) -> Correction:
    state = story_states(settings)[story_id]
    correction = Correction(id=f"corr-{n}", story_id=story_id, route=state.route, change=change, **fields)
    publish_correction(settings, correction)
    return correction


def console_page(settings, path: str) -> tuple[int, str]:
    console = Console(settings, port=0).start()
    try:
        wait_ready(console)
        page = httpx.get(console.address + path, timeout=10, follow_redirects=True)
        return page.status_code, page.text
    finally:
        console.close()


def test_corrections_are_applied_once_and_survive_an_alerter_restart_and_a_console_store_rebuild(kafka_bootstrap,
                                                                                               tmp_path):
    settings = correction_settings(kafka_bootstrap, tmp_path)
    publish_enriched(settings, *quetta_reports())
    run_alerter(settings)
    assert [(a.story_id, a.revision) for a in alerts_sent(settings)] == [("q1", 1), ("t1", 1), ("q1", 2)]

    toll = send(settings, "q1", TollFix(killed=17, injured=30), 1, article_id="q2", note="hospital list")
    send(settings, "t1", Merge(into="q1"), 2)
    send(settings, "q1", Mute(muted=True), 3)
    ends = kafka_io.end_offsets(settings, settings.topic_corrections)
    [(partition, count)] = [(p, n) for (_, p), n in ends.items() if n]
    assert count == 3  # every correction of these stories in one partition: the one of their articles
    articles = {p: n for (_, p), n in kafka_io.end_offsets(settings, settings.topic_enriched).items() if n}
    assert articles == {partition: 3}

    run_alerter(settings)  # a new alerter: reads the stories back, then the corrections
    sent = alerts_sent(settings)
    assert [(a.story_id, a.revision) for a in sent] == [("q1", 1), ("t1", 1), ("q1", 2), ("q1", 3), ("q1", 4)]
    assert sent[3].changes == ("an analyst corrected the toll to 17 killed, 30 injured (was 14 killed) "
                               "(hospital list)",)
    merged = "an analyst merged the story “Grenade attack in Turbat market wounds five” into this one"
    assert sent[4].changes == (merged,)
    assert sent[4].event.killed == 17 and [s.id for s in sent[4].sources] == ["q1", "t1", "q2"]

    later = enriched("q3", "BLA claims Quetta station bombing; toll rises to 21",
                     event("bombing", killed=21, where=QUETTA, date="2026-11-02", by="bla", basis="claimed",
                           claimed=True), seen=T0 + hours(30))
    publish_enriched(settings, later)
    publish_correction(settings, toll)  # the same correction again (a resend): applied once
    run_alerter(settings)  # restarted again
    assert len(alerts_sent(settings)) == 5  # muted: the claim raises no alert
    states = story_states(settings)
    story = states["q1"]
    assert story.event.killed == 17 and story.event.injured == 30 and story.muted
    assert story.corrections == ("corr-1", "corr-2", "corr-3") and story.held == ("BLA claimed responsibility",)
    assert [a.id for a in story.articles] == ["q1", "t1", "q2", "q3"] and states["t1"].merged_into == "q1"

    code, page = console_page(settings, "story/t1")  # the merged story's page leads to the story it went into
    assert code == 200 and "Blast at Quetta railway station" in page
    assert page.count('class="correction status-applied"') == 3 and "hospital list" in page
    assert "Not for the desk: an analyst muted this story" in page and "corrected by an analyst" in page
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"console.sqlite{suffix}").unlink(missing_ok=True)
    code, rebuilt = console_page(settings, "story/t1")  # a store rebuilt from the topics says the same
    assert code == 200 and rebuilt.count('class="correction status-applied"') == 3
    assert "toll: 17 killed, 30 injured" in rebuilt and "Not for the desk" in rebuilt


def test_a_corrections_topic_with_other_partitions_than_the_articles_is_refused(kafka_bootstrap, tmp_path):
    settings = correction_settings(kafka_bootstrap, tmp_path)
    kafka_io.ensure_topics(settings, {settings.topic_corrections: 2})
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    correction = Correction(id="c", story_id="s", route="PK", change=Mute())
    for check in (lambda: check_copartitioned(settings), lambda: publish_correction(settings, correction)):
        try:
            check()
        except ConfigError as exc:
            assert "NEWSMON_TOPIC_CORRECTIONS" in str(exc) and "2 partitions" in str(exc)
        else:
            raise AssertionError("a corrections topic of 2 partitions beside 6 was accepted")


def test_exported_corrections_run_through_newsmon_eval(kafka_bootstrap, tmp_path, enricher):
    from tests.integration.conftest import cli_environment

    settings = correction_settings(kafka_bootstrap, tmp_path)
    case = yaml.safe_load(GOLD_CASE.read_text(encoding="utf-8"))
    raw = RawArticle(id="bannu-1", title=case["title"], body=case["body"], source="gold/01")
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([publisher.send(settings.topic_raw, raw.id, encode(raw))])
    enrich(settings, enricher, idle=2.0)
    run_alerter(settings, idle=2.0)
    [state] = story_states(settings).values()
    assert state.event.killed == 9  # as the text says; the analyst knows better
    send(settings, state.id, TollFix(killed=11, injured=14), 1, article_id="bannu-1")
    run_alerter(settings, idle=2.0)
    env = cli_environment(settings, tmp_path)
    out = tmp_path / "desk-gold"
    export = subprocess.run([sys.executable, "-m", "newsmon.cli", "eval", "--export-corrections", str(out)], env=env,
                            capture_output=True, text=True, timeout=180, check=False)
    assert export.returncode == 0 and "wrote 1 cases and 0 story streams" in export.stdout, export.stderr[-2000:]
    [written] = list(out.glob("*.yaml"))
    labelled = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert labelled["body"].strip() == case["body"].strip()
    assert (labelled["expect"]["killed"], labelled["expect"]["injured"]) == (11, 14)
    run = subprocess.run([sys.executable, "-m", "newsmon.cli", "eval", str(out), "--mistakes"], env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "1 gold cases and 0 story streams" in run.stdout
    assert "casualties (killed and injured both right): 0/1" in run.stdout
    mistakes = [line for line in run.stdout.splitlines() if line.startswith(written.name)]
    assert mistakes == [f"{written.name}: killed 9, expected 11"], run.stdout[-3000:]
    assert written.name.startswith("corr-")
