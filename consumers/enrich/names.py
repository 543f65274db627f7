"""Names as people write them: one normal form for the text and the catalog, and spelling variants.

Both sides go through `normal_words`: diacritics are folded ("Ṭālibān" -> "Taliban"), Arabic-script letter
forms, vowel marks, joiners and digits are brought to one form (newsmon/arabic_script.py: "تحريك طالبان" is
"تحریک طالبان"), apostrophes of
every kind (' ’ ‘ ʿ ʼ ` ´) are dropped inside a word ("Jama'at", "Jamaʿat" -> "Jamaat") and a
possessive is "'s" whatever its apostrophe, a dash between two words is "-", runs of spaces and line
breaks inside a paragraph are dropped (a paragraph break stays, so no name spans two paragraphs), and
a function word glued to a name by a scraping glitch is split off ("TheIslamic State" -> "The Islamic
State", "atKabul" -> "at Kabul"). Case is kept: acronyms are matched case-sensitively.

What normalising cannot do, `spellings` does on the catalog side: a group's name written with the
transliteration particles (e/i, al, ul, ud, ut, wal, ...) hyphenated, spaced or joined to their word
("Tehrik-i-Taliban", "Tehrik i Taliban", "Tehrik-e-Taliban"; "Jamaat-ul-Ahrar", "Jamaatul Ahrar";
"al-Qaeda", "alQaeda"). Only names that have a particle or a hyphen get variants, so "Pakistan
Taliban" never becomes "Pakistan-Taliban" (talks between Pakistan and the Taliban).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from newsmon.arabic_script import unify

_APOSTROPHES = "'’‘ʿʼʻ`´′"
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_DASHES = {"-", "‐", "‑", "–"}
_GLUED = re.compile(r"^(The|the|at|in|on|of|by|for|from|and|with|to)([A-Z][a-z]{2,}|[A-Z]{2,}[a-z]?)$")
_PLAIN = re.compile(r"^[A-Za-z0-9]+$")

# Particles of Arabic, Persian and Urdu names as transliterated into English.
_IZAFE = ("e", "i")  # Tehrik-e-Taliban / Tehrik-i-Taliban: one sound, two spellings
_JOIN_LEFT = {"ul", "ud", "ut", "us", "ur", "ush", "un"}  # Jamaat-ul-Ahrar -> Jamaatul Ahrar
_JOIN_RIGHT = {"al", "el"}  # al-Qaeda -> alQaeda
PARTICLES = {*_IZAFE, *_JOIN_LEFT, *_JOIN_RIGHT, "wal", "wa", "ash", "as", "ad", "az", "fi", "bil", "lil", "li"}
MAX_SPELLINGS = 64


def fold(word: str) -> str:
    """A word without diacritics and apostrophes, its case kept; a possessive is "'s"."""
    if _PLAIN.match(word):
        return word
    if word in _DASHES:
        return "-"
    if len(word) == 2 and word[0] in _APOSTROPHES and word[1] in "sS":
        return "'s"
    decomposed = unicodedata.normalize("NFKD", word)
    plain = unify("".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i"))
    return plain.translate(_DROP_APOSTROPHES) or ("'" if plain else word)


def normal_words(texts: Iterable[str]) -> tuple[list[str], list[int]]:
    """The normal form of a tokenised text: its words and, for each, the index of the token it came from."""
    words: list[str] = []
    index: list[int] = []
    for i, text in enumerate(texts):
        normal = _normal_token(text)
        if normal == (text,):
            words.append(text)
            index.append(i)
        elif normal:
            words.extend(normal)
            index.extend([i] * len(normal))
    return words, index


@lru_cache(maxsize=65536)
def _normal_token(text: str) -> tuple[str, ...]:
    """One token's normal words: itself, folded, split in two when glued, or none for spacing."""
    if _PLAIN.match(text):
        glued = None if text.islower() else _GLUED.match(text)
        return glued.groups() if glued else (text,)
    if text.isspace():
        return ("\n\n",) if text.count("\n") >= 2 else ()  # spacing inside a paragraph is dropped
    return (fold(text),)


def spellings(form: str) -> list[str]:
    """The form and its variants: particles hyphenated, spaced or joined, e/i exchanged.

    A form with neither a particle nor a hyphen is returned alone. Should the variants grow past
    MAX_SPELLINGS (long Arabic names), only all-spaced, all-hyphenated and particles-joined remain.
    """
    parts = re.split(r"([ -])", form)
    words, seps = parts[0::2], parts[1::2]
    particle = [w in PARTICLES for w in words]
    if not any(particle) and "-" not in seps or len(words) < 2:
        return [form]
    word_options = [list(dict.fromkeys((w, *_IZAFE))) if w in _IZAFE else [w] for w in words]
    sep_options = []
    for k in range(len(seps)):
        left, right = words[k], words[k + 1]
        options = [seps[k], " ", "-"]
        if right in _JOIN_LEFT or left in _JOIN_RIGHT and right[:1].isupper():
            options.append("")
        sep_options.append(list(dict.fromkeys(options)))
    total = 1
    for options in (*word_options, *sep_options):
        total *= len(options)
    if total <= MAX_SPELLINGS:
        combos = itertools.product(*word_options, *sep_options)
        choices = [(c[: len(words)], c[len(words):]) for c in combos]
    else:
        uniform = [[sep] * len(seps) for sep in (" ", "-")]
        joined = [o[-1] if o[-1] == "" else sep for o, sep in zip(sep_options, seps)]
        choices = [(words, chosen) for chosen in (*uniform, joined)]
    out = []
    for chosen_words, chosen_seps in choices:
        text = chosen_words[0] + "".join(s + w for s, w in zip(chosen_seps, chosen_words[1:]))
        out.append(text)
    return list(dict.fromkeys([form, *out]))


class FormSplitter:
    """A catalog form's tokens as the spaCy tokenizer gives them. Words of letters and single spaces, none of them
    a special case of the tokenizer ("Dont"), are split at the spaces without asking it: half of the catalog's
    forms, and the tokenizer's Docs were a third of the actor linker's start."""

    _PLAIN = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")

    def __init__(self, tokenizer: Callable) -> None:
        self._tokenizer = tokenizer
        self._special = frozenset(getattr(tokenizer, "rules", None) or ())

    def __call__(self, form: str) -> list[str]:
        if self._PLAIN.fullmatch(form):
            words = form.split(" ")
            if self._special.isdisjoint(words):
                return words
        return [t.text for t in self._tokenizer(form)]
