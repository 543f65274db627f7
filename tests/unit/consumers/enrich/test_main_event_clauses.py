"""Which clauses tell the main event, date it and give its toll: a claim's clause, a headline's halves, a clause
dated days away, a date or a toll said of something else."""

from __future__ import annotations

from datetime import datetime, timezone

from consumers.enrich.events import PlaceMention, article_text
from tests.unit.consumers.enrich.event_helpers import events_of

PUBLISHED = datetime(2026, 6, 20, 12, tzinfo=timezone.utc)


def test_a_claim_in_a_clause_about_an_earlier_attack_is_not_the_main_events():
    title = "Pakistan condemns attack on border guards"
    body = ("Islamabad on Wednesday condemned the killing of eight border guards in a terrorist act.\n\n"
            "The attack was the deadliest since October 2013, when 14 guards were killed in an attack claimed by "
            "Jaish al-Adl.")
    assert events_of(title, "", body, published=PUBLISHED).main.claimed is False


def test_a_clause_dated_days_before_a_claim_that_gives_the_events_own_toll_is_the_event_claimed():
    title = "Iran border attack: militant group claims responsibility"
    body = ("Jaish al-Adl claims responsibility for an attack that killed 14 Iranian border guards.\n\n"
            "TEHRAN: Jaish al-Adl has claimed responsibility for an attack that killed 14 border guards in the "
            "country's southeast, a news agency reported on Sunday. The group said on its website that it was behind "
            "Friday's attack. Friday's attack in the region of Saravan on the border killed 14 border guards and "
            "wounded seven others.")
    text = article_text(title, "", body)
    places = [PlaceMention(name, "IR", admin1, "city", text.index(name), text.index(name) + len(name))
              for name, admin1 in (("TEHRAN", "Tehran"), ("Saravan", "Sistan and Baluchestan"))]
    main = events_of(title, "", body, published=datetime(2013, 10, 28, 12, tzinfo=timezone.utc), places=places).main
    assert (main.killed, main.injured, main.where.name) == (14, 7, "Saravan")


def test_deaths_the_headline_tells_of_an_attack_weeks_before_are_news():
    title = "Two soldiers wounded in Bannu attack die, toll rises to 5"
    body = ("BANNU: Two soldiers who were wounded in the attack on a check post in Bannu on October 3 died in "
            "hospital, officials said.")
    main = events_of(title, "", body, published=datetime(2025, 11, 2, 12, tzinfo=timezone.utc), parsed=True).main
    assert (main.type, main.killed) == ("attack", 5)


def test_a_headlines_half_after_a_semicolon_about_another_event_is_a_related_event():
    title = "Seven terrorists killed in North Waziristan operations; four martyred in Bannu attack"
    body = "Security forces killed seven terrorists during two operations in North Waziristan, the ISPR said."
    events = events_of(title, "", body, published=PUBLISHED, parsed=True)
    assert (events.main.type, events.main.killed, events.main.attackers_killed) == ("operation", None, 7)
    assert [(e.type, e.killed) for e in events.related] == [("attack", 4)]


def test_a_headlines_half_after_a_semicolon_about_the_same_event_stays_with_it():
    title = "Blast kills five in Quetta; BLA claims responsibility"
    main = events_of(title, "", "A blast killed five people in Quetta on Friday.", published=PUBLISHED).main
    assert (main.type, main.killed, main.claimed) == ("bombing", 5, True)


def test_a_date_in_a_clause_about_something_else_does_not_date_the_event():
    title = "Five soldiers injured in terror attack in Poonch"
    body = ("Terrorists ambushed two security vehicles in Poonch district, leaving five soldiers injured, officials "
            "said.\n\nPoonch is part of a constituency that goes to the polls in the sixth phase on May 25.")
    main = events_of(title, "", body, published=datetime(2024, 5, 4, 12, tzinfo=timezone.utc), parsed=True).main
    assert (main.type, main.injured, main.when) == ("armed-assault", 5, None)


def test_an_arrests_toll_is_the_headlines_and_a_body_sentence_tells_another_incident():
    title = "Taliban arrest four Daesh members in Kabul"
    body = ("The Taliban arrested four members of Daesh in the north of Kabul, their spokesman said on Wednesday.\n\n"
            "Separately, fighters were attacked in Nangarhar.\n\n"
            "Three civilians were injured in the incident, a local official said.")
    main = events_of(title, "", body, published=PUBLISHED).main
    assert (main.type, main.killed, main.injured) == ("arrest", None, None)


def test_a_headlines_toll_of_separate_events_is_no_one_events():
    title = "Blasts kill at least 11 in southwest Pakistan"
    body = ("Separate blasts in Balochistan killed at least 11 people on Thursday, officials said.\n\n"
            "A suicide bomber rammed a car into a convoy in Dasht, and another blast killed six workers elsewhere.")
    assert events_of(title, "", body, published=PUBLISHED).main.killed != 11


