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


_NUMBER = r"[\d۰-۹٠-٩]+(?:[.,٫][\d۰-۹٠-٩]+)?"
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
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: not a framing file ({exc.__class__.__name__}: {exc})") from exc

    def alternation(items: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(items), key=len, reverse=True))

    return Framing(stale, re.compile(rf"^\s*(?:{alternation(prefixes)})\s*[:|\-–—]", re.I),
                   re.compile(rf"(?<!\w)(?:{alternation(words)})", re.I),
                   re.compile(rf"(?<!\w)(?:{alternation(lead_words)})", re.I),
                   # a number, its percent sign or word, then within four words what it is a share of
                   re.compile(rf"{_NUMBER}\s*(?:{alternation(percent)})(?!\w)"
                              rf"(?:\s+[^\s.!?;]+){{0,4}}?\s+(?:{alternation(of_what)})", re.I),
                   # a number, its percent sign or word, then within three words a word of rising or falling (or that word first)
                   re.compile(rf"{_NUMBER}\s*(?:{alternation(percent)})(?!\w)(?:\s+[^\s.!?;]+){{0,3}}?\s+"
                              rf"(?:{alternation(change)})|(?<!\w)(?:{alternation(change)})\w*\s+(?:by\s+)?"
                              rf"{_NUMBER}\s*(?:{alternation(percent)})(?!\w)", re.I),
                   # the words between qualify the attacks ("armed", "terror"); "25 people in attacks" is a toll
                   re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\s+(?!{_NOT_BETWEEN})[^\s\d.!?;]+){{0,2}}?\s+"
                              rf"(?:{alternation(counted)})(?!\w)", re.I),
                   at_least)


def framed_as_past(title: str, summary: str, lead: str, framing: Framing | None = None) -> str | None:
    """The words that frame the article as no new event, or None; `lead` is the body's first sentence."""
    framing = framing or load_framing()
    if match := framing.prefix.search(unify(title)):
        return match.group(0).strip(" :|-–—")
    for text, pattern in ((title, framing.words), (summary, framing.words), (lead, framing.lead_words),
                          (title, framing.share), (summary, framing.share), (lead, framing.share),
                          (title, framing.change), (summary, framing.change), (lead, framing.change)):
        if text and (match := pattern.search(unify(text).lower())):
            return match.group(0)
    for text in (title, summary, lead):
        for match in framing.count.finditer(unify(text or "").lower()):
            if int(match.group(1).replace(",", "")) >= framing.at_least:
                return match.group(0)
    return None


def stale(when: date | None, published: datetime | None, framing: Framing | None = None) -> bool:
    """True when an event's date lies more than stale_days before the article's publication."""
    framing = framing or load_framing()
    return when is not None and published is not None and (published.date() - when).days > framing.stale_days
