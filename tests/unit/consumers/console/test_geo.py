"""The board's map: the projection, where a story's place lands, the outlines, and the timeline's labels."""

from __future__ import annotations

import json
import math

import pytest

from consumers.console import geo
from consumers.geo import places as geo_places
from consumers.console.charts import bar_chart, day_ticks
from consumers.console.geo_outlines import area_and_centroid, clip, country_feature, simplify
from consumers.geo.places import PlaceIndex, PlacesYamlEntry, Town

FRAME = geo.Frame(west=60.0, south=20.0, east=80.0, north=40.0, width=400)


def test_the_projection_puts_the_frame_corners_on_the_picture_corners():
    assert FRAME.project(60.0, 40.0) == pytest.approx((0.0, 0.0))
    assert FRAME.project(80.0, 20.0) == pytest.approx((FRAME.width, FRAME.height), abs=0.5)
    # Longitudes shrink by the cosine of the middle latitude (30°): the box is taller than wide.
    assert FRAME.height == round(400 / math.cos(math.radians(30)))
    x, y = FRAME.project(70.0, 30.0)
    assert (x, y) == pytest.approx((FRAME.width / 2, FRAME.height / 2), abs=0.5)
    assert FRAME.contains(70.0, 30.0) and not FRAME.contains(59.9, 30.0) and not FRAME.contains(70.0, 40.1)
    # North is up, east is right.
    assert FRAME.project(70.0, 35.0)[1] < y and FRAME.project(75.0, 30.0)[0] > x


def test_the_region_covers_the_desks_countries():
    for lon, lat in ((51.39, 35.69), (69.17, 34.53), (73.05, 33.72), (77.21, 28.61), (69.24, 41.30),
                     (87.6, 43.8), (66.99, 24.86)):  # Tehran, Kabul, Islamabad, Delhi, Tashkent, Urumqi, Karachi
        assert geo.REGION.contains(lon, lat)
    assert not geo.REGION.contains(37.6, 55.75)  # Moscow


def small_index() -> PlaceIndex:
    towns = [
        (Town("Hyderabad", "PK", "PK.05", 25.4, 68.4, 1_400_000), ["Haidarabad"]),
        (Town("Hyderabad", "IN", "IN.40", 17.4, 78.5, 3_600_000), []),
        (Town("Dera Ismail Khan", "PK", "PK.03", 31.8, 70.9, 100_000), []),
        (Town("Peshawar", "PK", "PK.03", 34.0, 71.6, 1_200_000), []),
        (Town("Quetta", "PK", "PK.02", 30.2, 67.0, 700_000), []),
        (Town("Turbat", "PK", "PK.02", 26.0, 63.1, 70_000), []),
        (Town("Kalat", "PK", "PK.02", 29.0, 66.6, 20_000), []),
        (Town("Kalat", "PK", "PK.03", 34.0, 72.0, 6_000), []),  # a small namesake in another province
        (Town("Islamabad", "PK", "PK.08", 33.7, 73.0, 600_000), []),
    ]
    admin1 = {"PK.02": ["Balochistan"], "PK.03": ["Khyber Pakhtunkhwa"], "PK.05": ["Sindh"], "PK.08": ["Islamabad"],
              "IN.40": ["Telangana"]}
    entries = [PlacesYamlEntry("PK", "Khyber Pakhtunkhwa", "admin1", ("KP",)),
               PlacesYamlEntry("PK", "Khyber Pakhtunkhwa", "district", ("Dera Ismail Khan", "D.I. Khan")),
               PlacesYamlEntry("PK", "Khyber Pakhtunkhwa", "district", ("North Waziristan",)),
               PlacesYamlEntry("PK", "Islamabad Capital Territory", "city", ("Islamabad",))]
    return PlaceIndex(towns, admin1, {"PK": (30.0, 69.4), "IN": (22.9, 79.6)}, entries)


