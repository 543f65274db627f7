"""The console's SQLite file: one writer (the follower) applies batches with their offsets in one transaction;
the web threads read through their own read-only connections (WAL lets both go on at once)."""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

from consumers.console import store_stix
from consumers.console.ingest import Statement
from consumers.console.store_schema import DDL, SCHEMA_VERSION
from newsmon.errors import ConfigError
from newsmon.sqlite_tx import immediate

log = logging.getLogger(__name__)

Applied = tuple[str, int, int, list[Statement]]  # topic, partition, offset, the record's statements


class Store:
    """The store file and its writer connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_file = _lock(path)
        fresh = not path.exists()
        self._conn = self._connect()
        if not fresh and self._version() != SCHEMA_VERSION:
            log.warning("The console store %s has another layout; rebuilding it from the topics.", path)
            self._conn.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            self._conn, fresh = self._connect(), True
        self._conn.executescript(DDL + store_stix.DDL)
        self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self._conn.execute("INSERT OR IGNORE INTO meta VALUES ('version', '0')")
        if fresh:
            log.info("Created the console store %s; it will be filled from the topics.", path)
        self._local = threading.local()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=30.0, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        store_stix.register(conn)
        return conn

    def _version(self) -> int | None:
        try:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError:
            return None
        return int(row[0]) if row else None

    def offsets(self) -> dict[tuple[str, int], int]:
        """The next offset to read of every partition applied so far."""
        return {(t, p): n for t, p, n in self._conn.execute("SELECT topic, part, next FROM offsets")}

    def apply(self, batch: Iterable[Applied], *, extra: Iterable[Statement] = ()) -> int:
        """Store the records and advance their offsets, all or nothing; returns the records applied. A record
        below a partition's stored offset was applied before and is skipped."""
        count, advanced = 0, {}
        with immediate(self._conn):
            done = self.offsets()
            for topic, partition, offset, statements in batch:
                if offset < done.get((topic, partition), 0):
                    continue
                done[(topic, partition)] = advanced[(topic, partition)] = offset + 1
                for sql, params in statements:
                    self._conn.execute(sql, params)
                count += 1
            self._conn.executemany("INSERT INTO offsets VALUES (?,?,?) ON CONFLICT (topic, part) "
                                   "DO UPDATE SET next = max(next, excluded.next)",
                                   [(t, p, n) for (t, p), n in advanced.items()])
            for sql, params in extra:
                self._conn.execute(sql, params)
            if count:
                self._conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version'")
        return count

    def rewind(self, topic: str, partition: int, offset: int) -> None:
        """Read a partition again from offset (its topic was recreated)."""
        self._conn.execute("UPDATE offsets SET next = ? WHERE topic = ? AND part = ?", (offset, topic, partition))

    def reader(self) -> sqlite3.Connection:
        """This thread's read-only connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30.0, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = 1")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        self._conn.close()
        self._lock_file.close()  # releases the lock


def _lock(path: Path):
    """One writer per store: a second console on the same file would apply every record twice."""
    handle = open(f"{path}.lock", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ConfigError(f"setting console_store (NEWSMON_CONSOLE_STORE): {path} is in use by another console; "
                          "give this one its own store") from None
    return handle
