"""Facts of an article's main event from plain text: type, killed, injured, date.

Pure functions of strings (the event-type file is read once per path and cached); no spaCy.

Sections. The *type lead* is the title, the summary and the first two body paragraphs; the
*lead* is the title, the summary and the first three body paragraphs (body paragraphs are its
non-empty lines). Anything further down is background and is never used.

Type scoring. Triggers come from data/event_types.yaml (see its header). Every trigger match in a
section adds ``weight * (2 - start / len(section))`` to its type: the weight is 100 in the title,
10 in the summary and 1 in the first two body paragraphs, and the second factor (between 1 and 2)
favours matches near the start of the section. So the title decides whenever it has a trigger (its
earliest, then most repeated, type wins), the summary decides between title ties or when the title
has none, and the body only after both. The highest score wins; ties go to the type listed first.

Casualties. The lead's sentences are searched for "N (people ...) were killed / dead / died",
"killing / killed N", "(death) toll rose to N", "N (others) injured / wounded / hurt",
"injuring / wounding N" (N in digits or words, e.g. "at least sixty", "a dozen", "2,000"). The
highest figure in the lead wins, so an updated toll ("rose to 100") beats the first report.
Four-digit numbers from 1900 to 2100 are taken as years, never as tolls. For types marked
``casualties: headline`` (talks, deals, meetings, ...) figures are only reported when the title or
summary states one.

Date. The first explicit date in the lead ("on Oct. 11", "3 October 2023", "September 12, 2021",
"2023-10-11"), parsed with python-dateutil; a date without a year takes the year of ``published``
(the year before if it would fall after publication) and is unknown without ``published``. Failing
that, "on Tuesday" resolves to the latest Tuesday on or before ``published``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from dateutil import parser as date_parser

from consumers import DATA_DIR
from newsmon.errors import ConfigError

TYPES_FILE = DATA_DIR / "event_types.yaml"
SECTION_WEIGHTS = (100.0, 10.0, 1.0)  # title, summary, first two body paragraphs
TYPE_PARAGRAPHS = 2
LEAD_PARAGRAPHS = 3

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
_ONES += "fifteen sixteen seventeen eighteen nineteen"
_NUMBER_WORDS = {w: i for i, w in enumerate(_ONES.split())}
_NUMBER_WORDS |= {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD = "|".join(sorted([*_NUMBER_WORDS, *_SCALES], key=len, reverse=True))
_WORDNUM = rf"\b(?:(?:half\s+)?an?\s+)?(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*\b"
_DIGITS = r"(?<![\d.,$£€-])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d%-]|[.,]\d)"
_QUALIFIER = r"(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to|as\s+many\s+as)"
_UNIT = r"(?!\s*(?:km|kilomet|mile|met(?:er|re)|year|hour|minute|day|week|month|per\s*cent|%))"
_N = rf"(?P<n>\b(?:no\s+one|nobody|none)\b|(?:{_QUALIFIER}\s+)?(?:{_DIGITS}|{_WORDNUM})){_UNIT}"
_KILL = r"(?:killed|dead|died|slain|martyred|perished|deaths?|lost\s+(?:their|his|her)\s+lives)"
_HURT = r"(?:injured|wounded|hurt)"
_STOP = r"killed|dead|died|slain|martyred|injured|wounded|hurt|and|or|but|while|who|that|which|when|after|before|by|for|to|as"
_FILLER = rf"(?:(?!(?:{_STOP})\b)[a-z][a-z'’-]*\s+){{0,4}}"
_CASUALTY_PATTERNS = {
    "killed": [
        re.compile(rf"{_N}\s+{_FILLER}(?<!the\s){_KILL}\b", re.I),
        re.compile(rf"\b(?:kill(?:ed|ing|s)?|claim(?:ed|ing|s)?\s+the\s+lives\s+of)\s+{_N}", re.I),
        re.compile(rf"\btoll\s+(?:has\s+|had\s+)?(?:(?:rose|risen|rises|climbed|climbs|jumped|increased|"
                   rf"reached|reaches|hit|stands|stood|is|was)\s+(?:at\s+|to\s+)?|of\s+|to\s+){_N}", re.I),
    ],
    "injured": [
        re.compile(rf"{_N}\s+{_FILLER}(?<!the\s){_HURT}\b", re.I),
        re.compile(rf"\b(?:injur(?:e|ed|ing|es)|wound(?:ed|ing|s)?|hurting)\s+{_N}", re.I),
    ],
}
_MONTH = (r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")
_YEAR = r"(?:,?\s+\d{4}\b)?"
_DATE = re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b{_YEAR}|"
                   rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}{_YEAR}")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(rf"\b(?:[Oo]n|[Ll]ast|[Ll]ate|[Ee]arly)\s+({'|'.join(_WEEKDAYS)})\b")
_CLAIM = re.compile(r"\bclaim(?:ed|s|ing)?\s+(?:of\s+)?(?:the\s+)?responsibility\b|"
                    r"\bresponsibility\s+(?:was\s+)?claimed\b|\bclaim(?:ed|s)?\s+(?:the\s+)?(?:attack|bombing|blast|killing)s?\b|"
                    r"\b(?:attack|bombing|blast)s?\s+(?:was\s+|were\s+)?claimed\s+by\b", re.I)
_NO_CLAIM = re.compile(r"\b(?:no\s+(?:one|group|organi[sz]ation)|nobody|not\s+(?:yet\s+)?(?:been\s+)?claimed|yet\s+to|"
                       r"(?:has|have|had|did)\s*n[o']t|without|denied|deny|denies)\b", re.I)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')]))\s+(?=[\"“‘'(]?[A-Z])")


@dataclass(frozen=True)
class EventFactsResult:
    """The main event of one article; a field is None when the text does not state it."""

    type: str | None
    killed: int | None
    injured: int | None
    date: str | None
    evidence: tuple[str, ...]
    claimed: bool = False


@dataclass(frozen=True)
class EventTypes:
    """Compiled event-type triggers from an event-types file."""

    order: tuple[str, ...]
    headline_casualties: frozenset[str]
    pattern: re.Pattern[str]
    group_type: dict[str, str] = field(hash=False)


def _trigger_regex(trigger: str) -> str:
    words = [re.escape(w) for w in trigger.split()]
    words[-1] += r"(?:s|es|d|ed|ing)?"
    return r"\b" + r"[\s-]+".join(words) + r"\b"


@lru_cache(maxsize=4)
def load_types(path: Path = TYPES_FILE) -> EventTypes:
    """Read and compile an event-types file; ConfigError names the file and the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read event types: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise ConfigError(f"{path}: expected a mapping of event type names to their triggers")
    entries: list[tuple[str, str]] = []
    headline: set[str] = set()
    for name, spec in data.items():
        triggers = spec.get("triggers") if isinstance(spec, dict) else None
        if not isinstance(triggers, list) or not triggers or not all(isinstance(t, str) and t.strip() for t in triggers):
            raise ConfigError(f"{path}: event type {name!r} needs a non-empty list of trigger strings")
        casualties = spec.get("casualties", "lead")
        if casualties not in ("lead", "headline"):
            raise ConfigError(f"{path}: event type {name!r}: casualties must be 'lead' or 'headline'")
        if casualties == "headline":
            headline.add(str(name))
        entries += [(t.strip().lower(), str(name)) for t in triggers]
    entries.sort(key=lambda entry: -len(entry[0]))
    # The leading word boundary outside the alternation makes the regex skip mid-word positions fast.
    alternatives = r"\b(?:" + "|".join(f"(?P<t{i}>{_trigger_regex(t)})" for i, (t, _) in enumerate(entries)) + ")"
    return EventTypes(
        order=tuple(str(name) for name in data),
        headline_casualties=frozenset(headline),
        pattern=re.compile(alternatives, re.I),
        group_type={f"t{i}": name for i, (_, name) in enumerate(entries)},
    )


