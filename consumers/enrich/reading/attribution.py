"""Who did it, from the parse of one English sentence: the grammatical roles around the verbs of claiming,
denying, blaming and attacking, not the words next to a name.

    claimed    the subject of "claim" with responsibility, credit or an attack as its object ("The Islamic State's
               Khorasan Province (IS-KP) claimed responsibility"), of "take"/"accept" responsibility, or the agent
               of a passive claim ("was claimed by the BLA")
    denied     the subject of "deny", "reject", "disown" ("the TTP denied involvement")
    blamed     the object of "blame", "accuse", "hold responsible" ("police blamed the BLA"); the subject of "be
               behind" or "be responsible" in a sentence that says who says so
    reported   the subject of a verb of attacking ("TTP militants stormed"); the object of "by" after an attack noun
               ("an attack by the BLA")
    suspected  the subject of a passive "suspect" ("the BLA is suspected"); a name under "suspected" ("suspected
               TTP militants")

A negated claim is no claim: "not" or "never" on the verb, "no" on the noun ("no immediate claim of
responsibility") or on the subject ("no group claimed"). States only deny: a state that blames or attacks is
the accuser or a party, never the perpetrator here.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from consumers.enrich.events.claims import BASIS_ORDER, Attribution, Mention
from consumers.enrich.reading.grammar import agent, doers, negated, objects, phrase, subject, tokens_of

_RESPONSIBILITY = frozenset({"responsibility", "credit", "ownership"})
_ATTACK_NOUNS = frozenset({"attack", "bombing", "blast", "explosion", "killing", "raid", "assault", "ambush", "strike",
                           "shooting", "operation", "abduction", "kidnapping", "massacre", "hijacking", "it"})
_DENY = frozenset({"deny", "reject", "disown", "distance", "dismiss", "refute", "rebuff"})
_BLAME = frozenset({"blame", "accuse", "hold", "pin", "charge"})
_DID = frozenset({"attack", "storm", "ambush", "kill", "bomb", "raid", "target", "abduct", "kidnap", "hijack", "shoot",
                  "detonate", "launch", "execute", "behead", "massacre", "carry", "stage", "conduct", "perpetrate",
                  "orchestrate", "mastermind", "plan", "overrun", "seize", "fire"})
_NOT_ITSELF = frozenset({"affiliate", "branch", "offshoot", "faction", "splinter", "ally", "wing", "franchise",
                         "sympathiser", "sympathizer", "supporter"})
_SAYING = frozenset({"say", "tell", "state", "announce", "accord", "allege", "claim", "add", "confirm"})


@dataclass(frozen=True)
class Reading:
    """What one sentence says of who did it: attributions, and whether it reports a claim (by anyone) or denies
    that there was one."""

    attributions: list[Attribution]
    claim: bool
    no_claim: bool


def read_attribution(doc: Doc, mentions: list[Mention]) -> Reading:
    """Attributions of the actors named in one parsed sentence (mention offsets are the sentence's)."""
    spans = {m: tokens_of(doc, m.start, m.end) for m in mentions}
    found: dict[str, str] = {}
    claim = no_claim = False

    def give(tokens: set[int], basis: str, head: Token | None = None) -> None:
        for mention, own in spans.items():
            if head is not None and head.i not in own and head.lemma_.lower() in _NOT_ITSELF:
                continue  # "an al-Qaeda affiliate claimed": the affiliate did, not al-Qaeda
            if own & tokens and (mention.kind == "group" or basis == "denied"):
                if BASIS_ORDER.index(basis) < BASIS_ORDER.index(found.get(mention.actor, "denied")) or \
                        mention.actor not in found:
                    found[mention.actor] = basis

    for token in doc:
        lemma = token.lemma_.lower()
        if _claims(token, lemma):
            if negated(token) or (token.dep_ == "xcomp" and _yet_to(token)):
                no_claim = True
                continue
            claim = True
            who = agent(token) if any(c.dep_ == "auxpass" for c in token.children) else subject(token)
            if who is not None:
                give(doers(who), "claimed", who)
        elif lemma == "claim" and token.pos_ == "NOUN":
            if negated(token):
                no_claim = True
            elif any(c.dep_ == "prep" and c.lower_ == "of" and any(g.lemma_ in _RESPONSIBILITY for g in c.children)
                     for c in token.children):
                claim = True
        elif lemma in _DENY and token.pos_ == "VERB" and not negated(token):
            if (who := subject(token)) is not None:
                give(doers(who), "denied", who)
        elif lemma in _BLAME and token.pos_ == "VERB" and not negated(token):
            for thing in objects(token):
                give(phrase(thing), "blamed")
        elif lemma == "suspect" and token.pos_ == "VERB":
            if any(c.dep_ == "auxpass" for c in token.children) and (who := subject(token)) is not None:
                give(phrase(who), "suspected")
            elif token.dep_ == "amod":
                give(phrase(token.head) - {token.i}, "suspected")
        elif lemma == "be" and (who := subject(token)) is not None and _behind(token):
            give(phrase(who), "blamed" if _said(doc) else "reported")
        elif (lemma in _DID or _set_on_fire(token, lemma)) and token.pos_ == "VERB" and not negated(token) and not \
                any(c.dep_ == "auxpass" for c in token.children) and not _in_general(token):
            if (who := subject(token)) is not None:
                hedged = any(t.lower_ in ("suspected", "alleged", "presumed", "suspect") for t in who.subtree)
                give(doers(who) | _belonging_to(who), "suspected" if hedged else "reported", who)
        elif lemma in _ATTACK_NOUNS and token.pos_ == "NOUN":
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "by"):
                for thing in prep.children:
                    give(phrase(thing), "reported")
    attributions = [Attribution(actor, basis, actor if basis == "claimed" else None) for actor, basis in found.items()]
    return Reading(attributions, claim and not no_claim, no_claim)


