"""A story: the real-world event several articles report, with its merged facts and what was last alerted.

Facts merge as reports of one event do: the toll is the highest stated (a report never lowers it), a claim
outranks blame, which outranks the report's own word, then suspicion; denials add up; the first specific
place stands unless a later report names a different one (a correction); the earliest date within three days
stands (later reports date their own news: the claim, the funeral), so only an earlier date is a correction. `changes` says, in words,
what an article changed that a desk wants to hear about (DESK.md): the toll rose, a claim or a denial, the
perpetrator named or changed, arrests or an operation against the perpetrators, the place or date corrected.
A rewrite by another outlet or a translation changes nothing and attaches silently. A fact an analyst corrected
(`Story.corrected`, consumers/alert/corrections.py) is left as the analyst set it, whatever later reports say.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable

from consumers.alert.areas import spellings_of_one
from newsmon.arabic_script import unify
from newsmon.messages import Actor, EventFacts, Evidence, Place, StoryArticle, StoryState

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
    corrected: set[str] = field(default_factory=set)  # event fields an analyst set: reports leave them
    muted: bool = False  # not for the desk: no alert until unmuted
    merged_into: str | None = None
    split_from: str | None = None
    corrections: list[str] = field(default_factory=list)  # ids of the corrections applied, oldest first
    held: list[str] = field(default_factory=list)  # changes not alerted while muted

    def has(self, article_id: str) -> bool:
        return any(a.id == article_id for a in self.articles)

    @property
    def states(self) -> frozenset[str]:
        """The states with a part in the story's event (not those only mentioned)."""
        return frozenset(a.id for a in self.actors.values() if a.kind == "state" and a.role in PRINCIPAL)

    @property
    def parties(self) -> frozenset[str]:
        """The states and the groups with a part in the story's event (talks with the TTP)."""
        return frozenset(a.id for a in self.actors.values() if a.role in PRINCIPAL)

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(a.language for a in self.articles if a.language))


def merge(story: Story, facts: EventFacts, article: StoryArticle, actors: list[Actor], categories: set[str],
          *, followup: str | None = None, side: Callable[[str], str] = str) -> list[str]:
    """Add one article to the story; returns the material changes, in words (none for a plain rewrite).
    `side` says whom an actor speaks for, so that a government's denial repeated by its state is not news."""
    before = story.event
    changes: list[str] = []
    event = _merged(before, facts, changes, new_story=not story.articles, side=side, fixed=story.corrected)
    kind = _FOLLOWUP_KIND.get(followup, followup)
    if kind is not None and kind not in {_FOLLOWUP_KIND.get(f, f) for f in story.followups}:
        story.followups.append(followup)
        changes.append(f"{_followup_words(followup)} reported: {article.title}")
    story.event = event
    if facts.where is not None and all(p.name != facts.where.name or p.country != facts.where.country
                                       for p in story.places):
        story.places = [*story.places, facts.where][-MAX_PLACES:]
    story.articles = [*story.articles, article][-MAX_ARTICLES:]
    doer = event.perpetrator.actor if event.perpetrator else None
    for actor in actors:
        if "perpetrator" in story.corrected and actor.role in ("perpetrator", "claimant") and actor.id != doer:
            continue  # the analyst said who did it: a report naming another doer does not make it one
        known = story.actors.get(actor.id)
        if known is None or _ROLE_RANK[actor.role] < _ROLE_RANK[known.role]:
            story.actors[actor.id] = actor
    story.categories |= categories
    story.text = (story.text + " " + unify(f"{article.title} {article.lead}").lower())[-20_000:]
    story.updated = article.first_seen or story.updated
    return [] if not story.articles[:-1] else changes


def _merged(old: EventFacts, new: EventFacts, changes: list[str], *, new_story: bool,
            side: Callable[[str], str], fixed: set[str] | frozenset[str] = frozenset()) -> EventFacts:
    evidence = {e.fact: e for e in old.evidence}
    values = old.model_dump(exclude={"evidence"})
    fresh = {e.fact: e for e in new.evidence}

    def take(name: str, value, why: str | None) -> None:
        if name in fixed:
            return  # an analyst corrected it
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
    return new.kind == old.kind == "city" and new.name.lower() != old.name.lower() and not spellings_of_one(old, new)


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


