"""The place finder's choices: which place a shared name means in a text, and which matches are only words of
longer names.

Reads: a Text, its checked Matches and the gazetteer's places. Gives: resolve (sets each match's place) and
without_strays (the matches less those that are only words of longer names).
"""

from __future__ import annotations

from collections import Counter

from consumers.enrich.places.gazetteer import Place
from consumers.enrich.places.checks import AND, GROUP_NOUNS, MODIFIERS, PLACE_WORDS, admin1_key, longer, place_word
from consumers.enrich.places.match import Match, Text

# Words after a name that make it the name of a building or firm, not of the place it stands in.
_FACILITIES = {"station", "airport", "hotel", "bank", "mosque", "church", "temple", "bridge", "market", "mall",
               "square", "street", "road", "gate", "stadium", "hall", "centre", "center", "company", "park", "club"}
# Which place a shared name means, among places of one country with that name, when no next word says.
_KIND_RANK = {"city": 6, "district": 5, "admin1": 4, "region": 3, "place": 2, "landmark": 1, "country": 0}
_SMALL = 50_000  # people: a town this small (or of unknown size) may be a word of a longer name


def _in_longer_entity(text: Text, m: Match) -> bool:
    ent = text.ents.get(m.first)
    return ent is not None and longer(ent, m)


def compound(text: Text, m: Match, matches: list[Match]) -> str | None:
    """How the match is a word of a longer name, if it is: before a capitalised word or a facility word ("Victoria
    Station", "Temple Mount", "Save the Children"), before a group noun ("Bodo militants"), inside a longer entity,
    after a capitalised word, or the start of a longer place name of this text ("Dera" in a headline cut short
    beside "Dera Ismail Khan")."""
    doc = text.doc
    nxt = m.last
    if nxt < len(doc) and doc[nxt].lower_ in ("'s", "’s"):
        nxt += 1
    if nxt < len(doc):
        token = doc[nxt]
        if token.lower_ in _FACILITIES or (token.is_alpha and token.text[:1].isupper()
                                           and token.lower_ not in PLACE_WORDS and token.lower_ not in AND):
            return "before-capital"
        if token.lower_ in GROUP_NOUNS:
            return "group"
    if _in_longer_entity(text, m):
        return "entity"
    if m.first > 0 and not text.sentence_initial(m.first):
        prev = doc[m.first - 1]
        if prev.is_alpha and prev.text[:1].isupper() and not prev.is_stop and prev.lower_ not in MODIFIERS:
            return "after-capital"
    if any(o.key.startswith(m.key + " ") for o in matches):
        return "part"
    return None


def stray(text: Text, m: Match, matches: list[Match], places: list[Place]) -> bool:
    """A place that is only a word of a longer name ("Victoria Station", "Kabul Bank") while nothing else in the
    text is in its country: not a country, not the desk's own place, and a small, shared or word-like name."""
    p = places[m.place]
    if p.kind == "country" or p.curated:
        return False
    if not (len(m.places) > 1 or m.name.other or m.name.common or p.population < _SMALL):
        return False  # "the Medan Police", "Mosul's Old City": a big place's own name, and no other place's
    how = compound(text, m, matches)
    if not how or (m.named and how != "before-capital"):
        return False
    return not any(o.key != m.key and o.place >= 0 and places[o.place].country == p.country for o in matches)


def resolve(matches: list[Match], places: list[Place], text: Text) -> None:
    """Choose each match's place; a shared name by the other places of the text (twice, so choices can help)."""
    for m in matches:
        if len(m.places) == 1:
            m.place = m.places[0]
    if all(len(m.places) == 1 for m in matches):
        return
    for _round in range(2):
        countries: Counter[str | None] = Counter()
        admin1s: Counter[tuple[str | None, str | None]] = Counter()
        for m in matches:
            chosen = [m.place] if m.place >= 0 else m.places
            cs = {places[i].country for i in chosen}
            if len(cs) == 1:
                countries[next(iter(cs))] += 1
            a1 = {(places[i].country, admin1_key(places[i])) for i in chosen}
            if len(a1) == 1:
                admin1s[next(iter(a1))] += 1
        for m in matches:
            if len(m.places) > 1:
                m.place = _choose(text, m, countries, admin1s, places)


def _choose(text: Text, m: Match, countries: Counter, admin1s: Counter, places: list[Place]) -> int:
    """The place a shared name means here. First its country: the container next to it, the kind the next word
    says ("Red Sea state"), other places of its admin-1, a country's or continent's own name ("Lebanon", "Asia"), the country most named, the most populous.
    Then within it: the kind the next word says ("Kandahar province"), a city before a district or admin-1 of the
    same name ("Moscow" the city, not Moscow Oblast), then other places of its admin-1."""
    chosen = [m.place] if m.place >= 0 else m.places
    own_cs = {places[i].country for i in chosen}
    own_a1 = {(places[i].country, admin1_key(places[i])) for i in chosen}

    def support(i: int) -> tuple[int, int]:  # other mentions in its admin-1, in its country
        p = places[i]
        a1 = (p.country, admin1_key(p))
        return (admin1s[a1] - (a1 in own_a1 and len(own_a1) == 1),
                countries[p.country] - (p.country in own_cs and len(own_cs) == 1))

    word_kind = place_word(text, m)

    def country_key(i: int) -> tuple:
        p = places[i]
        in_admin1, in_country = support(i)
        broad = p.kind == "country" or p.country is None  # "Lebanon", "Asia": over any town of that name
        return i in m.forced, p.kind == word_kind, in_admin1 > 0, broad, in_country, p.curated, p.population

    best = places[max(m.places, key=country_key)].country

    def place_key(i: int) -> tuple:
        p = places[i]
        return i in m.forced, p.kind == word_kind, _KIND_RANK.get(p.kind, 0), support(i)[0], p.curated, p.population

    return max((i for i in m.places if places[i].country == best), key=place_key)


def without_strays(text: Text, matches: list[Match], places: list[Place]) -> list[Match]:
    """The matches less those that are only words of longer names, their places chosen again without them. One
    sense per document: a name that is a word of a longer name somewhere is one everywhere, unless a mention
    elsewhere is plainly a place ("in Medina", the NER's place)."""
    strays = {m.key: m for m in matches if stray(text, m, matches, places)}
    for m in matches:
        if m.key in strays and strays[m.key] is not m and (m.named or m.weak) and not compound(text, m, matches):
            del strays[m.key]
    if not strays:
        return matches
    kept = [m for m in matches if m.key not in strays]
    for m in kept:
        m.place = -1
    resolve(kept, places, text)
    return kept
