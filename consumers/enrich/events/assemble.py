"""The main event of an article and the related events it mentions, each fact with the sentence it came from.

1. The main type is scored over the title, summary and first two body paragraphs, leaving out clauses about
   earlier or other events (see types.main_type), also the part of a title split off by "after last month's
   killings" and the like.
2. A clause belongs to the main event when it is in the title, summary or lead, is not background, and what it
   is about (its own triggers) is of the main type's family; a clause without triggers follows the clause
   before it in its paragraph. The title always belongs to it. A clause of another family (a bombing in an
   article about arrests; a past attack in an article about talks) starts or joins a related event: "background"
   when it is about an earlier event, "referenced" when the main event refers to it (the arrests for a bombing).
3. Facts come from the event's own clauses: casualties (a revised toll wins, else the largest count; only from
   the title and summary for talks, deals and the like), the first date, the most specific first place, the
   strongest attribution (claimed > blamed > reported > suspected; denials kept apart), and the targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from consumers.enrich.events.claims import Attribution, strongest
from consumers.enrich.events.one_sided import attacking_group
from consumers.enrich.events.targets import load_targets
from consumers.enrich.events.tolls import apart_from_attackers, of_militants, toll
from consumers.enrich.events.types import EventTypes, best_type
from newsmon.arabic_script import unify
from consumers.enrich.events.units import Unit
from consumers.enrich.events.where import place_of

_MAX_RELATED = 5


@dataclass
class Event:
    """One event of an article with its facts; evidence maps a fact name to the unit it came from."""

    type: str | None
    relation: str  # "main" | "background" | "referenced"
    units: list[Unit] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    attackers_killed: int | None = None
    when: date | None = None
    where: PlaceMention | None = None
    perpetrator: Attribution | None = None
    denied: list[str] = field(default_factory=list)
    claimed: bool = False
    targets: list[str] = field(default_factory=list)
    evidence: dict[str, Unit] = field(default_factory=dict)


def assemble(units: list[Unit], types: EventTypes) -> tuple[Event, list[Event]]:
    """The main event and the related events of an article's units."""
    head = [u for u in units if (u.section in ("title", "summary") or (u.section == "lead" and u.sentence.paragraph < 2))
            and (not u.background or (u.section == "title" and u.start == u.sentence.start))]
    kind = best_type(types, [(u.section, u.end - u.start, u.hits) for u in head])
    family = types.family.get(kind) if kind else None
    main = Event(kind, "main")
    related: list[Event] = []
    previous: Event | None = None
    told: dict[int, list[tuple[Event, Unit]]] = {}  # sentence index -> its clauses and the events they went to
    for unit in units:
        own = {types.family[t] for t in unit.types}
        head = unit.section in ("title", "summary", "lead")
        same_paragraph = previous is not None and previous.units[-1].sentence.paragraph == unit.sentence.paragraph \
            and previous.units[-1].section == unit.section
        if unit.section == "title" and not unit.background:
            target = main if not own or family in own or family is None else _related(related, unit, types, "referenced")
            if target is not main:
                main.units.append(unit)  # the title names both: the main event, and the event it refers to
        elif unit.background:
            target = _related(related, unit, types, "background") if own or unit.counts else None
        elif not own:
            # An untyped clause goes on with the event of the clause before it in its paragraph; in the title,
            # summary and lead it belongs to the main event otherwise; further down only when it says who did it.
            if same_paragraph and not _claim_of_the_attack(unit, previous, main, family, types):
                target = previous
            elif head or family is None or unit.attributions or unit.claim:
                target = main
            elif unit.counts and (all(c.kind == "injured" and not c.attackers for c in unit.counts)
                                  or _INCIDENT.search(unit.text)):
                target = main  # the wounded counted further down ("Three other cyclists were injured"), or the
                # toll of "this incident" ("اس واقعے میں پانچ افراد ہلاک")
            else:
                target = None
        elif (family is None or family in own or _continues(kind, unit.types, types)) and (
                head or any(c.update for c in unit.counts) or _refers_back(unit, family, types)):
            # further down, a clause of the same kind may be another event: only a revised toll, or words that point
            # back at the event told ("in the attack", "Saturday's bombing") join it; the earlier event, when the
            # sentence before told of nothing else ("... a bombing in Peshawar last month. The attack killed 60")
            before = told.get(unit.sentence.index - 1, [])
            earlier = before and all(u.background and e is previous and own & {types.family[t] for t in u.types}
                                     for e, u in before) and not (head or unit.dates)
            target = previous if earlier else main
        else:
            target = _related(related, unit, types, "referenced" if head else "background")
        if target is not None:
            target.units.append(unit)
            previous = target
            told.setdefault(unit.sentence.index, []).append((target, unit))
    _facts(main, types, main=True)
    stray = _other_days(main)
    if stray:  # "On Tuesday night, two policemen were killed in another attack, which the TTP claimed"
        main.units = [u for u in main.units if u not in stray]
        main.evidence, main.type = {}, kind
        related.append(Event(None, "background", units=stray))
        _facts(main, types, main=True)
    if (attacker := attacking_group(main)) is not None:  # a clash in which only the forces died
        main.type, main.evidence = "armed-assault", {}
        _facts(main, types, main=True)
        if attacker[0] and main.perpetrator is None:
            main.perpetrator = Attribution(attacker[0], "reported")
            main.evidence["perpetrator"] = attacker[1]
        family = "attack"
    if family == "attack":  # a clash's dead on both sides, or an operation's, are no attackers counted in
        apart_from_attackers(main, [u for u in units if not u.background])
    if main.type == "operation":  # not a strike: each side gives its own figure of the one dead
        of_militants(main, [u for u in units if not u.background])
    kept: list[Event] = []
    for event in related:
        _facts(event, types, main=False)
        if event.type is None or not _worth_telling(event, types):
            continue
        twin = next((k for k in kept if _same_event(k, event, types)), None)
        if twin is not None:
            twin.units += event.units
            _facts(twin, types, main=False)
        else:
            kept.append(event)
    if family in ("legal", "armed") and not any(e.relation == "referenced" for e in kept):
        referred = _referred_attack(main, types)
        if referred is not None:
            kept.insert(0, referred)
    return main, kept[:_MAX_RELATED]


