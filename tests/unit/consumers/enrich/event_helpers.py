"""Running event extraction on short texts: a blank English pipeline with the project's sentencizer."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

import spacy
from spacy.pipeline import Sentencizer

from consumers.enrich.events import ActorMention, ArticleEvents, PlaceMention, article_text, extract_events


@lru_cache(maxsize=1)
def blank_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [*Sentencizer.default_punct_chars, "\n", "\n\n"]})
    return nlp


def mentions(text: str, names: dict[str, tuple[str, str]]) -> list[ActorMention]:
    """ActorMentions of each name (name -> (actor id, kind)) wherever it stands in text; a group that governs a
    state says so, from the shipped catalog, as the enricher's mentions do."""
    from consumers.catalog import load_catalog

    found = []
    for name, (actor, kind) in names.items():
        governs = load_catalog().side(actor)
        found += [ActorMention(actor, kind, m.start(), m.end(), governs if governs != actor else None)
                  for m in re.finditer(re.escape(name), text)]
    return sorted(found, key=lambda m: m.start)


@lru_cache(maxsize=1)
def parser():
    """The model's parsing pipeline, as the enricher uses it."""
    from consumers.enrich.nlp import MIRROR_MODEL, load_nlp
    from consumers.enrich.reading.parse import parser_of

    return parser_of(load_nlp(MIRROR_MODEL))


def events_of(title: str, summary: str, body: str, *, published: datetime | None = None,
              actors: dict[str, tuple[str, str]] | None = None, places: list[PlaceMention] = (),
              parsed: bool = False) -> ArticleEvents:
    """The events of a short text; `parsed`: with the English sentences read by their grammar."""
    text = article_text(title, summary, body)
    return extract_events(blank_nlp()(text), title=title, summary=summary, body=body, published=published,
                          actors=mentions(text, actors or {}), places=list(places),
                          parse=parser() if parsed else None)


def enrich_one(enricher, title: str, body: str):
    """One article (title and body) through the enricher: its EnrichedArticle."""
    from newsmon.messages import RawArticle

    [result] = enricher.enrich_batch([RawArticle(id="t1", title=title, source="t", body=body)])
    return result


def roles_of(result) -> dict[str, str]:
    """Actor id -> role, of an EnrichedArticle."""
    return {a.id: a.role for a in result.actors}
