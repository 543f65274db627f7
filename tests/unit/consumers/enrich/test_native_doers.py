"""Who did it and what it was, in Persian, Urdu and Pashto: the active "they killed" names its doer and types an
attack; being killed names no doer; a Pashto "and" between nouns does not cut the doer from its verb, and "د X
حمله" (X's attack) names X."""

from __future__ import annotations

import pytest

from consumers.enrich.events import native_claims
from consumers.enrich.events.claims import Mention
from consumers.enrich.events.types import load_types, main_type
from newsmon.arabic_script import unify


def _mention(sentence: str, name: str, actor: str) -> Mention:
    start = sentence.index(unify(name))
    return Mention(actor, "group", start, start + len(unify(name)))


def test_the_doer_of_they_killed_is_reported_and_a_group_whose_man_was_killed_did_nothing():
    text = unify("طالبان پاکستانی دو سرباز مرزی را به قتل رساندند")
    [found] = native_claims.attributions(text, [_mention(text, "طالبان پاکستانی", "ttp")])
    assert found.basis == "reported"
    text = unify("یک فرمانده طالبان پاکستانی به ضرب گلوله کشته شد")
    assert native_claims.attributions(text, [_mention(text, "طالبان پاکستانی", "ttp")]) == []


def test_persian_they_killed_types_an_attack_and_by_gunshot_an_armed_assault():
    assert main_type(load_types(), [("title", unify("طالبان پاکستانی دو نظامی مرزی را به قتل رساندند"))]) == "attack"
    assert main_type(load_types(), [("title", unify("مردان مسلح دو پلیس را به ضرب گلوله کشتند"))]) == "armed-assault"


def test_pashto_accepting_responsibility_is_a_claim_and_done_by_the_group_names_its_doer():
    text = unify("طالبانو د یادې پېښې د مسؤلیت په منلو سره په دغه برید کې ګڼو پولیسو ته د مرګ ژوبلې اړولو ادعا کړې ده.")
    [found] = native_claims.attributions(text, [_mention(text, "طالبانو", "afghan-taliban")])
    assert found.basis == "claimed"
    text = unify("اکبرزاده ویلي دي چې دا بریدونه د طالبانو لخوا شوي دي.")
    [found] = native_claims.attributions(text, [_mention(text, "طالبانو", "afghan-taliban")])
    assert found.basis == "reported"


@pytest.mark.parametrize("sentence, name, basis", [
    # an "او" (and) that joins two nouns does not cut the doer from its verb
    ("طالبانو په غزني کې د ملي امنیت او پولیسو د مرکز تر څیرمه دوه چاودنې کړي", "طالبانو", "reported"),
    # a genitive on an attack names whose attack it was
    ("امنیتي چارواکي وايي د وسله والو طالبانو لویه حمله پر شا تمبول شوې", "طالبانو", "reported"),
    # accepting responsibility in the present is a claim
    ("طالبان د پېښې مسوولیت مني", "طالبان", "claimed"),
])
def test_pashto_doers_and_claims_across_and_genitive_and_present(sentence, name, basis):
    text = unify(sentence)
    [found] = native_claims.attributions(text, [_mention(text, name, "afghan-taliban")])
    assert found.basis == basis


def test_a_pashto_drone_that_killed_is_a_strike():
    types = load_types()
    title = unify("شمالي وزیرستان کې ډرون پنځه کسان وژلي")
    assert main_type(types, [("title", title)]) == "strike"
