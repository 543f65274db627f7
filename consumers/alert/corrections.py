"""Analyst corrections applied to the alerter's stories (pure: stories and a correction in, what changed out).

A fact correction (toll, perpetrator, place, date) sets the fact and marks it corrected, so later reports leave it
as the analyst set it; its words ("an analyst corrected the toll to ...") raise a revision when the story is for
the desk. Mute and unmute say whether the story is for the desk; what changes while it is muted is held and said
when it is unmuted. A merge moves a story's articles and facts into another story of the same owner and raises one
revision of that one. A split takes one article out into a story of its own, which alerts if the rules say so; the
story it left is merged again from its other articles, and raises a revision when that changed its facts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Mapping

from consumers.alert.story import Story, absorb, merge, rebuild
from consumers.alert.story_index import StoryIndex, fingerprint
from newsmon.messages import (
    Actor,
    Correction,
    DateFix,
    EventFacts,
    Merge,
    Mute,
    PerpetratorFix,
    PlaceFix,
    Split,
    TollFix,
)

ANALYST = "an analyst"  # every revision a correction raises says so first
MAX_APPLIED = 50  # correction ids a story remembers, so a correction read again is not applied twice
MAX_HELD = 20


class CorrectionRefused(Exception):
    """A correction that cannot be applied (a story this alerter does not keep, a merge into itself...)."""


@dataclass
class Outcome:
    """What a correction did: each story whose state changed, with the words that may raise its revision (None:
    nothing a desk is told), and whether articles moved between stories."""

    touched: list[tuple[Story, list[str] | None]] = field(default_factory=list)
    moved: bool = False


class CorrectableIndex(StoryIndex):
    """The story index, where an analyst can move articles between stories (a merge, a split) at the cost of the
    articles moved, and tell how much a report resembles a story's reports."""

    def regroup(self, stories: list[Story]) -> None:
        """Index these stories as they now are: a merged one is dropped (its articles are in the story it went
        into), every article points to the story that now holds it."""
        for story in stories:
            if story.merged_into:
                self.stories.pop(story.id, None)
                continue
            self.stories[story.id] = story
            for article in story.articles:
                if article.id in self._story_of_article:  # known: it only changes story (its text is the same)
                    self._story_of_article[article.id] = story.id
                else:
                    self.add(story, article.id, article.lead)

    @staticmethod
    def resemblance(lead: str, story: Story) -> float:
        """The highest estimated Jaccard likeness of a title and lead to those of the story's reports."""
        minhash = fingerprint(lead)
        return max((minhash.jaccard(fingerprint(a.lead)) for a in story.articles), default=0.0)


def split_story_id(story_id: str, article_id: str) -> str:
    """The id of the story an article split out of another becomes: stable, so a repeat makes the same story."""
    return hashlib.sha256(f"split\x1f{story_id}\x1f{article_id}".encode("utf-8")).hexdigest()


def apply_correction(correction: Correction, stories: Mapping[str, Story], *,
                     family_of: Callable[[str | None], str | None],
                     actor_of: Callable[[str], Actor | None] = lambda _id: None, side: Callable[[str], str] = str,
                     may_join: Callable[[Story, Story], bool] = lambda _a, _b: True) -> Outcome:
    """Apply one correction to the stories it names (changed in place; a split adds its new story to the outcome).
    Raises CorrectionRefused when it cannot be applied."""
    story = stories.get(correction.story_id)
    if story is None or story.merged_into:
        raise CorrectionRefused(f"story {correction.story_id} is not among this alerter's stories (unknown, merged "
                                "into another, or idle longer than the story window)")
    change = correction.change
    if isinstance(change, Mute):
        outcome = Outcome([(story, _muted(story, change.muted))])
    elif isinstance(change, Merge):
        outcome = _merge(story, stories.get(change.into), change.into, side=side, may_join=may_join)
    elif isinstance(change, Split):
        outcome = _split(story, change.article_id, family_of=family_of, side=side)
    else:
        outcome = Outcome([(story, _fact(story, change, actor_of))])
    for touched, _ in outcome.touched:
        touched.corrections = [*touched.corrections, correction.id][-MAX_APPLIED:]
    if correction.note:
        for _, words in outcome.touched:
            if words:
                words[0] += f" ({correction.note.strip()})"
    return outcome


def _muted(story: Story, muted: bool) -> list[str] | None:
    """Mute or unmute; unmuting says what changed meanwhile (or opens the story's first alert), nothing else."""
    was, story.muted = story.muted, muted
    if muted or not was:
        return None
    held, story.held = story.held, []
    return [f"{ANALYST} put the story back on the desk", *held] if held or story.revision == 0 else None


def hold(story: Story, changes: list[str]) -> None:
    """Keep what changed while the story is muted, to say when it is unmuted."""
    story.held = [*story.held, *(c for c in changes if c not in story.held)][-MAX_HELD:]


