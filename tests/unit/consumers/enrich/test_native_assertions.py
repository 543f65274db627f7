"""What an official asserts is no attack: a minister's word in Pashto that attacks increased ("دغه بریدونه زیات
شوي") is a trend, no event. (Pashto and Urdu "claimed that" stays a claim: a group's spokesman "claimed that its
fighters did it", "دعویٰ کیا کہ یہ کارروائی تنظیم کے جنگجوؤں نے کی".)"""

from __future__ import annotations

from datetime import datetime, timezone

from consumers.enrich.events import native_claims
from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of


def test_a_minister_saying_attacks_increased_in_pashto_is_no_attack():
    body = unify("د پاکستان د بهرنیو چارو وزیر په مرکه کې ادعا وکړه چې په افغانستان کې د طالبانو له واکمنیدو سره، "
                 "دغه بریدونه زیات شوي.\n\nد طالبانو چارواکو دغه تورونه رد کړي دي.")
    main = events_of("", "", body, published=datetime(2023, 6, 12, tzinfo=timezone.utc)).main
    assert main.type is None


def test_a_spokesman_who_claimed_that_the_groups_fighters_did_it_claims_it():
    assert native_claims.claims_responsibility(
        unify("تنظیم کے ترجمان نے بیان میں دعویٰ کیا کہ یہ کارروائی تنظیم کے جنگجوؤں نے کی۔"))
