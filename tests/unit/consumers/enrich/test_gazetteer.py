"""The gazetteer's pieces: name folding, the places file users edit, the admin-1 English names."""

from __future__ import annotations

import pytest

from consumers.enrich.places.admin1 import english_name
from consumers.enrich.places.gazetteer import PLACES_FILE, ascii_fold, fold, read_places_file
from consumers.enrich.places.sources import load_common_words
from newsmon.errors import ConfigError


def test_folding_drops_diacritics_and_apostrophes_but_keeps_case_and_hyphens():
    assert ascii_fold("Mazār-e Sharīf") == "Mazar-e Sharif"
    assert ascii_fold("Ḩalab") == "Halab"
    assert ascii_fold("Dar'a") == ascii_fold("Dar’a") == "Dara"
    assert fold("Şan‘ā’") == "sana"


def test_the_places_file_reads_countries_admin1s_kinds_and_other_spellings(tmp_path):
    path = tmp_path / "places.yaml"
    path.write_text(
        "PK:\n"
        "  Khyber Pakhtunkhwa:\n"
        "    admin1: [KP]\n"
        "    city: [[Miranshah, Miram Shah], Wana]\n"
        "  -:\n"
        "    landmark: [Some Pass]\n"
        "IN: [Pahalgam]\n",  # the old layout: a country and its names
        encoding="utf-8")
    assert read_places_file(path) == [
        ("PK", "Khyber Pakhtunkhwa", "admin1", ["Khyber Pakhtunkhwa"]),
        ("PK", "Khyber Pakhtunkhwa", "admin1", ["Khyber Pakhtunkhwa", "KP"]),
        ("PK", "Khyber Pakhtunkhwa", "city", ["Miranshah", "Miram Shah"]),
        ("PK", "Khyber Pakhtunkhwa", "city", ["Wana"]),
        ("PK", None, "landmark", ["Some Pass"]),
        ("IN", None, "place", ["Pahalgam"]),
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("Pakistan:\n  Sindh:\n    city: [Sukkur]\n", "not an ISO 3166-1 alpha-2"),
    ("PK:\n  Sindh:\n    town: [Sukkur]\n", "unknown kind 'town'"),
    ("PK:\n  -:\n    admin1: [Sind]\n", "admin1 names need an admin-1 title"),
    ("PK:\n  Sindh: Sukkur\n", "expected kinds"),
])
def test_a_wrong_places_file_is_a_config_error_that_says_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "places.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_places_file(path)


def test_the_shipped_places_file_is_valid_and_lists_the_desks_regions():
    entries = read_places_file(PLACES_FILE)
    admin1s = {(country, admin1) for country, admin1, _kind, _names in entries}
    assert {("PK", "Khyber Pakhtunkhwa"), ("PK", "Balochistan"), ("AF", "Nangarhar"),
            ("IR", "Sistan and Baluchestan"), ("IN", "Jammu and Kashmir")} <= admin1s


@pytest.mark.parametrize(("iso_name", "others", "geonames", "english"), [
    ("Nīnawá", ["Neynəvə mühafəzəsi", "Nineveh", "Nineveh Governorate"], None, "Nineveh"),
    ("Sīstān va Balūchestān", ["Sistan and Baluchestan", "Sistan and Baluchestan Province"], None,
     "Sistan and Baluchestan"),
    ("Xinjiang Uygur Zizhiqu", ["Shinjang", "Xinjiang", "Xinjiang Uyghur Autonomous Region"], None, "Xinjiang"),
    ("Kandahār", ["Qandahor viloyati"], None, "Kandahar"),
    ("Steiermark", ["Styria", "Stajerska"], "Styria", "Styria"),
])
def test_an_admin1_is_named_in_plain_english(iso_name, others, geonames, english):
    assert english_name(iso_name, others, geonames) == english


def test_common_words_include_spacys_stop_words_and_the_shipped_list():
    words = load_common_words()
    assert {"of", "most", "police", "split", "tank"} <= words
    assert "quetta" not in words and "kabul" not in words
