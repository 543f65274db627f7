"""Topic classification and the analyze output over the seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from consumers.enrich.classify import load_taxonomy
from newsmon.arabic_script import unify
from newsmon.errors import ConfigError
from newsmon.messages import RawArticle
from tests.conftest import SEEDS


def labels(enricher, text):
    return {c.label: c for c in enricher.classifier.classify(enricher.nlp(unify(text)))}


def test_each_category_carries_a_score_and_its_evidence(enricher):
    result = labels(enricher, "A suicide bomber killed nine. Militants claimed responsibility for the suicide attack.")
    terror = result["terrorism"]
    assert 0.5 <= terror.score <= 1
    assert terror.evidence[0].startswith("terms: ") and "suicide" in terror.evidence[0]
    assert any("suicide" in sentence for sentence in terror.evidence[1:])


def test_text_with_no_label_is_other(enricher):
    assert set(labels(enricher, "The recipe needs flour, butter and two eggs.")) == {"other"}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Pakistan is nearing an arms deal to supply weapons and drones to Sudan.", "arms-trade"),
        ("The Torkham border crossing was closed after cross-border firing.", "border"),
        ("The foreign minister led a delegation for bilateral talks and dialogue.", "diplomacy"),
        ("The ISI chief met the spymasters and intelligence heads of the region.", "intelligence"),
        ("The Counter-Terrorism Department busted a terrorist cell and arrested suspects.", "counter-terrorism"),
        ("Troops and soldiers held a military exercise with artillery.", "military"),
        ("The IMF program and inflation weigh on the economy.", "economy"),
        # Pashto forces and air strikes, Persian bombardment by the military
        ("د پاکستان پوځ هوايي بریدونه وکړل او ځواکونو یې سیمه ونیوله.", "military"),
        ("نظامیان و سربازان پاکستانی مناطق مرزی را بمباران کردند.", "military"),
        # Persian and Dari words of terrorism itself
        ("تروریسم و دهشت افگنی تحریک طالبان پاکستان و هراس افگنی آن در منطقه ادامه دارد.", "terrorism"),
    ],
)
def test_default_labels(enricher, text, label):
    assert label in labels(enricher, text)


def test_a_longer_term_is_counted_once_not_also_as_the_shorter_term_inside_it(enricher):
    text = ("The victims included 37 security forces personnel. Security forces were attacked in Bannu. "
            "The security forces lost 12 men in July.")
    military = labels(enricher, text).get("military")
    assert military is None  # "security forces" three times (0.8 each) stays under the threshold without "forces"


def test_words_of_trade_alone_are_no_arms_trade(enricher):
    assert "arms-trade" not in labels(enricher, "The Taliban sign an oil extraction deal and contract with a company.")
    assert "arms-trade" in labels(enricher, "Turkey wins the contract for four corvettes in a deal with the navy.")


def test_a_weak_term_must_be_one_of_the_labels_terms(tmp_path):
    bad = tmp_path / "taxonomy.yaml"
    bad.write_text("labels:\n  arms-trade:\n    terms: {deal: 1.0}\n    weak: [contract]\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_taxonomy(bad)


def test_a_broken_taxonomy_is_a_config_error(tmp_path):
    bad = tmp_path / "taxonomy.yaml"
    bad.write_text("labels: [not, a, mapping]\n")
    with pytest.raises(ConfigError, match=str(bad)):
        load_taxonomy(bad)


@pytest.fixture(scope="module")
def seed_rows() -> dict[str, dict]:
    """`newsmon analyze --json seeds/`, run once for the module: title -> row."""
    result = subprocess.run(
        [sys.executable, "-m", "newsmon.cli", "analyze", "--json", str(SEEDS)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 7
    return {r["title"]: r for r in rows}


def roles(row: dict) -> dict[str, str]:
    return {a["id"]: a["role"] for a in row["actors"]}


def test_analyze_json_prints_the_main_event_and_related_events_with_evidence(seed_rows):
    rows = seed_rows
    arrests = rows["Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing"]
    assert {"source", "title", "language", "actors", "categories", "event", "related_events", "places"} <= set(arrests)
    assert arrests["schema_version"] == 2 and arrests["source"] == str(SEEDS / "000_7e72195cef55d1fd.txt")
    assert (arrests["event"]["type"], arrests["event"]["killed"]) == ("arrest", None)
    assert roles(arrests)["ttp"] == "subject" and roles(arrests)["PK"] == "participant"
    [bombing] = [e for e in arrests["related_events"] if e["type"] == "suicide-bombing"]
    assert (bombing["killed"], bombing["injured"], bombing["relation"]) == (12, 36, "referenced")
    evidence = bombing["evidence"]["killed"]
    assert "Twelve people were killed" in evidence["sentence"]
    assert evidence["end"] - evidence["start"] == len(evidence["sentence"]) and evidence["start"] > len(arrests["title"])
    assert {"name": "Islamabad", "admin1": "Islamabad Capital Territory", "country": "PK", "kind": "city"} in arrests["places"]
    assert all({"id", "name", "kind", "mentions", "role", "salience"} <= set(a) for a in arrests["actors"])


def test_background_tolls_are_never_the_main_event_toll(seed_rows):
    rows = seed_rows
    moscow = rows["Facing TTP and Daesh Threats, Pakistan-Russia Deepen Counterterrorism Cooperation"]
    us = rows["US says will work to ensure it can ‘better assist’ Pakistan’s counter-terrorism efforts"]
    for row in (moscow, us):
        assert row["event"]["killed"] is None and row["event"]["injured"] is None
    assert any(e["killed"] == 140 for e in moscow["related_events"])
    assert any(e["killed"] == 60 and e["relation"] == "background" for e in us["related_events"])


def test_deals_and_meetings_have_participants_and_groups_in_a_list_are_only_mentioned(seed_rows):
    rows = seed_rows
    sudan = rows["Pakistan nears $1.5 billion deal to supply weapons, jets to Sudan"]
    assert sudan["event"]["type"] == "deal" and {"PK", "SD"} <= {a for a, r in roles(sudan).items() if r == "participant"}
    spies = roles(rows["Pakistan hosts meeting of regional states’ spymasters"])
    assert {"PK", "AF", "CN", "IR", "RU"} <= {a for a, r in spies.items() if r == "participant"}
    assert {spies[g] for g in ("ttp", "bla", "etim", "al-qaeda", "islamic-state")} == {"mentioned"}


def test_analyze_names_a_bad_file_and_goes_on(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "newsmon.cli", "analyze", str(tmp_path / "empty.txt"), str(SEEDS / "002_d5593e9474e12d15.txt")],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 1
    assert f"skipped {tmp_path / 'empty.txt'}: file is empty" in result.stderr
    assert "Pakistan Def, Spy Chiefs Talk Security, Taliban [en]" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_article_longer_than_the_limit_is_cut_before_the_model_reads_it(enricher):
    import dataclasses

    from newsmon.messages import RawArticle

    body = "\n\n".join(["Two police officers were killed in an attack on a checkpoint in Bannu, police said."] * 400)
    long = RawArticle(id="long", title="Attack in Bannu", body=body, source="test")
    [enriched] = dataclasses.replace(enricher, max_chars=5_000).enrich_batch([long])
    assert enriched.article.truncated and len(enriched.article.body) <= 5_000
    assert enriched.event.killed == 2


def test_a_militant_attack_on_soldiers_is_terrorism_not_military(enricher):
    article = RawArticle(id="t1", title="BLA attack on FC convoy kills five soldiers in Noshki", source="t1.txt",
                         body="Five Frontier Corps soldiers were killed when militants attacked an army convoy in "
                              "Noshki, the ISPR said. The troops and security forces responded.")
    [enriched] = enricher.enrich_batch([article])
    found = {c.label for c in enriched.categories}
    assert "terrorism" in found and "military" not in found


def test_a_states_forces_firing_across_the_border_in_urdu_is_a_strike_between_two_states(enricher):
    # "Chaman: the toll of the Afghan forces' attack rises to 8": the text names Pakistan only by the place
    article = RawArticle(id="t3", title="چمن: افغان فورسز کے حملے میں جاں بحق افراد کی تعداد 8 ہو گئی", source="t3.txt",
                         body="بلوچستان کے شہر چمن میں افغان فورسز کی فائرنگ سے 8 شہری جاں بحق ہو گئے۔")
    [enriched] = enricher.enrich_batch([article])
    found = {c.label for c in enriched.categories}
    assert enriched.event.type == "strike" and "military" in found and "terrorism" not in found


def test_a_model_without_a_parser_reads_by_the_word_rules(enricher):
    from dataclasses import replace

    article = RawArticle(id="t2", title="BLA attack on FC convoy kills five soldiers in Noshki", source="t2.txt",
                         body="Five soldiers were killed when militants attacked a convoy in Noshki on Monday, police said.")
    [result] = replace(enricher, parse=lambda texts: []).enrich_each([article])
    assert result.event.killed == 5


@pytest.mark.parametrize("kind, after_attack, words, expected", [
    # "CTD arrests 20 terrorists": the words of terrorism around an arrest with no group make it counter-terrorism
    ("arrest", False, ["terrorism"], ["counter-terrorism"]),
    # arrested over an attack the article refers to: counter-terrorism, the attack's words do not make it terrorism
    ("arrest", True, ["terrorism"], ["counter-terrorism"]),
    # an operation over an attack is an operation: counter-terrorism, and not military
    ("operation", True, ["terrorism", "military"], ["counter-terrorism"]),
    # an arrest with no words of terrorism around it gets no label it did not have
    ("arrest", False, ["politics"], ["politics"]),
    # states' talks on terrorism: what they agree to fight is counter-terrorism; a statement keeps its words' labels
    ("talks", False, ["terrorism"], ["counter-terrorism"]),
    ("statement", False, ["terrorism"], ["terrorism"]),
    # one state's forces in a gunfight with a terrorist group the report does not name
    ("clash", False, ["terrorism", "border"], ["counter-terrorism", "border"]),
    # an operation is counter-terrorism whatever its words ("police kill six suspected militants"), not military
    ("operation", False, ["military"], ["counter-terrorism"]),
])
def test_an_arrest_or_operation_with_no_group_named_is_counter_terrorism(kind, after_attack, words, expected):
    from consumers.enrich.classify import LabelScore, event_kind, with_event_labels

    families = {"arrest": "legal", "talks": "diplomacy", "statement": "diplomacy", "clash": "armed", "operation": "armed"}
    found = [LabelScore(w, 0.8, ()) for w in words]
    taxonomy = load_taxonomy()
    which = event_kind(families[kind], {"PK": "participant"}, {"PK": "state"}, kind, after_attack)
    assert [s.label for s in with_event_labels(found, taxonomy, which, None)] == expected


@pytest.mark.parametrize("kind, answered, words, expected", [
    # an attack alone: the words of the police and the investigation do not make it counter-terrorism
    ("bombing", False, ["terrorism", "counter-terrorism"], ["terrorism"]),
    # an attack the article also answers with arrests or an operation keeps counter-terrorism
    ("bombing", True, ["terrorism", "counter-terrorism"], ["terrorism", "counter-terrorism"]),
    # a plot foiled is counter-terrorism whatever the words
    ("plot", False, ["terrorism"], ["terrorism", "counter-terrorism"]),
])
def test_counter_terrorism_beside_an_attack_only_when_the_article_tells_of_the_answer(kind, answered, words,
                                                                                      expected):
    from consumers.enrich.classify import LabelScore, event_kind, with_event_labels

    found = [LabelScore(w, 0.8, ()) for w in words]
    which = event_kind("attack", {}, {}, kind, answered=answered)
    assert [s.label for s in with_event_labels(found, load_taxonomy(), which, None)] == expected


def test_an_operation_against_a_named_group_is_counter_terrorism_and_not_military():
    from consumers.enrich.classify import LabelScore, event_kind, with_event_labels

    roles, kinds = {"PK": "participant", "ttp": "subject"}, {"PK": "state", "ttp": "group"}
    found = [LabelScore(w, 0.8, ()) for w in ("terrorism", "military")]
    which = event_kind("armed", roles, kinds, "operation")
    assert [s.label for s in with_event_labels(found, load_taxonomy(), which, None)] == ["counter-terrorism"]
    # a clash of the forces with a named group is not an operation: its words decide military
    clash = event_kind("armed", roles, kinds, "clash")
    assert "military" in [s.label for s in with_event_labels(found, load_taxonomy(), clash, None)]


def test_a_clash_of_a_state_with_a_governing_group_is_between_states():
    from consumers.enrich.classify import event_kind

    roles = {"PK": "participant", "AF": "participant", "afghan-taliban": "participant"}
    kinds = {"PK": "state", "AF": "state", "afghan-taliban": "group"}
    assert event_kind("armed", roles, kinds, "clash", governing=frozenset({"afghan-taliban"})) == "between_states"
    assert event_kind("armed", roles, kinds, "clash") is None
    # the Taliban's border guards against Iran's: the governing group stands for its state, named or not
    roles, kinds = {"IR": "participant", "afghan-taliban": "participant"}, {"IR": "state", "afghan-taliban": "group"}
    assert event_kind("armed", roles, kinds, "clash", governing=frozenset({"afghan-taliban"})) == "between_states"
    assert event_kind("armed", roles, kinds, "clash") is None


def test_an_attack_a_states_forces_did_is_military_but_not_one_a_state_is_blamed_for():
    from consumers.enrich.classify import LabelScore, event_kind, with_event_labels
    from consumers.enrich.classify import load_taxonomy

    roles, kinds = {"IR": "perpetrator", "AF": "target"}, {"IR": "state", "AF": "state"}
    assert event_kind("attack", roles, kinds, "armed-assault", basis="reported") == "by_state"
    assert event_kind("attack", roles, kinds, "armed-assault", basis="blamed") == "attack"
    labels = with_event_labels([LabelScore("terrorism", 0.8, ()), LabelScore("border", 0.7, ())], load_taxonomy(),
                               "by_state", None)
    assert {s.label for s in labels} == {"military", "border"}


def test_an_attack_is_a_border_story_only_when_its_headline_says_border():
    from consumers.enrich.classify import LabelScore, with_event_labels

    found = [LabelScore("terrorism", 0.8, ()), LabelScore("border", 0.7, ())]
    body_only = with_event_labels(found, load_taxonomy(), "attack", None, "Landmine kills three Levies men in Kohlu")
    assert {s.label for s in body_only} == {"terrorism"}
    headline = with_event_labels(found, load_taxonomy(), "attack", None, "14 Iran guards killed on Pakistan border")
    assert {s.label for s in headline} == {"terrorism", "border"}
    urdu = with_event_labels(found, load_taxonomy(), "attack", None, unify("سرحد پر حملہ"))
    assert {s.label for s in urdu} == {"terrorism", "border"}


def test_an_intelligence_based_operation_is_no_intelligence_story(enricher):
    assert "intelligence" not in labels(enricher, "Security forces conducted an intelligence-based operation in Tank. "
                                                  "The intelligence-based operation killed four militants, acting on "
                                                  "intelligence.")
    assert "intelligence" in labels(enricher, "The intelligence chiefs of Russia and China met in Moscow to discuss "
                                              "espionage.")


def test_a_closed_crossing_is_a_border_story_whatever_words_the_report_uses():
    from consumers.enrich.classify import LabelScore, event_kind, with_event_labels

    which = event_kind("diplomacy", {"PK": "participant", "AF": "participant"}, {"PK": "state", "AF": "state"},
                       kind="border-closure")
    labels = with_event_labels([LabelScore("economy", 0.6, ())], load_taxonomy(), which, None)
    assert {s.label for s in labels} == {"economy", "border"}


def test_the_pashto_spelling_of_torkham_is_a_border_word(enricher):
    assert "border" in labels(enricher, unify("تورخم لاره بنده شوه. د تورخم پوله د سوداګرو پر مخ وتړل شوه. تورخم"))
