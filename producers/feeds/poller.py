"""FeedPoller: one poll of one feed (fetch -> parse -> new entries -> publish -> remember), and its schedule.

A poll is a plain method so tests and `newsmon poll --once` run it directly; APScheduler only decides
when. Each feed has one job (IntervalTrigger with jitter, max_instances=1, coalesce, misfire grace near
the interval). When a feed fails, or asks to be left alone (429 Retry-After, Cache-Control, <ttl>),
the job still fires on its interval but the poll returns at once until the feed's next_poll_at: the
backoff doubles per failure up to a ceiling and the feed is never given up.

Every poll that fetched (a success, a 304 or a failure; not a skipped poll) hands the feed's health, a
FeedStatus keyed by feed name, to `report` after the state is saved and the articles are published; a
report that fails is logged and changes nothing else.
"""

from __future__ import annotations

import logging
import random
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from newsmon.messages import FeedStatus, RawArticle
from newsmon.metrics import FEED_ERROR_STREAK, FEED_LAST_SUCCESS, FEED_NOT_MODIFIED_RATIO, FEED_POLLS
from producers.feeds.config import Feed
from producers.feeds.fetch import Conditional, FeedFetcher
from producers.feeds.parse import FeedConfig, parse_feed
from producers.feeds.state import FeedState, FeedStateStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollResult:
    """What one poll of one feed did."""

    feed: str
    status: int | None
    entries: int = 0
    published: int = 0
    not_modified: bool = False
    skipped_until: datetime | None = None
    warning: str | None = None
    error: str | None = None
    seconds: float = 0.0


