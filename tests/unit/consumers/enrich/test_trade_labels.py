"""A story of trade across a border, with no event of the desk's kind in it, is economy and not border."""

from __future__ import annotations

import pytest

from tests.unit.consumers.enrich.event_helpers import enrich_one


def categories(enricher, title: str, body: str) -> set[str]:
    return {c.label for c in enrich_one(enricher, title, body).categories}


@pytest.mark.parametrize("title, body", [
    ("Traders count losses as Torkham stays shut to goods",
     "Exporters and importers at the Torkham border crossing say exports of fruit to Pakistan fell by half this "
     "month. Transit trade through the border has slowed and traders want the crossing open longer."),
    ("صادرات از طورخم کاهش یافت",
     "بازرگانان می گویند صادرات و ترانزیت از گذرگاه مرزی طورخم در ماه گذشته کاهش یافته است."),
])
def test_a_crossings_trade_story_is_economy_and_not_border(enricher, title, body):
    found = categories(enricher, title, body)
    assert "economy" in found
    assert "border" not in found


def test_a_closed_crossing_stays_a_border_story_when_its_traders_are_named(enricher):
    found = categories(enricher, "Pakistan closes Torkham border crossing",
                       "Pakistan closed the Torkham border crossing on Sunday after firing, and traders said "
                       "exports were stuck on both sides.")
    assert "border" in found


def test_trade_is_the_kind_only_with_no_main_event_and_the_words_of_economy():
    from consumers.enrich.classify import event_kind

    assert event_kind(None, {}, {}, None, labels=frozenset({"economy", "border"})) == "trade"
    assert event_kind(None, {}, {}, None, labels=frozenset({"border"})) is None
    assert event_kind("diplomacy", {"PK": "participant", "AF": "participant"}, {"PK": "state", "AF": "state"},
                      "talks", labels=frozenset({"economy"})) == "talks_between_states"
