"""Stories end to end on a real broker: replayed reports through the real enricher, two alerters in one group
and the deliverer to a real receiver. A story's revisions arrive as separate webhook-ids, a repeat of a
webhook-id carries the same bytes, and the two alerters form exactly the stories one alerter forms."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timezone

from consumers.alert.evaluate import load_streams
from consumers.alert.rules import default_known, load_rules
from consumers.alert.step import AlertStep
from newsmon import kafka_io
from newsmon.messages import EnrichedArticle, RawArticle, decode, encode
from tests.conftest import ROOT
from tests.integration.pipeline import deliver, endpoint_settings, enrich, stop, wait_until_owning
from tests.integration.receiver import Receiver
from tests.integration.test_deliverer import verify_all

ABROAD = [  # a story outside the desk's theatre: its articles go to another partition, so to the other alerter
    ("Gunmen kill five at Moscow railway station; police blame Islamic State Khorasan",
     "MOSCOW: Gunmen opened fire at a railway station in Moscow on Monday, killing five people, Russian police "
     "said. Police said militants of Islamic State Khorasan carried out the attack."),
    ("ISKP claims Moscow railway station attack",
     "MOSCOW: Islamic State Khorasan claimed responsibility for Monday's attack on a railway station in Moscow in "
     "which five people were killed."),
]
MONDAY = datetime(2026, 3, 9, 18, 0, tzinfo=timezone.utc)



def stream_articles() -> list[RawArticle]:
    """The Sibi story stream and the cross-border strikes reported from both sides (tests/gold/streams), then the
    Moscow story, in the order a desk would see them."""
    streams = {s.name: s for s in load_streams(ROOT / "tests" / "gold")}
    abroad = [RawArticle(id=f"moscow-{i}", title=title, body=body, source="e2e", published=MONDAY)
              for i, (title, body) in enumerate(ABROAD)]
    return [item.article for name in ("sibi-market-bombing", "paktika-khost-crossborder-strikes")
            for item in streams[name].articles] + abroad


def one_alerter_over(settings, records) -> dict[str, bytes]:
    """What one alerter raises from the enriched records, each partition read in order: alert id -> bytes."""
    known = default_known()
    step = AlertStep(rules=load_rules(known=known), known=known, output_topic="alerts", stories_topic="stories")
    by_partition = defaultdict(list)
    for record in records:
        by_partition[record.partition].append(record)
    alerts = {}
    for partition in sorted(by_partition):
        for record in sorted(by_partition[partition], key=lambda r: r.offset):
            for out in step.handle([decode(record.value, EnrichedArticle)])[0]:
                if getattr(out, "topic", None) == "alerts":
                    alerts[out.message.id] = encode(out.message)
    return alerts


def test_revisions_are_separate_webhooks_repeats_are_identical_and_two_alerters_form_the_stories_of_one(
        settings, cli_env, tmp_path, monkeypatch, enricher):
    receiver = Receiver()
    s = endpoint_settings(settings, tmp_path, monkeypatch, {"desk": receiver.url("/hook")})
    kafka_io.ensure_topics(s, kafka_io.standard_topics(s))
    articles = stream_articles()
    with kafka_io.Publisher(s) as publisher:  # one raw partition: the enricher reads them in the order given
        publisher.wait([publisher.send(s.topic_raw, a.id, encode(a), route="stream") for a in articles])
    logs = [(tmp_path / f"alerter-{n}.log").open("w") for n in (1, 2)]
    procs = []
    try:
        for log in logs:
            procs.append(subprocess.Popen([sys.executable, "-m", "newsmon.cli", "alert", "--group", "e2e-alerters",
                                           "--idle-timeout", "25", "--timeout", "180"],
                                          env=cli_env, stdout=subprocess.PIPE, stderr=log, text=True))
        wait_until_owning([tmp_path / f"alerter-{n}.log" for n in (1, 2)])  # before anything is there to read
        assert enrich(s, enricher).consumed == len(articles)
        outputs = [p.communicate(timeout=240)[0] for p in procs]
    finally:
        stop(procs, logs)
    enriched = list(kafka_io.read_topic(s, s.topic_enriched))
    assert len({r.partition for r in enriched}) >= 2
    assert [p.returncode for p in procs] == [0, 0], [(tmp_path / f"alerter-{n}.log").read_text()[-2000:] for n in (1, 2)]
    consumed = [int(out.rsplit(": ", 1)[1].split(" consumed")[0]) for out in outputs]
    assert sum(consumed) == len(articles) and min(consumed) > 0, consumed  # both alerters had stories to form

    published = {json.loads(r.value)["id"]: r.value for r in kafka_io.read_topic(s, s.topic_alerts)}
    assert published == one_alerter_over(s, enriched)  # the same stories, revisions and bytes as one alerter

    alerts = [json.loads(v) for v in published.values()]
    sibi = sorted((a for a in alerts if "Sibi" in a["headline"]), key=lambda a: a["revision"])
    assert [a["revision"] for a in sibi] == [1, 2, 3, 4] and len({a["story_id"] for a in sibi}) == 1
    assert [a["severity"] for a in sibi] == ["high", "critical", "critical", "critical"]
    assert "toll rose from 6 to 11 killed" in sibi[1]["changes"]
    assert any("claimed responsibility" in c for c in sibi[2]["changes"])
    assert sibi[2]["event"]["perpetrator"]["actor"] == "bla" and sibi[2]["key_sentence"]
    moscow = sorted((a for a in alerts if "Moscow" in a["headline"]), key=lambda a: a["revision"])
    assert [a["revision"] for a in moscow] == [1, 2] and len({a["story_id"] for a in moscow}) == 1
    states = {}
    for record in kafka_io.read_topic(s, s.topic_stories):
        if record.value:
            state = json.loads(record.value)
            states[state["id"]] = {a["id"] for a in state["articles"]}
    strikes = {f"strike-{n}" for n in range(1, 6)}  # Pakistani and Afghan reports of one strike: one story
    assert any(strikes <= ids and "kurram-clash-1" not in ids for ids in states.values()), states

    receiver.script["/hook"] = [(503, {}, 0.0)] * len(published) + [(200, {}, 0.0)]  # every first attempt fails
    try:
        deliver(s, idle=6.0)
    finally:
        receiver.close()
    hits = receiver.hits_for("/hook")
    verify_all(hits)  # signed, and every repeat of a webhook-id has the same bytes
    ids = [h.headers["webhook-id"] for h in hits]
    assert set(ids) == set(published) and all(ids.count(i) >= 2 for i in published)
    assert {h.body for h in hits if h.headers["webhook-id"] == sibi[0]["id"]} == {published[sibi[0]["id"]]}
    assert len({a["id"] for a in sibi}) == 4  # each revision is its own webhook-id