class FeedPoller:
    """Polls feeds and hands new articles to `publish` (which returns once Kafka acknowledged them) and each
    feed's health after a poll to `report`."""

    def __init__(self, *, fetcher: FeedFetcher, store: FeedStateStore, publish: Callable[[list[RawArticle]], int],
                 report: Callable[[FeedStatus], None] | None = None,
                 max_backoff_s: float = 6 * 3600.0, seen_history: int = 2000,
                 full_text: Callable[[RawArticle], RawArticle] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._fetcher = fetcher
        self._store = store
        self._publish = publish
        self._report = report
        self._max_backoff_s = max_backoff_s
        self._seen_history = seen_history
        self._full_text = full_text
        self._clock = clock
        self._warned: dict[str, str] = {}
        self._lock = threading.Lock()

    def poll(self, feed: Feed, *, force: bool = False) -> PollResult:
        """Poll one feed now (unless it is backing off and not forced)."""
        state = self._store.load(feed.url)
        now = self._clock()
        if not force and state.next_poll_at and now < state.next_poll_at:
            return PollResult(feed.name, None, skipped_until=state.next_poll_at)
        result = self._fetcher.fetch(feed.url, Conditional(state.etag, state.last_modified))
        state.polls += 1
        if result.error or result.status not in (200, 304):
            failed = self._failed(feed, state, result.status, result.error or f"HTTP {result.status}",
                                  retry_after_s=result.retry_after_s, seconds=result.elapsed_s)
            self._report_status(feed, state, attempted=now, status=result.status)
            return failed
        state.etag = result.etag or state.etag
        state.last_modified = result.last_modified or state.last_modified
        if result.not_modified:
            state.not_modified += 1
            FEED_POLLS.labels(feed.name, "not_modified").inc()
            self._succeeded(feed, state, wait_s=result.max_age_s)
            self._report_status(feed, state, attempted=now, status=304)
            log.info("Feed %s is unchanged (304).", feed.name)
            return PollResult(feed.name, 304, not_modified=True, seconds=result.elapsed_s)
        FEED_POLLS.labels(feed.name, "ok").inc()
        parsed = parse_feed(result.content or b"", feed=FeedConfig(feed.name, feed.url, feed.tags, feed.language),
                            content_type=result.content_type, fetched_url=result.url)
        self._warn_once(feed, parsed.warning)
        seen = self._store.seen(feed.url, [a.id for a in parsed.articles])
        fresh = [a for a in parsed.articles if a.id not in seen]
        if fresh and feed.full_text and self._full_text is not None:
            fresh = [self._full_text(a) for a in fresh]
        published = self._publish(fresh) if fresh else 0
        self._store.remember(feed.url, [a.id for a in fresh], keep=self._seen_history)
        wait = max(filter(None, (result.max_age_s, (parsed.ttl_minutes or 0) * 60.0)), default=None)
        self._succeeded(feed, state, wait_s=wait)
        self._report_status(feed, state, attempted=now, status=200, new_items=published)
        log.info("Feed %s: %d entries, %d new published.", feed.name, len(parsed.articles), published)
        return PollResult(feed.name, 200, entries=len(parsed.articles), published=published,
                          warning=parsed.warning, seconds=result.elapsed_s)

    def _succeeded(self, feed: Feed, state: FeedState, *, wait_s: float | None) -> None:
        now = self._clock()
        FEED_LAST_SUCCESS.labels(feed.name).set(now.timestamp())
        FEED_ERROR_STREAK.labels(feed.name).set(0)
        FEED_NOT_MODIFIED_RATIO.labels(feed.name).set(state.not_modified / max(state.polls, 1))
        state.error_streak = 0
        state.last_error = None
        state.last_success = now
        # A feed's ttl or max-age may ask for longer gaps than our interval, never shorter ones.
        state.next_poll_at = now + timedelta(seconds=wait_s) if wait_s and wait_s > feed.interval else None
        self._store.save(state)

    def _failed(self, feed: Feed, state: FeedState, status: int | None, error: str, *,
                retry_after_s: float | None, seconds: float) -> PollResult:
        state.error_streak += 1
        state.last_error = error
        FEED_POLLS.labels(feed.name, "error").inc()
        FEED_ERROR_STREAK.labels(feed.name).set(state.error_streak)
        backoff = min(feed.interval * 2 ** (state.error_streak - 1), self._max_backoff_s)
        backoff *= random.uniform(0.9, 1.1)
        wait = max(backoff, retry_after_s or 0.0)
        state.next_poll_at = self._clock() + timedelta(seconds=wait)
        self._store.save(state)
        log.warning("Feed %s failed (%s), %d in a row; next try in %.0f s.", feed.name, error, state.error_streak, wait)
        return PollResult(feed.name, status, error=error, skipped_until=state.next_poll_at, seconds=seconds)

    def _report_status(self, feed: Feed, state: FeedState, *, attempted: datetime, status: int | None,
                       new_items: int = 0) -> None:
        """Hand the feed's health after this poll to `report`; a failure is a warning, never the poll's failure."""
        if self._report is None:
            return
        try:
            self._report(feed_status(feed, state, attempted=attempted, status=status, new_items=new_items))
        except Exception as exc:  # noqa: BLE001 - the status is advisory: polling and the articles go on regardless
            log.warning("Could not publish the status of feed %s (%s: %s); polling goes on.", feed.name,
                        exc.__class__.__name__, exc)

    def _warn_once(self, feed: Feed, warning: str | None) -> None:
        if not warning:
            return
        reason = re.sub(r"\d+", "N", warning)  # "kept 14 entries" and "kept 15 entries" are one reason
        with self._lock:
            if self._warned.get(feed.name) != reason:
                self._warned[feed.name] = reason
                log.warning("Feed %s is ill-formed: %s", feed.name, warning)

    def schedule(self, scheduler, feeds: list[Feed], *, on_result: Callable[[PollResult], None] = lambda r: None) -> None:
        """Add one APScheduler job per feed; each fires now and then on its interval."""
        from apscheduler.triggers.interval import IntervalTrigger

        for feed in feeds:
            scheduler.add_job(
                lambda f=feed: on_result(self.poll(f)),
                IntervalTrigger(seconds=feed.interval, jitter=max(feed.interval * 0.1, 0.0) or None),
                id=f"feed:{feed.name}", name=feed.name, replace_existing=True,
                max_instances=1, coalesce=True, misfire_grace_time=max(int(feed.interval), 1),
                next_run_time=self._clock(),
            )


def feed_status(feed: Feed, state: FeedState, *, attempted: datetime, status: int | None,
                new_items: int = 0) -> FeedStatus:
    """The FeedStatus of a feed after a poll made at `attempted` that got HTTP `status` (None: no answer)."""
    return FeedStatus(id=feed.name, url=feed.url, tags=feed.tags, last_attempt=attempted,
                      last_success=state.last_success, error_streak=state.error_streak, last_error=state.last_error,
                      last_status=status, polls=state.polls, not_modified=state.not_modified, new_items=new_items,
                      next_poll_at=state.next_poll_at)
