"""A lead that argues instead of reporting: an editorial or a column that carries no label ("Pakistan needs to
avoid past mistakes ... cannot afford blunders"). Reads the body's first English sentences against the words of
consumers/data/framing.yaml `argument`: nobody is said to say or report anything, no day is named, and enough words
of argument stand. Gives the words found, or None.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from consumers.enrich.events.recency import FRAMING_FILE
from newsmon.arabic_script import has_arabic_script
from newsmon.errors import ConfigError
from newsmon.yaml_files import load_yaml

_SENTENCES = 3


@lru_cache(maxsize=2)
def _words(path: Path = FRAMING_FILE) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
        spec, days = data["argument"], data["periods"]["days"]

        def alternation(items) -> str:
            return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))

        return (re.compile(rf"\b(?:{alternation(spec['words'])})\b", re.I),
                re.compile(rf"\b(?:{alternation(spec['reporting'])})\b", re.I),
                re.compile(rf"\b(?:{alternation(w for w in days if w.isascii())})\b", re.I), int(spec["at_least"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: no argument words ({exc.__class__.__name__}: {exc})") from exc


def argued(lead: list[str]) -> str | None:
    """The words of argument of a lead (the body's first sentences) that reports nothing, or None."""
    text = " ".join(lead[:_SENTENCES])
    if not text or has_arabic_script(text):
        return None
    arguing, reporting, days, at_least = _words()
    if reporting.search(text) or days.search(text):
        return None
    found = [m.group(0) for m in arguing.finditer(text)]
    return ", ".join(found) if len(found) >= at_least else None
