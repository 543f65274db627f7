"""The place finder's checks of each match: case, common words, people's names, containers, overlaps.

Reads: a Text (the Doc as normal words, with its entities), its Matches and the gazetteer's places. Gives: checked
(the matches that pass, the longest of overlapping ones), and the word lists and helpers resolve.py uses too.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from consumers.enrich.places.gazetteer import Place, fold
from consumers.enrich.places.match import Match, Text
from newsmon.arabic_script import has_arabic_script

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Words after a name that say it is a place, and the kind of place they name.
PLACE_WORDS = {
    "province": "admin1", "provinces": "admin1", "state": "admin1", "governorate": "admin1",
    "district": "district", "districts": "district", "agency": "district", "tehsil": "district",
    "county": "district", "subdistrict": "district",
    "city": "city", "town": "city", "village": "city", "villages": "city", "capital": "city", "suburb": "city",
    "region": "region", "valley": "region", "area": "region", "border": "region", "crossing": "landmark",
}
_LOCATIVE = {"in", "at", "near", "from", "outside", "inside", "into", "across", "around", "within", "toward",
             "towards", "via", "through", "between", "of", "neighbouring", "neighboring", "nearby"}
# Capitalised words before a place name that do not make it part of a person's name.
MODIFIERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "northwest",
             "northeast", "southwest", "southeast", "northwestern", "northeastern", "southwestern",
             "southeastern", "central", "upper", "lower", "greater", "new", "old", "port", "lake", "mount",
             "fort", "saint", "st", "san", "santa", "al", "el", "downtown", "outer", "inner", "rural", "urban",
             "district", "province", "city", "town", "village", "tehsil", "agency"}
# Words after a name that make it a people's: "Bodo militants".
GROUP_NOUNS = {"militant", "militants", "rebel", "rebels", "fighters", "insurgents", "separatists", "tribe",
               "tribes", "tribesmen", "people", "community", "communities", "nationalists", "group", "groups",
               "movement", "leaders", "refugees", "migrants", "origin", "descent", "language", "speakers"}
# Transliteration particles that glue a name into a longer one: "Khanaqa-e-Malawi", "Jaish-e-...".
_PARTICLES = {"e", "i", "ul", "ud", "ut", "ur", "us", "al", "el", "ush", "un", "o"}
_DATELINE_ENDS = {":", ",", "-", "—", "–", "("}
AND = {"and", "or", ",", "&", "و", "اور", "یا"}  # Persian and Urdu "and", "or" too ("،" folds to ",")

# For a name in the Arabic script (Urdu, Persian, Pashto), the same signs in those languages, in their one form
# (script.unify, so "صوبہ" is "صوبه" and Pashto's "ولسوالۍ" is "ولسوالی"). Place words stand before the name as
# often as after it: "ضلع کرم", "صوبہ بلوچستان", "ولایت هرات", "شهر کابل", and Pashto's "د ننګرهار ولایت", Urdu's
# "طورخم بارڈر", "کرم ایجنسی".
NATIVE_PLACE_WORDS = {
    fold(word): kind for words, kind in (
        (("صوبہ", "صوبے", "استان", "ولایت", "ولایات", "ایالت"), "admin1"),
        (("ضلع", "اضلاع", "ولسوالی", "ولسوالۍ", "شهرستان", "تحصیل", "ایجنسی", "ڈویژن"), "district"),
        (("شہر", "شهر", "ښار", "قصبہ", "قصبے", "گاؤں", "روستا", "روستای", "کلي", "بندر", "مرکز"), "city"),
        (("علاقہ", "علاقے", "منطقہ", "منطقه", "سیمه", "سیمې", "وادی", "دره", "درہ"), "region"),
        (("بارڈر", "گذرگاه", "گذرگاہ", "کراسنگ", "مرز", "سرحد", "پولې"), "landmark"),
    ) for word in words
}
# Locatives: Persian "در", Pashto "په" (in) and "نزدیک" (near) before the name; Urdu "میں" (in) after it.
# Pashto's "په ... کې" is known by its "په": in the one form the text is read in, "کې" is Urdu's "کی" ("of").
NATIVE_LOCATIVE_BEFORE = frozenset(fold(w) for w in ("در", "په", "نزدیک", "نزدیکی", "قریب"))
NATIVE_LOCATIVE_AFTER = frozenset(fold(w) for w in ("میں",))


def checked(text: Text, matches: list[Match], places: list[Place]) -> list[Match]:
    """The matches that pass the case, common-word and person checks; the longest of overlapping ones."""
    doc = text.doc
    cased = [m for m in matches if _case_ok(text, m)]
    followers: dict[int, Match] = {}  # the longest match at each word: the Y of "X, Y"
    for m in cased:
        if m.end - m.start > (followers[m.start].end - m.start if m.start in followers else 0):
            followers[m.start] = m
    kept: list[Match] = []
    for m in cased:
        kinds = {places[i].kind for i in m.places}
        ent = text.ents.get(m.first)
        label = ent.label_ if ent is not None else ""
        in_longer = ent is not None and longer(ent, m)
        # Signs that a place is meant: the NER's place entity (not a longer one: "North York" is not York),
        # a place word after it, its container after a comma.
        if label in PLACE_LABELS and not in_longer:
            m.support = m.named = True
        word_kind = place_word(text, m)
        if word_kind == "admin1" and not kinds & {"admin1", "district", "region"} \
                and not any(places[i].curated for i in m.places):
            continue  # "Khorasan Province" is no town called Khorasan
        if word_kind:
            m.support = True
        if _container(text, m, followers, places) is False:
            continue  # "Bodo, Far North Region": the gazetteer has no Bodo in that region
        if m.forced:
            m.support = m.named = True
        if newsroom(text, m):
            continue  # "Fars news agency", "Agence France-Presse", "خبرگزاری فرانسه": who reports, not where
        before = text.text(m.start - 1).lower()
        if (before in _LOCATIVE and (before != "of" or text.text(m.start - 2).lower() in PLACE_WORDS)
                or is_native(text, m) and native_locative(text, m)):
            m.weak = True
        # Glued into a longer name: "Khanaqa-e-Malawi".
        if before in _PARTICLES and text.tokens[m.start - 1] < m.first and not doc[m.first - 1].whitespace_ \
                and not m.named:
            continue
        # A town in a longer person's name ("Mo Farah"); another name of a town in an organisation's.
        if in_longer and not m.support and (label == "PERSON" or (m.name.other and label not in PLACE_LABELS)):
            continue
        if kinds == {"country"}:
            kept.append(m)
            continue
        # A people, not a place ("Bodo militants").
        if label == "NORP" and not in_longer and not (m.support or m.weak) \
                and text.text(m.end).lower() in GROUP_NOUNS:
            continue
        common = m.name.common or (m.end - m.start == 1 and m.key in text.lower)
        if common and not m.support and not (m.weak and any(places[i].curated for i in m.places)):
            m.soft = True  # a name that is also a word: "Split", "Most", "Tank"
        elif m.name.other and label and label not in PLACE_LABELS and not (m.support or m.weak):
            m.soft = True  # another name of a town, that the NER calls something else ("Hamas")
        elif not (m.support or m.weak) and (
                (label == "PERSON" and not in_longer and "admin1" not in kinds) or _after_name(text, m)):
            m.soft = True  # a person's name: exactly a PERSON entity, or after a first name ("Imran Khan")
        kept.append(m)
    # One sense per document, and lists: "in Mir Ali and Lakki Marwat".
    sure = [m for m in kept if not m.soft]
    keys = {m.key for m in sure}
    ends = {m.end for m in sure}
    starts = {m.start for m in sure}
    for m in kept:
        if m.soft and (m.key in keys or _listed(text, m, ends, starts)):
            m.soft = False
    kept = [m for m in kept if not m.soft]
    # The longest of overlapping matches.
    kept.sort(key=lambda m: (m.start - m.end, m.start))
    taken: set[int] = set()
    out = []
    for m in kept:
        span = range(m.start, m.end)
        if not taken.intersection(span):
            taken.update(span)
            out.append(m)
    out.sort(key=lambda m: m.start)
    return out


# A name in a newsroom's name: "Fars news agency", "Agence France-Presse", "Radio Pakistan", Persian "خبرگزاری
# فرانسه" (the France news agency), Pashto "د فرانس پرس اژانس" (the France Press agency), Urdu "... نیوز".
_NEWSROOM_AFTER = re.compile(r"^[\s-]*(?:news\b|press\b|presse\b|tv\b|television\b|پرس(?!\w)|نیوز|پریس(?!\w))", re.I)
_NEWSROOM_BEFORE = re.compile(r"(?:\bagence|\bradio|خبرگزاری|خبرګزاری|رادیو|راډیو)[\s-]*$", re.I)


def newsroom(text: Text, m: Match) -> bool:
    """The name is part of a news agency's, a broadcaster's or a paper's name."""
    doc_text, start, end = text.doc.text, text.starts[m.start], text.end_char(m.end - 1)
    return bool(_NEWSROOM_AFTER.match(doc_text[end: end + 12]) or _NEWSROOM_BEFORE.search(doc_text[max(0, start - 12): start]))


