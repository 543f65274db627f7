"""How two places of two reports relate, for the story matcher: one locality, one province, across a border, or
apart. Reads data/areas.yaml (localities and the districts that face each other across a border).

    place     the same place (one name)
    locality  places of one locality ("Khar" and "Bajaur", "Mir Ali" and "North Waziristan"), or two spellings of
              one place's name in one province ("Noshki" and "Nushki")
    admin1    the same province, places not known to be one locality (a district and a town of it the data
              does not list; the province only)
    country   the same country, no province on one side
    border    different countries, both places in one entry of `borders` ("North Waziristan" and "Paktika")
    None      apart: another country (not across a listed border), another province, or two specific places of
              different localities
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from newsmon.errors import ConfigError
from newsmon.messages import Place
from newsmon.arabic_script import has_arabic_script
from consumers.enrich.places.names import skeleton

AREAS_FILE = DATA_DIR / "areas.yaml"
_SPECIFIC = {"city", "district", "landmark", "town"}


def fold(name: str) -> str:
    """A name without case, diacritics, hyphens, dots or apostrophes."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace(".", " ").replace("'", "").replace("’", "").split())


@dataclass(frozen=True)
class Areas:
    """Localities and border groups, by folded name."""

    locality_of: dict[str, int]
    borders_of: dict[str, frozenset[int]]

    def relation(self, a: Place, b: Place) -> str | None:
        """How place a relates to place b (see the module docstring)."""
        if a.country and b.country and a.country != b.country:
            return "border" if self._names(a, self.borders_of) & self._names(b, self.borders_of) else None
        if fold(a.name) == fold(b.name):
            return "place"
        if self._localities(a) & self._localities(b) or spellings_of_one(a, b):
            return "locality"
        if a.admin1 and b.admin1 and fold(a.admin1) != fold(b.admin1):
            return None
        if a.kind in _SPECIFIC and b.kind in _SPECIFIC and a.kind == b.kind:
            return None  # two towns, or two districts, of one province
        if a.admin1 and b.admin1:
            return "admin1"
        return "country" if a.country and a.country == b.country else None

    def _localities(self, place: Place) -> set[int]:
        return {self.locality_of[n] for n in (fold(place.name),) if n in self.locality_of}

    @staticmethod
    def _names(place: Place, table: dict[str, frozenset[int]]) -> set[int]:
        found: set[int] = set()
        for name in (place.name, place.admin1):
            if name and fold(name) in table:
                found |= table[fold(name)]
        return found


def spellings_of_one(a: Place, b: Place) -> bool:
    """Two spellings of one place's name in one province: the same consonants ("Noshki" and "Nushki", "Bannu" and
    "Banu"; "Kalat" and "Quetta" are not), both in the province the reports give, or both in one country that the
    gazetteer gives no province for ("Termez" and "Termiz")."""
    one_province = a.admin1 and b.admin1 and fold(a.admin1) == fold(b.admin1)
    unknown_province = not a.admin1 and not b.admin1 and a.country and a.country == b.country and a.kind == b.kind
    if not (one_province or unknown_province) or has_arabic_script(a.name + b.name):
        return False
    first, second = skeleton(a.name), skeleton(b.name)
    return len(first) >= 3 and first == second


@lru_cache(maxsize=4)
def load_areas(path: Path = AREAS_FILE) -> Areas:
    """Read an areas file; ConfigError names the file and the problem."""
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8")) or {}
        locality_of: dict[str, int] = {}
        for n, names in enumerate(data.get("localities") or []):
            for name in names:
                locality_of.setdefault(fold(str(name)), n)
        borders: dict[str, set[int]] = {}
        for n, names in enumerate(data.get("borders") or []):
            for name in names:
                borders.setdefault(fold(str(name)), set()).add(n)
    except (OSError, yaml.YAMLError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: not an areas file ({exc.__class__.__name__}: {exc})") from exc
    return Areas(locality_of, {k: frozenset(v) for k, v in borders.items()})