def parse_number(text: str) -> int | None:
    """The number a casualty phrase states: "12", "2,000", "twenty-five", "a dozen", "over 140", "no one"."""
    words = re.sub(rf"^{_QUALIFIER}\s+", "", text.strip().lower())
    if re.fullmatch(r"no\s+one|nobody|none", words):
        return 0
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", words):
        return int(words.replace(",", ""))
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if tokens[:2] == ["half", "a"] and tokens[2:] == ["dozen"]:
        return 6
    total = current = 0
    for i, token in enumerate(tokens):
        if token in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1] in _SCALES:
            current = 1
        elif token in _NUMBER_WORDS or token.isdigit():
            current += _NUMBER_WORDS.get(token) if token in _NUMBER_WORDS else int(token)
        elif token in ("dozen", "hundred"):
            current = (current or 1) * _SCALES[token]
        elif token in ("thousand", "million"):
            total, current = total + (current or 1) * _SCALES[token], 0
        else:
            return None
    return total + current if tokens else None


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _main_type(types: EventTypes, sections: tuple[str, str, str]) -> str | None:
    scores: dict[str, float] = {}
    for weight, text in zip(SECTION_WEIGHTS, sections):
        for match in types.pattern.finditer(text):
            name = types.group_type[match.lastgroup or ""]
            scores[name] = scores.get(name, 0.0) + weight * (2 - match.start() / len(text))
    return max(types.order, key=lambda name: scores.get(name, 0.0)) if scores else None