def is_native(text: Text, m: Match) -> bool:
    """The match is written in the Arabic script."""
    return has_arabic_script(text.texts[m.start])


def place_word(text: Text, m: Match) -> str | None:
    """The kind of place that a word beside the name says: the word after it ("Tank district"); for a name in the
    Arabic script, the word after or before it ("کرم ایجنسی", "ضلع کرم")."""
    kind = PLACE_WORDS.get(text.text(m.end).lower())
    if kind is not None or not is_native(text, m):
        return kind
    return NATIVE_PLACE_WORDS.get(fold(text.text(m.end))) or NATIVE_PLACE_WORDS.get(fold(text.text(m.start - 1)))


def native_locative(text: Text, m: Match) -> bool:
    """A name in the Arabic script with a locative beside it: "در کابل", "په کابل کې", "کابل میں"."""
    return fold(text.text(m.start - 1)) in NATIVE_LOCATIVE_BEFORE or fold(text.text(m.end)) in NATIVE_LOCATIVE_AFTER


def _case_ok(text: Text, m: Match) -> bool:
    written = text.texts[m.start:m.end]
    name = m.name
    if name.exact and tuple(written) in name.exact:
        return True
    if not name.capitals or len(written) != len(name.capitals):  # acronyms only, not written so
        return False
    for word, capital in zip(written, name.capitals):
        if capital and not word[:1].isupper():
            return False
    if any(len(w) > 1 and w.isupper() for w in written):  # "SWAT": only in an all-capitals line or a dateline
        doc = text.doc
        if text.sentence_initial(m.first) and text.text(m.end) in _DATELINE_ENDS:
            return True  # "PESHAWAR: ...", "TORKHAM - ..."
        first = m.first
        while first > 0 and not text.sentence_start(first) and doc[first - 1].text != "\n":
            first -= 1
        line = [t for t in doc[first:min(len(doc), m.last + 12)] if t.is_alpha]
        if sum(t.is_upper for t in line) < 0.8 * len(line):
            return False
    return True


