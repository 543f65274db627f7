"""Importing group aliases from the UN Security Council consolidated list (excerpt fixture)."""

from __future__ import annotations

import copy

import pytest

from consumers.catalog.un_import import UnEntity, merge_into_catalog, parse_un_entities
from newsmon.errors import InputError
from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "fixtures" / "watchlists" / "un_sc_sample.xml"


@pytest.fixture(scope="module")
def entities() -> list[UnEntity]:
    return parse_un_entities(SAMPLE.read_bytes(), source=str(SAMPLE))


def by_ref(entities: list[UnEntity], reference: str) -> UnEntity:
    return next(e for e in entities if e.reference == reference)


def group(actor_id: str, name: str, aliases=(), acronyms=(), **extra) -> dict:
    return {"id": actor_id, "name": name, "kind": "group", "parent": None,
            "aliases": list(aliases), "acronyms": list(acronyms), **extra}


def small_catalog() -> dict:
    return {"version": 1, "actors": [
        group("ttp", "Tehreek-e-Taliban Pakistan", aliases=["Pakistani Taliban"], acronyms=["TTP"]),
        group("islamic-state", "Islamic State", aliases=["Daesh"], acronyms=["ISIS", "ISIL"]),
        {"id": "pk", "name": "Pakistan", "kind": "state", "parent": None, "aliases": [],
         "acronyms": [], "demonyms": ["Pakistani"], "capitals": ["Islamabad"]},
    ]}


def un_xml(entities: str) -> bytes:
    head = "<?xml version='1.0' encoding='UTF-8'?><CONSOLIDATED_LIST><INDIVIDUALS/>"
    return f"{head}<ENTITIES>{entities}</ENTITIES></CONSOLIDATED_LIST>".encode()


# --- parsing --------------------------------------------------------------------------------

def test_excerpt_has_ten_entities_and_no_individuals(entities):
    assert len(entities) == 10
    assert all(e.reference[2] == "e" for e in entities)  # QDe./TAe., never QDi.


def test_ttp_is_parsed_with_its_aliases(entities):
    ttp = by_ref(entities, "QDe.132")
    assert ttp.name == "TEHRIK-E TALIBAN PAKISTAN (TTP)"
    assert ttp.aliases == ("Tehrik-I-Taliban Pakistan", "Tehrik-e-Taliban", "Pakistani Taliban", "Tehreek-e-Taliban")
    assert ttp.list_type == "Al-Qaida"
    assert ttp.comments.startswith("Tehrik-e Taliban is based in the tribal areas")


def test_multiline_aliases_are_collapsed_to_one_line(entities):
    isil_k = by_ref(entities, "QDe.161")
    assert "Islamic State of Iraq and Levant in Khorasan Province" in isil_k.aliases
    assert all("\n" not in a and "  " not in a for e in entities for a in e.aliases)


def test_low_quality_aliases_are_dropped():
    xml = un_xml("<ENTITY><FIRST_NAME>SOME FRONT</FIRST_NAME><REFERENCE_NUMBER>QDe.999</REFERENCE_NUMBER>"
                 "<ENTITY_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Vague Name</ALIAS_NAME></ENTITY_ALIAS>"
                 "<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Good Name</ALIAS_NAME></ENTITY_ALIAS>"
                 "</ENTITY>")
    assert parse_un_entities(xml)[0].aliases == ("Good Name",)


def test_non_xml_input_names_the_file():
    with pytest.raises(InputError) as info:
        parse_un_entities(b"reference,name\nQDe.132,TTP\n", source="downloads/un.xml")
    assert info.value.source == "downloads/un.xml"
    assert "downloads/un.xml" in str(info.value)


def test_wrong_root_is_refused():
    with pytest.raises(InputError, match="root element is <sdnList>"):
        parse_un_entities(b"<sdnList><sdnEntry/></sdnList>", source="sdn.xml")


