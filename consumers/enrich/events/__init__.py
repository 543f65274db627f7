"""The events of an article: the main one and the related ones it mentions, each fact with its evidence.

    text        sentences with offsets and sections          numbers     numbers as reports write them
    casualties  killed and injured, victims and attackers    claims      claimed, blamed, reported, suspected, denied
    timeline    dates and background passages                types       event types from data/event_types.yaml
    targets     what an attack was aimed at                  units       clauses and what each states
    assemble    main and related events and their facts      roles       each actor's part in the main event
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from consumers.enrich.events.argument import argued, asks
from consumers.enrich.events.assemble import Event, assemble
from consumers.enrich.events.recency import framed_as_past, label_title, stale
from consumers.enrich.events.roles import PRINCIPAL, branches_take_part, roles, salience, state_of_place
from consumers.enrich.events.text import Sentence, article_text, sentences
from consumers.enrich.events.types import EventTypes, load_types
from consumers.enrich.events.units import ActorMention, PlaceMention, units
from consumers.enrich.reading.parse import Parse, worth_parsing

__all__ = ["PRINCIPAL", "ActorMention", "ArticleEvents", "Event", "PlaceMention", "Sentence", "article_text",
           "branches_take_part", "extract_events", "load_types", "state_of_place", "to_parse"]


@dataclass(frozen=True)
class ArticleEvents:
    """The main event, the related ones, and each actor's role and salience."""

    main: Event
    related: list[Event]
    roles: dict[str, str]
    salience: dict[str, str]
    sentences: list[Sentence]


def extract_events(doc, *, title: str, summary: str, body: str, published: datetime | None,
                   actors: list[ActorMention], places: list[PlaceMention], types: EventTypes | None = None,
                   parse: Parse | None = None) -> ArticleEvents:
    """Events of one article, from its Doc (made from article_text) and the actors and places found in it;
    `parse` parses the English sentences the facts come from (consumers/enrich/reading), else word rules alone."""
    types = types or load_types()
    found = sentences(doc, title, summary, body)
    parsed = {}
    if parse is not None:
        chosen = [s for s in found if worth_parsing(s.text, s.section)]
        parsed = {s.index: d for s, d in zip(chosen, parse([s.text for s in chosen]))}
    parts = units(found, types=types, published=published, actors=actors, places=places, parsed=parsed)
    main, related = assemble(parts, types)
    main, related = _news_only(main, related, found, title=title, summary=summary, published=published, types=types)
    starts = {a.start: next((s.section for s in found if s.start <= a.start < s.end), "body") for a in actors}
    others = {id(u) for e in related for u in e.units}  # a body clause of no other event may name whom it was against
    further = [u for u in parts if u.section == "body" and not u.background and id(u) not in others]
    return ArticleEvents(main, related, roles(main, actors, types.family, further), salience(actors, starts), found)


def to_parse(doc, *, title: str, summary: str, body: str) -> list[str]:
    """The sentences extract_events will read by their grammar (so that a batch's can be parsed together)."""
    return [s.text for s in sentences(doc, title, summary, body) if worth_parsing(s.text, s.section)]


def _news_only(main: Event, related: list[Event], found: list[Sentence], *, title: str, summary: str,
               published: datetime | None, types: EventTypes) -> tuple[Event, list[Event]]:
    """An article framed as no new event (an anniversary, an index, an analysis), or whose violent main event is
    dated days before it, has no main event: what it recalls is a background event."""
    lead = next((s.text for s in found if s.section == "lead"), "")
    violent = types.family.get(main.type or "") in ("attack", "armed")
    day = published.date() if published else None
    leads = [s.text for s in found if s.section == "lead"]
    # a question headline over a first paragraph that counts the event's dead or wounded is a report ("who was the
    # elder killed with his two sons?" over the blast that killed four)
    counted = any(c.kind in ("killed", "injured") and not c.attackers for u in main.units
                  if u.section == "lead" and u.sentence.paragraph == 0 for c in u.counts)
    second = leads[1] if len(leads) > 1 else ""
    framed = framed_as_past(title, summary, lead, published=day, second=second) or label_title(
        title, bool(types.hits(title, in_title=True))) or argued(leads, title=title) or (
        not counted and asks(title, " ".join(leads)))
    # a death the headline tells of is news, though the attack it comes from is dated weeks before ("a border guard
    # martyred", the wounded guard of an attack in September dying in November)
    told_dead = any(c.kind == "killed" and not c.attackers for u in main.units if u.section == "title" for c in u.counts)
    if not (framed or (violent and stale(main.when, published) and not told_dead)):
        return main, related
    if main.type is not None:
        main.relation = "background"
        related = [main, *related]
    return Event(None, "main"), related