def longer(ent: Span, m: Match) -> bool:
    """The entity has more words than the match, besides lower-case words before it ("the", a French "de"), "'s",
    spaces and place words after it ("Hillah city")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and (doc[start].is_lower or doc[start].is_space or doc[start].lower_ == "the"):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].lower_ in ("'s", "’s", *PLACE_WORDS)):
        end -= 1
    return start < m.first or end > m.last


def _container(text: Text, m: Match, followers: dict[int, Match], places: list[Place]) -> bool | None:
    """ "Timbuktu, Mali" / "Hyderabad, Sindh": keep the places of X that Y contains, and the Y that contains them.
    False when Y is a country or admin-1 (and not the next of a list) that contains none of X's places."""
    if fold(text.text(m.end)) != ",":  # "Hyderabad, Sindh", "پشاور، خیبر پختونخوا"
        return None
    y = followers.get(m.end + 1)
    if y is None:
        return None
    xs, ys = [], []
    for i in m.places:
        px = places[i]
        for j in y.places:
            py = places[j]
            if py.country != px.country or i == j:
                continue
            if py.kind == "country" or (py.kind == "admin1" and px.kind != "admin1"
                                        and admin1_key(py) == admin1_key(px)):
                xs.append(i)
                ys.append(j)
    if xs:
        m.forced = tuple(dict.fromkeys(xs))
        y.forced = tuple(dict.fromkeys(ys))
        y.support = y.named = True
        return True
    listed = fold(text.text(y.end)) in AND - {","} or (fold(text.text(y.end)) == "," and y.end + 1 in followers)
    if (all(places[j].kind in ("country", "admin1") for j in y.places) and not listed
            and not any(places[i].curated or places[i].kind in ("country", "admin1") for i in m.places)):
        return False
    return None


def _after_name(text: Text, m: Match) -> bool:
    """After a capitalised word that is no place word, stop word or entity but a person's: "Imran Khan"."""
    if m.start == 0 or text.tokens[m.start - 1] == m.first or text.sentence_initial(m.first):
        return False  # at the start, or after a glued function word
    prev = text.doc[m.first - 1]
    if not prev.is_alpha or not prev.text[:1].isupper() or (prev.is_upper and len(prev) > 1):
        return False
    if prev.lower_ in MODIFIERS or prev.is_stop:
        return False
    ent = text.ents.get(m.first - 1)
    return ent is None or ent.label_ == "PERSON"


def _listed(text: Text, m: Match, ends: set[int], starts: set[int]) -> bool:
    """ "Mir Ali and Lakki Marwat", "Bannu, Tank and Kohat": next to an accepted place by "and", "or" or a comma."""
    if fold(text.text(m.start - 1)) in AND and (m.start - 1) in ends:
        return True
    return fold(text.text(m.end)) in AND and (m.end + 1) in starts


def admin1_key(p: Place) -> str | None:
    return fold(p.admin1) if p.admin1 else None


