"""What a number in a parsed English sentence counts: attackers or victims ("3 suicide bombers", "15 khawarij",
"another four" after "eight terrorists"), or a part of a count already given ("including 4 police officers", "three
of the dead", "three more victims").
"""

from __future__ import annotations

from spacy.tokens import Token

from consumers.enrich.events.casualties import ATTACKER_NOUNS, MEMBERS_OF_A_GROUP

ATTACKERS = ATTACKER_NOUNS
_SUBSET = frozenset({"including", "include", "among"})
_MORE = frozenset({"more", "additional", "further"})


def subset_or_more(number: Token, noun: Token) -> bool:
    """ "including 4 police officers", "among them 3 children", "three of the dead", "three more victims died"."""
    for token in (number, noun):
        if token.dep_ == "pobj" and token.head.lower_ in _SUBSET:
            return True
        if token.head.lower_ in _SUBSET and token.head.dep_ == "prep":
            return True
    whole = of_whole(number)
    if whole is not None and noun.i == number.i and (whole.pos_ == "PRON" or whole.lemma_.lower() in _COUNTED_BEFORE):
        return True  # "three of them", "two of the dead": part of a count already given
    # "three more victims died": "more" after the number; "more than 400" is a figure, not an increment
    return any(c.lower_ in _MORE and c.i > number.i for c in list(noun.children) + list(number.children))


_COUNTED_BEFORE = frozenset({"dead", "injured", "wounded", "victim", "casualty", "deceased", "body", "killed"})


def of_whole(number: Token) -> Token | None:
    """The noun of "N of the M <noun>" ("Three of the 4 attackers"), the whole a number is part of."""
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "among"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def of_attackers(noun: Token) -> bool:
    """The counted noun names attackers ("3 suicide bombers", "15 khawarij", "three of the 4 attackers")."""
    if noun.like_num and (whole := of_whole(noun)) is not None:
        noun = whole
    elif noun.like_num and noun.dep_ in ("nsubj", "nsubjpass"):
        # "eight terrorists were killed and another four were injured": the subject said before, by its number
        noun = next((t.head for t in reversed(noun.doc[:noun.i]) if t.dep_ == "nummod" and t.head.pos_ == "NOUN"
                     and t.head.dep_ in ("nsubj", "nsubjpass")), noun)
    elif noun.lower_ == "others" and noun.dep_ in ("nsubj", "nsubjpass"):
        # "Twelve militants were killed and 20 others were wounded": the others are more of the subject of the verb
        # joined to theirs (its conjunct, or its sibling under "the governor said")
        verb = noun.head
        # ("the bomber was killed and 20 others were wounded": others than him, so a counted plural only)
        noun = next((t for t in reversed(noun.doc[:noun.i]) if t.dep_ in ("nsubj", "nsubjpass") and t.head.i < verb.i
                     and t.tag_ == "NNS" and any(c.dep_ == "nummod" for c in t.children)
                     and ((verb.dep_ == "conj" and verb.head == t.head)
                          or (verb.head == t.head.head and verb.dep_ == t.head.dep_ != "ROOT"))), noun)
    if noun.lemma_.lower() in ("member", "operative", "cadre"):  # "6 members of the IS group", "six Daesh members"
        words = [t.text for t in noun.doc[noun.left_edge.i: noun.right_edge.i + 1]]
        while words and (words[0].isdigit() or noun.doc.vocab[words[0]].like_num or words[0].lower() in ("at", "least")):
            words.pop(0)
        return MEMBERS_OF_A_GROUP.match(" ".join(words)) is not None
    return noun.lemma_.lower() in ATTACKERS or noun.lower_ in ATTACKERS
