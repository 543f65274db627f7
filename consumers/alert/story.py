"""A story: the real-world event several articles report, with its merged facts and what was last alerted.

Facts merge as reports of one event do: the toll is the highest stated (a report never lowers it), a claim
outranks blame, which outranks the report's own word, then suspicion; denials add up; the first specific
place stands unless a later report names a different one (a correction); the earliest date within three days
stands (later reports date their own news: the claim, the funeral), so only an earlier date is a correction. `changes` says, in words,
what an article changed that a desk wants to hear about (DESK.md): the toll rose, a claim or a denial, the
perpetrator named or changed, arrests or an operation against the perpetrators, the place or date corrected.
A rewrite by another outlet or a translation changes nothing and attaches silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from newsmon.arabic_script import unify
from newsmon.messages import Actor, EventFacts, Evidence, Place, StoryArticle

_BASIS_RANK = {"claimed": 0, "blamed": 1, "reported": 2, "suspected": 3}
PRINCIPAL = ("perpetrator", "claimant", "target", "participant", "subject")
_ROLE_RANK = {role: i for i, role in enumerate((*PRINCIPAL, "mentioned"))}
MAX_ARTICLES = 25
MAX_PLACES = 12


@dataclass
class Story:
    """One story's articles and merged facts."""

    id: str
    route: str
    family: str | None
    event: EventFacts
    articles: list[StoryArticle] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    categories: set[str] = field(default_factory=set)
    text: str = ""
    revision: int = 0
    alerted: tuple[str, ...] = ()
    severity: str | None = None
    updated: datetime | None = None
    followups: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # every place its reports gave the event

    def has(self, article_id: str) -> bool:
        return any(a.id == article_id for a in self.articles)

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(a.language for a in self.articles if a.language))


def merge(story: Story, facts: EventFacts, article: StoryArticle, actors: list[Actor], categories: set[str],
          *, followup: str | None = None, side: Callable[[str], str] = str) -> list[str]:
    """Add one article to the story; returns the material changes, in words (none for a plain rewrite).
    `side` says whom an actor speaks for, so that a government's denial repeated by its state is not news."""
    before = story.event
    changes: list[str] = []
    event = _merged(before, facts, changes, new_story=not story.articles, side=side)
    kind = _FOLLOWUP_KIND.get(followup, followup)
    if kind is not None and kind not in {_FOLLOWUP_KIND.get(f, f) for f in story.followups}:
        story.followups.append(followup)
        changes.append(f"{_followup_words(followup)} reported: {article.title}")
    story.event = event
    if facts.where is not None and all(p.name != facts.where.name or p.country != facts.where.country
                                       for p in story.places):
        story.places = [*story.places, facts.where][-MAX_PLACES:]
    story.articles = [*story.articles, article][-MAX_ARTICLES:]
    for actor in actors:
        known = story.actors.get(actor.id)
        if known is None or _ROLE_RANK[actor.role] < _ROLE_RANK[known.role]:
            story.actors[actor.id] = actor
    story.categories |= categories
    story.text = (story.text + " " + unify(f"{article.title} {article.lead}").lower())[-20_000:]
    story.updated = article.first_seen or story.updated
    return [] if not story.articles[:-1] else changes


def _merged(old: EventFacts, new: EventFacts, changes: list[str], *, new_story: bool,
            side: Callable[[str], str]) -> EventFacts:
    evidence = {e.fact: e for e in old.evidence}
    values = old.model_dump(exclude={"evidence"})
    fresh = {e.fact: e for e in new.evidence}

    def take(name: str, value, why: str | None) -> None:
        values[name] = value
        if name in fresh:
            evidence[name] = fresh[name]
        if why and not new_story:
            changes.append(why)

    for name, word in (("killed", "killed"), ("injured", "injured"), ("attackers_killed", "attackers killed")):
        if new.model_dump()[name] is not None and (old.model_dump()[name] is None or new.model_dump()[name] > old.model_dump()[name]):
            was = old.model_dump()[name]
            now = new.model_dump()[name]
            take(name, now, None if name != "killed" else f"toll rose from {was} to {now} {word}" if was is not None
                 else f"{now} {word} reported" if now else None)
    if new.perpetrator is not None:
        current = old.perpetrator
        if current is None or _BASIS_RANK[new.perpetrator.basis] < _BASIS_RANK[current.basis] or (
                current.actor != new.perpetrator.actor and _BASIS_RANK[new.perpetrator.basis] <= _BASIS_RANK[current.basis]):
            verb = {"claimed": "claimed responsibility", "blamed": "was blamed by officials",
                    "reported": "was named as the perpetrator", "suspected": "is suspected"}[new.perpetrator.basis]
            take("perpetrator", new.perpetrator, f"{new.perpetrator.name} {verb}")
    if new.claimed and not old.claimed:
        take("claimed", True, None if new.perpetrator is not None else "a claim of responsibility was reported")
    denied = [d for d in new.denied_by if d not in old.denied_by]
    if denied:
        values["denied_by"] = (*old.denied_by, *denied)
        evidence.setdefault("denied", fresh.get("perpetrator") or next(iter(fresh.values()), None)) if fresh else None
        sides = {side(d) for d in old.denied_by}
        news = [d for d in denied if side(d) not in sides]
        if news and not new_story:
            changes.append(f"{', '.join(news)} denied involvement")
    if new.where is not None:
        if old.where is None or (old.where.country is None and new.where.country):
            take("where", new.where, None)
        elif _differs(old.where, new.where):
            take("where", new.where, f"place corrected from {old.where.name} to {new.where.name}")
    if new.date is not None:
        if old.date is None:
            take("date", new.date, None)
        elif new.date < old.date and (datetime.fromisoformat(old.date) - datetime.fromisoformat(new.date)).days <= 3:
            take("date", new.date, f"date corrected from {old.date} to {new.date}")
    if new.type is not None and (old.type is None or _more_specific(new.type, old.type)):
        take("type", new.type, None)
    for target in new.targets:
        if target not in values["targets"]:
            values["targets"] = (*values["targets"], target)
            evidence.setdefault("target", fresh.get("target")) if "target" in fresh else None
    values["evidence"] = tuple(e for e in evidence.values() if e is not None)
    return EventFacts.model_validate(values)


def _differs(old, new) -> bool:
    """A different specific place: another city of the same kind, or another province or country."""
    if new.country and old.country and new.country != old.country:
        return True
    if new.admin1 and old.admin1 and new.admin1 != old.admin1:
        return True
    return new.kind == old.kind == "city" and new.name.lower() != old.name.lower()


def _more_specific(new: str, old: str) -> bool:
    return old in ("attack", None) and new not in ("attack",)


# Arrests and a raid or operation against the perpetrators are one kind of news (DESK.md): the second report of
# either attaches silently; a strike on them, a conviction or an execution is news again.
_FOLLOWUP_KIND = {"arrest": "action", "operation": "action"}


def _followup_words(kind: str) -> str:
    return {"arrest": "arrests", "operation": "an operation against the perpetrators", "conviction": "a conviction",
            "strike": "a strike on the perpetrators", "execution": "an execution"}.get(kind, kind)


def key_sentence(event: EventFacts) -> Evidence | None:
    """The sentence that best says what happened: the toll's, else the type's, else any fact's."""
    by_fact = {e.fact: e for e in event.evidence}
    return by_fact.get("killed") or by_fact.get("type") or next(iter(by_fact.values()), None)
