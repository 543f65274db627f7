"""FeedPoller: one poll of one feed (fetch -> parse -> new entries -> publish -> remember -> plan the next poll), and
the entries a WebSub hub pushes (parse -> new entries -> publish at once).

A poll is a plain method so tests and `newsmon poll --once` run it directly; APScheduler only decides when
(producers/feeds/schedule.py). With adaptive polling each poll plans the next from the feed's learned rhythm
(producers/feeds/rhythm.py, pure) and the feed's job is moved to that time; without it every feed keeps its
feeds-file interval. Either way a feed that fails, or asks to be left alone (429/503 Retry-After, Cache-Control,
<ttl>), is not polled before its next_poll_at: the backoff doubles per failure up to a ceiling and the feed is
never given up.

Every poll that fetched (a success, a 304 or a failure; not a skipped poll) hands the feed's health, a
FeedStatus keyed by feed name, to `report` after the state is saved and the articles are published; a
report that fails is logged and changes nothing else. A poll and a push of the same feed take turns on the
feed's lock, so an entry is published once whichever way it came first.
"""

from __future__ import annotations

import logging
import random
import re
import statistics
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

from newsmon.messages import FeedStatus, RawArticle
from newsmon.metrics import (FEED_ERROR_STREAK, FEED_INTERVAL, FEED_LAST_SUCCESS, FEED_NOT_MODIFIED_RATIO,
                             FEED_POLLS, FEED_PUBLISHED_TO_SEEN)
from producers.feeds.config import Feed
from producers.feeds.fetch import Conditional, FeedFetcher, FetchResult
from producers.feeds.parse import FeedConfig, ParsedFeed, parse_feed
from producers.feeds.rhythm import PollPolicy, Rhythm, bootstrap, observe, observe_push, plan, prior
from producers.feeds.state import LAGS_KEPT, FeedState, FeedStateStore

log = logging.getLogger(__name__)
FIXED = PollPolicy(adaptive=False)


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


class PushHook(Protocol):
    """What the poller asks of WebSub (producers.feeds.websub.Subscriber)."""

    def advertised(self, feed: Feed, *, hub: str | None, topic: str) -> None: ...

    def active(self, feed_url: str) -> bool: ...


