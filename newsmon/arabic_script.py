"""One form for text in the Arabic script, as Urdu, Persian (Dari) and Pashto write it.

The same word reaches us in several forms: Arabic or Persian letters (ي/ی, ك/ک), Urdu's heh forms (ہ, ھ, ۀ, ة),
with or without short vowels, tatweel (ـ) or a zero-width non-joiner, numbers in Persian (۰-۹) or
Arabic-Indic (٠-٩) digits, and digits written against a word ("میں15افراد", in 15 persons). `unify` brings all of them to one form, so that a catalog name matches however
the text spells it; `normalize` does it for a whole article and remembers where each character came from, so
that evidence is quoted from the original text. Text without Arabic-script characters is returned as it is.

No library here: the maintained Persian normalisers bring in whole NLP stacks (hazm pins numpy and pulls
gensim, fastText and scikit-learn) for what is a table of some fifty characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")

_SAME = {
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی", "ێ": "ی",  # yeh forms (Pashto's ې and ۍ too; not Urdu's
    # final ے, which tells Urdu words apart: "سے" from, "سی" thirty in Persian)
    "ك": "ک", "ڪ": "ک",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه", "ھ": "ه",  # heh forms: Urdu's goal and do-chashmi heh, teh marbuta
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و", "ں": "ن",
    "ټ": "ٹ", "ډ": "ڈ", "ړ": "ڑ",  # Pashto writes Urdu's retroflex letters with its own forms
    "ګ": "گ",  # ... and its g with a ring
    "،": ",", "؛": ";", "؟": "?", "۔": ".", "٫": ".", "٬": ",", "«": '"', "»": '"',
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
}
_DROP = {"\u200c", "\u200d", "\u200e", "\u200f", "\u0640"}  # joiners, direction marks, tatweel
_MARKS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")  # short vowels and Quranic marks


def _unified_char(ch: str) -> str:
    if ch in _DROP or _MARKS.match(ch):
        return ""
    return _SAME.get(ch, ch)


def has_arabic_script(text: str) -> bool:
    return ARABIC_SCRIPT.search(text) is not None


def _glued(before: str, after: str) -> bool:
    """A digit written against a letter of the script ("میں15افراد"): the one form puts a space between them."""
    return (before in _ASCII_DIGITS and ARABIC_SCRIPT.match(after) is not None) or (
        after in _ASCII_DIGITS and ARABIC_SCRIPT.match(before) is not None)


_ASCII_DIGITS = frozenset("0123456789")  # the one form's digits (as _GLUED's [0-9])


_GLUED = re.compile(rf"(?<={ARABIC_SCRIPT.pattern})(?=[0-9])|(?<=[0-9])(?={ARABIC_SCRIPT.pattern})")


def unify(text: str) -> str:
    """The one form of a word or text (see the module docstring); other text unchanged."""
    if text.isascii() or not has_arabic_script(text):
        return text
    return _GLUED.sub(" ", "".join(_unified_char(ch) for ch in text))


@dataclass(frozen=True)
class Normalized:
    """A text in its one form, and for each of its characters the offset it came from in the original."""

    original: str
    text: str
    _starts: tuple[int, ...] = ()  # offsets in `text` where a run of kept characters begins
    _origins: tuple[int, ...] = ()  # ... and where that run begins in `original`

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_original(self, offset: int) -> int:
        """The offset in the original text of an offset in the normalized one (end offsets map to ends)."""
        if not self._starts:
            return offset
        k = bisect_right(self._starts, offset) - 1
        return self._origins[k] + (offset - self._starts[k]) if k >= 0 else offset

    def original_span(self, start: int, end: int) -> str:
        """The original text of a span of the normalized one."""
        if not self.changed:
            return self.original[start:end]
        first = self.to_original(start)
        last = self.to_original(end - 1) + 1 if end > start else first
        return self.original[first:last]

    def original_of(self, fragment: str) -> str:
        """The original text of a fragment of the normalized text (a sentence quoted as evidence)."""
        if not self.changed:
            return fragment
        at = self.text.find(fragment)
        return fragment if at < 0 else self.original_span(at, at + len(fragment))


def normalize(text: str) -> Normalized:
    """The text in its one form, with the way back to the original (identity when nothing changes)."""
    if text.isascii() or not has_arabic_script(text):
        return Normalized(text, text)
    out: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    position, kept_run = 0, False
    for offset, ch in enumerate(text):
        unified = _unified_char(ch)
        if not unified:
            kept_run = False
            continue
        if out and _glued(out[-1][-1], unified[0]):
            starts.append(position)  # the space between a digit and a letter stands for the character after it
            origins.append(offset)
            out.append(" ")
            position += 1
            kept_run = False
        if not kept_run:
            starts.append(position)
            origins.append(offset)
            kept_run = True
        out.append(unified)
        position += len(unified)
    return Normalized(text, "".join(out), tuple(starts), tuple(origins))
