"""Regenerate consumers/data/region_outlines.geojson: the map's country outlines, from Natural Earth.

The source is Natural Earth's 1:110m "Admin 0 - Countries" (public domain) as the geopandas 0.14.x wheel ships it
(`geopandas/datasets/naturalearth_lowres`, Natural Earth 5.1.1). Only the countries that reach the map's region
(geo.REGION, plus a margin) are kept, each cut to that box, simplified and rounded to 0.01 degree; each keeps its
ISO 3166-1 alpha-2 code, its name, its centroid (of its largest polygon, before the cut: where a story placed only
in that country goes) and a label point (of its largest piece inside the box). Reading the shapefile needs `pyshp`,
which the console never imports; put it in a throwaway virtualenv:

    python -m pip download geopandas==0.14.4 --no-deps -d /tmp/ne && (cd /tmp/ne && unzip -q geopandas-*.whl)
    python -m venv /tmp/shp && /tmp/shp/bin/pip install pyshp
    PYTHONPATH=/tmp/shp/lib/python3.X/site-packages python -m consumers.console.geo_outlines \\
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres \\
        > consumers/data/region_outlines.geojson

consumers/data/NATURAL_EARTH.md says the same for the desk. The console never imports this module; the functions
here are pure (rings in, rings out) and tested.
"""

from __future__ import annotations

import json
import sys
from itertools import pairwise

from consumers.console.geo import REGION

Ring = list[tuple[float, float]]  # (longitude, latitude), closed or not
MARGIN = 1.5  # degrees kept around the map, so the cut's own edges fall outside the picture
TOLERANCE = 0.03  # degrees a simplified outline may stray from the source (about 3 km; 0.5 px on the map)


def clip(ring: Ring, west: float, south: float, east: float, north: float) -> Ring:
    """The part of a polygon ring inside a box (Sutherland-Hodgman: exact for a convex window)."""
    edges = ((lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
             (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
             (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
             (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)))
    out = list(ring)
    for inside, cross in edges:
        if not out:
            break
        points, out = out, []
        for n, current in enumerate(points):
            previous = points[n - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
    return out


def _at_x(a, b, x: float) -> tuple[float, float]:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a, b, y: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def simplify(ring: Ring, tolerance: float = TOLERANCE) -> Ring:
    """Douglas-Peucker: drop the points that lie within `tolerance` of the line their neighbours kept."""
    if len(ring) < 4:
        return list(ring)
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, -1
        for n in range(first + 1, last):
            d = _distance(ring[n], ring[first], ring[last])
            if d > far:
                far, index = d, n
        if far > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(ring, keep) if kept]


def _distance(p, a, b) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return ((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return ((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5


def area_and_centroid(ring: Ring) -> tuple[float, tuple[float, float]]:
    """A ring's area (square degrees, unsigned) and its centroid (shoelace)."""
    twice, cx, cy = 0.0, 0.0, 0.0
    for n, (x1, y1) in enumerate(ring):
        x0, y0 = ring[n - 1]
        cross = x0 * y1 - x1 * y0
        twice += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if twice == 0:
        return 0.0, ring[0] if ring else (0.0, 0.0)
    return abs(twice) / 2, (cx / (3 * twice), cy / (3 * twice))


def _rounded(ring: Ring) -> Ring:
    out: Ring = []
    for lon, lat in ring:
        point = (round(lon, 2), round(lat, 2))
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def country_feature(name: str, iso_a2: str, parts: list[Ring]) -> dict | None:
    """One country as a GeoJSON feature cut to the region, or None when nothing of it is left inside."""
    west, south = REGION.west - MARGIN, REGION.south - MARGIN
    east, north = REGION.east + MARGIN, REGION.north + MARGIN
    whole = max((area_and_centroid(p) for p in parts), default=(0.0, (0.0, 0.0)))
    kept = []
    for part in parts:
        piece = _rounded(simplify(clip(part, west, south, east, north)))
        if len(piece) >= 3 and area_and_centroid(piece)[0] > 0.02:
            kept.append(piece)
    if not kept:
        return None
    label = max(area_and_centroid(p) for p in kept)[1]
    return {"type": "Feature",
            "properties": {"name": name, "iso_a2": iso_a2, "centroid": [round(c, 2) for c in whole[1]],
                           "label": [round(c, 2) for c in label]},
            "geometry": {"type": "MultiPolygon", "coordinates": [[[list(p) for p in piece + piece[:1]]]
                                                                 for piece in kept]}}


def main(argv: list[str]) -> int:
    try:
        import shapefile  # pyshp
    except ImportError:
        print("needs the pyshp package (pip install pyshp), in a throwaway virtualenv", file=sys.stderr)
        return 1
    import pycountry

    if len(argv) != 1:
        print("usage: python -m consumers.console.geo_outlines PATH/naturalearth_lowres", file=sys.stderr)
        return 2
    features = []
    for shape_record in shapefile.Reader(argv[0]).iterShapeRecords():
        record, shape = shape_record.record.as_dict(), shape_record.shape
        country = pycountry.countries.get(alpha_3=record["iso_a3"])
        if country is None:
            continue  # Natural Earth's -99 lands (Kosovo, Northern Cyprus, Somaliland): none near the region
        bounds = list(shape.parts) + [len(shape.points)]
        parts = [[tuple(p) for p in shape.points[a:b]] for a, b in pairwise(bounds)]
        feature = country_feature(record["name"], country.alpha_2, parts)
        if feature is not None:
            features.append(feature)
    features.sort(key=lambda f: f["properties"]["iso_a2"])
    collection = {"type": "FeatureCollection",
                  "source": "Natural Earth 1:110m Admin 0 - Countries 5.1.1 (public domain), via geopandas 0.14.4; "
                            "cut to the newsmon region; see NATURAL_EARTH.md",
                  "features": features}
    print(json.dumps(collection, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