# ("that attack" points at another event told just before: "Nine pilgrims were killed in that attack")
_POINTING = re.compile(r"(?:\b(?:the|this|today['’]s|yesterday['’]s|last\s+night['’]s|(?:mon|tues|wednes|thurs|fri|"
                       r"satur|sun)day['’]s)\s+(?:[\w-]+\s+){0,2}"
                       # this, that: Urdu, Persian, Pashto ("اس حملے", "این حمله", "دغه برید", "د دې برید")
                       r"|(?<!\w)(?:" + "|".join(unify(w) for w in ("اس", "این", "همین", "آن", "دغه", "دا", "دې"))
                       + r")\s+)$", re.I)  # in their one form: the text is (Pashto "دې" is "دی")


# "the incident", "this incident" (Urdu, Persian, Pashto, in their one form), a word for the event told of any kind
_INCIDENT = re.compile(r"\b(?:the|this)\s+incident\b|(?<!\w)(?:" + "|".join(unify(w) for w in ("اس", "این", "همین", "دغه", "دې"))
                       + r")\s+(?:" + "|".join(unify(w) for w in ("واقعے", "واقعہ", "سانحے", "حادثے", "حادثه", "رویداد",
                                                                  "پېښه", "پېښې", "پیښه", "پیښې"))
                       + r")(?!\w)", re.I)


_HAPPENED = re.compile(r"\b(?:happened|took\s+place|occurred|was\s+carried\s+out)\b|(?<!\w)(?:" + "|".join(
    unify(w) for w in ("پیش آیا", "پیش آئی", "رونما ہوا", "رخ داد", "روی داد", "پېښه شوه", "رامنځ ته شوه")) + r")(?!\w)",
    re.I)


