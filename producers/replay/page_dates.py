"""Reading a date written on a page ("Updated 03 October 2023", "January 1, 2024"). Pure: strings in, a UTC
datetime or None out."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from dateutil import parser as date_parser

_RELATIVE_TIME = re.compile(r"\b(?:sec|secs|second|seconds|min|mins|minute|minutes|hour|hours|day|days)\s+ago\b", re.I)


def parse_date(text: str, *, strict: bool = False) -> datetime | None:
    """The date the text gives, with a year; `strict`: the text is a short date line, not a sentence."""
    if _RELATIVE_TIME.search(text) or not re.search(r"\b(?:1[89]|20)\d{2}\b", text):
        return None
    if strict and len(text.split()) > 6:
        return None
    try:
        parsed = date_parser.parse(text, fuzzy=not strict, dayfirst=False)
    except (ValueError, OverflowError):
        return None
    return parsed.replace(tzinfo=parsed.tzinfo or timezone.utc).astimezone(timezone.utc)
