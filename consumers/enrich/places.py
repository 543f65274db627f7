"""Places named in a Doc and the country each belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.tokens import Doc

from consumers import DATA_DIR
from consumers.catalog import Catalog

PLACES_FILE = DATA_DIR / "places.yaml"
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class FoundPlace:
    """A place name and its ISO 3166-1 alpha-2 country, or None when unknown."""

    name: str
    country: str | None


def load_gazetteer(catalog: Catalog, path: Path = PLACES_FILE) -> dict[str, str]:
    """Lower-cased place name -> country code, from the catalog's states and the places file."""
    index: dict[str, str] = {}
    for actor in catalog.actors.values():
        if actor.kind == "state":
            for name in (actor.name, *actor.aliases, *actor.acronyms, *actor.capitals):
                index.setdefault(name.lower(), actor.id)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for country, names in data.items():
        for name in names or []:
            index.setdefault(str(name).lower(), str(country))
    return index


def find_places(doc: Doc, gazetteer: dict[str, str]) -> list[FoundPlace]:
    """Distinct place entities in order of first mention, with their country."""
    seen: dict[str, FoundPlace] = {}
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        name = ent.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        key = name.lower()
        if key and key not in seen:
            seen[key] = FoundPlace(name, gazetteer.get(key))
    return list(seen.values())
