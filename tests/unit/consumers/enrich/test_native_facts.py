"""Facts in Urdu, Persian and Pashto sentences: counts, tolls, claims and denials (events/native.py)."""

from __future__ import annotations

import pytest

from consumers.enrich.events import native, native_claims
from consumers.enrich.events.claims import Mention
from consumers.enrich.events.types import load_types
from consumers.enrich.nlp import detect_language
from newsmon.arabic_script import unify


def counted(sentence: str) -> list[tuple[str, int, bool, bool]]:
    return [(c.kind, c.value, c.attackers, c.update) for c in native.counts(unify(sentence))]


@pytest.mark.parametrize("sentence, expected", [
    ("حملے میں ۳ پولیس اہلکار شہید اور ۵ زخمی ہو گئے۔", [("killed", 3, False, False), ("injured", 5, False, False)]),
    ("جوابی کارروائی میں چاروں حملہ آور مارے گئے۔", [("killed", 4, True, False)]),
    ("در این انفجار دست کم یازده تن کشته و ۲۰ نفر زخمی شدند.", [("killed", 11, False, False),
                                                              ("injured", 20, False, False)]),
    ("شمار کشته‌شدگان این حمله به ۱۴ تن رسید.", [("killed", 14, False, True)]),
    ("دھماکے میں جاں بحق افراد کی تعداد بڑھ کر 23 ہو گئی۔", [("killed", 23, False, True)]),
    ("په دې برید کې درې سرتیري ووژل شول او پنځه نور ټپیان شول.", [("killed", 3, False, False),
                                                                 ("injured", 5, False, False)]),
    ("کابل کې پر یوه سوداګر ډزې وشوې، هغه ووژل شو", [("killed", 1, False, False)]),
    # a noun or infinitive of harm before its count, whatever the count is of
    ("پاکستان/ کشته شدن ۱۱ معدنچی در حمله مسلحانه", [("killed", 11, False, False)]),
    ("در مجموع اجساد ۲۷ نفر از شهدا معاینه و تحویل شد.", [("killed", 27, False, False)]),
    ("حمله به خانه موجب جان باختن دو کودک و زخمی شدن پنج غیرنظامی شد.", [("killed", 2, False, False),
                                                                    ("injured", 5, False, False)]),
    # a count in the object of a verb of killing, however far the verb; "یک" before a thing is an article
    ("مهاجمان ۱۱ نفر از کارگران یک واحد معدنی در نزدیکی شهر کویته را کشتند.", [("killed", 11, False, False)]),
    ("تروریست ها دستکم 11 معدنچی از اقلیت هزاره را به طرز فجیعی قتل عام کردند.", [("killed", 11, False, False)]),
    ("مهاجمان در ساعت ۵ صبح دو نفر را کشتند.", [("killed", 2, False, False)]),
    ("نیروها خانه یک فرمانده را هدف قرار دادند.", []),
    # "ایف سی" is the FC: "سی" beside a spelled letter is no Persian thirty, which it is among other words
    ("پشاور میں خودکش دھماکا، 2 ایف سی اہلکار شہید، 6 زخمی", [("killed", 2, False, False), ("injured", 6, False, False)]),
    ("در این حمله سی نفر کشته شدند", [("killed", 30, False, False)]),
    # a police rank is a person counted, and an office-holder who dies alone
    ("بم دھماکے میں ایک ہیڈکانسٹیبل شہید ، 2 اہلکار زخمی", [("killed", 1, False, False), ("injured", 2, False, False)]),
    ("ڈیرہ اسماعیل خان میں موبائل پر حملہ ہیڈ کانسٹیبل شہید", [("killed", 1, False, False)]),
    # "۱۲ يې": twelve of the militants just named; "۳ يې" of the soldiers named are victims
    ("په جګړه کې ۲۶ وسله والو ته مرګ ژوبله اوښتې چې ۱۲ يې وژل شوي", [("injured", 26, True, False),
                                                                  ("killed", 12, True, False)]),
    ("په برید کې ۵ سرتیري ووژل شول او ۳ يې ټپيان شول", [("killed", 5, False, False), ("injured", 3, False, False)]),
    # "مرګ ژوبله" is the dead and wounded in one word; "مخالفین" (opponents) are the insurgents
    ("څه باندې ۸۰ تنو وسلهوالو طالبانو ته مرګ ژوبله اوښتې", []),
    ("کندز کې د عملیاتو پر مهال ۳۵ مخالفین وژل شوي", [("killed", 35, True, False)]),
    # a woman: the feminine verb, or the noun alone before the word of dying
    ("دھماکا ہوا ہے جس کے باعث ایک خاتون جاں بحق ہو گئی", [("killed", 1, False, False)]),
    ("لیاری میں دستی بم حملہ؛ خاتون جاں بحق، 6 افراد زخمی", [("injured", 6, False, False), ("killed", 1, False, False)]),
    # two of the injured "could not bear their wounds" (died); a toll that "will be" six
    ("حملے میں زخمی مزید 2 طالب علم زخموں کی تاب نہ لاتے ہوئے شہید ہوگئے", [("killed", 2, False, False)]),
    ("حملے میں شہید ہونے والے طلبا کی تعداد 6 ہوگی", [("killed", 6, False, True)]),

    ("با جان باختن سه زخمی دیگر، شمار کشته‌شدگان به ۱۷ تن رسید.", [("killed", 17, False, True)]),
    ("نیروها چهار عضو این گروه را کشتند.", [("killed", 4, True, False)]),
    ("اجلاس میں 2025 کے منصوبے پر بات ہوئی۔", []),
    # killed and injured as one figure: neither a death toll nor a count of injured
    ("په رستورانت کې یې «۲۵ تنه وژلي او ژوبل» کړي دي.", []),
    ("در این حمله ۲۵ نفر کشته و زخمی شدند.", []),
    ("اس دھماکے میں 12 افراد جاں بحق و زخمی ہو گئے۔", []),
    ("دو نفر کشته و سه نفر زخمی شدند.", [("killed", 2, False, False), ("injured", 3, False, False)]),
    # a number glued to its word, a word glued to itself, a multiplier, "became" as the rise of a toll
    ("لاہور دھماکے میں15افراد جاںبحق ہوئے", [("killed", 15, False, False)]),
    ("دھماکے کے تین ہزار سے زائد زخمی ہسپتالوں میں ہیں", [("injured", 3000, False, False)]),
    # Persian "سو" is a side, Urdu "ایک سی" is alike: no hundreds, no 31
    ("از هر دو سو ۱۲ تن کشته شدند.", [("killed", 12, False, False)]),
    ("ایک سی صورتحال میں 5 افراد ہلاک ہو گئے", [("killed", 5, False, False)]),
    ("دھماکے میں جاں بحق افراد کی تعداد 72 ہو گئی ہے", [("killed", 72, False, True)]),
    # an age, a span of time or a date is no count: the one man who died is
    ("گولہ باری سے گاؤں کا 60 سالہ امداد حسین جاں بحق ہو گیا", [("killed", 1, False, False)]),
    ("فائرنگ کے تبادلے میں 24 سالہ سپاہی شہید ہوگیا", [("killed", 1, False, False)]),
    ("در ۲۴ ساعت گذشته عاملان شهادت ماموران بازداشت شدند", []),
    ("12 مئی کو ایک سپاہی شہید ہوگیا", [("killed", 1, False, False)]),
    # Kandahari Pashto's "سوي" for "شوي"; ranks are people counted: "a major and a soldier were killed"
    ("د خليفه صاحب جومات چاودنه کې ۵۰ کسان وژل سوي", [("killed", 50, False, False)]),
    ("په نښته کې یې یو مېجر او یو عسکر وژل شوي دي", [("killed", 2, False, False)]),
    # an ordinal written onto the number ("73rd martyrdom day") is no count either
    ("نائیک سیف علی جنجوعہ کا 73واں یوم شہادت آج منایا جا رہا ہے", []),
    # the martyrs "as 50" and the wounded "as more than 100" (Persian: the noun, "را", the number)
    ("تعداد شهدا را ۵۰ و زخمی‌ها را بیش از ۱۰۰ نفر اعلام کردند", [("killed", 50, False, False),
                                                              ("injured", 100, False, False)]),
    # "whereas 18 injured" after the killed is a count of its own (Urdu)
    ("6 افراد شہید جبکہ 18 زخمی ہوگئے", [("killed", 6, False, False), ("injured", 18, False, False)]),
    # Pashto: "killed one of them and wounded two"; "one person was killed and three more wounded"
    ("پولیسو ډزې وکړي، يو یې وواژه او دوه یې زخميان کړل", [("injured", 2, False, False), ("killed", 1, False, False)]),
    ("په دې پېښه کې درې کسان ټپیان شوي او يو کس وژل شوی دی", [("injured", 3, False, False),
                                                            ("killed", 1, False, False)]),
    # "nobody was killed", "the killed militants" (a participle before its noun) give no count of one
    ("په دې برید کې څوک نه دي وژل شوي", []),
    ("وژل شوي وسله وال د یوې ډلې سره تړاو لري", []),
    # "tens of people" is no ten; 184 shells are no 184 wounded
    ("احتمال شهادت ده‌ها نفر", []),
    ("پوځ د توپونو ۱۸۴ ګولۍ راویشتلي چې پکې یو تن ټپي شوی دی", [("injured", 1, False, False)]),
    # Pashto says a unit before its ten: "درې دېرش" is 33
    ("برید کوونکو لس تنه وژلي دي او درې دېرش تنه نور ټپيان شوې دي.", [("killed", 10, False, False),
                                                                  ("injured", 33, False, False)]),
    # Persian "به هلاکت رسیدند" (met their end) is said of militants only; "eight of the terrorists who martyred
    # the post's men" are militants, whatever the verb of their relative clause
    ("در عملیات شهرستان ایرانشهر یک گروه هشت نفره به هلاکت رسیدند", [("killed", 8, True, False)]),
    ("۸ نفر از تروریستهایی که کارکنان پاسگاه را به شهادت رسانده بودند، به هلاکت رسیدند",
     [("killed", 8, True, False)]),
    ("دو مأمور انتظامی به شهادت رسیدند", [("killed", 2, False, False)]),
    # Urdu writes "terrorist" as one word too; "مار دیے" (killed, active)
    ("میانوالی میں سی ٹی ڈی کی کارروائی، 7 دہشتگرد ہلاک", [("killed", 7, True, False)]),
    ("جیش العدل کے 13 حملہ آور مار دیے", [("killed", 13, True, False)]),
    ("دہشت گردوں نے 3 مزدور مار دیے", [("killed", 3, False, False)]),
    # one office-holder killed, no number: the honorific plural verb is still one man; a minister who paid
    # tribute to martyrs did not die
    ("مسجد میں بم دھماکہ، ایس ایچ او شہید", [("killed", 1, False, False)]),
    ("جس میں ایڈیشنل ایس ایچ او عدنان آفریدی شہید ہوگئے۔", [("killed", 1, False, False)]),
    ("وزیر برائے مہاجرین خود کش بم دھماکے میں ہلاک", [("killed", 1, False, False)]),
    ("وزیر اعظم نے شہید اہلکاروں کو خراج عقیدت پیش کیا", []),
    ("آئی ایس پی آر کے مطابق مارے گئے خوارج سے اسلحہ برآمد کیا گیا", []),  # the ISPR is no SP
    # a number with no noun of its own right after a count of militants counts militants too
    ("آپریشن میں 8 خوارج ہلاک ہوگئے جبکہ 6 زخمی ہوگئے۔", [("killed", 8, True, False), ("injured", 6, True, False)]),
    ("په نښتو کې ۸ اورپکي وژل شوي دي", [("killed", 8, True, False)]),  # Pashto militants
    ("گفته شده یازده شبهنظامی نیز در این حملات کشته شدند", [("killed", 11, True, False)]),  # no joiner written
    # "others" after a count of militants are more militants
    ("۲۷ وسله وال طالبان هم وژل شوي او ۳۲ نور ټپیان دي", [("killed", 27, True, False), ("injured", 32, True, False)]),
    ("په حمله کې ۲ پولیس وژل شوي او ۸ نور ټپیان شوي دي", [("killed", 2, False, False), ("injured", 8, False, False)]),
    # Pashto "مړي" (bodies) are the dead, "مړینې" (the death of) another word; Persian "کشته زخمی" is one figure
    ("روغتون ته ۲۹ مړي او ۶۰ ټپیان راوړل شوي", [("killed", 29, False, False), ("injured", 60, False, False)]),
    ("د ۸۸ کسانو د مړینې خبر ورکړی", []), ("6 کشته زخمی حمله تروریستی لشکرگاه", []),
])
def test_counts(sentence, expected):
    assert counted(sentence) == expected


