"""The parts of event extraction: numbers, casualty counts, attributions, background passages, the types file."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from consumers.enrich.events.casualties import counts
from consumers.enrich.events.claims import Mention, attributions, claims_responsibility
from consumers.enrich.events.numbers import parse_number
from consumers.enrich.events.timeline import clauses, dates
from consumers.enrich.events.types import load_types, main_type
from newsmon.arabic_script import unify
from newsmon.errors import ConfigError


@pytest.mark.parametrize(("text", "number"), [
    ("12", 12), ("twelve", 12), ("a dozen", 12), ("half a dozen", 6), ("over 140", 140), ("2,000", 2000),
    ("one hundred", 100), ("one hundred and twenty", 120), ("twenty-five", 25), ("at least 60", 60),
    ("more than 1,200", 1200), ("two thousand five hundred", 2500), ("Nineteen", 19), ("no one", 0),
    ("dozens", None), ("several", None), ("", None),
])
def test_parse_number(text, number):
    assert parse_number(text) == number


# sentence -> [(kind, value, attackers)] in order
COUNTS = {
    "Seven people, including a schoolteacher, were killed in the attack.": [("killed", 7, False)],
    "40 personnel belonging to the Frontier Constabulary were killed.": [("killed", 40, False)],
    "Gunmen shot to death 3 shopkeepers.": [("killed", 3, False)],
    "He stabbed 4 people to death in the bazaar.": [("killed", 4, False)],
    "The blast resulted in the death of 2 people and the wounding of 5.": [("killed", 2, False), ("injured", 5, False)],
    "Four gunmen stormed the hotel, killing 1 person and wounding another 9.": [("killed", 1, False), ("injured", 9, False)],
    "32 people and 3 suicide bombers were killed.": [("killed", 32, False), ("killed", 3, True)],
    "One peacekeeper was killed, 15 terrorists were killed.": [("killed", 1, False), ("killed", 15, True)],
    "The death toll from the bombing rose to 23 after three more victims died.": [("killed", 23, False)],
    "10 men were shot to death and two others became injured.": [("killed", 10, False), ("injured", 2, False)],
    "A roadside bomb kills 35 and injures 27": [("killed", 35, False), ("injured", 27, False)],
    "The attack left 5 people dead and 12 injured.": [("killed", 5, False), ("injured", 12, False)],
    "Security forces killed 15 militants in the operation.": [("killed", 15, True)],
    "The 25-year-old attacker killed 3.": [("killed", 3, False)],
    "Nine people, three of them children, died.": [("killed", 9, False)],
    "Two soldiers were killed 12 km from the border in 2021.": [("killed", 2, False)],
    "Officials said 4 suspects who planned the attack were arrested.": [],
    # bodies are the dead, whatever the verb; not those of the attackers
    "He said 12 bodies of civilians and 30 injured people were brought to the hospital.": [("killed", 12, False),
                                                                                          ("injured", 30, False)],
    "Police recovered 5 bodies of militants after the clash.": [],
    # "as many": the same number again; "as many as" is a figure of its own
    "The attack left four policemen dead and as many injured.": [("killed", 4, False), ("injured", 4, False)],
    "Two soldiers were killed and as many as five were injured.": [("killed", 2, False), ("injured", 5, False)],
    # "another" alone is one more person
    "Two soldiers were martyred and another wounded early Friday.": [("killed", 2, False), ("injured", 1, False)],
    "Four policemen were killed and as many as injured in the attack.": [("killed", 4, False), ("injured", 4, False)],
    "Three cops and the other civilian injured were still under treatment.": [("injured", 4, False)],
    # a militant group's members are its men; a family's, or the Taliban's (who govern), are victims
    "Afghan Taliban kill 6 members of Islamic State group": [("killed", 6, True)],
    "At least six Daesh members were killed in a clash.": [("killed", 6, True)],
    "Six members of a family were killed in the blast.": [("killed", 6, False)],
}


@pytest.mark.parametrize("sentence", list(COUNTS))
def test_casualty_counts(sentence):
    assert [(c.kind, c.value, c.attackers) for c in counts(sentence)] == COUNTS[sentence]


def test_a_revised_toll_is_marked_as_an_update():
    [count] = counts("The toll has risen to 54, hospital officials said.")
    assert (count.value, count.update) == (54, True)


def attributed(sentence: str, names: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    found = [Mention(actor, kind, m.start(), m.end()) for name, (actor, kind) in names.items()
             for m in re.finditer(re.escape(name), sentence)]
    return [(a.actor, a.basis) for a in attributions(sentence, found)]


TTP = {"TTP": ("ttp", "group")}


@pytest.mark.parametrize(("sentence", "names", "expected"), [
    ("The TTP claimed responsibility for the attack.", TTP, [("ttp", "claimed")]),
    ("ISKP claims attack on Kabul ministry.", {"ISKP": ("iskp", "group")}, [("iskp", "claimed")]),
    ("The bombing was claimed by Isis in a statement.", {"Isis": ("islamic-state", "group")},
     [("islamic-state", "claimed")]),
    ("No group immediately claimed responsibility, but police blamed the TTP.", TTP, [("ttp", "blamed")]),
    ("The TTP, which has carried out dozens of raids this year, denied involvement.", TTP, [("ttp", "denied")]),
    ("Suspected TTP militants attacked a police post.", TTP, [("ttp", "suspected")]),
    ("TTP militants attacked a police post.", TTP, [("ttp", "reported")]),
    ("Security forces repulse TTP attack in Bannu.", TTP, [("ttp", "reported")]),
    ("Forces repulsed a fire raid attempt by TTP terrorists late Monday.", TTP, [("ttp", "reported")]),
    ("The anti-TTP attack helicopters flew over Bannu.", TTP, []),
    ("Officials said the TTP was behind the blast.", TTP, [("ttp", "blamed")]),
    ("The attacks were blamed on Pakistan by officials.", {"Pakistan": ("PK", "state")}, []),
    ("The spy chiefs discussed the threat from the TTP and al-Qaeda.", TTP, []),
    # where a group is believed to be is no suspicion that it did it
    ("Mohmand is one of the regions where TTP militants are believed to be hiding.", TTP, []),
    ("TTP militants are believed to be behind the blast.", TTP, [("ttp", "suspected")]),
    # a headline's present tense right after the name, not a verb of the sentence's subject after a comma
    ("TTP kill six police officers in gun ambush", TTP, [("ttp", "reported")]),
    ("Roadside bombing targets TTP, kills two civilians", TTP, []),
    # a group that said, after an appositive, that they were carrying out the attacks claims them
    ("TTP, the Pakistan wing of the Taliban, have said they are carrying out the attacks.", TTP, [("ttp", "claimed")]),
    # the claimant rang the press and claimed it
    ("Reporters said TTP spokesman Ahmed had called them late Friday and claimed responsibility.", TTP,
     [("ttp", "claimed")]),
])
def test_attributions(sentence, names, expected):
    assert attributed(sentence, names) == expected


@pytest.mark.parametrize(("sentence", "claimed"), [
    ("The Islamic State claimed responsibility for the attack.", True),
    ("Responsibility was claimed by the Baloch Liberation Army.", True),
    ("No group immediately claimed responsibility for the blast.", False),
    ("The attack has not been claimed so far.", False),
    ("Police said the attackers fled the scene.", False),
])
def test_claims_of_responsibility_are_read_and_negations_are_not(sentence, claimed):
    assert claims_responsibility(sentence) is claimed


def test_a_sentence_is_cut_where_it_turns_to_an_earlier_event():
    sentence = "The minister visited Quetta on Monday, days after a blast there killed 40 people."
    parts = clauses(sentence)
    assert [(sentence[c.start:c.end].strip()[:12], c.background) for c in parts] == [
        ("The minister", False), ("days after a", True)]


@pytest.mark.parametrize("sentence", ["A similar attack last year killed 30.", "In 2008, a truck bomb killed 54.",
                                      "The group has been behind many attacks in the past.",
                                      "It recalls the 2008 terror attack that left at least 174 people dead.",
                                      "It may be recalled that a blast in Quetta killed seven people.",
                                      "The ambush revived grim memories of the attack on a bus that killed 10.",
                                      "The bus attack of December 2023 killed 10 and injured 20.",
                                      "If the blasts had not happened, foreign players would have come.",
                                      "The same group had claimed credit for the killing of 10 trekkers on June 23.",
                                      unify("پاکستان میں 2016 میں دہشت گردی میں 956 افراد نشانہ بنے"),
                                      unify("در سال ۲۰۱۹ یک انفجار ۲۷ نفر را کشت"),
                                      unify("یاد رہے کہ گزشتہ روز کوئٹہ میں دھماکہ ہوا تھا جس میں 7 افراد جاں بحق ہوئے")])
def test_background_markers(sentence):
    assert all(c.background for c in clauses(sentence))


@pytest.mark.parametrize("sentence", ["The 2023-24 budget cut the police's funds.", "Police said 2024 was calm.",
                                      "On 4 April 2020, a knife attack killed 2 people."])
def test_a_year_that_names_no_event_is_no_background(sentence):
    assert not any(c.background for c in clauses(sentence))


def test_weekdays_and_yesterday_resolve_against_the_published_date():
    published = datetime(2025, 11, 13, 9, tzinfo=timezone.utc)  # a Thursday
    assert [d.value.isoformat() for d in dates("It happened on Tuesday.", published)] == ["2025-11-11"]
    assert [d.value.isoformat() for d in dates("Police said yesterday.", published)] == ["2025-11-12"]
    assert dates("It happened on Tuesday.", None) == []


@pytest.mark.parametrize("word", ["arrest", "arrests", "arrested", "arresting"])
def test_triggers_match_simple_inflections(word):
    assert main_type(load_types(), [("title", f"Police {word} two men in Lahore")]) == "arrest"


@pytest.mark.parametrize("title", ["Four killed in bomb at hotel hosting Chinese ambassador",
                                   "Bomb kills six at a wedding hosting the governor"])
def test_a_bomb_that_kills_is_a_bombing_whatever_else_the_title_names(title):
    assert main_type(load_types(), [("title", title)]) == "bombing"


@pytest.mark.parametrize("title", ["Pakistan, Afghanistan troops exchange fire at Torkham",
                                   "Border forces and Taliban exchanged gunfire at the crossing"])
def test_an_exchange_of_fire_is_a_clash_not_an_assault(title):
    assert main_type(load_types(), [("title", title)]) == "clash"


@pytest.mark.parametrize("lead", ["Six members of the Islamic State group met their demise in the raid.",
                                  "Six militants met their end overnight."])
def test_meeting_ones_death_is_no_meeting(lead):
    assert main_type(load_types(), [("title", "Taliban kill six militants in Balkh"), ("lead", lead)]) != "meeting"


@pytest.mark.parametrize("title", ["Iran Executes Three Convicts of Zahedan Bombing",
                                   "Iran hangs two Jaish al-Adl members over 2019 bombing"])
def test_an_execution_over_a_bombing_is_an_execution(title):
    assert main_type(load_types(), [("title", title)]) == "execution"


@pytest.mark.parametrize("title", ["Four killed in a terrorist act at a checkpoint", "An act of terrorism in Fahraj"])
def test_a_terrorist_act_is_an_attack(title):
    assert main_type(load_types(), [("title", title)]) == "attack"


def test_the_title_outweighs_the_summary_and_the_lead():
    weighted = [("title", "Army chief meets Chinese envoy"), ("summary", "Talks covered the attack on engineers."),
                ("lead", "The attack on the convoy was discussed.")]
    assert main_type(load_types(), weighted) == "meeting"


def test_a_custom_types_file_is_used(tmp_path):
    path = tmp_path / "types.yaml"
    path.write_text("flood:\n  family: civil\n  triggers: [flood, flash flood]\n", encoding="utf-8")
    types = load_types(path)
    assert types.order == ("flood",) and main_type(types, [("title", "Flash floods kill 9 in Swat")]) == "flood"


@pytest.mark.parametrize(("content", "message"), [
    ("- just\n- a list\n", "expected a mapping"),
    ("riot:\n  family: civil\n  triggers: []\n", "'riot' needs a non-empty list of trigger strings"),
    ("riot:\n  family: civil\n  casualties: always\n  triggers: [riot]\n", "casualties must be 'lead' or 'headline'"),
    ("riot:\n  family: sports\n  triggers: [riot]\n", "family must be one of"),
    ("riot:\n  family: civil\n  refines: brawl\n  triggers: [riot]\n", "refines unknown type 'brawl'"),
    ("riot: [unclosed\n", "cannot read event types"),
])
def test_a_bad_types_file_is_a_config_error(tmp_path, content, message):
    path = tmp_path / "types.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_types(path)


@pytest.mark.parametrize("sentence, killed", [
    ("Woman shot dead in highway terror", [1]),
    ("A policeman was martyred and three others were injured in Bannu.", [1]),
    ("A suicide bomber was killed.", []),
    ("Gunmen killed 3 soldiers and a policeman was wounded.", [3]),
])
def test_one_victim_named_by_a_singular_noun_is_a_count_of_one(sentence, killed):
    assert [c.value for c in counts(sentence) if c.kind == "killed" and not c.attackers] == killed


def test_a_relative_clause_that_dates_itself_back_leaves_the_clause_it_hangs_on_news():
    sentence = "The group has claimed it killed two Chinese nationals who were abducted in Quetta in May."
    assert [(sentence[c.start:c.end].strip()[:12], c.background) for c in clauses(sentence)] == [
        ("The group ha", False), ("who were abd", True)]
    sentence = "Police arrested two men who were behind last week's blast."
    assert [c.background for c in clauses(sentence)] == [False]


def test_three_or_more_days_after_is_background_in_urdu_but_the_next_day_is_news():
    assert all(c.background for c in clauses(unify("جعفر ایکسپریس 17 روز بعد کوئٹہ سے پشاور روانہ")))
    assert not any(c.background for c in clauses(unify("ایک روز بعد ہلاکتوں کی تعداد 20 ہو گئی")))
