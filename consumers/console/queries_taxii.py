"""The questions the TAXII server asks the store: objects in the order they were added, after a date and a page
position, filtered by id, type and version (the store keeps one version of each object: its newest). Dates added
are milliseconds since 1970 in the store and ISO 8601 on the wire."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class ObjectFilter:
    """A TAXII request's filters: added_after (milliseconds since 1970), the page position after which to go on
    (date added, id), match[id], match[type], and match[version] as exact `modified` values (empty: any)."""

    added_after: int | None = None
    after: tuple[int, str] | None = None
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    limit: int = 100


@dataclass
class Page:
    rows: list[sqlite3.Row] = field(default_factory=list)
    more: bool = False


def objects(conn: sqlite3.Connection, f: ObjectFilter) -> Page:
    """One page of stored objects, oldest addition first; `more` when the filter matches more."""
    where, params = [], []
    if f.added_after is not None:
        where.append("added > ?")
        params.append(f.added_after)
    if f.after is not None:
        where.append("(added > ? OR (added = ? AND id > ?))")
        params += [f.after[0], f.after[0], f.after[1]]
    for column, values in (("id", f.ids), ("type", f.types), ("modified", f.versions)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += list(values)
    sql = ("SELECT id, type, modified, added, body FROM stix_objects"
           + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY added, id LIMIT ?")
    rows = conn.execute(sql, (*params, f.limit + 1)).fetchall()
    return Page(rows[:f.limit], len(rows) > f.limit)


def one(conn: sqlite3.Connection, object_id: str) -> sqlite3.Row | None:
    """The stored version of one object."""
    return conn.execute("SELECT id, type, modified, added, body FROM stix_objects WHERE id = ?",
                        (object_id,)).fetchone()


def iso(ms: int) -> str:
    """A date added as TAXII writes it: 2024-05-01T10:00:00.123Z."""
    return (_EPOCH + timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def millis(when: datetime) -> int:
    """A time as the store keeps dates added (a time between two milliseconds counts as the earlier one)."""
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return (when - _EPOCH) // timedelta(milliseconds=1)
