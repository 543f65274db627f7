"""Whether an article's main event is news: not an anniversary, a remembrance, a statistics or index report, an
analysis or opinion piece (data/framing.yaml), and not a violent event dated days before the article.

Pure functions of the article's title, summary, lead and dates. What is not news keeps its facts as a background
event; the article then has no main event, so it raises no alert and joins no story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from consumers.enrich.events.casualties import HARM_WORDS
from newsmon.arabic_script import unify
from newsmon.errors import ConfigError

FRAMING_FILE = DATA_DIR / "framing.yaml"


@dataclass(frozen=True)
class Framing:
    """The compiled words of framing.yaml."""

    stale_days: int
    prefix: re.Pattern[str]
    words: re.Pattern[str]  # in the title or the summary
    lead_words: re.Pattern[str]  # also in the first sentence of the body
    share: re.Pattern[str]  # a share of all casualties or attacks ("80pc of all fatalities"): a statistic
    change: re.Pattern[str]  # a change by a share ("up 71 percent", "۳۱ فیصد کمی"): a statistic over a period
    count: re.Pattern[str]  # a count of attacks ("789 terror attacks"); group 1: the number
    at_least: int  # the smallest count that is a tally
    year: re.Pattern[str]  # a whole year as a time ("during 2021", "پارسال"): groups "year"; "month" or "since"
    day: re.Pattern[str]  # a day named ("on Tuesday", "دیروز"): one day's news, not a year's
    month: re.Pattern[str]  # a month's name
    month_marks: frozenset[str]  # words beside a month that make it a span ("in", "میں", "ماه")
    word_months: frozenset[str]  # month names that are common words: a span only beside a word for month
    month_words: frozenset[str]  # "ماه", "میاشت", "month"
    last_month: re.Pattern[str]  # "last month", "گزشتہ ماہ"
    tally: re.Pattern[str]  # a noun of many attacks ("attacks", "حملوں"): with a month, a month's tally
    opinion: re.Pattern[str]  # an opinion title's subtitle ("...: A Call for ...")
    opens_with_verb: re.Pattern[str]  # a title opening with an -ing word and its object; group 1: the word
    not_verbs: frozenset[str]  # -ing words that are nouns of news ("Bombing kills 5")
    separate: re.Pattern[str]  # separate events told together ("separate blasts"): no one event's toll
    span: re.Pattern[str]  # a count over months or years ("so far this year", "from January to June"): a tally
    arguing: re.Pattern[str]  # words of argument ("needs to", "cannot afford"): an editorial's (events/argument.py)
    reporting: re.Pattern[str]  # words of reporting ("said", "according to"): a report's
    arguments_at_least: int  # how many words of argument make a lead that reports nothing an editorial
    report_leads: re.Pattern[str]  # a report told in the lead's first two sentences ("in its monthly report")


_NUMBER = r"[\d۰-۹٠-٩]+(?:[.,٫][\d۰-۹٠-٩]+)?"
# a share in words: "Eighty percent of the total killings"
_TENS_IN_WORDS = (r"\b(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                  r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?")
_NOT_BETWEEN = (r"(?:in|on|at|of|by|from|during|after|across|since|people|persons|civilians|soldiers|policemen|"
                r"personnel|killed|dead|died|injured|wounded|میں|در|په|کے|افراد|نفر|تن)(?!\w)")


@lru_cache(maxsize=2)
def load_framing(path: Path = FRAMING_FILE) -> Framing:
    """Read and compile a framing file; ConfigError names the file and the problem."""
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
        stale = int(data["stale_days"])
        prefixes = [unify(str(w)).lower() for w in data["title_prefixes"]]
        words = [unify(str(w)).lower() for w in data["words"]]
        lead_words = [unify(str(w)).lower() for w in data["lead_words"]]
        percent = [unify(str(w)).lower() for w in data["shares"]["percent"]]
        of_what = [unify(str(w)).lower() for w in data["shares"]["of"]]
        change = [unify(str(w)).lower() for w in data["shares"]["change"]]
        counted = [unify(str(w)).lower() for w in data["counts"]["of"]]
        at_least = int(data["counts"]["at_least"])
        periods = {key: [unify(str(w)).lower() for w in data["periods"][key]]
                   for key in ("before_year", "last_year", "months", "days", "since", "month_marks", "last_month",
                               "tally_nouns", "word_months", "month_words")}
        not_verbs = frozenset(str(w).lower() for w in data["opinion_titles"]["not_verbs"])
        separate = [unify(str(w)).lower() for w in data["separate_events"]]
        spans = [unify(str(w)).lower() for w in data["spans"]]
        months = [w for w in periods["months"] if w.isascii()]  # "from January ... to June": English spans
        arguing, reporting = (data["argument"][key] for key in ("words", "reporting"))
        arguments_at_least = int(data["argument"]["at_least"])
        report_leads = [unify(str(w)).lower() for w in data["report_leads"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: not a framing file ({exc.__class__.__name__}: {exc})") from exc

    def alternation(items: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(items), key=len, reverse=True))

    return Framing(stale, re.compile(rf"^\s*(?:{alternation(prefixes)})\s*[:|\-–—]", re.I),
                   re.compile(rf"(?<!\w)(?:{alternation(words)})", re.I),
                   re.compile(rf"(?<!\w)(?:{alternation(lead_words)})", re.I),
                   # a number, its percent sign or word, then within four words what it is a share of
                   re.compile(rf"(?:{_NUMBER}|{_TENS_IN_WORDS})\s*(?:{alternation(percent)})(?!\w)"
                              rf"(?:\s+[^\s.!?;]+){{0,4}}?\s+(?:{alternation(of_what)})", re.I),
                   # a number, its percent sign or word, then within three words a word of rising or falling (or that word first)
                   re.compile(rf"{_NUMBER}\s*(?:{alternation(percent)})(?!\w)(?:\s+[^\s.!?;]+){{0,3}}?\s+"
                              rf"(?:{alternation(change)})|(?<!\w)(?:{alternation(change)})\w*\s+(?:by\s+)?"
                              rf"{_NUMBER}\s*(?:{alternation(percent)})(?!\w)", re.I),
                   # the words between qualify the attacks ("armed", "terror"); "25 people in attacks" is a toll
                   re.compile(rf"(?<![\d.,/])(?<![\d/]\s)(\d{{1,3}}(?:,\d{{3}})+|\d+)(?![/\d])(?:\s+(?!{_NOT_BETWEEN})[^\s\d.!?;]+){{0,2}}?\s+"
                              rf"(?:{alternation(counted)})(?!\w)", re.I),
                   at_least,
                   re.compile(rf"(?:(?P<since>(?<!\w)(?:{alternation(periods['since'])})(?!\w))(?:\s+\S+){{0,5}}?\s+)?"
                              rf"(?<!\w)(?:{alternation(periods['before_year'])})\s+(?:the\s+year\s+)?"
                              rf"(?P<year>[12]\d{{3}})(?![\w/.-])|"  # unify() made every digit ASCII
                              rf"(?:(?P<month>{alternation(periods['months'])})\s+)?"
                              rf"(?<!\w)(?:{alternation(periods['last_year'])})(?!\w)", re.I),
                   re.compile(rf"(?<!\w)(?:{alternation(periods['days'])})(?!\w)", re.I),
                   re.compile(rf"(?<!\w)(?:{alternation(periods['months'])})(?!\w)", re.I),
                   frozenset(periods["month_marks"]), frozenset(periods["word_months"]), frozenset(periods["month_words"]),
                   re.compile(rf"(?<!\w)(?:{alternation(periods['last_month'])})(?!\w)", re.I),
                   re.compile(rf"(?<!\w)(?:{alternation(periods['tally_nouns'])})(?!\w)", re.I),
                   re.compile(r"^[^:]{3,80}:\s+(?:A|An|The)\s+[A-Z]\w+\s+(?:for|to|of|on|in)\b"),
                   re.compile(r"^\W*([A-Z][a-z]+ing)\s+(?:the|a|an|[A-Z][a-z]+)\b"),
                   not_verbs, re.compile(rf"(?<!\w)(?:{alternation(separate)})(?!\w)", re.I),
                   # "since the start of May", "since March": a tally of the months since
                   re.compile(rf"(?<!\w)(?:{alternation(spans)})(?!\w)|\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?"
                              rf"(?:{alternation(months)})\b|\b(?:from|between)\s+(?:the\s+)?(?:\w+\s+){{0,2}}?"
                              rf"(?:{alternation(months)})\b(?:\s+\S+){{0,8}}?\s+(?:to|until|till|through|and)"
                              rf"\s+(?:the\s+)?(?:end\s+of\s+)?(?:{alternation(months)})\b", re.I),
                   re.compile(rf"\b(?:{alternation([str(w) for w in arguing])})\b", re.I),
                   re.compile(rf"\b(?:{alternation([str(w) for w in reporting])})\b", re.I), arguments_at_least,
                   re.compile(rf"(?<!\w)(?:{alternation(report_leads)})(?!\w)", re.I))


def framed_as_past(title: str, summary: str, lead: str, framing: Framing | None = None,
                   published: date | None = None, second: str = "") -> str | None:
    """The words that frame the article as no new event, or None; `lead` is the body's first sentence, `second`
    the one after it (where a think tank's report is often first named)."""
    framing = framing or load_framing()
    if match := framing.report_leads.search(unify(f"{lead} {second}").lower()):
        return match.group(0)
    if match := framing.prefix.search(unify(title)):
        return match.group(0).strip(" :|-–—")
    if opinion := _opinion_title(title, framing):
        return opinion
    if years := _YEARS_OF.search(title):
        return years.group(0)  # "2 Years of Pulwama Terror Attack: What Happened"
    if source := _REPORT_SAYS.search(title):
        return source.group(0).strip(" :–—-")  # "Militant attacks rose 40% in 2024 - study"
    headline_span = framing.span.search(unify(title).lower())
    if headline_span and re.search(r"\d", unify(title)):
        return headline_span.group(0)  # "هلمند کې روانه اوونۍ ۳۸ ملکیان وژل شوي": a week's figures, no one event
    for text, headline in ((title, True), (lead, False)):
        text = unify(text or "").lower()
        if not text or framing.day.search(text):
            continue  # a day named ("on Tuesday", "دیروز"): one day's news, not a period's
        if period := _a_years_tally(text, published, framing, headline) or _a_months_tally(text, framing):
            return period
        if since := _SINCE.search(text):
            return since.group(0)  # "1,000 civilians killed since Taliban takeover": a tally since an event
    for text, pattern in ((title, framing.words), (summary, framing.words), (lead, framing.lead_words),
                          (title, framing.share), (summary, framing.share), (lead, framing.share),
                          (title, framing.change), (summary, framing.change), (lead, framing.change)):
        if text and (match := pattern.search(unify(text).lower())):
            return match.group(0)
    for text in (title, summary, lead):
        if tally := _a_tally(unify(text or "").lower(), framing):
            return tally
    return None


def _opinion_title(title: str, framing: Framing) -> str | None:
    """An opinion or analysis headline ("Navigating Tensions: A Call for ..."), or None."""
    if match := framing.opinion.search(title) or _WAY_FORWARD.search(title):
        return match.group(0)
    match = framing.opens_with_verb.search(title) or _SUBTITLE_VERB.search(title)
    return match.group(0) if match and match.group(1).lower() not in framing.not_verbs else None


# an -ing verb and "the" opening a subtitle: "The Baluchistan Unrest: Exploring the Iran-Pakistan Border Conflict"
_SUBTITLE_VERB = re.compile(r"^[^:]{3,80}:\s+([A-Z][a-z]+ing)\s+the\b")
# an essay's subtitle: "Trilateral Counterterrorism Mechanism between China, Pakistan and Afghanistan – the way forward"
_WAY_FORWARD = re.compile(r"\s[:–—-]\s*(?:the\s+)?way\s+forward\W*$", re.I)
# the years since a named attack: "2 Years of Pulwama Terror Attack", "Ten years of the APS massacre"
_YEARS_OF = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+"
                       r"years?\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){1,4}?(?:attacks?|bombings?|blasts?|massacre|carnage|"
                       r"tragedy|siege|killings)\b", re.I)