def _merge(story: Story, target: Story | None, into: str, *, side, may_join) -> Outcome:
    if into == story.id:
        raise CorrectionRefused(f"story {story.id} cannot be merged into itself")
    if target is None or target.merged_into:
        raise CorrectionRefused(f"story {into} is not among this alerter's stories, so {story.id} cannot be merged "
                                "into it")
    if not may_join(story, target):
        raise CorrectionRefused(f"stories {story.id} and {into} belong to different partitions (alerters)")
    changes = absorb(target, story, side=side)
    words = [f"{ANALYST} merged the story “{_headline(story)}” into this one", *changes]
    story.merged_into, story.articles, story.muted, story.held = target.id, [], False, []
    return Outcome([(target, words), (story, None)], moved=True)


def _split(story: Story, article_id: str, *, family_of, side) -> Outcome:
    article = next((a for a in story.articles if a.id == article_id), None)
    if article is None:
        raise CorrectionRefused(f"article {article_id} is not one of story {story.id}'s")
    if len(story.articles) == 1:
        raise CorrectionRefused(f"article {article_id} is story {story.id}'s only article")
    before = story.event
    rest = rebuild(story, [a for a in story.articles if a.id != article_id], side=side)
    for name in ("event", "actors", "categories", "text", "followups", "places", "articles", "updated"):
        setattr(story, name, getattr(rest, name))
    facts = article.facts or EventFacts()
    alone = Story(id=split_story_id(story.id, article.id), route=story.route, family=family_of(facts.type),
                  event=EventFacts(), split_from=story.id)
    merge(alone, facts, article, list(article.actors), set(article.categories), side=side)
    left = [f"{ANALYST} split “{article.title}” out of this story", *differences(before, story.event)]
    return Outcome([(story, left if len(left) > 1 else None),
                    (alone, [f"{ANALYST} split it out of the story “{_headline(story)}”"])], moved=True)


def _fact(story: Story, change, actor_of: Callable[[str], Actor | None]) -> list[str] | None:
    """Set one fact as the analyst says; the words say what it was, or None when it was already so."""
    event, update, names = story.event, {}, set()
    if isinstance(change, TollFix):
        update, names = {"killed": change.killed, "injured": change.injured}, {"killed", "injured"}
    elif isinstance(change, PerpetratorFix):
        doer = change.perpetrator
        update, names = {"perpetrator": doer, "claimed": True if doer and doer.basis == "claimed" else event.claimed}, \
            {"perpetrator", "claimed"}
        _recast(story, doer.actor if doer else None, actor_of)
    elif isinstance(change, PlaceFix):
        update, names = {"where": change.where}, {"where"}
        if all(p.name != change.where.name or p.country != change.where.country for p in story.places):
            story.places = [change.where, *story.places]
    elif isinstance(change, DateFix):
        update, names = {"date": change.date}, {"date"}
    story.corrected |= names
    changed = {name for name in names if getattr(event, name) != update[name]}
    evidence = tuple(e for e in event.evidence if _fact_of(e.fact) not in changed)  # it backs the old value
    story.event = event.model_copy(update={**update, "evidence": evidence})
    words = differences(event, story.event, verb="corrected")
    return [f"{ANALYST} {w}" for w in words] or None


def _recast(story: Story, doer: str | None, actor_of: Callable[[str], Actor | None]) -> None:
    """The named perpetrator takes the perpetrator's role; other doers keep only a mention."""
    for actor in list(story.actors.values()):
        if actor.role in ("perpetrator", "claimant") and actor.id != doer:
            story.actors[actor.id] = actor.model_copy(update={"role": "mentioned"})
    if doer is not None:
        known = story.actors.get(doer) or actor_of(doer)
        if known is not None:
            story.actors[doer] = known.model_copy(update={"role": "perpetrator"})


def _fact_of(evidence_fact: str) -> str:
    return {"when": "date"}.get(evidence_fact, evidence_fact)


def differences(before: EventFacts, after: EventFacts, *, verb: str = "now") -> list[str]:
    """The toll, perpetrator, place and date that differ, in words: "toll now 9 killed (was 54 killed)"."""
    words = []
    for name, show in (("toll", _toll), ("perpetrator", _doer), ("place", _place), ("date", lambda e: e.date)):
        was, now = show(before), show(after)
        if was != now:
            lead = f"corrected the {name} to" if verb == "corrected" else f"{name} now"
            words.append(f"{lead} {now or 'unknown'} (was {was or 'unknown'})")
    return words


def _toll(event: EventFacts) -> str | None:
    parts = [f"{event.killed} killed" if event.killed is not None else None,
             f"{event.injured} injured" if event.injured is not None else None]
    return ", ".join(p for p in parts if p) or None


def _doer(event: EventFacts) -> str | None:
    return f"{event.perpetrator.name} ({event.perpetrator.basis})" if event.perpetrator else None


def _place(event: EventFacts) -> str | None:
    where = event.where
    return ", ".join(dict.fromkeys(p for p in (where.name, where.admin1, where.country) if p)) if where else None


def _headline(story: Story) -> str:
    return story.articles[-1].title if story.articles else story.id
