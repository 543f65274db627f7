"""Names as the gazetteer compares them: folded to ASCII (Arabic-script names to their one form, see
newsmon/arabic_script.py), without apostrophes.

Reads: names as strings, nothing else. Gives: ascii_fold and fold (the forms two spellings are compared by), is_latin,
is_arabic_name, clean (pycountry's bracketed notes off) and skeleton (a name's consonants, in either script).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsmon.arabic_script import has_arabic_script, unify

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
    return unify("".join(ch for ch in text if not unicodedata.combining(ch)))


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


# -- names in the Arabic script (Urdu, Persian, Pashto) ---------------------------------------------------------

ZWNJ = "\u200c"  # the zero-width non-joiner of Persian compounds: "اسلام‌آباد"

# Letters of the Arabic script that Urdu, Persian and Pashto do not write: Kurdish, Uyghur and Sindhi letters. A
# package's other name spelled with them is another language's (Sindhi "ڪراچي"), or a transliteration in Kurdish
# vowel letters that no Urdu, Persian or Pashto text will contain.
_OTHER_SCRIPT_LETTERS = re.compile(
    "[\u06D5\u06C6\u06CE\u06B5\u0695\u06C7\u06CB\u06C8\u06C9\u067D\u068A\u068F\u0684\u0683\u0687\u067A\u067F\u06A6"
    "\u06BB\u06B3\u0699\u0762\u0672\u0673\u06EA]"
)
_ARABIC_NAME = re.compile(r"[\u0621-\u065F\u066E-\u06D3\u06FA-\u06FF \u200c-\u200f]+")
_SKELETON_ARABIC = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ٹ": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j", "چ": "C", "خ": "K",
    "د": "d", "ڈ": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ژ": "z", "ر": "r", "ڑ": "r", "ش": "S", "غ": "G",
    "ف": "f", "ق": "k", "ک": "k", "گ": "g", "ګ": "g", "ل": "l", "م": "m", "ن": "n", "ښ": "S", "ځ": "z", "څ": "s",
    "ږ": "z", "ڼ": "n",
}
_SKELETON_LATIN = (("kh", "K"), ("sh", "S"), ("ch", "C"), ("gh", "G"), ("zh", "z"), ("th", "t"), ("ph", "f"),
                   ("dh", "d"), ("bh", "b"), ("jh", "j"), ("q", "k"), ("x", "K"), ("c", "k"))
_VOWELS = re.compile(r"[aeiouwyhv]")
_REPEATS = re.compile(r"(.)\1+")


def is_arabic_name(name: str) -> bool:
    """A name written in the Arabic script only, with letters that Urdu, Persian or Pashto use (no digits, commas
    or Latin letters: "سیالکوٹ، پاکستان" is no name)."""
    return bool(_ARABIC_NAME.fullmatch(name)) and not _OTHER_SCRIPT_LETTERS.search(name) and not name.isspace()


def skeleton(name: str) -> str:
    """The consonants of a name, in either script, as one sound each: "Mazar-e Sharif" and "مزار شریف" are both
    "mzrSrf", "Peshawar" and "پشاور" "pSr". Vowels, h, w, y and the letters that write them are left out, since the
    Arabic script mostly does not write vowels and uses و, ی, ه for them."""
    if has_arabic_script(name):
        out = "".join(_SKELETON_ARABIC.get(ch, "") for ch in unify(name))
    else:
        out = ascii_fold(name.replace("ş", "sh").replace("Ş", "Sh")).lower()
        out = re.sub(r"[^a-z]", "", out)
        for latin, sound in _SKELETON_LATIN:
            out = out.replace(latin, sound)
        out = _VOWELS.sub("", out)
    return _REPEATS.sub(r"\1", out)
