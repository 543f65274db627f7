"""Saved pages in Urdu, Persian and Pashto are segmented like English ones."""

from __future__ import annotations

from producers.replay.segment import segment_page

PERSIAN_PAGE = """بی‌بی‌سی فارسی
صفحه اصلی
افغانستان

انفجار در مسجدی در مزار شریف دست کم یازده کشته برجای گذاشت

۲۲ بهمن ۱۴۰۳

مقام‌های طالبان در ولایت بلخ می‌گویند در انفجاری در یک مسجد در شهر مزار شریف دست کم یازده نفر کشته و بیست نفر زخمی شده‌اند.

سخنگوی پولیس بلخ گفت که این انفجار هنگام نماز عصر رخ داد.

مطالب مرتبط
اشتراک گذاری
"""

URDU_PAGE = """جیو نیوز
تازہ ترین

بنوں: پولیس چوکی پر حملہ، دو اہلکار شہید

کوئٹہ: نامعلوم دہشت گردوں نے رات گئے پولیس چوکی پر دستی بموں اور خودکار ہتھیاروں سے حملہ کیا جس کے نتیجے میں دو پولیس اہلکار شہید ہو گئے۔

پولیس کا کہنا ہے کہ حملہ آور اندھیرے کا فائدہ اٹھا کر فرار ہو گئے۔

مزید پڑھیں
"""


def test_a_persian_page_keeps_its_headline_body_and_joiners_and_drops_its_furniture():
    [draft] = segment_page(PERSIAN_PAGE)
    assert draft.title == "انفجار در مسجدی در مزار شریف دست کم یازده کشته برجای گذاشت"
    assert draft.body.startswith("مقام\u200cهای طالبان") and "نماز عصر" in draft.body
    assert "مطالب مرتبط" not in draft.body and "۲۲ بهمن" not in draft.body


def test_an_urdu_dateline_opens_the_body_and_a_short_place_colon_line_stays_the_headline():
    [draft] = segment_page(URDU_PAGE)
    assert draft.title == "بنوں: پولیس چوکی پر حملہ، دو اہلکار شہید"
    assert draft.dateline == "کوئٹہ"
    assert draft.body.startswith("نامعلوم دہشت گردوں") and "مزید پڑھیں" not in draft.body


def test_a_long_headline_with_a_colon_is_no_second_article():
    page = ("کوئٹہ دھماکہ: جاں بحق افراد کی تعداد بڑھ کر ۱۴ ہو گئی اور زخمیوں کی تعداد 27\n\n"
            "کوئٹہ: صوبائی دارالحکومت میں اتوار کی شام سریاب روڈ پر ہونے والے بم دھماکے میں جاں بحق افراد کی تعداد"
            " بڑھ کر ۱۴ ہو گئی ہے۔ ترجمان نے بتایا کہ تین شدید زخمی ہسپتال میں دم توڑ گئے۔\n\n"
            "پولیس کے مطابق دھماکہ خیز مواد ایک کھڑی موٹر سائیکل میں نصب تھا۔\n")
    [draft] = segment_page(page)
    assert draft.title.startswith("کوئٹہ دھماکہ:")
    assert draft.dateline == "کوئٹہ" and draft.body.startswith("صوبائی دارالحکومت")


def test_a_headline_that_asks_with_a_place_and_a_colon_above_the_date_line_is_the_headline():
    page = ("جنوبی وزیرستان: دو بیٹوں سمیت قتل ہونے والے قبائلی رہنما کون تھے اور انہیں ایوارڈ کیوں ملا تھا؟\n\n"
            "November 22, 2023\n\n"
            "وانا میں ایک دھماکے میں قبائلی رہنما اور ان کے دو بیٹوں سمیت 4 افراد جاں بحق ہوگئے جبکہ ایک شخص زخمی ہوا۔"
            "\n\nپولیس نے بتایا کہ واقعہ کی تحقیقات شروع کر دی گئی ہیں اور زخمی کو ہسپتال منتقل کر دیا گیا ہے۔\n")
    [draft] = segment_page(page)
    assert draft.title.startswith("جنوبی وزیرستان:") and draft.title.endswith("؟")
    assert draft.body.startswith("وانا میں")


def test_a_short_first_line_over_a_long_paragraph_is_the_headline_not_a_source_line_ending_on_a_comma():
    lead = ("تنظیم کے ترجمان نے بیان جاری کرتے ہوئے کہا ہے کہ سرمچاروں نے رات نو بجے شہر میں ایئرپورٹ کے مین گیٹ پر "
            "قائم فورسز کی چوکی پر دستی بم سے حملہ کرکے دو اہلکار زخمی کردیے اور محفوظ مقام پر منتقل ہوگئے۔")
    [draft] = segment_page("تربت: فورسز چوکی پر حملہ کرکے دو اہلکار زخمی کردیے ۔ بی ایل ایف\n\n" + lead + "\n")
    assert draft.title.startswith("تربت:") and draft.body.startswith("تنظیم کے ترجمان")
    persian = ("مقامات امنیتی ولایت ننگرهار امروز دوشنبه اعلام کردند که یازده نفر از عناصر گروه تروریستی را در این "
               "ولایت بازداشت کرده اند و در میان بازداشت شدگان دو مهاجم انتحاری نیز قرار دارند.")
    [draft] = segment_page("به گزارش پارس نیوز،\n\n" + persian + "\n")
    assert draft.title != "به گزارش پارس نیوز،"


def test_a_quote_after_who_spoke_and_a_colon_is_no_dateline_of_another_article():
    page = ("حمله تروریستی به مقر انتظامی و شهادت یازده نفر\n\n"
            "به گزارش خبرگزاری، معاون استاندار اظهار کرد: شامگاه دیشب تعدادی از تروریست ها به مقر انتظامی حمله کردند"
            " که در این حمله یازده نفر از ماموران به شهادت رسیدند.\n\n"
            "وی بیان کرد: وضعیت شهر هم اینک عادی است و اقدامات لازم برای پیگیری موضوع در حال انجام است.\n\n"
            "انہوں نے کہا: حملہ آوروں کی تلاش جاری ہے اور علاقے کو گھیرے میں لے لیا گیا ہے اور تحقیقات شروع ہو گئی ہیں۔\n")
    [draft] = segment_page(page)
    assert draft.title == "حمله تروریستی به مقر انتظامی و شهادت یازده نفر"
    assert "وضعیت شهر" in draft.body and "حملہ آوروں کی تلاش" in draft.body
