"""A story revision's own objects: the `report` (title, published time, what happened in words, every source) and,
for an attack or an armed clash, the event as a `campaign` (STIX 2.1 has no object for one attack: its
`incident` is a stub with no relationships of its own, and `campaign` is the object whose `attributed-to` and
`targets` point at intrusion sets, identities and locations). Facts STIX lacks go in `x_newsmon_*` properties."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

import stix2
import yaml

from consumers import DATA_DIR
from consumers.stix import ids
from consumers.stix.extension import AUTHOR_ID, custom
from newsmon.messages import Alert, EventFacts

HOSTILE_FAMILIES = frozenset({"attack", "armed"})
_URL_SCHEMES = ("http://", "https://")


@lru_cache(maxsize=1)
def families() -> dict[str, str]:
    """Event type -> its family (attack, armed, legal, diplomacy, civil), from consumers/data/event_types.yaml."""
    data = yaml.safe_load((DATA_DIR / "event_types.yaml").read_text(encoding="utf-8")) or {}
    return {str(name): str(spec.get("family")) for name, spec in data.items() if isinstance(spec, dict)}


def is_hostile(event: EventFacts) -> bool:
    """An attack or armed violence (the event becomes a campaign); talks, arrests, protests do not."""
    if event.type is None:
        return event.perpetrator is not None
    return families().get(event.type) in HOSTILE_FAMILIES


def readable(event_type: str | None) -> str:
    return (event_type or "event").replace("-", " ")


def where(alert: Alert) -> str | None:
    place = alert.place or alert.event.where
    if place is None:
        return None
    return ", ".join(dict.fromkeys(p for p in (place.name, place.admin1, place.country) if p))


def toll(event: EventFacts) -> str | None:
    parts = [f"{n} {word}" for n, word in ((event.killed, "killed"), (event.injured, "injured"),
                                          (event.attackers_killed, "attackers killed")) if n is not None]
    return ", ".join(parts) or None


def event_name(alert: Alert) -> str:
    """What happened, where and when: "Suicide bombing in Bannu, Khyber Pakhtunkhwa, PK on 2024-05-01"."""
    event = alert.event
    line = readable(event.type).capitalize()
    if (place := where(alert)) is not None:
        line += f" in {place}"
    reported = first_published(alert)
    if event.date:
        line += f" on {event.date}"
    elif reported is not None:
        line += f", reported {reported.date().isoformat()}"
    return line


def summary(alert: Alert) -> str:
    """What happened, where, when, to whom, by whom, and the toll, in one sentence."""
    event = alert.event
    line = event_name(alert)
    victims = [*event.targets, *(a.name for a in alert.actors if a.role == "target")]
    if victims:
        line += ", aimed at " + ", ".join(dict.fromkeys(victims))
    if event.perpetrator is not None:
        line += f", by {event.perpetrator.name} ({event.perpetrator.basis})"
    if (counted := toll(event)) is not None:
        line += f": {counted}"
    return line + "."


def description(alert: Alert) -> str:
    """The summary, the key sentence and what this revision changed."""
    parts = [summary(alert)]
    if alert.key_sentence:
        parts.append(" ".join(alert.key_sentence.split()))
    if alert.changes:
        parts.append(f"Revision {alert.revision}: " + "; ".join(alert.changes) + ".")
    return "\n\n".join(parts)


def event_time(alert: Alert) -> datetime | None:
    """When the event happened: its date when the reports give one, else when it was first reported."""
    if alert.event.date:
        try:
            return datetime.fromisoformat(alert.event.date[:10]).replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return first_published(alert)


def first_published(alert: Alert) -> datetime | None:
    """When the story was first published: the alert's own `published` when it carries one, else its earliest
    source's publication (or first-seen) time."""
    if getattr(alert, "published", None):
        return ids.utc_ms(alert.published)
    times = [ids.utc_ms(s.published or s.first_seen) for s in alert.sources if s.published or s.first_seen]
    return min(times) if times else None


def references(alert: Alert) -> list[dict]:
    """The story in newsmon, then every source: outlet, title, link (http and https only) and article id."""
    refs = [{"source_name": "newsmon", "external_id": alert.story_id,
             "description": f"newsmon story {alert.story_id}, revision {alert.revision}"}]
    for source in alert.sources:
        ref = {"source_name": source.outlet or source.source or "news", "description": source.title,
               "external_id": source.id}
        if source.url and source.url.lower().startswith(_URL_SCHEMES):
            ref["url"] = source.url
        refs.append(ref)
    return refs


def facts(alert: Alert) -> dict:
    """The `x_newsmon_*` facts of the main event."""
    event = alert.event
    return {"event_type": event.type, "date": event.date, "killed": event.killed, "injured": event.injured,
            "attackers_killed": event.attackers_killed, "targets": list(event.targets), "claimed": event.claimed,
            "basis": event.perpetrator.basis if event.perpetrator else None,
            "evidence": [{"fact": e.fact, "sentence": " ".join(e.sentence.split())} for e in event.evidence]}


def event(alert: Alert) -> stix2.Campaign | None:
    """The story's event as a campaign, for an attack or armed violence; None otherwise."""
    if not is_hostile(alert.event):
        return None
    seen = event_time(alert)
    return stix2.Campaign(
        id=ids.event_id(alert.story_id), created=ids.story_began(alert), modified=ids.revision_time(alert),
        created_by_ref=AUTHOR_ID, name=event_name(alert), description=description(alert),
        first_seen=seen, last_seen=seen, **custom(story_id=alert.story_id, **facts(alert)))


def report(alert: Alert, object_refs: list[str]) -> stix2.Report:
    """The report of one story revision: the same id for every revision, a newer `modified` each time."""
    published = first_published(alert) or alert.produced_at
    labels = [f"severity-{alert.severity}", *([alert.event.type] if alert.event.type else [])]
    return stix2.Report(
        id=ids.report_id(alert.story_id), created=ids.story_began(alert), modified=ids.revision_time(alert),
        created_by_ref=AUTHOR_ID, name=alert.headline, published=published, description=description(alert),
        report_types=["threat-report"], object_refs=object_refs, labels=labels, external_references=references(alert),
        **custom(story_id=alert.story_id, revision=alert.revision, severity=alert.severity,
                 rules=[r.model_dump() for r in alert.rules], changes=list(alert.changes),
                 key_sentence=alert.key_sentence, languages=list(alert.languages), **facts(alert)))