def test_a_state_named_before_a_suicide_bombing_is_where_it_happened_not_who_struck():
    title = "Iran suicide bombing: Chabahar mosque hit by attack"
    body = "A bomb explosion in the Iranian city of Chabahar has killed at least 39 people, the news agency says."
    places = [PlaceMention("Iran", "IR", None, "country", 0, 4)]
    main = events_of(title, "", body, published=PUBLISHED, places=places, actors={"Iran": ("IR", "state")}).main
    assert main.type == "suicide-bombing"


def test_what_is_said_after_an_attack_is_said_of_the_attack():
    title = "Elimination of terrorists national priority, says Pakistan PM after 4 policemen killed in terrorist attack"
    body = "The prime minister said the entire nation saluted the sacrifices of police officers."
    assert events_of(title, "", body, published=PUBLISHED).main.type == "attack"
    assert events_of("Elimination of terrorists a national priority, says PM", "", body,
                     published=PUBLISHED).main.type == "statement"


def test_a_figure_the_report_calls_initial_is_not_the_toll():
    title = "Six policemen killed in attack on police van in Kohat"
    body = ("At least six policemen were killed and one other was injured in a militant attack on a police van in "
            "Kohat district on Tuesday, police said. Two gunners were initially reported killed, while four "
            "personnel sustained injuries and were rushed to the hospital.")
    main = events_of(title, "", body, published=PUBLISHED).main
    assert (main.killed, main.injured) == (6, 1)


def test_a_clash_in_which_only_the_forces_die_is_the_groups_attack():
    title = "Four policemen killed in clash with TTP in Lakki Marwat"
    body = "Four policemen were killed in a clash between TTP militants and police in Lakki Marwat on Monday."
    main = events_of(title, "", body, published=PUBLISHED, actors={"TTP": ("ttp", "group")}).main
    assert main.type == "armed-assault" and main.perpetrator.actor == "ttp"
    title = "Two soldiers, five TTP militants killed in clash in North Waziristan"
    body = "Two soldiers and five TTP militants were killed in a clash in North Waziristan on Monday."
    main = events_of(title, "", body, published=PUBLISHED, actors={"TTP": ("ttp", "group")}).main
    assert main.type == "clash" and main.perpetrator is None


def test_a_clash_of_unnamed_gunmen_with_one_states_forces_is_an_attack_but_two_states_clash():
    title = "Three policemen killed in armed clash at a checkpoint in Fahraj"
    body = "Three policemen were killed in an armed clash at a checkpoint in Fahraj on Tuesday, police said."
    main = events_of(title, "", body, published=PUBLISHED).main
    assert main.type == "armed-assault" and main.perpetrator is None
    title = "Two soldiers killed as Pakistani and Afghan forces clash at Torkham"
    body = "Two soldiers were killed as Pakistani and Afghan forces clashed at Torkham on Tuesday."
    main = events_of(title, "", body, published=PUBLISHED,
                     actors={"Pakistani": ("PK", "state"), "Afghan": ("AF", "state")}).main
    assert main.type == "clash"


def test_a_capital_named_as_the_place_of_a_blast_did_not_strike():
    title = "Kabul blast leaves several dead and wounded"
    body = "At least 14 people were killed in an explosion outside a military airport in Kabul on Sunday morning."
    text = article_text(title, "", body)
    places = [PlaceMention("Kabul", "AF", "Kabul", "city", text.index("Kabul"), text.index("Kabul") + 5)]
    main = events_of(title, "", body, published=PUBLISHED, actors={"Kabul": ("AF", "state")}, places=places).main
    assert main.type == "bombing"
    title = "Iranian mortar attack kills two in Panjgur"  # a state's name, not a town: the state did it
    main = events_of(title, "", title + ".", published=PUBLISHED, actors={"Iranian": ("IR", "state")}).main
    assert main.type == "strike"


def test_members_of_a_group_counted_by_the_parse_are_militants():
    title = "Taliban claims to have killed six Daesh members in Balkh"
    body = "At least six Daesh members were killed in a clash against the Taliban in Balkh on Monday night."
    main = events_of(title, "", body, published=PUBLISHED, parsed=True).main
    assert (main.killed, main.attackers_killed) == (None, 6)


def test_those_executed_are_no_toll():
    title = "Three executed in Iran"
    body = "The three were executed early Sunday morning in the southeastern Sistan-Baluchistan province."
    main = events_of(title, "", body, published=PUBLISHED, parsed=True).main
    assert main.type == "execution" and (main.killed, main.attackers_killed) == (None, None)


def test_a_clause_reporting_an_execution_does_not_date_the_bombing_it_names():
    result = events_of("Iran executes three militants in bombing case", "",
                       "IRAN, Nov 13: Iran has carried out the execution of three men convicted of orchestrating a "
                       "bomb attack. The trio received the death penalty for their part in the 2019 bombing.",
                       published=datetime(2023, 11, 13, tzinfo=timezone.utc))
    bombing = next(e for e in result.related if e.type == "bombing")
    assert result.main.type == "execution" and bombing.when is None
