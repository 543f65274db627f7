"""Analyst corrections on the console (pure): a story page's form -> a typed Correction, and one line saying what a
correction asks. Publishing is the service's (consumers/console/service.py), applying it the alerter's."""

from __future__ import annotations

import uuid
from datetime import date

from newsmon.messages import (
    Correction,
    DateFix,
    Merge,
    Mute,
    Perpetrator,
    PerpetratorFix,
    Place,
    PlaceFix,
    Split,
    StoryState,
    TollFix,
)

KINDS = ("toll", "perpetrator", "place", "date", "mute", "unmute", "merge", "split")
FACT_FORMS = ("toll", "perpetrator", "place", "date")
BASES = ("claimed", "blamed", "reported", "suspected")
PLACE_KINDS = ("city", "town", "district", "admin1", "region", "landmark", "country")
CORRECTED_FACTS = {"killed": "killed", "injured": "injured", "perpetrator": "perpetrator", "where": "where",
                   "date": "when"}  # StoryState.corrected -> the fact names the story page shows


class FormError(ValueError):
    """A form that does not make a correction; the message says which field and why."""


def summary(correction: Correction) -> str:
    """What the correction asks, in a few words."""
    change = correction.change
    if isinstance(change, TollFix):
        parts = [f"{change.killed} killed" if change.killed is not None else "no death toll",
                 f"{change.injured} injured" if change.injured is not None else "no injured figure"]
        return "toll: " + ", ".join(parts)
    if isinstance(change, PerpetratorFix):
        doer = change.perpetrator
        return f"perpetrator: {doer.name} ({doer.basis})" if doer else "perpetrator: nobody known"
    if isinstance(change, PlaceFix):
        where = change.where
        return "place: " + ", ".join(dict.fromkeys(p for p in (where.name, where.admin1, where.country) if p))
    if isinstance(change, DateFix):
        return f"date: {change.date}"
    if isinstance(change, Mute):
        return "not for the desk (muted)" if change.muted else "back on the desk (unmuted)"
    if isinstance(change, Merge):
        return f"merged into story {change.into}"
    return f"article {change.article_id} split out into a story of its own"


def parse_form(values, state: StoryState, *, catalog=None, story_exists=lambda _id: True,
               correction_id: str | None = None) -> Correction:
    """The correction a form asks for on this story; FormError names the field that is wrong."""
    kind = _text(values, "kind")
    if kind not in KINDS:
        raise FormError(f"kind must be one of {', '.join(KINDS)}")
    articles = [a.id for a in state.articles]
    article_id = _text(values, "article") or None
    if kind in FACT_FORMS:
        article_id = article_id or (articles[-1] if articles else None)
        if article_id not in articles:
            raise FormError("article: the report the fact is read in must be one of the story's")
    note = _text(values, "note")
    if len(note) > 300:
        raise FormError("note: at most 300 characters")
    change = _change(kind, values, state, catalog, story_exists, articles)
    return Correction(id=correction_id or uuid.uuid4().hex, story_id=state.id, route=state.route, change=change,
                      article_id=article_id if kind in FACT_FORMS else None, note=note)


def _change(kind: str, values, state: StoryState, catalog, story_exists, articles: list[str]):
    if kind == "toll":
        killed, injured = _count(values, "killed"), _count(values, "injured")
        return TollFix(killed=killed, injured=injured)
    if kind == "perpetrator":
        return PerpetratorFix(perpetrator=_perpetrator(values, catalog))
    if kind == "place":
        return PlaceFix(where=_place(values))
    if kind == "date":
        try:
            return DateFix(date=date.fromisoformat(_text(values, "date")).isoformat())
        except ValueError:
            raise FormError("date: a day as YYYY-MM-DD") from None
    if kind in ("mute", "unmute"):
        return Mute(muted=kind == "mute")
    if kind == "merge":
        into = _text(values, "into")
        if not into or into == state.id or not story_exists(into):
            raise FormError("into: the story to merge into must be another story the console knows")
        return Merge(into=into)
    article = _text(values, "article")
    if article not in articles or len(articles) < 2:
        raise FormError("article: only one of the story's articles can be split out, and not its only one")
    return Split(article_id=article)


def _text(values, name: str) -> str:
    return (values.get(name) or "").strip()


def _count(values, name: str) -> int | None:
    text = _text(values, name)
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise FormError(f"{name}: a whole number, or empty when no figure is known")
    return int(text)


def _perpetrator(values, catalog) -> Perpetrator | None:
    actor_id = _text(values, "actor")
    if not actor_id:
        return None  # nobody is known to have done it
    entry = catalog.actors.get(actor_id) if catalog is not None else None
    if entry is None:
        raise FormError(f"actor: {actor_id} is not in the actor catalog")
    basis = _text(values, "basis") or "reported"
    if basis not in BASES:
        raise FormError(f"basis: one of {', '.join(BASES)}")
    return Perpetrator(actor=entry.id, name=entry.name, basis=basis, claimant=entry.id if basis == "claimed" else None)


def _place(values) -> Place:
    name, admin1 = _text(values, "name"), _text(values, "admin1") or None
    country, kind = _text(values, "country").upper() or None, _text(values, "place_kind") or "city"
    if not name or len(name) > 100 or (admin1 and len(admin1) > 100):
        raise FormError("name: the place's name, at most 100 characters")
    if country is not None and not (len(country) == 2 and country.isalpha() and country.isascii()):
        raise FormError("country: an ISO 3166-1 alpha-2 code such as PK, or empty")
    if kind not in PLACE_KINDS:
        raise FormError(f"place_kind: one of {', '.join(PLACE_KINDS)}")
    return Place(name=name, admin1=admin1, country=country, kind=kind)
