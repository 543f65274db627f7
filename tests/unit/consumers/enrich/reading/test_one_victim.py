"""One victim named, or said with "a", in a parsed English sentence (reading/one_victim.py)."""

from __future__ import annotations

import pytest

from consumers.enrich.reading.casualties import read_counts
from consumers.enrich.reading.one_victim import one_victim, with_persons_listed
from tests.unit.consumers.enrich.event_helpers import parser


def counts(sentence: str) -> list[tuple[str, int, bool]]:
    [doc] = parser()([sentence])
    found = read_counts(doc)[0]
    return [(c.kind, c.value, c.attackers) for c in found + one_victim(doc, found)]


@pytest.mark.parametrize("sentence, expected", [
    ("Khalil Haqqani was killed in a blast in Kabul on Wednesday.", [("killed", 1, False)]),
    ("A policeman was injured when gunmen opened fire on a checkpoint.", [("injured", 1, False)]),
    ("Gunmen shot dead a journalist in Peshawar.", [("killed", 1, False)]),
    ("Three policemen were killed and a child was injured.", [("killed", 3, False), ("injured", 1, False)]),
    # a victim told of before, a pronoun, or "a number of" is no count of one
    ("The commander was killed in the raid.", []),
    ("He was killed on his way home.", []),
    ("A number of people were killed.", []),
    ("No one was killed in the blast.", []),
    # a list of persons each said with "a" counts each; a name beside its noun is the same person
    ("On Wednesday, a colonel, a major and a DSP of the police were killed in a gunfight.", [("killed", 3, False)]),
    ("A security guard, Sepoy Ali Khan, was injured in the attack.", [("injured", 1, False)]),
    ("A resident of the village was killed by the shelling.", [("killed", 1, False)]),
    ("Khalil Haqqani and his guards were killed in a blast.", []),
])
def test_one_victim_without_a_number(sentence, expected):
    assert counts(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("A doctor and five labourers were killed in an attack at the tunnel site.", [("killed", 6, False)]),
    ("Eleven soldiers and a civilian were killed in the blast.", [("killed", 12, False)]),
    # an apposition restates the figure; a list with a second figure is read as the parse reads it
    ("Gunmen opened fire on a van, killing 1 person, a security guard, police said.", [("killed", 1, False)]),
    ("Three soldiers, including a major, were killed.", [("killed", 3, False)]),
])
def test_a_person_said_with_a_beside_a_figure_adds_one(sentence, expected):
    [doc] = parser()([sentence])
    assert [(c.kind, c.value, c.attackers) for c in with_persons_listed(doc, read_counts(doc)[0])] == expected



@pytest.mark.parametrize("sentence", [
    "Karachi, Apr 19 (PTI) Five terrorists of a banned outfit have been killed by security forces on Saturday.",
    "QUETTA, Pakistan (AP) — Five militants were killed by security forces on Saturday.",
])
def test_a_dateline_is_not_the_one_killed(sentence):
    # the parser would take the city that opens the sentence for its subject: "Karachi ... have been killed"
    assert [c for c in counts(sentence) if not c[2]] == []
