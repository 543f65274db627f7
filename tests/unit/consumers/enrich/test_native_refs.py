"""An attack that Urdu, Persian or Pashto name as what a suspect, a case or a plan is about is referred to: the
article's news is the arrest or the trial (events/native_refs.py)."""

from __future__ import annotations

import pytest

from consumers.enrich.events import native_refs
from consumers.enrich.events.types import load_types
from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of


def _attack_referred(sentence: str) -> bool:
    text = unify(sentence)
    [(_, start, end)] = [s for s in load_types().spans(text, in_title=True) if load_types().family[s[0]] == "attack"][:1]
    return native_refs.referred(text, start, end)


@pytest.mark.parametrize("sentence", [
    "واہگہ بارڈر خود کش حملے میں ملوث دہشت گرد گرفتار",  # involved in the attack
    "پولیس لائنز حملے کے سہولت کار گرفتار",  # the attack's facilitators
    "کراچی دھماکے کا مرکزی ملزم گرفتار",  # the attack's main accused, one word between
    "عاملان حمله انتحاری کابل بازداشت شدند",  # Persian: the attack's perpetrators
    "دو نفر به اتهام حمله به پاسگاه بازداشت شدند",  # accused of the attack
    "سه نفر که در حمله انتحاری کابل دست داشتند بازداشت شدند",  # who had a hand in it
    "د هوايي ډګر د برید طراح ووژل شو",  # Pashto: the attack's planner
    "هیچ‌گونه حمله تروریستی به مراجع قضایی صورت نگرفته است",  # no attack took place
    "په کندهار کې د وروستۍ ترورېستي حملې په اړه د څېړنو یو پلاوی ورسېد",  # a probe about the attack (Pashto)
    "هیئتی درباره حمله انتحاری کندهار تحقیق می‌کند",  # about the attack (Persian)
])
def test_an_attack_named_as_what_a_suspect_or_case_is_about_is_referred_to(sentence):
    assert _attack_referred(sentence)


@pytest.mark.parametrize("sentence", [
    "لکی مروت میں پولیس چوکی پر حملہ، تین اہلکار شہید",
    "حملے میں تین اہلکار شہید ہو گئے",  # "in the attack" alone is where the harm happened
    "عامل انتحاری خود را در میان جمعیت منفجر کرد",  # a suicide bomber does the attack
    "په کابل کې ځانمرګی برید وشو",
])
def test_an_attack_told_as_it_happened_is_not(sentence):
    assert not _attack_referred(sentence)


def test_an_urdu_title_of_an_arrest_for_an_attack_is_an_arrest():
    title = "واہگہ بارڈر خود کش حملے میں ملوث بابا نامی دہشت گرد گرفتار"
    body = "تحقیقات کرنے والی ٹیم نے بابا نامی دہشت گرد کو گرفتار کر لیا ہے۔"
    assert events_of(unify(title), "", unify(body)).main.type == "arrest"


def test_an_urdu_sentence_of_years_in_prison_is_a_conviction():
    title = "دہشتگردوں کی مالی معاونت پر دو رہنماؤں کو 11سال قید، 30ہزار جرمانہ"
    assert events_of(unify(title), "", unify("عدالت نے فیصلہ جاری کردیا۔")).main.type == "conviction"