class FeedPoller:
    """Polls feeds and hands new articles to `publish` (which returns once Kafka acknowledged them) and each
    feed's health after a poll to `report`."""

    def __init__(self, *, fetcher: FeedFetcher, store: FeedStateStore, publish: Callable[[list[RawArticle]], int],
                 report: Callable[[FeedStatus], None] | None = None,
                 max_backoff_s: float = 6 * 3600.0, seen_history: int = 2000,
                 full_text: Callable[[RawArticle], RawArticle] | None = None,
                 policy: PollPolicy = FIXED, websub: PushHook | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._fetcher = fetcher
        self._store = store
        self._publish = publish
        self._report = report
        self._max_backoff_s = max_backoff_s
        self._seen_history = seen_history
        self._full_text = full_text
        self.policy = policy
        self.websub = websub
        self._clock = clock
        self._warned: dict[str, str] = {}
        self._lock = threading.Lock()
        self._feed_locks: dict[str, threading.Lock] = {}

    def poll(self, feed: Feed, *, force: bool = False) -> PollResult:
        """Poll one feed now (unless it is backing off or not yet due, and not forced)."""
        state = self._store.load(feed.url)
        now = self._clock()
        if not force and state.next_poll_at and now < state.next_poll_at:
            return PollResult(feed.name, None, skipped_until=state.next_poll_at)
        result = self._fetcher.fetch(feed.url, Conditional(state.etag, state.last_modified))
        with self._feed_lock(feed.url):
            state = self._store.load(feed.url)  # a push may have changed it during the fetch
            return self._apply(feed, state, result, attempted=now)

    def accept_push(self, feed: Feed, content: bytes, *, content_type: str | None = None) -> int:
        """Publish the new entries of content a WebSub hub pushed for feed; returns how many (acknowledged)."""
        seen_at = self._clock()
        parsed = parse_feed(content, feed=_config(feed), content_type=content_type)
        self._warn_once(feed, parsed.warning)
        with self._feed_lock(feed.url):
            state = self._store.load(feed.url)
            published = self._take_fresh(feed, state, parsed, seen_at=seen_at, backlog=state.last_success is None)
            rhythm = observe_push(Rhythm(state.rate_items, state.rate_span_s), new_items=published)
            state.rate_items, state.rate_span_s = rhythm.items, rhythm.span_s
            self._store.save(state)
        log.info("Feed %s: a WebSub push brought %d entries, %d new published.", feed.name, len(parsed.articles),
                 published)
        return published

    def _apply(self, feed: Feed, state: FeedState, result: FetchResult, *, attempted: datetime) -> PollResult:
        if result.held:  # never sent: the host's Retry-After still runs
            state.next_poll_at = self._clock() + timedelta(seconds=result.retry_after_s or 0.0)
            state.interval_s, state.interval_reason = result.retry_after_s, f"held: {result.error}"
            self._store.save(state)
            return PollResult(feed.name, None, skipped_until=state.next_poll_at, error=None)
        state.polls += 1
        if result.error or result.status not in (200, 304):
            failed = self._failed(feed, state, result.status, result.error or f"HTTP {result.status}",
                                  retry_after_s=result.retry_after_s, seconds=result.elapsed_s)
            self._report_status(feed, state, attempted=attempted, status=result.status)
            return failed
        state.etag = result.etag or state.etag
        state.last_modified = result.last_modified or state.last_modified
        if result.not_modified:
            state.not_modified += 1
            FEED_POLLS.labels(feed.name, "not_modified").inc()
            self._succeeded(feed, state, new_items=0, max_age_s=result.max_age_s)
            self._report_status(feed, state, attempted=attempted, status=304)
            log.info("Feed %s is unchanged (304).", feed.name)
            return PollResult(feed.name, 304, not_modified=True, seconds=result.elapsed_s)
        FEED_POLLS.labels(feed.name, "ok").inc()
        seen_at = self._clock()
        parsed = parse_feed(result.content or b"", feed=_config(feed), content_type=result.content_type,
                            fetched_url=result.url)
        self._warn_once(feed, parsed.warning)
        backlog = state.last_success is None
        published = self._take_fresh(feed, state, parsed, seen_at=seen_at, backlog=backlog)
        if backlog:  # the first fetch lists the past: its dates, not its count, tell the rhythm
            first = bootstrap([a.published for a in parsed.articles], now=seen_at, policy=self.policy)
            first = first if first.span_s else prior(configured_s=feed.interval, policy=self.policy)
            state.rate_items, state.rate_span_s = first.items, first.span_s
        self._succeeded(feed, state, new_items=0 if backlog else published, max_age_s=result.max_age_s,
                        ttl_s=(parsed.ttl_minutes or 0) * 60.0 or None)
        self._report_status(feed, state, attempted=attempted, status=200, new_items=published)
        if self.websub is not None:
            links = dict(result.links)
            self.websub.advertised(feed, hub=links.get("hub") or parsed.hub,
                                   topic=links.get("self") or parsed.self_url or feed.url)
        log.info("Feed %s: %d entries, %d new published.", feed.name, len(parsed.articles), published)
        return PollResult(feed.name, 200, entries=len(parsed.articles), published=published,
                          warning=parsed.warning, seconds=result.elapsed_s)

    def _take_fresh(self, feed: Feed, state: FeedState, parsed: ParsedFeed, *, seen_at: datetime,
                    backlog: bool) -> int:
        """Publish the entries not seen before, stamped first seen at seen_at, then remember them; keeps their
        publication-to-first-seen lags (not for a backlog: those are the feed's past, not its delay)."""
        seen = self._store.seen(feed.url, [a.id for a in parsed.articles])
        fresh = [a.model_copy(update={"first_seen": seen_at}) for a in parsed.articles if a.id not in seen]
        if fresh and feed.full_text and self._full_text is not None:
            fresh = [self._full_text(a) for a in fresh]
        published = self._publish(fresh) if fresh else 0
        self._store.remember(feed.url, [a.id for a in fresh], keep=self._seen_history)
        if not backlog:
            lags = [max(0.0, (seen_at - a.published).total_seconds()) for a in fresh if a.published is not None]
            for lag in lags:
                FEED_PUBLISHED_TO_SEEN.labels(feed.name).observe(lag)
            state.lags = (*state.lags, *lags)[-LAGS_KEPT:]
        return published

    def _succeeded(self, feed: Feed, state: FeedState, *, new_items: int, max_age_s: float | None,
                   ttl_s: float | None = None) -> None:
        now = self._clock()
        FEED_LAST_SUCCESS.labels(feed.name).set(now.timestamp())
        FEED_ERROR_STREAK.labels(feed.name).set(0)
        FEED_NOT_MODIFIED_RATIO.labels(feed.name).set(state.not_modified / max(state.polls, 1))
        rhythm = Rhythm(state.rate_items, state.rate_span_s)
        if state.last_success is not None:
            elapsed = (now - state.last_success).total_seconds()
            rhythm = observe(rhythm, new_items=new_items, elapsed_s=elapsed, policy=self.policy)
        pushed = self.websub is not None and self.websub.active(feed.url)
        chosen = plan(rhythm, configured_s=feed.interval, policy=self.policy, pushed=pushed, ttl_s=ttl_s,
                      max_age_s=max_age_s)
        state.rate_items, state.rate_span_s = rhythm.items, rhythm.span_s
        state.interval_s, state.interval_reason = chosen.interval_s, chosen.reason
        state.error_streak = 0
        state.last_error = None
        state.last_success = now
        if self.policy.adaptive or pushed:  # never sooner than planned: a little later spreads the feeds out
            state.next_poll_at = now + timedelta(seconds=chosen.interval_s * random.uniform(1.0, 1.05))
        else:  # fixed: on the job's interval, unless the feed's ttl or max-age asks for longer gaps
            state.next_poll_at = now + timedelta(seconds=chosen.interval_s) if chosen.interval_s > feed.interval else None
        FEED_INTERVAL.labels(feed.name).set(chosen.interval_s)
        self._store.save(state)

    def _failed(self, feed: Feed, state: FeedState, status: int | None, error: str, *,
                retry_after_s: float | None, seconds: float) -> PollResult:
        state.error_streak += 1
        state.last_error = error
        FEED_POLLS.labels(feed.name, "error").inc()
        FEED_ERROR_STREAK.labels(feed.name).set(state.error_streak)
        base = plan(Rhythm(state.rate_items, state.rate_span_s), configured_s=feed.interval, policy=self.policy).interval_s
        backoff = min(base * 2 ** (state.error_streak - 1), self._max_backoff_s)
        backoff *= random.uniform(0.9, 1.1)
        wait = max(backoff, retry_after_s or 0.0)
        state.next_poll_at = self._clock() + timedelta(seconds=wait)
        state.interval_s = wait
        state.interval_reason = (f"Retry-After: the feed asked for {retry_after_s:.0f} s" if wait == retry_after_s
                                 else f"backing off after {state.error_streak} failed poll(s)")
        FEED_INTERVAL.labels(feed.name).set(wait)
        self._store.save(state)
        log.warning("Feed %s failed (%s), %d in a row; next try in %.0f s.", feed.name, error, state.error_streak, wait)
        return PollResult(feed.name, status, error=error, skipped_until=state.next_poll_at, seconds=seconds)

    def _report_status(self, feed: Feed, state: FeedState, *, attempted: datetime, status: int | None,
                       new_items: int = 0) -> None:
        """Hand the feed's health after this poll to `report`; a failure is a warning, never the poll's failure."""
        if self._report is None:
            return
        pushed = self.websub is not None and self.websub.active(feed.url)
        try:
            self._report(feed_status(feed, state, attempted=attempted, status=status, new_items=new_items,
                                     websub=pushed))
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

    def _feed_lock(self, url: str) -> threading.Lock:
        with self._lock:
            return self._feed_locks.setdefault(url, threading.Lock())

    def next_run(self, feed: Feed) -> datetime:
        """When the feed's job should fire next: its next_poll_at, else one interval from now."""
        state = self._store.load(feed.url)
        return state.next_poll_at or self._clock() + timedelta(seconds=state.interval_s or feed.interval)

    def schedule(self, scheduler, feeds: list[Feed], *, on_result: Callable[[PollResult], None] = lambda r: None) -> None:
        """Add one APScheduler job per feed; each fires now, then when its last poll planned."""
        from producers.feeds.schedule import add_jobs

        moving = self.policy.adaptive or self.websub is not None
        add_jobs(scheduler, feeds, poll=self.poll, on_result=on_result, next_run=self.next_run if moving else None,
                 every_s=max(self.policy.ceiling_s, self.policy.websub_poll_s), clock=self._clock)


def _config(feed: Feed) -> FeedConfig:
    return FeedConfig(feed.name, feed.url, feed.tags, feed.language)


def feed_status(feed: Feed, state: FeedState, *, attempted: datetime, status: int | None,
                new_items: int = 0, websub: bool = False) -> FeedStatus:
    """The FeedStatus of a feed after a poll made at `attempted` that got HTTP `status` (None: no answer)."""
    return FeedStatus(id=feed.name, url=feed.url, tags=feed.tags, last_attempt=attempted,
                      last_success=state.last_success, error_streak=state.error_streak, last_error=state.last_error,
                      last_status=status, polls=state.polls, not_modified=state.not_modified, new_items=new_items,
                      next_poll_at=state.next_poll_at, interval_s=state.interval_s,
                      interval_reason=state.interval_reason,
                      median_lag_s=statistics.median(state.lags) if state.lags else None,
                      lag_samples=len(state.lags), websub=websub)
