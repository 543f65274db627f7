"""The main event of an article and its related events, read from the title, summary and lead."""

from __future__ import annotations

from datetime import datetime

import pytest

from consumers.enrich.events import PlaceMention, article_text
from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of

ISLAMABAD_TITLE = "Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing"
ISLAMABAD_SUMMARY = (
    "Twelve people were killed and 36 injured in the suicide blast outside a district court complex "
    "in Islamabad on Tuesday afternoon"
)
ISLAMABAD_BODY = (
    "Pakistani intelligence and counter-terrorism authorities have arrested four Tehreek-e-Taliban "
    "Pakistan (TTP) members in connection with this week’s suicide blast..."
)
FILLER = "Officials gave no further details about the investigation."


def body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


# id, title, summary, body, published, (type, killed, injured, date)
CASES = [
    ("real-islamabad-arrest", ISLAMABAD_TITLE, ISLAMABAD_SUMMARY, ISLAMABAD_BODY, datetime(2025, 11, 13, 9),
     ("arrest", None, None, None)),
    ("real-sudan-deal", "Pakistan nears $1.5 billion deal to supply weapons, jets to Sudan", "", "", None,
     ("deal", None, None, None)),
    ("killing-over-60", "Suicide bomber strikes mosque in Peshawar, killing over 60 people", "", "", None,
     ("suicide-bombing", 60, None, None)),
    ("killed-at-least", "Gunmen killed at least 12 passengers on a Balochistan highway in an ambush", "", "", None,
     ("armed-assault", 12, None, None)),
    ("n-dead", "Bomb blast in Quetta market leaves 12 dead", "", "", None, ("bombing", 12, None, None)),
    ("death-toll-rose", "Death toll from Bajaur bombing rises", "The death toll rose to 100 on Monday.", "", None,
     ("bombing", 100, None, None)),
    ("toll-rose-updated", "Bajaur bombing: toll climbs",
     "The blast at the convention killed 40 people and injured 150.",
     body("Hospital officials said the toll rose to 63 overnight.", FILLER), None,
     ("bombing", 63, 150, None)),
    ("people-died", "Train bombing: 100 people died in Jaffar Express blast", "", "", None,
     ("bombing", 100, None, None)),
    ("left-dead-and-wounded", "Roadside IED left 5 dead and 20 wounded in North Waziristan", "", "", None,
     ("bombing", 5, 20, None)),
    ("injuring", "Grenade attack on Swat police station killed two officers, injuring 30", "", "", None,
     ("bombing", 2, 30, None)),
    ("others-were-wounded", "Militants ambush army convoy in Kurram",
     "Three soldiers were martyred and 30 others were wounded in the ambush.", "", None,
     ("armed-assault", 3, 30, None)),
    ("killed-n-soldiers", "Militants killed 12 soldiers in an attack on a check post", "", "", None,
     ("attack", 12, None, None)),
    ("number-words", "Twenty-five people were killed and one hundred injured in Karachi blast", "", "", None,
     ("bombing", 25, 100, None)),
    ("a-dozen", "Suicide attack in Bannu", "The bomber struck a market, killing a dozen people.", "", None,
     ("suicide-bombing", 12, None, None)),
    ("thousands-with-comma", "Earthquake toll", "The toll has climbed to 2,000, rescuers said.", "", None,
     (None, 2000, None, None)),
    ("lost-their-lives", "Attack on Chinese engineers in Dasu",
     "Nine people lost their lives when the bus was attacked.", "", None, ("attack", 9, None, None)),
    ("background-trap", "Suicide attack on police convoy in Bannu",
     "A suicide bomber rammed a car into the convoy, killing three policemen.",
     body(FILLER, FILLER, FILLER, FILLER, FILLER, "A 2024 attack on the same road killed over 140 people."),
     None, ("suicide-bombing", 3, None, None)),
    ("background-only-trap", "Police arrest facilitator of Bannu attack", "The suspect was held in Lakki Marwat.",
     body(FILLER, FILLER, FILLER, "The 2023 attack killed over 140 people and wounded 200."), None,
     ("arrest", None, None, None)),
    # neither 2014 nor 147 is this article's toll: "the 2014 attack" is an earlier event, named by its year; and the
    # attack an inquiry is into is referred to, not reported
    ("year-is-not-a-toll", "Inquiry into Peshawar school attack reopens", "The 2014 attack killed 147 people at the school.",
     "", None, (None, None, None, None)),
    ("distance-is-not-a-toll", "Blast near Chaman", "Two soldiers were killed 12 km from the border.", "", None,
     ("bombing", 2, None, None)),
    ("talks-ignore-lead-casualties", "Pakistan and Afghanistan resume peace talks in Istanbul",
     "Delegations met on Oct. 25 to extend the ceasefire.",
     body("Border clashes in October killed 23 soldiers and injured 29.", FILLER), datetime(2025, 10, 27),
     ("talks", None, None, "2025-10-25")),
    ("talks-with-headline-casualties", "Ceasefire talks begin after border clashes",
     "The clashes killed 23 soldiers and wounded 29 others.", "", None, ("talks", None, None, None)),
    ("drone-strike", "Drone strike kills 5 militants in North Waziristan", "", "", None,
     ("strike", None, None, None)),
    ("airstrikes", "Airstrikes on Kabul kill 10 civilians, wound 25", "", "", None, ("strike", 10, 25, None)),
    ("exercise", "Pakistan, China begin joint naval exercise in Arabian Sea", "", "", None,
     ("exercise", None, None, None)),
    ("clash", "Border clashes leave 8 soldiers dead", "", "", None, ("clash", 8, None, None)),
    ("kidnapping", "Gunmen kidnap 12 passengers from bus in Kurram", "", "", None,
     ("kidnapping", None, None, None)),
    ("protest-thousands", "Thousands protest in Karachi over power cuts", "", "", None,
     ("protest", None, None, None)),
    ("protest-with-deaths-dozens-unknown", "Protesters clash with police in Muzaffarabad",
     "Three people were killed and dozens injured.", "", None, ("protest", 3, None, None)),
    ("hunger-strike-is-protest", "Lawyers begin hunger strike in Quetta", "", "", None,
     ("protest", None, None, None)),
    ("sanction", "US sanctions Pakistani firms over missile programme", "", "", None,
     ("sanctions", None, None, None)),
    ("meeting-date-day-month-year", "SCO summit opens in Islamabad on 15 October 2024", "", "", None,
     ("meeting", None, None, "2024-10-15")),
    ("date-month-day-year", "Blast at Quetta check post kills 4", "It happened on September 12, 2021.", "", None,
     ("bombing", 4, None, "2021-09-12")),
    ("date-on-3-october-2023", "Police arrest two suspects", "Both were detained on 3 October 2023 in Lahore.",
     "", None, ("arrest", None, None, "2023-10-03")),
    ("date-no-year-uses-published", "Police arrested two suspects on Oct. 11", "", "", datetime(2023, 10, 20),
     ("arrest", None, None, "2023-10-11")),
    ("date-no-year-previous-year", "Attack on Dec. 30 killed 3", "", "", datetime(2025, 1, 2),
     ("attack", 3, None, "2024-12-30")),
    ("date-no-year-no-published", "Attack on Dec. 30 killed 3", "", "", None, ("attack", 3, None, None)),
    ("weekday-without-published", "Blast on Tuesday kills 7", "", "", None, ("bombing", 7, None, None)),
    ("weekday-same-day", "Blast on Tuesday kills 7", "", "", datetime(2025, 11, 11, 23), ("bombing", 7, None, "2025-11-11")),
    ("date-deep-in-body-ignored", "Police arrest suspect", "",
     body(FILLER, FILLER, FILLER, "He had been wanted since 3 October 2019."), None, ("arrest", None, None, None)),
    ("the-injured-is-not-a-count", "Quetta blast toll", "Nine more of the injured died, taking the toll to 40.",
     "", None, ("bombing", 40, None, None)),
    ("no-one-killed", "No one was killed in the blast but 4 were hurt", "", "", None, ("bombing", 0, 4, None)),
    ("no-event", "Cricket board names new captain", "The squad will be announced later.", "", None,
     (None, None, None, None)),
]




