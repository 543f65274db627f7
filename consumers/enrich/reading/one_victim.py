"""Victims without a number: a person named, or one person said with "a", "an" or "one", killed or hurt; a list
of such persons counts each, and so does one listed beside a figure ("a doctor and five labourers": six).

    "Khalil Haqqani was killed in a blast in Kabul"     killed 1
    "A policeman was injured when ..."                    injured 1
    "Gunmen shot dead a journalist in Peshawar"           killed 1
    "A colonel, a major and a DSP were killed"            killed 3
    "Eleven soldiers and a civilian were killed"          killed 12

Reads one parsed sentence (consumers/enrich/reading/parse.py) and the counts read_counts found in it; gives a
count of one for a kind (killed or injured) the sentence has no figure of. "The commander was killed" (who was
told of before) and "he was killed" give nothing: the victim may be one already counted.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from consumers.enrich.events.casualties import Count
from consumers.enrich.reading.casualties import harm_of
from consumers.enrich.reading.counted import of_attackers
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
            kind = harm_of(verb, noun.dep_) if noun.dep_ in ("nsubjpass", "dobj", "nsubj") else None
            if kind is None or kind in kinds:
                continue
            people = _listed(noun)
            if not people or not all(_one_person(p, listed=len(people) > 1) for p in people):
                continue
            if len(people) == 1 and _plural_verb(verb):
                continue  # "... and defunct Lashkar-e-Jhangvi were killed": a name the parse took, many people
            out.append(Count(kind, len(people), of_attackers(noun), start=noun.idx, end=noun.idx + len(noun.text)))
            kinds.add(kind)
    return out


def _plural_verb(verb: Token) -> bool:
    """The verb's auxiliary is plural ("were killed", "have been injured"): said of more than one person."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("were", "are", "have") for c in verb.children)


def _listed(noun: Token, appositions: bool = True) -> list[Token]:
    """The noun and those listed with it: its conjuncts, and (`appositions`) appositions that are persons of their
    own ("a colonel, a major and a DSP"); an apposition without "a" is the same person named ("a guard, Sepoy
    Ali")."""
    found = [noun]
    for child in noun.children:
        if child.dep_ == "conj" or (appositions and child.dep_ == "appos"
                                    and any(c.dep_ == "det" for c in child.children)):
            found += _listed(child, appositions)
    return found


def _one_person(noun: Token, listed: bool = False) -> bool:
    """A person's name ("Khalil Haqqani"), or one person: "a policeman", "one soldier" (not "a number of"). In a
    list every item must say "a" or "one": "Haqqani and his guard" stays uncounted."""
    one = any(c.lower_ in _ONE and c.dep_ in ("det", "nummod") for c in noun.children)
    if noun.pos_ == "PROPN" and noun.tag_ == "NNP" and not listed:
        return True
    return (noun.tag_ == "NN" and noun.pos_ == "NOUN" or listed and noun.tag_ == "NNP") and one \
        and not (_a_number_of(noun) and any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children))


def _a_number_of(noun: Token) -> bool:
    """"A number of", "a group of": not one person."""
    return noun.lower_ in ("number", "group", "couple", "dozen", "score", "lot", "handful", "few", "series")


def with_persons_listed(doc: Doc, found: list[Count]) -> list[Count]:
    """Each figure the parse read, plus the persons said with "a" listed beside its noun ("eleven soldiers and a
    civilian"); a list with another figure in it is left as read."""
    out = []
    for count in found:
        number = next((t for t in doc if t.idx == count.start and t.dep_ == "nummod"), None)
        if number is None:
            out.append(count)
            continue
        root = number.head
        while root.dep_ == "conj":
            root = root.head
        # conjuncts only: an apposition restates the figure ("killing 1 person, a security guard")
        others = [p for p in _listed(root, appositions=False) if p.i != number.head.i]
        if others and all(_one_person(p, listed=True) and not any(c.dep_ == "nummod" for c in p.children)
                          for p in others):
            count = replace(count, value=count.value + len(others))
        out.append(count)
    return out