def absorb(story: Story, other: Story, *, side: Callable[[str], str] = str) -> list[str]:
    """Take another story's articles and facts into this one (an analyst merged them); returns what changed in
    this story's facts, in words. This story keeps its place; facts an analyst corrected in either story stay
    corrected (this story's first)."""
    changes: list[str] = []
    here = {"where"} if story.event.where is not None else set()  # the story merged into keeps its place
    event = _merged(story.event, other.event, changes, new_story=False, side=side, fixed=story.corrected | here)
    taken = {name: getattr(other.event, name) for name in other.corrected - story.corrected}
    story.event = event.model_copy(update=taken) if taken else event
    story.corrected |= other.corrected
    mine = {a.id for a in story.articles}
    joined = [*story.articles, *(a for a in other.articles if a.id not in mine)]
    story.articles = sorted(joined, key=lambda a: (a.first_seen is None, a.first_seen or datetime.min))[-MAX_ARTICLES:]
    for place in other.places:
        if all(p.name != place.name or p.country != place.country for p in story.places):
            story.places = [*story.places, place][-MAX_PLACES:]
    for actor in other.actors.values():
        known = story.actors.get(actor.id)
        if known is None or _ROLE_RANK[actor.role] < _ROLE_RANK[known.role]:
            story.actors[actor.id] = actor
    story.categories |= other.categories
    story.followups += [f for f in other.followups if f not in story.followups]
    story.text = (story.text + " " + other.text)[-20_000:]
    story.updated = max((t for t in (story.updated, other.updated) if t is not None), default=None)
    return changes


def rebuild(story: Story, articles: list[StoryArticle], *, side: Callable[[str], str] = str) -> Story:
    """The story as its articles make it, merged again in order from what each brought (an analyst took one out);
    the facts an analyst corrected keep the analyst's values. Articles read before they kept their facts (an older
    alerter) leave the story's facts as they are, less that article."""
    kept = replace(story, articles=list(articles), actors=dict(story.actors), categories=set(story.categories),
                   followups=list(story.followups), places=list(story.places), corrected=set(story.corrected),
                   corrections=list(story.corrections), held=list(story.held))
    if not articles or any(a.facts is None for a in articles):
        kept.text = " ".join(unify(f"{a.title} {a.lead}").lower() for a in articles)[-20_000:]
        return kept
    analyst = EventFacts(**{name: getattr(story.event, name) for name in story.corrected})  # merge leaves these
    fresh = Story(id=story.id, route=story.route, family=story.family, event=analyst, corrected=set(story.corrected))
    for article in articles:
        followup = article.facts.type if article.referred is not None else None
        merge(fresh, article.referred or article.facts, article, list(article.actors), set(article.categories),
              followup=followup, side=side)
    for name in ("event", "actors", "categories", "text", "followups", "places", "articles"):
        setattr(kept, name, getattr(fresh, name))
    kept.updated = fresh.updated or story.updated
    return kept


def from_state(state: StoryState) -> Story:
    """A story as its saved state has it."""
    return Story(id=state.id, route=state.route, family=state.family, event=state.event, articles=list(state.articles),
                 actors={a.id: a for a in state.actors}, categories=set(state.categories), text=state.keywords_text,
                 revision=state.revision, alerted=state.alerted, severity=state.severity, updated=state.updated,
                 followups=list(state.followups), places=list(state.places), corrected=set(state.corrected),
                 muted=state.muted, merged_into=state.merged_into, split_from=state.split_from,
                 corrections=list(state.corrections), held=list(state.held))


def to_state(story: Story, produced_at: datetime) -> StoryState:
    """The story's whole state, for the compacted stories topic."""
    return StoryState(id=story.id, produced_at=produced_at, route=story.route, family=story.family,
                      articles=tuple(story.articles), event=story.event, actors=tuple(story.actors.values()),
                      keywords_text=story.text, categories=tuple(sorted(story.categories)),
                      followups=tuple(story.followups), revision=story.revision, alerted=story.alerted,
                      severity=story.severity, updated=story.updated, places=tuple(story.places),
                      corrected=tuple(sorted(story.corrected)), muted=story.muted, merged_into=story.merged_into,
                      split_from=story.split_from, corrections=tuple(story.corrections), held=tuple(story.held))
