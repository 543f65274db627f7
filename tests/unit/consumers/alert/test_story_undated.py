"""Reports whose date is unknown, and reports of one massacre typed or placed apart: when their toll and doer pin
one story, and when they do not."""

from __future__ import annotations

from tests.unit.consumers.alert.helpers import T0, enriched, event, hours, place
from tests.unit.consumers.alert.test_stories import run, step


def test_an_undated_page_joins_the_one_story_its_dead_and_wounded_pin_in_its_town():
    lakki = place("Lakki Marwat", "PK", "Khyber Pakhtunkhwa")
    dated = enriched("u1", "Four policemen killed as militants storm Lakki Marwat police station",
                     event("armed-assault", killed=4, injured=4, where=lakki, date="2022-12-18"))
    undated = enriched("u2", "Militants attack police station in Lakki Marwat",
                       event("attack", killed=4, injured=4, where=lakki), seen=T0 + hours(30))
    _, states = run(step(arrival_is_time=False), dated, undated)
    assert len(states) == 1
    # the same dead alone do not pin it: four killed in the district in another year is another attack
    other_year = enriched("u3", "Four traffic policemen shot dead in Lakki Marwat",
                          event("armed-assault", killed=4, where=lakki), seen=T0 + hours(30))
    _, states = run(step(arrival_is_time=False), dated, other_year)
    assert len(states) == 2
    # nor does a toll two stories share, nor one in another town
    twin = enriched("u4", "Four policemen killed in Lakki Marwat", event(
        "armed-assault", killed=4, injured=4, where=lakki, date="2024-05-02"), seen=T0 + hours(10))
    _, states = run(step(arrival_is_time=False), dated, twin, undated)
    assert len(states) == 3
    bannu = enriched("u5", "Militants attack police station in Bannu", event(
        "attack", killed=4, injured=4, where=place("Bannu", "PK", "Khyber Pakhtunkhwa")), seen=T0 + hours(30))
    _, states = run(step(arrival_is_time=False), dated, bannu)
    assert len(states) == 2


def test_the_same_toll_of_ten_or_more_by_the_same_group_is_one_attack_however_typed_or_placed():
    kabul = place("Kabul", "AF", "Kabul")
    first = enriched("h1", "Taliban claim attack on Kabul hotel", event(
        "suicide-bombing", killed=18, where=kabul, date="2026-11-02", by="afghan-taliban", basis="claimed"))
    later = enriched("h2", "Eighteen killed in hotel siege, Taliban blamed", event(
        "armed-assault", killed=18, where=place("Afghanistan", "AF", None, "country"), by="afghan-taliban"),
        seen=T0 + hours(48))
    _, states = run(step(), first, later)
    assert len(states) == 1
    other_group = enriched("h3", "Eighteen killed in hotel siege, ISKP blamed", event(
        "armed-assault", killed=18, where=place("Afghanistan", "AF", None, "country"), by="iskp"),
        seen=T0 + hours(48))
    _, states = run(step(), first, other_group)
    assert len(states) == 2
    undated = enriched("h4", "Hotel siege: Taliban kill 18", event(
        "armed-assault", killed=18, where=place("Afghanistan", "AF", None, "country"), by="afghan-taliban"),
        seen=T0 + hours(30))
    _, states = run(step(arrival_is_time=False), first, undated)
    assert len(states) == 1


def test_an_undated_page_repeating_an_earlier_reports_toll_of_a_massacre_joins_it_in_the_province():
    lashkar_gah, helmand = place("Lashkar Gah", "AF", "Helmand"), place("Helmand", "AF", "Helmand", "admin1")
    first = enriched("k1", "Car bomb kills 29 outside bank in Lashkar Gah", event(
        "suicide-bombing", killed=29, injured=60, where=lashkar_gah, date="2017-06-22"))
    risen = enriched("k2", "Toll of Lashkar Gah bank bombing rises to 30", event(
        "suicide-bombing", killed=30, injured=60, where=lashkar_gah, date="2017-06-22"), seen=T0 + hours(20))
    undated = enriched("k3", "Suicide attack in Helmand",
                       event("suicide-bombing", killed=29, injured=60, where=helmand), seen=T0 + hours(30))
    _, states = run(step(arrival_is_time=False), first, risen, undated)
    assert len(states) == 1
    # a smaller toll repeated in the province is not specific enough: another town's attack
    small = [enriched("s1", "Blast kills 3 in Lashkar Gah", event("bombing", killed=3, injured=5, where=lashkar_gah,
                                                                    date="2017-06-22")),
             enriched("s2", "Blast in Helmand", event("bombing", killed=3, injured=5, where=helmand),
                      seen=T0 + hours(30))]
    _, states = run(step(arrival_is_time=False), *small)
    assert len(states) == 2


def test_five_dead_or_more_in_one_town_pin_a_story_when_a_report_gives_no_wounded():
    mach = place("Mach", "PK", "Balochistan")
    first = enriched("m1", "Seven soldiers martyred in IED blast in Mach", event("bombing", killed=7, where=mach))
    again = enriched("m2", "IED blast kills seven soldiers in Mach", event("bombing", killed=7, where=mach),
                     seen=T0 + hours(5))
    _, states = run(step(arrival_is_time=False), first, again)
    assert len(states) == 1
    # two figures that differ say two attacks, and fewer dead alone stay apart
    wounded = enriched("m3", "Seven killed, nine hurt in Mach blast", event("bombing", killed=7, injured=9, where=mach))
    other = enriched("m4", "Seven killed, two hurt in Mach blast", event("bombing", killed=7, injured=2, where=mach),
                     seen=T0 + hours(5))
    _, states = run(step(arrival_is_time=False), wounded, other)
    assert len(states) == 2
    few = enriched("m5", "Two soldiers martyred in Mach", event("armed-assault", killed=2, where=mach))
    again = enriched("m6", "Gunmen kill FC men at checkpost near town", event("armed-assault", killed=2, where=mach),
                     seen=T0 + hours(5))
    _, states = run(step(arrival_is_time=False), few, again)
    assert len(states) == 2
