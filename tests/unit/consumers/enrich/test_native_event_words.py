"""The words of each event type in Urdu, Persian and Pashto (consumers/data/event_types.yaml `native`)."""

from __future__ import annotations

import pytest

from consumers.enrich.events.types import load_types
from newsmon.arabic_script import unify


@pytest.mark.parametrize("title, kind", [
    ("کابل میں خودکش دھماکہ", "suicide-bombing"),
    ("حمله انتحاری در کابل", "suicide-bombing"),
    ("لکی مروت میں پولیس چوکی پر حملہ", "attack"),
    # Persian "they fired at the officers of the post"
    ("افراد مشکوک به سمت مأموران پاسگاه شلیک کردند", "armed-assault"),
    ("ایران و پاکستان تفاهم‌نامه همکاری امنیتی امضا کردند", "agreement"),
    ("پېښور کې سي ټي ډي درې غړي ونیول", "arrest"),
    # talks between two sides ("خبرې" alone is words, remarks)
    ("په استانبول کې د افغان طالبانو او پاکستان ترمنځ خبرې ناکامې شوې", "talks"),
    # an envoy summoned
    ("د پاکستان د بهرنیو چارو وزارت په اسلام اباد کې د طالبانو سرپرست سفیر احضار کړی", "statement"),
    ("دفتر خارجہ نے افغان ناظم الامور کو طلب کر لیا", "statement"),
    # a blacklist: Pashto, Persian
    ("امریکا د داعش د خراسان برخې درې مشران د ترهګرو په نړیوال تور نوملړ کې شامل کړل", "designation"),
    ("آمریکا سه فرمانده داعش را در فهرست سیاه قرار داد", "designation"),
    # Urdu "action" owned by a state force is an operation; a "cowardly action" is not
    ("میانوالی میں سی ٹی ڈی کی کارروائی، 7 دہشتگرد ہلاک", "operation"),
    ("ایرانی پاسداران گارڈز کی کارروائی میں 13 دہشت گرد ہلاک", "operation"),
    ("پاسداران انقلاب نے مختلف اضلاع میں کارروائیوں کے دوران جیش العدل کے 13 حملہ آور مار دیے", "operation"),
    # a crossing closed (passive), traffic suspended
    ("طورخم سرحدی گزرگاہ کو ہرقسم آمد و رفت کے لیے بند کردیا گیا", "border-closure"),
    ("کشیدگی کے باعث طورخم پر پیدل آمدورفت معطل ہوگئی", "border-closure"),
    ("د پوځ د عامه اړیکو څانګې ویلي دغه هوايي بریدونه د دته خیلو په سیمه کې شوي دي", "strike"),
    # a bomb planted in a motorcycle
    ("پولیس کی گاڑی کو موٹرسائیکل میں نصب بم سے نشانہ بنایا گیا", "bombing"),
    # a car-bomb attack: the bomb names the kind of attack
    ("بلخ کې پر افغان ځواکونو د موټر بم برید", "bombing"),
    # a gate closed to trucks; passengers kidnapped (the participle)
    ("تورخم دروازه د بار وړونکیو موټرو پر مخ تړل شوې", "border-closure"),
    ("طالبانو په میدان وردګ کې ۲۸ ملکي وګړي تښتولي", "kidnapping"),
])
def test_event_words_of_each_language(title, kind):
    [(found, _)] = load_types().hits(unify(title), in_title=True)[:1]
    assert found == kind
