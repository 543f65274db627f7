"""The board's map: the region's frame and projection, the country outlines, and stories as points (pure, but for
reading the shipped outline file once).

The frame covers Iran to western China and the Arabian Sea to southern Kazakhstan. The projection is
equirectangular with longitudes shrunk by the cosine of the frame's middle latitude: east-west distances are true
there and within about 15 per cent at the frame's north and south edges, and a point is placed by two
multiplications (no projection library). The
outlines are Natural Earth's (consumers/data/region_outlines.geojson, made by consumers.console.geo_outlines; see
consumers/data/NATURAL_EARTH.md), read by consumers.geo.outlines. A story's coordinates come from
consumers.geo.places.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from consumers.geo.outlines import OUTLINES_FILE, Located, countries



@dataclass(frozen=True)
class Frame:
    """A longitude/latitude box drawn `width` pixels wide; the height follows from the projection."""

    west: float
    south: float
    east: float
    north: float
    width: int = 640

    @property
    def scale(self) -> float:
        """Pixels per degree of latitude."""
        return self.width / ((self.east - self.west) * math.cos(math.radians((self.south + self.north) / 2)))

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """(x, y) in pixels from the top left; a place outside the frame lands outside (0..width, 0..height)."""
        shrink = math.cos(math.radians((self.south + self.north) / 2))
        return (lon - self.west) * shrink * self.scale, (self.north - lat) * self.scale

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


REGION = Frame(west=44.0, south=22.0, east=92.0, north=45.5)
LABEL_INSET = 40  # pixels: a country name centred nearer the frame's side than this would be cut


@dataclass(frozen=True)
class Outline:
    iso_a2: str
    name: str
    path: str  # SVG path data, in the frame's pixels
    label: tuple[float, float] | None  # where its name goes, or None when too little of it shows


@dataclass(frozen=True)
class MapPoint:
    story: Mapping  # the story's row: id, headline, severity, toll and place for the link and its tooltip
    x: float
    y: float
    r: float
    precision: str


@dataclass(frozen=True)
class MapView:
    frame: Frame
    outlines: tuple[Outline, ...]
    points: tuple[MapPoint, ...]  # largest first, so a small point is drawn over a big one
    outside: int  # stories placed, but off this map
    unplaced: int  # stories with no place, or one that has no coordinates
    considered: int  # the stories looked at (the newest that match the filters)


@lru_cache(maxsize=4)
def outlines(frame: Frame = REGION, path: Path = OUTLINES_FILE) -> tuple[Outline, ...]:
    """The countries as SVG paths in the frame; a name only where the country shows enough of itself."""
    drawn = []
    for iso, country in sorted(countries(path).items()):
        parts = []
        for polygon in country["polygons"]:
            xy = [frame.project(lon, lat) for lon, lat in polygon]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        x, y = frame.project(*country["label"])
        inside = LABEL_INSET < x < frame.width - LABEL_INSET and 12 < y < frame.height - 6
        shown = inside and _area(country["polygons"], frame) > 8.0  # square degrees: no names on slivers
        drawn.append(Outline(iso, country["name"], "".join(parts), (round(x, 1), round(y, 1)) if shown else None))
    return tuple(drawn)


def _area(polygons: list, frame: Frame) -> float:
    """Square degrees of the largest polygon inside the frame (roughly: its vertices clamped to the frame)."""
    best = 0.0
    for polygon in polygons:
        ring = [(min(max(lon, frame.west), frame.east), min(max(lat, frame.south), frame.north))
                for lon, lat in polygon]
        twice = sum(ring[n - 1][0] * y - x * ring[n - 1][1] for n, (x, y) in enumerate(ring))
        best = max(best, abs(twice) / 2)
    return best


def radius(killed: int | None, injured: int | None) -> float:
    """A point's radius in pixels: its area grows with the toll (killed and injured), 3.5 px with none, 16 at most."""
    toll = (killed or 0) + (injured or 0)
    return round(min(3.5 + 1.5 * math.sqrt(toll), 16.0), 1)


Locate = Callable[[str | None, str | None, str | None, str | None], Located | None]  # name, admin1, country, kind


def map_view(stories: Iterable[Mapping], locate: Locate, *, frame: Frame = REGION,
             path: Path = OUTLINES_FILE) -> MapView:
    """The stories that have a place on this map as points; the others counted as off the map or unplaced."""
    points, outside, unplaced, considered = [], 0, 0, 0
    for story in stories:
        considered += 1
        found = locate(story["place"], story["admin1"], story["country"], story["kind"])
        if found is None:
            outside, unplaced = (outside + 1, unplaced) if story["country"] else (outside, unplaced + 1)
            continue
        if not frame.contains(found.lon, found.lat):
            outside += 1
            continue
        x, y = frame.project(found.lon, found.lat)
        points.append(MapPoint(story, x, y, radius(story["killed"], story["injured"]), found.precision))
    return MapView(frame, outlines(frame, path), tuple(fan_out(points)), outside, unplaced, considered)


def fan_out(points: list[MapPoint], *, spacing: float = 6.0) -> list[MapPoint]:
    """Points on one spot (stories in one town, or known only by one province) spread on a small sunflower spiral
    around it, the first in the middle, so each can be clicked; then largest first for drawing."""
    seen: dict[tuple[int, int], int] = {}
    spread = []
    for p in points:
        spot = (round(p.x), round(p.y))
        k = seen.get(spot, 0)
        seen[spot] = k + 1
        angle = k * 2.39996  # the golden angle, in radians
        dx, dy = spacing * math.sqrt(k) * math.cos(angle), spacing * math.sqrt(k) * math.sin(angle)
        spread.append(MapPoint(p.story, round(p.x + dx, 1), round(p.y + dy, 1), p.r, p.precision))
    return sorted(spread, key=lambda p: -p.r)
