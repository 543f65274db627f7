"""Death and injury counts in one English sentence, victims and attackers apart.

Pure functions of strings. A count is a number tied to a cue (killed, dead, died, wounded, "shot to death",
"toll rose to"...) in one of the ways reports write it:

    before the cue    "Seven people, including a child, were killed"; "32 people and 3 suicide bombers were killed"
    after the cue     "killing at least 91 people"; "wounding another 9"; "stabbed 4 people to death"
    as a noun         "resulting in the death of 2 people and the wounding of 5"; "12 bodies ... were brought"
    a toll            "the death toll rose to 23" (an update: it wins over earlier figures)

A number whose noun is an attacker (gunmen, militants, suicide bombers...) counts as attackers killed, never as
victims. Subsets ("including 4 police officers", "three of the dead") and increments ("three more victims
died") are not counts of their own. Years, ages, distances and money are not counts. A single victim named by a
singular noun ("a policeman was shot dead") is a count of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consumers.enrich.events.numbers import NUMBER_RE, NUMBER_WORDS, is_year, parse_number

# Any word of harm, at a word's start or inside it: a cheap test that a text can speak of casualties at all.
HARM_WORDS = re.compile(r"kill|dead|die|death|slain|martyr|perish|lives|injur|wound|hurt|hospital|toll|lynch|behead|"
                        r"casualt|victim|shaheed|zakhmi|bahaq|halaa?k", re.I)
_KILL = (r"killed|dead|died|dies|deaths|fatalities|slain|martyred|perished|lost\s+(?:their|his|her)\s+lives|shot\s+dead|"
         r"(?:fatally|mortally)\s+(?:shot|stabbed|wounded|injured)|"
         r"(?:shot|stabbed|beaten|burned|burnt|hacked|bludgeoned|crushed)\s+to\s+death|lynched|beheaded|"
         r"shaheed|jaa?n\s+ba[h]?aq|halaa?k")  # the last three: romanised Urdu ("3 ahalkar shaheed")
_HURT = r"injured|wounded|hurt|injuries|hospitali[sz]ed|zakhmi"
_CUE = re.compile(rf"\b(?:(?P<k>{_KILL})|(?P<h>{_HURT}))\b", re.I)
_NUMBER_START = r"(?:(?:at\s+least|some|about|around|nearly|over)\s+)?(?:\d|(?:" + "|".join(NUMBER_WORDS) + r")\b)"
_COORDINATED = re.compile(rf"\s+(?:and|&)\s+(?={_NUMBER_START})", re.I)
_CUE_BEFORE = re.compile(
    r"(?:\b(?P<k>kill(?:ed|ing|s)?|claim(?:ed|ing|s)?\s+the\s+lives\s+of|(?:the\s+)?deaths?\s+of|"
    r"(?:fatally|mortally)\s+(?:shot|stabbed|wounded)|"
    r"(?:shot|stabbed|beaten|hacked|burned)\s+(?:dead|to\s+death)|gunned\s+down|leaving|left)"
    r"|\b(?P<h>injur(?:e|ed|ing|es)|wound(?:ed|ing|s)?|hurting|(?:the\s+)?wounding\s+of|injuries\s+to))"
    r"\s+(?:(?:at\s+least|another|an\s+additional|some|about|around|nearly|over|more\s+than|all(?:\s+the)?)\s+)?$", re.I)
_LEFT_DEAD = re.compile(r"^\s*(?:\w+\s+){0,3}?(?P<what>dead|killed|injured|wounded|hurt)\b", re.I)
_TOLL = re.compile(r"\btoll\b(?:\s+(?:of|to|at)|(?:\s+[\w'’-]+){0,6}?\s+(?:has\s+|had\s+|now\s+)?(?:rose|risen|rises|"
                   r"climbed|climbs|jumped|increased|reached|reaches|hit|stands|stood|is|was|went\s+up)"
                   r"(?:\s+(?:at|to))?)\s+$", re.I)
_DEATH_VERB = re.compile(r"\b(?:shot|stabbed|beat|beaten|hacked|burned|burnt|bludgeoned|gunned)\s+$", re.I)
_TO_DEATH = re.compile(r"^\s*(?:[\w'’-]+\s+){0,3}?(?:to\s+death|dead|down)\b", re.I)
# English nouns of attackers (singular and plural): a count of these is attackers killed, never victims. The word
# rules here, the parse (reading/casualties.py) and the types (a killing of militants is an operation) share them.
ATTACKER_NOUNS = frozenset({
    "gunman", "gunmen", "militant", "militants", "attacker", "attackers", "assailant", "assailants", "terrorist",
    "terrorists", "insurgent", "insurgents", "bomber", "bombers", "jihadist", "jihadists", "perpetrator",
    "perpetrators", "khawarij", "khwarij", "kharijis", "khariji", "kharijite", "kharijites", "hijacker", "hijackers",
    "kidnapper", "kidnappers", "abductor", "abductors", "fighter", "fighters", "rebel", "rebels", "extremist",
    "extremists", "miscreant", "miscreants",
    # those who cross a border by force ("three trespassers were killed" by the border guards)
    "infiltrator", "infiltrators", "intruder", "intruders", "trespasser", "trespassers", "smugglers", "traffickers",
    # those the forces kill in a raid are the wanted men, not victims ("the Rangers killed the three suspects")
    "suspect", "suspects", "outlaws", "ultras",
    # the Taliban counted as men ("killing 20 Taliban"), like their fighters: the men of the fight
    "taliban", "talibans"})
# "6 members of the Islamic State group", "three members of the banned TTP", "six Daesh members": a militant group's
# men (not the Taliban's, who govern and whose men are as often the victims)
_GROUP_NAMES = r"daesh|isis|isil|iskp|is-k|ttp|tehreek[\w-]*|bla|blf|jaish[\w-]*|lashkar[\w-]*|al-qaeda|aqis|jem|let"
MEMBERS_OF_A_GROUP = re.compile(
    r"^\W*(?:(?:[\w-]+\s+)?members?\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:group|outfit|organi[sz]ation|network|"
    rf"{_GROUP_NAMES})|(?:[\w-]+\s+)?(?:{_GROUP_NAMES})\s+(?:members?|men|cadres?|operatives?))\b", re.I)
_ATTACKERS = re.compile(r"\b(?:" + "|".join(sorted(ATTACKER_NOUNS, key=len, reverse=True)) + r")\b", re.I)
_VICTIMS = re.compile(r"\b(?:people|persons?|civilians?|soldiers?|troops|police\w*|officers?|personnel|guards?|"
                      r"worshippers?|children|students?|women|men|villagers?|passengers?|workers?|peacekeepers?|"
                      r"pilgrims?|victims?|members|employees|others|tourists?|nationals?|engineers?)\b", re.I)
_SUBSET_BEFORE = re.compile(r"\b(?:including|includ(?:ed|es)|among\s+(?:them|whom|those|the\s+\w+)|of\s+whom|"
                            r"of\s+which|of\s+them|such\s+as)\s+(?:\w+\s+){0,2}$", re.I)
_SUBSET_AFTER = re.compile(r"^\s*(?:\w+\s+)?(?:of|among)\s+(?:them\b|(?:the|those)\s+(?:dead|killed|victims|injured|"
                           r"wounded|casualties|deceased|bodies|hurt)\b)", re.I)
# "three more victims died" adds to an earlier toll; "40 more injured" / "wounding 60 more" are others.
_INCREMENT = re.compile(r"^\s*(?:more|additional|further)\s+(?:[\w'’-]+\s+){0,3}?(?:died|succumbed|bodies|deaths|"
                        r"were\s+found\s+dead|have\s+died|passed\s+away)\b", re.I)
_AND_ONE = re.compile(r"\s+and\s+(?:a|an|one|the\s+other)\s+(?!few\b|number\b|dozen\b|lot\b|total\b|host\b|series\b)", re.I)
_BREAK = re.compile(r"\b(?:who|whom|which|that|after|when|while|because|since|before|until|where|said|says|"
                    r"claimed|blamed|accused|arrested|detained)\b|[;:.!?]|,(?!\s*(?:including|among|[\w-]+\s+of\s+(?:them|whom)))",
                    re.I)
_VERB_OBJECT = re.compile(rf"\b(?!(?:{_KILL}|{_HURT})\b)\w+ed\s+(?:the|a|an|their|his|her|its|two|three|four|from|by|"
                          rf"into|to|at|on|with|out|off|up)\b", re.I)
_MAX_GAP_WORDS = 12
_ANOTHER_HURT = re.compile(r"\b(?:and|while)\s+another\s+(?:(?!\d)[a-z-]+\s+){0,2}?(?:was\s+|were\s+|got\s+)?"
                           r"(?:wounded|injured|hurt)\b", re.I)
_AS_MANY_HURT = re.compile(rf"(?:\s+[\w'’-]+){{0,3}}?\s*,?\s*(?:and|while)\s+as\s+many\s+(?:as\s+)?"
                           rf"(?:others?\s+|more\s+|people\s+)?(?:were\s+)?(?:{_HURT})\b", re.I)
# One victim named by a singular noun: "Woman shot dead in highway terror", "a policeman was martyred".
_ONE_PERSON = (r"(?:woman|man|girl|boy|child|policeman|policewoman|police\s+officer|"
               r"officer|soldier|constable|civilian|student|teacher|journalist|worker|guard|pilgrim|tourist|driver|"
               r"shopkeeper|trader|lawyer|judge|cleric|official|doctor|nurse|villager|farmer|engineer|labourer|laborer|"
               # one holder of an office or a rank: "Taliban police chief killed in Kunar blast"
               r"chief|commander|leader|governor|mayor|elder|lawmaker|legislator|politician|minister|spokesman|"
               r"spokesperson|inspector|major|colonel|captain|lieutenant|sepoy|subedar|sho|dsp|imam|activist)")
_ONE_VICTIM = re.compile(
    rf"(?:^|\b(?:a|an|one)\s+)(?:[\w-]+\s+){{0,2}}?{_ONE_PERSON}\s+"
    r"(?:was\s+|has\s+been\s+|is\s+|were\s+)?(?:shot\s+dead|killed|gunned\s+down|martyred|shot\s+and\s+killed|"
    r"(?:shot|stabbed|beaten|hacked)\s+to\s+death)\b"
    # the one person as the object: "Blast kills Taliban local police chief, wounds 11"
    rf"|\bkill(?:s|ed|ing)\s+(?:a\s+|an\s+|one\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?{_ONE_PERSON}\b(?!\s+and\b|-)", re.I)


@dataclass(frozen=True)
class Count:
    """A casualty figure in a sentence: killed or injured, of victims or of attackers, with its span."""

    kind: str  # "killed" | "injured"
    value: int
    attackers: bool = False
    update: bool = False  # a revised toll ("rose to"): it wins over other figures of the event
    start: int = 0
    end: int = 0
    with_attackers: bool = False  # a total that counts the attackers too, how many the report says elsewhere


# a total that says it counts the attackers ("10 including four terrorists killed", "the toll ... to 37 including the
# attackers"): the victims are the rest
_A_NUMBER = NUMBER_RE.pattern.replace("(?P<n>", "(?:")
_INCLUDING_ATTACKERS = re.compile(rf"(?P<total>{_A_NUMBER})\s+(?:(?:people|persons|dead|killed)\s+)?,?"
                                  rf"\s*including\s+(?:the\s+|all\s+)?(?:(?P<n>{_A_NUMBER})\s+)?"
                                  r"(?:[\w-]+\s+)?(?:attackers|gunmen|militants|terrorists|assailants|bombers|insurgents)"
                                  r"\b", re.I)


def attackers_included(text: str, found: list[Count]) -> list[Count]:
    """The sentence's counts with a total that includes the attackers split into the victims and the attackers
    (when it says how many attackers), or marked as counting them (when the report says it elsewhere)."""
    match = _INCLUDING_ATTACKERS.search(text)
    if match is None or (total := parse_number(match.group("total"))) is None:
        return found
    start, end = match.start("total"), match.end()
    taken = [c for c in found if c.kind == "killed" and (start <= c.start < end or c.value == total)]
    rest = [c for c in found if c not in taken]
    update = any(c.update for c in taken)  # "the toll rose to 37 including the attackers" stays a revised toll
    n = parse_number(match.group("n")) if match.group("n") else None
    if n is not None and 0 < n < total:
        return rest + [Count("killed", total - n, update=update, start=start, end=end),
                       Count("killed", n, attackers=True, start=match.start("n"), end=end)]
    return rest + [Count("killed", total, update=update, start=start, end=end, with_attackers=True)]


def counts(sentence: str) -> list[Count]:
    """Every casualty count stated in one sentence, in order."""
    text = sentence
    found: list[Count] = []
    for match in NUMBER_RE.finditer(text):
        raw = match.group("n")
        value = parse_number(raw)
        if value is None or is_year(raw, value) or _age(text, match.start(), match.end()):
            continue
        before, after = text[: match.start()], text[match.end():]
        if _SUBSET_BEFORE.search(before) or _SUBSET_AFTER.match(after) or _INCREMENT.match(after):
            continue
        count = _toll(before, value, match) or _bodies(after, value, match) \
            or _cue_before(before, after, value, match) or _cue_after(after, value, match)
        if count is not None:
            found.append(count)
    for count in [c for c in found if c.kind == "killed" and not c.attackers]:
        if same := _AS_MANY_HURT.match(text, count.end):  # "four policemen dead and as many injured"
            found.append(Count("injured", count.value, start=count.start, end=same.end()))
    if not any(c.kind == "injured" for c in found) and (other := _ANOTHER_HURT.search(text)):
        found.append(Count("injured", 1, start=other.start(), end=other.end()))  # "two killed and another wounded"
    if not any(c.kind == "killed" for c in found) and (one := _ONE_VICTIM.search(text)) \
            and not _A_MILITANT.search(one.group(0)):  # "a TTP commander killed" is no victim
        found.append(Count("killed", 1, start=one.start(), end=one.end()))
    return found


_A_MILITANT = re.compile(rf"\b(?:{_GROUP_NAMES}|militants?|terrorists?|insurgents?|rebels?|jihadists?|al-qaida|"
                         rf"islamic\s+state|daesh|taliban\s+(?:commander|leader|chief)|hizbul|hizb)\b", re.I)


_BODIES = re.compile(r"^\s+(?:dead\s+)?bodies\b"
                     r"(?!\s+(?:of\s+(?:the\s+)?)?(?:militants?|terrorists?|attackers?|gunmen|bombers?))", re.I)


def _bodies(after: str, value: int, match: re.Match) -> Count | None:
    """ "12 bodies of civilians and 30 injured people were brought to the hospital": bodies are the dead, whatever
    verb the sentence ends on (not the bodies of the attackers)."""
    return Count("killed", value, start=match.start(), end=match.end()) if _BODIES.match(after) else None


def _age(text: str, start: int, end: int) -> bool:
    """ "45 years old", "a 45-year-old", or set off after a name: "Satish Sharma, 45―were declared dead"."""
    return bool(re.match(r"-?\s*(?:years?|yrs?)[\s-]+old\b|-year-old", text[end:], re.I)) or bool(
        _NAME_BEFORE.search(text[:start]) and _SET_OFF_AFTER.match(text[end:]))


_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\s*(?:,\s*|\(\s*)$")
_SET_OFF_AFTER = re.compile(r"\s*(?:[,)―—–]|and\b)")


def _toll(before: str, value: int, match: re.Match) -> Count | None:
    if _TOLL.search(before):
        return Count("killed", value, update=True, start=match.start(), end=match.end())
    return None


def _cue_before(before: str, after: str, value: int, match: re.Match) -> Count | None:
    """'killing 3 people', 'wounding another 9', 'the death of 2', 'left 5 dead', 'stabbed 4 people to death'."""
    if re.search(r"\bclaim(?:ed|ing|s)?\s+$", before, re.I) and re.match(r"^\s*(?:[\w'’]+\s+){0,2}?lives\b", after):
        return Count("killed", value, _is_attackers(_noun_phrase(after)), start=match.start(), end=match.end())
    if _DEATH_VERB.search(before) and _TO_DEATH.match(after):
        return Count("killed", value, _is_attackers(_noun_phrase(after)), start=match.start(), end=match.end())
    cue = _CUE_BEFORE.search(before)
    if cue is None:
        return None
    noun = after[:60]
    if cue.group("k") and cue.group("k").lower() in ("leaving", "left"):
        left = _LEFT_DEAD.match(after)
        if left is None:
            return None
        kind = "killed" if left.group("what").lower() in ("dead", "killed") else "injured"
        return Count(kind, value, _is_attackers(after[: left.start("what")]), start=match.start(), end=match.end())
    kind = "killed" if cue.group("k") else "injured"
    return Count(kind, value, _is_attackers(_noun_phrase(noun)), start=cue.start(), end=match.end())


# the injured who died: "four succumbing to their injuries", "critically injured in a gunfight, succumbed"
_SUCCUMBING_TO = re.compile(r"\bsuccumb\w*\s+to\s+(?:\w+\s+)?$", re.I)
_SUCCUMBED_LATER = re.compile(r"[^.;]{0,90}?\bsuccumbed\b", re.I)
_AND_THE_OTHER = re.compile(rf"\s+(?:and|or|&|and/or)\s+(?:{_KILL}|{_HURT})\b", re.I)


def _cue_after(after: str, value: int, match: re.Match) -> Count | None:
    """'Seven people, including a child, were killed'; '32 people and 3 suicide bombers were killed'."""
    cue = _CUE.search(after)
    if cue is None:
        return None
    gap = after[: cue.start()]
    if _SUCCUMBING_TO.search(gap) or (cue.group("h") and _SUCCUMBED_LATER.match(after, cue.end())):
        return None  # "four succumbing to their injuries", "four ... injured in a gunfight, succumbed": the dead
    if len(gap.split()) > _MAX_GAP_WORDS or _AND_THE_OTHER.match(after, cue.end()):
        return None  # "20 people killed and wounded": one figure of both, no toll of either
    # Coordinated counts share the cue: this number's noun phrase ends where "and <number>" begins;
    # "three guards and a police officer were killed" is four.
    head, *rest = _COORDINATED.split(_strip_asides(gap), maxsplit=1)
    extra = 0
    if not rest and (one := _AND_ONE.search(head)):
        head, rest, extra = head[: one.start()], [head[one.end():]], 1
    for part in (head, *rest):
        bare = part if part is head or extra else NUMBER_RE.sub(" ", part, count=1)
        if NUMBER_RE.search(bare) or _BREAK.search(bare) or _VERB_OBJECT.search(bare):
            return None
    value += extra
    kind = "killed" if cue.group("k") else "injured"
    return Count(kind, value, _is_attackers(head), start=match.start(), end=match.end() + cue.end())


def _noun_phrase(text: str) -> str:
    """The words after a number up to the first verb-like or clause-ending word (at most 5)."""
    words = []
    for word in re.findall(r"[\w'’-]+|[^\w\s]", text):
        if not re.match(r"\w", word) or word.lower() in ("and", "in", "at", "on", "when", "as", "to", "after", "while"):
            break
        words.append(word)
        if len(words) == 5:
            break
    return " ".join(words)


def _strip_asides(text: str) -> str:
    """The gap without ', including ...,' clauses and parentheses, which a count may carry."""
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r",\s*(?:including|among\s+them|[\w-]+\s+of\s+(?:them|whom))[^,]*,", " ", text)
    text = re.sub(r",?\s+including\s+[^,]*$", " ", text)  # "over 100 more including 35 children injured"
    return re.sub(r"^(\s*[\w'’-]+(?:\s+[\w'’-]+)?)\s*,\s*(?:\d|(?:" + "|".join(NUMBER_WORDS) + r")\b)[^,]*,", r"\1 ", text)


def _is_attackers(noun_phrase: str) -> bool:
    """True when the noun of the count names attackers before any victim noun, or members of a group."""
    if MEMBERS_OF_A_GROUP.match(noun_phrase):
        return True
    attacker, victim = _ATTACKERS.search(noun_phrase), _VICTIMS.search(noun_phrase)
    return attacker is not None and (victim is None or attacker.start() < victim.start())
