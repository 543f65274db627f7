"""Where a story happened, as a STIX `location`: its name, country, admin-1 (`administrative_area`; STIX's `region`
is a continent-sized vocabulary, so the province goes there), city, and coordinates.

Coordinates come from consumers.geo.places, the lookup that places the board's map points: a town's own position
(`precision` 10 km), or the centre of its province when only that is known (`precision` 150 km); a place known
only to its country is the country's location, with no point. Only places in the desk's region have coordinates.
A place with no country (a region of several countries) gets no location: STIX needs a country, region or
coordinates.
"""

from __future__ import annotations

import stix2

from consumers.geo import places as geo_places
from consumers.stix import actors, ids
from consumers.stix.extension import AUTHOR_ID, custom
from newsmon.messages import Place

_CITY_KINDS = {"city", "town"}
PRECISION_M = {"city": 10_000.0, "admin1": 150_000.0}  # STIX precision, in metres, by how the place was found


def place_ref(place: Place | None) -> str | None:
    """The id of the place's location (a country's own when the place is a country); None without a country."""
    if place is None or not place.country:
        return None
    if place.kind == "country":
        return ids.country_id(place.country)
    return ids.place_id(place.country, place.admin1, place.name)


def place_location(place: Place | None, *, created, modified) -> stix2.Location | None:
    """The place as a location, or None when it has no country."""
    ref = place_ref(place)
    if ref is None:
        return None
    if place.kind == "country":
        return actors.country(place.country, created=created, modified=modified)
    found = geo_places.locate(place.name, place.admin1, place.country.upper(), place.kind)
    point = {"latitude": found.lat, "longitude": found.lon, "precision": PRECISION_M[found.precision]} \
        if found is not None and found.precision in PRECISION_M else {}
    return stix2.Location(
        id=ref, created=created, modified=modified, created_by_ref=AUTHOR_ID,
        name=", ".join(dict.fromkeys(p for p in (place.name, place.admin1, actors.country_name(place.country)) if p)),
        country=place.country.upper(), administrative_area=place.admin1 or None,
        city=place.name if place.kind in _CITY_KINDS else None,
        **point, **custom(place_kind=place.kind))
