"""Names as people write them: hyphens, apostrophes, diacritics, spacing, possessives; the regional catalog."""

from __future__ import annotations

from collections import defaultdict

import pytest

from consumers.enrich.names import FormSplitter, fold, normal_words, spellings


def linked(enricher, text: str) -> dict[str, int]:
    return {a.id: a.mentions for a in enricher.linker.link(enricher.nlp(text))}


@pytest.mark.parametrize(
    ("text", "actor", "not_actor"),
    [
        ("Tehrik i Taliban Pakistan claimed the ambush on the convoy.", "ttp", "afghan-taliban"),
        ("A Tehreek i Taliban commander was arrested near Mingora.", "ttp", "afghan-taliban"),
        ("Tehrik-i-Taliban gunmen stormed the checkpoint.", "ttp", "afghan-taliban"),
        ("Tahrik-e-Taleban fighters ambushed a patrol.", "ttp", "afghan-taliban"),
        ("Tehreik e Taliban said they were carrying out the attacks.", "ttp", "afghan-taliban"),
        ("Tehrik-e-Taliban-Pakistan issued a threat to the traders.", "ttp", "afghan-taliban"),
        ("Tahrīk-e-Ṭālibān Pakistan denied the report.", "ttp", "afghan-taliban"),  # diacritics
        ("The Islamic State  Khorasan Province said so.", "iskp", None),  # two spaces
        ("Leaders of the Baloch\nLiberation Army met.", "bla", None),  # a wrapped line
        ("Jama'at Nasr al-Islam wal Muslimin said its fighters held the town.", "jnim", None),
        ("Jamaat Nusrat al-Islam wal-Muslimin besieged the garrison.", "jnim", None),
        ("Jama’at Nusrat al Islam fighters ambushed soldiers near the border.", "jnim", None),
        ("Jamaʿat Nuṣrat al-Islām wal-Muslimīn claimed the raid.", "jnim", None),
        ("Jama`at Nusrat al-Islam wal Muslimin fighters withdrew.", "jnim", None),
        ("al-Qa'ida's regional chief was killed in a drone strike.", "al-qaeda", None),
        ("An al Qaeda cell was dismantled.", "al-qaeda", None),
        ("Al-Qaida propaganda urged attacks on embassies.", "al-qaeda", None),
        ("al-Qaʿida's media arm released a video.", "al-qaeda", None),
        ("Jaishul Adl claimed the attack on the border guards.", "jaish-al-adl", None),  # a particle joined
        ("Hizbut Tahrir activists were detained in Tashkent.", "hizb-ut-tahrir", None),
        ("Islamic State–Khorasan Province claimed the blast.", "iskp", None),  # an en dash
        ("Militants opened fire. TheIslamic State Khorasan Province later claimed it.", "iskp", None),  # glued
    ],
)
def test_spellings_as_people_write_them(enricher, text, actor, not_actor):
    found = linked(enricher, text)
    assert actor in found
    assert not_actor not in found


@pytest.mark.parametrize(
    ("text", "actor", "not_actor"),
    [
        ("Pakistan's Taliban claimed the raid on the police station.", "ttp", "afghan-taliban"),
        ("Pakistan’s Taliban claimed the raid on the police station.", "ttp", "afghan-taliban"),
        ("Elders said the Pakistani Taliban had extorted traders.", "ttp", "afghan-taliban"),
        ("Pakistan Taliban fighters blocked the highway.", "ttp", "afghan-taliban"),
        ("The blast was claimed by JuA, a splinter group of the Pakistan's Taliban.", "ttp", "afghan-taliban"),
        ("Afghan Taliban officials met the envoy in Doha.", "afghan-taliban", "ttp"),
        ("Afghanistan's Taliban rulers banned the broadcasts.", "afghan-taliban", "ttp"),
        ("Afghanistan’s Taliban rulers banned the broadcasts.", "afghan-taliban", "ttp"),
    ],
)
def test_whose_taliban(enricher, text, actor, not_actor):
    found = linked(enricher, text)
    assert actor in found
    assert not_actor not in found


@pytest.mark.parametrize(
    ("text", "not_actor"),
    [
        ("Pakistan-Taliban talks resumed after a pause.", "ttp"),  # no hyphen variant for "Pakistan Taliban"
        ("Pakistan closed its airspace to all flights.", "ttp"),
        ("The Taliban closed girls' schools again.", "ttp"),
        ("The hotel staff said the spa was fully booked.", "jnim"),
    ],
)
def test_no_group_from_spelling_rules(enricher, text, not_actor):
    assert not_actor not in linked(enricher, text)


