"""Stories follow the event: across borders and ways of typing it, never across days that tell events apart,
and for a report whose date is unknown only when its toll pins one story."""

from __future__ import annotations

import pytest

from consumers.alert.areas import load_areas
from newsmon.messages import Evidence
from tests.unit.consumers.alert.helpers import T0, actor, enriched, event, hours, place
from tests.unit.consumers.alert.test_stories import run, step

AREAS = load_areas()


def test_places_relate_by_locality_province_and_border():
    khar, bajaur = place("Khar", "PK", "Khyber Pakhtunkhwa"), place("Bajaur", "PK", "Khyber Pakhtunkhwa", "district")
    bannu = place("Bannu", "PK", "Khyber Pakhtunkhwa")
    waziristan = place("North Waziristan", "PK", "Khyber Pakhtunkhwa", "district")
    barmal, kabul = place("Barmal", "AF", "Paktika"), place("Kabul", "AF", "Kabul")
    assert AREAS.relation(khar, khar) == "place"
    assert AREAS.relation(khar, bajaur) == "locality"
    assert AREAS.relation(khar, bannu) is None  # two towns of one province
    assert AREAS.relation(khar, place("Khyber Pakhtunkhwa", "PK", "Khyber Pakhtunkhwa", "admin1")) == "admin1"
    assert AREAS.relation(waziristan, barmal) == "border"
    assert AREAS.relation(waziristan, kabul) is None
    # two spellings of one town in one province are one locality; two towns, or another province, are not
    noshki, nushki = place("Noshki", "PK", "Balochistan"), place("Nushki", "PK", "Balochistan")
    assert AREAS.relation(noshki, nushki) == "locality"
    assert AREAS.relation(place("Kalat", "PK", "Balochistan"), place("Quetta", "PK", "Balochistan")) is None
    assert AREAS.relation(noshki, place("Nushki", "PK", "Punjab")) is None
    # where the gazetteer knows no province, two spellings of one town in one country are one locality too
    assert AREAS.relation(place("Termez", "UZ", None), place("Termiz", "UZ", None)) == "locality"
    assert AREAS.relation(place("Termez", "UZ", None), place("Termiz", "TJ", None)) is None


def test_a_cross_border_strike_reported_from_both_sides_is_one_story():
    pakistani = enriched("s1", "Security forces strike hideouts along the border in North Waziristan",
                         event("strike", where=place("North Waziristan", "PK", "Khyber Pakhtunkhwa", "district"),
                               date="2026-04-16"), actor("PK", "participant"), actor("ttp", "subject"))
    afghan = enriched("s2", "Pakistani airstrikes kill nine civilians in Barmal",
                      event("strike", killed=9, where=place("Barmal", "AF", "Paktika"), date="2026-04-17"),
                      actor("PK", "participant"), actor("AF", "target"), seen=T0 + hours(20))
    _, states = run(step(), pakistani, afghan)
    assert len(states) == 1


def test_one_attack_typed_three_ways_is_one_story_but_a_shooting_two_days_after_a_bombing_is_another():
    mir_ali = place("Mir Ali", "PK", "Khyber Pakhtunkhwa")
    reports = [enriched(f"m{n}", f"Report {n} from Mir Ali", event(kind, killed=4, where=mir_ali, date="2026-04-23"),
                        seen=T0 + hours(n)) for n, kind in enumerate(("attack", "suicide-bombing", "clash"))]
    _, states = run(step(), *reports)
    assert len(states) == 1
    quetta = place("Quetta", "PK", "Balochistan")
    bombing = enriched("q1", "Bomb hits police van in Quetta", event("bombing", killed=5, where=quetta,
                                                                      date="2026-05-11"))
    shooting = enriched("q2", "Gunmen kill two policemen in Quetta", event("armed-assault", killed=2, where=quetta,
                                                                           date="2026-05-13"), seen=T0 + hours(48))
    _, states = run(step(), bombing, shooting)
    assert len(states) == 2


def test_a_district_named_by_two_reports_three_days_apart_is_two_events():
    lakki = place("Lakki Marwat", "PK", "Khyber Pakhtunkhwa", "district")
    first = enriched("l1", "Two policemen killed in attack on post in Lakki Marwat",
                     event("armed-assault", killed=2, where=lakki, date="2026-06-16"))
    second = enriched("l2", "Three policemen killed as militants storm a post in Lakki Marwat",
                      event("armed-assault", killed=3, where=lakki, date="2026-06-19"), seen=T0 + hours(72))
    _, states = run(step(), first, second)
    assert len(states) == 2


