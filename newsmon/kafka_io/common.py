"""What every Kafka client here shares: timeouts and the one-line 'broker unreachable' error."""

from __future__ import annotations

from newsmon.errors import BrokerUnavailable
from newsmon.settings import Settings


def unavailable(settings: Settings, exc: Exception | None = None) -> BrokerUnavailable:
    """The error every client raises when the broker does not answer in time."""
    detail = f" ({exc.__class__.__name__})" if exc else ""
    return BrokerUnavailable(
        f"Kafka at {settings.kafka_bootstrap} did not answer within "
        f"{settings.kafka_timeout_s:.0f} s{detail}; start it with `newsmon kafka start` "
        f"or set NEWSMON_KAFKA_BOOTSTRAP"
    )


def timeouts(settings: Settings) -> dict[str, int]:
    """Bootstrap and request timeouts from kafka_timeout_s."""
    ms = int(settings.kafka_timeout_s * 1000)
    return {"bootstrap_timeout_ms": ms, "request_timeout_ms": max(ms, 30_000)}


def fetch_sizes(settings: Settings) -> dict[str, int]:
    """Consumer fetch sizes that always fit the largest record the topics accept."""
    largest = settings.max_record_bytes + 64 * 1024  # record batch overhead
    return {"max_partition_fetch_bytes": largest, "fetch_max_bytes": max(largest, 52_428_800)}
