"""An event named as the setting of other news is not the news: "despite the attack", "the development comes as
...", a figure over months, one figure of the dead and the wounded together; militants killed crossing a border
are the forces' operation, not a plot."""

from __future__ import annotations

from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of


def test_an_attack_named_after_despite_in_a_headline_is_not_its_event():
    title = "Football final in Quetta to go ahead despite hotel attack"
    body = ("Organisers said on Monday the final would be played as planned.\n\n"
            "The development comes as gunmen stormed a hotel in the city last night.")
    main = events_of(title, "", body).main
    assert main.type is None or main.type not in ("attack", "armed-assault", "bombing")


def test_a_headline_figure_of_the_killed_and_wounded_together_is_no_death_toll():
    title = "More than 30 people killed and wounded in Kabul blast"
    body = "At least nine people were killed and 22 wounded when a bomb exploded near a ministry in Kabul on Sunday."
    main = events_of(title, "", body).main
    assert (main.killed, main.injured) == (9, 22)


def test_a_figure_over_months_in_the_lead_is_no_toll_of_the_event():
    title = unify("کندهار: د سړک د غاړې ماین درې ملکیان وژلي")
    body = unify("یوه چارواکي وویل چې په کندهار کې د سړک د غاړې یوه ماین درې کسان وژلي دي.\n\n"
                 "د روان کال له پیله تر اوسه په افغانستان کې ۹۰۰ ملکي وګړي وژل شوي دي.")
    assert events_of(title, "", body).main.killed == 3


def test_an_english_figure_from_one_month_to_another_is_no_toll_of_the_event():
    title = "Roadside bomb kills four in Helmand"
    body = ("A roadside bomb killed four people in Helmand on Saturday, officials said.\n\n"
            "From January to the end of June, 1,200 civilians were killed across the country, the UN said.")
    assert events_of(title, "", body).main.killed == 4


def test_militants_killed_in_a_foiled_infiltration_bid_are_an_operation():
    title = "Four militants killed as infiltration bid foiled in Uri"
    body = "Four militants were killed as the army foiled an infiltration bid along the Line of Control in Uri."
    assert events_of(title, "", body).main.type == "operation"


def test_a_persian_headline_naming_a_square_after_an_attacks_site_reports_no_attack():
    title = unify("نامگذاری محل وقوع حمله تروریستی در مزار شریف به نام میدان شهدا")
    body = unify("رئیس جمهور محل وقوع حمله تروریستی هفته گذشته را به نام میدان شهدا نام گذاری کرد.")
    assert events_of(title, "", body).main.type is None


def test_a_claim_of_fighting_against_terrorism_is_no_clash():
    title = "Pakistan ranks fourth in terrorism ranking"
    body = "Pakistan, which says it has long been fighting against terrorism, ranks fourth in the list published today."
    assert events_of(title, "", body).main.type is None


def test_talks_with_traders_are_no_security_talks():
    title = unify("ساعات صادرات از گذرگاه تورخم تعیین شد")
    body = unify("وزارت تجارت اعلام کرد که پس از گفت‌وگو با بخش خصوصی، ساعات مشخصی برای صادرات تعیین شده است.")
    assert events_of(title, "", body).main.type is None


def test_an_urdu_passage_the_reader_should_remember_is_background():
    title = unify("اقوام متحدہ کی رپورٹ میں ٹی ٹی پی سب سے بڑا گروپ")
    body = unify("اقوام متحدہ کی رپورٹ میں کہا گیا ہے کہ ٹی ٹی پی افغانستان میں سرگرم ہے۔ "
                 "اس بات کو یاد رکھنا چاہیے کہ بنوں میں حملے میں 12 جوان شہید ہوئے تھے۔")
    assert events_of(title, "", body).main.killed is None


def test_a_tribute_to_an_attacks_dead_is_no_attack():
    title = "Police pay tribute to 12 constables killed in Dera Ismail Khan attack"
    body = "Senior officers laid wreaths at the police lines on Friday in memory of the 12 constables."
    main = events_of(title, "", body).main
    assert main.type is None and main.killed is None


def test_an_attack_on_a_ceremony_commemorating_a_leader_is_an_attack():
    title = "Gunmen attacked a ceremony commemorating a tribal leader"
    body = "Gunmen attacked a ceremony commemorating a tribal leader in Kabul. At least 12 people were killed."
    assert events_of(title, "", body).main.killed == 12


def test_a_probe_into_an_attack_is_not_the_attack():
    title = "Pakistan to coordinate for probe on Iran border guard attack"
    body = "Islamabad said on Wednesday it would share information with Tehran."
    assert events_of(title, "", body).main.type not in ("attack", "armed-assault")
