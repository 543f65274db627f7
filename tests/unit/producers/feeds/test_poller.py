"""FeedPoller's status reports: one FeedStatus per fetched poll (200, 304, failure), none for a skipped one.

The fetcher is scripted and the clock is fixed; the state store is a real in-memory SQLite one.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsmon.messages import FeedStatus, RawArticle, decode, encode
from producers.feeds.config import Feed
from producers.feeds.fetch import Conditional, FetchResult
from producers.feeds.poller import FeedPoller
from producers.feeds.state import FeedStateStore

FEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "feeds"
CARAVAN = (FEEDS / "caravan_magazine_2016-06-14.xml").read_bytes()  # 10 entries
URL = "http://www.caravanmagazine.in/feed"
FEED = Feed(name="caravan", url=URL, interval=600, tags=("india", "magazine"))
T0 = datetime(2026, 5, 9, 7, 0, tzinfo=timezone.utc)


def answer(status: int | None, *, content: bytes | None = None, error: str | None = None) -> FetchResult:
    return FetchResult(url=URL, status=status, content=content, content_type="application/rss+xml" if content else None,
                       etag='"v1"' if status == 200 else None, last_modified=None, not_modified=status == 304,
                       retry_after_s=None, max_age_s=None, error=error, elapsed_s=0.1)


class ScriptedFetcher:
    """Answers each fetch with the next scripted FetchResult and remembers the conditionals sent."""

    def __init__(self, *answers: FetchResult) -> None:
        self.answers = list(answers)
        self.conditionals: list[Conditional] = []

    def fetch(self, url: str, conditional: Conditional = Conditional()) -> FetchResult:
        self.conditionals.append(conditional)
        return self.answers.pop(0)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store():
    s = FeedStateStore(":memory:")
    yield s
    s.close()


def make_poller(store, fetcher, report, published: list[RawArticle], clock: Clock) -> FeedPoller:
    return FeedPoller(fetcher=fetcher, store=store, publish=lambda arts: published.extend(arts) or len(arts),
                      report=report, clock=clock)


def test_a_success_a_304_and_failures_each_report_the_feeds_status(store):
    fetcher = ScriptedFetcher(answer(200, content=CARAVAN), answer(304), answer(500),
                              answer(None, error="connection refused"))
    reports: list[FeedStatus] = []
    published: list[RawArticle] = []
    clock = Clock()
    poller = make_poller(store, fetcher, reports.append, published, clock)

    assert poller.poll(FEED, force=True).published == 10
    ok = reports[-1]
    assert (ok.id, ok.url, ok.tags) == ("caravan", URL, ("india", "magazine"))
    assert (ok.last_status, ok.new_items, ok.polls, ok.not_modified, ok.error_streak) == (200, 10, 1, 0, 0)
    assert ok.last_attempt == ok.last_success == T0 and ok.last_error is None and ok.next_poll_at is None
    assert decode(encode(ok), FeedStatus) == ok  # the wire form round-trips

    clock.now = T0 + timedelta(minutes=10)
    poller.poll(FEED, force=True)
    unchanged = reports[-1]
    assert (unchanged.last_status, unchanged.new_items, unchanged.polls, unchanged.not_modified) == (304, 0, 2, 1)
    assert unchanged.last_attempt == unchanged.last_success == clock.now and unchanged.error_streak == 0

    clock.now = T0 + timedelta(minutes=20)
    poller.poll(FEED, force=True)
    failed = reports[-1]
    assert (failed.last_status, failed.last_error, failed.error_streak, failed.new_items) == (500, "HTTP 500", 1, 0)
    assert (failed.polls, failed.not_modified) == (3, 1)
    assert failed.last_attempt == clock.now and failed.last_success == T0 + timedelta(minutes=10)
    assert clock.now + timedelta(seconds=540) <= failed.next_poll_at <= clock.now + timedelta(seconds=660)

    clock.now = T0 + timedelta(minutes=40)
    poller.poll(FEED, force=True)
    silent = reports[-1]
    assert (silent.last_status, silent.last_error, silent.error_streak, silent.polls) == (None, "connection refused", 2, 4)
    assert len(reports) == 4 and all(r.id == "caravan" for r in reports)


def test_a_skipped_poll_reports_nothing(store):
    fetcher = ScriptedFetcher(answer(503))
    reports: list[FeedStatus] = []
    poller = make_poller(store, fetcher, reports.append, [], Clock())
    poller.poll(FEED, force=True)
    skipped = poller.poll(FEED)  # backing off: no fetch, no report
    assert skipped.skipped_until is not None and len(fetcher.conditionals) == 1
    assert [r.last_status for r in reports] == [503]


def test_a_failing_report_warns_once_per_poll_and_loses_no_article(store, caplog):
    def report(status: FeedStatus) -> None:
        raise OSError("broker unreachable")

    fetcher = ScriptedFetcher(answer(200, content=CARAVAN), answer(200, content=CARAVAN), answer(500))
    published: list[RawArticle] = []
    poller = make_poller(store, fetcher, report, published, Clock())
    with caplog.at_level(logging.WARNING, logger="producers.feeds.poller"):
        first = poller.poll(FEED, force=True)
        again = poller.poll(FEED, force=True)
        failed = poller.poll(FEED, force=True)
    assert (first.published, again.published, len(published)) == (10, 0, 10)  # published once, remembered as seen
    assert failed.error == "HTTP 500" and store.load(URL).error_streak == 1 and store.load(URL).polls == 3
    warnings = [r.getMessage() for r in caplog.records if "status of feed" in r.getMessage()]
    assert len(warnings) == 3 and all("caravan" in w and "broker unreachable" in w for w in warnings)
