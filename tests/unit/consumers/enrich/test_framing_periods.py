"""A whole year's figures and opinion headlines are no new event (consumers/enrich/events/recency.py)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from consumers.enrich.events.recency import framed_as_past
from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of

PUBLISHED = datetime(2026, 1, 6, 9, tzinfo=timezone.utc)


@pytest.mark.parametrize("title, lead", [
    ("Three groups behind most violence in 2025", "The TTP and two Baloch groups carried out most attacks in the "
                                                  "country during 2025, killing 420 people."),
    ("Militancy figures", "Militants killed 380 people in the province last year, the police report says."),
    ("آمار حملات در خیبرپختونخوا", "در سال ۲۰۲۵ بیش از ۵۰۰ نفر در حملات تروریستی کشته شدند."),
    ("حملات در پاکستان", "پارسال ۶۰۰ غیرنظامی در حملات کشته شدند."),
    ("د بریدونو شمېر", "په ۲۰۲۵ کال کې په بریدونو کې ۳۰۰ کسان ووژل شول."),
    ("آمار تلفات", "در سال ۱۴۰۴ بیش از ۳۰۰ نفر کشته شدند."),  # the solar year 1404 began in March 2025
])
def test_a_tally_of_the_last_year_is_no_event(title, lead):
    assert framed_as_past(title, "", lead, published=PUBLISHED.date()) is not None
    found = events_of(title, "", lead, published=PUBLISHED)
    assert found.main.type is None and found.main.killed is None


@pytest.mark.parametrize("title, lead", [
    # one day's attack, even with the year beside it
    ("Bomb kills 12 in Quetta", "A bomb killed 12 people in Quetta on Monday, the deadliest attack in 2025."),
    ("Blast in Bannu", "The blast was the deadliest since the Taliban took power in 2025, police said."),
    # a year after a month is a date; a year long past is history, not the period the article counts
    ("Police arrest five", "Police arrested five men who attacked the consulate in November last year."),
    ("Bomb kills 12 in Quetta", "A bomb killed 12 people in Quetta, the first such attack in the city in 2019."),
])
def test_a_year_beside_one_days_event_keeps_the_event(title, lead):
    assert framed_as_past(title, "", lead, published=PUBLISHED.date()) is None


def test_without_a_publication_date_no_year_is_the_last_one():
    assert framed_as_past("Violence in 2025", "", "Militants killed 420 people during 2025.") is None
    assert framed_as_past("Violence in 2025", "", "", published=date(2026, 1, 6)) is not None


@pytest.mark.parametrize("title, framed", [
    ("Reviving the National Action Plan: A Roadmap for Security", True),
    ("Navigating Tensions: A Call for Constructive Diplomacy", True),
    ("Rethinking Pakistan's Afghan Policy", True),
    ("The Baluchistan Unrest: Exploring the Iran-Pakistan Border Conflict", True),
    ("Quetta: Firing the first shots at a police post", False),
    ("Bombing Kills Five In Quetta", False),
    ("Shelling in Kurram kills two", False),
    ("Quetta: A Bomb Kills Five", False),
])
def test_an_opinion_headline_is_no_event(title, framed):
    assert (framed_as_past(title, "", "", published=PUBLISHED.date()) is not None) == framed


@pytest.mark.parametrize("title", ["Warning signs", "Militancy fears", "TTP sanctuaries", "Time for peace",
                                   "Afghan Taliban and TTP", "Pakistan & the Taliban"])
def test_an_editorials_label_for_a_title_is_no_event(title):
    body = "Militants attacked a police post in Bannu on Monday, killing eight policemen, and the state must act."
    events = events_of(title, "", body, published=datetime(2024, 7, 1, tzinfo=timezone.utc))
    assert events.main.type is None


@pytest.mark.parametrize("title", ["Quetta blast", "Imran arrested", "Bannu attack kills eight", "Bannu toll",
                                   "Pakistan and Iran Clash at Border"])
def test_a_short_headline_of_an_event_is_news(title):
    body = "Militants attacked a police post in Bannu on Monday, killing eight policemen."
    events = events_of(title, "", body, published=datetime(2024, 7, 1, tzinfo=timezone.utc))
    assert events.main.type is not None


@pytest.mark.parametrize("title, lead, framed", [
    # a month with no day beside it, and many attacks: a month's tally
    ("پاکستان: اکتوبر میں دہشت گردانہ حملوں میں ۱۹۸ افراد ہلاک", "", True),
    ("Militant attacks killed 240 people in October", "", True),
    ("آمار حملات", "در ماه میزان بیش از ۳۰۰ نفر در حملات کشته شدند.", True),
    ("Attacks rose last month", "Militant attacks killed 90 people in Khyber Pakhtunkhwa last month.", True),
    # a date, a day named, one attack, or a month's name that is a common word ("تیر", past) is not
    ("Bomb kills 12 in Quetta", "A bomb killed 12 people on October 12, the latest of many attacks.", False),
    ("Bannu attacks", "Militants attacked two police posts in Bannu on Monday in October.", False),
    ("Attack in Bannu", "Militants attacked a police station in Bannu in October, killing two.", False),
    ("د بریدونو طراح ووژل شو", "په تیر کې د بریدونو طراح په ننګرهار کې ووژل شو.", False),
])
def test_a_months_tally(title, lead, framed):
    assert (framed_as_past(title, "", lead, published=date(2024, 11, 2)) is not None) == framed


@pytest.mark.parametrize("title", ["Pakistan observes Defence Day amid surge in militant attacks",
                                   "KP to honour police martyrs today",
                                   "Afghanistan: 1,000 Civilians Killed since Taliban Takeover",
                                   "کاهش حملات تروریستی در پاکستان پس از بسته شدن مرز",
                                   "Trilateral Counterterrorism Mechanism between China, Pakistan and Afghanistan – the way forward",
                                   "نائیک سیف علی جنجوعہ کا 73واں یوم شہادت",
                                   "Frequency of militant attacks decreasing: PICSS",
                                   "پېښور -- د خیبر پښتونخواه پولیسو د شهیدانو د ورځې د لمانځلو مراسم",
                                   "CTD report reveals significant decline in terrorism in Khyber Pakhtunkhwa",
                                   "Counterterrorism Policy Dialogue calls for coordinated approach",
                                   "Seminar on border security held in Quetta",
                                   "Torkham Border Closure Causes $240 Million Trade Loss",
                                   "پاکستان عالمی طور پر دہشتگردی سے متاثرہ 5 ممالک میں شامل: امریکی رپورٹ"])
def test_a_day_of_remembrance_a_tally_or_an_essay_is_no_event(title):
    assert framed_as_past(title, "", "", published=date(2024, 9, 6)) is not None


def test_a_toll_since_a_day_named_is_one_events():
    assert framed_as_past("Toll rises to 50 since Friday's blast", "", "", published=date(2024, 9, 7)) is None


def test_a_cricket_sides_bowling_attack_is_no_attack():
    found = events_of("Afghanistan causes upset in ICC Champions Trophy, England out of tournament", "",
                      "England's bowling attack, led by Jofra Archer, struggled to contain the Afghan batters.")
    assert found.main.type == "sport"


def test_a_year_in_a_written_date_is_no_count_of_attacks():
    # "on 24/06/1404 [they] came under attack": the solar year, not 1404 attacks
    lead = unify("مأموران هنگ مرزی سراوان در حوالی روستای اسفندک ۲۴ / ۰۶/ ۱۴۰۴ مورد حمله گروهک تروریستی قرار گرفتند.")
    assert framed_as_past(unify("شهادت یک مرزبان در سراوان"), "", lead, published=date(2025, 11, 27)) is None


@pytest.mark.parametrize("lead, argues", [
    (["Prime Minister Imran Khan did well to visit Naushki and meet the soldiers.",
      "To suppress the insurgency in Balochistan Pakistan needs to avoid past mistakes."], True),
    # a report says who told it, or names the day
    (["Pakistan needs to avoid past mistakes, the minister said.", "The country cannot afford blunders."], False),
    (["Gunmen killed two soldiers in Naushki on Tuesday.", "The army must respond, officials warned."], False),
    (["Militants attacked two camps in Panjgur and Naushki.", "The attackers should have been stopped."], False),
])
def test_a_lead_that_argues_and_reports_nothing_is_an_editorial(lead, argues):
    from consumers.enrich.events.argument import argued

    assert (argued(lead) is not None) is argues


def test_a_headline_that_asks_is_one_more_word_of_argument():
    from consumers.enrich.events.argument import argued

    lead = ["Should Pakistan not take a more measured view of the relations between the two neighbours.",
            "The Afghan Taliban appear to be in no hurry."]
    assert argued(lead, title="TTP talks: does Pakistan know what it is getting into?") is not None
    assert argued(lead, title="TTP talks resume in Kabul") is None


def test_a_sentence_that_tallies_many_attacks_gives_no_toll_wherever_it_stands():
    title = "Over 8,000 TTP militants present in Khyber Pakhtunkhwa, officials reveal"
    body = ("Officials said more than 8,000 members of the TTP are present in the province.\n\n"
            "The militants have set up checkpoints on some roads.\n\n"
            "In the first eight months of the year more than 600 terrorist attacks took place in the province, "
            "killing at least 138 civilians and 79 policemen.")
    assert events_of(title, "", body, published=datetime(2025, 9, 10, tzinfo=timezone.utc)).main.killed is None


@pytest.mark.parametrize("title, framed", [
    ("2 Years of Pulwama Terror Attack: What Happened and How India Responded", True),
    ("Militant attacks rose 40% in 2024 - study", True),
    # a media report cited as a headline's source is news of an event
    ("Pakistan plans to acquire 40 planes of China's latest stealth fighter J-35: Report", False),
    ("Two killed in Quetta blast after years of calm", False),
])
def test_the_years_since_a_named_attack_and_a_studys_finding_are_no_event(title, framed):
    assert (framed_as_past(title, "", "", published=PUBLISHED.date()) is not None) == framed


def test_last_year_frames_a_tally_without_a_date_of_publication():
    title = unify("ملک بھر میں گزشتہ سال دہشتگرد حملوں میں ہلاکتوں کی تعداد 45 فیصد بڑھ گئی")
    assert framed_as_past(title, "", "", published=None) is not None


def test_an_urdu_headline_that_asks_a_question_over_a_lead_that_names_no_day_is_no_event():
    title = unify("کالعدم ٹی ٹی پی افغانستان میں کن علاقوں میں موجود ہے؟")
    body = unify("حالیہ مذاکرات میں پاکستان نے مؤقف اختیار کیا کہ دہشتگردی افغانستان سے ہو رہی ہے۔")
    assert events_of(title, "", body, published=PUBLISHED).main.type is None


def test_a_question_headline_over_a_lead_that_names_the_day_keeps_its_event():
    title = unify("په سرپل کې څه تیر شوي؟")
    body = unify("یاغیانو د شنبې په ورځ د سرپل ولایت په یوه کلي کې ۴۰ کسان وژلي دي.")
    assert events_of(title, "", body, published=PUBLISHED).main.killed == 40


def test_a_question_headline_over_a_first_paragraph_that_counts_the_dead_keeps_its_event():
    title = unify("دو بیٹوں سمیت قتل ہونے والے قبائلی رہنما کون تھے؟")
    body = unify("وانا میں ایک دھماکے میں قبائلی رہنما اور ان کے دو بیٹوں سمیت 4 افراد جاں بحق ہوگئے۔\n\n"
                 "پولیس نے بتایا کہ تحقیقات شروع کر دی گئی ہیں۔")
    main = events_of(title, "", body, published=PUBLISHED).main
    assert (main.type, main.killed) == ("bombing", 4)


def test_a_think_tanks_monthly_report_named_in_the_second_sentence_is_no_event():
    title = "Violence escalates; deaths and injuries rise"
    body = ("Violence continues to rise in the country as militants inflict more losses. A think tank in its monthly "
            "report said that 21 militant attacks in November killed 63 people and injured 73 others.")
    assert events_of(title, "", body, published=PUBLISHED).main.type is None
    # a blast whose second sentence quotes officials is still the blast
    event = events_of("Blast kills 5 in Quetta", "",
                      "A bomb exploded in a market in Quetta on Monday. Police said five people were killed.",
                      published=PUBLISHED).main
    assert (event.type, event.killed) == ("bombing", 5)


def test_a_report_of_attacks_through_the_last_year_is_no_event():
    title = "Province on the verge of a security crisis: report"
    body = ("ISLAMABAD: The province is on the brink of a crisis, with attacks rising through 2025, a latest report "
            "has warned.\n\nThe attacks killed 852 people during the year.")
    assert events_of(title, "", body, published=PUBLISHED).main.type is None


@pytest.mark.parametrize("title, lead", [
    # a headline that counts over a span: a week's or the first months' figures
    ("هلمند کې روانه اوونۍ ۳۸ ملکیان وژل شوي او ۳۷ نور ټپيان دي", ""),
    ("Since the start of the year, 1,366 civilians killed in Afghanistan", ""),
    # a lead that tells a rise in the number of attacks
    ("", "اسلام آباد:پاکستان میں دہشت گردی کے واقعات میں اضافہ دیکھنے میں آیا ہے۔"),
])
def test_a_spans_figures_or_a_trend_is_no_event(title, lead):
    assert framed_as_past(unify(title), "", unify(lead)) is not None


def test_a_span_without_a_figure_in_the_headline_keeps_the_event():
    assert framed_as_past("Militants active since the start of the year attack a post in Bannu", "",
                          "Militants attacked a police post in Bannu on Tuesday.") is None


@pytest.mark.parametrize("title", [
    "شدت پسندوں کے مہران ائر بیس کراچی پر حملے کو 3 سال بیت گئے",  # three years have gone by since the attack
    "Country Report on Terrorism 2017 - Chapter 1 - Tajikistan",
    "رتبه بندی کشورها با توجه به بررسی کارشناسان بین المللی از نظر تهدیدات تروریستی",  # a ranking of countries
])
def test_years_gone_by_and_a_yearly_country_report_are_no_event(title):
    assert framed_as_past(unify(title), "", "") is not None
