"""Deterministic STIX ids and the times of a revision's objects.

Every id is a UUIDv5 in newsmon's namespace, from what the object stands for: the report and the event from the
story id, a group or a state from its catalog id, a place from its country, admin-1 and name, a relationship from
the story id, its type and its target. So every revision of a story names the same objects, and a platform that
imports revision 3 updates what revision 2 made instead of adding a second copy. (STIX 2.1 asks for UUIDv4 with a
SHOULD; stix2-validator warns about every other version, and the warning is the price of these ids.)

Times: `modified` is the revision's time (the alert's produced_at), so a later revision is a newer version of
the same object. `created` must not change between versions: for a story's own objects it is when newsmon first
saw the story; for the objects that stories share (actors, places, newsmon itself) it is a fixed epoch.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from newsmon.messages import Alert

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newsmon.invalid/stix/2.1")
EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)  # `created` of the objects stories share


def stix_id(kind: str, *key: str) -> str:
    """`kind--<UUIDv5 of kind and key>`: the same key gives the same id on every run and every host."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, chr(31).join((kind, *key)))}"


def report_id(story_id: str) -> str:
    return stix_id("report", story_id)


def event_id(story_id: str) -> str:
    return stix_id("campaign", story_id)


def group_id(actor_id: str) -> str:
    return stix_id("intrusion-set", actor_id)


def state_id(actor_id: str) -> str:
    return stix_id("identity", "state", actor_id)


def country_id(code: str) -> str:
    return stix_id("location", "country", code.upper())


def place_id(country: str, admin1: str | None, name: str) -> str:
    return stix_id("location", "place", country.upper(), (admin1 or "").casefold(), name.casefold())


def relationship_id(story_id: str, kind: str, target_ref: str, source_ref: str = "") -> str:
    return stix_id("relationship", story_id, kind, source_ref, target_ref)


def bundle_id(story_id: str, revision: int) -> str:
    return stix_id("bundle", story_id, str(revision))


def utc_ms(when: datetime) -> datetime:
    """UTC, cut to the millisecond STIX keeps, so the stored version string equals the object's `modified`."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    when = when.astimezone(timezone.utc)
    return when.replace(microsecond=when.microsecond // 1000 * 1000)


def revision_time(alert: Alert) -> datetime:
    """The revision's time: `modified` of every object it makes."""
    return utc_ms(alert.produced_at)


def story_began(alert: Alert) -> datetime:
    """When newsmon first saw the story, never after the revision: the story's `created`. The alert's own
    `first_seen` when it carries one (it stays put when the alerter drops the oldest of many articles), else its
    earliest source."""
    first = getattr(alert, "first_seen", None)
    seen = [utc_ms(first)] if first else [utc_ms(s.first_seen or s.published) for s in alert.sources
                                            if s.first_seen or s.published]
    return min([*seen, revision_time(alert)])


def shared_created(alert: Alert) -> datetime:
    """`created` of an object stories share: the epoch (or the revision's time, for a revision before it)."""
    return min(EPOCH, revision_time(alert))


def stamp_ms(when: datetime) -> str:
    """A time as STIX writes `modified`: 2024-05-01T10:00:00.000Z."""
    return utc_ms(when).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
