"""`newsmon feeds`: each configured feed's current interval and why, its next poll, median lag and WebSub state,
read from the poller's state file (never written: a poller may be running)."""

from __future__ import annotations

import sqlite3
import statistics
from datetime import datetime, timezone
from pathlib import Path

from producers.feeds.config import Feed
from producers.feeds.state import FeedState, FeedStateStore, Subscription


def duration(seconds: float | None) -> str:
    """A short human duration: 45 s, 12 min, 2.5 h, 3 d; '-' for None."""
    if seconds is None:
        return "-"
    seconds = abs(seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h" if seconds < 48 * 3600 else f"{seconds / 86400:.0f} d"


def feed_rows(feeds: list[Feed], state_path: Path, *, now: datetime | None = None) -> list[tuple[str, ...]]:
    """(feed, interval, next poll, median lag, WebSub, why) per feed, from the state file when it exists."""
    now = now or datetime.now(timezone.utc)
    states: dict[str, FeedState] = {}
    subs: dict[str, Subscription] = {}
    if state_path.is_file():
        store = FeedStateStore(state_path, read_only=True)
        try:
            states = {s.url: s for s in store.all_states()}
            subs = {s.feed_url: s for s in store.subscriptions()}
        except sqlite3.OperationalError:  # a state file of a poller from before adaptive polling
            pass
        finally:
            store.close()
    rows = []
    for feed in feeds:
        state, sub = states.get(feed.url), subs.get(feed.url)
        if state is None or state.interval_s is None:
            why = "not polled yet: the feeds file's interval" if state is None else "polled before adaptive polling"
            rows.append((feed.name, duration(feed.interval), "-", "-", _websub(sub, now), why + _disabled(feed)))
            continue
        due = state.next_poll_at
        next_poll = "due" if due is None or due <= now else f"in {duration((due - now).total_seconds())}"
        lag = duration(statistics.median(state.lags)) if state.lags else "-"
        rows.append((feed.name, duration(state.interval_s), next_poll, lag, _websub(sub, now),
                     (state.interval_reason or "") + _disabled(feed)))
    return rows


def render(rows: list[tuple[str, ...]]) -> str:
    """The rows as an aligned table with a header line."""
    header = ("feed", "interval", "next poll", "median lag", "websub", "why")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1] for row in [header, *rows]]
    return "\n".join(line.rstrip() for line in lines)


def _websub(sub: Subscription | None, now: datetime) -> str:
    if sub is None:
        return "-"
    if sub.state == "verified" and sub.lease_until and sub.lease_until > now:
        return f"pushed, lease {duration((sub.lease_until - now).total_seconds())}"
    return sub.state


def _disabled(feed: Feed) -> str:
    return "" if feed.enabled else " (disabled)"

