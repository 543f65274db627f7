"""What kind of line a page's paragraph is: headline-like (short, no sentence break, not a quote), a short sentence
of the story (not the page's furniture), and a paragraph's first sentence. Pure functions of strings.
"""

from __future__ import annotations

import re

_SENTENCE_BREAK = re.compile(r"[.!?]\s+[\"“‘'(]?[A-Z—–-]|[۔؟]\s+\S")


def headline_like(text: str) -> bool:
    words = text.split()
    return (
        3 <= len(words) <= 25
        and not text.endswith((".", ":", ";", ",", "۔", "،", "؛"))
        and not _SENTENCE_BREAK.search(text)
        and not text.isupper()
        and not (len(words) > 12 and _SPEECH.search(text))  # "X, director of health, told AFP: “...": a quote
    )


_SPEECH = re.compile(r"\b(?:told|said|says|added|quoted)\b[^:“\"]{0,40}:\s*[“\"]")


def short_sentence(text: str) -> bool:
    """A short paragraph that is a sentence of the story ("Gunmen stormed the Intercontinental Hotel."), not the
    page's furniture after it: four words or more, ending as a sentence does."""
    return len(text.split()) >= 4 and text.rstrip().endswith((".", "!", "?", "۔", "؟"))


def first_sentence(text: str) -> str:
    match = _SENTENCE_BREAK.search(text)
    return (text[: match.start() + 1] if match else text)[:200]
