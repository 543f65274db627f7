"""Which of an event's counts is its toll (consumers/enrich/events/assemble.py gives the event and its clauses).

- A revised toll anywhere in the event wins; else the largest count of its lead clauses that does not call its
  figure an initial one; victims, injured and attackers killed each apart. An estimate ("nearly 100") gives way
  to an exact figure of its size.
- A toll that counts the attackers too, where the report also gives the two apart, is replaced by the victims'
  own figure.
- A toll that another clause counts as the militants by the same figure (a headline's dead, an operation's) is
  the militants', unless one sentence gives both.
"""

from __future__ import annotations

import re
from typing import Protocol

from consumers.enrich.events.units import Unit
from newsmon.arabic_script import unify


class Event(Protocol):
    """What of an event (assemble.Event) its toll is read into."""

    killed: int | None
    injured: int | None
    attackers_killed: int | None
    evidence: dict[str, Unit]


def toll(event: Event, lead: list[Unit], later: list[Unit]) -> None:
    """A revised toll anywhere in the event wins; else the largest count in its lead clauses."""
    for kind, attackers, name in (("killed", False, "killed"), ("injured", False, "injured"),
                                  ("killed", True, "attackers_killed")):
        updates = [(c, u) for u in lead + later for c in u.counts
                   if c.kind == kind and c.update and c.attackers == attackers]
        plain = [(c, u) for u in lead for c in u.counts if c.kind == kind and c.attackers == attackers]
        # the wounded are often counted only further down ("Three other cyclists were injured"): any clause of the
        # event gives them when its lead does not (a figure of the wounded makes no alert critical)
        further = [(c, u) for u in later for c in u.counts if c.kind == kind == "injured" and not c.attackers]
        pool = _firm(updates or _official(_current(plain)) or _official(_current(further)),
                     [] if updates else [(c, u) for u in later for c in u.counts if c.kind == kind
                                         and c.attackers == attackers and not c.update])
        if pool:
            count, unit = max(pool, key=lambda pair: pair[0].value)
            setattr(event, name, count.value)
            event.evidence[name] = unit
    if event.killed and event.attackers_killed and event.attackers_killed < event.killed and any(
            c.with_attackers and c.value == event.killed for u in lead + later for c in u.counts):
        event.killed -= event.attackers_killed  # "the toll ... to 37 including the attackers", ten of whom were killed


# a figure the report itself says was superseded: "two gunners were initially reported killed, while four personnel
# sustained injuries" (three of the four died later; the lead's one injured is the toll)
_SUPERSEDED = re.compile(r"\b(?:initial(?:ly)?|at\s+first|first\s+reports?|earlier\s+reports?)\b", re.I)


def _current(pool: list) -> list:
    """The counts of clauses that do not say their figure was an initial one (all of them when every one does)."""
    current = [(c, u) for c, u in pool if not _SUPERSEDED.search(u.sentence.text)]
    return current or pool


# a group's own word for the toll it inflicted ("the Taliban spokesman says 28 soldiers were killed", "د طالبانو ویاند
# ... وایي"): a claim, which the officials' figure, where the report gives one, outweighs
_SAYS = re.compile(r"\b(?:says?|said|claims?|claimed|spokes(?:man|person)|according\s+to)\b|(?<!\w)(?:%s)(?!\w)" % "|".join(
    unify(w) for w in ("ویاند", "وایي", "ویلي", "ادعا", "ترجمان", "سخنگوی", "کا کہنا", "کہنا ہے", "دعوی", "دعویٰ",
                       "گفته", "گفت")), re.I)


# a figure given as an estimate ("Nearly two dozen others were wounded") beside one given exactly ("21 others were
# wounded," the police chief said): the exact one is the toll; "at least" and "more than" are floors, not estimates
_ROUGH = re.compile(r"\b(?:nearly|almost|about|around|roughly|approximately|some|close\s+to|an\s+estimated)\s+$", re.I)


def _firm(pool: list, later: list) -> list:
    """An estimate gives way to an exact figure of the same size (half of it or more) in the same clauses or,
    failing those, further down; else the counts stand as they are."""
    rough = [(c, u) for c, u in pool if _rough(c, u.sentence.text)]
    if not rough:
        return pool
    estimate = max(c.value for c, _ in rough)

    def exact(pairs: list) -> list:
        return [(c, u) for c, u in pairs
                if not _rough(c, u.sentence.text) and estimate / 2 <= c.value <= estimate * 1.5]
    return exact(pool) or _official(exact(later)) or pool


def _rough(count, text: str) -> bool:
    figure = text[count.start:count.end]
    return _ROUGH.search(text[:count.start]) is not None or _ROUGH.match(figure.split(" ", 1)[0] + " ") is not None


