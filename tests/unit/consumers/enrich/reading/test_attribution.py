"""Who did it, read from the parse: the subject or agent of the verbs of claiming, denying, blaming, attacking."""

from __future__ import annotations

import pytest

from consumers.enrich.events.claims import Mention
from consumers.enrich.reading.attribution import read_attribution
from tests.unit.consumers.enrich.event_helpers import parser


def read(sentence: str, names: dict[str, str]):
    [doc] = parser()([sentence])
    mentions = [Mention(actor, "state" if actor.isupper() else "group", sentence.index(name),
                        sentence.index(name) + len(name)) for name, actor in names.items()]
    reading = read_attribution(doc, mentions)
    return {(a.actor, a.basis) for a in reading.attributions}, reading.claim, reading.no_claim


@pytest.mark.parametrize("sentence, names, expected", [
    ("The Islamic State's Khorasan Province (IS-KP) claimed responsibility for an attack on a Gurdwara.",
     {"The Islamic State's Khorasan Province (IS-KP)": "iskp"}, ({("iskp", "claimed")}, True, False)),
    ("Meanwhile, the outlawed Tehreek-e-Taliban Pakistan (TTP) claimed responsibility for the attack.",
     {"Tehreek-e-Taliban Pakistan (TTP)": "ttp"}, ({("ttp", "claimed")}, True, False)),
    ("The attack was claimed by the Tehreek-e-Taliban Pakistan.", {"Tehreek-e-Taliban Pakistan": "ttp"},
     ({("ttp", "claimed")}, True, False)),
    ("There was no immediate claim of responsibility.", {}, (set(), False, True)),
    ("No group has claimed responsibility for the attack, but the TTP has carried out similar attacks.",
     {"TTP": "ttp"}, (set(), False, True)),
    ("The TTP has yet to claim the attack.", {"TTP": "ttp"}, (set(), False, True)),
    ("Police blamed the BLA for the bombing.", {"BLA": "bla"}, ({("bla", "blamed")}, False, False)),
    ("Officials said the BLA was behind the attack.", {"BLA": "bla"}, ({("bla", "blamed")}, False, False)),
    ("The TTP denied involvement in the attack.", {"TTP": "ttp"}, ({("ttp", "denied")}, False, False)),
    ("Suspected TTP militants stormed a police post in Bannu.", {"TTP": "ttp"}, ({("ttp", "suspected")}, False, False)),
    ("Jama'at Nasr al-Islam wal Muslimin, al-Qaeda's affiliate in the Sahel, claimed the attack on Friday.",
     {"Jama'at Nasr al-Islam wal Muslimin": "jnim", "al-Qaeda": "al-qaeda"}, ({("jnim", "claimed")}, True, False)),
    # the group the doers belong to did it; setting a vehicle ablaze is an attack
    ("Terrorists affiliated with Fitna al-Khawarij set ablaze a vehicle carrying residents in Mir Ali.",
     {"Fitna al-Khawarij": "ttp"}, ({("ttp", "reported")}, False, False)),
    ("Militants belonging to the BLA stormed a check post in Kech.", {"BLA": "bla"}, ({("bla", "reported")}, False, False)),
    ("The TTP set conditions for the talks.", {"TTP": "ttp"}, (set(), False, False)),
])
def test_attributions_follow_the_grammar(sentence, names, expected):
    assert read(sentence, names) == expected