def mention(sentence: str, name: str, actor: str, kind: str = "group") -> Mention:
    start = sentence.index(unify(name))
    return Mention(actor, kind, start, start + len(unify(name)))


@pytest.mark.parametrize("sentence, name, actor, kind, basis", [
    ("کالعدم تحریک طالبان پاکستان نے حملے کی ذمہ داری قبول کر لی۔", "تحریک طالبان پاکستان", "ttp", "group", "claimed"),
    ("گروه داعش خراسان مسئولیت این حمله را بر عهده گرفت.", "داعش خراسان", "iskp", "group", "claimed"),
    ("داعش خراسان د دې برید مسؤلیت په غاړه واخیست.", "داعش خراسان", "iskp", "group", "claimed"),
    ("تحریک طالبان پاکستان نے اس حملے میں ملوث ہونے کی تردید کی۔", "تحریک طالبان پاکستان", "ttp", "group", "denied"),
    # the attackers "belonging to" the group (Urdu), "affiliated with" it (Persian, before the name)
    ("فتنہ الخوارج سے تعلق رکھنے والے 12 خوارج ہلاک کر دیے گئے", "فتنہ الخوارج", "ttp", "group", "blamed"),
    ("مهاجمان وابسته به جیش العدل به پاسگاه حمله کردند", "جیش العدل", "jaish-al-adl", "group", "blamed"),
    ("حکومت افغانستان این ادعا را رد کرد.", "افغانستان", "AF", "state", "denied"),
    # Pashto: the claim "accepted" in another spelling; the doer of "have killed"
    ("د موټر بم برید مسوولیت طالبانو ومانه", "طالبانو", "afghan-taliban", "group", "claimed"),
    ("طالبانو په سرپل کې په لسګونو ملکي کسان وژلي دي", "طالبانو", "afghan-taliban", "group", "reported"),
    ("وسلوالو طالبانو په دې ولایت کې ۲۸ ملکي وګړي تښتولي دي", "طالبانو", "afghan-taliban", "group", "reported"),
])
def test_attributions(sentence, name, actor, kind, basis):
    text = unify(sentence)
    [found] = native_claims.attributions(text, [mention(text, name, actor, kind)])
    assert found.basis == basis


