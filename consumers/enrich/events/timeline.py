"""When: dates in a sentence, resolved against the article's published date; and whether a passage is
background (an earlier or different event: "last week", "in 2008", "days after a blast in ...").

Pure functions of strings. A date without a year takes the year of `published` (the year before if it would
fall after publication); "on Tuesday", "yesterday" and "last night" resolve only when `published` is known.
Background markers split a sentence: the words from "days after", "weeks after", "since"... on are about
another event, the words before them are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser

from newsmon.arabic_script import unify

MONTH = (r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")
_YEAR = r"(?:,?\s+\d{4}\b)?"
DATE_RE = re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b{_YEAR}|"
                     rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}{_YEAR}")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(rf"\b(?:[Oo]n|[Ll]ast|[Ll]ate|[Ee]arly|[Tt]his)\s+({'|'.join(WEEKDAYS)})\b|"
                      rf"\b({'|'.join(WEEKDAYS)})(?:'s|’s)\s")
_YESTERDAY = re.compile(r"\b(?:yesterday|last\s+night)\b", re.I)
_TODAY = re.compile(r"\b(?:today|this\s+morning|this\s+afternoon|this\s+evening|tonight)\b", re.I)

# Words that turn the rest of a sentence to another, earlier event.
_SPLIT = re.compile(r"\b(?:(?:just\s+|only\s+)?(?:a\s+few\s+|several\s+|two\s+|three\s+|four\s+|\d+\s+)?"
                    r"(?:days?|weeks?|months?|years?|hours?)\s+after|(?:comes?|came|follow(?:s|ed)?)\s+"
                    r"(?:(?:days?|weeks?|months?)\s+)?(?:after|a|an|on\s+the\s+heels)|since|recalling|"
                    r"after\s+(?:the\s+)?(?:(?:last|this|that)\s+(?:week|month|year)['’]s|earlier|recent|previous|"
                    r"January|February|March|April|May|June|July|August|September|October|November|December)|"
                    r"in\s+the\s+wake\s+of|amid)\b"
                    # Persian and Pashto "after the clash / the attack / the blast" (the event noun must follow: "پس از
                    # ۱۸ روز" is a duration, not another event)
                    r"|(?<!\w)(?:پس از|بعد از|در پی|به دنبال|وروسته له)\s+(?:\S+\s+)?(?:درگیری|حمله|حملات|انفجار|برخورد|"
                    r"نښت|برید|چاودن)", re.I)
# Phrases that make the passage they stand in about an earlier event.
_BACKGROUND = re.compile(
    r"\b(?:last\s+(?:week|month|year|summer|winter|spring|autumn|fall|decade)|earlier\s+(?:this|that|in\s+the)\s+"
    r"(?:week|month|year)|(?:a|one|two|three|four|five|six|several|few|\d+)\s+(?:days?|weeks?|months?|years?)\s+"
    r"(?:ago|earlier|before)|in\s+(?:19|20)\d\d\b|in\s+(?:early|late|mid-?)\s*(?:19|20)\d\d|previous(?:ly)?|"
    r"in\s+the\s+past|in\s+recent\s+(?:years|months|weeks)|the\s+(?:latest|last)\s+in\s+a|deadliest\s+since|"
    r"similar\s+attack|earlier\s+attack|past\s+attacks?|the\s+(?:last|previous|first)\s+(?:meeting|round|session|time)|"
    r"next\s+(?:meeting|round|session)|has\s+been\s+behind|have\s+been\s+behind|history\s+of|"
    r"(?:incidents|attacks|killings|cases|events)\s+(?:like|such\s+as)|"
    r"once\s+again|again|(?:revived?|brings?\s+back|evoked?)\s+(?:[\w-]+\s+){0,2}memories|reminiscent\s+of|"
    r"a\s+(?:grim\s+|stark\s+|painful\s+)?reminder\s+of|"
    # the news set against what happened before it: "the (recent) development comes as militants stormed ..."
    r"(?:development|developments|move|decision|announcement|statement|remarks|visit|meeting|talks)\s+(?:comes?|came)\s+"
    r"(?:(?:just|only|days|weeks|months|hours|a\s+day|a\s+week|shortly)\s+)?(?:as|after|amid|following|in\s+the\s+wake)|"
    # the group's past deeds: "the same group had claimed credit for the killing of 10 trekkers"
    r"the\s+same\s+(?:group|outfit|faction|organi[sz]ation|militants|network)\s+(?:had|has)\s+(?:also\s+|earlier\s+)?"
    r"(?:claimed|carried|been|killed|attacked|targeted)|"
    # what would have been had an earlier event not happened ("if the blasts had not happened, players may have")
    r"if\s+(?:[\w'’-]+\s+){1,5}?had\s+(?:not\s+|never\s+)?(?:happened|occurred|taken\s+place|been))\b"
    # a month and its year, no day ("in December 2023, gunmen opened fire"): news dates its own event by the day
    rf"|(?<!\d\s)(?<!st\s)(?<!nd\s)(?<!rd\s)(?<!th\s){MONTH},?\s+(?:19|20)\d\d\b"
    # last week, month, year; a year ago, in the past (Urdu, Persian, Pashto; letter forms are one: arabic_script.py)
    r"|(?<!\w)(?:گزشته|پچهلے|پچهلی|گذشته|پیش|تیره|تیر کال|پرون کال)\s*(?:هفتے|هفته|ماه|سال|مهینے|میاشت|اونۍ|اونی|کال)"
    r"|(?<!\w)(?:هفته|ماه|سال|میاشت|اونی|کال)\s+(?:گذشته|پیش|تیره|مخکی)"
    r"|(?<!\w)(?:\d+|دو|سه|دوه|دری)\s+(?:سال|ماه|کال|میاشتی)\s+(?:پیش|قبل|مخکی)"
    # three or more days after (Urdu, Persian, Pashto): "17 روز بعد", "10 دن بعد", "لس ورځې وروسته" (not "a day after":
    # the next day's toll is news)
    r"|(?<!\w)(?:[3-9]|\d{2,})\s+(?:روز|دن|ورځې|ورځو)\s+(?:بعد|وروسته|پس)(?!\w)"
    # a similar attack (Persian, Urdu, Pashto)
    r"|(?<!\w)(?:مشابه|مشابهی|اسی\s+طرح|ورته)(?!\w)"
    # a year as the time of the clause: Urdu "2016 میں", Persian "در سال 2016", Pashto "په 2016 کال کې"
    r"|(?<!\d)(?:19|20)\d\d\s*(?:ء\s*)?" + unify("میں") + r"(?!\w)"
    r"|(?<!\w)(?:" + unify("در سال") + "|" + unify("در") + "|" + unify("په") + r")\s+(?:19|20|13|14)\d\d(?!\d)"
    # what the reader is reminded of ("it may be recalled that", Urdu "یاد رہے کہ", Persian "یادآوری می‌شود")
    r"|\bit\s+(?:may|might|will|should|is\s+to)\s+be\s+recalled\b|\bit\s+is\s+recalled\b"
    r"|(?<!\w)(?:" + "|".join(unify(w) for w in ("یاد رہے", "خیال رہے", "یادآوری می", "یادآور می", "یادآوری می‌شود",
                                                 "د یادونې وړ ده", "یاد رکھنا چاہیے", "یاد رکھنا چاہئے")) + r")", re.I)
# An attack named by its year ("the 2008 terror attack"; not "the 2003 ceasefire", which may be revived today): a
# passage about it is background, unless the passage dates it in full, which then decides.
_YEAR_NAMED = re.compile(r"\bthe\s+(?:19|20)\d\d\s+(?:[\w-]+\s+){0,3}?(?:attacks?|bombings?|blasts?|massacre|"
                         r"explosions?|assault|siege|hijacking|killings|carnage)\b", re.I)
_IN_MONTH = re.compile(rf"\bin\s+{MONTH}(?!\s+\d{{1,2}}\b)", re.I)
# A marker right after these words dates the event referred to, not the clause ("wanted for last month's
# bombing", "arrested over last week's attack"): the clause itself is still news.
_REFERRING = re.compile(r"\b(?:behind|over|for|in\s+connection\s+with|responsible\s+for|accused\s+of|"
                        r"suspected\s+(?:of|in)|linked\s+to|involved\s+in)\s+(?:the\s+)?$", re.I)


def _marked(text: str) -> bool:
    """True when a background marker in text makes it about an earlier event."""
    return any(not _REFERRING.search(text[max(0, m.start() - 40): m.start()]) for m in _BACKGROUND.finditer(text))


@dataclass(frozen=True)
class Clause:
    """A stretch of a sentence and whether it is about an earlier or different event."""

    start: int
    end: int
    background: bool


def clauses(sentence: str) -> list[Clause]:
    """The sentence cut at background connectives; a clause with a background marker is background."""
    cuts = [0, *(m.start() for m in _SPLIT.finditer(sentence) if m.start() > 0), len(sentence)]
    # a relative clause that dates itself back ("... killed two Chinese nationals who were abducted in May"): the
    # clause it hangs on is still news
    cuts = sorted({*cuts, *(m.start() for m in _RELATIVE.finditer(sentence)
                            if _background(sentence[m.start():]) and not _background(sentence[: m.start()]))})
    found = []
    for start, end in zip(cuts, cuts[1:]):
        found.append(Clause(start, end, start > 0 or _background(sentence[start:end])))
    if len(found) > 1 and not _marked(sentence[: found[1].start]):
        found[0] = Clause(found[0].start, found[0].end, False)
    return found


_RELATIVE = re.compile(r",?\s+(?:who|which)\s+(?:were|was|had|have|has)\b", re.I)

# A sentence that opens by pointing back at an event ("The tragic event resulted in ...", "That attack killed ..."):
# right after a passage about an earlier event, it goes on about that event.
_POINTS_BACK = re.compile(r"^\s*(?:(?:That|Those)\s+(?:[\w-]+\s+)?(?:attacks?|blasts?|bombings?|explosions?|assaults?|"
                          r"massacres?|incidents?|events?|tragedy|carnage)|The\s+(?:(?:tragic|earlier|previous|"
                          r"horrific|gruesome|same)\s+)?(?:event|tragedy|carnage))\b")


def goes_on_about_the_earlier(sentence: str) -> bool:
    """Whether the sentence, read right after a background passage, is about the same earlier event."""
    return _POINTS_BACK.match(sentence) is not None


def _background(text: str) -> bool:
    return (_marked(text) or _IN_MONTH.search(text) is not None
            or (_YEAR_NAMED.search(text) is not None and DATE_RE.search(text) is None))


def resolve(text: str, published: datetime | None) -> date | None:
    """An explicit date written in text ("Oct. 11", "3 October 2023", "2023-10-11") as a date, or None."""
    has_year = re.search(r"\d{4}", text) is not None
    if not has_year and published is None:
        return None
    default = datetime(2000 if has_year or published is None else published.year, 1, 1)
    try:
        found = date_parser.parse(text, default=default).date()
        if not has_year and published is not None and found > published.date():
            found = found.replace(year=found.year - 1)
    except (ValueError, OverflowError):
        return None
    return found


@dataclass(frozen=True)
class DateMention:
    """A date stated in a sentence, with its span."""

    value: date
    start: int
    end: int


def dates(sentence: str, published: datetime | None) -> list[DateMention]:
    """Every date a sentence states: explicit dates, then weekdays and 'yesterday' resolved against published."""
    found = []
    for match in DATE_RE.finditer(sentence):
        if (value := resolve(match.group(0), published)) is not None:
            found.append(DateMention(value, match.start(), match.end()))
    if published is not None:
        day = published.date()
        for match in _WEEKDAY.finditer(sentence):
            name = match.group(1) or match.group(2)
            back = (day.weekday() - WEEKDAYS.index(name)) % 7
            found.append(DateMention(day - timedelta(days=back), match.start(), match.end()))
        for match in _YESTERDAY.finditer(sentence):
            found.append(DateMention(day - timedelta(days=1), match.start(), match.end()))
        for match in _TODAY.finditer(sentence):
            found.append(DateMention(day, match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def mask_dates(sentence: str) -> str:
    """The sentence with its dates blanked (same length), so a day of the month is never read as a toll."""
    return DATE_RE.sub(lambda m: " " * len(m.group(0)), sentence)
