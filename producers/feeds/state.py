"""What the poller remembers between runs: per-feed validators, health, schedule and learned rhythm, the entry ids
seen, and the WebSub subscriptions (with their secrets: the state file is as private as the settings).

One SQLite file (WAL mode) used through one connection guarded by a lock, so scheduler threads may share a store.
Times are stored as ISO 8601 text; aware datetimes in UTC.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import astuple, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from newsmon.sqlite_tx import immediate

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feed_state (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, last_success TEXT,
    error_streak INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_poll_at TEXT,
    polls INTEGER NOT NULL DEFAULT 0, not_modified INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS seen_entry (
    url TEXT NOT NULL, entry_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (url, entry_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_entry_by_age ON seen_entry (url, seq);
CREATE TABLE IF NOT EXISTS websub (
    feed_url TEXT PRIMARY KEY, hub TEXT NOT NULL, topic TEXT NOT NULL, token TEXT NOT NULL UNIQUE,
    secret TEXT NOT NULL, state TEXT NOT NULL, lease_until TEXT, lease_s REAL, requested_at TEXT, retry_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT
);
"""
# Columns added after the first release: a state file made before gets them (ALTER TABLE) when opened.
_ADDED = {"rate_items": "REAL NOT NULL DEFAULT 0", "rate_span_s": "REAL NOT NULL DEFAULT 0", "interval_s": "REAL",
          "interval_reason": "TEXT", "lags": "TEXT NOT NULL DEFAULT '[]'"}
LAGS_KEPT = 31  # publication-to-first-seen lags kept per feed, for its median
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