# a headline that gives a study's or a survey's finding as its source ("... – study"); not "...: report", which
# in news cites a media report of an event ("Pakistan plans to acquire 40 J-35 jets: report")
_REPORT_SAYS = re.compile(r"(?:\s*:|\s[–—-])\s*(?:(?:new|annual|yearly|latest)\s+)?(?:study|survey|index|think[- ]tank)"
                          r"\W*$", re.I)
_SINCE = re.compile(r"\b(?:killed|dead|died|deaths|casualties|fatalities)\s+since\b", re.I)


_LABEL_TITLE = re.compile(r"^[A-Z][A-Za-z'’-]+(?:\s+[a-z][a-z'’-]+){1,2}$")
# or two names set side by side, the piece's topic: "Afghan Taliban and TTP", "Pakistan & the Taliban"
_TOPIC_TITLE = re.compile(r"^(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\s+(?:and|&|vs\.?|versus)\s+"
                          r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}$")


def label_title(title: str, has_trigger: bool) -> str | None:
    """An editorial's or opinion's label for a title ("Warning signs", "Militancy fears", "Tense borders"): two or
    three words in the Latin script, or two names side by side ("Afghan Taliban and TTP"); no figure, no word of an
    event or of harm (news says what happened: "Quetta blast", "Imran arrested", "Earthquake toll"), or None."""
    title = title.strip()
    return title if not has_trigger and (_LABEL_TITLE.match(title) or _TOPIC_TITLE.match(title)) \
        and not HARM_WORDS.search(title) else None


