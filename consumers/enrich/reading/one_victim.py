"""One victim and no number: a person named, or one person said with "a", "an" or "one", killed or hurt.

    "Khalil Haqqani was killed in a blast in Kabul"     killed 1
    "A policeman was injured when ..."                    injured 1
    "Gunmen shot dead a journalist in Peshawar"           killed 1

Reads one parsed sentence (consumers/enrich/reading/parse.py) and the counts read_counts found in it; gives a
count of one for a kind (killed or injured) the sentence has no figure of. "The commander was killed" (who was
told of before) and "he was killed" give nothing: the victim may be one already counted.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from consumers.enrich.events.casualties import Count
from consumers.enrich.reading.casualties import _attackers, _kind
from consumers.enrich.reading.grammar import negated

_ONE = frozenset({"a", "an", "one"})


def one_victim(doc: Doc, found: list[Count]) -> list[Count]:
    """Counts of one victim the sentence states without a number (see the module docstring)."""
    kinds = {c.kind for c in found}
    out: list[Count] = []
    for verb in doc:
        if verb.pos_ != "VERB" or negated(verb):
            continue
        for noun in verb.children:
            kind = _kind(verb, noun.dep_) if noun.dep_ in ("nsubjpass", "dobj", "nsubj") else None
            if kind is None or kind in kinds or not _one_person(noun):
                continue
            out.append(Count(kind, 1, _attackers(noun), start=noun.idx, end=noun.idx + len(noun.text)))
            kinds.add(kind)
    return out


def _one_person(noun: Token) -> bool:
    """A person's name ("Khalil Haqqani"), or one person: "a policeman", "one soldier" (not "a number of")."""
    if noun.pos_ == "PROPN" and noun.tag_ == "NNP" and not any(c.dep_ == "conj" for c in noun.children):
        return True
    return noun.tag_ == "NN" and noun.pos_ == "NOUN" and not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children) \
        and any(c.lower_ in _ONE and c.dep_ in ("det", "nummod") for c in noun.children)