@dataclass
class FeedState:
    """The poller's memory of one feed."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_success: datetime | None = None
    error_streak: int = 0  # failed polls in a row; 0 after a success
    last_error: str | None = None
    next_poll_at: datetime | None = None
    polls: int = 0
    not_modified: int = 0  # polls answered 304
    rate_items: float = 0.0  # the learned rhythm (producers.feeds.rhythm.Rhythm): decayed new items ...
    rate_span_s: float = 0.0  # ... and the decayed seconds they were found in
    interval_s: float | None = None  # the interval planned after the last poll, and why
    interval_reason: str | None = None
    lags: tuple[float, ...] = ()  # the latest publication-to-first-seen lags (seconds), newest last


@dataclass
class Subscription:
    """A WebSub subscription of one feed: where it was asked, the callback token and secret, and its lease."""

    feed_url: str
    hub: str
    topic: str
    token: str  # the last path segment of the callback URL
    secret: str  # HMAC key the hub signs pushed content with
    state: str = "requested"  # requested (waiting for the hub's verification), verified, denied, failed,
    # unsubscribing (the feed left the feeds file)
    lease_until: datetime | None = None
    lease_s: float | None = None  # the lease the hub granted
    requested_at: datetime | None = None
    retry_at: datetime | None = None  # when to ask the hub again (renewal, or after a failure)
    attempts: int = 0  # failed requests in a row
    last_error: str | None = None


_COLUMNS = tuple(f.name for f in fields(FeedState))
_TIMES = ("last_success", "next_poll_at")
_SUB_COLUMNS = tuple(f.name for f in fields(Subscription))
_SUB_TIMES = ("lease_until", "requested_at", "retry_at")


class FeedStateStore:
    """Feed states and seen entry ids in one SQLite database; thread-safe."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self._lock = threading.Lock()
        if read_only:  # `newsmon feeds` beside a running poller: reads, never creates or migrates
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0, check_same_thread=False)
            return
        self._conn = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")  # ":memory:" stays in its own mode
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        present = {row[1] for row in self._conn.execute("PRAGMA table_info(feed_state)")}
        for column, kind in _ADDED.items():
            if column not in present:
                self._conn.execute(f"ALTER TABLE feed_state ADD COLUMN {column} {kind}")

    def load(self, url: str) -> FeedState:
        """The stored state of url, or a fresh one when the feed was never polled."""
        with self._lock:
            row = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM feed_state WHERE url = ?", (url,)).fetchone()
        return _state(row) if row else FeedState(url)

    def save(self, state: FeedState) -> None:
        """Insert or replace the state of state.url."""
        values = [_to_text(v) if name in _TIMES else json.dumps(list(v[-LAGS_KEPT:])) if name == "lags" else v
                  for name, v in zip(_COLUMNS, astuple(state))]
        marks = ", ".join("?" * len(_COLUMNS))
        with self._lock:
            self._conn.execute(f"INSERT OR REPLACE INTO feed_state ({', '.join(_COLUMNS)}) VALUES ({marks})", values)

    def all_states(self) -> list[FeedState]:
        """Every stored feed state, by URL."""
        with self._lock:
            rows = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM feed_state ORDER BY url").fetchall()
        return [_state(row) for row in rows]

    def seen(self, url: str, entry_ids: Iterable[str]) -> set[str]:
        """Which of entry_ids were already remembered for this feed."""
        ids, found = list(dict.fromkeys(entry_ids)), set()
        with self._lock:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                query = f"SELECT entry_id FROM seen_entry WHERE url = ? AND entry_id IN ({', '.join('?' * len(chunk))})"
                found.update(row[0] for row in self._conn.execute(query, (url, *chunk)))
        return found

    def remember(self, url: str, entry_ids: Iterable[str], *, keep: int = 2000) -> None:
        """Record entry ids as seen, keeping only the newest `keep` for this feed.

        Newest means remembered last; within one call the ids listed first count as newer, as feeds list
        their newest entries first. Remembering an id again makes it new again.
        """
        ids = list(dict.fromkeys(entry_ids))
        with self._lock, immediate(self._conn):
            top = self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM seen_entry WHERE url = ?", (url,)).fetchone()[0]
            self._conn.executemany(
                "INSERT INTO seen_entry (url, entry_id, seq) VALUES (?, ?, ?) "
                "ON CONFLICT (url, entry_id) DO UPDATE SET seq = excluded.seq",
                [(url, entry_id, top + len(ids) - i) for i, entry_id in enumerate(ids)])
            self._conn.execute(
                "DELETE FROM seen_entry WHERE url = ? AND seq <= COALESCE("
                "(SELECT seq FROM seen_entry WHERE url = ? ORDER BY seq DESC LIMIT 1 OFFSET ?), -1)",
                (url, url, max(keep, 0)))

    def save_subscription(self, sub: Subscription) -> None:
        """Insert or replace the WebSub subscription of sub.feed_url."""
        values = [_to_text(v) if name in _SUB_TIMES else v for name, v in zip(_SUB_COLUMNS, astuple(sub))]
        with self._lock:
            self._conn.execute(f"INSERT OR REPLACE INTO websub ({', '.join(_SUB_COLUMNS)}) "
                               f"VALUES ({', '.join('?' * len(_SUB_COLUMNS))})", values)

    def subscription(self, *, feed_url: str | None = None, token: str | None = None) -> Subscription | None:
        """The subscription of a feed, or the one a callback token names; None when there is none."""
        column, value = ("feed_url", feed_url) if feed_url is not None else ("token", token)
        with self._lock:
            row = self._conn.execute(f"SELECT {', '.join(_SUB_COLUMNS)} FROM websub WHERE {column} = ?",
                                     (value,)).fetchone()
        return _subscription(row) if row else None

    def delete_subscription(self, feed_url: str) -> None:
        """Forget the WebSub subscription of a feed."""
        with self._lock:
            self._conn.execute("DELETE FROM websub WHERE feed_url = ?", (feed_url,))

    def subscriptions(self) -> list[Subscription]:
        """Every WebSub subscription, by feed URL."""
        with self._lock:
            rows = self._conn.execute(f"SELECT {', '.join(_SUB_COLUMNS)} FROM websub ORDER BY feed_url").fetchall()
        return [_subscription(row) for row in rows]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()


def _state(row: tuple) -> FeedState:
    values = dict(zip(_COLUMNS, row))
    for name in _TIMES:
        values[name] = datetime.fromisoformat(values[name]) if values[name] else None
    values["lags"] = tuple(json.loads(values["lags"] or "[]"))
    return FeedState(**values)


def _subscription(row: tuple) -> Subscription:
    values = dict(zip(_SUB_COLUMNS, row))
    for name in _SUB_TIMES:
        values[name] = datetime.fromisoformat(values[name]) if values[name] else None
    return Subscription(**values)


def _to_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value.astimezone(timezone.utc) if value.tzinfo else value).isoformat()