def test_nobody_claiming_is_no_claim():
    assert not native_claims.claims_responsibility(unify("تاکنون هیچ گروهی مسئولیت این حمله را بر عهده نگرفته است."))
    assert native_claims.claims_responsibility(unify("بی ایل اے نے ذمہ داری قبول کر لی۔"))


def test_a_cowardly_action_is_no_operation():
    assert "operation" not in {kind for kind, _ in load_types().hits(unify("دہشت گردوں کی بزدلانہ کارروائی"),
                                                                       in_title=True)}


@pytest.mark.parametrize("text, code", [
    ("لکی مروت میں رات گئے دہشت گردوں نے پولیس چوکی پر حملہ کر دیا جس کے نتیجے میں تین اہلکار شہید ہو گئے", "ur"),
    ("مقام‌های طالبان در ولایت بلخ می‌گویند در انفجاری در یک مسجد دست کم یازده نفر کشته شده‌اند", "fa"),
    ("د پاکستان پوځ وايي چې په تیراه دره کې یې عملیات ترسره کړي او لس وسله وال یې وژلي دي", "ps"),
    ("Lakki Marwat mein raat gaye dehshatgardon ne police chowki par hamla kar diya aur 3 ahalkar shaheed ho gaye", "ur"),
])
def test_language_of_each(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text, code", [
    ("لکی مروت میں رات گئے دہشت گردوں نے پولیس چوکی پر حملہ کر دیا جس کے نتیجے میں تین اہلکار شہید ہو گئے", "ur"),
    ("مقام‌های طالبان در ولایت بلخ می‌گویند در انفجاری در یک مسجد دست کم یازده نفر کشته شده‌اند", "fa"),
    ("د پاکستان پوځ وايي چې په تیراه دره کې یې عملیات ترسره کړي او لس وسله وال یې وژلي دي", "ps"),
])
def test_urdu_persian_and_pashto_are_told_by_their_letters_without_the_language_model(monkeypatch, text, code):
    import py3langid

    monkeypatch.setattr(py3langid, "classify", lambda text: (_ for _ in ()).throw(AssertionError("model asked")))
    assert detect_language(text) == code