def _casualties(sentences: list[str]) -> tuple[int | None, int | None, list[str]]:
    best: dict[str, tuple[int, str]] = {}
    for sentence in sentences:
        undated = _DATE.sub("(date)", sentence)  # "on Dec. 30 killed 3": 30 is a day, not a toll
        for kind, patterns in _CASUALTY_PATTERNS.items():
            for pattern in patterns:
                for match in pattern.finditer(undated):
                    raw = match.group("n")
                    number = parse_number(raw)
                    if number is None or (re.fullmatch(r"\d{4}", raw) and 1900 <= number <= 2100):
                        continue
                    if kind not in best or number > best[kind][0]:
                        best[kind] = (number, sentence)
    killed, injured = best.get("killed"), best.get("injured")
    evidence = [found[1] for found in (killed, injured) if found]
    return (killed[0] if killed else None), (injured[0] if injured else None), evidence


def _resolve_date(text: str, published: datetime | None) -> date | None:
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


def _event_date(sentences: list[str], published: datetime | None) -> tuple[str | None, str | None]:
    for sentence in sentences:
        for match in _DATE.finditer(sentence):
            found = _resolve_date(match.group(0), published)
            if found is not None:
                return found.isoformat(), sentence
    if published is not None:
        for sentence in sentences:
            if match := _WEEKDAY.search(sentence):
                back = (published.weekday() - _WEEKDAYS.index(match.group(1))) % 7
                return (published.date() - timedelta(days=back)).isoformat(), sentence
    return None, None


def extract_event(
    title: str,
    summary: str,
    body: str,
    *,
    published: datetime | None = None,
    types_file: Path = TYPES_FILE,
) -> EventFactsResult:
    """Type, casualties and date of the article's main event, from its title, summary and lead."""
    types = load_types(types_file)
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    event_type = _main_type(types, (title, summary, "\n".join(paragraphs[:TYPE_PARAGRAPHS])))
    headline = _sentences(title) + _sentences(summary)
    lead = headline + [s for p in paragraphs[:LEAD_PARAGRAPHS] for s in _sentences(p)]
    evidence: list[str] = []
    if event_type is not None:
        type_lead = headline + [s for p in paragraphs[:TYPE_PARAGRAPHS] for s in _sentences(p)]
        first = next((s for s in type_lead if any(
            types.group_type[m.lastgroup or ""] == event_type for m in types.pattern.finditer(s))), None)
        evidence += [first] if first else []
    killed, injured, casualty_evidence = _casualties(headline)
    if event_type not in types.headline_casualties or casualty_evidence:
        killed, injured, casualty_evidence = _casualties(lead)
    event_date, date_sentence = _event_date(lead, published)
    claim = claim_sentence(headline + [s for p in paragraphs for s in _sentences(p)])
    evidence += casualty_evidence + ([date_sentence] if date_sentence else []) + ([claim] if claim else [])
    return EventFactsResult(event_type, killed, injured, event_date, tuple(dict.fromkeys(evidence)), claim is not None)


def claim_sentence(sentences: list[str]) -> str | None:
    """The first sentence that reports a claim of responsibility ("No group claimed responsibility" does not)."""
    return next((s for s in sentences if _CLAIM.search(s) and not _NO_CLAIM.search(s)), None)
