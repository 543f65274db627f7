"""Adaptive polling in the poller: a scripted feed under a fixed clock, the real SQLite state store.

Each fetch answers with a feed of the entries published so far (or 304 when nothing changed), so a poll finds
exactly the entries published since the one before."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from newsmon.messages import FeedStatus, RawArticle
from producers.feeds.config import Feed
from producers.feeds.fetch import Conditional, FetchResult
from producers.feeds.poller import FeedPoller
from producers.feeds.rhythm import PollPolicy
from producers.feeds.state import FeedStateStore

T0 = datetime(2026, 5, 9, 7, 0, tzinfo=timezone.utc)
URL = "https://feeds.example/rss"
POLICY = PollPolicy(floor_s=60.0, ceiling_s=7200.0, websub_poll_s=7200.0)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class LiveFeed:
    """A feed whose entries are published at given times; fetches see those published by the clock's now."""

    def __init__(self, clock: Clock, published: list[datetime], *, ttl_min: int | None = None) -> None:
        self.clock, self.published, self.ttl_min = clock, sorted(published), ttl_min
        self.conditionals: list[Conditional] = []
        self.status: int | None = None  # a scripted failure status, else the feed

    def fetch(self, url: str, conditional: Conditional = Conditional()) -> FetchResult:
        self.conditionals.append(conditional)
        if self.status:
            return FetchResult(url=url, status=self.status, content=None, content_type=None, etag=None,
                               last_modified=None, not_modified=False,
                               retry_after_s=600.0 if self.status == 429 else None, max_age_s=None,
                               error=f"HTTP {self.status}", elapsed_s=0.01)
        visible = [t for t in self.published if t <= self.clock.now][-20:]
        etag = f'"{visible[-1].isoformat() if visible else 0}"'
        if conditional.etag == etag:
            return FetchResult(url=url, status=304, content=None, content_type=None, etag=etag, last_modified=None,
                               not_modified=True, retry_after_s=None, max_age_s=None, error=None, elapsed_s=0.01)
        items = "".join(f"<item><title>Item {t.isoformat()}</title><guid>{t.isoformat()}</guid>"
                        f"<pubDate>{format_datetime(t)}</pubDate></item>" for t in reversed(visible))
        ttl = f"<ttl>{self.ttl_min}</ttl>" if self.ttl_min else ""
        body = f"<rss version='2.0'><channel><title>Live</title>{ttl}{items}</channel></rss>".encode()
        return FetchResult(url=url, status=200, content=body, content_type="application/rss+xml", etag=etag,
                           last_modified=None, not_modified=False, retry_after_s=None, max_age_s=None, error=None,
                           elapsed_s=0.01)


@pytest.fixture
def store(tmp_path):
    s = FeedStateStore(tmp_path / "state.sqlite")
    yield s
    s.close()


def make(store, fetcher, clock, *, policy=POLICY, reports=None, published=None) -> FeedPoller:
    sink = published if published is not None else []
    return FeedPoller(fetcher=fetcher, store=store, publish=lambda arts: sink.extend(arts) or len(arts),
                      report=reports.append if reports is not None else None, policy=policy, clock=clock)


def follow(poller: FeedPoller, feed: Feed, clock: Clock, hours: float) -> list[float]:
    """Poll whenever the feed is due, for `hours`; returns the intervals planned."""
    intervals, end = [], clock.now + timedelta(hours=hours)
    while clock.now < end:
        poller.poll(feed)
        state = poller._store.load(feed.url)
        intervals.append(state.interval_s)
        clock.now = state.next_poll_at
    return intervals


def test_a_busy_feed_is_polled_at_the_floor_and_a_quiet_one_at_the_ceiling(store):
    clock = Clock()
    busy = LiveFeed(clock, [T0 + timedelta(minutes=m) for m in range(-60, 600, 2)])  # every two minutes
    quiet = LiveFeed(clock, [T0 - timedelta(days=d) for d in range(0, 40, 2)])  # every two days
    busy_feed, quiet_feed = Feed(name="busy", url=URL, interval=600), Feed(name="quiet", url=URL + "2", interval=600)
    busy_intervals = follow(make(store, busy, clock), busy_feed, clock, hours=2)
    clock.now = T0
    quiet_intervals = follow(make(store, quiet, clock), quiet_feed, clock, hours=12)
    assert set(busy_intervals) == {60.0}  # learned from the first fetch's dates, kept by what each poll finds
    assert quiet_intervals[0] == 7200.0 and set(quiet_intervals) == {7200.0}
    assert "busy" in store.load(URL).interval_reason and "quiet" in store.load(URL + "2").interval_reason
    assert all(c.etag for c in busy.conditionals[1:])  # every poll after the first is a conditional GET


