"""Clues that two reports tell of one event when their places alone do not say so (consumers/alert/story_index.py):
one mass-casualty toll; a name (a road, a market, a person) that a report and the story's reports share; one
ruling (a conviction, a designation) told by several outlets; one crackdown (arrests, an operation) on one group in
one town; one attack whose doer the reports dispute; one round of talks; one crossing's closure."""

from __future__ import annotations

import re
from datetime import date, datetime

from consumers.alert.story import Story
from newsmon.messages import EventFacts


def one_mass_casualty(a: EventFacts, b: EventFacts) -> bool:
    """Two reports of ten or more killed in one country on one day, their tolls within a quarter of each other, or
    of the very same toll of five or more (eight border guards, one report placing the attack in the province, a
    reaction from abroad only in the country): one attack, however loosely each report places it."""
    if a.killed is None or b.killed is None:
        return False
    if a.killed == b.killed >= 5:
        return True
    return min(a.killed, b.killed) >= 10 and min(a.killed, b.killed) >= 0.75 * max(a.killed, b.killed)


_NAME = re.compile(r"\b[A-Z][\w'’-]{3,}")
_COMMON = frozenset("""police officials said says security forces monday tuesday wednesday thursday friday saturday
sunday january february march april june july august september october november december pakistan afghanistan
khyber pakhtunkhwa balochistan punjab sindh taliban tehreek islamic state counter terrorism department the""".split())


def names_shared(referred: EventFacts, story: Story) -> bool:
    """The clause that refers to the event names something (a road, a market, a town) the story's reports name."""
    sentences = " ".join(e.sentence for e in referred.evidence)
    words = {w.casefold().strip("'’") for w in _NAME.findall(sentences)} - _COMMON
    text = " ".join(a.title + " " + a.lead for a in story.articles).casefold()
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


RULINGS = ("conviction", "designation", "sanctions", "execution")


def one_ruling(story: Story, event: EventFacts, relation: str | None, gap: int | None, parties: frozenset[str]) -> int:
    """How strongly a ruling (a conviction, a designation, sanctions, an execution) is the story's, told by another
    outlet within two days (0: it is not): the same kind, and the same city with a party or a name in common, or
    the same province or country with a name in common ("Hafiz Saeed sentenced" in Lahore, in Punjab)."""
    if event.type != story.event.type or gap is None or gap > 2 or relation is None:
        return 0
    shared = names_shared(event, story)
    if relation == "place" and (shared or parties & story.parties):
        return 70 - 2 * gap
    return 60 - 2 * gap if relation in ("locality", "admin1", "country") and shared else 0


CRACKDOWNS = ("arrest", "operation")


def one_crackdown(story: Story, event: EventFacts, relation: str | None, gap: int | None, groups: frozenset[str]) -> int:
    """How strongly arrests or an operation is the story's, told by another outlet within a day (0:
    it is not): in the same town or district, against a group the story's reports also name as a party ("CTD
    arrests BLA operative in Karachi", "Karachi CTD nabs key BLA operative in crackdown"), however each types it."""
    if event.type not in CRACKDOWNS or story.event.type not in CRACKDOWNS or gap is None or gap > 1:
        return 0
    return 60 - 2 * gap if relation in ("place", "locality") and groups & story.parties else 0


def doer_disputed(a: EventFacts, b: EventFacts, relation: str | None, gap: int) -> bool:
    """Two reports of an attack in one town on one day that name different groups, not both on their own claim:
    the doer is disputed (a faction claims it, the ministry blames the TTP), which revises the story; two claims
    by two groups are two attacks."""
    if relation != "place" or gap > 1 or not (a.perpetrator and b.perpetrator):
        return False
    return not (a.perpetrator.basis == b.perpetrator.basis == "claimed")


def one_meeting(story: Story, event: EventFacts, parties: frozenset[str], same_city: bool, gap: int | None) -> int:
    """How strongly talks, a meeting or the agreement they reach (or a deal) is the story's, within two days of a
    report of it (0: it is not): one round of talks (the reports of each side, the failure announced next day), one
    purchase reported by two outlets. The parties of one are among the other's: in the city of the story's first
    report (`same_city`) when one names a single party, anywhere when both name two."""
    kinds, theirs = ("talks", "meeting", "agreement"), story.parties
    one_kind = event.type in kinds and story.event.type in kinds or event.type == story.event.type == "deal"
    if not one_kind or gap is None or not parties & theirs \
            or max(len(parties), len(theirs)) < 2 or not (parties <= theirs or theirs <= parties):
        return 0
    if min(len(parties), len(theirs)) < 2 and not same_city:
        return 0  # one party named: only in the city of the story's first report
    return 0 if gap > 2 else 70 - 2 * gap


def one_closure(relation: str | None, gap: int | None) -> int:
    """How strongly a crossing's closure is the story's closure (0: it is not): the same crossing, told by reports
    within two days of each other (each side's account, the reason given the next day)."""
    if gap is None or relation not in ("place", "locality"):
        return 0
    return 0 if gap > 2 else 70 - 2 * gap


_DEAD_ALONE = 5  # dead enough to name one event in one town when a report gives no wounded


def toll_pins(a: EventFacts, b: EventFacts) -> bool:
    """Two reports give one toll specific enough to name one event when neither can be dated: the same dead and the
    same wounded, or the same militants killed (three or more) and the same dead, or five dead or more when one of
    them gives no wounded (sample W's four undated reports of seven soldiers killed in Mach). A smaller figure alone
    is not enough: four dead in one district in 2022 and four dead there in 2026 are two attacks."""
    def same(x: int | None, y: int | None) -> bool:
        return x is not None and x == y and x > 0
    return (same(a.killed, b.killed) and same(a.injured, b.injured)) \
        or (same(a.attackers_killed, b.attackers_killed) and a.attackers_killed >= 3 and a.killed == b.killed) \
        or (same(a.killed, b.killed) and a.killed >= _DEAD_ALONE and (a.injured is None or b.injured is None))


def pins_a_report(story: Story, event: EventFacts) -> bool:
    """The toll pins the story's event, or one of its reports' (the story's toll rose since: 29 dead and 60
    wounded in the report an undated one repeats, 30 in a later one)."""
    return any(toll_pins(facts, event) for facts in (story.event, *(a.facts for a in story.articles if a.facts)))


def one_named_massacre(a: EventFacts, b: EventFacts) -> bool:
    """The same toll of ten dead or more, by the same group named on both sides: one attack however each report
    types it ("suicide attack" and "gunmen stormed"), and however wide its place ("in Iran")."""
    return bool(a.killed and a.killed >= 10 and a.killed == b.killed and a.perpetrator and b.perpetrator
                and a.perpetrator.actor == b.perpetrator.actor)


def compatible(a: str, b: str) -> bool:
    """Two families one event can be of (an attack, and the fight it became)."""
    return a == b or {a, b} == {"attack", "armed"}


def day_of(value: str | datetime | None) -> date | None:
    """The day of an ISO date or a time (None when there is none, or it cannot be read)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def days_apart(a: date | None, b: date | None) -> int | None:
    """Days between two days, when both are known."""
    return None if a is None or b is None else abs((a - b).days)
