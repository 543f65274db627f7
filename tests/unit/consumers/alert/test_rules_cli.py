"""`newsmon rules check` and `newsmon rules test --against` as a user runs them."""

from __future__ import annotations

import subprocess
import sys

from consumers.alert.rules import DEFAULT_RULES_FILE
from tests.conftest import SEEDS


def newsmon(*args):
    return subprocess.run([sys.executable, "-m", "newsmon.cli", *args], capture_output=True, text=True,
                          timeout=180, check=False)


def test_rules_check_names_the_line_of_each_mistake(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - id: one\n    name: One\n    actors: [ttp]\n  - id: two\n    name: Two\n    actors: [no-such-group]\n")
    result = newsmon("rules", "check", str(bad))
    assert result.returncode == 3
    assert f"{bad}:7:" in result.stdout and "no-such-group" in result.stdout
    assert newsmon("rules", "check", str(DEFAULT_RULES_FILE)).returncode == 0


def test_rules_test_against_an_old_file_prints_what_a_change_adds_and_drops(tmp_path):
    stricter = tmp_path / "rules.yaml"
    text = DEFAULT_RULES_FILE.read_text()
    assert "  - id: ttp\n" in text
    stricter.write_text(text.replace("  - id: ttp\n", "  - id: ttp\n    min_killed: 1000\n", 1))
    result = newsmon("rules", "test", str(stricter), str(SEEDS), "--against", str(DEFAULT_RULES_FILE))
    assert result.returncode == 0, result.stderr
    dropped = [line for line in result.stdout.splitlines() if line.startswith("- DROPPED rule=ttp ")]
    assert any("Pakistan arrests four TTP suspects" in line for line in dropped)
    assert not [line for line in result.stdout.splitlines() if line.startswith("+ ADDED")]
    assert f"0 added, {len(dropped)} dropped" in result.stdout
