"""Stories of events that are not attacks, and reports a place alone does not tie: one round of talks, one
crossing's closure, one purchase (consumers/alert/story_clues.py)."""

from __future__ import annotations

from tests.unit.consumers.alert.helpers import T0, actor, enriched, event, hours, place
from tests.unit.consumers.alert.test_stories import run, step


def test_talks_in_one_city_between_the_same_states_reported_on_two_days_are_one_story():
    istanbul = place("Istanbul", "TR", "Istanbul")
    first = enriched("t1", "Pakistan-Afghanistan talks in Istanbul end without agreement", event(
        "talks", where=istanbul, date="2025-10-28"), actor("PK", "participant"), actor("AF", "participant"),
        labels=("diplomacy",))
    second = enriched("t2", "Istanbul talks between Kabul and Islamabad fail", event(
        "talks", where=istanbul, date="2025-10-29"), actor("PK", "participant"), actor("AF", "participant"),
        labels=("diplomacy",), seen=T0 + hours(20))
    other = enriched("t3", "Iran and Afghanistan hold talks in Istanbul", event(
        "talks", where=istanbul, date="2025-10-29"), actor("IR", "participant"), actor("AF", "participant"),
        labels=("diplomacy",), seen=T0 + hours(21))
    _, states = run(step(), first, second, other)
    assert len(states) == 2


def test_talks_with_a_group_reported_from_each_side_and_by_one_party_are_one_story():
    kabul, islamabad = place("Kabul", "AF", "Kabul"), place("Islamabad", "PK", "Islamabad Capital Territory")
    agreed = enriched("g1", "Pakistan and TTP agree to extend ceasefire in Kabul talks", event(
        "agreement", where=kabul), actor("PK", "participant"), actor("ttp", "participant"), labels=("diplomacy",))
    jirga = enriched("g2", "Tribal jirga travels to Kabul for peace talks", event("talks", where=kabul),
                     actor("PK", "participant"), labels=("diplomacy",), seen=T0 + hours(20))
    announced = enriched("g3", "TTP and Islamabad announce indefinite ceasefire", event(
        "agreement", where=islamabad), actor("PK", "participant"), actor("ttp", "participant"),
        labels=("diplomacy",), seen=T0 + hours(40))
    # one party alone, in another city: another meeting
    elsewhere = enriched("g4", "Pakistan hosts trade delegation in Islamabad", event("meeting", where=islamabad),
                         actor("PK", "participant"), labels=("diplomacy",), seen=T0 + hours(41))
    _, states = run(step(), agreed, jirga, announced, elsewhere)
    assert len(states) == 2


def test_one_crossing_closed_reported_twice_is_one_story_but_another_crossing_or_a_week_later_is_not():
    torkham, chaman = place("Torkham", "PK", "Khyber Pakhtunkhwa"), place("Chaman", "PK", "Balochistan")
    parties = (actor("PK", "participant"), actor("AF", "participant"))
    first = enriched("c1", "Torkham closed after row over signboard", event(
        "border-closure", where=torkham, date="2023-12-06"), *parties, labels=("border",))
    second = enriched("c2", "Afghan officials close Torkham to all traffic", event(
        "border-closure", where=torkham, date="2023-12-06"), *parties, labels=("border",), seen=T0 + hours(6))
    other = enriched("c3", "Chaman crossing closed", event("border-closure", where=chaman, date="2023-12-06"),
                     *parties, labels=("border",), seen=T0 + hours(7))
    later = enriched("c4", "Torkham closed again", event("border-closure", where=torkham, date="2023-12-14"),
                     *parties, labels=("border",), seen=T0 + hours(200))
    _, states = run(step(), first, second, other, later)
    assert len(states) == 3


def test_one_purchase_reported_from_two_cities_is_one_story():
    parties = (actor("PK", "participant"), actor("CN", "participant"))
    first = enriched("d1", "Pakistan to buy 40 J-35 fighters from China", event(
        "deal", where=place("Beijing", "CN", "Beijing"), date="2024-12-23"), *parties, labels=("arms-trade",))
    second = enriched("d2", "Pakistan set to acquire Chinese stealth jets", event(
        "deal", where=place("Hong Kong", "HK", "Hong Kong"), date="2024-12-24"), *parties, labels=("arms-trade",),
        seen=T0 + hours(20))
    other = enriched("d3", "Pakistan signs deal for Turkish corvettes", event(
        "deal", where=place("Ankara", "TR", "Ankara"), date="2024-12-24"), actor("PK", "participant"),
        actor("TR", "participant"), labels=("arms-trade",), seen=T0 + hours(21))
    _, states = run(step(), first, second, other)
    assert len(states) == 2
