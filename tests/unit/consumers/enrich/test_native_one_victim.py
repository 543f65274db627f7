"""One victim told without a number: in Urdu a named man killed by the attackers, a party's leader killed; in Pashto
a state's soldier killed (consumers/data/languages.yaml `one_killed`, `one_office`, `persons`)."""

from __future__ import annotations

import pytest

from consumers.enrich.events import native
from newsmon.arabic_script import unify


@pytest.mark.parametrize("sentence, expected", [
    # the attackers killed one named man (active verb, the man as its object)
    ("نامعلوم افراد نے جماعت کے مرکزی رہنما نور اسلام کو قتل کر دیا۔", [("killed", 1, False)]),
    ("حملہ آوروں نے پولیس اہلکار کو شہید کردیا۔", [("killed", 1, False)]),
    # a party's leader killed, no number
    ("فائرنگ سے سیاسی جماعت کے رہنما جاں بحق", [("killed", 1, False)]),
    # what the forces do to militants is no victim: nine attackers, the number joined to the noun
    ("فائرنگ کے تبادلے میں نوحملہ آوروں کو ہلاک کر دیا گیا تھا۔", []),
])
def test_one_victim_named_without_a_number(sentence, expected):
    assert [(c.kind, c.value, c.attackers) for c in native.counts(unify(sentence))] == expected


def test_a_pashto_soldier_of_a_state_killed_makes_the_state_a_target(enricher):
    from datetime import datetime, timezone

    from newsmon.messages import RawArticle

    body = "نن په افغانستان کې یو امریکايي پوځي ووژل شو او ۲ نور ژوبل شول. دا پېښه د یوه نفوذي د حملې په نتیجه کې وشوه."
    [result] = enricher.enrich_batch([RawArticle(id="t1", title="په افغانستان کې یو امریکايي پوځي ووژل شو", source="t",
                                                 body=body, published=datetime(2018, 7, 7, tzinfo=timezone.utc))])
    assert {a.id: a.role for a in result.actors}.get("US") == "target"