@pytest.mark.parametrize(("place", "expected"), [
    (("Peshawar", "Khyber Pakhtunkhwa", "PK", "city"), (34.0, 71.6, "city")),
    (("Kalat", "Balochistan", "PK", "district"), (29.0, 66.6, "city")),  # its province's town, not the namesake
    (("Kalat", None, "PK", "district"), (29.0, 66.6, "city")),  # no province: the bigger one
    (("Hyderabad", "Sindh", "PK", "city"), (25.4, 68.4, "city")),
    (("Hyderabad", "Telangana", "IN", "city"), (17.4, 78.5, "city")),
    (("Haidarabad", "Sindh", "PK", "city"), (25.4, 68.4, "city")),  # another name of the town
    (("D.I. Khan", "Khyber Pakhtunkhwa", "PK", "district"), (31.8, 70.9, "city")),  # places.yaml's spelling
    (("Islamabad", "Islamabad Capital Territory", "PK", "city"), (33.7, 73.0, "city")),  # a title the table lacks
    (("Quetta", "Khyber Pakhtunkhwa", "PK", "city"), (33.3, 71.5, "admin1")),  # never a town of another province
    (("North Waziristan", "Khyber Pakhtunkhwa", "PK", "district"), (33.3, 71.5, "admin1")),
    (("KP", "Khyber Pakhtunkhwa", "PK", "admin1"), (33.3, 71.5, "admin1")),
    (("KP", None, "PK", "admin1"), (33.3, 71.5, "admin1")),
    (("Balochistan", "Balochistan", "PK", "admin1"), (28.4, 65.6, "admin1")),
    (("Peshawar", "Khyber Pakhtunkhwa", "PK", "region"), (33.3, 71.5, "admin1")),  # a region: its province
    (("Pakistan", None, "PK", "country"), (30.0, 69.4, "country")),
    (("Somewhere", "Nowhere", "PK", "place"), (30.0, 69.4, "country")),
])
def test_a_place_lands_as_closely_as_it_is_known(place, expected):
    found = small_index().locate(*place)
    assert (round(found.lat, 1), round(found.lon, 1), found.precision) == expected


@pytest.mark.parametrize("place", [("Washington", "District of Columbia", "US", "city"),
                                   ("Middle East", None, None, "region"), (None, None, None, None)])
def test_a_place_off_the_map_or_without_a_country_has_no_point(place):
    assert small_index().locate(*place) is None


def inside(lon: float, lat: float, polygons: list) -> bool:
    """Ray casting over a country's polygons."""
    hit = False
    for ring in polygons:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
    return hit


@pytest.mark.parametrize(("place", "precision"), [
    (("Peshawar", "Khyber Pakhtunkhwa", "PK", "city"), "city"),
    (("Quetta", "Balochistan", "PK", "district"), "city"),
    (("Kalat", "Balochistan", "PK", "district"), "city"),
    (("Islamabad", "Islamabad Capital Territory", "PK", "city"), "city"),
    (("D.I. Khan", "Khyber Pakhtunkhwa", "PK", "district"), "city"),
    (("Kabul", "Kabul", "AF", "city"), "city"),
    (("Mazar-i-Sharif", "Balkh", "AF", "city"), "city"),
    (("Lashkargah", "Helmand", "AF", "city"), "city"),
    (("Zahedan", "Sistan and Baluchestan", "IR", "city"), "city"),
    (("Srinagar", "Jammu and Kashmir", "IN", "city"), "city"),
    (("North Waziristan", "Khyber Pakhtunkhwa", "PK", "district"), "admin1"),
    (("Balochistan", "Balochistan", "PK", "admin1"), "admin1"),
    (("Sistan-Baluchestan", "Sistan and Baluchestan", "IR", "admin1"), "admin1"),
    (("Afghanistan", None, "AF", "country"), "country"),
    (("Pakistan", None, "PK", "country"), "country"),
    (("Iran", None, "IR", "country"), "country"),
])
def test_the_shipped_data_puts_the_regions_places_inside_their_country(place, precision):
    found = geo_places.locate(*place)
    assert found is not None and found.precision == precision
    assert geo.REGION.contains(found.lon, found.lat)
    assert inside(found.lon, found.lat, geo.countries()[place[2]]["polygons"]), place


def test_peshawar_is_where_it_is():
    found = geo_places.locate("Peshawar", "Khyber Pakhtunkhwa", "PK", "city")
    assert (found.lat, found.lon) == pytest.approx((34.01, 71.58), abs=0.05)


