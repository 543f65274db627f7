"""Talks with a militant group: the group is a party, and the story is counter-terrorism."""

from __future__ import annotations

import pytest

from newsmon.messages import RawArticle


def _enrich(enricher, title: str, body: str):
    [result] = enricher.enrich_batch([RawArticle(id="t1", title=title, source="t", body=body)])
    return {a.id: a.role for a in result.actors}, {c.label for c in result.categories}


@pytest.mark.parametrize("title, body", [
    ("Pakistani government and TTP agree on indefinite ceasefire",
     "The Pakistani authorities and the Tehreek-e-Taliban Pakistan have agreed to extend the ceasefire during "
     "talks in Kabul, officials said on Friday."),
    ("اسلام‌آباد و رهبران طالبان پاکستانی گفتگو می‌کنند",
     "مقام‌های پاکستانی و رهبران طالبان پاکستان در کابل گفتگو درباره آتش‌بس را آغاز کردند."),
])
def test_a_group_joined_to_a_state_in_talks_is_a_party(enricher, title, body):
    roles, categories = _enrich(enricher, title, body)
    assert roles.get("ttp") == "participant"
    assert "counter-terrorism" in categories and "terrorism" not in categories


def test_talks_about_a_group_leave_it_mentioned(enricher):
    roles, _ = _enrich(enricher, "Pakistan and Afghanistan hold security talks in Kabul",
                       "Pakistan and Afghanistan held talks in Kabul on Monday on the threat posed by the TTP, "
                       "officials said.")
    assert roles.get("PK") == "participant" and roles.get("ttp") == "mentioned"


def test_a_governing_group_is_no_group_to_counter(enricher):
    roles, categories = _enrich(enricher, "Pakistan and the Afghan Taliban sign a trade deal",
                                "Pakistan and the Afghan Taliban signed a trade agreement in Kabul on Monday.")
    assert "counter-terrorism" not in categories
