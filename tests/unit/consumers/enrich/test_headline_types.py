"""What a headline's words make of the main event's type: a country before a bomb or a blast is where it went off,
and an official who says a toll reports an attack, not a statement (events/units.py, events/types.py)."""

from __future__ import annotations

from tests.unit.consumers.enrich.event_helpers import events_of


def test_a_car_bomb_or_a_blast_after_a_countrys_name_is_a_bombing_there_not_the_states_strike():
    car_bomb = events_of("Afghanistan car bomb: At least 26 killed and 50 wounded following explosion", "", "",
                         actors={"Afghanistan": ("AF", "state")}).main
    assert car_bomb.type == "bombing"
    blasts = events_of("Pakistan blasts: Scores killed at Quetta snooker hall", "", "",
                       actors={"Pakistan": ("PK", "state")}).main
    assert blasts.type == "bombing"


def test_an_official_who_says_a_toll_in_the_headline_reports_the_attack_not_a_statement():
    main = events_of("Afghan official says Taliban kill 10 police", "",
                     "An Afghan official says the Taliban have attacked a security post in western Afghanistan, "
                     "killing at least 10 police and wounding another three.").main
    assert (main.type, main.killed) == ("attack", 10)
    # what an official says of no killing stays a statement
    assert events_of("Afghan official says talks with Pakistan will resume", "", "").main.type == "statement"


def test_a_bomber_or_a_blast_that_struck_is_an_attack_not_a_strike():
    main = events_of("At least 9 killed in Kohat sectarian attack", "",
                     "KOHAT: At least nine people were killed and 14 others injured on Monday when a suicide bomber "
                     "struck a clinic in the town.").main
    assert (main.type, main.killed, main.injured) == ("suicide-bombing", 9, 14)
    # the forces' own blows stay strikes
    assert events_of("Jets struck hideouts in the border region", "", "").main.type == "strike"


def test_militants_who_kill_people_attacked_and_a_visit_that_dates_it_is_no_meeting():
    main = events_of("On eve of PM's visit, ultras kill eight jawans in Jammu and Kashmir", "", "").main
    assert (main.type, main.killed) == ("attack", 8)
    assert events_of("Gunmen killed two policemen in Quetta", "", "").main.type is not None
    # militants killed by others, or said of them, are no attack of theirs
    assert events_of("26 militants killed, 50 arrested in security operations", "", "").main.type != "attack"
    assert events_of("Afghan Taliban kill 6 members of Islamic State group", "", "").main.type != "attack"
    # talks that come ahead of a visit are still talks
    assert events_of("Pakistan, Iran hold talks ahead of president's visit", "", "").main.type == "talks"


def test_men_fighting_alongside_a_group_or_abroad_are_its_members_not_a_clash():
    members = events_of("Around 1,000 citizens fighting alongside Islamic State, minister says", "", "").main
    assert members.type != "clash"
    assert events_of("Hundreds of young men are fighting abroad for the group", "", "").main.type != "clash"
    assert events_of("Troops and militants fighting in Kurram", "", "").main.type == "clash"