@pytest.mark.parametrize("text, code", [
    ("Police said the slogan \"پاکستان زندہ باد\" was written on the wall of the station where the bombing killed "
     "five people on Monday.", "en"),
    ("Is hamle mein do police wale shaheed ho gaye, who dono duty par the. Police ka kehna he ke in hamla awaron ki "
     "talash jari he", "ur"),
])
def test_a_few_words_of_another_language_do_not_decide_it(text, code):
    assert detect_language(text) == code


def test_arabic_goes_to_the_language_model():
    assert detect_language("قال مسؤولون إن انفجارا وقع في العاصمة وأسفر عن مقتل عشرة أشخاص في السوق") == "ar"


def test_a_telegraphic_english_report_is_english_without_the_language_model(monkeypatch):
    import py3langid

    monkeypatch.setattr(py3langid, "classify", lambda text: (_ for _ in ()).throw(AssertionError("model asked")))
    assert detect_language("Two police officers killed, three injured in IED blast near checkpost, Bannu district, "
                           "Khyber Pakhtunkhwa; TTP claimed responsibility.") == "en"
    # a tenth of function words, none of another Latin-script language's: a list of names and places is English
    assert detect_language("Suicide bomber targets FC convoy on Quetta-Sibi highway: five soldiers, two civilians "
                           "dead; BLA Majeed Brigade claims; Mastung district police, Levies respond") == "en"
    with pytest.raises(AssertionError):  # French is no English: it goes to the model
        detect_language("Le président a dit que la police était sur place et les deux hommes ont été arrêtés hier.")


