"""Actors and places named in Urdu, Persian and Pashto: actors_native.yaml, places_native.yaml and their checks."""

from __future__ import annotations

import pytest

from consumers.catalog import load_catalog
from consumers.enrich.places import PlaceFinder
from newsmon.arabic_script import unify
from newsmon.errors import ConfigError


def linked(enricher, text: str) -> dict[str, int]:
    return {a.id: a.mentions for a in enricher.linker.link(enricher.nlp(unify(text)))}


@pytest.mark.parametrize(("text", "expected"), [
    ("کالعدم ٹی ٹی پی نے حملے کی ذمہ داری قبول کر لی", {"ttp": 1}),
    # a joiner, a space or nothing between the words; Arabic or Persian letter forms
    ("گروه جیش‌العدل مسئولیت را پذیرفت", {"jaish-al-adl": 1}),
    ("گروه جیش العدل مسئولیت را پذیرفت", {"jaish-al-adl": 1}),
    ("د حافظ ګل بهادر ډله", {"hafiz-gul-bahadur": 1}),
    ("تحريك طالبان پاكستان", {"ttp": 1}),
    # the longest name wins: Pakistani Taliban are the TTP, the bare word the Afghan Taliban
    ("پاکستانی طالبانو برید وکړ", {"ttp": 1}),
    ("طالبانو وویل", {"afghan-taliban": 1}),
    ("پاکستان اور افغانستان کے وزرائے خارجہ", {"PK": 1, "AF": 1}),
])
def test_native_names_link(enricher, text, expected):
    assert linked(enricher, text) == expected


def test_a_capital_beside_a_locative_is_the_city_not_the_government(enricher):
    assert "AF" not in linked(enricher, "وزیر خارجه پاکستان در کابل با همتای خود دیدار کرد")
    assert "AF" not in linked(enricher, "په کابل کې چاودنه وشوه")
    assert linked(enricher, "کابل این ادعا را رد کرد") == {"AF": 1}


def test_sugar_is_not_china_and_a_match_report_names_no_state(enricher):
    assert "CN" not in linked(enricher, "ملک میں چینی کی قیمت فی کلو بیس روپے بڑھ گئی اور شوگر ملز بند ہیں")
    assert linked(enricher, "چینی وزیر خارجہ اسلام آباد پہنچ گئے") == {"CN": 1, "PK": 1}
    assert linked(enricher, "افغانستان نے کرکٹ میچ میں پاکستان کو چھ وکٹوں سے ہرا دیا") == {}


def test_a_bare_khawarij_is_the_ttp_unless_the_text_is_about_the_islamic_state(enricher):
    assert linked(enricher, "سیکیورٹی فورسز نے تین خوارج کو ہلاک کر دیا") == {"ttp": 1}
    found = linked(enricher, "طالبان از داعش خراسان با عنوان «خوارج» یاد می‌کنند")
    assert "ttp" not in found and "iskp" in found


def test_native_names_of_an_unknown_actor_are_an_error(tmp_path):
    native = tmp_path / "native.yaml"
    native.write_text("actors:\n  no-such-group:\n    aliases: [گروه]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no-such-group"):
        load_catalog(native_path=native)
    native.write_text("actors:\n  ttp:\n    nicknames: [گروه]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nicknames"):
        load_catalog(native_path=native)


@pytest.fixture(scope="module")
def places(enricher):
    finder = PlaceFinder(enricher.nlp, load_catalog())

    def run(text: str) -> list[tuple[str, str | None, str | None]]:
        return [(p.name, p.country, p.admin1) for p in finder.find(enricher.nlp(unify(text)))]

    return run


def test_native_place_names_resolve_to_the_english_place(places):
    found = places("د پاکستان په شمالي وزیرستان کې میرعلي ته نږدې چاودنه وشوه")
    assert ("North Waziristan", "PK", "Khyber Pakhtunkhwa") in found
    assert ("Mir Ali", "PK", "Khyber Pakhtunkhwa") in found
    assert places("در ولایت قندهار انفجاری رخ داد") == [("Kandahar", "AF", "Kandahar")]
    # Iran's province written without its "and" is not Pakistan's Balochistan; Punjab's districts in Urdu
    assert places("ایران کے صوبے سیستان بلوچستان میں 13 دہشت گرد ہلاک") == [
        ("Iran", "IR", None), ("Sistan and Baluchestan", "IR", "Sistan and Baluchestan")]
    assert places("میانوالی میں سی ٹی ڈی کی کارروائی") == [("Mianwali", "PK", "Punjab")]
    assert places("ضلع قصور میں فائرنگ") == [("Kasur", "PK", "Punjab")]
    # Khyber district by its bare name, the province by its whole one
    assert places("خیبر میں تخریب کاری کا منصوبہ ناکام") == [("Khyber", "PK", "Khyber Pakhtunkhwa")]
    assert places("خیبر پختونخوا میں فائرنگ") == [("Khyber Pakhtunkhwa", "PK", "Khyber Pakhtunkhwa")]
    assert places("استانبول: د پاکستان او افغانستان پلاوي") == [("Istanbul", "TR", "Istanbul"),
                                                              ("Pakistan", "PK", None), ("Afghanistan", "AF", None)]
    # a district named with its place word, before the highway named after a city
    found = places("بلوچستان کے ضلع قلات میں کوئٹہ کراچی قومی شاہراہ پر فائرنگ")
    assert found.index(("Kalat", "PK", "Balochistan")) < found.index(("Quetta", "PK", "Balochistan"))


def test_common_words_are_no_places(places):
    # "نور" (other, light), "دوشنبه" (Monday), "مهاجران" (migrants) are towns too
    assert places("څلور نور ټپیان شول") == []
    assert places("روز دوشنبه گروهی از مهاجران بازگشتند") == []
    assert places("یہ ان کا قصور نہیں تھا") == []  # "fault": Kasur only as "the district of"


def test_an_urdu_report_from_a_district_on_a_highway_named_after_a_city_is_placed_in_the_district(enricher):
    from newsmon.messages import RawArticle

    body = ("قلات: بلوچستان کے ضلع قلات میں کوئٹہ کراچی قومی شاہراہ پر مسلح افراد نے ایک مسافر کوچ پر فائرنگ کر دی، "
            "جس کے نتیجے میں پانچ مسافر جاں بحق ہو گئے۔")
    [out] = enricher.enrich_batch([RawArticle(id="u1", title="قلات میں مسافر کوچ پر فائرنگ", body=body,
                                              source="test", language_hint="ur")])
    assert (out.event.where.name, out.event.where.admin1) == ("Kalat", "Balochistan") and out.event.killed == 5
