"""Where the document decides: a bare "Taliban", a title-case "Isis", an acronym spelled out as something else."""

from __future__ import annotations

import pytest


def linked(enricher, text: str) -> dict[str, int]:
    return {a.id: a.mentions for a in enricher.linker.link(enricher.nlp(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # No TTP named: a bare "Taliban" is the Afghan Taliban, whatever country the text is about.
        ("The Taliban closed girls' schools again.", {"afghan-taliban": 1}),
        ("Pakistan urged the Taliban to act against militants.", {"afghan-taliban": 1, "PK": 1}),
        # The TTP named and Afghanistan never mentioned: the writer's short form of the TTP.
        ("The Tehrik-i-Taliban Pakistan claimed the attack in Bannu. A Taliban spokesman promised more.", {"ttp": 2}),
        ("TTP gunmen attacked a police post. The Taliban later released a video of the raid.", {"ttp": 2}),
        # The TTP and Afghanistan both in the text: the bare word's own sentence decides ...
        ("Pakistan says TTP fighters shelter across the border. The Taliban in Afghanistan deny it.",
         {"ttp": 1, "afghan-taliban": 1, "PK": 1, "AF": 1}),
        ("The TTP is not the same group as the Taliban, officials in Afghanistan stress.",
         {"ttp": 1, "afghan-taliban": 1, "AF": 1}),
        # ... or the document, when it is more about Afghanistan than about the TTP ...
        (("Pakistan and Afghanistan resumed talks. Pakistan's envoy met the Taliban team. Afghanistan wants "
          "trade reopened and Kabul says the TTP is Pakistan's problem."),
         {"PK": 3, "AF": 3, "afghan-taliban": 1, "ttp": 1}),
        # ... and where neither can tell, nothing is linked.
        ("The TTP has bases in Afghanistan, officials say. The Taliban claimed the bombing.",
         {"ttp": 1, "AF": 1}),
        # The Afghan Taliban named explicitly: a bare "Taliban" is them.
        ("The Afghan Taliban denied sheltering the TTP. The Taliban said the charge was old.",
         {"afghan-taliban": 2, "ttp": 1}),
    ],
)
def test_bare_taliban(enricher, text, expected):
    assert linked(enricher, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Isis fighters attacked a checkpoint near the river crossing.",
        "Isil claimed the bombing in a statement on its news agency.",
        "The two brothers had pledged allegiance to Isis. Police said they were planning a bombing.",
        "Isis has lost its caliphate but not its reach.",
        "Daesh claimed the attack on the church.",
        "Fighters of the Islamic State of Iraq and Syria (ISIS) seized the town.",
    ],
)
def test_isis_in_a_militant_context(enricher, text):
    assert "islamic-state" in linked(enricher, text)


@pytest.mark.parametrize(
    "text",
    [
        "A statue of Isis nursing Horus was restored by the museum.",
        "The cult of Isis spread to Rome.",
        "Isis Moore, a nurse, treated the victims of the bombing.",
        "Isis Moore scored twice. Later Isis thanked the group of fans who attack every away game with song.",
        "She named her daughter Isis after her grandmother.",
        ("The Institute for Science and International Security (ISIS) said the images show new halls. "
         "ISIS analysts counted two buildings."),
    ],
)
def test_isis_traps(enricher, text):
    assert "islamic-state" not in linked(enricher, text)


def test_isis_in_a_title_case_headline(enricher):
    text = "Isis Fighters Seize Border Town\n\nIsis fighters took the town after a week of attacks."
    assert linked(enricher, text).get("islamic-state") == 2


def test_spans_are_character_offsets_of_each_mention(enricher):
    text = "Tehrik i Taliban Pakistan claimed it. The Taliban said more would follow."
    (ttp,) = enricher.linker.link(enricher.nlp(text))
    assert [text[s:e] for s, e in ttp.spans] == ["Tehrik i Taliban Pakistan", "Taliban"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A match report: the states' names are their teams.
        ("India beat Bangladesh by 40 runs: their spinners took six wickets in the second innings.", {}),
        ("Georgia's quarterback threw for 300 yards and a late fumble sealed it for Texas.", {}),
        # An attack on a team is not a match report.
        ("Gunmen fired on the bus carrying the Sri Lankan cricket team in Lahore, Pakistan's police said.",
         {"LK": 1, "PK": 1}),
        # A dateline in the United States.
        ("ATHENS, Ga.: The city council met on Monday to approve the budget.", {}),
        # The goddess's words veto "Egyptian" (ancient Egypt), not Egypt the state.
        ("Egypt's antiquities ministry reopened the temple of the goddess Hathor on Sunday.", {"EG": 1}),
        ("A hymn to the Egyptian goddess was found on the temple wall.", {}),
    ],
)
def test_states_the_document_explains(enricher, text, expected):
    assert linked(enricher, text) == expected
