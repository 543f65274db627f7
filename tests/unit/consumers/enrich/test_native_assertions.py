"""What an official asserts is no claim of responsibility and no attack: "claimed that these attacks have
increased" (Pashto "ادعا وکړه چې", Urdu "دعویٰ کیا کہ"), and a rise in attacks is a trend, no event."""

from __future__ import annotations

from datetime import datetime, timezone

from consumers.enrich.events import native_claims
from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of


def test_claimed_that_is_an_assertion_and_claimed_alone_a_claim():
    assert native_claims.claims_responsibility(unify("تحریک طالبان پاکستان د دې برید ادعا وکړه."))
    assert not native_claims.claims_responsibility(unify("وزیر ادعا وکړه چې دغه بریدونه زیات شوي دي."))
    assert native_claims.claims_responsibility(unify("کالعدم تنظیم نے حملے کا دعویٰ کیا ہے۔"))
    assert not native_claims.claims_responsibility(unify("وزیر نے دعویٰ کیا کہ حملے بڑھ گئے ہیں۔"))


def test_a_minister_saying_attacks_increased_in_pashto_is_no_attack():
    title = ""
    body = unify("د پاکستان د بهرنیو چارو وزیر په مرکه کې ادعا وکړه چې په افغانستان کې د طالبانو له واکمنیدو سره، "
                 "دغه بریدونه زیات شوي.\n\nد طالبانو چارواکو دغه تورونه رد کړي دي.")
    main = events_of(title, "", body, published=datetime(2023, 6, 12, tzinfo=timezone.utc)).main
    assert main.type is None
