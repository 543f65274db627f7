"""The main event read as the desk reads it: what is news, what the event is, which clauses are about it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from consumers.enrich.events.recency import framed_as_past
from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of

PUBLISHED = datetime(2026, 6, 20, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize("title, lead", [
    ("Anniversary of APS attack being observed today", "The 2014 attack killed 147 people at the school."),
    ("Pakistan ranks third on Global Terrorism Index", "Attacks killed 6,300 people, the index said."),
    ("Analysis: the return of the crowded-place bombing", "A bombing in Kohat killed 14 people in March."),
    ("ملک بھر میں آرمی پبلک سکول کے شہداء کی برسی", "سانحے میں 150 افراد شہید ہوئے تھے۔"),
    # statistics: a share of all casualties, a quarter's figures
    ("90pc of terror deaths in two provinces", "Militant attacks killed 400 people in the two provinces, a report said."),
    ("Violence falls in the north", "At least 60 per cent of all fatalities were recorded in the south, where 212 died."),
    ("Security forces bear the brunt", "Attacks in the second quarter of 2025 killed 310 people, the think tank said."),
    ("خیبرپختونخوا میں دہشت گردی", "ملک میں 70 فیصد ہلاکتیں خیبرپختونخوا میں ہوئیں۔"),
    # a remembrance
    ("Ceremony in memory of Mall Road blast victims", "The 2017 bombing killed 14 people on Mall Road."),
    ("سانحہ مال روڈ کے شہداء کی یاد میں تقریب", "دھماکے میں 14 افراد شہید ہوئے تھے۔"),
    # a change by a share over a period, whatever it counts; a report's figures led by "in its new report"
    ("Militant attacks up 70% in July, think-tank data show", "Attacks killed 108 people in July in the north."),
    ("ملک میں دہشت گردی سے ہلاکتوں میں ۳۱ فیصد کمی", "ملک میں ۲۹۵ افراد حملوں میں جاں بحق ہوئے تھے۔"),
    ("د دواړو هېوادونو سوداګري ۵۳ سلنه راکمه شوې", "له نښتې وروسته پاکستان اته لارې وتړلې او دوه کسان ووژل شول."),
    ("افغانستان در صدر", "موسسه در گزارش جدید خود اعلام کرد که در این حملات ۱۴۲۶ نفر کشته شدند."),
    # a tally of attacks in Persian's singular ("in 599 attacks ... 897 were killed")
    ("حملات تروریستی در پاکستان", "در 599 حمله انفجاری و مسلحانه در یازده ماه گذشته، 897 تن کشته شدهاند."),
    # years passed since an attack (Pashto)
    ("د پيښور آرمي پبلک سکول غمیزې نهه کاله تیر شول", "په دې برید کې ۱۴۰ ماشومان ووژل شول."),
])
def test_an_anniversary_an_index_or_an_analysis_has_no_main_event(title, lead):
    found = events_of(title, "", lead, published=PUBLISHED)
    assert framed_as_past(title, "", lead) is not None
    assert found.main.type is None and found.main.killed is None


def test_an_attack_dated_weeks_before_the_article_is_background():
    found = events_of("Families of Bannu bombing victims await compensation",
                      "", "The bombing on 2 May 2026 killed nine people in Bannu.", published=PUBLISHED)
    assert found.main.type is None
    assert [(e.type, e.killed, e.relation) for e in found.related][:1] == [("bombing", 9, "background")]


def test_a_condemnation_is_about_the_event_it_condemns():
    found = events_of("Pakistan condemns deadly Iranian missile strike on its territory", "",
                      "Pakistan on Tuesday condemned an Iranian strike inside its borders that killed two children.",
                      published=PUBLISHED, parsed=True)
    assert (found.main.type, found.main.killed) == ("strike", 2)


def test_a_body_sentence_about_the_attack_gives_its_toll_and_claim():
    body = ("PESHAWAR: A suicide bomber struck a police checkpost in Jamrud on Friday, police said.\n\n"
            "Rescue teams reached the site within minutes.\n\nThe road was closed for hours.\n\n"
            "Two policemen were killed and three others were injured in the attack.\n\n"
            "Meanwhile, the outlawed Tehreek-e-Taliban Pakistan (TTP) claimed responsibility for the attack.")
    found = events_of("Suicide attack on Jamrud checkpost", "", body, published=PUBLISHED,
                      actors={"Tehreek-e-Taliban Pakistan (TTP)": ("ttp", "group")}, parsed=True)
    main = found.main
    assert (main.type, main.killed, main.injured) == ("suicide-bombing", 2, 3)
    assert main.perpetrator is not None and (main.perpetrator.actor, main.perpetrator.basis) == ("ttp", "claimed")


def test_a_lead_sentence_dated_days_away_is_another_event():
    body = ("LAKKI MARWAT: Three policemen were killed and two injured when militants attacked the Tajori police "
            "post in Lakki Marwat on Friday night, officials said.\n\nThe exchange of fire lasted an hour.\n\n"
            "On Tuesday night, two policemen were killed in an attack on a post in Serai Naurang, which was claimed "
            "by the Tehreek-e-Taliban Pakistan.")
    found = events_of("Three policemen killed as militants storm post in Tajori", "", body,
                      published=PUBLISHED, actors={"Tehreek-e-Taliban Pakistan": ("ttp", "group")}, parsed=True)
    assert (found.main.killed, found.main.perpetrator) == (3, None)
    assert any(e.relation == "background" and e.killed == 2 for e in found.related)


def test_the_state_of_a_place_gets_a_part_when_the_text_names_only_the_place(enricher):
    from newsmon.messages import RawArticle

    article = RawArticle(id="p1", title="Blast kills five in Peshawar market", source="t",
                         body="PESHAWAR: A bomb exploded in a crowded market in Peshawar on Monday, killing five "
                              "people and injuring 12, police said. The militants fled.")
    [result] = enricher.enrich_batch([article])
    roles = {a.id: (a.role, a.mentions) for a in result.actors}
    assert roles.get("PK") == ("target", 0)
    sports = RawArticle(id="p2", title="Pakistan beat Afghanistan in Sharjah", source="t",
                        body="SHARJAH: Pakistan's bowling attack dismissed Afghanistan for 120 in Sharjah on Friday.")
    [result] = enricher.enrich_batch([sports])
    assert "AE" not in {a.id for a in result.actors}


def test_a_toll_told_in_the_past_perfect_below_the_lead_is_of_an_earlier_event():
    found = events_of("Two policemen injured in Bannu suicide attack", "",
                      "Two policemen were injured when a suicide bomber blew up his car at a police station in Bannu "
                      "on Tuesday.\n\nThe bomber struck at dawn.\n\nThe station was damaged.\n\n"
                      "It was the second attack on the station. The first was carried out on September 26, 2009.\n\n"
                      "At least 10 people had been killed in that blast and 58 others were injured.",
                      published=PUBLISHED, parsed=True)
    assert (found.main.killed, found.main.injured) == (None, 2)
    assert [(e.killed, e.injured) for e in found.related] == [(10, 58)]


def test_a_toll_in_the_past_perfect_that_someone_reports_is_the_events_own():
    found = events_of("Suicide attack on Bannu police station", "",
                      "A suicide bomber struck a police station in Bannu on Tuesday.\n\nThe bomber struck at dawn."
                      "\n\nThe station was damaged.\n\nPolice said at least 10 people had been killed in the attack.",
                      published=PUBLISHED, parsed=True)
    assert found.main.killed == 10


def test_a_branch_named_beside_its_parent_takes_the_parents_part():
    from consumers.enrich.events import branches_take_part

    ancestors = {"iskp": ["islamic-state"], "ispp": ["islamic-state"]}.get
    found = {"islamic-state": "subject", "iskp": "mentioned", "PK": "participant"}
    assert branches_take_part(found, lambda a: ancestors(a) or []) == {**found, "iskp": "subject"}
    two = {"islamic-state": "subject", "iskp": "mentioned", "ispp": "mentioned"}
    assert branches_take_part(two, lambda a: ancestors(a) or []) == two  # which branch: the text does not say
    assert branches_take_part({"islamic-state": "mentioned", "iskp": "mentioned"}, lambda a: ancestors(a) or []) \
        == {"islamic-state": "mentioned", "iskp": "mentioned"}


def test_an_arrest_of_an_isis_member_in_an_article_naming_isis_k_is_aimed_at_isis_k(enricher):
    from newsmon.messages import RawArticle

    article = RawArticle(id="b1", title="ISIS terrorist behind the Kabul airport bombing captured", source="t",
                         body="Pakistan arrested the ISIS terrorist on Monday, officials said. He was a member of "
                              "ISIS-K, the group's Afghan branch.")
    [result] = enricher.enrich_batch([article])
    roles = {a.id: a.role for a in result.actors}
    assert roles.get("islamic-state") == "subject" and roles.get("iskp") == "subject"


@pytest.mark.parametrize("title, lead, framed", [
    ("Violence in 2023", "The country saw 1,524 deaths from 789 terror attacks and operations in 2023.", True),
    ("A tally of the year", "There were 444 armed attacks on the security forces over the year.", True),
    ("خیبرپختونخوا میں دہشت گردی", "گزشتہ 8 ماہ کے دوران دہشت گردی کے 766 واقعات رپورٹ ہوئے۔", True),
    ("Ten years on", "Exactly 10 years ago to this day, gunmen attacked the city's hotels.", True),
    # a toll, or a few attacks on one day, is news
    ("Militants kill 70 in Balochistan", "Militants killed 70 people in attacks across Balochistan on Monday.", False),
    ("Two attacks in Bannu", "Militants carried out 2 attacks on police posts in Bannu.", False),
])
def test_a_count_of_many_attacks_is_a_tally_not_an_event(title, lead, framed):
    assert (framed_as_past(title, "", lead) is not None) == framed


def test_an_attack_given_as_an_example_is_background():
    found = events_of("Xi faces flak over security of Chinese workers", "",
                      "The report said that incidents like the recent shooting of two Chinese workers in Karachi "
                      "by a guard showed the risks.", published=PUBLISHED)
    assert found.main.type is None


def test_militants_the_grammar_reads_in_an_operation_are_no_victims_of_it():
    body = ("Pakistani security forces carried out an intelligence-based operation in North Waziristan, the ISPR said.\n\n"
            "The operation led to an intense exchange of fire, resulting in the death of six Khwarij.")
    main = events_of("Security forces conduct operation in North Waziristan", "", body, published=PUBLISHED,
                     parsed=True).main
    assert (main.type, main.killed, main.attackers_killed) == ("operation", None, 6)


@pytest.mark.parametrize("title", [
    "د پاکستان پولیس: په هنګو کې په عملیاتو کې د ټيټيپي یو قوماندان ووژل شو",  # a TTP commander was killed
    "په هنګو کې په عملیاتو کې د «ټيټيپي» یو قوماندان ووژل شو",
])
def test_a_count_of_a_groups_own_men_is_of_attackers(title):
    main = events_of(title, "", "", published=PUBLISHED, actors={"ټيټيپي": ("ttp", "group")}).main
    assert (main.type, main.killed, main.attackers_killed) == ("operation", None, 1)


def test_a_count_of_men_of_a_group_that_governs_is_of_victims():
    title = "په کابل کې په برید کې د طالبانو یو قوماندان ووژل شو"  # a Taliban commander killed in an attack in Kabul
    main = events_of(title, "", "", published=PUBLISHED, actors={"طالبانو": ("afghan-taliban", "group")}).main
    assert (main.killed, main.attackers_killed) == (1, None)


def test_the_attack_of_the_next_sentence_is_the_past_one_told_just_before():
    body = ("The group said it fired ten rockets at a military base in Termez on Monday.\n\n"
            "Uzbek authorities did not comment on the claim.\n\nThe launching pad was reportedly in Hairatan.\n\n"
            "The group has carried out several attacks in Pakistan, including a suicide bombing of a mosque in "
            "Peshawar last month. The attack killed more than 60 worshippers.")
    found = events_of("Group claims rocket attack on Uzbekistan", "", body, published=PUBLISHED, parsed=True)
    assert found.main.killed is None
    assert [e.killed for e in found.related if e.relation == "background"] == [60]


@pytest.mark.parametrize("title, demonym", [
    ("سراوان میں فائرنگ سے 9 پاکستانی مزدور جاں بحق", "پاکستانی"),  # Urdu: the demonym before its noun
    ("تیراندازی به کارگران پاکستانی در سراوان", "پاکستانی"),  # Persian: after it
])
def test_a_states_people_hit_in_urdu_or_persian_make_it_the_target(title, demonym):
    found = events_of(unify(title), "", "", published=PUBLISHED, actors={unify(demonym): ("PK", "state")})
    assert found.roles["PK"] == "target"


@pytest.mark.parametrize("title, kind", [
    ("Unprovoked firing by Afghan forces kills two in Chaman", "strike"),  # the state's forces, after the word
    ("Cross-border firing from Iran martyrs four soldiers in Kech", "armed-assault"),  # from a country's soil
])
def test_fire_by_a_states_forces_is_a_strike_but_fire_from_its_soil_is_not(title, kind):
    found = events_of(title, "", "", published=PUBLISHED,
                      actors={"Afghan": ("AF", "state"), "Iran": ("IR", "state")})
    assert found.main.type == kind


def test_the_meeting_after_a_sentence_about_an_earlier_attack_is_still_the_main_events():
    body = ("Senior officials from Pakistan and Russia agreed on Tuesday to strengthen cooperation, the ministry said.\n\n"
            "Islamabad complains about militants based across its western border.\n\n"
            "Both governments have long worked together at the United Nations.\n\n"
            "Russia also faces threats. The attack on a concert hall near Moscow was one of the deadliest in recent "
            "years. Both sides discussed strategies during the 11th meeting of the working group in Moscow.")
    found = events_of("Pakistan-Russia deepen counterterrorism cooperation", "", body, published=PUBLISHED)
    assert found.main.type == "agreement"
    assert any("11th meeting" in u.text for u in found.main.units)


@pytest.mark.parametrize("pointer", ["The tragic event", "That attack"])
def test_a_sentence_pointing_back_after_an_earlier_event_is_about_that_event(pointer):
    title = "Security forces kill terrorist in Kathua encounter"
    body = ("Security forces killed one terrorist after an attack on a village in Kathua district on Tuesday.\n\n"
            "The incident comes just days after terrorists targeted a bus carrying pilgrims near Katra. "
            f"{pointer} left nine people dead and 41 others injured.")
    main = events_of(title, "", body, published=PUBLISHED, parsed=True).main
    assert (main.killed, main.injured) == (None, None)


@pytest.mark.parametrize("title", ["Terrorists set ablaze a vehicle in Mir Ali, six burnt alive",
                                   unify("میر علی میں خوارج نے گاڑی کو آگ لگادی، 6 شہری جاں بحق")])
def test_setting_people_on_fire_is_an_attack(title):
    assert events_of(title, "", "").main.type == "attack"


@pytest.mark.parametrize("title, body, kind", [
    # "the proscribed BLA" names the group; the news is the operation
    ("Three terrorists killed in Balochistan's Musakhel district: CTD",
     "The CTD conducted an operation in Musakhel on Sunday, where three terrorists were killed, a spokesperson "
     "said.\n\nThe CTD received information about terrorists belonging to the proscribed Balochistan Liberation "
     "Army active in the area, and about the proscribed outfit's plans.", "operation"),
    ("Government proscribes TTP faction", "The interior ministry has proscribed a faction of the TTP.", "designation"),
])
def test_proscribed_is_a_designation_only_as_a_verb(title, body, kind):
    assert events_of(title, "", body, published=PUBLISHED).main.type == kind
