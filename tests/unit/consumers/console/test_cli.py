"""`newsmon console stop|status` act only on a console, and a console that ignores SIGTERM is killed."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from consumers.console import cli
from newsmon import exitcodes
from newsmon.settings import Settings

STUBBORN = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"


def start(settings: Settings, *argv: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", STUBBORN, *argv], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "up"  # SIGTERM is ignored from here on
    proc.stdout.close()
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    (settings.state_dir / "console.pid").write_text(f"{proc.pid} http://127.0.0.1:1/\n")
    return proc


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def test_a_console_that_ignores_sigterm_is_killed_and_the_pid_file_removed(tmp_path, monkeypatch, capsys):
    settings = Settings(state_dir=tmp_path)
    proc = start(settings, "console", "serve")
    monkeypatch.setattr(cli, "STOP_GRACE_S", 0.5)
    assert cli._stop(argparse.Namespace(), settings) == exitcodes.OK
    assert not alive(proc.pid)
    proc.wait(timeout=5)  # already reaped by the stop: nothing left to wait for
    assert "killed after 0 s without stopping" in capsys.readouterr().out
    assert not (tmp_path / "console.pid").exists()


def test_a_pid_file_naming_another_program_is_not_a_running_console(tmp_path, capsys):
    settings = Settings(state_dir=tmp_path)
    proc = start(settings, "something", "else")
    try:
        assert cli._status(argparse.Namespace(), settings) == exitcodes.INPUT_SKIPPED
        assert capsys.readouterr().out.strip() == "console: not running"
        assert cli._stop(argparse.Namespace(), settings) == exitcodes.OK
        assert proc.poll() is None and alive(proc.pid)  # not ours to stop
    finally:
        proc.kill()
        proc.wait()


def test_the_token_comes_from_its_setting_else_from_its_file_and_a_bad_file_is_named(tmp_path):
    from consumers.console.service import token_of
    from newsmon.errors import ConfigError

    secret = tmp_path / "console-token"
    secret.write_text("s3cret-token\n")
    assert token_of(Settings(console_token_file=secret)) == "s3cret-token"
    assert token_of(Settings(console_token="direct", console_token_file=secret)) == "direct"
    assert token_of(Settings()) is None
    empty = tmp_path / "empty"
    empty.write_text("\n")
    for bad, why in ((tmp_path / "missing", "cannot read"), (empty, "must hold the token on one line")):
        with pytest.raises(ConfigError, match="NEWSMON_CONSOLE_TOKEN_FILE") as caught:
            token_of(Settings(console_token_file=bad))
        assert why in str(caught.value) and str(bad) in str(caught.value)
