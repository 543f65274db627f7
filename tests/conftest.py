"""Shared test helpers: paths and a settings factory with fresh topic names."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from newsmon.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


def fresh_settings(bootstrap: str, **overrides) -> Settings:
    """Settings whose topics and client ids are unique to one test."""
    tag = uuid.uuid4().hex[:8]
    values = {
        "kafka_bootstrap": bootstrap,
        "kafka_client_id": f"test-{tag}",
        "topic_raw": f"t-{tag}.raw",
        "topic_enriched": f"t-{tag}.enriched",
        "topic_alerts": f"t-{tag}.alerts",
        "topic_deadletter": f"t-{tag}.deadletter",
        "topic_deliveries": f"t-{tag}.deliveries",
        "topic_stories": f"t-{tag}.stories",
        "topic_endpoints": f"t-{tag}.endpoints",
        "topic_feed_status": f"t-{tag}.feeds.status",
        "topic_corrections": f"t-{tag}.corrections",
        "kafka_timeout_s": 10.0,
    }
    values.update(overrides)
    return Settings(**values)
