"""The first-seen-to-alert histogram counts the article that raised the revision, under its feed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from prometheus_client import REGISTRY

from newsmon.messages.alert import Alert, RuleHit, Source
from newsmon.metrics import observe_seen_to_alert

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)


def alert(*sources: Source) -> Alert:
    return Alert(id="w", story_id="s", revision=len(sources), severity="high", headline="h", produced_at=NOW,
                 rules=(RuleHit(id="r", name="R", severity="high", why="w"),), sources=sources)


def count(feed: str) -> tuple[float, float]:
    labels = {"feed": feed}
    return (REGISTRY.get_sample_value("newsmon_feed_seen_to_alert_seconds_count", labels) or 0.0,
            REGISTRY.get_sample_value("newsmon_feed_seen_to_alert_seconds_sum", labels) or 0.0)


def test_the_newest_source_is_observed_under_its_feed_and_a_source_without_a_time_is_not():
    before_old, before_new = count("metrics-old-feed"), count("metrics-new-feed")
    old = Source(id="a", title="t", source="metrics-old-feed", first_seen=NOW - timedelta(hours=5))
    new = Source(id="b", title="t", source="metrics-new-feed", first_seen=NOW - timedelta(seconds=42))
    observe_seen_to_alert(alert(old, new), NOW)
    assert count("metrics-old-feed") == before_old
    assert count("metrics-new-feed") == (before_new[0] + 1, before_new[1] + 42)
    observe_seen_to_alert(alert(Source(id="c", title="t", source="metrics-new-feed")), NOW)
    assert count("metrics-new-feed") == (before_new[0] + 1, before_new[1] + 42)
