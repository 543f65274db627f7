"""Segmenting the saved seed pages into their articles, without boilerplate."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from producers.replay.segment import clean_text, segment_page
from tests.conftest import SEEDS


def drafts(name: str):
    return segment_page((SEEDS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("000_7e72195cef55d1fd.txt", [
            "Pakistan, Russia hold inaugural talks on ‘security issues’ in Asia amid shifting alliances",
            "Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing",
        ]),
        ("001_f64cd4f113bb4fca.txt", ["Facing TTP and Daesh Threats, Pakistan-Russia Deepen Counterterrorism Cooperation"]),
        ("002_d5593e9474e12d15.txt", ["Pakistan Def, Spy Chiefs Talk Security, Taliban"]),
        ("003_48be42b383ae358e.txt", [
            "US says will work to ensure it can ‘better assist’ Pakistan’s counter-terrorism efforts",
            "Pakistan nears $1.5 billion deal to supply weapons, jets to Sudan",
        ]),
        ("004_42cf7027bb167f35.txt", ["Pakistan hosts meeting of regional states’ spymasters"]),
    ],
)
def test_each_seed_page_splits_into_its_articles(name, titles):
    assert [d.title for d in drafts(name)] == titles


BOILERPLATE = [
    "Read More", "Short Url", "Recent", "News Desk", "Your trusted source", "Latest stories",
    "Published in Dawn", "Gaza genocide", "Agri tax changes", "Toward an Islamic NATO",
    "This news is sourced from", "Also See:", "Updated 48 min", "ֱ", "/File)", "Image via",
]


@pytest.mark.parametrize("marker", BOILERPLATE)
def test_no_article_body_keeps_page_furniture(marker):
    for page in sorted(SEEDS.glob("*.txt")):
        for draft in segment_page(page.read_text(encoding="utf-8")):
            assert marker not in draft.body, f"{page.name}: {draft.title}"


def test_articles_in_one_page_do_not_bleed_into_each_other():
    talks, arrests = drafts("000_7e72195cef55d1fd.txt")
    assert "TTP" not in talks.body
    assert talks.body.rstrip().endswith("toughen its air defenses.")
    assert arrests.body.startswith("Pakistani intelligence and counter-terrorism authorities")
    assert "Twelve people were killed and 36 injured" in arrests.body


def test_dateline_is_split_off_the_first_paragraph():
    (article,) = drafts("004_42cf7027bb167f35.txt")
    assert article.dateline == "Islamabad"
    assert article.body.startswith("Pakistan on Saturday hosted")


def test_bullet_points_become_the_summary_not_the_body():
    _talks, arrests = drafts("000_7e72195cef55d1fd.txt")
    assert arrests.summary.startswith("Twelve people were killed and 36 injured in the suicide blast")
    assert "•" not in arrests.body


def test_dates_and_outlet_are_kept_where_the_page_states_them():
    (dawn,) = drafts("004_42cf7027bb167f35.txt")
    assert dawn.outlet == "Dawn"
    assert dawn.published == datetime(2021, 9, 12, tzinfo=timezone.utc)
    (masthead,) = drafts("002_d5593e9474e12d15.txt")
    assert masthead.published == datetime(2023, 10, 29, tzinfo=timezone.utc)
    us, sudan = drafts("003_48be42b383ae358e.txt")
    assert us.published == datetime(2023, 10, 3, tzinfo=timezone.utc)
    assert sudan.published is None  # "Updated 9 sec ago" is relative to an unknown save time


def test_a_page_without_datelines_starts_at_its_first_content_paragraph():
    (article,) = drafts("002_d5593e9474e12d15.txt")
    assert article.dateline is None
    assert article.body.startswith("On Wednesday, a senior Pakistani delegation visited Kabul")


def test_text_without_any_article_yields_nothing():
    assert segment_page("Home\nNews\nSport\nRead More »\n") == []


def test_clean_text_drops_stray_marks_and_control_characters():
    assert clean_text("\u05b1\n\nTitle\x07 here\u200b") == "\n\nTitle here"


@pytest.mark.parametrize(("page", "title", "body"), [
    ("Gunmen attack a bus near Kalat\n\nGunmen attacked a passenger bus near Kalat on Sunday, killing 4 people.\n",
     "Gunmen attack a bus near Kalat", "Gunmen attacked a passenger bus near Kalat on Sunday, killing 4 people."),
    ("Blast hits market in Kharan\n\nA bomb went off in a crowded market in Kharan.\n",
     "Blast hits market in Kharan", "A bomb went off in a crowded market in Kharan."),
    ("Roadside bomb kills 6 soldiers in Kech\n", "Roadside bomb kills 6 soldiers in Kech",
     "Roadside bomb kills 6 soldiers in Kech"),
    ("A grenade thrown into a police station in Turbat wounded two constables, officials said.",
     "A grenade thrown into a police station in Turbat wounded two constables, officials said.",
     "A grenade thrown into a police station in Turbat wounded two constables, officials said."),
])
def test_short_reports_and_wire_flashes_are_articles(page, title, body):
    [draft] = segment_page(page)
    assert (draft.title, draft.body) == (title, body)


def test_a_lead_dense_with_figures_right_under_the_headline_and_date_is_kept():
    page = ("Violence rose sharply in 2023\n\nJanuary 1, 2024\n\n"
            "Pakistan recorded 1,524 violence-related fatalities, 1,463 injuries, 789 militant-linked incidents, "
            "212 counter-terror operations, 934 militants killed during 2023, provincial figures showed.\n\n"
            "Overall fatalities, including those of militants, mark a record six-year high, exceeding the level of "
            "2018 and the highest since 2017, according to the report that was released on Sunday by the "
            "institute in the capital.\n\n"
            "The two western provinces were the main centres of the violence, accounting for most of the deaths "
            "that were recorded over the year, while the other regions were calmer than they had been before.\n")
    (article,) = segment_page(page)
    assert article.title == "Violence rose sharply in 2023"
    assert article.body.startswith("Pakistan recorded 1,524 violence-related fatalities")


@pytest.mark.parametrize("headline", [
    "'They Will Never Be Forgotten': Tributes Pour in for Troops Killed in Kabul Airport Bombing One Year Ago",
    "Rashid Khan Receives Call From Taliban Minister After Afghanistan's Historic Win. Watch",
    "J-K: NC leader Omar Abdullah unequivocally condemns Dhangri attack",  # a label and a colon, not a dateline
])
def test_a_saved_pages_headline_above_its_date_line_is_the_title_and_not_the_first_paragraph(headline):
    body = ("Leaders in the federal government marked the anniversary on Friday with messages of commemoration as "
            "well as some political criticism of the withdrawal.\n\nThe president called the service members heroes "
            "who were working to save lives as part of the largest airlift in the country's history.")
    [article] = segment_page(f"{headline}\nAugust 26, 2022\n\n{body}\n")
    assert article.title == headline
    assert article.body.startswith("Leaders in the federal government")
    assert article.published == datetime(2022, 8, 26, tzinfo=timezone.utc)


def test_a_dateline_saved_on_its_own_line_does_not_cut_the_lead_under_it_off_the_article():
    """ "KABUL, Afghanistan" on a line of its own, above a lead the boilerplate filter judged poor: the body starts
    at that lead, not at the first paragraph judged content."""
    from producers.replay.page_rules import load_rules
    from producers.replay.segment import _classify, _Para, _starts

    [line] = _classify(["KABUL, Afghanistan"], load_rules())
    assert line.kinds == {"place"}
    prose = "A district official says gunmen stormed a police post overnight, killing three police and wounding five."
    paras = [_Para("Official says gunmen kill 3 police", False, {"headline"}), _Para("July 30, 2017", False, {"date"}),
             line, _Para(prose, False), _Para(prose, False), _Para(prose, True)]
    assert _starts(paras) == [3]


def test_a_lead_the_boilerplate_filter_judged_poor_still_starts_the_body_under_the_date_line():
    """Prose the boilerplate filter judged poor (Pashto, for which it has few stop words) between the date line and
    the first paragraph it called content belongs to the article: up to ten paragraphs of it."""
    from producers.replay.segment import _Para, _starts

    prose = "The minister said in a televised speech that the attackers had opened fire on the base."
    paras = [_Para("Attack in Quetta", False, {"headline"}), _Para("September 30, 2025", False, {"date"}),
             *[_Para(prose, False) for _ in range(4)], _Para(prose, True), _Para(prose, True)]
    assert _starts(paras) == [2]
    many = [_Para("September 30, 2025", False, {"date"}), *[_Para(prose, False) for _ in range(8)], _Para(prose, True)]
    assert _starts(many) == [1]
    # the lead right under the date line may end in a comma (or be cut short); prose further down must end a sentence
    cut = "The court sentenced the two leaders to eleven years in prison in two cases of terror financing,"
    assert _starts([_Para("September 30, 2025", False, {"date"}), _Para(cut, False), _Para(prose, True)]) == [1]
    assert _starts([_Para("September 30, 2025", False, {"date"}), _Para(prose, False), _Para(cut, False),
                    _Para(prose, True)]) == [3]


def test_an_acronym_and_a_dash_in_the_middle_of_a_report_is_no_dateline_of_another_article():
    page = ("Suicide bomber attacks military facility in northwestern Pakistan\n\n"
            "A suicide bomber detonated an explosives-laden vehicle near the outer wall of a military facility in "
            "northwestern Pakistan, wounding eight civilians and damaging nearby homes, a police official said.\n\n"
            "Security forces foiled an attempt by the insurgents to enter the sprawling military facility in the "
            "city of Bannu, which mainly houses offices of the military and homes of security forces.\n\n"
            "No one claimed responsibility for the attack, but the suspicion is likely to fall on the Pakistani "
            "Taliban, who have stepped up attacks on security forces across the country in recent months\n\n"
            "TTP — who are also known as the Pakistani Taliban — are a separate group but loosely affiliated "
            "with the Afghan Taliban.\n")
    (article,) = segment_page(page)
    assert article.dateline is None
    assert article.body.startswith("A suicide bomber detonated") and "city of Bannu" in article.body
    assert article.body.endswith("loosely affiliated with the Afghan Taliban.")


def test_a_paragraph_of_quoted_speech_is_no_headline():
    from producers.replay.lines import headline_like as _headline_like

    assert not _headline_like("Hafiz Abdulhai Abbas, director of health for Kandahar, told AFP: “Information from the "
                              "hospitals shows 41 killed and about 70 wounded in today's mosque attack")
    assert _headline_like("Mujahid: “Pakistan must deal with its own security”")


def test_a_headline_ending_on_a_quote_mark_is_not_taken_for_the_body():
    page = ('کابل ښار کې چاودنې "لږ تر لږه ۱۰ تنه ووژل"\nOctober 24, 2020\n\n'
            "د افغانستان د کورنیو چارو وزرات وايي چې په کابل ښار کې یوې چاودنې لږ تر لږه ۱۰ تنه وژلي دي.\n\n"
            "تر اوسه د دغې چاودنې علت معلوم نه دی.\n")
    (article,) = segment_page(page)
    assert article.body.startswith("د افغانستان د کورنیو چارو وزرات وايي")


def test_a_standfirst_under_the_date_line_is_the_summary_not_the_title():
    page = ("Suicide attacks and sectarian violence dropped to lowest level in 2014\n\nJanuary 7, 2015\n\n"
            "Peshawar and Karachi were the worst victims of violence\n\n"
            "ISLAMABAD: Suicide attacks and the killings that follow them dropped to their lowest level since 2008, "
            "a security report released by a research institute on Wednesday found.\n")
    [draft] = segment_page(page)
    assert draft.title == "Suicide attacks and sectarian violence dropped to lowest level in 2014"
    assert draft.summary == "Peshawar and Karachi were the worst victims of violence"
    assert draft.published is not None and draft.published.date().isoformat() == "2015-01-07"


def test_a_short_sentence_of_the_story_is_not_the_end_of_the_article():
    page = ("Hotel attack leaves 18 killed\n\nJanuary 22, 2018\n\n"
            "Eighteen people are dead following an attack at a hotel in Afghanistan, officials said on Monday.\n\n"
            "Gunmen stormed the hotel.\n\nThe Taliban claimed responsibility for the attack.\n")
    [draft] = segment_page(page)
    assert draft.body.endswith("The Taliban claimed responsibility for the attack.")
