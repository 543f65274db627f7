"""The console script `newsmon`: its exit code is main's, its output is whole, and a reader going away is no crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsmon import exitcodes

NEWSMON = str(Path(sys.executable).with_name("newsmon"))


def test_the_exit_code_is_mains_and_every_line_is_written(tmp_path, seeds_dir):
    pages = sorted(seeds_dir.glob("*.txt"))[:3]
    missing = tmp_path / "missing.txt"
    done = subprocess.run([NEWSMON, "analyze", "--json", *map(str, pages), str(missing)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == exitcodes.INPUT_SKIPPED
    assert str(missing) in done.stderr
    assert len([line for line in done.stdout.splitlines() if line.startswith("{")]) >= 3  # one per article, whole
    assert done.stdout.endswith("}\n")


def test_a_reader_that_goes_away_ends_the_command_quietly(seeds_dir):
    command = subprocess.Popen([NEWSMON, "analyze", "--json", str(seeds_dir)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    first = command.stdout.readline()
    command.stdout.close()  # as `| head -1` does
    _, errors = command.communicate(timeout=180)
    assert first.startswith(b"{")
    assert command.returncode == exitcodes.PIPE_CLOSED
    assert b"Traceback" not in errors
