"""`newsmon rules check` and `newsmon rules test` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from consumers.alert.rules import DEFAULT_RULES_FILE
from tests.conftest import SEEDS

KEYS = {"story", "revision", "source", "title", "rules", "severity", "event", "changes"}


def newsmon(*args, env=None):
    return subprocess.run([sys.executable, "-m", "newsmon.cli", *args], capture_output=True, text=True,
                          timeout=300, check=False, env=env)


def test_rules_check_names_the_line_of_each_mistake_and_why_a_rule_can_never_fire(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - id: one\n    name: One\n    perpetrator: [ttp]\n  - id: two\n    name: Two\n"
                   "    actors: {all: [bla, blf], roles: [perpetrator]}\n  - id: three\n    name: Three\n"
                   "    perpetrator: [no-such-group]\n")
    result = newsmon("rules", "check", str(bad))
    assert result.returncode == 3
    assert f"{bad}:7: rule 'two' can never fire: an event has one perpetrator" in result.stdout
    assert f"{bad}:10: rule 'three': unknown actor id 'no-such-group'" in result.stdout
    good = newsmon("rules", "check", str(DEFAULT_RULES_FILE))
    assert good.returncode == 0 and "no mistakes" in good.stdout


def test_rules_test_json_on_the_seeds_gives_one_alert_per_article_none_critical():
    result = newsmon("rules", "test", "--json", str(SEEDS))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 7 and all(KEYS <= set(row) for row in rows)
    assert len({row["story"] for row in rows}) == 7 and {row["revision"] for row in rows} == {1}
    assert all(row["severity"] != "critical" for row in rows)
    assert all(row["rules"] and all(r["why"] for r in row["rules"]) for row in rows)
    assert all({"killed", "injured", "type", "claimed"} <= set(row["event"]) for row in rows)
    assert any("TTP" in row["title"] and row["rules"][0]["id"] == "counter-terrorism" for row in rows)


def test_rules_test_against_an_old_file_prints_what_a_change_adds_and_drops(tmp_path):
    stricter = tmp_path / "rules.yaml"
    text = DEFAULT_RULES_FILE.read_text()
    assert "  - id: counter-terrorism\n" in text
    stricter.write_text(text.replace("  - id: counter-terrorism\n", "  - id: counter-terrorism\n    min_killed: 1000\n", 1))
    result = newsmon("rules", "test", str(SEEDS), "--rules", str(stricter), "--against", str(DEFAULT_RULES_FILE))
    assert result.returncode == 0, result.stderr
    dropped = [line for line in result.stdout.splitlines() if line.startswith("- DROPPED ")]
    assert any("TTP" in line for line in dropped)
    assert not [line for line in result.stdout.splitlines() if line.startswith("+ ADDED")]
    assert f"0 added, {len(dropped)} dropped" in result.stdout


def test_the_alerter_stops_on_the_mistakes_rules_check_finds_before_it_waits_for_kafka(tmp_path):
    import os

    bad = tmp_path / "rules.yaml"
    bad.write_text("version: 2\nrules:\n  - id: x\n    name: X\n    actors: {any: [no-such-group]}\n")
    env = {**os.environ, "NEWSMON_RULES_FILE": str(bad), "NEWSMON_KAFKA_BOOTSTRAP": "127.0.0.1:1"}
    result = newsmon("alert", env=env)
    assert result.returncode == 3  # configuration, not "Kafka unreachable" (2)
    assert result.stderr.strip().splitlines() == [
        f"newsmon: configuration error: rules file {bad}:5: rule 'x': unknown actor id 'no-such-group'"]


def test_rules_check_names_a_destination_the_endpoints_file_lacks(tmp_path):
    import os

    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 2\nrules:\n  - id: ttp\n    name: TTP\n    perpetrator: [ttp]\n"
                     "    destinations: [desk, night-desk]\n")
    endpoints = tmp_path / "endpoints.yaml"
    endpoints.write_text("endpoints:\n  - name: desk\n    url: https://example.org/hook\n    secret_env: NO_SUCH_SECRET\n")
    env = {**os.environ, "NEWSMON_ENDPOINTS_FILE": str(endpoints)}
    result = newsmon("rules", "check", str(rules), env=env)
    assert result.returncode == 3
    assert (f"{rules}:6: rule 'ttp': destination 'night-desk' is no endpoint of {endpoints} (it has: desk)"
            in result.stdout)
    alerter = newsmon("alert", env={**env, "NEWSMON_RULES_FILE": str(rules), "NEWSMON_KAFKA_BOOTSTRAP": "127.0.0.1:1"})
    assert alerter.returncode == 3 and "destination 'night-desk' is no endpoint" in alerter.stderr
    endpoints.write_text(endpoints.read_text() + "  - name: night-desk\n    url: https://example.org/n\n"
                                                 "    secret_env: NO_SUCH_SECRET\n")
    assert newsmon("rules", "check", str(rules), env=env).returncode == 0