def _refers_back(unit: Unit, family: str | None, types: EventTypes) -> bool:
    """A clause that names the event with "the", "this" or the day's possessive and gives no date of its own:
    "Two people were killed and seven injured in the attack", "the TTP claimed responsibility for the blast". The
    word so named must be of the event's family: "The designation was in response to a deadly attack ..., which
    killed 27" points at a designation, and its attack is another one."""
    if unit.dates or unit.background:
        return False
    if unit.claim:  # a claim with no date of its own is a claim of the event told ("د برید مسئولیت ... منلی دی")
        return True
    if unit.counts and _INCIDENT.search(unit.text):
        return True  # "اس واقعے میں پانچ افراد ہلاک": the toll of "this incident", the event told
    if not unit.hits:
        return False
    text = unit.text
    return any(_POINTING.search(text[:offset]) for kind, offset in unit.hits
               if family is None or types.family.get(kind) == family)


def _other_days(main: Event) -> list[Unit]:
    """Clauses of the main event below the title that date themselves two or more days away from its date: an
    earlier event the lead tells of, not this one; unless the clause gives the event's own toll ("Friday's attack
    ... killed 14 border guards" under a claim reported on Sunday of an attack that killed 14: the attack claimed)."""
    def own_toll(unit: Unit) -> bool:
        return main.killed is not None and any(c.kind == "killed" and not c.attackers and c.value == main.killed
                                               for c in unit.counts)

    return [] if main.when is None else [u for u in main.units if u.section != "title" and u.dates
                                         and all(abs((d.value - main.when).days) > 1 for d in u.dates)
                                         and not own_toll(u)]


def _referred_attack(main: Event, types: EventTypes) -> Event | None:
    """The attack an arrest or operation names only as its object ("arrested the men behind Tuesday's attack on a
    convoy near Karachi airport"): a referenced event with its type and place; the clause's date and counts are
    the arrest's, not the attack's."""
    for unit in main.units:
        attacks = [t for t in unit.refers if types.family.get(t) == "attack"]
        if unit.section in ("title", "summary", "lead") and attacks:
            event = Event(attacks[0], "referenced", units=[unit], evidence={"type": unit})
            place_of(event)
            return event
    return None


def _worth_telling(event: Event, types: EventTypes) -> bool:
    """A related event is kept when it has facts of its own, or is a violent event the main one refers to."""
    facts = (event.killed, event.injured, event.attackers_killed, event.perpetrator, event.when)
    return any(f is not None for f in facts) or event.claimed or bool(event.denied) or (
        event.relation == "referenced" and types.family.get(event.type or "") == "attack")


def _same_event(a: Event, b: Event, types: EventTypes) -> bool:
    """Two related events that are one: same family, and no toll or date that tells them apart."""
    if types.family.get(a.type or "") != types.family.get(b.type or "") or a.relation != b.relation:
        return False
    return all(x is None or y is None or x == y for x, y in ((a.killed, b.killed), (a.injured, b.injured), (a.when, b.when)))


def _continues(kind: str | None, found: list[str], types: EventTypes) -> bool:
    """An attack that turns into a clash, or that the forces answer in an operation told with it ("کارروائی کے دوران
    ... 12 خوارج ہلاک"), or a clash reported as an attack, is one event; so are raids and the arrests they made
    ("سی ٹی ڈی کے 129 آپریشن ... سات مبینہ دہشتگرد گرفتار")."""
    family = types.family.get(kind or "")
    return (family == "attack" and ("clash" in found or "operation" in found)) \
        or (kind == "clash" and any(types.family[t] == "attack" for t in found)) \
        or (kind == "operation" and "arrest" in found) or (kind == "arrest" and "operation" in found)


