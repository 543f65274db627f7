"""Who did it, and on what basis: a claim of responsibility, officials' blame, the report's own attribution,
suspicion, or a denial. Pure functions of a sentence and the actor mentions in it.

    claimed    "the TTP claimed responsibility", "ISKP claims attack", "claimed by Isis", "an IS-claimed attack"
    blamed     "police blamed the BLA", "officials said the TTP was behind", "Islamabad accused Jaish al-Adl"
    reported   "TTP militants attacked a checkpoint", "an attack by the BLA", "BLA attack" (the report says so itself)
    suspected  "suspected TTP militants", "the BLA is suspected", "bore the hallmarks of ISKP"
    denied     "the TTP denied involvement", "allegations denied by Kabul"

"No group has claimed responsibility", "has not claimed", "yet to claim" are not claims. A claim names its
claimant; the claimant is the perpetrator unless the sentence says it claimed on another's behalf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BASIS_ORDER = ("claimed", "blamed", "reported", "suspected", "denied")

_NO_CLAIM = re.compile(r"\b(?:no\s+(?:one|group|organi[sz]ation|militant\s+group)|nobody|none\s+of|not\s+(?:yet\s+|immediately\s+)?"
                       r"(?:been\s+)?claimed|yet\s+to\s+(?:be\s+)?claim|(?:has|have|had|did)\s*(?:n[o']t|not)\s+"
                       r"(?:yet\s+|immediately\s+)?(?:claim|take)|without\s+claiming)\b", re.I)
_APPOSITIVE = r"(?:\s*,[^,;.]{1,120},)?"
_CLAIM_AFTER = re.compile(r"^\W{0,3}" + _APPOSITIVE + r"\s*(?:\w+\s+){0,3}?(?:has\s+|have\s+|had\s+|quickly\s+|later\s+|swiftly\s+)?"
                          r"(?:claimed|claims|claiming|claim|took|takes|accepted|accepts)\s+(?:the\s+|a\s+|an\s+)?"
                          r"(?:responsibility|credit|it\b|(?:[\w-]+\s+){0,2}?(?:attack|bombing|blast|killing|raid|assault|"
                          r"ambush|strike|shooting|explosion|operation)s?\b)"
                          r"|^\W{0,3}" + _APPOSITIVE + r"\s*(?:has\s+|have\s+)?(?:said|says|announced)\s+(?:that\s+)?"
                          r"(?:its|it|they|their)\b[^.;]{0,80}?\b(?:carried\s+out|carrying\s+out|was\s+behind|"
                          r"were\s+behind|conducted|staged|launched)\b"
                          # "the TTP's spokesman X had called them late Friday and claimed responsibility"
                          r"|^\W{0,3}" + _APPOSITIVE + r"\s*(?:\w+\s+){0,3}?(?:has\s+|have\s+|had\s+)?(?:called|"
                          r"contacted|telephoned|phoned|rang|emailed)\b[^.;]{0,80}?\band\s+(?:claimed|took)\s+"
                          r"(?:the\s+)?(?:responsibility|credit)\b", re.I)
_NOT_ITSELF = re.compile(r"^\s*(?:['’]s\s+)?(?:affiliates?|branch|offshoots?|factions?|splinter|ally|allies|allied|"
                         r"franchise|wing|-linked|-inspired|sympathi[sz]ers?|-affiliated)\b", re.I)
_CLAIM_BEFORE = re.compile(r"(?:claimed|claim\s+of\s+responsibility\s+was\s+made)\s+by\s+(?:the\s+)?$|"
                           r"responsibility\s+(?:for\s+[^,.;]{0,60}?\s+)?(?:was\s+|has\s+been\s+)?(?:claimed|"
                           r"taken|accepted)\s+by\s+(?:the\s+)?$", re.I)
_CLAIM_COMPOUND = re.compile(r"^[-‐–]\s*claimed\b", re.I)
_DENY_AFTER = re.compile(r"^\W{0,3}" + _APPOSITIVE + r"\s*(?:\w+\s+){0,3}?(?:has\s+|have\s+|had\s+|also\s+|quickly\s+|strongly\s+)?"
                         r"(?:denied|denies|deny|denying|rejected|rejects|distanced)\b", re.I)
_DENY_BEFORE = re.compile(r"\bdenied\s+by\s+(?:the\s+)?$", re.I)
_BLAME_BEFORE = re.compile(r"\b(?:blamed|blames|blaming|accused|accuses|accusing|held|holds|pinned\s+the\s+blame\s+on|"
                           r"pointed\s+the\s+finger\s+at)\s+(?:the\s+)?(?:banned\s+|outlawed\s+|proscribed\s+)?$", re.I)
_BLAME_AFTER = re.compile(r"^\W{0,3}(?:\w+\s+){0,3}?(?:was|were|is|are)\s+(?:\w+\s+)?(?:behind|responsible)\b", re.I)
_SAID = re.compile(r"\b(?:said|says|according\s+to|officials?|police|authorities|minister|ministry|army|military|"
                   r"ISPR|government|spokesm[ae]n|spokesperson)\b", re.I)
_SUSPECT_BEFORE = re.compile(r"\b(?:suspected|alleged|presumed|believed)\s+(?:to\s+be\s+(?:from\s+)?)?(?:the\s+)?$", re.I)
# not where a group is believed to be ("where al-Qaida and Taliban militants are believed to be hiding")
_SUSPECT_AFTER = re.compile(r"^\W{0,3}(?:\w+\s+){0,3}?(?:is|are|was|were)\s+(?:widely\s+|being\s+)?(?:suspected|"
                            r"believed|thought)\b(?!\s+to\s+(?:be\s+)?(?:hiding|hide|based|living|live|present|active|"
                            r"operating|operate|holed|sheltering|in|at|located)\b)"
                            r"|^\W{0,3}(?:\w+\s+){0,2}?(?:likely|probably)\b", re.I)
_HALLMARKS = re.compile(r"\b(?:hallmarks?|signature)\s+of\s+(?:the\s+)?$", re.I)
_DID_IT = re.compile(r"^\W{0,3}(?:(?:militants?|fighters?|gunm[ae]n|insurgents?|terrorists?|suicide\s+bombers?|"
                     r"bombers?|members?|cadres?|operatives?|attackers?)\s+)?(?:\w+\s+)?(?:attacked|stormed|ambushed|"
                     r"killed|bombed|raided|targeted|abducted|kidnapped|hijacked|executed|shot|opened\s+fire|"
                     r"carried\s+out|launched|detonated|set\s+off|struck|overran|seized)\b", re.I)
# a headline's present tense, right after the name: "Pakistan Taliban kill six police officers in gun ambush" (not
# "Roadside bombing targets Taliban, kills Afghan civilians")
_DOES_IT = re.compile(r"^\s+(?:(?:militants?|fighters?|gunm[ae]n|insurgents?|terrorists?|bombers?|attackers?)\s+)?"
                      r"(?:kills?|storms?|ambush(?:es)?|abducts?|kidnaps?|shoots?|beheads?|overruns?)\b", re.I)
_BY_ACTOR = re.compile(r"\b(?:attacks?|attempts?|bids?|raids?|bombings?|assault|ambush|blast|killings?|carried\s+out|perpetrated|"
                       r"conducted|launched|staged|orchestrated|masterminded)\s+(?:\w+\s+){0,2}?by\s+(?:the\s+)?"
                       r"(?:banned\s+|outlawed\s+)?$", re.I)

# the group's name as the attack's own ("Security forces repulse BLA attack", "a TTP suicide attack"; not "anti-TTP")
_ACTOR_ATTACK = re.compile(r"^(?:['’]s)?\s+(?:suicide\s+|terror(?:ist)?\s+|militant\s+|gun\s+)?(?:attacks?|bombings?|"
                           r"assaults?|ambush(?:es)?|raids?)\b", re.I)


@dataclass(frozen=True)
class Mention:
    """An actor named in a sentence, with character offsets relative to the sentence."""

    actor: str
    kind: str  # "group" | "state"
    start: int
    end: int
    governs: str | None = None  # the state a governing group speaks for


@dataclass(frozen=True)
class Attribution:
    """One sentence's word on who did it."""

    actor: str
    basis: str  # one of BASIS_ORDER
    claimant: str | None = None


