"""The STIX objects the console's TAXII server serves: each alert's objects (consumers.stix) kept in the store,
one version per object (the newest), in the order they were added.

A new revision of a story replaces its objects (same ids, newer `modified`) and revokes the ones of its own it
no longer has (a perpetrator the story dropped: its `attributed-to` gets `revoked: true`), so a platform that
polls the collection ends with the story as it stands; a story merged into another has all of its own objects
revoked. A revision read after a newer one of the same story
(alerts of one story may sit in different partitions) changes nothing. Every change takes a `date_added` after every
earlier one, which is what TAXII paging and `added_after` read.
"""

from __future__ import annotations

import json
import logging
import sqlite3

import stix2

from consumers.stix import ids, story_objects
from newsmon.messages import Alert, StoryState

log = logging.getLogger(__name__)

Statement = tuple[str, tuple]  # as consumers.console.ingest writes them

DDL = """
CREATE TABLE IF NOT EXISTS stix_objects (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, story_id TEXT, modified TEXT NOT NULL, added INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stix_objects_by_added ON stix_objects (added, id);
CREATE INDEX IF NOT EXISTS stix_objects_by_story ON stix_objects (story_id);
"""

# date_added, in milliseconds since 1970: now, but always after the last one (the clock may step back, and many
# objects are added within one millisecond), so `added_after` the last date a client saw misses nothing.
_ADDED = ("max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), "
          "coalesce((SELECT max(added) FROM stix_objects), 0) + 1)")
_NOT_SUPERSEDED = "NOT EXISTS (SELECT 1 FROM stix_objects WHERE id = ? AND modified > ?)"
_UPSERT = (f"INSERT INTO stix_objects (id, type, story_id, modified, added, revoked, body) "
           f"SELECT ?, ?, ?, ?, {_ADDED}, ?, ? WHERE {_NOT_SUPERSEDED} "
           "ON CONFLICT (id) DO UPDATE SET type = excluded.type, story_id = excluded.story_id, "
           "modified = excluded.modified, added = excluded.added, revoked = excluded.revoked, body = excluded.body "
           "WHERE excluded.modified > stix_objects.modified")
# The objects one statement revokes share a date_added; pages are ordered by (added, id), so that is no ambiguity.
_REVOKE = (f"UPDATE stix_objects SET body = stix_revoked(body, ?), modified = ?, revoked = 1, added = {_ADDED} "
           "WHERE story_id = ? AND revoked = 0 AND modified < ? AND id NOT IN (SELECT value FROM json_each(?)) "
           f"AND stix_revoked(body, ?) IS NOT NULL AND {_NOT_SUPERSEDED}")


def stix_rows(alert: Alert) -> list[Statement]:
    """The statements that put one revision's objects in the store; none (and a logged error) when the alert
    cannot be told in STIX, so one odd alert never stops the console."""
    try:
        made = story_objects(alert)
    except Exception:  # noqa: BLE001 - a bug in the mapping must not stall the follower on this record
        log.exception("Alert %s (story %s, revision %d) could not be made into STIX; the TAXII collection "
                      "leaves it out.", alert.id, alert.story_id, alert.revision)
        return []
    report, modified = ids.report_id(alert.story_id), ids.stamp_ms(ids.revision_time(alert))
    own = {obj.id for obj in made.own}
    statements: list[Statement] = []
    for obj in made.objects:
        body = obj.serialize(ensure_ascii=False)
        statements.append((_UPSERT, (obj.id, obj.type, alert.story_id if obj.id in own else None,
                                     ids.stamp_ms(obj.modified), int(bool(obj.get("revoked"))), body,
                                     report, modified)))
    statements.append((_REVOKE, (modified, modified, alert.story_id, modified, json.dumps(sorted(own)), modified,
                                 report, modified)))
    return statements


def merged_rows(state: StoryState) -> list[Statement]:
    """A story an analyst merged into another is no longer one: every object of its own is revoked (at the merge's
    time), so a platform polling the collection keeps only the story it went into."""
    modified = ids.stamp_ms(state.produced_at)
    return [(_REVOKE, (modified, modified, state.id, modified, "[]", modified, ids.report_id(state.id), modified))]


def stix_revoked(body: str, modified: str) -> str | None:
    """The revoked version of a stored object at `modified` (made by stix2); None when it cannot be made."""
    try:
        obj = stix2.parse(body, allow_custom=True)
        return obj.new_version(revoked=True, modified=modified, allow_custom=True).serialize(ensure_ascii=False)
    except Exception:  # noqa: BLE001 - the row is left as it is; the console goes on
        log.exception("Could not revoke a stored STIX object at %s; it stays as it was.", modified)
        return None


def register(conn: sqlite3.Connection) -> None:
    """Give the store's writer connection the function the revocation statement calls."""
    conn.create_function("stix_revoked", 2, stix_revoked, deterministic=True)
