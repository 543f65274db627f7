"""A clash in which only the forces die: a militant group's attack, told as a fight ("a clash between armed
Taliban and police left seventeen policemen dead", "د وسله والو طالبانو او پوليسو تر منځ نښته ... اوولس پوليس
وژل شوي"). Its one group that governs nothing is the perpetrator, as the report tells it; with no group named, it is an
attack of unnamed gunmen. A clash in which militants die too, or between two states (or a state and a governing
group alone), stays a clash.

Reads the main event's clauses and facts (assemble.Event); gives the group and the clause that names it, or None.
"""

from __future__ import annotations

import re
from typing import Protocol

from consumers.enrich.events.casualties import ATTACKER_NOUNS
from consumers.enrich.events.native import load_rules
from consumers.enrich.events.units import Unit
from newsmon.arabic_script import unify

_BORDER = re.compile(r"\b(?:border|frontier|LoC|line\s+of\s+control)\b|(?<!\w)(?:%s)(?!\w)"
                     % "|".join(unify(w) for w in ("سرحد", "مرز", "پوله", "پولې", "بارڈر", "ډیورنډ")), re.I)
# the forces' or the people's dead, in the words of the count itself
_THEIR_DEAD = re.compile(r"\b(?:police\w*|soldiers?|troops|army|security\s+forces|border\s+guards|guards|levies|"
                         r"personnel|officers|constables|civilians?|people|villagers|passers-by)\b|(?<!\w)(?:%s)(?!\w)"
                         % "|".join(unify(w) for w in ("پولیس", "پوليس", "پولیسو", "پوليسو", "سرتیري", "سرتېري", "پوځ",
                                                       "فوج", "ارتش", "سربازان", "سرباز", "مرزبانان", "اہلکار", "ملکي",
                                                       "وګړي", "غیرنظامی", "شهروندان", "شهروند", "افراد", "شہری", "نفر", "تن", "تنه",
                                                       "کسان", "نیروی", "نیروهای", "مأمور", "مامور", "ماموران",
                                                       "جوان", "جوانوں", "سپاہی", "سپاہیوں")), re.I)

# the men who fought the forces, named as a gang and not as a state's: the attackers' nouns the toll rules share
# ("gunmen", "militants", "وسله والو"), and the bandits and traffickers the border guards of Iran meet
_GUNMEN = re.compile(r"\b(?:%s)\b" % "|".join(sorted(ATTACKER_NOUNS | {"bandits", "traffickers", "smugglers"})), re.I)


def _gunmen_named(text: str) -> bool:
    folded = unify(text)
    return _GUNMEN.search(folded) is not None or load_rules().attackers.search(folded) is not None


# a state's name on a border, alone or in a pair ("on the Pakistan-Afghanistan border", "Pak-Afghan border", "on the
# border with Pakistan"): where, not who (its border forces or posts are its own: "Afghan border forces opened fire")
_BORDER_OF = re.compile(r"^(?:[-–/][\w]+)?\s+(?:border|frontier|boundary)\b(?!\s+(?:guards?|forces|police|troops|"
                        r"personnel|posts?|security|officials|authorities|units?))", re.I)
_BORDER_WITH = re.compile(r"\b(?:border|frontier|boundary)\s+with\s+(?:the\s+)?$", re.I)


def on_a_border(text: str, start: int, end: int) -> bool:
    """The state named at text[start:end] names a border, not a party."""
    return bool(_BORDER_OF.match(text[end:]) or _BORDER_WITH.search(text[max(0, start - 30):start]))


_HEAD = ("title", "summary", "lead")


class Event(Protocol):
    """What of the main event (assemble.Event) is read."""

    type: str | None
    units: list[Unit]
    killed: int | None
    attackers_killed: int | None


def attacking_group(event: Event) -> tuple[str, Unit] | None:
    """The one group that governs no state named in the clash's own clauses, when the victims alone are counted
    ("" when no group, no second state and no border is named: unnamed gunmen fought one state's forces)."""
    if event.type != "clash" or not event.killed or event.attackers_killed:
        return None
    head = [u for u in event.units if u.section in _HEAD]
    if any(c.attackers for u in event.units for c in u.counts):
        return None  # a militant's death is counted somewhere: a fight, not an attack
    if not any(_forces_counted(c, u) for u in head for c in u.counts if c.kind == "killed"):
        return None  # the dead counted are not said to be the forces ("killed a commander of the group")
    groups = {m.actor: u for u in head for m in u.actors if m.kind == "group" and m.governs is None}
    states = {m.governs or m.actor for u in head for m in u.actors if (m.kind == "state" or m.governs)
              and not on_a_border(u.sentence.text, m.start - u.sentence.start, m.end - u.sentence.start)}
    # a border clash is two states' forces fighting, unless the report names the gunmen who fought the one state
    border = any(_BORDER.search(unify(u.text)) for u in head) and not any(_gunmen_named(u.text) for u in head)
    if not groups and len(states) <= 1 and not border:
        return "", head[0] if head else event.units[0]  # unnamed gunmen against one state's forces: no doer named
    return next(iter(groups.items())) if len(groups) == 1 else None


def _forces_counted(count, unit: Unit) -> bool:
    """The count's own words name the forces or civilians ("seventeen policemen were killed", "اوولس پوليس")."""
    words = unify(unit.sentence.text[count.start: count.end])
    return _THEIR_DEAD.search(words) is not None