def test_doctype_with_entity_declaration_is_refused():
    xml = (b'<?xml version="1.0"?><!DOCTYPE CONSOLIDATED_LIST [<!ENTITY lol "lol">]>'
           b"<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>&lol;</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>")
    with pytest.raises(InputError, match="DOCTYPE") as info:
        parse_un_entities(xml, source="evil.xml")
    assert info.value.source == "evil.xml"


# --- merging --------------------------------------------------------------------------------

def test_ttp_matched_by_acronym_gets_new_aliases_and_reference(entities):
    report = merge_into_catalog(small_catalog(), [by_ref(entities, "QDe.132")])
    assert report.matched == [("QDe.132", "ttp")]
    ttp = report.catalog["actors"][0]
    assert ttp["un_reference"] == "QDe.132"
    assert ttp["aliases"] == ["Pakistani Taliban", "Tehrik-e Taliban Pakistan", "Tehrik-I-Taliban Pakistan",
                              "Tehrik-e-Taliban", "Tehreek-e-Taliban"]
    assert ttp["acronyms"] == ["TTP"]  # already there: not added twice
    assert report.added_aliases == {"ttp": ttp["aliases"][1:]}


def test_ttp_matched_by_name_gets_the_acronym(entities):
    catalog = {"version": 1, "actors": [group("ttp", "Tehrik-e-Taliban Pakistan")]}
    report = merge_into_catalog(catalog, [by_ref(entities, "QDe.132")])
    assert report.matched == [("QDe.132", "ttp")]
    ttp = report.catalog["actors"][0]
    assert ttp["acronyms"] == ["TTP"]
    assert "Tehrik-e Taliban Pakistan" not in ttp["aliases"]  # same as the name once normalised


def test_match_by_un_reference_wins_over_names(entities):
    catalog = {"version": 1, "actors": [group("ttp", "TTP"), group("pak-taliban", "Some Label", un_reference="QDe.132")]}
    report = merge_into_catalog(catalog, [by_ref(entities, "QDe.132")])
    assert report.matched == [("QDe.132", "pak-taliban")]


def test_merge_is_idempotent_and_leaves_input_alone(entities):
    catalog = small_catalog()
    before = copy.deepcopy(catalog)
    first = merge_into_catalog(catalog, entities, add_new=True)
    assert catalog == before
    second = merge_into_catalog(first.catalog, entities, add_new=True)
    assert second.catalog == first.catalog
    assert second.added_aliases == {} and second.new_actors == []
    assert sorted(ref for ref, _ in second.matched) == sorted(e.reference for e in entities)
    assert second.unmatched == []


def test_unknown_entities_stay_unmatched_without_add_new(entities):
    report = merge_into_catalog(small_catalog(), entities)
    assert report.new_actors == []
    assert "QDe.004" in report.unmatched and "QDe.132" not in report.unmatched
    assert len(report.catalog["actors"]) == 3


def test_add_new_creates_groups_with_readable_names(entities):
    report = merge_into_catalog(small_catalog(), entities, add_new=True)
    actors = {a["id"]: a for a in report.catalog["actors"]}
    qaida = actors["al-qaida"]
    assert (qaida["name"], qaida["kind"], qaida["parent"], qaida["un_reference"]) == ("Al-Qaida", "group", None, "QDe.004")
    assert "Al Qaeda" in qaida["aliases"] and "Al Qa'ida" not in qaida["aliases"]  # same as the name
    assert "The Base" not in qaida["aliases"]  # too generic
    let = actors["lashkar-e-tayyiba"]
    assert {"LET", "JUD"} <= set(let["acronyms"]) and "Jamaat-ud-Dawa" in let["aliases"]
    etim = actors["eastern-turkistan-islamic-movement"]
    assert etim["name"] == "Eastern Turkistan Islamic Movement" and etim["acronyms"] == ["ETIM"]
    isil_k = actors["islamic-state-in-iraq-and-the-levant-khorasan"]
    assert isil_k["name"] == "Islamic State in Iraq and the Levant - Khorasan"
    assert {"ISIL-K", "ISIS-K"} <= set(isil_k["acronyms"]) and "Isil Khorasan" in isil_k["aliases"]
    assert actors["lashkar-i-jhangvi"]["acronyms"] == []  # "LJ" is too short to be safe
    assert report.unmatched == []