def test_pages_without_a_date_never_pull_events_together_when_arrival_is_no_time():
    peshawar = place("Peshawar", "PK", "Khyber Pakhtunkhwa")
    old = enriched("p1", "Blast in Peshawar market kills twelve", event("bombing", killed=12, where=peshawar))
    other = enriched("p2", "Suicide attack on Peshawar police kills six", event("suicide-bombing", killed=6,
                                                                                where=peshawar))
    _, states = run(step(arrival_is_time=False), old, other)
    assert len(states) == 2
    _, states = run(step(), old, other)  # in a service both arrived today: one day, one place
    assert len(states) == 1


def test_arrests_a_week_later_elsewhere_in_the_province_revise_the_attack_they_name():
    quetta, mastung = place("Quetta", "PK", "Balochistan"), place("Mastung", "PK", "Balochistan")
    bombing = enriched("b1", "Five policemen killed as bomb hits police van on Quetta's Sariab Road",
                       event("bombing", killed=5, where=quetta, date="2026-05-11"), actor("PK", "target"))
    referred = event("bombing", relation="referenced").model_copy(update={"evidence": (Evidence(
        fact="type", sentence="The CTD arrested two facilitators of the Sariab Road bombing in Mastung.", start=0,
        end=20),)})
    arrests = enriched("b2", "CTD arrests two facilitators of Sariab Road bombing",
                       event("arrest", where=mastung, date="2026-05-18"), actor("PK", "participant"),
                       related=(referred,), seen=T0 + hours(170))
    unrelated = enriched("b3", "CTD arrests two suspects in Mastung",
                         event("arrest", where=mastung, date="2026-05-18"), actor("PK", "participant"),
                         related=(event("bombing", relation="referenced"),), seen=T0 + hours(171))
    alerts, states = run(step(), bombing, arrests, unrelated)
    assert len(states) == 2 and [a.revision for a in alerts if a.story_id == "b1"] == [1, 2]
    assert alerts[1].changes[0].startswith("arrests reported: CTD arrests two facilitators")


def test_a_branch_and_its_parent_are_one_perpetrator():
    khar = place("Khar", "PK", "Khyber Pakhtunkhwa")
    claim = enriched("k1", "IS-K claims Khar mosque bombing", event("bombing", killed=13, where=khar, date="2026-05-09",
                                                                     by="iskp", basis="claimed", claimed=True))
    parent = enriched("k2", "Islamic State claimed the Khar mosque bombing, officials said",
                      event("bombing", killed=13, where=khar, date="2026-05-09", by="islamic-state", basis="claimed",
                            claimed=True), seen=T0 + hours(3))
    _, states = run(step(), claim, parent)
    assert len(states) == 1


def test_strikes_between_the_same_two_states_on_one_day_are_one_story_when_a_report_names_only_the_country():
    khost = place("Khost", "AF", "Khost")
    afghanistan = place("Afghanistan", "AF", None, "country")
    local = enriched("x1", "Pakistani strikes kill eight in Khost", event("operation", killed=8, where=khost,
                                                                        date="2024-03-18"),
                     actor("PK", "participant"), actor("AF", "target"))
    national = enriched("x2", "Pakistan carries out strikes inside Afghanistan", event("strike", killed=8,
                                                                                     where=afghanistan, date="2024-03-18"),
                        actor("PK", "participant"), actor("AF", "target"), seen=T0 + hours(5))
    _, states = run(step(), local, national)
    assert len(states) == 1
    # the same country and day, but not between the same states: an army's operation is another event
    own = enriched("x3", "Afghan forces raid a hideout in the east", event("operation", killed=3, where=afghanistan,
                                                                                        date="2024-03-18"),
                   actor("AF", "participant"), actor("iskp", "subject"), seen=T0 + hours(6))
    _, states = run(step(), local, own)
    assert len(states) == 2


def test_arrests_days_later_over_an_undated_blast_in_the_same_town_follow_the_blast_up():
    lahore = place("Lahore", "PK", "Punjab")
    blast = enriched("j1", "Blast in Lahore's Johar Town kills three", event("bombing", killed=3, where=lahore,
                                                                            date="2021-06-23"), actor("PK", "target"))
    arrests = enriched("j2", "Network behind the blast caught", event("arrest", where=place("Punjab", "PK", "Punjab",
                                                                                           "admin1"), date="2021-06-28"),
                       actor("PK", "participant"), related=(event("bombing", relation="referenced", where=lahore),),
                       seen=T0 + hours(120))
    alerts, states = run(step(), blast, arrests)
    assert len(states) == 1 and [a.revision for a in alerts] == [1, 2]
    elsewhere = enriched("j3", "Network behind a blast caught", event("arrest", where=place("Punjab", "PK", "Punjab",
                                                                                          "admin1"), date="2021-06-28"),
                         actor("PK", "participant"),
                         related=(event("bombing", relation="referenced", where=place("Multan", "PK", "Punjab")),),
                         seen=T0 + hours(120))
    _, states = run(step(), blast, elsewhere)
    assert len(states) == 2