def test_a_feed_that_goes_quiet_is_polled_less_and_less(store):
    clock = Clock()
    burst = [T0 + timedelta(minutes=m) for m in range(-30, 30)] + [T0 + timedelta(hours=20)]
    intervals = follow(make(store, LiveFeed(clock, burst), clock), Feed(name="f", url=URL, interval=600), clock,
                       hours=12)
    after_burst = intervals[[i for i, v in enumerate(intervals) if v == 60.0][-1]:]
    assert after_burst[0] == 60.0 and after_burst[-1] == 7200.0 and after_burst == sorted(after_burst)


def test_the_feeds_ttl_wins_and_retry_after_defers(store):
    clock = Clock()
    live = LiveFeed(clock, [T0 + timedelta(minutes=m) for m in range(-60, 600, 2)], ttl_min=15)
    poller = make(store, live, clock)
    poller.poll(Feed(name="f", url=URL, interval=600))
    state = store.load(URL)
    assert state.interval_s == 900 and "ttl" in state.interval_reason and "busy" in state.interval_reason
    live.status = 429
    clock.now = state.next_poll_at
    result = poller.poll(Feed(name="f", url=URL, interval=600))
    state = store.load(URL)
    assert result.error == "HTTP 429" and state.next_poll_at == clock.now + timedelta(seconds=600)
    assert state.interval_reason.startswith("Retry-After") and poller.poll(Feed(name="f", url=URL)).skipped_until


def test_the_learned_state_survives_a_restart(tmp_path):
    clock, path = Clock(), tmp_path / "state.sqlite"
    live = LiveFeed(clock, [T0 + timedelta(minutes=m) for m in range(-60, 600, 2)])
    feed = Feed(name="f", url=URL, interval=600)
    first = FeedStateStore(path)
    follow(make(first, live, clock), feed, clock, hours=1)
    before = first.load(URL)
    first.close()
    again = FeedStateStore(path)
    try:
        after = again.load(URL)
        assert (after.rate_items, after.rate_span_s, after.interval_s, after.lags) == (
            before.rate_items, before.rate_span_s, before.interval_s, before.lags)
        poller = make(again, live, clock)
        clock.now = before.next_poll_at - timedelta(seconds=10)
        requests = len(live.conditionals)
        assert poller.poll(feed).skipped_until == before.next_poll_at  # not due yet: no request
        assert len(live.conditionals) == requests
        clock.now = before.next_poll_at
        assert poller.poll(feed).status in (200, 304) and again.load(URL).interval_s == 60.0
    finally:
        again.close()


def test_articles_carry_first_seen_and_the_status_carries_interval_and_lag(store):
    clock = Clock()
    live = LiveFeed(clock, [T0 - timedelta(hours=h) for h in range(5)] + [T0 + timedelta(seconds=30)])
    reports: list[FeedStatus] = []
    published: list[RawArticle] = []
    poller = make(store, live, clock, reports=reports, published=published)
    feed = Feed(name="f", url=URL, interval=600)
    poller.poll(feed)  # the backlog: no lag counted
    assert reports[-1].median_lag_s is None and reports[-1].lag_samples == 0
    assert all(a.first_seen == T0 for a in published)
    clock.now = T0 + timedelta(seconds=100)
    poller.poll(feed, force=True)
    fresh = published[-1]
    assert fresh.first_seen == clock.now and fresh.published == T0 + timedelta(seconds=30)
    status = reports[-1]
    assert status.median_lag_s == 70.0 and status.lag_samples == 1
    assert status.interval_s == store.load(URL).interval_s and status.interval_reason and not status.websub


def test_fixed_polling_keeps_the_feeds_file_interval(store):
    clock = Clock()
    live = LiveFeed(clock, [T0 + timedelta(minutes=m) for m in range(-60, 600, 2)])
    poller = make(store, live, clock, policy=PollPolicy(adaptive=False))
    poller.poll(Feed(name="f", url=URL, interval=600))
    state = store.load(URL)
    assert state.interval_s == 600 and state.interval_reason.startswith("fixed") and state.next_poll_at is None


def test_the_settings_make_the_policy_and_a_floor_above_the_ceiling_is_refused():
    from newsmon.errors import ConfigError
    from newsmon.settings import Settings
    from producers.feeds.service import poll_policy

    policy = poll_policy(Settings(feed_min_interval_s=30, feed_max_interval_s=600, feed_websub_poll_s=900))
    assert (policy.adaptive, policy.floor_s, policy.ceiling_s, policy.websub_poll_s) == (True, 30, 600, 900)
    assert not poll_policy(Settings(feed_adaptive=False)).adaptive
    with pytest.raises(ConfigError, match="NEWSMON_FEED_MIN_INTERVAL_S"):
        poll_policy(Settings(feed_min_interval_s=9000, feed_max_interval_s=7200))
