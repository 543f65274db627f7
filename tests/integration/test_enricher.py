"""The enrichment consumer against a real broker."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time

from consumers.enrich.step import EnrichStep
from newsmon import kafka_io
from newsmon.messages import RawArticle, encode
from newsmon.runner import Runner
from producers.replay.replayer import SeedReplayer
from tests.conftest import ROOT


def replay_seeds(settings) -> int:
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings) as publisher:
        return SeedReplayer(publisher, topic=settings.topic_raw).replay([str(ROOT / "seeds")]).articles


def run_enricher(settings, enricher, *, group="enrichers", idle=4.0):
    step = EnrichStep(enricher, output_topic=settings.topic_enriched)
    runner = Runner(settings, step, inputs={settings.topic_raw: RawArticle}, group=group,
                    dedupe_from=settings.topic_enriched)
    return runner.run(idle_timeout_s=idle, timeout_s=120)


def enriched_records(settings) -> list[dict]:
    return [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_enriched)]


def test_seeds_become_seven_enriched_records_with_actors_and_facts(settings, enricher):
    assert replay_seeds(settings) == 7
    stats = run_enricher(settings, enricher)
    assert stats.processed == 7 and stats.dead_lettered == 0
    records = {r["article"]["title"]: r for r in enriched_records(settings)}
    assert len(records) == 7

    arrests = records["Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing"]
    assert {"ttp", "PK"} <= {a["id"] for a in arrests["actors"]}
    assert (arrests["event"]["type"], arrests["event"]["killed"]) == ("arrest", None)
    assert [(e["killed"], e["injured"]) for e in arrests["related_events"]] == [(12, 36)]
    assert arrests["schema_version"] == 2
    assert arrests["schema"] == "newsmon.EnrichedArticle"

    sudan = records["Pakistan nears $1.5 billion deal to supply weapons, jets to Sudan"]
    assert "arms-trade" in {c["label"] for c in sudan["categories"]}
    assert {"SD", "PK"} <= {a["id"] for a in sudan["actors"]}


def test_a_re_replay_after_a_restart_makes_no_second_enriched_record(settings, enricher):
    replay_seeds(settings)
    assert run_enricher(settings, enricher).processed == 7
    replay_seeds(settings)
    second = run_enricher(settings, enricher)  # a new runner: de-dup state comes from the output topic
    assert second.consumed == 7 and second.duplicates == 7 and second.processed == 0
    records = enriched_records(settings)
    assert len(records) == 7 == len({r["id"] for r in records})


def test_poison_goes_to_the_dead_letter_topic_and_the_partition_keeps_flowing(settings, enricher):
    kafka_io.ensure_topics(settings, {**kafka_io.standard_topics(settings), settings.topic_raw: 1})
    good = RawArticle(id="good-1", title="Pakistani Taliban attack", body="Twelve people were killed in Bannu.", source="t")
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([
            publisher.send(settings.topic_raw, "bad-utf8", b"\xff\xfe not utf-8"),
            publisher.send(settings.topic_raw, "bad-json", b'{"schema": "newsmon.RawArticle"'),
            publisher.send(settings.topic_raw, good.id, encode(good)),
        ])
    stats = run_enricher(settings, enricher, idle=3.0)
    assert stats.dead_lettered == 2 and stats.processed == 1
    letters = [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_deadletter)]
    assert [(d["source_topic"], d["source_partition"], d["source_offset"]) for d in letters] == [
        (settings.topic_raw, 0, 0), (settings.topic_raw, 0, 1)]
    assert base64.b64decode(letters[0]["value_b64"]) == b"\xff\xfe not utf-8"
    assert "not UTF-8" in letters[0]["error"] and letters[1]["stage"] == "enricher.decode"
    assert [r["id"] for r in enriched_records(settings)] == ["good-1"]


def test_an_article_that_breaks_the_step_is_dead_lettered_alone(settings, enricher):
    class Flaky(EnrichStep):
        def handle(self, batch):
            if any("POISON" in a.title for a in batch):
                raise ValueError("cannot enrich this article")
            return super().handle(batch)

    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    articles = [RawArticle(id=f"a{i}", title=f"Article {i}" + (" POISON" if i == 2 else ""), body="Kabul said.", source="t")
                for i in range(5)]
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([publisher.send(settings.topic_raw, a.id, encode(a)) for a in articles])
    runner = Runner(settings, Flaky(enricher, output_topic=settings.topic_enriched), inputs={settings.topic_raw: RawArticle},
                    group="g")
    stats = runner.run(idle_timeout_s=3, timeout_s=60)
    assert stats.dead_lettered == 1 and stats.processed == 4
    assert sorted(r["id"] for r in enriched_records(settings)) == ["a0", "a1", "a3", "a4"]
    (letter,) = [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_deadletter)]
    assert letter["key"] == "a2" and "cannot enrich this article" in letter["error"]


def test_an_internal_error_on_one_article_is_dead_lettered_counted_and_shown_on_the_health_page(
        settings, enricher, monkeypatch, tmp_path):
    import consumers.enrich.enricher as enricher_module
    from consumers.console import queries_health
    from consumers.console.ingest import rows_for
    from consumers.console.store import Store
    from newsmon.messages import DeadLetter, decode
    from newsmon.metrics import DEADLETTERS

    real = enricher_module.extract_events

    def extract(doc, *, title, **kwargs):
        if "POISON" in title:
            raise IndexError("list index out of range")
        return real(doc, title=title, **kwargs)

    monkeypatch.setattr(enricher_module, "extract_events", extract)
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    articles = [RawArticle(id=f"b{i}", title=f"Blast in Quetta {i}" + (" POISON" if i == 1 else ""),
                           body="A bomb exploded in Quetta, killing two people, police said.", source="t")
                for i in range(4)]
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([publisher.send(settings.topic_raw, a.id, encode(a)) for a in articles])
    before = DEADLETTERS.labels("enricher")._value.get()
    stats = run_enricher(settings, enricher, idle=3.0)
    assert stats.dead_lettered == 1 and stats.processed == 4
    assert DEADLETTERS.labels("enricher")._value.get() == before + 1
    assert sorted(r["id"] for r in enriched_records(settings)) == ["b0", "b2", "b3"]
    (record,) = kafka_io.read_topic(settings, settings.topic_deadletter)
    letter = decode(record.value, DeadLetter)
    assert (letter.key, letter.stage) == ("b1", "enricher.enrich")
    assert letter.error == "internal error IndexError: list index out of range"
    store = Store(tmp_path / "console.sqlite")
    try:
        store.apply([(settings.topic_deadletter, 0, 0, rows_for(letter))])
        (row,) = queries_health.dead_letters(store.reader())
        assert (row["stage"], row["n"], row["error"]) == ("enricher.enrich", 1, letter.error)
    finally:
        store.close()


def test_two_enricher_processes_in_one_group_share_the_partitions(settings, cli_env, tmp_path):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    logs = [tmp_path / f"enricher{n}.log" for n in range(2)]
    handles = [path.open("w") for path in logs]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newsmon.cli", "enrich", "--group", "shared", "--idle-timeout", "12", "--timeout", "150"],
            env=cli_env, stdout=subprocess.PIPE, stderr=handle, text=True,
        )
        for handle in handles
    ]
    articles = [RawArticle(id=f"art-{i}", title=f"Story {i} about Kabul", body="Pakistan and Afghanistan held talks.",
                           source="t") for i in range(40)]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not all("consuming" in p.read_text() for p in logs):
        time.sleep(0.5)
    time.sleep(3)  # let the group settle with both members before publishing
    try:
        with kafka_io.Publisher(settings) as publisher:
            publisher.wait([publisher.send(settings.topic_raw, a.id, encode(a)) for a in articles])
        outputs = [p.communicate(timeout=200)[0] for p in procs]
    finally:
        for proc, handle in zip(procs, handles):
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
            handle.close()
    assert [p.returncode for p in procs] == [0, 0], [log.read_text()[-2000:] for log in logs]
    consumed = [int(out.split("enricher: ")[1].split(" consumed")[0]) for out in outputs]
    assert all(n > 0 for n in consumed), consumed
    records = enriched_records(settings)
    assert sorted(r["id"] for r in records) == sorted(a.id for a in articles)
