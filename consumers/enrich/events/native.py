"""Casualties in Urdu, Persian (Dari) and Pashto sentences, from consumers/data/languages.yaml (claims, denials
and blame: native_claims.py).

Pure functions of a sentence already in its one form (newsmon/arabic_script.py: digits are ASCII, letter forms
unified). These
languages put the verb last, so the rules read forwards from what they anchor on:

    a count      a number (digits or a number word), then within four words a word of dying or of injury:
                 "۳ پولیس اہلکار شہید اور ۵ زخمی" is 3 killed and 5 injured; when a noun of attackers stands
                 between them, the count is attackers killed ("چار حملہ آور مارے گئے")
    a toll       a running-count noun, then the number, with a verb of rising: an update that wins

The English rules (casualties.py, claims.py) are not run on these sentences, nor these on English ones.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from consumers.enrich.events.casualties import Count
from newsmon.arabic_script import unify
from consumers.enrich.events.native_words import (AND_IN, Rules, article, dying_of, first_of, in_acronym, last_of,
                                                  own_nouns, together, value_of)
from newsmon.errors import ConfigError

LANGUAGES_FILE = DATA_DIR / "languages.yaml"
_WORD_GAP = r"(?:\s+[^\s.!?;,]+){0,%d}?\s+"
# no other figure between a number and its word of harm, unless joined by "and" (own_nouns parts them); a word for
# one may be an article ("در یک حمله")
_COUNT_GAP = (r"(?:\s+(?!\d)(?:(?<=\sو\s)|(?<=\sاو\s)|(?<=\sاور\s)|(?!(?:%s)(?!\w)))[^\s.!?;,]+){0,%d}?\s+")


def _alternation(words: list[str]) -> str:
    """One regex alternative per word or phrase (in its one form), longest first; "..." stands for a few words; a
    word ending in "!" matches only as a whole word ("مړي!" bodies, not "مړینې" death); "X !not Y": X as a whole
    word, not followed by the word Y ("طالب !not علم": a Talib, not a student)."""
    forms = sorted({unify(w).strip() for w in words if unify(w).strip()}, key=len, reverse=True)
    return "|".join(_form(f) for f in forms)


def _form(form: str) -> str:
    form, _, unless = form.partition(" !not ")
    if unless:
        form += "!"
    return re.escape(form.rstrip("!").replace(" ... ", "\x00")).replace(r"\ ", r"\s+") \
        .replace("\x00", _WORD_GAP % 8) + (r"(?!\w)" if form.endswith("!") else "") \
        + (r"(?!\s+" + re.escape(unless).replace(r"\ ", r"\s+") + r"(?!\w))" if unless else "")


def _phrases(words: list[str], *, whole: bool = False) -> re.Pattern[str]:
    """The words as one pattern, each starting a word; `whole`: ending one too ("کشته شد", not "کشته شدند")."""
    return re.compile("(?<!\\w)(?:" + _alternation(words) + ")" + ("(?!\\w)" if whole else ""))


@lru_cache(maxsize=2)
def load_rules(path: Path = LANGUAGES_FILE) -> Rules:
    """Read and compile languages.yaml; a missing key or a bad value is a ConfigError naming the file."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        numbers = {unify(str(word)): int(value) for word, value in data["numbers"].items()}
        multipliers = {unify(str(word)): int(value) for word, value in data["multipliers"].items()}
        ages = [str(w) for w in (*data["ages"], *data["spans"], *data["munitions"])]  # no count of people
        ordinals = [str(w) for w in data["ordinals"]]  # written onto the number: "73واں"
        unit_before_ten = {part: list(data["unit_before_ten"][part]) for part in ("units", "tens")}
        lists = {key: [str(w) for w in data[key]] for key in ("killed", "injured", "one_killed", "one_injured",
                                                              "one_office", "attackers", "militant_deaths", "toll",
                                                              "toll_rise", "persons",
                                                              "claim", "no_claim", "deny", "blame", "blame_before", "suspect",
                                                              "did_it", "did_it_before")}
        harm_before = {kind: [str(w) for w in data["harm_before"][kind]] for kind in ("killed", "injured")}
        marker = re.escape(unify(str(data["object_marker"])))
        letters = frozenset(unify(str(w)) for w in data["letter_names"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{path}: not a languages file ({exc.__class__.__name__}: {exc})") from exc
    def words(values) -> str:
        return "|".join(re.escape(w) for w in sorted(values, key=len, reverse=True))

    units = words(unify(str(w)) for w in unit_before_ten["units"])
    tens = words(unify(str(w)) for w in unit_before_ten["tens"])
    # Pashto says a unit before its ten: "درې دېرش" (three thirty) is 33
    number = (rf"(?P<n>(?:(?:{units})\s+(?:{tens})(?!\w)|\d+|{words(numbers)})(?:\s+(?:{words(multipliers)})(?!\w))?)")
    others = words(w for w, v in numbers.items() if v != 1) or "(?!)"
    count = re.compile(r"(?<![\w.])" + number + r"(?P<gap>" + (_COUNT_GAP % (others, 6)) + r"|\s+)"
                       r"(?:(?P<k>" + _alternation(lists["killed"]) + r")|(?P<h>" + _alternation(lists["injured"]) + r"))")
    persons = re.compile(r"(?<![\w.])" + number + r"(?:\s+[^\s.!?;,]+){0,2}?\s+[«\"“‘']?(?:"
                         + _alternation(lists["persons"]) + r")(?!\w)")  # a quote may open before the noun
    return Rules(numbers=numbers, multipliers=multipliers, people=_phrases(lists["persons"], whole=True), age=re.compile(r"(?:\s*(?:" + _alternation(ages) + r")|\s?(?:" + _alternation(ordinals) + r"))(?!\w)"),
                 number=re.compile(r"(?<![\w.])" + number + r"(?![\w.])"), count=count,
                 persons=persons, conjunction=re.compile(r"^\s*(?:[^\s.!?;,]+\s+){0,2}?(?:و|اور|او)\s+$"),
                 killed=_phrases(lists["killed"]), injured=_phrases(lists["injured"]),
                 one_killed=_phrases(lists["one_killed"], whole=True), one_injured=_phrases(lists["one_injured"], whole=True),
                 one_office=_phrases(lists["one_office"], whole=True),
                 toll=_phrases(lists["toll"]), toll_rise=_phrases(lists["toll_rise"]),
                 attackers=_phrases(lists["attackers"]), militant_deaths=_phrases(lists["militant_deaths"]),
                 claim=_phrases(lists["claim"]),
                 no_claim=_phrases(lists["no_claim"]), deny=_phrases(lists["deny"]), blame=_phrases(lists["blame"]),
                 blame_before=_phrases(lists["blame_before"], whole=True),
                 suspect=_phrases(lists["suspect"]), did_it=_phrases(lists["did_it"]),
                 did_it_before=_phrases(lists["did_it_before"]),
                 harm_before=re.compile(r"(?<!\w)(?:(?P<k>" + _alternation(harm_before["killed"]) + r")|(?P<h>"
                                        + _alternation(harm_before["injured"]) + r"))(?:\s+[^\s\d.!?;,،]+)??"
                                        r"(?:\s+(?:بیش\s+از|بیشتر\s+از|حدود|دست\s*کم|تقریبا|زیات\s+له))?\s+" + number
                                        + r"(?![\w.])"),  # "شهادت ده‌ها نفر" (tens of people) is no 10
                 # the object: at most twelve words, none a figure; the marker; at most four words; the verb
                 object_verb=re.compile(r"(?:\s+(?!\d)[^\s.!?;,،]+){0,12}?\s+" + marker + r"\s+(?:[^\s.!?;,،]+\s+){0,4}?"
                                        r"(?:(?P<k>" + _alternation(lists["killed"]) + r")|(?P<h>"
                                        + _alternation(lists["injured"]) + r"))"), letters=letters)


def counts(sentence: str, rules: Rules | None = None) -> list[Count]:
    """Every casualty count the sentence states, in order (see the module docstring)."""
    rules = rules or load_rules()
    found: list[Count] = []
    position = 0
    while (match := rules.count.search(sentence, position)) is not None:
        position = match.end()
        raw = match.group("n")
        value = value_of(raw, rules)
        if _not_a_count(sentence, match, rules):
            # a year, an age ("60 سالہ"), an indefinite article ("یک معدن را کشتند"); a count may follow inside
            # its span ("يو یې وواژه او دوه یې زخميان کړل": the second number is a count)
            position = match.end("n")
            continue
        # the nouns of this count, not of the next one joined by "and" ("څلور سرتیري او شپږ بریدګر ووژل شول")
        own = own_nouns(match.group("gap"), rules)
        kind = "killed" if match.group("k") else "injured"
        # "یک گروه هشت نفره به هلاکت رسیدند": a word of dying said only of militants
        attackers = rules.attackers.search(own) is not None or (kind == "killed" and rules.militant_deaths.search(
            sentence[max(0, match.start("k") - 4): match.end("k") + 2]) is not None)
        before = sentence[max(0, match.start() - 60): match.start()]
        if not attackers and own.split() in ([], [_THEM]) and (_OF_THEM.search(before[-20:]) or _THEM in own.split()) \
                and rules.attackers.search(sentence[max(0, match.start() - 90): match.start()]):
            attackers = True  # "۲۶ وسله والو ته مرګ ژوبله اوښتې چې ۱۲ يې وژل شوي": twelve of the militants
        if AND_IN.search(match.group("gap")) and (named := last_of(" ".join(before.split()[-6:]), rules)):
            kind = named  # "کشته شدن ۸۴ نفر و زخمی شدن ...": the word of harm before the number, not the next one's
        elif match.group("h") and dying_of(before, rules):
            continue  # "با جان باختن سه زخمی دیگر": three of the injured died, not three more injured
        if match.group("h") and _DEATH_AND.search(sentence[:match.start("h")]):
            continue  # "۸۰ تنو ته مرګ ژوبله اوښتې": casualties, the dead and the wounded in one word
        if together(sentence[match.end():], "injured" if kind == "killed" else "killed", rules):
            continue  # "۲۵ تنه وژلي او ژوبل", "۲۵ کشته و زخمی": killed and injured together, neither toll
        update = rules.toll.search(before) is not None and rules.toll_rise.search(sentence[match.start():]) is not None
        if all(w in _OTHERS for w in own.split()) and found and found[-1].attackers and _ELLIPSIS.fullmatch(
                sentence[found[-1].end:match.start()]):
            attackers = True  # "8 خوارج ہلاک جبکہ 6 زخمی": the noun said just before, the militants, is left out
            # (or said as "others": "۲۷ وسله وال طالبان هم وژل شوي او ۳۲ نور ټپیان دي", 32 other militants wounded)
        found.append(Count(kind, value, attackers, update, match.start(), match.end()))
    found += _tolls(sentence, rules, found)
    found = _people(sentence, rules, found)
    found += _named_before(sentence, rules, found)
    for kind, pattern in (("killed", rules.one_killed), ("injured", rules.one_injured)):
        one = pattern.search(sentence)
        if one is not None and not any(c.kind == kind for c in found) and not any(
                n.group("n").isdigit() and not _not_a_count(sentence, n, rules)
                for n in rules.number.finditer(sentence, 0, one.start())):  # "24 سالہ سپاہی شہید": one, aged 24
            found.append(Count(kind, 1, False, False, one.start(), one.end()))
    if not any(c.kind == "killed" for c in found):
        found += _one_office_holder(sentence, rules)
    return found


_OTHERS = frozenset(unify(w) for w in ("نور", "نورو", "دیگر"))  # "others": more of the noun said before
# between a count of militants and the next number that names no one: a comma or "and" or "while", and the verbs
# of the first count ("8 خوارج ہلاک ہوگئے جبکہ 6 زخمی")
_ELLIPSIS = re.compile(r"[\s,،]*(?:(?:%s)[\s,،]*)*" % "|".join(
    unify(w) for w in ("جبکہ", "جب کہ", "اور", "و", "او", "ہو", "ہوگئے", "ہو گئے", "گئے", "شدند", "شول", "شوي", "دي")))

_AGENT = unify("نے")  # Urdu: the doer of the verb
# "of them", said of the people just named: Pashto "۱۲ يې" (after the number), Urdu "جن میں سے", Persian "از آنها"
_THEM = unify("يې")
_OF_THEM = re.compile("|".join(unify(w) + r"\s*$" for w in ("جن میں سے", "ان میں سے", "از آنها", "از آنان")))
_DEATH_AND = re.compile("(?:%s)\\s*$" % "|".join(unify(w) for w in ("مرګ", "مرگ")))  # Pashto "مرګ ژوبله": casualties


def _one_office_holder(sentence: str, rules: Rules) -> list[Count]:
    """One killed: an office or rank, then within eight words a word of dying, and no number
    before the word ("مسجد میں بم دھماکہ، ایس ایچ او شہید", "وزیر برائے مہاجرین خود کش بم دھماکے میں ہلاک")."""
    for office in rules.one_office.finditer(sentence):
        died = rules.killed.search(sentence, office.end())
        between = sentence[office.end(): died.start()].split() if died is not None else []
        if died is None or len(between) > 8 or _AGENT in between:
            continue  # "وزیر اعظم نے شہید اہلکاروں کو ...": the minister paid tribute, he did not die
        if rules.number.search(sentence, 0, died.start()) or rules.attackers.search(sentence, office.start(),
                                                                                      died.start()):
            continue
        return [Count("killed", 1, False, False, office.start(), died.end())]
    return []


_INCLUDED = re.compile(r"^\s*%s(?!\w)" % unify("سمیت"))  # Urdu "including", after the part


def _people(sentence: str, rules: Rules, found: list[Count]) -> list[Count]:
    """Counts of people whose verb ends the clause, far from the number: "دو مأمور ... به شهادت رسیدند"; those
    joined by "and" share it and add up ("دو تبعه چین و یک نگهبان تاجیک به قتل رسیدند" is 3 killed), unless one is of
    attackers and the other of victims ("څلور سرتیري او شپږ بریدګر ووژل شول"). A headline's
    noun of dying may stand before them instead: "کشته شدن دو کارگر چینی", "شهادت دو مأمور"."""
    groups: list[list[re.Match[str]]] = []
    for match in rules.persons.finditer(sentence):
        if _not_a_count(sentence, match, rules):
            continue  # "24 سالہ سپاہی": a soldier of 24 years
        between = sentence[groups[-1][-1].end(): match.start()] if groups else ""
        if (groups and rules.conjunction.match(between) and first_of(between, rules) is None
                and bool(rules.attackers.search(match.group(0))) == bool(rules.attackers.search(groups[-1][-1].group(0)))):
            groups[-1].append(match)
        else:
            groups.append([match])
    out = list(found)
    for group in groups:
        start, end = group[0].start(), group[-1].end()
        inside = [c for c in found if start <= c.start < end]
        if len(group) == 1 and inside:
            continue  # the plain rule has it
        following = sentence[end: end + 160]
        if _INCLUDED.match(following):
            continue  # "پانچ اہلکاروں سمیت گیارہ افراد زخمی": five of the eleven, no count of its own
        next_number = next((n for n in rules.number.finditer(following) if not article(following, n, rules)), None)
        window = following[: next_number.start()] if next_number else following
        verb = first_of(window, rules)
        before = sentence[:start].split()[-2:]
        # a headline's noun of dying just before ("شهادت دو مأمور"), not the verb of a count joined by "and"
        kind = verb or (None if AND_IN.search(" " + " ".join(before) + " ") else first_of(" ".join(before), rules))
        if kind is None:
            continue
        word = (rules.killed if kind == "killed" else rules.injured).search(window) if verb else None
        if word is not None and together(window[word.end():], "injured" if kind == "killed" else "killed", rules):
            out = [c for c in out if c not in inside]
            continue  # "۲۵ تنه وژلي او ژوبل", "12 افراد جاں بحق و زخمی": one figure of both, neither toll
        value = sum(value_of(m.group("n"), rules) for m in group)
        # "۸ نفر از تروریست‌هایی که ...": eight of the terrorists
        partitive = re.match(r"\s*(?:از|له)\s+", following)
        attackers = any(rules.attackers.search(m.group(0)) for m in group) or (
            partitive is not None and rules.attackers.match(following, partitive.end()) is not None)
        out = [c for c in out if c not in inside] + [Count(kind, value, attackers, False, start, end)]
    return sorted(out, key=lambda c: c.start)


def _named_before(sentence: str, rules: Rules, found: list[Count]) -> list[Count]:
    """Counts whose kind is named before them, whatever they count: a noun or infinitive of harm before the number
    ("کشته شدن ۱۱ معدنچی", "اجساد ۲۷ نفر"), or a verb of harm after the object the number stands in ("۱۱ نفر از
    کارگران ... را کشتند"). Only where no other rule read that number."""
    taken = {c.start for c in found}
    more = []
    for match in rules.harm_before.finditer(sentence):
        start, rest = match.start("n"), sentence[match.end("n"):].lstrip()
        if rules.killed.match(rest) or rules.injured.match(rest):
            continue  # "جان باختن سه زخمی دیگر": three of the injured died, a step and not a figure
        if start not in taken and not _not_a_count(sentence, match, rules):
            more.append(Count("killed" if match.group("k") else "injured", value_of(match.group("n"), rules),
                              False, False, start, match.end("n")))
            taken.add(start)
    for number in rules.number.finditer(sentence):
        verb = rules.object_verb.match(sentence, number.end("n"))
        if verb is None or number.start("n") in taken or _not_a_count(sentence, number, rules):
            continue
        between = sentence[number.end("n"): verb.start("k") if verb.group("k") else verb.start("h")]
        if rules.number.search(between) or rules.attackers.search(between):
            continue  # another figure's object, or attackers killed
        more.append(Count("killed" if verb.group("k") else "injured", value_of(number.group("n"), rules), False, False,
                          number.start("n"), number.end("n")))
    return more


def _not_a_count(sentence: str, match: re.Match[str], rules: Rules) -> bool:
    """A year, an age, an indefinite article or a letter of an acronym."""
    raw = match.group("n")
    return ((raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100) or rules.age.match(sentence, match.end("n"))
            is not None or article(sentence, match, rules) or in_acronym(sentence, match, rules))


def _tolls(sentence: str, rules: Rules, found: list[Count]) -> list[Count]:
    """'the number of the dead rose to 11': the toll noun with a word of dying or injury just before it, then
    the number, with a verb of rising before or after the number."""
    more = []
    for toll in rules.toll.finditer(sentence):
        after = sentence[toll.end(): toll.end() + 80]
        number = rules.number.search(after)  # "۱۴ تن", "نهو ته" (to nine)
        if number is None or rules.toll_rise.search(after[: number.end() + 40]) is None:
            continue
        start = toll.end() + number.start("n")
        if any(c.start == start for c in found):
            continue
        kind = last_of(sentence[max(0, toll.start() - 40): start], rules)  # the nearest: "... و شمار زخمیان به ۱۷۰"
        if kind is not None:
            more.append(Count(kind, value_of(number.group("n"), rules), False, True, start, start + len(number.group("n"))))
    return more
