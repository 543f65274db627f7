"""What the poller remembers between runs: per-feed validators, health and schedule, and the entry ids seen.

One SQLite file (WAL mode) used through one connection guarded by a lock, so scheduler threads may share a store.
Times are stored as ISO 8601 text; aware datetimes in UTC.
"""

from __future__ import annotations

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
"""
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


_COLUMNS = tuple(f.name for f in fields(FeedState))
_TIMES = ("last_success", "next_poll_at")


class FeedStateStore:
    """Feed states and seen entry ids in one SQLite database; thread-safe."""

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")  # ":memory:" stays in its own mode
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)

    def load(self, url: str) -> FeedState:
        """The stored state of url, or a fresh one when the feed was never polled."""
        with self._lock:
            row = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM feed_state WHERE url = ?", (url,)).fetchone()
        return _state(row) if row else FeedState(url)

    def save(self, state: FeedState) -> None:
        """Insert or replace the state of state.url."""
        values = [_to_text(v) if name in _TIMES else v for name, v in zip(_COLUMNS, astuple(state))]
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

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()


def _state(row: tuple) -> FeedState:
    values = dict(zip(_COLUMNS, row))
    for name in _TIMES:
        values[name] = datetime.fromisoformat(values[name]) if values[name] else None
    return FeedState(**values)


def _to_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value.astimezone(timezone.utc) if value.tzinfo else value).isoformat()
