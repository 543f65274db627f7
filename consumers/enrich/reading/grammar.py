"""Small questions asked of a parsed sentence: which tokens a phrase spans, whether a verb is negated or passive,
which verbs are coordinated with it, whether a number is an age or a sum rather than a count."""

from __future__ import annotations

from spacy.tokens import Doc, Token

NEGATIVE_DETERMINERS = frozenset({"no", "none", "nobody", "neither", "nor"})


def phrase(token: Token) -> set[int]:
    """The token indexes of a noun phrase with its appositions and conjuncts ("the Islamic State's Khorasan Province
    (IS-KP)", "Jamaat-ul-Ahrar and the TTP")."""
    return {t.i for t in token.subtree}


def doers(head: Token) -> set[int]:
    """The tokens that name who a phrase says acts: its head with the words of its name (compounds, flat names,
    hyphen parts), its appositions ("the Balochistan Liberation Army (BLA)") and its conjuncts; not a possessor or
    modifier of it ("al-Qaeda's affiliate": the affiliate acts)."""
    found = {head.i}
    for child in head.children:
        if child.dep_ in ("compound", "flat", "nmod", "amod", "punct", "det") and child.i != head.i:
            found |= {t.i for t in child.subtree if t.dep_ != "poss"} if child.dep_ == "compound" else {child.i}
        elif child.dep_ in ("appos", "conj"):
            found |= doers(child)
    return found


def subject(verb: Token) -> Token | None:
    """The verb's subject: its own, or that of the verb it is coordinated with ("claimed and said")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return subject(verb.head) if verb.dep_ == "conj" or verb.dep_ == "xcomp" else None
    return None


def objects(verb: Token) -> list[Token]:
    """Direct objects and attributes of a verb (and those of its preposition "for": "claimed responsibility for the
    attack" gives responsibility)."""
    return [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]


def agent(verb: Token) -> Token | None:
    """The agent of a passive verb ("claimed by the TTP")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def negated(token: Token) -> bool:
    """A verb with "not"/"never", a noun with "no" ("no claim"), or a subject "no group", "nobody"."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if any(c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS for c in token.children):
        return True
    if token.lower_ in NEGATIVE_DETERMINERS or token.lower_ in ("nobody", "none"):
        return True
    head = subject(token) if token.pos_ in ("VERB", "AUX") else None
    return head is not None and head.i != token.i and (
        head.lower_ in ("nobody", "none", "no-one") or any(c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS
                                                            for c in head.children))


def passive(verb: Token) -> bool:
    """A passive verb ("were killed"), or a bare past participle read as one ("62 injured", "a man shot dead")."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if any(c.dep_ == "dobj" for c in verb.children):
        return False  # a verb with a direct object is active whatever its tag ("killed at least 150 persons")
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux",) and c.lemma_ == "have" for c in verb.children)


def coordinated(verb: Token) -> list[Token]:
    """Verbs coordinated with this one ("killed and wounded"), either way."""
    found = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ")]
    if verb.dep_ == "conj":
        found.append(verb.head)
    return found


def tokens_of(doc: Doc, start: int, end: int) -> set[int]:
    """Indexes of the tokens within character offsets [start, end) of the Doc."""
    return {t.i for t in doc if start <= t.idx < end}


def first_conjunct(noun: Token) -> Token:
    """The first noun of the coordination a noun stands in ("Spaniards" in "three Afghans and three Spaniards")."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        noun = noun.head
    return noun


def age_or_money(token: Token) -> bool:
    """A number that is an age, a distance, a share or a sum of money, not a count of people."""
    following = token.doc[token.i + 1: token.i + 3].text.lower()
    return following.startswith(("year", "-year", "yrs", "%", "percent", "per cent", "km", "kilomet", "mile", "rupee",
                                 "dollar", "million", "billion", "crore", "lakh", "kg")) or token.head.lower_ in (
        "aged", "age") or _after_a_name(token)


def _after_a_name(token: Token) -> bool:
    """An age set off after a name: "Satish Sharma, 45―were declared dead", "Pritam Lal (57)"."""
    doc, i = token.doc, token.i
    if i < 2 or i + 1 >= len(doc) or (doc[i - 1].text, doc[i + 1].text) not in _AGE_MARKS:
        return False
    return doc[i - 2].pos_ == "PROPN" or doc[i - 2].ent_type_ == "PERSON"


_AGE_MARKS = {(",", ","), (",", "―"), (",", "—"), (",", "–"), (",", "-"), (",", "and"), (",", ")"), ("(", ")")}

