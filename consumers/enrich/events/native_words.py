"""The compiled words of languages.yaml (Rules, loaded by consumers/enrich/events/native.py), and the words of harm
around a count in Urdu, Persian and Pashto: which kind a word names, whether killed and injured make one figure,
the nouns a count is of. Pure functions of a sentence in its one form and the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """The compiled words of languages.yaml."""

    numbers: dict[str, int]
    multipliers: dict[str, int]  # "سو" (hundred) after a number multiplies it: "تین سو", 300
    age: re.Pattern[str]  # a word right after a number that makes it an age: "60 سالہ"
    number: re.Pattern[str]  # digits or a number word, as the group "n"
    count: re.Pattern[str]
    people: re.Pattern[str]  # a noun of people alone: "مزدور", "کارگران"
    persons: re.Pattern[str]  # a number, then within two words a noun of people: "دو تبعه", "۳ پولیس اہلکار"
    conjunction: re.Pattern[str]  # what joins two counts of people that share one verb: "و", "اور", "او"
    killed: re.Pattern[str]
    injured: re.Pattern[str]
    one_killed: re.Pattern[str]
    one_injured: re.Pattern[str]
    one_office: re.Pattern[str]  # an office-holder: one person ("ایس ایچ او", "وزیر", "والی")
    toll: re.Pattern[str]
    toll_rise: re.Pattern[str]
    attackers: re.Pattern[str]
    militant_deaths: re.Pattern[str]  # a word of dying said only of militants: "به هلاکت رسیدند"
    claim: re.Pattern[str]
    no_claim: re.Pattern[str]
    deny: re.Pattern[str]
    blame: re.Pattern[str]
    blame_before: re.Pattern[str]
    suspect: re.Pattern[str]
    did_it: re.Pattern[str]
    did_it_before: re.Pattern[str]
    harm_before: re.Pattern[str]  # a noun of dying or injury, then its count: groups "k" or "h", then "n"
    object_verb: re.Pattern[str]  # from after a number: its object's words, the object marker, a verb of harm
    letters: frozenset[str] = frozenset()  # Latin letters as spelled in acronyms: "ایف سی" (FC)


def article(sentence: str, number: re.Match[str], rules: Rules) -> bool:
    """True when a number word for one is an indefinite article ("یک واحد معدنی", a mining unit): neither a noun of
    people nor a word of harm follows it."""
    raw = number.group("n")
    if raw.isdigit() or rules.numbers.get(raw) != 1:
        return False
    after = sentence[number.end("n"):]
    return not (rules.persons.match(sentence, number.start("n")) or rules.killed.match(after.lstrip())
                or rules.injured.match(after.lstrip()))


def in_acronym(sentence: str, number: re.Match[str], rules: Rules) -> bool:
    """True when a number word is a letter of an acronym: a spelled Latin letter stands right before or after it
    ("ایف سی کے 2 اہلکار", two men of the FC: "سی" is C, not Persian thirty; "سی ٹی ڈی", the CTD)."""
    if number.group("n").isdigit():
        return False
    around = sentence[: number.start("n")].split()[-1:] + sentence[number.end("n"):].split()[:1]
    return any(word.strip("(),.،") in rules.letters for word in around)


def own_nouns(gap: str, rules: Rules) -> str:
    """The words between a number and its verb up to another number joined by "and" ("سرتیري او شپږ بریدګر"); an
    "and" before no number is none ("حملہ آور" is "حمله اور" in the one form)."""
    for joint in re.finditer(r"\s(?:و|اور|او)\s+", gap):
        if rules.number.match(gap, joint.end()):
            return gap[: joint.start()]
    return gap


def first_of(text: str, rules: Rules) -> str | None:
    """ "killed" or "injured": whichever word of dying or of injury comes first in the text, if any."""
    killed, injured = rules.killed.search(text), rules.injured.search(text)
    if killed and (not injured or killed.start() <= injured.start()):
        return "killed"
    return "injured" if injured else None


AND_IN = re.compile(r"\s(?:و|او|اور)\s")


def last_of(text: str, rules: Rules) -> str | None:
    """ "killed" or "injured": whichever word of dying or of injury comes last in the text, if any."""
    killed = [m.start() for m in rules.killed.finditer(text)]
    injured = [m.start() for m in rules.injured.finditer(text)]
    if not killed and not injured:
        return None
    return "killed" if max(killed, default=-1) > max(injured, default=-1) else "injured"


def value_of(raw: str, rules: Rules) -> int:
    """The value of a number as the rules match it: digits or a number word (a unit and its ten), maybe times a
    multiplier."""
    first, *more = raw.split()
    value = int(first) if first.isdigit() else rules.numbers[first]
    if more and more[0] in rules.numbers and more[0] not in rules.multipliers:
        value += rules.numbers[more.pop(0)]  # "درې دېرش": three and thirty
    return value * rules.multipliers[more[0]] if more else value


_AND_OR = re.compile(r"^\s*(?:(?:و|او|اور|یا|\/)\s*)?")  # or none: "6 کشته زخمی" (six killed-wounded)


def together(after: str, other: str, rules: Rules) -> bool:
    """True when the word of dying (or injury) of a count is joined by "and" or "or", or by nothing, to the other kind,
    with no number of its own: one figure of killed and injured together ("۲۵ تنه وژلي او ژوبل کړي")."""
    joint = _AND_OR.match(after)
    if joint is None:
        return False
    pattern = rules.injured if other == "injured" else rules.killed
    word = pattern.match(after, joint.end())
    return word is not None


def dying_of(before: str, rules: Rules) -> bool:
    """True when the words right before a count of injured are a dying word ("جان باختن سه زخمی"), with no
    conjunction between (as in "۵ ہلاک اور ۹ زخمی", five killed and nine injured, or "6 شہید جبکہ 18 زخمی", six
    killed while eighteen injured)."""
    last = [m for m in rules.killed.finditer(before)]
    if not last:
        return False
    between = before[last[-1].end():]
    return len(between.split()) <= 1 and not re.search(r"(?<!\w)(?:اور|و|او|جبکہ|جبکه|درحالیکه|همچنین)(?!\w)|[,،]",
                                                       between)
