"""Replay the seed corpus into a real broker and read it back."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from newsmon import kafka_io

SEED_TITLES = {
    "Pakistan, Russia hold inaugural talks on ‘security issues’ in Asia amid shifting alliances",
    "Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing",
    "Facing TTP and Daesh Threats, Pakistan-Russia Deepen Counterterrorism Cooperation",
    "Pakistan Def, Spy Chiefs Talk Security, Taliban",
    "US says will work to ensure it can ‘better assist’ Pakistan’s counter-terrorism efforts",
    "Pakistan nears $1.5 billion deal to supply weapons, jets to Sudan",
    "Pakistan hosts meeting of regional states’ spymasters",
}


def newsmon(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsmon.cli", *args],
        env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def raw_records(settings):
    return [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_raw)]


def test_replay_publishes_the_seven_seed_articles_and_a_rerun_repeats_their_ids(settings, cli_env, seeds_dir):
    first = newsmon("replay", "--no-progress", str(seeds_dir), env=cli_env)
    assert first.returncode == 0, first.stderr
    assert "5 files: 7 articles published, 0 skipped" in first.stdout

    records = raw_records(settings)
    assert len(records) == 7
    assert {r["title"] for r in records} == SEED_TITLES
    assert all(r["schema"] == "newsmon.RawArticle" and r["schema_version"] == 1 for r in records)
    first_ids = {r["id"] for r in records}
    assert len(first_ids) == 7

    second = newsmon("replay", "--no-progress", str(seeds_dir), env=cli_env)
    assert second.returncode == 0, second.stderr
    records = raw_records(settings)
    assert len(records) == 14
    assert {r["id"] for r in records} == first_ids


def test_records_are_keyed_by_article_id_across_the_configured_partitions(settings, seeds_dir):
    from producers.replay.replayer import SeedReplayer

    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings) as publisher:
        summary = SeedReplayer(publisher, topic=settings.topic_raw).replay([str(seeds_dir)])
    assert summary.articles == 7
    records = list(kafka_io.read_topic(settings, settings.topic_raw))
    assert all(r.key.decode() == json.loads(r.value)["id"] for r in records)
    described = kafka_io.describe_topic(settings, settings.topic_raw)
    assert described["partitions"] == settings.article_partitions == 6
    assert int(described["configs"]["max.message.bytes"]) > settings.max_record_bytes  # topics take what producers send


def test_bad_inputs_are_named_and_skipped_while_good_files_are_replayed(settings, cli_env, seeds_dir, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (bad / "latin1.txt").write_bytes("Caf\xe9 in Islamabad: a headline".encode("latin-1"))
    no_txt = tmp_path / "no-txt"
    no_txt.mkdir()
    (no_txt / "notes.md").write_text("not a page")

    result = newsmon("replay", "--no-progress", str(bad), str(no_txt), str(seeds_dir / "001_f64cd4f113bb4fca.txt"), env=cli_env)

    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("newsmon: skipped")]
    assert len(lines) == 4
    assert any("empty.txt: file is empty" in line for line in lines)
    assert any("binary.txt: binary file" in line for line in lines)
    assert any("latin1.txt: not valid UTF-8" in line for line in lines)
    assert any(f"{no_txt}: directory has no .txt files" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert "1 files: 1 articles published, 4 skipped, 4 errors" in result.stdout
    assert [r["title"] for r in raw_records(settings)] == [
        "Facing TTP and Daesh Threats, Pakistan-Russia Deepen Counterterrorism Cooperation"
    ]


def test_unreachable_kafka_is_one_line_naming_the_address_within_15s(cli_env, seeds_dir):
    from newsmon.broker import free_port

    address = f"127.0.0.1:{free_port()}"
    env = {**cli_env, "NEWSMON_KAFKA_BOOTSTRAP": address}
    started = time.monotonic()
    result = newsmon("replay", "--no-progress", str(seeds_dir), env=env, timeout=60)
    elapsed = time.monotonic() - started

    assert result.returncode == 2
    assert elapsed < 15
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("newsmon:")]
    assert len(errors) == 1 and address in errors[0]
