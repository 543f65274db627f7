"""Small formatting helpers the templates use (pure)."""

from __future__ import annotations

from urllib.parse import urlencode

FACT_LABELS = {"type": "event", "when": "date", "where": "place", "killed": "killed", "injured": "injured",
               "attackers_killed": "attackers killed", "perpetrator": "perpetrator", "claimed": "claimed",
               "target": "target"}
LANGUAGE_NAMES = {"en": "English", "ur": "Urdu", "fa": "Persian", "ps": "Pashto", "ar": "Arabic", "hi": "Hindi"}


def when(value: str | None) -> str:
    """2026-11-30T12:01:05Z -> 2026-11-30 12:01 UTC."""
    if not value:
        return "–"
    return value.replace("T", " ")[:16] + " UTC"


def toll(row) -> str:
    parts = []
    if row["killed"] is not None:
        parts.append(f"{row['killed']} killed")
    if row["injured"] is not None:
        parts.append(f"{row['injured']} injured")
    return ", ".join(parts) or "–"


def place(row) -> str:
    return joined_place(row["place"], row["admin1"], row["country"])


def joined_place(*parts: str | None) -> str:
    """Name, admin-1, country, without empty or repeated parts (Damascus, SY rather than Damascus, Damascus, SY)."""
    kept: list[str] = []
    for part in parts:
        if part and part not in kept:
            kept.append(part)
    return ", ".join(kept) or "–"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def query(pairs: dict) -> str:
    return urlencode(pairs)


def language(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def is_rtl(code: str | None) -> bool:
    return code in ("ur", "fa", "ps", "ar")


FILTERS = {"when": when, "toll": toll, "place": place, "percent": percent, "query": query, "language": language,
           "fact_label": lambda name: FACT_LABELS.get(name, name), "rtl": is_rtl}