def test_names_held_by_another_actor_are_reported_not_added(entities):
    catalog = small_catalog()
    catalog["actors"].append(group("jud", "Jamaat-ud-Dawa", acronyms=["JuD"]))
    catalog["actors"].append(group("let", "Lashkar-e-Tayyiba", acronyms=["LeT"]))
    report = merge_into_catalog(catalog, [by_ref(entities, "QDe.118")])
    assert report.matched == [("QDe.118", "let")]
    let = report.catalog["actors"][-1]
    assert "Jamaat-ud-Dawa" not in let["aliases"] and "JUD" not in let["acronyms"]
    assert "LET" not in let["acronyms"]  # same as LeT once case-folded
    assert ("Jamaat-ud-Dawa", "let", "jud") in report.conflicts


def test_entity_matching_several_groups_only_by_aliases_is_ambiguous(entities):
    catalog = {"version": 1, "actors": [group("let", "Lashkar-e-Taiba", acronyms=["LeT"]),
                                        group("jud", "Jamaat-ud-Dawa", acronyms=["JuD"])]}
    report = merge_into_catalog(catalog, [by_ref(entities, "QDe.118")], add_new=True)
    assert report.ambiguous == ["QDe.118"] and report.unmatched == ["QDe.118"]
    assert report.catalog == catalog and report.new_actors == []


def test_generic_and_numeric_aliases_are_skipped():
    entity = UnEntity("QDe.998", "SOME FRONT (SF)", ("12345", "Xy", "The Front", "Some Front Org"), "Al-Qaida", "")
    report = merge_into_catalog({"version": 1, "actors": []}, [entity], add_new=True)
    actor = report.catalog["actors"][0]
    assert (actor["id"], actor["name"]) == ("some-front", "Some Front")
    assert actor["aliases"] == ["Some Front Org"] and actor["acronyms"] == []


def test_original_script_names_go_to_the_native_names_file(entities):
    assert by_ref(entities, "QDe.132").original == "تحریک طالبان پاکستان"
    native = {"version": 1, "actors": {"islamic-state": {"aliases": ["داعش"]}}}
    report = merge_into_catalog(small_catalog(), entities, native=native)
    assert report.added_native == {"ttp": ["تحریک طالبان پاکستان"]}  # only the matched group's
    assert report.native["actors"]["ttp"]["aliases"] == ["تحریک طالبان پاکستان"]
    assert native == {"version": 1, "actors": {"islamic-state": {"aliases": ["داعش"]}}}  # the input is untouched
    # a name already there, in any letter form, is not added twice
    again = merge_into_catalog(small_catalog(), entities,
                               native={"actors": {"ttp": {"aliases": ["تحريك طالبان پاكستان"]}}})
    assert again.added_native == {}


def test_an_acronym_among_the_aliases_alone_is_no_match():
    # HuJI's former name Harakat-ul-Ansar gives it the alias "HUA"; Hizbul Ahrar is "HuA".
    xml = un_xml("<ENTITY><FIRST_NAME>HARAKAT-UL JIHAD ISLAMI</FIRST_NAME><REFERENCE_NUMBER>QDe.130</REFERENCE_NUMBER>"
                 "<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>HUA</ALIAS_NAME></ENTITY_ALIAS></ENTITY>")
    catalog = {"version": 1, "actors": [group("hizbul-ahrar", "Hizbul Ahrar", acronyms=["HuA"])]}
    report = merge_into_catalog(catalog, parse_un_entities(xml))
    assert report.matched == [] and report.unmatched == ["QDe.130"]