def _set_on_fire(verb: Token, lemma: str) -> bool:
    """ "set ablaze a vehicle", "set the bus on fire", "set fire to": an attack by fire."""
    return lemma == "set" and any(t.lower_ in ("ablaze", "fire", "alight") for t in verb.subtree if t.head.i == verb.i
                                  or t.head.head.i == verb.i)


_BELONGING = frozenset({"affiliate", "affiliated", "belong", "belonging", "link", "linked", "associate", "associated"})


def _belonging_to(who: Token) -> set[int]:
    """The group the doers belong to: "terrorists affiliated with Fitna al-Khawarij", "militants belonging to the
    TTP", "gunmen linked to the BLA" (the doers are its men, so the group did it)."""
    found: set[int] = set()
    for said in (c for c in who.children if c.dep_ in ("acl", "amod")
                 and (c.lower_ in _BELONGING or c.lemma_.lower() in _BELONGING)):
        for prep in (c for c in said.children if c.dep_ == "prep" and c.lower_ in ("with", "to")):
            for group in (c for c in prep.children if c.dep_ == "pobj"):
                found |= doers(group)
    return found


def _claims(token: Token, lemma: str) -> bool:
    """A verb of claiming an attack: claim responsibility or an attack; take, accept or assume responsibility."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    things = {o.lemma_.lower() for o in objects(token)}
    if lemma == "claim":
        return bool(things & (_RESPONSIBILITY | _ATTACK_NOUNS)) or any(c.dep_ == "auxpass" for c in token.children) \
            or (token.dep_ == "amod")
    return lemma in ("take", "accept", "assume", "bear") and bool(things & _RESPONSIBILITY)


def _in_general(verb: Token) -> bool:
    """A verb of attacking said of attacks in general ("has carried out similar attacks", "launched attacks")."""
    things = [o for o in verb.subtree if o.dep_ in ("dobj", "pobj") and o.lemma_.lower() in _ATTACK_NOUNS]
    return any(o.tag_ == "NNS" for o in things)


def _yet_to(token: Token) -> bool:
    """ "has yet to claim": the claim is in the future."""
    head = token.head
    return any(c.lower_ == "yet" for c in head.children) or head.lemma_ in ("refuse", "decline", "fail")


def _behind(be: Token) -> bool:
    """ "X was behind the attack", "X is responsible for it"."""
    for child in be.children:
        if child.dep_ == "prep" and child.lower_ == "behind":
            return True
        if child.dep_ in ("acomp", "attr") and child.lemma_.lower() == "responsible":
            return True
    return False


def _said(doc: Doc) -> bool:
    """The sentence says who says so (officials, police, "according to")."""
    return any(t.lemma_.lower() in _SAYING and t.pos_ == "VERB" for t in doc) or "according to" in doc.text.lower()
