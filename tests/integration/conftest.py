"""One real Kafka broker per test session (or NEWSMON_TEST_BOOTSTRAP when set)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from newsmon.broker import LocalBroker, free_port
from newsmon.settings import Settings
from tests.conftest import fresh_settings


def pytest_collection_modifyitems(items):
    for item in items:
        if "integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def kafka_bootstrap():
    """The bootstrap address of a real broker for the whole session."""
    given = os.environ.get("NEWSMON_TEST_BOOTSTRAP")
    if given:
        yield given
        return
    home = Path(tempfile.mkdtemp(prefix="newsmon-test-kafka-"))
    cache = Path(os.environ.get("NEWSMON_CACHE_DIR", Path.home() / ".cache" / "newsmon"))
    broker = LocalBroker(home=home, cache_dir=cache)
    address = None
    for _attempt in range(3):  # a port clash between choosing and binding is retried
        try:
            address = broker.start(port=free_port(), startup_timeout_s=120)
            break
        except Exception:  # noqa: BLE001 - retried, then re-raised below
            broker.stop()
            if _attempt == 2:
                raise
    try:
        yield address
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def enricher():
    """The real model and data files, loaded once for the session's in-process enrichers."""
    from consumers.enrich.enricher import Enricher

    return Enricher.load()


@pytest.fixture
def settings(kafka_bootstrap) -> Settings:
    """Settings with fresh topics on the session broker."""
    return fresh_settings(kafka_bootstrap)


@pytest.fixture
def cli_env(settings, tmp_path) -> dict[str, str]:
    """Environment for running the newsmon command against the test topics."""
    return cli_environment(settings, tmp_path)


def cli_environment(settings: Settings, tmp_path: Path) -> dict[str, str]:
    """The settings as NEWSMON_* variables (nothing of the user's own), with a console store and port of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    for key, value in settings.model_dump(mode="json").items():
        if value is not None:
            env[f"NEWSMON_{key.upper()}"] = json.dumps(value) if isinstance(value, list) else str(value)
    env["NEWSMON_KAFKA_HOME"] = str(tmp_path / "kafka-home")
    # `newsmon run` starts a console: never on the user's store or port.
    env["NEWSMON_CONSOLE_STORE"] = str(tmp_path / "console.sqlite")
    env["NEWSMON_CONSOLE_PORT"] = "0"
    return env
