"""Two cuts of a sentence's clauses (events/units.py): a headline's halves around a semicolon, each read for its own
event; and, in English, the clause a sentence's claim is said in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsmon.arabic_script import has_arabic_script


def headline_halves(clauses: list, text: str, section: str) -> list:
    """A headline's halves around a semicolon are clauses of their own ("Seven terrorists killed in North Waziristan
    operations; four martyred in Bannu attack"): each is read for its own event, and a half of another family is a
    related event (assemble.py); a half about the same event (a claim, a toll) stays with it."""
    if section != "title" or ";" not in text:
        return clauses
    out = []
    for clause in clauses:
        cuts = [clause.start, *(clause.start + m.end() for m in re.finditer(r";\s*", text[clause.start:clause.end])
                                if clause.start + m.end() < clause.end), clause.end]
        out += [replace(clause, start=a, end=b) for a, b in zip(cuts, cuts[1:])]
    return out


_CLAIM_WORD = re.compile(r"\b(?:claim|responsib|credit)", re.I)


def holds_the_claim(text: str, clause, first: bool) -> bool:
    """The clause a sentence's claim is said in: in English, the one with the word of claiming ("the deadliest
    since 2013, when 14 guards were killed in an attack claimed by Jaish al-Adl": the earlier attack's clause);
    otherwise the first."""
    where = _CLAIM_WORD.search(text) if not has_arabic_script(text) else None
    return clause.start <= where.start() < clause.end if where else first