def attributions(sentence: str, mentions: list[Mention]) -> list[Attribution]:
    """What the sentence says about each named group's part in the event (states can blame or deny only)."""
    found: list[Attribution] = []
    no_claim = _NO_CLAIM.search(sentence) is not None
    for mention in mentions:
        before, after = sentence[max(0, mention.start - 160): mention.start], sentence[mention.end: mention.end + 200]
        if _NOT_ITSELF.match(after):  # "an al-Qaeda affiliate claimed": the affiliate did, not al-Qaeda
            continue
        if mention.kind == "state":  # a state blaming or attributing is the accuser, not the accused: it can only deny
            basis = "denied" if _DENY_AFTER.match(after) or _DENY_BEFORE.search(before) else None
        else:
            basis = _basis(before, after, no_claim=no_claim)
        if basis is None:
            continue
        found.append(Attribution(mention.actor, basis, mention.actor if basis == "claimed" else None))
    return found


def _basis(before: str, after: str, *, no_claim: bool) -> str | None:
    if not no_claim and (_CLAIM_AFTER.match(after) or _CLAIM_BEFORE.search(before) or _CLAIM_COMPOUND.match(after)):
        return "claimed"
    if _DENY_AFTER.match(after) or _DENY_BEFORE.search(before):
        return "denied"
    if _BLAME_BEFORE.search(before) or (_BLAME_AFTER.match(after) and _SAID.search(before + after)):
        return "blamed"
    if _SUSPECT_BEFORE.search(before) or _SUSPECT_AFTER.match(after) or _HALLMARKS.search(before):
        return "suspected"
    if _BY_ACTOR.search(before) and re.search(r"\b(?:said|says|according\s+to)\b", after, re.I):
        return "blamed"
    if _DID_IT.match(after) or _DOES_IT.match(after) or _BY_ACTOR.search(before) or (_ACTOR_ATTACK.match(after)
                                                           and not re.search(r"\banti-?\s*$", before, re.I)):
        return "reported"
    if _BLAME_AFTER.match(after):
        return "reported"
    return None


def claims_responsibility(sentence: str) -> bool:
    """True when a sentence reports a claim of responsibility, whoever made it."""
    if _NO_CLAIM.search(sentence):
        return False
    return re.search(r"\bclaim(?:ed|s|ing)?\s+(?:of\s+)?(?:the\s+)?responsibility\b|\bresponsibility\s+"
                     r"(?:for\s+[^,.;]{0,60}?\s+)?(?:was\s+|has\s+been\s+)?claimed\b|\bclaim(?:ed|s)\s+(?:the\s+)?"
                     r"(?:[\w-]+\s+){0,2}?(?:attack|bombing|blast|killing|assault|ambush)s?\b|\b(?:attack|bombing|blast)s?\s+(?:was\s+|were\s+)?claimed\s+by\b",
                     sentence, re.I) is not None


def strongest(found: list[Attribution]) -> Attribution | None:
    """The attribution to report: a claim beats officials' blame, which beats the report's word, then suspicion."""
    ranked = [a for a in found if a.basis != "denied"]
    return min(ranked, key=lambda a: BASIS_ORDER.index(a.basis)) if ranked else None
