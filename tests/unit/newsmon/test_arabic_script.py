"""One form for Arabic-script text, and the way back to the original for quoting evidence."""

from __future__ import annotations

import pytest

from newsmon.arabic_script import has_arabic_script, normalize, unify


@pytest.mark.parametrize("written, same_as", [
    ("تحريك طالبان", "تحریک طالبان"),  # Arabic yeh and kaf
    ("کوئٹہ", "کویٹه"),  # hamza on yeh, Urdu's heh goal
    ("بھارت", "بهارت"),  # do-chashmi heh
    ("می\u200cگویند", "میگویند"),  # zero-width non-joiner
    ("طالبـــان", "طالبان"),  # tatweel
    ("۳ اہلکار", "3 اهلکار"),  # Persian digits
    ("٣ اہلکار", "3 اهلکار"),  # Arabic-Indic digits
    ("ټي ټي پي", "ٹی ٹی پی"),  # Pashto's letters for Urdu's retroflexes
    ("شہید، ۵ زخمی۔", "شهید, 5 زخمی."),  # Arabic punctuation
])
def test_spellings_of_one_word_come_to_one_form(written, same_as):
    assert unify(written) == unify(same_as)


def test_other_text_is_left_alone():
    text = "Militants killed 3 soldiers in Bannu, police said."
    assert unify(text) is text and not has_arabic_script(text)
    assert not normalize(text).changed


def test_offsets_map_back_to_the_original_text():
    original = "بنوں: مقام\u200cهای پولیس ۳ اہلکار شہید۔ دوسرا جملہ"
    text = normalize(original)
    assert text.changed and "\u200c" not in text.text and "3" in text.text
    first = text.text.split(".")[0] + "."
    assert text.original_of(first) == original.split("۔")[0] + "۔"
    start = text.text.index("3")
    assert original[text.to_original(start)] == "۳"
    assert text.original_span(0, len(text.text)) == original


def test_a_digit_written_against_a_word_is_spaced_off_it_and_maps_back():
    text = "دھماکے میں15افراد جاں بحق، ۲۶مه"
    found = normalize(text)
    assert found.text == unify(text) == "دهماکے مین 15 افراد جان بحق, 26 مه"
    at = found.text.index("15")
    assert found.original_span(at, at + 2) == "15"
    assert found.original_of("مین 15 افراد") == "میں15افراد"


def test_only_the_one_forms_digits_are_spaced_off_words():
    for text in ("رقبہ ۵۰۰ کلومیٹر²میں", "رقبہ ٥٠٠ کلومیٹر１２میں"):
        assert normalize(text).text == unify(text)
