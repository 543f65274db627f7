"""A lead that argues instead of reporting: an editorial or a column that carries no label ("Pakistan needs to
avoid past mistakes ... cannot afford blunders"). Reads the body's first English sentences against the words of
consumers/data/framing.yaml `argument` (loaded with the rest of the framing, events/recency.py): nobody is said to
say or report anything, no day is named, and enough words of argument stand. Gives the words found, or None.
"""

from __future__ import annotations

from consumers.enrich.events.recency import Framing, load_framing
from newsmon.arabic_script import has_arabic_script, unify

_SENTENCES = 3


def argued(lead: list[str], framing: Framing | None = None, title: str = "") -> str | None:
    """The words of argument of a lead (the body's first sentences) that reports nothing, or None. A headline that
    asks a question ("TTP talks: does Pakistan know what it is getting into?") is one more word of argument."""
    text = " ".join(lead[:_SENTENCES])
    if not text or has_arabic_script(text):
        return None
    framing = framing or load_framing()
    if framing.reporting.search(text) or framing.day.search(text):
        return None
    found = [m.group(0) for m in framing.arguing.finditer(text)] + (["a question"] if title.rstrip().endswith("?") else [])
    return ", ".join(found) if len(found) >= framing.arguments_at_least else None


def asks(title: str, lead: str, framing: Framing | None = None) -> str | None:
    """A headline in Urdu, Persian or Pashto that asks a question ("کالعدم ٹی ٹی پی کن علاقوں میں موجود ہے؟",
    where is the TTP?) over a lead (the body's first paragraphs) that names no day: an explainer or a column, not a
    report ("په میرزا اولنګ کې څه تیر شوي؟", what happened in Mirza Olang?, which tells of Saturday's killings, is one);
    or None."""
    if not title.rstrip().endswith(("؟", "?")) or not has_arabic_script(title):
        return None
    framing = framing or load_framing()
    return None if framing.day.search(unify(f"{title} {lead}").lower()) else "a question"