@pytest.mark.parametrize(
    ("title", "summary", "text", "published", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_main_event_facts(title, summary, text, published, expected):
    main = events_of(title, summary, text, published=published).main
    assert (main.type, main.killed, main.injured, main.when and main.when.isoformat()) == expected


def test_an_arrest_for_an_earlier_bombing_keeps_the_bombing_as_a_referenced_event():
    result = events_of(ISLAMABAD_TITLE, ISLAMABAD_SUMMARY, ISLAMABAD_BODY, published=datetime(2025, 11, 13))
    assert (result.main.type, result.main.killed) == ("arrest", None)
    [bombing] = result.related
    assert (bombing.type, bombing.relation, bombing.killed, bombing.injured) == ("suicide-bombing", "referenced", 12, 36)
    assert bombing.when.isoformat() == "2025-11-11"
    assert bombing.evidence["killed"].sentence.text == ISLAMABAD_SUMMARY


def test_talks_after_clashes_report_the_clash_toll_apart():
    result = events_of("Ceasefire talks begin after border clashes", "The clashes killed 23 soldiers and wounded 29 others.", "")
    assert (result.main.type, result.main.killed) == ("talks", None)
    assert [(e.type, e.killed, e.injured) for e in result.related] == [("clash", 23, 29)]


def test_militants_killed_in_a_strike_are_counted_apart_from_victims():
    main = events_of("Drone strike kills 5 militants in North Waziristan", "", "").main
    assert (main.killed, main.attackers_killed) == (None, 5)


def test_a_claim_of_responsibility_for_an_attack_reports_the_attack_itself():
    main = events_of("BLA claims responsibility for Sibi market bombing", "", "",
                     actors={"BLA": ("bla", "group")}).main
    assert main.type == "bombing"


def test_a_claim_after_a_clause_of_another_kind_of_event_in_its_paragraph_is_the_attacks():
    body = ("At least 102 people were killed in a suicide bombing in Yakaghund on Friday.\n\n"
            "Officials said the office the elders were visiting was the target. "
            "Reporters said TTP spokesman Ahmed had called them late Friday and claimed responsibility.")
    main = events_of("Bombing toll hits 102", "", body, actors={"TTP": ("ttp", "group")}).main
    assert (main.perpetrator.actor, main.perpetrator.basis) == ("ttp", "claimed")


def test_the_forces_answer_told_with_an_attack_in_its_lead_is_the_attack():
    title = unify("باجوڑ میں چیک پوسٹ پر دہشت گردوں کا حملہ، 11 اہلکار شہید")
    body = unify("باجوڑ میں چیک پوسٹ پر دہشت گردوں کی جانب سے حملے کی کوشش ناکام بنا دی گئی۔ کارروائی کے دوران "
                 "فتنہ الخوارج سے تعلق رکھنے والے 12 خوارج ہلاک کر دیے گئے۔")
    main = events_of(title, "", body, actors={unify("فتنہ الخوارج"): ("ttp", "group")}).main
    assert (main.type, main.attackers_killed, main.perpetrator.actor) == ("attack", 12, "ttp")


def test_security_forces_carrying_out_an_operation_is_the_clause_own_event():
    result = events_of("Soldier killed in North Waziristan", "",
                       "Security forces carried out an intelligence-based operation against militants of Fitna "
                       "al-Khawarij near Miranshah.", actors={"Fitna al-Khawarij": ("ttp", "group")})
    assert result.main.type == "operation" and result.roles["ttp"] == "subject"


def test_last_months_bombing_in_a_reference_does_not_make_the_clause_background():
    result = events_of("Commander killed in Tirah operation", "",
                       "A Jamaat-ul-Ahrar commander wanted for last month's bombing of a market in Bannu was killed in "
                       "an operation in the Tirah valley.", actors={"Jamaat-ul-Ahrar": ("jamaat-ul-ahrar", "group")})
    assert result.roles["jamaat-ul-ahrar"] == "subject"


def test_the_part_of_a_title_after_last_months_killings_is_not_the_main_event():
    main = events_of("Picking up the pieces in Kashmir after April killings", "", "Hotels in the valley are empty.").main
    assert main.type is None


def test_an_attack_word_with_a_state_as_its_doer_is_a_strike():
    result = events_of("Voices from Iran", "", "People told of their fear after the US bombed nuclear sites overnight.",
                       actors={"US": ("US", "state"), "Iran": ("IR", "state")})
    assert result.main.type == "strike"
    militant = events_of("Gunmen bombed a police post in Bannu", "", "").main
    assert militant.type == "bombing"
    border = events_of("6 dead in Chaman as Afghan Border Forces open ‘unprovoked, indiscriminate’ firing on civilians",
                       "", "", actors={"Afghan": ("AF", "state")}).main
    assert border.type == "strike"
    militants = events_of("In Iran militants opened fire on a border post", "", "", actors={"Iran": ("IR", "state")}).main
    assert militants.type == "armed-assault"


def test_the_family_most_of_the_lead_is_about_wins_over_a_later_search_operation():
    main = events_of("Gunmen kill two policemen in Lakki Marwat", "",
                     "Gunmen on a motorcycle shot dead two policemen at a checkpoint on Tuesday night. The attackers "
                     "escaped. Police said a search operation had been launched.").main
    assert (main.type, main.killed) == ("armed-assault", 2)


def test_generic_plurals_and_according_to_are_no_events():
    assert events_of("A book on the rise of border conflicts", "", "").main.type is None
    assert events_of("Al-Qaida retains a presence, according to a UN report", "", "").main.type is None


def test_a_group_behind_some_of_the_deadliest_attacks_tells_its_history_not_an_event():
    result = events_of("Police arrest four suspects in Islamabad", "",
                       "The TTP has been behind some of the deadliest attacks in Pakistan since the late 2000s.",
                       actors={"TTP": ("ttp", "group")}, parsed=True)
    assert [e.type for e in result.related] == []
    named = events_of("Police arrest four suspects in Islamabad", "",
                      "Last year the TTP carried out an attack in Pakistan that killed 12 people.",
                      actors={"TTP": ("ttp", "group")}, parsed=True)
    assert [e.killed for e in named.related] == [12]


def test_an_arrest_naming_the_attack_only_as_its_object_refers_to_it_with_its_place():
    body = "The CTD arrested two men on Saturday who had sheltered the bomber behind Tuesday's attack near Karachi airport."
    text = article_text("CTD arrests two men", "", body)
    karachi = PlaceMention(name="Karachi", country="PK", admin1="Sindh", kind="city",
                           start=text.index("Karachi"), end=text.index("Karachi") + 7)
    result = events_of("CTD arrests two men", "", body, places=[karachi])
    assert result.main.type == "arrest"
    [attack] = result.related
    assert (attack.type, attack.relation, attack.where.name, attack.when) == ("attack", "referenced", "Karachi", None)


def test_news_of_arrests_under_an_attacks_name_is_about_the_arrests():
    title = "Reasi terror attack: police make first arrest, says accused provided logistics to terrorists"
    body = ("The police on Wednesday made its first arrest in the Reasi terror attack case. The arrested man is "
            "accused of providing logistics to terrorists who attacked a bus.")
    result = events_of(title, "", body, parsed=True)
    assert result.main.type == "arrest"
    assert [(e.type, e.relation) for e in result.related] == [("attack", "referenced")]
    toll = events_of("Peshawar blast: death toll rises to 100", "", "The toll of the bombing rose to 100.", parsed=True)
    assert (toll.main.type, toll.main.killed) == ("bombing", 100)


def test_a_country_named_before_a_bombing_that_a_group_claims_did_not_strike():
    result = events_of("Pakistan bombing: ISIS claims suicide attack as death toll rises to 45", "", "",
                       actors={"Pakistan": ("PK", "state"), "ISIS": ("islamic-state", "group")})
    assert result.main.type in ("bombing", "suicide-bombing") and result.main.killed == 45
    assert result.main.perpetrator.basis == "claimed"


def test_that_attack_is_another_event_than_the_one_reported():
    text = body("Four soldiers were killed and six injured when militants attacked an army convoy in Kathua on "
                "Monday.", FILLER, FILLER, "Last month militants fired on a bus carrying pilgrims in Reasi. Nine "
                "pilgrims were killed in that attack and 44 others were injured.")
    main = events_of("4 soldiers killed as militants attack army convoy in Kathua", "", text, parsed=True).main
    assert (main.killed, main.injured) == (4, 6)


def test_an_arrest_of_the_mastermind_of_an_attack_does_not_take_the_attacks_toll():
    body = ("Police on Tuesday arrested the “mastermind” and “facilitator” of a suicide attack at the university in "
            "which three foreign teachers were killed.")
    main = events_of("Mastermind of suicide attack on university arrested", "", body, parsed=True).main
    assert (main.type, main.killed) == ("arrest", None)


@pytest.mark.parametrize("title, kind", [
    ("At least 11 terrorists gunned down in Lakki Marwat IBO", "operation"),
    ("Four militants shot dead by security forces in North Waziristan", "operation"),
    ("Militants gunned down two policemen in Bannu", "armed-assault"),
    ("Gunmen shot dead three soldiers near Turbat", "armed-assault"),
    # a killing whose object is militants is the forces' operation; one whose subject is militants is not
    ("CTD claims killing 12 terrorists in Lakki Marwat operation", "operation"),
    ("Militants killing two policemen in Bannu spark protest", "attack"),
])
def test_a_killing_said_of_militants_with_no_object_is_an_operation(title, kind):
    assert events_of(title, "", FILLER).main.type == kind


@pytest.mark.parametrize("title", ["Militants shot dead at least three policemen in Bannu",
                                   "Gunmen gunned down as many as six labourers in Kech",
                                   "Gunmen shot dead on Sunday a police officer in Peshawar"])
def test_an_active_killing_by_militants_stays_an_attack(title):
    assert events_of(title, "", FILLER).main.type == "armed-assault"