def test_the_outline_file_is_small_and_has_the_region():
    assert geo.OUTLINES_FILE.stat().st_size < 60_000
    data = json.loads(geo.OUTLINES_FILE.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"]
    shown = {o.iso_a2 for o in geo.outlines()}
    assert {"PK", "AF", "IR", "IN", "CN", "TJ", "UZ", "TM", "KG", "KZ"} <= shown
    labelled = {o.name for o in geo.outlines() if o.label}
    assert {"Pakistan", "Afghanistan", "Iran"} <= labelled
    assert all(o.path.startswith("M") and o.path.endswith("Z") for o in geo.outlines())


def test_a_point_grows_with_the_toll_up_to_a_limit():
    sizes = [geo.radius(k, i) for k, i in ((None, None), (0, 0), (1, 0), (5, 5), (40, 60), (5000, 0))]
    assert sizes[0] == sizes[1] == 3.5
    assert sizes == sorted(sizes) and sizes[-1] == 16.0 and sizes[-2] == 16.0 > sizes[-3]


def row(n: int, *, place="Quetta", admin1="Balochistan", country="PK", kind="city", killed=None, injured=None,
        severity="high") -> dict:
    return {"id": f"s{n}", "headline": f"story {n}", "severity": severity, "place": place, "admin1": admin1,
            "country": country, "kind": kind, "killed": killed, "injured": injured}


def test_the_map_places_stories_and_counts_the_ones_it_cannot_show():
    locate = small_index().locate
    stories = [row(1, killed=9), row(2), row(3, place="Hyderabad", admin1="Telangana", country="IN"),
               row(4, place="Washington", admin1=None, country="US"), row(5, place=None, admin1=None, country=None)]
    view = geo.map_view(stories, locate)
    assert [p.story["id"] for p in view.points] == ["s1", "s2"]  # the largest first
    assert (view.outside, view.unplaced, view.considered) == (2, 1, 5)  # Hyderabad (IN) lies south of the frame
    first, second = view.points
    assert (first.x, first.y) == pytest.approx(geo.REGION.project(67.0, 30.2), abs=0.1)
    assert (first.x, first.y) != (second.x, second.y)  # two stories in Quetta: both can be clicked


def test_points_on_one_spot_fan_out_around_it():
    spot = geo.MapPoint({"id": "x"}, 100.0, 100.0, 4.0, "country")
    spread = geo.fan_out([spot] * 12)
    positions = {(p.x, p.y) for p in spread}
    assert len(positions) == 12 and (100.0, 100.0) in positions
    assert all(math.dist((100, 100), xy) <= 6 * math.sqrt(11) + 0.1 for xy in positions)


def test_the_outline_builder_clips_simplifies_and_keeps_the_centroid():
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    cut = clip(square, 5.0, -1.0, 20.0, 20.0)
    area, centroid = area_and_centroid(cut)
    assert area == pytest.approx(50.0) and centroid == pytest.approx((7.5, 5.0))
    assert clip(square, 20.0, 20.0, 30.0, 30.0) == []
    wiggly = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    assert (1.0, 0.001) not in simplify(wiggly, 0.01) and len(simplify(wiggly, 0.01)) == 5
    far = country_feature("Atlantis", "AT", [[(-30.0, 0.0), (-29.0, 0.0), (-29.0, 1.0)]])
    assert far is None
    kazakh = country_feature("Big", "BG", [[(50.0, 40.0), (90.0, 40.0), (90.0, 60.0), (50.0, 60.0)]])
    assert kazakh["properties"]["centroid"] == [70.0, 50.0]  # the whole country's, before the cut
    assert kazakh["properties"]["label"][1] < 50.0  # the middle of what the map shows of it


def test_the_timeline_labels_its_first_and_last_day_and_some_between():
    days = [f"2026-11-{d:02d}" for d in range(1, 31)]
    chart = bar_chart([(d, 1) for d in days], title="events per day", unit="events", width=300)
    ticks = day_ticks(chart, days)
    assert ticks[0].label == "1 Nov" and ticks[0].anchor == "start" and ticks[0].x == 0
    assert ticks[-1].label == "30 Nov" and ticks[-1].anchor == "end" and ticks[-1].x == pytest.approx(300, abs=1)
    assert 3 <= len(ticks) <= 6 and [t.x for t in ticks] == sorted(t.x for t in ticks)
    two = day_ticks(bar_chart([("2026-11-29", 0), ("2026-11-30", 2)], title="t", unit="u"),
                    ["2026-11-29", "2026-11-30"])
    assert [t.label for t in two] == ["29 Nov", "30 Nov"]