def tallies_attacks(text: str, framing: Framing | None = None) -> bool:
    """The sentence counts many attacks ("more than 600 terrorist attacks took place ..., killing 138 civilians"),
    gives a share of all casualties ("Eighty percent of the total killings"), counts over months, or tells
    separate events together ("separate blasts killed at least 11"): whose dead are no one event's toll,
    wherever in the article it stands."""
    framing = framing or load_framing()
    folded = unify(text).lower()
    return framing.separate.search(folded) is not None or framing.span.search(folded) is not None \
        or framing.share.search(folded) is not None or _a_tally(folded, framing) is not None


def _a_tally(folded: str, framing: Framing) -> str | None:
    """The words counting `at_least` attacks or more in a text in its one form, lower case ("789 terror attacks"),
    or None; a year or a number inside a written date counts nothing."""
    for match in framing.count.finditer(folded):
        value = int(match.group(1).replace(",", ""))
        if value >= framing.at_least and not _a_year(match.group(1), value):
            return match.group(0)
    return None


def tells_separate_events(text: str, framing: Framing | None = None) -> bool:
    """The sentence tells separate events together ("separate blasts in Balochistan", "انفجارهای جداگانه")."""
    return (framing or load_framing()).separate.search(unify(text).lower()) is not None


def _a_year(raw: str, value: int) -> bool:
    """A year, of the common era or the solar calendar ("in 1404 an attack ..."), not a count of attacks."""
    return bool(re.fullmatch(r"\d{4}", raw)) and (1900 <= value <= 2100 or 1300 <= value <= 1500)