def _official(pool: list) -> list:
    """The counts not given in a militant group's own words, nor as one side's claim of what it inflicted (all of
    them when every one is)."""
    official = [(c, u) for c, u in pool if not _groups_word(u) and not _claimed_that(u)]
    return official or pool


# one side's claim of the other's losses: "The Taliban forces, however, claimed that 19 Pakistani soldiers were
# killed" (a claim of responsibility, or the police's claim, is not this)
_CLAIMED_THAT = re.compile(r"\bclaim(?:ed|s|ing)?\s+(?:that\s+|to\s+have\s+)", re.I)


def _claimed_that(unit: Unit) -> bool:
    return _CLAIMED_THAT.search(unit.text) is not None and _NOT_THE_GROUPS.search(unify(unit.text)) is None


# a claim of responsibility retells the toll, and officials or the police are not the group
_NOT_THE_GROUPS = re.compile(r"\b(?:responsibility|police|officials?|authorities|ministry|military|army|ispr)\b|"
                             r"(?<!\w)(?:%s)(?!\w)" % "|".join(unify(w) for w in (
                                 "ذمہ داری", "مسئولیت", "مسوولیت", "مسؤلیت", "پولیس", "پلیس", "چارواکي", "مقامات",
                                 "حکام", "وزارت")), re.I)


def _groups_word(unit: Unit) -> bool:
    """The clause gives its figure as a group's word: a group is named in it with a word of saying, and no state,
    no official and no claim of responsibility."""
    text = unify(unit.text)
    return {m.kind for m in unit.actors} == {"group"} and _SAYS.search(text) is not None \
        and _NOT_THE_GROUPS.search(text) is None


def apart_from_attackers(event: Event, units: list[Unit]) -> None:
    """A toll that counts the attackers too ("attack on army camp with 11 dead"), when the report gives the two
    apart in one sentence ("5 terrorists were killed and six soldiers died"): the victims' own figure is the toll."""
    if event.killed is None:
        return
    killed = [(c, u) for u in units for c in u.counts if c.kind == "killed"]
    attackers = {(u.sentence.index, c.value) for c, u in killed if c.attackers}  # told apart in one sentence
    apart = [(c, u) for c, u in killed if not c.attackers and c.value < event.killed
             and (u.sentence.index, event.killed - c.value) in attackers]
    if apart:
        count, unit = apart[0]
        event.attackers_killed = event.attackers_killed or event.killed - count.value
        event.killed, event.evidence["killed"] = count.value, unit
        return
    # the headline's dead are the attackers the lead counts by the same figure ("کندهار کې د طالبانو برید تمبول
    # شوی او ۳۶ تنه یې وژل شوي" above "۳۶ وسله وال طالبان ... وژل شوي"), and no clause below it counts victims so;
    # not when the headline itself tells the two apart ("3 اہلکار شہید، 3 دہشتگرد ہلاک")
    victims = _counted_as_militants(event, killed)
    if victims and all(u.section in ("title", "summary") for _, u in victims):
        _as_militants(event, [(c, u) for c, u in killed if not c.attackers and c.value != event.killed])


def of_militants(event: Event, units: list[Unit]) -> None:
    """An operation's dead counted as the militants elsewhere by the same figure are the militants
    ("CTD claims killing 12 terrorists" above "all 12 on board were killed"), unless one sentence tells the two
    apart ("12 terrorists and 12 soldiers"): the forces' own toll is not the militants'."""
    if event.killed is not None and _counted_as_militants(
            event, [(c, u) for u in units for c in u.counts if c.kind == "killed"]) is not None:
        _as_militants(event, [])


def _counted_as_militants(event: Event, killed: list) -> list | None:
    """The victims' counts of the event's toll when a clause counts militants by that same figure and no sentence
    gives both (None when none does, or one sentence tells the two apart)."""
    same = [(c, u) for c, u in killed if c.value == event.killed]
    militants = {u.sentence.index for c, u in same if c.attackers}
    victims = [(c, u) for c, u in same if not c.attackers]
    if not militants or militants & {u.sentence.index for _, u in victims}:
        return None
    return victims


def _as_militants(event: Event, others: list) -> None:
    """The toll becomes the attackers' figure; the largest of `others` (victims counted beside them) is the toll."""
    event.attackers_killed = event.attackers_killed or event.killed
    event.killed = None
    event.evidence.pop("killed", None)
    if others:  # the victims the lead counts beside them ("... and two soldiers were killed")
        count, unit = max(others, key=lambda pair: pair[0].value)
        event.killed, event.evidence["killed"] = count.value, unit
