"""Names as the gazetteer compares them: folded to ASCII, without apostrophes, in Latin script."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ʻ": None, "ʼ": None, "ʿ": None, "ʾ": None, "'": None,
    "’": None, "‘": None, "`": None, "´": None, "ʹ": None, "′": None, "‐": "-", "‑": "-", "–": "-",
})
LEADING = "'‘’`ʿʾʻ"  # "‘Afrīn"
_LATIN = re.compile(r"[A-Za-z][A-Za-z .\-]*")
_BRACKETS = re.compile(r"\s*[\[(].*?[\])]")


_FOLD_ASCII = str.maketrans({"'": None, "`": None})


def ascii_fold(text: str) -> str:
    """The text without diacritics and apostrophes, case kept: "Mazār-e Sharīf" -> "Mazar-e Sharif"."""
    if text.isascii():
        return text.translate(_FOLD_ASCII) if ("'" in text or "`" in text) else text
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """The form two spellings of a name are compared by: ASCII, lower case, no apostrophes."""
    return ascii_fold(text).lower()


_NOT_LATIN_SCRIPT = re.compile(r"[^\u0000-\u024f\u02b0-\u036f\u1e00-\u1eff\u2018-\u201f\u2032]")


def is_latin(name: str) -> bool:
    """A name an English text could contain as written (Latin letters, spaces, dots, hyphens, apostrophes)."""
    if not name.isascii() and _NOT_LATIN_SCRIPT.search(name):
        return False
    return bool(_LATIN.fullmatch(ascii_fold(name)))


def clean(name: str) -> str:
    """pycountry's "Wales [Cymru GB-CYM]" -> "Wales"."""
    return " ".join(_BRACKETS.sub("", name).split())
