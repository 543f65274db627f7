"""`newsmon kafka start|status|stop` runs a real broker and stops only its own pid."""

from __future__ import annotations

import os
import subprocess
import sys

from newsmon import kafka_io
from newsmon.broker import free_port
from tests.conftest import fresh_settings


def run(*args, env):
    return subprocess.run([sys.executable, "-m", "newsmon.cli", "kafka", *args],
                          env=env, capture_output=True, text=True, timeout=180, check=False)


def test_kafka_start_prints_the_address_writes_a_pid_file_and_stop_ends_it(tmp_path):
    address = f"127.0.0.1:{free_port()}"
    home = tmp_path / "home"
    env = {**os.environ, "NEWSMON_KAFKA_HOME": str(home), "NEWSMON_KAFKA_BOOTSTRAP": address}
    started = run("start", env=env)
    try:
        assert started.returncode == 0, started.stderr
        assert f"bootstrap: {address}" in started.stdout
        pid = int((home / "kafka.pid").read_text())
        os.kill(pid, 0)  # alive
        assert kafka_io.broker_answers(address)
        status = run("status", env=env)
        assert status.returncode == 0 and address in status.stdout
        settings = fresh_settings(address)
        assert settings.topic_raw in kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    finally:
        stopped = run("stop", env=env)
    assert stopped.returncode == 0 and "Kafka stopped." in stopped.stdout
    assert not (home / "kafka.pid").exists()
    assert run("status", env=env).returncode == 2

    again = run("start", env=env)  # a restart keeps the data: the topic is still there
    try:
        assert again.returncode == 0, again.stderr
        assert kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings)) == []
    finally:
        run("stop", env=env)
