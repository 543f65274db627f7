"""The place finder: every place named in a Doc, each with its admin-1 (province, state) and country.

Reads: a Doc, and the gazetteer with its matcher, built once per process (per catalog and places file) from the
cache (consumers.enrich.places.cache) or from the sources. Gives: PlaceFinder (find: distinct places; mentions: each
mention), FoundPlace, distinct, and the old API (load_gazetteer, find_places). How a place is found and chosen:
consumers/enrich/places/__init__.py.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from consumers.catalog import Catalog
from consumers.enrich.places.cache import DEFAULT_CACHE_DIR, load_or_build
from consumers.enrich.places.checks import PLACE_LABELS, checked
from consumers.enrich.places.gazetteer import PLACES_FILE, Place, ascii_fold, read_places_file
from consumers.enrich.places.match import Match, Text
from consumers.enrich.places.resolve import resolve, without_strays
from newsmon.arabic_script import has_arabic_script

__all__ = ["PLACES_FILE", "FoundPlace", "PlaceFinder", "find_places", "load_gazetteer"]


@dataclass(frozen=True)
class FoundPlace:
    """A place named in the text: as written (in English; a name in the Arabic script by the place's English name),
    its ISO 3166-1 alpha-2 country, its admin-1 in readable English,
    its kind ("country", "admin1", "region", "district", "city", "landmark", "place"), the character offsets
    of the mention in doc.text, and which gazetteer place it is (spellings of one place share it)."""

    name: str
    country: str | None
    admin1: str | None = None
    kind: str = "place"
    start: int = 0
    end: int = 0
    place: int = -1


_cache: dict[tuple, tuple] = {}
_cache_lock = threading.Lock()


def distinct(mentions: list[FoundPlace]) -> list[FoundPlace]:
    """One entry per place (its first mention), in order of first mention."""
    found: dict[tuple, FoundPlace] = {}
    for place in mentions:
        found.setdefault(place.place if place.place >= 0 else (place.country, place.name.lower()), place)
    return list(found.values())


class PlaceFinder:
    """Finds the gazetteer's places in Docs. The gazetteer and the matcher are made once per process (per catalog
    and places file) and shared by every PlaceFinder: loaded from the cache in cache_dir (default: places-cache in
    the default state dir), else built and cached there."""

    def __init__(self, nlp: Language, catalog: Catalog, *, extra_file: Path = PLACES_FILE,
                 cache_dir: Path | None = None) -> None:
        extra_file = Path(extra_file)
        key = (id(catalog), nlp.lang, str(extra_file.resolve()), extra_file.stat().st_mtime_ns)
        with _cache_lock:
            built = _cache.get(key)
            if built is None or built[0] is not catalog:  # the catalog object kept alive, so its id is its own
                made = load_or_build(nlp, catalog, extra_file, cache_dir or DEFAULT_CACHE_DIR)
                built = _cache[key] = (catalog, *made)
        _, self.gazetteer, self._index = built
        self._token_parts: dict[int, tuple] = {}  # a token's hash -> its normal words, its text if lower case

    @property
    def places(self) -> list[Place]:
        return self.gazetteer.places

    def find(self, doc: Doc) -> list[FoundPlace]:
        """Distinct places in order of first mention (one entry per distinct place; offsets of its first mention)."""
        return distinct(self.mentions(doc))

    def mentions(self, doc: Doc) -> list[FoundPlace]:
        """Every mention of a place, in text order, each with its own offsets."""
        text = Text(doc, self._token_parts, self._index.vocabulary)
        if not text.words:
            return []
        matches = [Match(name, key, s, e, text.tokens[s], text.tokens[e - 1] + 1)
                   for key, name, s, e in self._index.find(text.words)]
        if not matches:
            return []
        places = self.gazetteer.places
        matches = checked(text, matches, places)
        if not matches:
            return []
        resolve(matches, places, text)
        matches = without_strays(text, matches, places)
        found: list[FoundPlace] = []
        for m in matches:
            if m.place >= 0:
                p = places[m.place]
                start, end = text.starts[m.start], text.end_char(m.end - 1)
                tokens = doc[m.first:m.last]  # (doc.text would join every token of the Doc)
                written = tokens.text[start - tokens.start_char:end - tokens.start_char]
                if has_arabic_script(written):  # the desk reads places by their English name: "North Waziristan"
                    written = ascii_fold(p.name)  # "Sarāvān" -> "Saravan"
                found.append(FoundPlace(written, p.country, p.admin1, p.kind, start, end, m.place))
        return found


# -- the old API, until the enricher uses PlaceFinder ----------------------------------------------------------


class _LegacyGazetteer(dict):
    """load_gazetteer's dict (lower-cased name -> country, as before), with what find_places needs to use a
    PlaceFinder."""

    catalog: Catalog
    path: Path
    finder: PlaceFinder | None = None


def load_gazetteer(catalog: Catalog, path: Path = PLACES_FILE) -> dict[str, str]:
    """Lower-cased place name -> country code, from the catalog's states and the places file (as before).
    find_places given this dict uses a PlaceFinder over the whole gazetteer."""
    index = _LegacyGazetteer()
    for actor in catalog.actors.values():
        if actor.kind == "state":
            for name in (actor.name, *actor.aliases, *actor.acronyms, *actor.capitals):
                index.setdefault(name.lower(), actor.id)
    for country, _admin1, _kind, names in read_places_file(Path(path)):
        for name in names:
            if country:
                index.setdefault(name.lower(), country)
    index.catalog, index.path = catalog, Path(path)
    index.finder = _legacy_finder(index)  # built now, at load time, not on the first article
    return index


def _legacy_finder(gazetteer: _LegacyGazetteer) -> PlaceFinder:
    """A PlaceFinder with spaCy's English tokenizer (the model's own): it shares the model's built matcher."""
    import spacy

    return PlaceFinder(spacy.blank("en"), gazetteer.catalog, extra_file=gazetteer.path)


def find_places(doc: Doc, gazetteer: dict[str, str]) -> list[FoundPlace]:
    """Distinct places in order of first mention, with their country: PlaceFinder.find for load_gazetteer's dict;
    for another dict, the NER's place entities looked up in it (the old behaviour)."""
    if isinstance(gazetteer, _LegacyGazetteer):
        if gazetteer.finder is None:
            gazetteer.finder = _legacy_finder(gazetteer)
        return gazetteer.finder.find(doc)
    seen: dict[str, FoundPlace] = {}
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        name = ent.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        key = name.lower()
        if key and key not in seen:
            seen[key] = FoundPlace(name, gazetteer.get(key), start=ent.start_char, end=ent.end_char)
    return list(seen.values())

