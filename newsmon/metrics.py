"""Prometheus metrics of every stage (prometheus-client), served on /metrics by newsmon.health."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

ARTICLES_IN = Counter("newsmon_articles_in_total", "Records a stage consumed or a producer read.", ["stage"])
ARTICLES_OUT = Counter("newsmon_articles_out_total", "Records a stage published.", ["stage"])
DUPLICATES = Counter("newsmon_duplicates_total", "Records dropped because their id was seen within the window.", ["stage"])
DEADLETTERS = Counter("newsmon_deadletters_total", "Records sent to the dead-letter topic.", ["stage"])
STAGE_LATENCY = Histogram(
    "newsmon_stage_latency_seconds",
    "Time from a record's write to its input topic to its outputs being acknowledged and committed.",
    ["stage"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
CONSUMER_LAG = Gauge("newsmon_consumer_lag", "Records behind the end of the partitions this member owns.", ["stage"])
WEBHOOK_ATTEMPTS = Counter(
    "newsmon_webhook_attempts_total", "Webhook delivery attempts by endpoint and HTTP status (or error).", ["endpoint", "status"]
)
FEED_POLLS = Counter("newsmon_feed_polls_total", "Feed polls by result (ok, not_modified, error).", ["feed", "result"])
FEED_LAST_SUCCESS = Gauge("newsmon_feed_last_success_timestamp_seconds", "Unix time of the feed's last good poll.", ["feed"])
FEED_ERROR_STREAK = Gauge("newsmon_feed_error_streak", "Failed polls in a row.", ["feed"])
FEED_NOT_MODIFIED_RATIO = Gauge("newsmon_feed_not_modified_ratio", "Share of the feed's polls answered 304.", ["feed"])
RETRY_OVERDUE = Gauge(
    "newsmon_retry_overdue_seconds",
    "How long the oldest unhandled record of a webhook retry topic has been past its due time (0: none is).", ["topic"]
)
# Freshness: how long after publication newsmon first sees an article, and how long after that its alert is formed.
LAG_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400)
FEED_PUBLISHED_TO_SEEN = Histogram(
    "newsmon_feed_published_to_seen_seconds",
    "From the publication time a feed states to newsmon first seeing the item (poll or WebSub push), per feed; "
    "a feed's first fetch (its backlog) is not counted.", ["feed"], buckets=LAG_BUCKETS,
)
FEED_SEEN_TO_ALERT = Histogram(
    "newsmon_feed_seen_to_alert_seconds",
    "From newsmon first seeing the article that raised an alert revision to that alert, per feed (the article's "
    "source).", ["feed"], buckets=LAG_BUCKETS,
)
FEED_INTERVAL = Gauge("newsmon_feed_interval_seconds", "The feed's planned poll interval after its last poll.", ["feed"])
WEBSUB_PUSHES = Counter(
    "newsmon_websub_pushes_total", "Content a WebSub hub pushed, by result (published, unchanged, refused).",
    ["feed", "result"],
)


def observe_seen_to_alert(alert, now) -> None:
    """Observe first-seen-to-alert for the newest source of an Alert (the article that raised this revision),
    labelled with its feed; sources without a first-seen time are skipped."""
    newest = alert.sources[-1] if alert.sources else None
    if newest is not None and newest.first_seen is not None and newest.source:
        FEED_SEEN_TO_ALERT.labels(newest.source).observe(max(0.0, (now - newest.first_seen).total_seconds()))