@pytest.mark.parametrize("sentence, name, actor, basis", [
    # the blame, or the attackers' group, stands before the name in these languages
    ("ترجمان نے دھماکے کا الزام فتنہ الخوارج پر عائد کیا۔", "فتنہ الخوارج", "ttp", "blamed"),
    ("وزیر نے دھماکے کا ذمہ دار بی ایل اے کو ٹھہرایا۔", "بی ایل اے", "bla", "blamed"),
    ("حکومت د دې برید پړه د حافظ ګل بهادر ډلې پر وسله والو واچوله.", "حافظ ګل بهادر ډل", "hafiz-gul-bahadur",
     "blamed"),
    ("ارتش گفت مهاجمان از «فتنه الخوارج» بودند.", "فتنه الخوارج", "ttp", "blamed"),
    # a claim around the name: "the responsibility of the attack X accepted"
    ("حملے کی ذمہ داری ٹی ٹی پی نے قبول کر لی۔", "ٹی ٹی پی", "ttp", "claimed"),
    # the agent of a passive ("abducted by the terrorist group Jaish al-Adl"); a claim glued ("برعهده") or without
    # the word for responsibility ("took the kidnapping on")
    ("مرزبانان ربوده شده توسط گروهک تروریستی جیش العدل آزاد شدند.", "جیش العدل", "jaish-al-adl", "reported"),
    ("داعش مسئولیت حمله تروریستی در منطقه مچ در ایالت بلوچستان پاکستان را برعهده گرفت.", "داعش", "islamic-state",
     "claimed"),
    ("جیش‌العدل آدم‌ربایی را بر عهده گرفت", "جیش‌العدل", "jaish-al-adl", "claimed"),
])
def test_attributions_with_the_cue_before_the_name(sentence, name, actor, basis):
    text = unify(sentence)
    [found] = native_claims.attributions(text, [mention(text, name, actor)])
    assert found.basis == basis


