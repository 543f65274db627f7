"""Routing: reports of one event from both sides of a border go to the same partition."""

from __future__ import annotations

import pytest

from consumers.enrich.routing import load_theatres, route_of
from newsmon.errors import ConfigError
from newsmon.messages import Actor, EnrichedArticle, EventFacts, Place, RawArticle


def enriched(country: str | None, *, states: tuple[str, ...] = ()) -> EnrichedArticle:
    where = Place(name="somewhere", country=country) if country else None
    actors = tuple(Actor(id=s, name=s, kind="state", role="participant") for s in states)
    return EnrichedArticle(id="a", article=RawArticle(id="a", title="t", source="s"), language="en",
                           event=EventFacts(type="strike", where=where), actors=actors)


def test_both_sides_of_the_durand_line_and_the_iran_border_share_one_route():
    assert route_of(enriched("PK")) == route_of(enriched("AF")) == route_of(enriched("IR")) == route_of(enriched("IN"))


def test_a_country_outside_every_theatre_is_its_own_route_and_an_unplaced_article_goes_home():
    assert route_of(enriched("FR")) == "FR"
    assert route_of(enriched(None)) == route_of(enriched("PK"))
    assert route_of(enriched(None, states=("RU",))) == "RU"


def test_a_country_in_two_theatres_is_a_config_error(tmp_path):
    bad = tmp_path / "theatres.yaml"
    bad.write_text("default: a\ntheatres:\n  a: [PK, AF]\n  b: [AF]\n")
    with pytest.raises(ConfigError, match="AF is in two theatres"):
        load_theatres(bad)
