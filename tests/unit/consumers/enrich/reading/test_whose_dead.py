"""Whose dead a sentence counts: the suspects a raid killed are the wanted men; a name the parse takes for the subject
of a plural verb is no one victim; one office-holder killed in a headline is one; Pashto mine planters killed in an
airstrike are militants, and the strike is a strike."""

from __future__ import annotations

from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import enrich_one, events_of


def test_the_suspects_a_raid_killed_are_no_victims(enricher):
    result = enrich_one(enricher, "Terrorists killed in Hyderabad raid",
                        "The Rangers cordoned off the area on Monday and killed the three suspects after an exchange "
                        "of fire.")
    assert result.event.killed is None


def test_a_group_name_as_the_subject_of_were_killed_is_no_one_victim(enricher):
    result = enrich_one(enricher, "Five terrorists killed in Karachi encounter",
                        "Police team led by SSP Rao Anwar asked militants to surrender, however, militants offered "
                        "resistance and during exchange of fire five terrorists associated with Al-Qaeda Subcontinent, "
                        "Daesh and defunct Lashker-e-Jahngvi were killed.")
    assert result.event.killed is None


def test_one_office_holder_killed_in_a_headline_is_one_dead():
    title = "District police chief killed in Nangarhar blast"
    body = "A bomb hit the vehicle of the district police chief in Nangarhar on Friday, wounding six others."
    assert events_of(title, "", body).main.killed == 1


def test_a_militant_commander_killed_in_a_headline_is_no_victim():
    title = "TTP commander killed in Bajaur blast"
    body = "A bomb went off in Bajaur on Friday."
    assert events_of(title, "", body).main.killed is None


def test_pashto_mine_planters_killed_in_an_airstrike_are_militants():
    title = unify("د ایساف ځواکونو په هوايي برید کې په ارغنداب کې پنځه ماین ښخوونکي ووژل شول")
    body = unify("د کندهار چارواکي وايي چې پنځه ماین ښخوونکي په هوايي برید کې وژل شوي دي.")
    main = events_of(title, "", body).main
    assert main.type == "strike" and main.killed is None and main.attackers_killed == 5


def test_a_number_written_with_a_hyphen_is_read_whole_by_the_grammar():
    title = "Suicide bombing in Sistan-Baluchestan"
    body = ("TEHRAN - Twenty-nine people, including five senior commanders, were killed in a suicide bombing in the "
            "southeastern province on Sunday.")
    assert events_of(title, "", body, parsed=True).main.killed == 29


def test_a_pashto_unit_before_the_other_word_for_twenty_is_one_number():
    title = unify("په راولپنډۍ کې پر پوځي موټر ځانمرګی برید")
    body = unify("یوه ځانمرګي برید کوونکي شپږ تنه پوځیان وژلي او پنځه ویشت نور یې زخمي کړي دي.")
    assert events_of(title, "", body).main.injured == 25


def test_a_headline_that_kills_one_office_holder_gives_one_dead():
    title = "Blast kills district police chief, wounds 7 in Kunar"
    body = "A bomb ripped through a vehicle in Kunar on Thursday, officials said."
    main = events_of(title, "", body).main
    assert (main.killed, main.injured) == (1, 7)


def test_a_share_of_all_killings_is_no_events_toll():
    title = "Blast kills 4 in Kabul"
    body = ("A bomb killed four people in Kabul on Monday.\n\n"
            "Eighty percent of the total killings took place in five countries, in which a total of 14,722 people "
            "were killed, the index says.")
    assert events_of(title, "", body).main.killed == 4


def test_the_injured_who_succumbed_are_no_longer_counted_injured():
    title = "Army officer among 3 soldiers killed in Kishtwar encounter"
    body = "Four soldiers were critically injured in the encounter, with three succumbing to their injuries later."
    main = events_of(title, "", body, parsed=True).main
    assert (main.killed, main.injured) == (3, 1)


def test_men_injured_who_succumbed_are_no_count_of_the_injured():
    title = "Three soldiers killed in Kishtwar"
    body = ("Three army personnel, critically injured in a gunfight with militants, succumbed to their injuries in "
            "Kishtwar early Tuesday, officials said.")
    main = events_of(title, "", body, parsed=True).main
    assert (main.killed, main.injured) == (3, None)
