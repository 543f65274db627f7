"""The site furniture of saved pages (producers/data/page_rules.toml) compiled for the segmenter (segment.py):
datelines, date lines, outlet lines, lines to skip, lines that end an article, and the words of saying that make
"he said:" a quote rather than a dateline."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsmon.arabic_script import unify
from producers import DATA_DIR

RULES_FILE = DATA_DIR / "page_rules.toml"


@dataclass(frozen=True)
class PageRules:
    """Compiled patterns from page_rules.toml."""

    dateline: re.Pattern[str]
    date_line: tuple[re.Pattern[str], ...]
    outlet_line: tuple[re.Pattern[str], ...]
    skip: tuple[re.Pattern[str], ...]
    end: tuple[re.Pattern[str], ...]
    said: frozenset[str] = frozenset()  # words of saying that end "he said:" before a colon: no dateline


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> PageRules:
    """Read and compile a page-rules file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))

    def many(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in data.get(key, []))

    return PageRules(
        dateline=re.compile(data["dateline"]),
        date_line=many("date_line"),
        outlet_line=many("outlet_line"),
        skip=many("skip"),
        end=many("end"),
        said=frozenset(unify(w) for w in data.get("said_before_colon", [])),
    )
