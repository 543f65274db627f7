"""What an attack was aimed at (police, place of worship, foreign nationals...), from data/targets.yaml.

A name that only says who is speaking is not a target: "police said", "according to officials", "a government
official told reporters" name the source of the report, not the people the attack hit."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from newsmon.errors import ConfigError

TARGETS_FILE = DATA_DIR / "targets.yaml"


@lru_cache(maxsize=4)
def load_targets(path: Path = TARGETS_FILE) -> re.Pattern[str]:
    """One pattern of every target's words; the name of the group that matched is the target."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read targets: {exc}") from exc
    groups = []
    for index, (name, words) in enumerate(data.items()):
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"{path}: target {name!r} needs a list of words")
        alternatives = "|".join(r"[\s-]+".join(map(re.escape, w.lower().split())) for w in sorted(words, key=len, reverse=True))
        groups.append((f"g{index}", str(name), alternatives))
    pattern = re.compile(r"\b(?:" + "|".join(f"(?P<{g}>{alt})" for g, _, alt in groups) + r")s?\b", re.I)
    pattern_names.update({g: name for g, name, _ in groups})
    return pattern


pattern_names: dict[str, str] = {}

_SPEAKS_AFTER = re.compile(r"(?:\s+(?:officials?|officers?|sources?|spokesm[ae]n|spokesperson|chief|authorities))?"
                           r"\s+(?:said|say|says|told|added|confirmed|stated|reported|quoted|according)\b", re.I)
_SPEAKS_BEFORE = re.compile(r"\b(?:according\s+to|told|quoting|quoted)(?:\s+(?:the|a|local|senior|district))*\s+$", re.I)


def _speaks(text: str, start: int, end: int) -> bool:
    """Whether the words at start:end name who is reporting ("police said", "according to officials")."""
    return bool(_SPEAKS_AFTER.match(text, end) or _SPEAKS_BEFORE.search(text, 0, start))


def targets_in(text: str, pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    """(target, offset) of each target named in text, first mention of each, in text order."""
    found: dict[str, int] = {}
    for match in pattern.finditer(text):
        if _speaks(text, match.start(), match.end()):
            continue
        found.setdefault(pattern_names[match.lastgroup or ""], match.start())
    return list(found.items())