def test_a_clash_each_side_places_on_its_own_side_is_one_story_between_the_same_states():
    kurram = enriched("c1", "Afghan forces open fire on border posts in Kurram", event(
        "clash", killed=2, where=place("Rawalpindi", "PK", "Punjab"), date="2024-09-07"),
        actor("PK", "participant"), actor("AF", "participant"))
    khost = enriched("c2", "Clashes on the Durand Line in Khost", event(
        "clash", killed=3, where=place("Khost", "AF", "Khost"), date="2024-09-07"),
        actor("PK", "participant"), actor("AF", "participant"), seen=T0 + hours(8))
    _, states = run(step(), kurram, khost)
    assert len(states) == 1


@pytest.mark.parametrize("kind, placed, loose, small, day", [
    # one mass-casualty attack (tolls within a quarter)
    ("suicide-bombing", ("Bajaur", "PK", "Khyber Pakhtunkhwa", "district"), (44, 40), 4, "2023-07-30"),
    # the very same toll of five or more: a province's report, a reaction from abroad naming only the country
    ("attack", ("Sistan-Baluchestan", "IR", "Sistan and Baluchestan", "admin1"), (8, 8), 3, "2015-04-07"),
])
def test_one_toll_in_one_country_on_one_day_is_one_attack_however_loosely_placed(kind, placed, loose, small, day):
    country = place(placed[1], placed[1], None, "country")
    first = enriched("m1", "Attack kills many", event(kind, killed=loose[0], where=place(*placed), date=day))
    same = enriched("m2", "Attack in the country kills many", event("attack", killed=loose[1], where=country,
                                                                    date=day), seen=T0 + hours(3))
    _, states = run(step(), first, same)
    assert len(states) == 1
    other = enriched("m3", "Attack in the country kills a few", event("attack", killed=small, where=country, date=day),
                     seen=T0 + hours(3))
    _, states = run(step(), first, other)
    assert len(states) == 2


