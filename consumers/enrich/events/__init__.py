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

from consumers.enrich.events.assemble import Event, assemble
from consumers.enrich.events.roles import PRINCIPAL, roles, salience
from consumers.enrich.events.text import Sentence, article_text, sentences
from consumers.enrich.events.types import EventTypes, load_types
from consumers.enrich.events.units import ActorMention, PlaceMention, units

__all__ = ["PRINCIPAL", "ActorMention", "ArticleEvents", "Event", "PlaceMention", "Sentence", "article_text",
           "extract_events", "load_types"]


@dataclass(frozen=True)
class ArticleEvents:
    """The main event, the related ones, and each actor's role and salience."""

    main: Event
    related: list[Event]
    roles: dict[str, str]
    salience: dict[str, str]
    sentences: list[Sentence]


def extract_events(doc, *, title: str, summary: str, body: str, published: datetime | None,
                   actors: list[ActorMention], places: list[PlaceMention], types: EventTypes | None = None) -> ArticleEvents:
    """Events of one article, from its Doc (made from article_text) and the actors and places found in it."""
    types = types or load_types()
    found = sentences(doc, title, summary, body)
    parts = units(found, types=types, published=published, actors=actors, places=places)
    main, related = assemble(parts, types)
    starts = {a.start: next((s.section for s in found if s.start <= a.start < s.end), "body") for a in actors}
    return ArticleEvents(main, related, roles(main, actors, types.family), salience(actors, starts), found)