def test_a_responsibility_word_of_a_claim_is_no_blame():
    text = unify("کسی گروہ نے حملے کی ذمہ داری قبول نہیں کی، ٹی ٹی پی خاموش ہے۔")
    assert native_claims.attributions(text, [mention(text, "ٹی ٹی پی", "ttp")]) == []


@pytest.mark.parametrize("sentence, expected", [
    # the verb ends a long clause, far from the number
    ("دو مأمور انتظامی شهرستان ایرانشهر در استان سیستان و بلوچستان در حمله افراد مسلح به شهادت رسیدند.",
     [("killed", 2, False, False)]),
    # two counts of people joined by "and" share the verb and add up ...
    ("دو تبعه چین و یک نگهبان تاجیک به قتل رسیدند.", [("killed", 3, False, False)]),
    # ... unless one is of attackers
    ("څلور سرتیري او شپږ بریدګر ووژل شول.", [("killed", 4, False, False), ("killed", 6, True, False)]),
    # ... or each has its own verb
    ("۱۲ تن کشته و ۲۳ تن زخمی شدند.", [("killed", 12, False, False), ("injured", 23, False, False)]),
    # a headline's noun of dying before the count
    ("کشته شدن دو کارگر چینی در تخار", [("killed", 2, False, False)]),
    # a running toll with a number word in Pashto's oblique form
    ("د مړو شمېر نهو ته ورسېد.", [("killed", 9, False, True)]),
    # people counted with no word of harm are no casualties
    ("۳۰۰ کارمند و داوطلب در عملیات سم‌پاشی سهم دارند.", []),
])
def test_counts_of_people(sentence, expected):
    assert counted(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "معاون فرماندار روز شنبه در گفت‌وگو با رسانه‌ها افزود که تردد کامیون‌ها افزایش یافته است",
    "وزیر داخلہ نے صحافیوں سے گفتگو کرتے ہوئے کہا کہ سرحد کھلی رہے گی",
    "Talking to reporters, the minister said the border would stay open",
])
def test_talking_to_the_press_is_no_talks(sentence):
    names = [name for name, _, _ in load_types().spans(unify(sentence))]
    assert "talks" not in names
    assert "talks" in [name for name, _, _ in load_types().spans(unify("Pakistan and Iran held talks in Tehran"))]


@pytest.mark.parametrize("title", [
    "پاکستان طالبانو ته د اورپکو په اړه خبرداری ورکړ",  # Pashto: Pakistan warned the Taliban about militants
    "پاکستان به طالبان هشدار داد",  # Persian: Pakistan warned the Taliban
    "طالبان اتهامات را رد کرد",  # Persian: the Taliban rejected the accusations
    "روس نے افغان طالبان حکومت کو تسلیم کرلیا",  # Urdu: Russia recognised the Afghan Taliban's government
    "روسیه حکومت طالبان را به رسمیت شناخت",  # Persian: the same
])
def test_a_warning_or_a_rejection_in_a_title_is_a_statement(title):
    names = [name for name, _, _ in load_types().spans(unify(title), in_title=True)]
    assert "statement" in names


def test_a_word_of_dying_before_the_number_and_the_next_word_of_injury_after_and():
    # Persian: "the blast led to the killing of 40 people and the wounding of many", the killed count is 40
    sentence = "این انفجار منجر به کشته شدن ۴۰ نفر و زخمی شدن شمار زیادی شد"
    assert [(kind, value) for kind, value, *_ in counted(sentence)] == [("killed", 40)]


@pytest.mark.parametrize("title", [
    "د پاکستان پوځ پر کونړ د توپ ګولۍ ویشتلي",  # Pashto: Pakistan's army fired artillery shells on Kunar
    "د امریکا د بې پیلوټه الوتکې برید",  # Pashto: a strike of an American unmanned aircraft
    "سرحد پار سے بھارتی فوج کی گولہ باری",  # Urdu: Indian shelling across the border
])
def test_shelling_and_unmanned_aircraft_are_strikes(title):
    assert "strike" in [name for name, _, _ in load_types().spans(unify(title), in_title=True)]
