"""Event types from an editable file (data/event_types.yaml): triggers per sentence, and the main event's type.

See the file's header for its format and for how the main type is scored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from consumers.enrich.events.casualties import ATTACKER_NOUNS
from consumers.enrich.events.numbers import NUMBER_WORDS, SCALES
from newsmon.arabic_script import has_arabic_script, unify
from newsmon.errors import ConfigError

TYPES_FILE = DATA_DIR / "event_types.yaml"
FAMILIES = ("attack", "armed", "legal", "diplomacy", "civil")
SECTION_WEIGHTS = {"title": 100.0, "summary": 10.0, "lead": 1.0}
NOT_AN_EVENT = "not_an_event"  # the file's list of phrases that hold a trigger's words and are no event


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_ENDINGS = ("", "s", "es", "d", "ed", "ing")
# Words an ending makes of a trigger that mean something else ("according to" is no accord).
_NOT_FORMS = frozenset({"according"})


@dataclass(frozen=True)
class EventTypes:
    """Triggers as a table of word sequences (every listed ending of the last word included) and what each
    type is. Looking words up in a table is what keeps this fast: one pass over the words of a sentence."""

    order: tuple[str, ...]
    family: dict[str, str] = field(hash=False)
    refines: dict[str, str] = field(hash=False)
    headline_casualties: frozenset[str] = frozenset()
    no_casualties: frozenset[str] = frozenset()  # types whose dead are no toll (those an execution hangs)
    title_only: frozenset[str] = frozenset()
    table: dict[tuple[str, ...], str] = field(default_factory=dict, hash=False)
    longest: int = 1
    first_words: frozenset[str] = frozenset()  # first words of the triggers of more than one word
    single: dict[str, str] = field(default_factory=dict, hash=False)  # one-word triggers

    def hits(self, text: str, *, in_title: bool = False) -> list[tuple[str, int]]:
        """(type, offset) of every trigger in text; title-only types count only when in_title."""
        return [(name, start) for name, start, _ in self.spans(text, in_title=in_title)]

    def spans(self, text: str, *, in_title: bool = False) -> list[tuple[str, int, int]]:
        """(type, start, end) of every trigger in text, longest first and without overlaps; title-only types
        count only when in_title."""
        matches = list(_WORD.finditer(text.replace("’", "'")))
        words = [m.group(0).lower() for m in matches]
        found, i, table, first, single, count = [], 0, self.table, self.first_words, self.single, len(words)
        while i < count:
            word, n, name = words[i], 1, None
            if word in first:
                for n in range(min(self.longest, count - i), 1, -1):
                    name = table.get(tuple(words[i:i + n]))
                    if name is not None:
                        break
            if name is None:
                n, name = 1, single.get(word)
            if name is None and word in _KILL_VERBS and "attack" in self.family and _killers_kill(words, i):
                name = "attack"  # "ultras kill eight jawans", "gunmen killed three policemen"
            if name == NOT_AN_EVENT or (self.family.get(name) == "diplomacy" and _ahead_of(words, i)):
                name = None  # "met their demise": the words are taken, and no type is found in them; "on the eve of
                # the PM's visit, ultras kill eight jawans": the visit only dates what happened
            elif name is not None and (in_title or name not in self.title_only):
                if self.family.get(name) == "attack" and _militants_killed(words, i, n):
                    name = "operation" if "operation" in self.family else name
                elif n == 1 and words[i] == "struck" and _BLOWS.intersection(words[max(0, i - 3):i]):
                    name = "attack" if "attack" in self.family else name
                found.append((name, matches[i].start(), matches[i + n - 1].end()))
            i += n
        return found

    def most_specific(self, name: str, seen: set[str]) -> str:
        """For a general type (an attack), the most specific type seen that refines it (a suicide-bombing over
        a bombing); a type that is already specific stays."""
        if name in self.refines:
            return name
        refined = [t for t in self.order if self.refines.get(t) == name and t in seen]
        return refined[0] if refined else name


# militants a security force kills (not the fighters of a clash, nor kidnappers or hijackers, whose killing ends
# their own attack)
_MILITANTS = ATTACKER_NOUNS - {"fighter", "fighters", "perpetrator", "perpetrators", "kidnapper", "kidnappers",
                               "abductor", "abductors", "hijacker", "hijackers"}
_KILLING = frozenset({"gunned", "shot", "killed", "neutralised", "neutralized", "eliminated"})
# ("at", "as" and "on" also follow an active verb: "shot dead at least three", "as many as six", "on Sunday a ...")
_AFTER_PASSIVE = frozenset({"in", "by", "during", "near", "after", "while", "across", "along"})


# who or what "struck" when it is no state's strike: "a suicide bomber struck a private hospital", "a blast struck
# the market" (an attack; the unit's other words make it a bombing)
_BLOWS = frozenset({*(ATTACKER_NOUNS - {"fighter", "fighters"}), "bomb", "bombs", "blast", "blasts", "explosion",
                    "explosions", "ied", "ieds", "grenade", "grenades"})


def _ahead_of(words: list[str], i: int) -> bool:
    """The words before a trigger set a time by it: "ahead of", "on the eve of", "days before" (the PM's visit)."""
    before = words[max(0, i - 5):i]
    pairs = set(zip(before, before[1:]))
    return bool(pairs & {("ahead", "of"), ("eve", "of"), ("prior", "to")}) or (
        "before" in before and bool({"days", "day", "hours", "weeks", "just", "shortly"} & set(before)))


_KILL_VERBS = frozenset({"kill", "kills", "killed"})


def _killers_kill(words: list[str], i: int) -> bool:
    """Militants named right before a verb of killing whose object, after its number, is people a militant attack
    hits ("ultras kill eight jawans", "gunmen killed three policemen"): they attacked. Not "Taliban kill 6 members of
    IS" (militants killed), nor "26 militants killed, 50 arrested" (said of them: _militants_killed)."""
    if i == 0 or words[i - 1] not in _MILITANTS:
        return False
    for word in words[i + 1: i + 5]:
        if not (word.isdigit() or word in _QUANTITY):
            return word in _VICTIM_NOUNS
    return False


_VICTIM_NOUNS = frozenset({"people", "civilians", "soldiers", "troops", "policemen", "police", "jawans", "guards",
                           "workers", "passengers", "villagers", "children", "women", "worshippers", "pilgrims",
                           "personnel", "officers", "security"})


def _militants_killed(words: list[str], i: int, n: int) -> bool:
    """ "11 terrorists gunned down in Lakki Marwat IBO": a killing said of militants, with nobody after it as its
    object, is security forces acting (an operation), not an attack by them ("militants gunned down two
    policemen" stays an attack); so is a killing whose object is militants ("CTD claims killing 12 terrorists")."""
    after = words[i + n] if i + n < len(words) else None
    if i > 0 and words[i - 1] in _MILITANTS and words[i] in _KILLING and (after is None or after in _AFTER_PASSIVE):
        return True
    if n != 1 or words[i] != "killing" or (i > 0 and words[i - 1] in _MILITANTS):
        return False
    for word in words[i + 1: i + 5]:  # its object: a number or a quantity, then militants
        if word in _MILITANTS:
            return True
        if not (word.isdigit() or word in _QUANTITY):
            return False
    return False


_QUANTITY = frozenset({*NUMBER_WORDS, *SCALES, "dozens", "several", "many", "more", "at", "least", "of", "the",
                       "suspected", "alleged", "armed", "wanted", "foreign", "local"})


def _forms(trigger: str) -> list[tuple[str, ...]]:
    """The word sequences a trigger matches: its words (hyphens split like spaces), the last one with each ending."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(unify(trigger))]
    if words and has_arabic_script(words[-1]):
        return [tuple(words)]  # Urdu, Persian and Pashto forms are listed as written: no English endings
    forms = [tuple(words[:-1]) + (words[-1] + ending,) for ending in _ENDINGS] if words else []
    return [form for form in forms if form[-1] == words[-1] or form[-1] not in _NOT_FORMS]


@lru_cache(maxsize=4)
def load_types(path: Path = TYPES_FILE) -> EventTypes:
    """Read and compile an event-types file; ConfigError names the file and the problem."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read event types: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise ConfigError(f"{path}: expected a mapping of event type names to their triggers")
    entries: list[tuple[str, str]] = []
    family, refines, headline, title_only, untolled = {}, {}, set(), set(), set()
    for name, spec in data.items():
        name = str(name)
        if name == NOT_AN_EVENT:
            if not isinstance(spec, list) or not all(isinstance(t, str) and t.strip() for t in spec):
                raise ConfigError(f"{path}: {NOT_AN_EVENT} must be a list of phrases")
            entries += [(unify(t.strip()).lower(), name) for t in spec]
            continue
        triggers = spec.get("triggers") if isinstance(spec, dict) else None
        if not isinstance(triggers, list) or not triggers or not all(isinstance(t, str) and t.strip() for t in triggers):
            raise ConfigError(f"{path}: event type {name!r} needs a non-empty list of trigger strings")
        if spec.get("family") not in FAMILIES:
            raise ConfigError(f"{path}: event type {name!r}: family must be one of {', '.join(FAMILIES)}")
        if spec.get("casualties", "lead") not in ("lead", "headline", "none"):
            raise ConfigError(f"{path}: event type {name!r}: casualties must be 'lead' or 'headline' "
                              "(or 'none': no toll)")
        family[name] = spec["family"]
        if spec.get("refines"):
            refines[name] = str(spec["refines"])
        if spec.get("casualties") == "none":
            untolled.add(name)
        if spec.get("casualties") == "headline":
            headline.add(name)
        if spec.get("title_only"):
            title_only.add(name)
        native = spec.get("native") or []
        if not isinstance(native, list) or not all(isinstance(t, str) and t.strip() for t in native):
            raise ConfigError(f"{path}: event type {name!r}: native must be a list of trigger strings")
        entries += [(t.strip().lower(), name) for t in (*triggers, *native)]
    for name, general in refines.items():
        if general not in family:
            raise ConfigError(f"{path}: event type {name!r} refines unknown type {general!r}")
    table: dict[tuple[str, ...], str] = {}
    for trigger, name in entries:
        for form in _forms(trigger):
            table.setdefault(form, name)  # the file's first listing of a word sequence decides its type
    return EventTypes(order=tuple(str(n) for n in data if n != NOT_AN_EVENT), family=family, refines=refines,
                      headline_casualties=frozenset(headline), no_casualties=frozenset(untolled),
                      title_only=frozenset(title_only),
                      table=table, longest=max(len(form) for form in table),
                      first_words=frozenset(form[0] for form in table if len(form) > 1),
                      single={form[0]: name for form, name in table.items() if len(form) == 1})


def main_type(types: EventTypes, weighted: list[tuple[str, str]]) -> str | None:
    """The main event's type from (section, text) pairs: title, summary and lead sentences not about other events."""
    return best_type(types, [(section, len(text), types.hits(text, in_title=section == "title"))
                             for section, text in weighted])


def best_type(types: EventTypes, scored: list[tuple[str, int, list[tuple[str, int]]]]) -> str | None:
    """The type with the highest score over (section, text length, [(type, offset)]) triples, within the family
    with the highest score (a lead that says "shot dead" and "the attackers" is about an attack even when a
    later sentence names the search operation that followed)."""
    scores: dict[str, float] = {}
    for section, length, hits in scored:
        weight = SECTION_WEIGHTS.get(section, 0.0)
        for name, offset in hits:
            scores[name] = scores.get(name, 0.0) + weight * (2 - offset / max(length, 1))
    if not scores:
        return None
    by_family: dict[str, float] = {}
    for name, value in scores.items():
        by_family[types.family[name]] = by_family.get(types.family[name], 0.0) + value
    family = max(by_family, key=lambda f: (by_family[f], -min(types.order.index(n) for n in scores if types.family[n] == f)))
    return max((n for n in types.order if types.family[n] == family), key=lambda name: scores.get(name, 0.0))


_SAYS_TOLL = re.compile(r"(?:says|said)\s+(?:[\w'’-]+\s+){0,4}?(?:kill|kills|killed|dead|die|dies|died)\b", re.I)
_CONDEMN = re.compile(r"(?:condemn|denounc|deplor|mourn|slam|مذمت|محکوم|غندن)", re.I)
# "..., says PM after 4 policemen killed in attack": what is said is said of the event that follows
_AFTER = re.compile(r"\b(?:after|following|in the wake of)\b", re.I)


def said_of_the_event(hits: list[tuple[str, int]], text: str) -> list[tuple[str, int]]:
    """A condemnation of an event is about that event: "Pakistan condemns deadly Iranian missile strike" is a strike;
    so is what is said after it ("..., says PM after 4 policemen killed in attack"). The statement word goes when a
    trigger of another kind follows it in the clause."""
    said = [(n, o) for n, o in hits if n == "statement" and (_CONDEMN.match(text[o:o + 12]) or any(
        m != "statement" and p > o and _AFTER.search(text[o:p]) for m, p in hits))]
    # "Afghan official says Taliban kill 10 police": who says it, of the killing it reports; the lead types it
    told = [(n, o) for n, o in hits if n == "statement" and _SAYS_TOLL.match(text[o:])]
    if told:
        return [(n, o) for n, o in hits if (n, o) not in told]
    if not said:
        return hits
    first = min(o for _, o in said)
    return [(n, o) for n, o in hits if not (n == "statement" and any(m != "statement" and p > first for m, p in hits))]