def _a_years_tally(text: str, published: date | None, framing: Framing, headline: bool = False) -> str | None:
    """The words placing what `text` (in its one form, lower case, naming no day) tells in the year of publication
    or the one before (a headline's "last year" needs no date of publication)."""
    if published is None and not headline:
        return None
    for match in framing.year.finditer(text):
        if match.group("month") or match.group("since"):
            continue
        if match.group("year") is None:
            return match.group(0)
        if published is None:
            continue
        year = int(match.group("year"))
        year += 621 if year < 1500 else 0  # the solar year 1403 began in March 2024
        if published.year - 1 <= year <= published.year:
            return match.group(0)
    return None


def _a_months_tally(text: str, framing: Framing) -> str | None:
    """A month as the span of many attacks ("اکتوبر میں دہشت گردانہ حملوں میں ۱۹۸ افراد ہلاک", "attacks in October
    killed 240"): the month's name with no day beside it, or "last month"; `text` in its one form, lower case,
    naming no day."""
    if not framing.tally.search(text):
        return None
    if match := framing.last_month.search(text):
        return match.group(0)
    for match in framing.month.finditer(text):
        before, after = text[: match.start()].split()[-2:], text[match.end():].split()[:1]
        if any(re.fullmatch(r"\d{1,2}\W*", word) for word in before[-1:] + after):
            continue  # a date: "12 October", "October 12"
        beside = {word.strip(",.،:;") for word in before + after}
        if match.group(0) in framing.word_months and not beside & framing.month_words:
            continue  # "تیر" (past), "دی" (is)
        if beside & framing.month_marks:
            return match.group(0)
    return None


def stale(when: date | None, published: datetime | None, framing: Framing | None = None) -> bool:
    """True when an event's date lies more than stale_days before the article's publication."""
    framing = framing or load_framing()
    return when is not None and published is not None and (published.date() - when).days > framing.stale_days
