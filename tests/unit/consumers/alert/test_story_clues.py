"""Clues that reports tell of one event (consumers/alert/story_clues.py), run through the alerter's stories: one
ruling told by several outlets, one crackdown on one group in one town, one attack whose doer the reports dispute."""

from __future__ import annotations

from newsmon.messages import Evidence
from tests.unit.consumers.alert.helpers import T0, actor, enriched, event, hours, place
from tests.unit.consumers.alert.test_stories import run, step


def _ruling(where, sentence: str, date: str):
    facts = event("conviction", where=where, date=date)
    return facts.model_copy(update={"evidence": (Evidence(fact="type", sentence=sentence, start=0, end=10),)})


def test_one_conviction_told_by_several_outlets_is_one_story_but_another_ruling_in_that_court_is_not():
    lahore, punjab = place("Lahore", "PK", "Punjab"), place("Punjab", "PK", "Punjab", kind="admin1")
    first = enriched("c1", "Hafiz Saeed sentenced to 11 years", _ruling(
        lahore, "An anti-terrorism court in Lahore sentenced Hafiz Saeed to 11 years.", "2020-02-12"),
        actor("let", "subject"), labels=("counter-terrorism",))
    urdu = enriched("c2", "حافظ سعید کو 11 سال قید", _ruling(lahore, "لاہور کی عدالت نے سزا سنا دی", "2020-02-12"),
                    actor("let", "subject"), labels=("counter-terrorism",), seen=T0 + hours(10), language="ur")
    province = enriched("c3", "JuD chief jailed in terror financing cases", _ruling(
        punjab, "A court in Punjab jailed JuD chief Hafiz Saeed on Wednesday.", "2020-02-12"),
        labels=("counter-terrorism",), seen=T0 + hours(20))
    other = enriched("c4", "Court convicts three men of extortion for militants", _ruling(
        lahore, "The same court convicted three men of extortion.", "2020-02-12"),
        labels=("counter-terrorism",), seen=T0 + hours(21))
    _, states = run(step(), first, urdu, province, other)
    assert len(states) == 2



def test_one_attack_whose_doer_the_reports_dispute_is_one_story_but_two_claims_are_two_attacks():
    bannu = place("Bannu", "PK", "Khyber Pakhtunkhwa")
    blamed = enriched("d1", "Suicide bombers hit Bannu cantonment", event(
        "suicide-bombing", where=bannu, date="2025-03-04", by="ttp", basis="blamed"), actor("ttp", "perpetrator"))
    claimed = enriched("d2", "Faction claims Bannu cantonment attack", event(
        "suicide-bombing", where=bannu, date="2025-03-04", by="hafiz-gul-bahadur", basis="claimed", claimed=True),
        actor("hafiz-gul-bahadur", "claimant"), seen=T0 + hours(6))
    _, states = run(step(), blamed, claimed)
    assert len(states) == 1
    first = enriched("e1", "BLA claims attack on Bannu checkpost", event(
        "armed-assault", where=bannu, date="2025-03-04", by="bla", basis="claimed", claimed=True), actor("bla", "claimant"))
    second = enriched("e2", "TTP claims Bannu attack on police", event(
        "armed-assault", where=bannu, date="2025-03-04", by="ttp", basis="claimed", claimed=True),
        actor("ttp", "claimant"), seen=T0 + hours(6))
    _, states = run(step(), first, second)
    assert len(states) == 2


def test_arrests_and_an_operation_against_one_group_in_one_town_are_one_story_however_typed():
    karachi = place("Karachi", "PK", "Sindh")
    arrest = enriched("k1", "CTD arrests banned BLA operative in Karachi", event("arrest", where=karachi, date="2025-04-18"),
                      actor("bla", "subject"), actor("PK", "participant"), labels=("counter-terrorism",))
    operation = enriched("k2", "Karachi CTD nabs key BLA operative in Saeedabad crackdown", event(
        "operation", where=karachi, date="2025-04-18"), actor("bla", "subject"), actor("PK", "participant"),
        labels=("counter-terrorism",), seen=T0 + hours(5))
    _, states = run(step(), arrest, operation)
    assert len(states) == 1
    # another group, or a town of another district, is another crackdown
    other = enriched("k3", "CTD arrests TTP suspects in Karachi", event("arrest", where=karachi, date="2025-04-18"),
                     actor("ttp", "subject"), actor("PK", "participant"), labels=("counter-terrorism",))
    _, states = run(step(), arrest, other)
    assert len(states) == 2
    tral, pulwama = place("Tral", "IN", "Jammu and Kashmir", kind="town"), place("Pulwama", "IN", "Jammu and Kashmir",
                                                                                kind="district")
    shopian = place("Shopian", "IN", "Jammu and Kashmir", kind="district")
    first = enriched("p1", "Two JeM modules busted in Pulwama", event("arrest", where=pulwama, date="2018-12-03"),
                     actor("jem", "subject"), labels=("counter-terrorism",))
    again = enriched("p2", "10 JeM terrorists arrested", event("arrest", where=tral, date="2018-12-03"),
                     actor("jem", "subject"), labels=("counter-terrorism",), seen=T0 + hours(3))
    apart = enriched("p3", "JeM module busted in Shopian", event("arrest", where=shopian, date="2018-12-03"),
                     actor("jem", "subject"), labels=("counter-terrorism",), seen=T0 + hours(4))
    _, states = run(step(), first, again, apart)
    assert len(states) == 2


def test_a_condemnation_or_a_protest_over_an_attack_joins_its_story_without_a_revision():
    kabul = place("Kabul", "AF", "Kabul")
    attack = enriched("u1", "Gunmen storm Kabul University", event("armed-assault", killed=22, where=kabul,
                                                                  date="2020-11-02"), actor("AF", "target"))
    protest = enriched("u2", "Students protest outside Kabul University", event("protest", where=kabul, date="2020-11-03"),
                       related=(event("attack", relation="referenced"),), seen=T0 + hours(24))
    alerts, states = run(step(), attack, protest)
    assert len(states) == 1 and [a.revision for a in alerts] == [1]
    # a protest over another city's attack is its own story
    elsewhere = enriched("u3", "Students protest in Herat", event("protest", where=place("Herat", "AF", "Herat"),
                                                                  date="2020-11-03"),
                         related=(event("attack", relation="referenced"),), seen=T0 + hours(24))
    _, states = run(step(), attack, elsewhere)
    assert len(states) == 2
