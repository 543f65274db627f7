"""Claims, denials, blame and suspicion in Urdu, Persian (Dari) and Pashto sentences, from the phrases of
consumers/data/languages.yaml (compiled by native.load_rules): the group's name, then within its clause a phrase of
claiming ("... ذمہ داری قبول کر لی"), denying, blaming or doing it; a claim phrase around the name counts too
("حملے کی ذمہ داری X نے قبول کی"), unless the sentence says nobody claimed it. Pure functions of a sentence in its
one form (newsmon/arabic_script.py).
"""

from __future__ import annotations

import re

from consumers.enrich.events.claims import Attribution, Mention
from consumers.enrich.events.native import load_rules
from consumers.enrich.events.native_words import Rules
from newsmon.arabic_script import unify

_CLAUSE_END = re.compile(r"[.!?;]|\s(?:اور|لیکن|جبکہ|و|اما|ولی|او|خو)\s")


def claims_responsibility(sentence: str, rules: Rules | None = None) -> bool:
    """True when the sentence reports a claim of responsibility, whoever made it."""
    rules = rules or load_rules()
    return rules.claim.search(sentence) is not None and rules.no_claim.search(sentence) is None


def attributions(sentence: str, mentions: list[Mention], rules: Rules | None = None) -> list[Attribution]:
    """What the sentence says about each named actor's part in the event (states can only deny)."""
    rules = rules or load_rules()
    found = []
    for mention in mentions:
        after = _clause(sentence[mention.end: mention.end + 160])
        before = _clause_tail(sentence[max(0, mention.start - 40): mention.start])
        if mention.kind == "state":
            basis = "denied" if rules.deny.search(after) else None
        elif _claimed(sentence, mention, before, after, rules) and not _possessor(sentence, mention, after, mentions):
            basis = "claimed"
        elif rules.deny.search(after):
            basis = "denied"
        elif rules.blame.search(after) or rules.blame_before.search(before):
            basis = "blamed"
        elif rules.suspect.search(before) or rules.suspect.search(after[:40]):
            basis = "suspected"
        elif rules.did_it.search(after) or rules.did_it_before.search(before) or _whose_attack(before, after) \
                or (mention.kind == "group" and rules.did_it.search(_clause(sentence[mention.end: mention.end + 160],
                                                                            nouns_joined=True))):
            basis = "reported"
        else:
            basis = None
        if basis is not None:
            found.append(Attribution(mention.actor, basis, mention.actor if basis == "claimed" else None))
    return found


_OF_BEFORE = re.compile(r"(?<!\w)د\s*$")  # Pashto "of": "د طالبانو" (of the Taliban)
_BY = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:له\s+خوا|لخوا|ویاند|وياند|ترجمان)")  # "by", "spokesman": the name acts


def _possessor(sentence: str, mention: Mention, after: str, mentions: list[Mention]) -> bool:
    """A Pashto name in the genitive after another group that stands as the subject: it says whose the claimed
    thing is ("داعش ... د طالبانو د دوو ملاتړو ... مسوولیت": the Taliban's supporters), not who claims. Alone,
    "د X ډلې منلی" is the agent (accepted by X's group), as are "د X له خوا" (by X) and "د X ویاند" (its spokesman)."""
    if not _OF_BEFORE.search(sentence[max(0, mention.start - 4): mention.start]) or _BY.match(after):
        return False
    return any(m.kind == "group" and m.end <= mention.start and m.actor != mention.actor
               and not _OF_BEFORE.search(sentence[max(0, m.start - 4): m.start]) for m in mentions)


def _claimed(sentence: str, mention: Mention, before: str, after: str, rules: Rules) -> bool:
    """A claim phrase after the name ("X ... ذمہ داری قبول کر لی"), or around it ("حملے کی ذمہ داری X نے قبول کی")."""
    if rules.no_claim.search(sentence) is not None:
        return False
    if rules.claim.search(after):
        return True
    window = before + sentence[mention.start: mention.end] + after
    return any(m.start() < len(before) < m.end() for m in rules.claim.finditer(window))


def _clause_tail(text: str) -> str:
    """The text from the start of the clause the mention stands in."""
    ends = list(_CLAUSE_END.finditer(text))
    return text[ends[-1].end():] if ends else text


def _clause(text: str, nouns_joined: bool = False) -> str:
    """The text up to the end of the clause the mention stands in; `nouns_joined`: a Pashto "او" (and) does not end
    it, as it joins two nouns as often ("د ملي امنیت او پولیسو د مرکز تر څیرمه دوه چاودنې کړي": the Taliban carried
    out two blasts near the centre of the security service and the police)."""
    end = (_CLAUSE_END_NOT_AND if nouns_joined else _CLAUSE_END).search(text)
    return text[: end.start()] if end else text


_CLAUSE_END_NOT_AND = re.compile(r"[.!?;،,]|\s(?:لیکن|جبکہ|اما|ولی|خو|چې|چی)\s")
# Pashto "د X ... حمله" (X's attack): the group named as whose the attack is
_OF_BEFORE_WORDS = re.compile(r"(?<!\S)د\s+(?:\S+\s+){0,2}$")  # "د وسله والو طالبانو": of the armed Taliban
_ATTACK_NOUN_AFTER = re.compile(r"^\s*(?:\S+\s+){0,1}?(?:%s)(?!\S)" % "|".join(unify(w) for w in (
    "حمله", "حملې", "برید", "بریدونه", "بریدونو")))


def _whose_attack(before: str, after: str) -> bool:
    """A Pashto genitive on an attack's word: "د وسله والو طالبانو لویه حمله" (the armed Taliban's big attack)."""
    return bool(_OF_BEFORE_WORDS.search(before) and _ATTACK_NOUN_AFTER.match(after))