def test_pakistan_alone_is_the_state(enricher):
    assert linked(enricher, "Pakistan closed its airspace to all flights.") == {"PK": 1}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Jamaat-ul-Ahrar claimed the bombing at the court.", "jamaat-ul-ahrar"),
        ("Hizbul Ahrar said it had planted the device.", "hizbul-ahrar"),
        ("The Hafiz Gul Bahadur group ambushed the convoy.", "hafiz-gul-bahadur"),
        ("Officials blamed Fitna al-Khawarij for the raid.", "ttp"),
        ("Troops killed four Khawarij in the operation.", "ttp"),
        ("The Haqqani network ran the safe house.", "haqqani-network"),
        ("The Majeed Brigade carried out the attack.", "bla"),
        ("The BLF attacked a survey team.", "blf"),
        ("BRAS said its fighters blocked the highway.", "bras"),
        ("The Baloch Nationalist Army claimed the blast on the railway track.", "baloch-nationalist-army"),
        ("Jaish ul-Adl attacked a police station in Rask.", "jaish-al-adl"),
        ("Jundallah claimed the bombing in Zahedan.", "jundullah"),
        ("The Turkistan Islamic Party has fighters in Idlib.", "etim"),
        ("Lashkar-e-Taiba trained the attackers.", "let"),
        ("The Resistance Front claimed the killing.", "trf"),
        ("Jaish-e-Mohammed was blamed for the attack.", "jem"),
        ("Lashkar-e-Jhangvi targeted the pilgrims.", "lej"),
        ("Hizbul Mujahideen commanders were killed.", "hizbul-mujahideen"),
        ("Zainabiyoun fighters fought in Syria.", "zainabiyoun"),
        ("Fatemiyoun veterans returned home.", "fatemiyoun"),
        ("Ansar al-Furqan claimed the attack in Chabahar.", "ansar-al-furqan"),
        ("Tehreek-e-Jihad Pakistan claimed the assault on the base.", "tehreek-e-jihad-pakistan"),
        ("The IMU sent fighters across the border.", "imu"),
        ("The Islamic Jihad Union posted a video.", "islamic-jihad-union"),
        ("Hizb ut-Tahrir held a rally.", "hizb-ut-tahrir"),
        ("Wilayat Khorasan claimed the attack.", "iskp"),
        ("IS-K claimed the attack.", "iskp"),
        ("The Islamic State Pakistan Province claimed the killing.", "ispp"),
    ],
)
def test_regional_catalog(enricher, text, actor):
    assert actor in linked(enricher, text)


@pytest.mark.parametrize(
    ("child", "parent"),
    [("jnim", "al-qaeda"), ("iskp", "islamic-state"), ("ispp", "islamic-state"), ("jamaat-ul-ahrar", "ttp"),
     ("hizbul-ahrar", "ttp"), ("haqqani-network", "afghan-taliban"), ("trf", "let"), ("lej-al-alami", "lej")],
)
def test_parents(enricher, child, parent):
    assert enricher.linker.catalog.actors[child].parent == parent


def test_no_spelling_names_two_actors(enricher):
    """Every catalog form and generated spelling, in normal form, belongs to one actor only."""
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for actor in enricher.linker.catalog.actors.values():
        forms = [*actor.aliases, *actor.demonyms, *actor.capitals, *actor.acronyms, *actor.context_forms]
        variants = [v for f in forms for v in (spellings(f) if actor.kind == "group" else [f])]
        for variant in variants:
            words = normal_words(t.text for t in enricher.nlp.tokenizer(variant))[0]
            case_kept = variant in actor.acronyms or variant in actor.context_forms
            owners[tuple(words if case_kept else (w.lower() for w in words))].add(actor.id)
    shared = {" ".join(k): ids for k, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_normal_form():
    assert fold("Ṭālibān") == "Taliban"
    assert fold("Jamaʿat") == fold("Jama’at") == fold("Jama'at") == "Jamaat"
    assert fold("’s") == "'s"
    assert normal_words(["TheIslamic", "State", "  ", "atKabul", "\n\n"]) == (
        ["The", "Islamic", "State", "at", "Kabul", "\n\n"], [0, 0, 1, 3, 3, 4])
    assert normal_words(["iPhone", "Theology"])[0] == ["iPhone", "Theology"]


def test_spellings():
    assert set(spellings("Jamaat-ul-Ahrar")) >= {"Jamaat ul Ahrar", "Jamaatul Ahrar", "Jamaat-ul-Ahrar"}
    assert set(spellings("Tehrik-i-Taliban")) >= {"Tehrik-e-Taliban", "Tehrik i Taliban", "Tehrik e Taliban"}
    assert "alQaeda" in spellings("al-Qaeda")
    assert spellings("Pakistan Taliban") == ["Pakistan Taliban"]
    assert len(spellings("Jamaat Qaidat al-Jihad fi Shibh al-Qarrat al-Hindiya")) <= 4


def test_catalog_forms_split_without_the_tokenizer_split_as_the_tokenizer_splits_them(enricher):
    """The linker splits plain forms at their spaces without asking the tokenizer: for every catalog form and
    spelling variant the words must be the tokenizer's, special cases ("Dont", "Cant") included."""
    nlp = enricher.nlp
    split = FormSplitter(nlp.tokenizer)
    forms = ["Dont Stop", "Cant", "Im here", "Lets go", "Tehreek e Taliban", "al-Qaeda", "U.S."]
    for actor in enricher.linker.catalog.actors.values():
        for form in (actor.name, *actor.aliases, *actor.demonyms, *actor.capitals, *actor.acronyms):
            forms += [form, *spellings(form)]
    for form in forms:
        assert split(form) == [t.text for t in nlp.tokenizer(form)], form
    assert split("Dont Stop") == ["Do", "nt", "Stop"]
