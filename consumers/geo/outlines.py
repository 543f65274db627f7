"""The region's countries from the shipped outline file (consumers/data/region_outlines.geojson, Natural Earth;
see consumers/data/NATURAL_EARTH.md), and what a located place is. Read by the board's map (consumers.console.geo)
and by the place lookup (consumers.geo.places) that gives the map its points and STIX its coordinates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from consumers import DATA_DIR

OUTLINES_FILE = DATA_DIR / "region_outlines.geojson"
PRECISIONS = ("city", "admin1", "country")  # how closely a point knows its place: a town, a province, a country


@dataclass(frozen=True)
class Located:
    lat: float
    lon: float
    precision: str  # one of PRECISIONS


@lru_cache(maxsize=4)
def countries(path: Path = OUTLINES_FILE) -> dict[str, dict]:
    """ISO alpha-2 -> {name, centroid (lon, lat), label (lon, lat), polygons: [[(lon, lat), ...], ...]}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found = {}
    for feature in data["features"]:
        props = feature["properties"]
        polygons = [[(lon, lat) for lon, lat in polygon[0]] for polygon in feature["geometry"]["coordinates"]]
        found[props["iso_a2"]] = {"name": props["name"], "centroid": tuple(props["centroid"]),
                                  "label": tuple(props["label"]), "polygons": polygons}
    return found