def _claim_of_the_attack(unit: Unit, previous: Event, main: Event, family: str | None, types: EventTypes) -> bool:
    """An untyped claim of responsibility after a clause of another kind of event in its paragraph ("The bombs'
    target appeared to be the office the elders were visiting. The TTP's spokesman called and claimed
    responsibility"): a claim is of an attack, so of the main attack, not of the visit."""
    if not unit.claim or family != "attack" or previous is main:
        return False
    return not any(types.family.get(t) == "attack" for u in previous.units for t in u.types)


def _related(related: list[Event], unit: Unit, types: EventTypes, relation: str) -> Event:
    """The related event this unit continues (same family, same or next paragraph), or a new one."""
    families = {types.family[t] for t in unit.types}
    if related:
        last = related[-1]
        last_families = {types.family[t] for u in last.units for t in u.types}
        same = unit.sentence.paragraph == last.units[-1].sentence.paragraph
        if (same and (not families or families & last_families)) or (not families and not unit.counts):
            return last
    event = Event(None, relation)
    related.append(event)
    return event


def _facts(event: Event, types: EventTypes, *, main: bool) -> None:
    if not event.units:  # every clause that typed it went to other events: nothing is said of this one
        event.type = None
        return
    seen = {t for u in event.units for t in u.types}
    if event.type is None:
        event.type = best_type(types, [(u.section if u.section in ("title", "summary") else "lead", u.end - u.start, u.hits)
                                       for u in event.units])
    if event.type is not None:
        event.type = types.most_specific(event.type, seen)
        event.evidence["type"] = next((u for u in event.units if event.type in u.types
                                       or types.refines.get(event.type) in u.types), event.units[0])
    family = types.family.get(event.type) if event.type else None
    own = [u for u in event.units if not main or not u.types or family in {types.family[t] for t in u.types}
           or _continues(event.type, u.types, types)]
    lead = [u for u in own if u.section in ("title", "summary", "lead") or not main or _refers_back(u, family, types)]
    if main and event.type in types.headline_casualties:
        lead = [u for u in own if u.section in ("title", "summary")]
    if main and family == "legal":  # "arrested the mastermind of an attack in which three were killed": the attack's toll
        lead = [u for u in lead if not any(types.family.get(t) == "attack" for t in u.refers)]
    told_below = main and event.type not in types.headline_casualties  # else only the headline's toll is its own
    if event.type in types.no_casualties:  # those an execution hangs are no toll (event_types.yaml)
        event.killed = event.injured = event.attackers_killed = None
        for name in ("killed", "injured", "attackers_killed"):
            event.evidence.pop(name, None)
    else:
        toll(event, lead, [u for u in own if u.section == "body"] if told_below else [])
    # the main event's date is that of a clause that tells of it (its type, its toll, "the incident", "it happened"):
    # "Poonch ... is going to polls in the sixth phase on May 25" dates the polls, not the ambush
    # another event's date is not that of a clause reporting an event of another kind ("IRAN, Nov 13: Iran has
    # carried out the execution of three ... convicted of orchestrating a bomb attack" dates the execution)
    dated = next((u for u in (lead if main else event.units) if u.dates and (
        u.types or u.counts or _INCIDENT.search(u.text) or _HAPPENED.search(u.text) if main
        else {types.family[t] for t in u.types + u.refers} <= {family})), None)
    if dated is not None:
        event.when, event.evidence["when"] = dated.dates[0].value, dated
    place_of(event)
    found = [a for u in event.units for a in u.attributions] if family in ("attack", None) else []
    event.perpetrator = strongest(found)
    if event.perpetrator is not None:
        event.evidence["perpetrator"] = next(u for u in event.units if event.perpetrator in u.attributions)
    event.denied = list(dict.fromkeys(a.actor for a in found if a.basis == "denied"))
    claim = next((u for u in event.units if u.claim), None) if family in ("attack", None) else None
    event.claimed = claim is not None or (event.perpetrator is not None and event.perpetrator.basis == "claimed")
    if claim is not None:
        event.evidence["claimed"] = claim
    for unit in lead if family == "attack" else []:
        for target in unit.targets(load_targets()):
            if target not in event.targets:
                event.targets.append(target)
                event.evidence.setdefault("target", unit)