def test_a_leads_fingerprint_is_the_same_in_every_process():
    """Two alerter instances must find the same rewrites: the MinHash of a lead may not depend on the process."""
    import os
    import subprocess
    import sys

    code = ("from consumers.alert.story_index import fingerprint; "
            "print(fingerprint('Blast at Quetta railway station kills nine, police say').digest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "random")}
    assert len(digests) == 1 and digests.pop().startswith("[")


def test_a_rewrite_is_found_among_many_remembered_leads_and_an_unrelated_report_is_not():
    """The LSH index only proposes candidates: a rewrite joins its story among 150 others; a new report does not."""
    import random

    words = "army police market border province talks deal drone convoy court shrine school bank bridge".split()
    words += "mayor river harvest flood envoy trade visa cricket budget railway airport hospital exam".split()
    pick = random.Random(7)
    others = [enriched(f"o{n}", " ".join(pick.sample(words, 9)), event("statement"), seen=T0 + hours(n))
              for n in range(150)]
    lead = "Blast at Quetta railway station kills nine as a suicide bomber strikes a crowd of passengers"
    first = enriched("r1", lead, event("bombing"), seen=T0 + hours(200))
    rewrite = enriched("r2", lead + ", police say", event("bombing"), seen=T0 + hours(201))
    unrelated = enriched("r3", "Floods cut the road to Gilgit as rivers rise across the north", event("bombing"),
                         seen=T0 + hours(202))
    _, states = run(step(), *others, first, rewrite, unrelated)
    stories = {article.id: story for story, state in states.items() for article in state.articles}
    assert stories["r2"] == stories["r1"]
    assert stories["r3"] != stories["r1"]


def test_a_claim_two_days_after_the_attack_joins_its_story_but_another_shooting_does_not():
    bamyan = place("Bamyan", "AF", "Bamyan", "admin1")
    first = enriched("b1", "Gunmen kill tourists in Bamyan", event("armed-assault", killed=4, where=bamyan,
                                                                  date="2024-05-17"), body="Tourists were shot.")
    claim = enriched("b2", "Islamic State claims the Bamyan attack on tourists",
                     event("armed-assault", killed=6, where=bamyan, date="2024-05-19", by="islamic-state",
                           basis="claimed", claimed=True), body="The group said it did it.", seen=T0 + hours(60))
    other = enriched("b3", "Gunmen kill two shopkeepers in Bamyan", event("armed-assault", killed=2, where=bamyan,
                                                                        date="2024-05-19"), body="Shops were hit.",
                     seen=T0 + hours(61))
    _, states = run(step(), first, claim, other)
    stories = {article.id: story for story, state in states.items() for article in state.articles}
    assert stories["b2"] == stories["b1"] != stories["b3"]


def test_two_claimed_attacks_in_one_province_days_apart_are_two_stories():
    balochistan = place("Balochistan", "PK", "Balochistan", "admin1")
    first = enriched("c1", "BLA claims attack on a convoy in Balochistan", event(
        "armed-assault", killed=3, where=balochistan, date="2024-05-17", by="bla", basis="claimed", claimed=True),
        body="The group said it attacked a convoy.")
    second = enriched("c2", "BLA claims attack on a police post in Balochistan", event(
        "armed-assault", killed=2, where=balochistan, date="2024-05-19", by="bla", basis="claimed", claimed=True),
        body="The group said it hit a police post.", seen=T0 + hours(48))
    _, states = run(step(), first, second)
    assert len(states) == 2


def test_a_claim_weeks_after_a_kidnapping_in_the_same_town_joins_it_but_not_a_claim_for_another_attack():
    quetta = place("Quetta", "PK", "Balochistan")
    taken = enriched("k1", "Gunmen abduct two Chinese nationals in Quetta",
                     event("kidnapping", where=quetta, date="2017-05-24"), body="Two teachers were taken.")
    claim = enriched("k2", "Islamic State says it killed the two Chinese abducted in Quetta",
                     event("kidnapping", killed=2, where=quetta, date="2017-06-08", by="islamic-state",
                           basis="claimed", claimed=True), body="The group said it killed them.", seen=T0 + hours(360))
    other = enriched("k3", "Islamic State claims a bombing in Quetta",
                     event("bombing", killed=3, where=quetta, date="2017-06-09", by="islamic-state",
                           basis="claimed", claimed=True), body="A blast hit a market.", seen=T0 + hours(380))
    _, states = run(step(), taken, claim, other)
    stories = {article.id: story for story, state in states.items() for article in state.articles}
    assert stories["k2"] == stories["k1"] != stories["k3"]


def test_an_undated_report_naming_the_group_of_a_mass_casualty_attack_days_later_joins_it():
    khash = place("Khash", "IR", "Sistan and Baluchestan")
    bombing = enriched("i1", "Suicide bomber kills 27 Revolutionary Guards near Khash",
                       event("suicide-bombing", killed=27, where=khash, date="2026-11-02", by="jaish-al-adl",
                             basis="claimed", claimed=True), body="A car bomb hit a bus.")
    later = enriched("i2", "Iran says the suicide bomber was a Pakistani", event(
        "suicide-bombing", where=place("Iran", "IR", None, "country"), by="jaish-al-adl", basis="blamed"),
        body="The bomber who killed 27 guards last week was Pakistani.", seen=T0 + hours(140))
    other = enriched("i3", "Jaish al-Adl attack on a police post in Saravan", event(
        "armed-assault", killed=2, where=place("Saravan", "IR", "Sistan and Baluchestan"), date="2026-11-04",
        by="jaish-al-adl", basis="claimed", claimed=True), body="Gunmen attacked a post.", seen=T0 + hours(50))
    _, states = run(step(), bombing, other, later)
    stories = {article.id: story for story, state in states.items() for article in state.articles}
    assert stories["i2"] == stories["i1"] != stories["i3"]


def test_a_second_report_of_an_execution_over_an_old_bombing_joins_it_without_the_bombings_toll():
    zahedan = place("Zahedan", "IR", "Sistan and Baluchestan")
    old_bombing = event("bombing", killed=27, relation="referenced", where=zahedan)
    first = enriched("x1", "Iran executes three convicts of Zahedan bombing",
                     event("execution", where=zahedan, date="2023-11-13"), actor("IR", "participant"),
                     actor("jaish-al-adl", "subject"), related=(old_bombing,))
    second = enriched("x2", "Iran executes 3 members of militant group in bombing case",
                      event("execution", where=place("Iran", "IR", None, "country"), date="2023-11-13"),
                      actor("IR", "participant"), actor("jaish-al-adl", "subject"), related=(old_bombing,),
                      seen=T0 + hours(3))
    alerts, states = run(step(), first, second)
    [story] = states.values()
    assert story.event.killed is None and all(a.severity != "critical" for a in alerts)
