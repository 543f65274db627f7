"""An article's sentences with their character offsets, section (title, summary, lead, body) and paragraph.

Offsets are into the text the enricher reads: title, summary and body joined by blank lines (the text of the
spaCy Doc), so every fact's evidence can point at the sentence it came from. The lead is the first three
paragraphs of the body.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

LEAD_PARAGRAPHS = 3


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article."""

    index: int
    text: str
    start: int
    end: int
    section: str  # "title" | "summary" | "lead" | "body"
    paragraph: int  # body paragraph number (0 for the title and summary)


def article_text(title: str, summary: str, body: str) -> str:
    """The text the pipeline reads: title, summary and body, as paragraphs."""
    return "\n\n".join(part for part in (title, summary, body) if part)


def sentences(doc, title: str, summary: str, body: str) -> list[Sentence]:
    """The sentences of a Doc made from article_text(title, summary, body), labelled by section."""
    bounds, offset = [], 0
    for name, part in (("title", title), ("summary", summary), ("body", body)):
        if part:
            bounds.append((name, offset, offset + len(part)))
            offset += len(part) + 2
    body_start = next((start for name, start, _ in bounds if name == "body"), None)
    full = article_text(title, summary, body)  # the Doc's text, without asking the Doc to rebuild it
    # Where each body paragraph (a non-empty line) starts.
    starts = [] if body_start is None else [body_start + m.start() for m in re.finditer(r"[^\n]*\S[^\n]*", body)]
    found = []
    for start, end in _sentence_spans(doc, len(full)):
        raw = full[start:end]
        text = raw.strip()
        if not text:
            continue
        start += len(raw) - len(raw.lstrip())
        section = next((name for name, lo, hi in bounds if lo <= start < hi), "body")
        paragraph = 0
        if section == "body" and starts:
            paragraph = max(bisect.bisect_right(starts, start) - 1, 0)
            section = "lead" if paragraph < LEAD_PARAGRAPHS else "body"
        found.append(Sentence(len(found), text, start, start + len(text), section, paragraph))
    return found


def _sentence_spans(doc, length: int) -> list[tuple[int, int]]:
    """Character spans of the Doc's sentences, read from its arrays (much faster than iterating doc.sents)."""
    if not len(doc):
        return []
    from spacy.attrs import IDX, SENT_START

    rows = doc.to_array([SENT_START, IDX])
    firsts = [i for i, flag in enumerate(rows[:, 0]) if flag == 1 or i == 0]
    starts = [int(rows[i, 1]) for i in firsts]
    return list(zip(starts, [*starts[1:], length]))
