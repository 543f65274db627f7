"""The place finder's matcher: names and text in one normal form, and the names found in the text's normal words.

Normal form, word by word: no diacritics, no apostrophes, lower case, dots dropped ("D.I." -> "di"), hyphens and
apostrophes between words left out. A name is split into words as the tokenizer splits a text, so both sides
meet: "Mazar-i-Sharif", "Mazar i Sharif" and "Mazār-e Sharīf" are all "mazar i sharif" or "mazar e sharif".

Reads: the gazetteer (consumers.enrich.places.gazetteer) and the spaCy tokenizer the names are split by. Gives:
name_table (the gazetteer and each name's normal form -> Name), which cache.py stores; NameIndex (finds the names in a
text's normal words), which cache.py makes at load; and Name, Match and Text, which the checks read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from consumers.catalog import Catalog
from consumers.enrich.phrases import Phrases
from consumers.enrich.places.gazetteer import MAIN, Gazetteer, build_gazetteer, fold
from newsmon.arabic_script import has_arabic_script

JOINERS = {"-", "‐", "‑", "–", "'", "’", "‘", "`", "ʼ", "ʻ", "ʿ", "ʾ"}  # left out of the normal words
UNKNOWN = "\x00"  # the normal word of every token that no name contains
_OPENERS = {".", "!", "?", ":", ";", '"', "“", "‘", "(", "[", "—", "-", "–", "|", "•", "*"}
_NO_ACRONYMS: frozenset[tuple[str, ...]] = frozenset()
# A function word glued to a name by a scraping glitch: "atKabul", "TheIslamic".
_GLUED = re.compile(r"^(The|the|at|in|on|of|by|for|from|and|with|to|near)([A-Z][a-z]{2,}|[A-Z]{2,}[a-z]?)$")
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")
_SPLIT_NAME = re.compile(r"(-)| ")


class Name(NamedTuple):
    """Everything the finder knows about one normal form of a name. (A named tuple, not a dataclass: the cache
    makes some 70,000 of them at every start, and a tuple is made in half the time.)"""

    places: tuple[int, ...]  # gazetteer indexes, most populous first
    capitals: tuple[bool, ...]  # which words must start with a capital in the text
    exact: frozenset[tuple[str, ...]]  # acronyms: the words exactly as they must be written
    common: bool  # also an ordinary word: needs a sign the place is meant
    other: bool  # only another name of its places (an exonym, an old spelling), none's own name


class Match:
    """One match: the normal words it spans, its tokens, and what the checks found."""

    __slots__ = (
        "end",
        "first",
        "forced",
        "key",
        "last",
        "name",
        "named",
        "place",
        "places",
        "soft",
        "start",
        "support",
        "weak",
    )

    def __init__(self, name: Name, key: str, start: int, end: int, first: int, last: int) -> None:
        self.name, self.key = name, key
        self.start, self.end = start, end  # normal-word indexes
        self.first, self.last = first, last  # token indexes: doc[first:last]
        self.places = name.places
        self.support = False  # the NER, a container or a place word says a place is meant
        self.named = False  # the NER calls exactly these words a place, or "X, Y" holds
        self.weak = False  # a locative preposition before it
        self.soft = False  # rejected only for want of a sign: one sense per document may restore it
        self.forced: tuple[int, ...] = ()  # the places that "X, Y" leaves
        self.place = -1  # the place chosen


class Text:
    """A Doc as normal words: for each, the word as written, its token and its first character. Runs of words no
    name has are shortened to their first and last word (all that the checks look at)."""

    __slots__ = ("_sentence_starts", "doc", "ents", "lower", "starts", "texts", "tokens", "words")

    def __init__(self, doc: Doc, cache: dict[int, tuple], vocabulary: frozenset[str]) -> None:
        self.doc = doc
        words: list[str] = []
        texts: list[str] = []
        tokens: list[int] = []
        starts: list[int] = []
        lower: set[str] = set()
        if len(cache) > 200_000:
            cache.clear()
        strings = doc.vocab.strings
        # The tokens' hashes and offsets as arrays: much faster than making a Token object of each.
        for i, (orth, idx) in enumerate(zip(doc.to_array(ORTH).tolist(), doc.to_array(IDX).tolist())):
            entry = cache.get(orth)
            if entry is None:
                token_text = strings[orth]
                in_lower_case = token_text if token_text.islower() else None
                entry = cache[orth] = (token_parts(token_text, vocabulary), in_lower_case)
            parts, lower_text = entry
            if lower_text is not None:
                lower.add(lower_text)
            for word, offset, written in parts:
                if word is UNKNOWN and len(words) > 1 and words[-1] is UNKNOWN and words[-2] is UNKNOWN:
                    texts[-1], tokens[-1], starts[-1] = written, i, idx + offset
                    continue
                words.append(word)
                texts.append(written)
                tokens.append(i)
                starts.append(idx + offset)
        self.words, self.texts, self.tokens, self.starts, self.lower = words, texts, tokens, starts, lower
        # The English NER's entities; those in the Arabic script are left out: it labels Urdu, Persian and Pashto
        # words at random ("خیبر پښتونخوا" a PERSON), and there its labels say nothing.
        self.ents: dict[int, Span] = {i: ent for ent in doc.ents if not has_arabic_script(ent.text)
                                      for i in range(ent.start, ent.end)}
        self._sentence_starts: list[int] | None = None

    def text(self, i: int) -> str:
        return self.texts[i] if 0 <= i < len(self.texts) else ""

    def end_char(self, i: int) -> int:
        return self.starts[i] + len(self.texts[i])

    def sentence_start(self, i: int) -> bool:
        if self._sentence_starts is None:
            self._sentence_starts = self.doc.to_array(SENT_START).tolist()
        return i == 0 or self._sentence_starts[i] == 1

    def sentence_initial(self, i: int) -> bool:
        """At the start of a sentence, a line or a quotation: capitalised whatever it is."""
        if self.sentence_start(i):
            return True
        prev = self.doc[i - 1]
        return prev.is_space or prev.text in _OPENERS


def token_parts(text: str, vocabulary: frozenset[str]) -> tuple[tuple[str, int, str], ...]:
    """A token's normal words, each with its offset in the token and its written form: none for a hyphen or an
    apostrophe, two for a function word glued to a name ("atKabul" -> "at", "Kabul")."""
    if text in JOINERS:
        return ()
    glued = _GLUED.match(text)
    if glued:
        head, tail = glued.groups()
        return (_known(head, vocabulary), 0, head), (_known(tail, vocabulary), len(head), tail)
    return ((_known(text, vocabulary), 0, text),)


def _normal(text: str) -> str:
    word = fold(text)
    return word.replace(".", "") if len(word) > 1 else word  # "D.I." -> "di"


def _known(text: str, vocabulary: frozenset[str]) -> str:
    if text.isspace():
        return UNKNOWN
    word = _normal(text)
    return word if word in vocabulary else UNKNOWN


def _name_tokens(nlp: Language, names: list[str]) -> list[list[str]]:
    """Each name's tokens as the tokenizer splits a text: a plain name by its spaces and hyphens, the rest
    (apostrophes, dots, the tokenizer's special cases such as "im") by the tokenizer itself."""
    rules = nlp.tokenizer.rules or {}
    out: list[list[str]] = []
    hard: list[int] = []
    for name in names:
        if _PLAIN_NAME.fullmatch(name) and not any(w in rules for w in name.replace("-", " ").split()):
            out.append([w for w in _SPLIT_NAME.split(name) if w])
        else:
            out.append([])
            hard.append(len(out) - 1)
    for i, doc in zip(hard, nlp.tokenizer.pipe(names[i] for i in hard)):
        out[i] = [t.text for t in doc if not t.is_space]
    return out


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace(" ", "")
    return 1 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


def name_table(nlp: Language, catalog: Catalog, extra_file: Path) -> tuple[Gazetteer, dict[str, Name]]:
    """The gazetteer (its names moved into the table) and each name's normal form -> Name."""
    gazetteer: Gazetteer = build_gazetteer(catalog, extra_file)
    places = gazetteer.places
    # A people is no place: "Somali" is also a region of Ethiopia, "German" a parish of the Isle of Man.
    written = [(n, owners) for n, owners in gazetteer.names.items()
               if n not in gazetteer.demonyms or any(places[i].kind == "country" for i in owners)]
    gazetteer.names = {}  # the table below replaces it
    owners_of: dict[str, dict[int, int]] = {}
    capitals_of: dict[str, list[bool]] = {}
    exact_of: dict[str, set[tuple[str, ...]]] = {}
    for (name, owners), tokens in zip(written, _name_tokens(nlp, [n for n, _ in written])):
        tokens = [t for t in tokens if t not in JOINERS]
        words = [_normal(t) for t in tokens]
        if not tokens or len(tokens) > 8 or not all(words):
            continue
        key = " ".join(words)
        merged = owners_of.setdefault(key, {})
        for i, q in owners.items():
            merged[i] = max(merged.get(i, 0), q)
        if _is_acronym(name):
            exact_of.setdefault(key, set()).add(tuple(tokens))
        else:  # a word needs a capital only if every spelling gives it one
            caps = [t[:1].isupper() for t in tokens]
            capitals_of[key] = [a and b for a, b in zip(capitals_of.get(key, caps), caps)]
    del written
    shapes: dict[tuple[bool, ...], tuple[bool, ...]] = {}
    names: dict[str, Name] = {}
    for key, owners in owners_of.items():
        # A place's own name hides other places' other names, unless one of those is far bigger ("St Petersburg"
        # is a city's own name in Florida and another name of Saint Petersburg).
        best = max(owners.values())
        biggest = max((places[i].population for i, q in owners.items() if q == best), default=0)
        own = sorted((i for i, q in owners.items() if q == best or places[i].population >= 5 * max(biggest, 100_000)),
                     key=lambda i: -places[i].population)
        caps = tuple(capitals_of.get(key, ()))
        exact = frozenset(exact_of[key]) if key in exact_of else _NO_ACRONYMS
        names[key] = Name(tuple(own), shapes.setdefault(caps, caps), exact, key in gazetteer.common_words,
                           best < MAIN)
    del owners_of, capitals_of, exact_of
    fold.cache_clear()  # filled by the build; the finder caches its tokens' normal words itself
    return gazetteer, names


class NameIndex:
    """Every name's words -> its Name, and the Phrases that find them in a text's normal words, overlaps included.
    A Name may be kept as the plain tuple the cache stores: it is made a Name when a text names it."""

    __slots__ = ("phrases", "vocabulary")

    def __init__(self, by_words: dict[tuple[str, ...], tuple]) -> None:
        self.phrases = Phrases(by_words)
        self.vocabulary = frozenset(word for words in by_words for word in words)  # (none is empty)

    @classmethod
    def of(cls, names: dict[str, Name]) -> NameIndex:
        """From the names' table (normal form -> Name), each word one string shared by every name that has it."""
        return cls(by_words(names))

    def find(self, words: list[str]) -> list[tuple[str, Name, int, int]]:
        """Each name in words: its normal form, its Name, and its first and past-the-end word, by start then length."""
        return [(" ".join(words[start:end]), Name._make(row), start, end) for row, start, end in self.phrases.find(words)]


def by_words(names: dict[str, Name]) -> dict[tuple[str, ...], Name]:
    """The names' table keyed by each name's words; a word is one string however many names have it (a pickle
    then stores it once)."""
    shared: dict[str, str] = {}
    return {tuple(shared.setdefault(w, w) for w in key.split(" ")): name for key, name in names.items()}
