"""Killed and injured read from the parse of one English sentence."""

from __future__ import annotations

import pytest

from consumers.enrich.reading.casualties import read_counts
from tests.unit.consumers.enrich.event_helpers import parser


def counts(sentence: str) -> list[tuple[str, int, bool, bool]]:
    [doc] = parser()([sentence])
    return [(c.kind, c.value, c.attackers, c.update) for c in read_counts(doc)[0]]


@pytest.mark.parametrize("sentence, expected", [
    ("Three policemen were killed and two others were also wounded in the attack.",
     [("killed", 3, False, False), ("injured", 2, False, False)]),
    # counts of one kind in one coordination add up; victims and attackers stay apart
    ("Three Afghans and three Spaniards were killed in the attack on tourists.", [("killed", 6, False, False)]),
    ("Four foreign nationals and three Afghans were also injured when gunmen opened fire.",
     [("injured", 7, False, False)]),
    ("Two soldiers, three policemen and five civilians were martyred in the blast.", [("killed", 10, False, False)]),
    # dying said another way
    ("Four soldiers embraced martyrdom after terrorists attacked the patrol.", [("killed", 4, False, False)]),
    ("Two policemen lost their lives in the attack on the checkpost.", [("killed", 2, False, False)]),
    ("The death toll from Pakistani strikes in Barmal and Spera rises to 14.", [("killed", 14, False, True)]),
    ("The number of people killed in Pakistani airstrikes on Barmal district has risen to 14, local officials said.",
     [("killed", 14, False, True)]),
    ("Three more victims died in hospital, taking the toll to 23.", [("killed", 23, False, True)]),
    # "increase" without an object is a toll rising, not "increasing the toll to"
    ("The death toll from the school bus bombing increased to eight on Friday, following the deaths of three "
     "critically wounded children.", [("killed", 8, False, True), ("killed", 3, False, False)]),
    ("At least 26 people were killed and 62 injured in the blast.", [("killed", 26, False, False),
                                                                     ("injured", 62, False, False)]),
    ("The blast killed at least 20 people and another 29 were injured.", [("killed", 20, False, False),
                                                                          ("injured", 29, False, False)]),
    ("32 people and 3 suicide bombers were killed.", [("killed", 32, False, False), ("killed", 3, True, False)]),
    ("Three of the 4 attackers also died.", [("killed", 3, True, False)]),
    ("The blast left 5 dead and 12 injured.", [("killed", 5, False, False), ("injured", 12, False, False)]),
    ("Gunmen shot dead two policemen in Bannu.", [("killed", 2, False, False)]),
    ("The explosions resulted in the loss of 84 lives.", [("killed", 84, False, False)]),
    # Pakistani English: "causing martyrdom of one soldier", "embraced shahadat"
    ("A suicide bomber hit the convoy, causing martyrdom of one soldier.", [("killed", 1, False, False)]),
    ("One civilian embraced shahadat in the firing.", [("killed", 1, False, False)]),
    ("Twelve people were killed, including 4 police officers.", [("killed", 12, False, False)]),
    ("Indonesian police said that 1 of 4 young children injured has died.", [("killed", 1, False, False)]),
    ("The attack killed and wounded 20 people.", []),  # casualties, not deaths
    ("No one was killed in the attack.", []),
    ("Brigade 70 soldiers fought back.", []),
    # a number without its noun counts the noun said before it
    ("Eight terrorists were killed and another four were injured.", [("killed", 8, True, False),
                                                                     ("injured", 4, True, False)]),
    ("Two soldiers were martyred and four were injured.", [("killed", 2, False, False), ("injured", 4, False, False)]),
    # "others" beside a counted plural are more of the same; beside one man they are other people
    ("Twelve militants were killed and 20 others were wounded in the clash, the governor said.",
     [("killed", 12, True, False), ("injured", 20, True, False)]),
    ("Three soldiers were killed and 5 others were wounded in the clash.", [("killed", 3, False, False),
                                                                           ("injured", 5, False, False)]),
    ("The suicide bomber was killed and 20 others were wounded.", [("injured", 20, False, False)]),
    # those who force a border are the attackers of the guards
    ("The commander and three trespassers were killed and four border guards were wounded in the shootout.",
     [("killed", 3, True, False), ("injured", 4, False, False)]),
    # shot or stabbed fatally is killed; shot alone is not said to be either
    ("Unidentified gunmen fatally shot six labourers in Turbat on Saturday.", [("killed", 6, False, False)]),
    ("Gunmen shot six labourers in Turbat.", []),
    # a number with its scale
    ("Nearly two dozen others were wounded in the explosion.", [("injured", 24, False, False)]),
    ("Six terrorists attacked the market, killing 14 and injuring 15.", [("killed", 14, False, False),
                                                                        ("injured", 15, False, False)]),
    # the injured of whom some later died: those still hurt
    ("Five soldiers were injured in the encounter and four of them later succumbed to injuries.",
     [("injured", 1, False, False)]),
    # burnt alive is killed; a participle on the counted noun says what befell it
    ("Militants set the car ablaze and six passengers were burnt alive.", [("killed", 6, False, False)]),
    ("The brutal act left six innocent civilians burned alive inside the car.", [("killed", 6, False, False)]),
])
def test_counts_come_from_who_the_verb_acts_on(sentence, expected):
    assert counts(sentence) == expected


def test_killing_and_hurting_said_of_one_group_rules_both_out():
    [doc] = parser()(["The attack killed and wounded 20 people."])
    assert read_counts(doc)[1] == {("killed", False), ("injured", False)}
