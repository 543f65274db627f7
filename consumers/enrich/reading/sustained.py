"""Injuries told as something people sustained, suffered or received, in a parsed English sentence.

    "Eight others who sustained injuries were taken to hospital"    injured 8
    "Three soldiers suffered serious wounds in the attack"           injured 3

The number modifies the people; the verb's object is the injury noun, and the people are the verb's subject or
the noun its relative clause hangs on. Only where the sentence has no injured figure already.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from consumers.enrich.events.casualties import Count
from consumers.enrich.events.numbers import parse_number
from consumers.enrich.reading.counted import of_attackers
from consumers.enrich.reading.grammar import negated

_VERBS = frozenset({"sustain", "suffer", "receive"})
_INJURIES = frozenset({"injury", "injuries", "wound", "wounds", "burns", "burn"})


def sustained(doc: Doc, found: list[Count]) -> list[Count]:
    """Counts of injured stated as injuries sustained (see the module docstring)."""
    if any(c.kind == "injured" for c in found):
        return []
    for verb in doc:
        if verb.lemma_ not in _VERBS or negated(verb) or not any(
                c.dep_ == "dobj" and c.lower_ in _INJURIES for c in verb.children):
            continue
        people = verb.head if verb.dep_ == "relcl" else next((c for c in verb.children if c.dep_ == "nsubj"), None)
        value = _number_of(people) if people is not None else None
        if value:
            return [Count("injured", value, of_attackers(people), start=people.idx, end=people.idx + len(people.text))]
    return []


def _number_of(noun: Token) -> int | None:
    number = next((c for c in noun.children if c.dep_ == "nummod"), None)
    return parse_number(number.text) if number is not None else None
