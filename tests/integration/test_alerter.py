"""The alerter end to end on a real broker: seeds in, alerts out; it never calls an HTTP endpoint."""

from __future__ import annotations

import json

from newsmon import kafka_io
from tests.integration.pipeline import alert, enrich, replay_seeds

ARRESTS = "Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing"
SUDAN = "Pakistan nears $1.5 billion deal to supply weapons, jets to Sudan"



def published_alerts(settings) -> list[dict]:
    return [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_alerts)]


def test_seeds_raise_one_alert_per_article_with_evidence_and_none_critical(settings, enricher):
    replay_seeds(settings)
    enrich(settings, enricher)
    stats = alert(settings)
    assert stats.dead_lettered == 0
    alerts = published_alerts(settings)
    assert sorted(a["headline"] for a in alerts) == sorted({a["headline"] for a in alerts}) and len(alerts) == 7
    assert all(a["severity"] != "critical" and a["revision"] == 1 for a in alerts)
    [arrests] = [a for a in alerts if a["headline"] == ARRESTS]
    assert [r["id"] for r in arrests["rules"]] == ["counter-terrorism"]
    assert "Tehreek-e-Taliban Pakistan (subject)" in arrests["rules"][0]["why"]
    assert arrests["event"]["type"] == "arrest" and arrests["event"]["killed"] is None
    assert arrests["place"]["country"] == "PK" and arrests["key_sentence"]
    assert all(a["evidence"] for a in arrests["actors"]) and "ttp" in {a["id"] for a in arrests["actors"]}
    [sudan] = [a for a in alerts if a["headline"] == SUDAN]
    assert [r["id"] for r in sudan["rules"]] == ["arms-deal"]
    assert sudan["sources"][0]["source"].endswith(".txt")
    states = [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_stories)]
    assert {s["id"] for s in states} >= {a["story_id"] for a in alerts}


def test_replaying_the_seeds_twice_raises_no_second_alert(settings, enricher):
    replay_seeds(settings)
    enrich(settings, enricher)
    alert(settings)
    first = [a["id"] for a in published_alerts(settings)]
    replay_seeds(settings)
    enrich(settings, enricher)
    assert alert(settings).produced == 0
    assert [a["id"] for a in published_alerts(settings)] == first
