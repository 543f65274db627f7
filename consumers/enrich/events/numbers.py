"""Numbers as news reports write them: "12", "2,000", "twenty-five", "a dozen", "at least 60", "no one"."""

from __future__ import annotations

import re

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
NUMBER_WORDS = {w: i for i, w in enumerate(_ONES)}
NUMBER_WORDS |= {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD = "|".join(sorted([*NUMBER_WORDS, *SCALES], key=len, reverse=True))
WORDNUM = rf"\b(?:(?:half\s+)?an?\s+)?(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*\b"
DIGITS = r"(?<![\d.,$£€#-])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d%]|[.,]\d|-(?:year|month|day|week|hour|km|kg|member|strong))"
QUALIFIER = (r"(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to|as\s+many\s+as|roughly|"
             r"approximately|an\s+estimated|a\s+total\s+of|another|an\s+additional|a\s+further)")
UNIT = (r"(?!\s*(?:km|kilomet|mile|met(?:er|re)|year|hour|minute|second|day|week|month|per\s*cent|percent|%|"
        r"times|kg|tonnes?|dollars?|rupees?|billion|million|crore|lakh|am\b|pm\b|a\.m|p\.m|o'clock))")
NUMBER = rf"(?P<n>\b(?:no\s+one|nobody|none)\b|(?:{QUALIFIER}\s+)?(?:{DIGITS}|{WORDNUM})){UNIT}"
NUMBER_RE = re.compile(NUMBER, re.I)


def parse_number(text: str) -> int | None:
    """The number a phrase states: "12", "2,000", "twenty-five", "a dozen", "over 140", "no one" (0)."""
    words = re.sub(rf"^{QUALIFIER}\s+", "", text.strip().lower())
    if re.fullmatch(r"no\s+one|nobody|none", words):
        return 0
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", words):
        return int(words.replace(",", ""))
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if tokens[:2] == ["half", "a"] and tokens[2:] == ["dozen"]:
        return 6
    total = current = 0
    for i, token in enumerate(tokens):
        if token in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1] in SCALES:
            current = 1
        elif token in NUMBER_WORDS or token.isdigit():
            current += NUMBER_WORDS[token] if token in NUMBER_WORDS else int(token)
        elif token in ("dozen", "hundred"):
            current = (current or 1) * SCALES[token]
        elif token in ("thousand", "million"):
            total, current = total + (current or 1) * SCALES[token], 0
        else:
            return None
    return total + current if tokens else None


def is_year(raw: str, value: int) -> bool:
    """A four-digit number from 1900 to 2100 is a year, never a toll."""
    return bool(re.fullmatch(r"\d{4}", raw.strip())) and 1900 <= value <= 2100
