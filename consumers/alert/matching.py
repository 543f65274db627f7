"""Which watch rules a story matches now, and why in words. Pure: a story view and the rules in, hits out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from consumers.alert.rule_model import Rule
from newsmon.arabic_script import unify
from newsmon.messages import SEVERITIES, EventFacts, RuleHit


@dataclass(frozen=True)
class StoryView:
    """What rules look at: the story's main event, the actors with a part in it, its labels and words."""

    event: EventFacts
    roles: dict[str, str]  # actor id -> role in the event
    kinds: dict[str, str]  # actor id -> group | state
    names: dict[str, str] = field(default_factory=dict)
    categories: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    text: str = ""  # titles and leads, lower case


@dataclass(frozen=True)
class Vocabulary:
    """How to read ids: a type's family, an actor's branches-and-self (lineage)."""

    family_of: Callable[[str], str | None]
    lineage: Callable[[str], set[str]]  # actor id -> itself and its ancestors


def match_rules(rules: list[Rule], view: StoryView, vocab: Vocabulary) -> list[RuleHit]:
    """The rules the story matches, in rule order, each with its severity for this story and why."""
    hits = []
    for rule in rules:
        why = _why(rule, view, vocab)
        if why is not None:
            hits.append(RuleHit(id=rule.id, name=rule.name, severity=severity_of(rule, view.event), why=why))
    return hits


def severity_of(rule: Rule, event: EventFacts) -> str:
    """The rule's severity, raised by the main event's own toll as severity_when_killed says (never lowered)."""
    killed = event.killed or 0
    reached = [level for level, bar in rule.severity_when_killed.items() if killed >= bar]
    return max((rule.severity, *reached), key=SEVERITIES.index)


def highest(hits: list[RuleHit]) -> str:
    """The highest severity among the hits."""
    return max((h.severity for h in hits), key=SEVERITIES.index)


def _type_ok(values: tuple[str, ...], event_type: str | None, vocab: Vocabulary) -> bool:
    if event_type is None:
        return False
    family = vocab.family_of(event_type)
    return any(v == event_type or v == f"family:{family}" for v in values)


def _why(rule: Rule, view: StoryView, vocab: Vocabulary) -> str | None:
    event, reasons = view.event, []
    if rule.event_types:
        if not _type_ok(rule.event_types, event.type, vocab):
            return None
        reasons.append(event.type.replace("-", " "))
    if rule.exclude_event_types and _type_ok(rule.exclude_event_types, event.type, vocab):
        return None
    where = event.where.country if event.where else None
    if rule.countries:
        principal_states = {a for a, r in view.roles.items() if view.kinds.get(a) == "state" and r != "mentioned"}
        place = where if where else next((c for c in principal_states if c in rule.countries), None)
        if place not in rule.countries:
            return None
        reasons.append(f"in {event.where.name if event.where and where else place}")
    if rule.admin1:
        if not (event.where and event.where.admin1 in rule.admin1):
            return None
        reasons.append(f"({event.where.admin1})")
    perpetrator = event.perpetrator
    if rule.perpetrator:
        if perpetrator is None or not (vocab.lineage(perpetrator.actor) & set(rule.perpetrator)):
            return None
        reasons.append(f"by {perpetrator.name} ({perpetrator.basis})")
    if rule.basis and (perpetrator is None or perpetrator.basis not in rule.basis):
        return None
    if rule.claimed is not None and bool(event.claimed) != rule.claimed:
        return None
    if rule.denied is not None and bool(event.denied_by) != rule.denied:
        return None
    if rule.min_killed is not None:
        if (event.killed or 0) < rule.min_killed:
            return None
        reasons.append(f"{event.killed} killed")
    if rule.actors is not None:
        found = _actors(rule, view, vocab)
        if found is None:
            return None
        reasons.append(found)
    blocked = set(rule.exclude_actors)
    if blocked and any(vocab.lineage(a) & blocked for a, r in view.roles.items() if r != "mentioned"):
        return None
    if rule.keywords:
        word = next((k for k in rule.keywords if _has_word(view.text, k)), None)
        if word is None:
            return None
        reasons.append(f'"{word}" in the text')
    if any(_has_word(view.text, k) for k in rule.exclude_keywords):
        return None
    if rule.categories and not set(rule.categories) & view.categories:
        return None
    if set(rule.exclude_categories) & view.categories:
        return None
    if rule.languages and not set(rule.languages) & view.languages:
        return None
    return " ".join(reasons) or "all conditions hold"


@lru_cache(maxsize=1024)
def _word_pattern(keyword: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(unify(keyword).lower()))


def _has_word(text: str, keyword: str) -> bool:
    """A keyword at the start of a word of the (lower-case) text: "militan" in "militants", not "isk" in "risk"."""
    return _word_pattern(keyword).search(text) is not None


def _actors(rule: Rule, view: StoryView, vocab: Vocabulary) -> str | None:
    condition = rule.actors
    present = [a for a, role in view.roles.items() if role in condition.roles]
    lineages = {a: vocab.lineage(a) for a in present}

    def having(wanted: str) -> list[str]:
        return [a for a in present if wanted in lineages[a]]

    if condition.all and not all(having(w) for w in condition.all):
        return None
    chosen = [a for w in condition.all for a in having(w)]
    if condition.any:
        matched = [a for w in condition.any for a in having(w)]
        if not matched:
            return None
        chosen += matched
    chosen = list(dict.fromkeys(chosen))
    return ", ".join(f"{view.names.get(a, a)} ({view.roles[a]})" for a in chosen)
