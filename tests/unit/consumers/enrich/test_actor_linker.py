"""Actor linking: every alias form, and the traps where a word is not the actor."""

from __future__ import annotations

import pytest


def linked(enricher, text: str) -> set[str]:
    return {a.id for a in enricher.linker.link(enricher.nlp(text))}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Four Tehreek-e-Taliban Pakistan members were arrested.", "ttp"),
        ("Tehrik-i-Taliban Pakistan claimed the attack.", "ttp"),
        ("The Tehrik-i-Taliban said its fighters were behind it.", "ttp"),
        ("The Pakistani Taliban called off the truce.", "ttp"),
        ("Security forces killed six members of Fitna al-Khawarij.", "ttp"),
        ("The TTP denied involvement.", "ttp"),
        ("ISKP claimed the bombing.", "iskp"),
        ("IS-K fighters attacked the shrine.", "iskp"),
        ("ISIS-K has expanded its reach.", "iskp"),
        ("The Islamic State Khorasan Province released a statement.", "iskp"),
        ("The BLA claimed responsibility.", "bla"),
        ("The Baloch Liberation Army attacked a train.", "bla"),
        ("The Balochistan Liberation Army said its fighters were involved.", "bla"),
        ("The Majeed Brigade carried out the suicide attack.", "bla"),
        ("The Turkistan Islamic Party operates in Syria.", "etim"),
        ("ETIM militants were named by Beijing.", "etim"),
        ("Al-Qaeda leaders met in secret.", "al-qaeda"),
        ("al-Qaida's leader was killed.", "al-qaeda"),
        ("Al Qaeda remains a threat.", "al-qaeda"),
        ("The Taliban seized power in 2021.", "afghan-taliban"),
        ("Lashkar-e-Taiba was blamed for the raid.", "let"),
        ("Jaish-e-Mohammed claimed the Pulwama attack.", "jem"),
        ("Jundullah attacked a bus.", "jundullah"),
        ("Daesh claimed the Moscow attack.", "islamic-state"),
        ("The Islamic State lost its last territory.", "islamic-state"),
        ("Pakistani officials denied the report.", "PK"),
        ("An Afghan national carried out the blast.", "AF"),
        ("Kabul denied the allegation.", "AF"),
        ("Islamabad frequently accuses its neighbour.", "PK"),
        ("Russia and China held talks.", "RU"),
        ("Iran closed the border crossing.", "IR"),
        ("The United States condemned the attack.", "US"),
        ("India rejected the claim.", "IN"),
    ],
)
def test_each_alias_links_its_actor(enricher, text, actor):
    assert actor in linked(enricher, text)


@pytest.mark.parametrize(
    ("text", "not_actor"),
    [
        ("Four Tehreek-e-Taliban Pakistan members were arrested.", "PK"),  # a group's name holding a country
        ("The Taliban seized power in 2021.", "ttp"),  # "Taliban" alone is never the TTP
        ("The Pakistani Taliban called off the truce.", "afghan-taliban"),
        ("She roasted a turkey for Thanksgiving dinner.", "TR"),  # food
        ("Turkey sandwiches were served at the picnic.", "TR"),  # food, capitalised
        ("He bought new Air Jordan sneakers.", "JO"),  # a product
        ("Jordan Peterson spoke at the event.", "JO"),  # a person's name
        ("Chad Smith played the drums.", "TD"),  # a person's name
        ("They moved to Atlanta, Georgia last year.", "GE"),  # a place elsewhere
        ("Isis, the Egyptian goddess, was worshipped at the temple.", "islamic-state"),  # mythology
        ("Isis, the Egyptian goddess, was worshipped at the temple.", "EG"),
        ("WHAT IS NEXT FOR THE ECONOMY", "islamic-state"),  # an ordinary word in an all-caps headline
        ("LET US TALK ABOUT PRICES", "US"),
        ("Fine china plates were on the table.", "CN"),  # lower-case common noun
        ("A blast hit a court in Islamabad.", "PK"),  # a capital used as a place, not as the state
    ],
)
def test_traps_are_not_linked(enricher, text, not_actor):
    assert not_actor not in linked(enricher, text)


def test_mentions_are_counted_and_evidence_is_the_sentence(enricher):
    doc = enricher.nlp("The TTP attacked a post. Later the TTP claimed it. Kabul said nothing.")
    ttp = next(a for a in enricher.linker.link(doc) if a.id == "ttp")
    assert ttp.mentions == 2
    assert ttp.evidence == ("The TTP attacked a post.", "Later the TTP claimed it.")


def test_parents_are_known_for_branches(enricher):
    assert enricher.linker.catalog.ancestors("iskp") == ["islamic-state"]
    assert enricher.linker.catalog.ancestors("aqis") == ["al-qaeda"]


def test_non_english_text_still_links_names_and_acronyms(enricher):
    from newsmon.messages import RawArticle

    article = RawArticle(id="fr", title="Le TTP revendique l'attentat au Pakistan",
                         body="Le Tehreek-e-Taliban Pakistan a revendiqué l'attaque près de Peshawar, selon la police.",
                         source="t")
    (result,) = enricher.enrich_batch([article])
    assert result.language == "fr"
    assert {"ttp", "PK"} <= {a.id for a in result.actors}
