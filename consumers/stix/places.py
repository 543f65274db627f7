"""Where a story happened, as a STIX `location`: its name, country, admin-1 (`administrative_area`; STIX's `region`
is a continent-sized vocabulary, so the province goes there) and city.

Coordinates: newsmon's gazetteer keeps no coordinates and an alert's place carries none, so the location has none;
a place that one day carries `latitude` and `longitude` gets them. Nothing is looked up or guessed here. A place
with no country (a region of several countries) gets no location: STIX needs a country, region or coordinates.
"""

from __future__ import annotations

import stix2

from consumers.stix import actors, ids
from consumers.stix.extension import AUTHOR_ID, custom
from newsmon.messages import Place

_CITY_KINDS = {"city", "town"}


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
    latitude, longitude = getattr(place, "latitude", None), getattr(place, "longitude", None)
    return stix2.Location(
        id=ref, created=created, modified=modified, created_by_ref=AUTHOR_ID,
        name=", ".join(dict.fromkeys(p for p in (place.name, place.admin1, actors.country_name(place.country)) if p)),
        country=place.country.upper(), administrative_area=place.admin1 or None,
        city=place.name if place.kind in _CITY_KINDS else None,
        latitude=latitude if latitude is not None and longitude is not None else None,
        longitude=longitude if latitude is not None and longitude is not None else None,
        **custom(place_kind=place.kind))
