"""Each actor's part in the main event, and where the article names it first.

    perpetrator  the group the main event is attributed to (claimed, blamed, reported or suspected)
    target       a state whose people, forces or territory an attack or a strike hit ("Chinese engineers",
                 an attack on police in Pakistan, airstrikes in Afghanistan)
    participant  a state (or a group that governs, with its officials) taking part in talks, a deal, a meeting,
                 a clash, or the state the talks are about ("a meeting on the situation in Afghanistan": for a desk
                 that is an Afghanistan security event); a state acting in an arrest, an operation, a strike
    subject      a group that an arrest, operation, strike, designation or sanctions is aimed at
    mentioned    everything else: named in passing, as a place where something else is ("militants active in
                 Afghanistan"), in a list of groups, in a background paragraph

Only actors named in the main event's clauses of the title, summary and lead get a role other than `mentioned`,
and the group that the men of an arrest or an operation are said further down to belong to (subject)."""

from __future__ import annotations

import re

from consumers.enrich.events.assemble import Event
from consumers.enrich.events.native import load_rules
from consumers.enrich.events.one_sided import on_a_border
from consumers.enrich.events.units import ActorMention, Unit
from newsmon.arabic_script import unify

PRINCIPAL = ("perpetrator", "claimant", "target", "participant", "subject")
_TARGET_NOUN = re.compile(r"^[\s’'s-]*(?:\w+\s+){0,2}?(?:nationals?|citizens?|engineers?|workers?|soldiers?|troops|"
                          r"guards?|police\w*|diplomats?|pilgrims?|forces|personnel|officials?|convoy|"
                          r"embassy|consulate|tourists?|posts?|check\s*posts?)\b", re.I)
_ELSEWHERE = re.compile(r"(?<!situation )(?<!developments )(?<!crisis )(?<!security )(?<!peace )\b(?:in|into|against|"
                        r"toward|towards|inside|across|within|neighbours?\s+of|borders?\s+with|"
                        # a list after "bordering": "a region bordering China, Pakistan, and Tajikistan"
                        r"(?:bordering|borders)(?:\s+[\w-]+,)*(?:\s+[\w-]+,?\s+and)?)\s+(?:the\s+)?$", re.I)
# a state's name on a thing (not on its people or forces): "Afghan currency was seized", "Chinese-made rifles"
_OF_THINGS = re.compile(r"^(?:-made|\s+(?:currency|money|rupees|afghanis|weapons?|arms|ammunition|passports?|documents?|"
                        r"goods|products|cigarettes|sim\s+cards?|number\s+plates?|flags?)\b)", re.I)
# the same in Urdu, Persian, Pashto: "در افغانستان", "په افغانستان کې", "افغانستان میں", "مرز افغانستان", "افغان
# سرحد", "د افغانستان سره په پوله" (on its border). Not "کې" after the name: unified, it is Urdu "کی" (of).
_NATIVE_ELSEWHERE_BEFORE = re.compile(r"(?<!\w)(?:%s)\s*$" % "|".join(
    unify(w) for w in ("در", "په", "مرز", "مرزهای", "پولې")))
_NATIVE_ELSEWHERE_AFTER = re.compile(r"^\s*(?:%s)(?!\w)" % "|".join(
    unify(w).replace(" ", r"\s+") for w in ("میں", "سره په پوله", "سره پوله", "سرحد", "بارڈر", "د پولې", "د پولی",
                                             "پولې", "پوله")))
# The men an arrest or operation names belong to the group ("belonging to the TTP", "جو فتنہ الخوارج سے تعلق
# رکھتے ہیں", "وابسته به گروه داعش", "له داعش سره تړلي"), even in a sentence that does not tell the arrest.
_BELONGS_BEFORE = re.compile(r"\b(?:(?:belonging|belonged|belongs|affiliated|linked|associated|allied)\s+(?:to|with)|"
                             r"members?\s+of|part\s+of|working\s+with|worked\s+for|working\s+for|joined)\s+"
                             r"(?:the\s+)?(?:(?:banned|proscribed|outlawed|defunct|militant|terrorist|sunni|jihadist|"
                             r"extremist|separatist|armed|organi[sz]ation|outfit|group)\s+){0,2}$", re.I)
_BELONGS_AFTER = re.compile(r"^\s*(?:%s)(?!\w)" % "|".join(
    unify(w).replace(" ", r"\s+") for w in ("سے تعلق", "سے وابستہ", "کے ساتھ تعلق", "سره تړلي", "سره تړلی", "پورې تړلي")))
_NATIVE_BELONGS_BEFORE = re.compile(r"(?<!\w)(?:%s)\s*$" % "|".join(
    unify(w).replace(" ", r"\s+") for w in ("وابسته به", "وابسته به گروه", "عضو", "اعضای", "عضو گروه", "اعضای گروه")))
_PARTY = re.compile(r"^[\s’'s-]*(?:\w+\s+)?(?:officials?|government|delegation|administration|authorities|"
                    r"representatives|negotiators|envoys?|leaders?|leadership|regime|spokesm[ae]n|ministers?)\b", re.I)
# a number of a state's people: "nine Pakistanis", "two Chinese" (the demonym is the noun)
_COUNTED = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty|"
                      r"dozens\s+of|scores\s+of|several|many|some)\s+$", re.I)
# what an operation, arrest or strike is aimed at: "against the Taliban", "علیه طالبان", "د طالبانو پر ضد",
# "طالبان کے خلاف"
_AGAINST_BEFORE = re.compile(r"(?:\b(?:against|targeting|on)\s+(?:the\s+)?|(?<!\w)(?:%s)\s*)$" % "|".join(
    unify(w) for w in ("علیه", "ضد", "بر ضد", "پر ضد", "خلاف")), re.I)
_AGAINST_AFTER = re.compile(r"^\s*(?:%s)(?!\w)" % "|".join(
    unify(w).replace(" ", r"\s+") for w in ("کے خلاف", "کیخلاف", "پر ضد", "ضد")))
_OWN_FORCES = re.compile(r"^(?:['’]s)?\s*(?:(?:army|military|air\s+force|jets?|forces|troops|security\s+forces)\b|(?:%s)(?!\w))"
                         % "|".join(unify(w) for w in ("پوځ", "پوځي", "فوج", "ارتش", "ځواکونو", "ځواکونه", "فورسز")), re.I)
_WITH = re.compile(r"\b(?:with|between)\s+(?:the\s+)?$", re.I)


# "and" between two parties, in the four languages; an acronym in brackets, "the" and the nouns of a party's people
# may stand around it ("the Pakistani authorities and the TTP", "اسلام‌آباد و رهبران طالبان")
_AND = re.compile(r"^[\s)»”\"']*(?:\([^()]{1,30}\)\s*)?(?:(?:the|government|authorities|officials|leaders|"
                  r"leadership|representatives|delegation|حکومت|دولت|مقامات|مقامهای|مقام‌های|حکام)\s+)*"
                  r"(?:,|،|&|and|او|اور|و)\s+(?:(?:the|leaders|leadership|representatives|رهبران|نمایندگان|مشرانو|"
                  r"مشران|استازو|رہنماؤں|رہنما)\s+)*[«“\"']*$", re.I)


def _joined_to_a_state(mention: ActorMention, unit: Unit) -> bool:
    """A group joined by "and" to a state in the clause of talks or a deal is a party to them ("Pakistan, TTP
    agree to ceasefire", "ټي ټي پي او اسلام اباد"), not what they are about."""
    text, offset = unit.sentence.text, unit.sentence.start
    for other in unit.actors:
        if other.kind != "state" and other.governs is None:
            continue
        first, second = (other, mention) if other.start < mention.start else (mention, other)
        if _AND.match(text[first.end - offset:second.start - offset]):
            return True
    return False


def _people_of(before: str, after: str) -> bool:
    """A demonym of people in Urdu, Pashto or Persian: "پاکستانی مزدور" (before the noun), "کارگران پاکستانی"
    (after it, in Persian)."""
    people, words = load_rules().people, before.split()
    return bool(people.match(after.lstrip()) or (words and people.fullmatch(words[-1])))


# a demonym of the people an operation or arrest names ("a Pakistani militant", "A Pakistani was among two Jaish
# militants killed"): their nationality, not a state taking part
_ITS_PEOPLE = re.compile(r"^\s*#?(?:[\w-]+\s+#?){0,2}?(?:militants?|terrorists?|nationals?|citizens?|suspects?|"
                         r"infiltrators?|fighters?|commanders?|men|man|wom[ae]n|jihadis?|insurgents?|bombers?|"
                         r"attackers?)\b", re.I)
# a state an operation's statement addresses: "Pakistan expects the interim Afghan government to ...", "urged Kabul to"
_ADDRESSED = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:%s)(?!\w)" % "|".join(
    unify(w) for w in ("سے توقع", "سے مطالبہ", "پر زور")))
_URGED = re.compile(r"\b(?:urged|urges|called\s+on|calls\s+on|expects?|demanded\s+of)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_SEIZED = re.compile(r"\b(?:arrest|detain|nab|captur)\w*\s+(?:an?\s+|the\s+|[\w-]+\s+)?$", re.I)  # its men seized
# its nationals in Urdu, Persian and Pashto: "تین افغان شہری" (three Afghan citizens), "اتباع افغانستان", "افغان کډوال"
_NATIVE_PEOPLE = re.compile(r"^\s*(?:%s)(?!\w)" % "|".join(unify(w) for w in (
    "شہری", "شہریوں", "باشندے", "باشندوں", "تبعه", "تبعہ", "اتباع", "شهروند", "شهروندان", "کډوال", "کډوالو", "مہاجرین",
    "مهاجرین", "پناہ گزین", "پناهجو", "پناهجویان")))
_ONE_OF_THEM = re.compile(r"\b(?:a|an|from|be|was|were)\s+$", re.I)  # "one of the slain was from Pakistan"
_POSSESSIVE = re.compile(r"^['’]s\b")
_AS_NOUN = re.compile(r"^\s+(?:among|was|were|killed|arrested|held|detained|nabbed)\b", re.I)  # "Pakistani among two"


# a state named as the one behind the militants ("Indian-sponsored", "backed by India", "بھارتی حمایت یافتہ",
# "بھارتی پراکسی", "تحت حمایت هند", "د هند په ملاتړ"): an accusation about who they are, not a state taking part
_SPONSOR_BEFORE = re.compile(r"\b(?:backed|sponsored|funded|supported|aided|financed)\s+by\s+(?:the\s+)?$"
                             r"|\bprox(?:y|ies)\s+of\s+(?:the\s+)?$", re.I)
_SPONSOR_AFTER = re.compile(r"^(?:['’]s)?[\s-]*(?:(?:backed|sponsored|funded|supported|financed|proxy|proxies)\b|"
                            r"(?:%s)(?!\w))" % "|".join(unify(w).replace(" ", r"\s+") for w in (
                                "حمایت یافتہ", "کی حمایت یافتہ", "کے حمایت یافتہ", "پراکسی", "پراکسیز", "سپانسرڈ",
                                "اسپانسرڈ", "کی پشت پناہی", "کے پشت پناہی", "کی ایما", "کے ایما", "نواز")), re.I)
_NATIVE_SPONSOR_BEFORE = re.compile(r"(?<!\w)(?:%s)\s*$" % "|".join(
    unify(w).replace(" ", r"\s+") for w in ("تحت حمایت", "مورد حمایت", "با حمایت")))
_NATIVE_SPONSOR_AFTER = re.compile(r"^\s*(?:%s)(?!\w)" % "|".join(
    unify(w).replace(" ", r"\s+") for w in ("په ملاتړ", "له خوا ملاتړ", "ملاتړ شوي", "ملاتړي")))


def _sponsor(before: str, after: str) -> bool:
    """The state is named as the one behind the militants, not as acting in the event."""
    after_u = unify(after)
    return bool(_SPONSOR_BEFORE.search(before) or _SPONSOR_AFTER.match(after_u)
                or _NATIVE_SPONSOR_BEFORE.search(unify(before)) or _NATIVE_SPONSOR_AFTER.match(after_u))


def _its_people(before: str, after: str) -> bool:
    """The state's name says whose people an operation or arrest names (a militant's nationality), not who acted:
    never its forces or officials, nor a possessive ("the operation was Pakistan's largest")."""
    if _OWN_FORCES.match(unify(after)) or _PARTY.match(after) or _POSSESSIVE.match(after):
        return False
    return bool(_ITS_PEOPLE.match(after) or _COUNTED.search(before) or _ONE_OF_THEM.search(before)
                or _AS_NOUN.match(after) or _NATIVE_PEOPLE.match(unify(after)))


def roles(main: Event, actors: list[ActorMention], families: dict[str, str], further: list[Unit] = ()) -> dict[str, str]:
    """Actor id -> role in the main event; `further`: the body's clauses of no other event, which may say whom
    the men of an arrest or an operation belonged to."""
    family = families.get(main.type or "", None)
    country = main.where.country if main.where else None
    found: dict[str, str] = {}
    if main.perpetrator is not None:
        found[main.perpetrator.actor] = "perpetrator"
    for unit in main.units:
        if unit.section not in ("title", "summary", "lead"):
            continue
        listed = len({m.actor for m in unit.actors if m.kind == "group"}) >= 3  # one group by three names is no list
        for mention in unit.actors:
            if mention.actor not in found:
                role = _role(mention, unit, family, main.type, country, listed)
                if role is not None:
                    found[mention.actor] = role
    if family in ("legal", "armed") and main.type != "clash" and "subject" not in found.values():
        found.update(_belonging_further(further))
    if main.type == "clash":
        forces = any(_FORCES.search(unify(u.text)) for u in main.units if u.section in ("title", "summary", "lead"))
        found = _fought_by_a_state(found, actors, forces)
    return {a.actor: found.get(a.actor, "mentioned") for a in actors}


# a governing group's own men: "Taliban police chief", "Taliban fighters", "فرمانده پلیس طالبان", "د طالبانو قوماندان"
_MEN_AFTER = re.compile(r"^[\s’'s-]*(?:[\w-]+\s+){0,2}?(?:police\w*|chiefs?|commanders?|fighters?|members?|"
                        r"forces|guards?|soldiers?|troops|personnel|governor|officers?|commissioner)\b", re.I)
# ... unless they are who speaks: "a spokesman for the Taliban's provincial police command said"
_SPEAKS_AFTER = re.compile(r"^[^.;]{0,60}?\b(?:said|says|told|stated|confirmed|announced)\b", re.I)
_SPEAKS_BEFORE = re.compile(r"\bspokes(?:man|person|woman)\s+(?:for|of)\s+(?:the\s+)?$", re.I)
_MEN_BEFORE = re.compile(r"(?<!\w)(?:%s)\s+(?:(?!(?:و|او|اور)\s)\S+\s+){0,2}$" % "|".join(unify(w) for w in (
    "پلیس", "فرمانده", "فرماندهی", "نیروهای", "جنگجویان", "اعضای", "مقامات", "مسئولان", "مسئول", "والی", "قوماندان",
    "ولسوال", "ځواکونو", "جنګیالیو", "چارواکو", "مسؤل", "افسران", "اہلکاروں")))


def _its_men(before: str, after: str) -> bool:
    """The group's name is on its own men (an office, its forces or fighters), not on what they did."""
    if _SPEAKS_AFTER.match(after) or _SPEAKS_BEFORE.search(before):
        return False
    return bool(_MEN_AFTER.match(after) or _MEN_BEFORE.search(unify(before)))


def _belonging_further(further: list[Unit]) -> dict[str, str]:
    """The group the men of an arrest or an operation are said, further down, to belong to ("the terrorists
    belonged to the outlawed TTP", "the suspects were members of banned organization TTP"): its subject."""
    for unit in further:
        text, offset = unit.sentence.text, unit.sentence.start
        for mention in unit.actors:
            before, after = text[max(0, mention.start - offset - 60): mention.start - offset], text[mention.end - offset:]
            if mention.kind == "group" and mention.governs is None and (_BELONGS_BEFORE.search(before)
                    or _BELONGS_AFTER.match(unify(after)) or _NATIVE_BELONGS_BEFORE.search(unify(before))):
                return {mention.actor: "subject"}
    return {}


# the forces of the state where a clash happened, named without their state: "a clash between armed Taliban and
# police", "د وسله والو طالبانو او پوليسو تر منځ نښته"
_FORCES = re.compile(r"\b(?:police|policemen|soldiers|troops|army|security\s+forces|border\s+guards)\b|(?<!\w)(?:%s)(?!\w)"
                     % "|".join(unify(w) for w in ("پولیس", "پوليس", "پولیسو", "پوليسو", "سرتیري", "سرتېري", "پوځ", "فوج",
                                                   "ارتش", "سربازان", "نیروهای امنیتی", "مرزبانان", "اہلکار",
                                                   "نیروهای انتظامی", "مأموران", "ماموران")), re.I)


def _fought_by_a_state(found: dict[str, str], actors: list[ActorMention], forces: bool = False) -> dict[str, str]:
    """In a clash a state's forces (or a governing group's) fight, a group that governs nothing is what they act
    against, as in an operation: the Taliban's clash with Daesh in Achin is aimed at Daesh, and so is a clash of
    the Taliban, before they governed, with the police (`forces`: the clause names the state's forces)."""
    governing = {a.actor for a in actors if a.kind == "state" or a.governs is not None}
    if not forces and not any(found.get(actor) == "participant" for actor in governing):
        return found
    rebels = {a.actor for a in actors if a.kind == "group" and a.governs is None}
    return {actor: "subject" if actor in rebels and role == "participant" else role for actor, role in found.items()}


def _role(mention: ActorMention, unit: Unit, family: str | None, kind: str | None, country: str | None,
          listed: bool) -> str | None:
    text, offset = unit.sentence.text, unit.sentence.start
    before, after = text[max(0, mention.start - offset - 40): mention.start - offset], text[mention.end - offset:]
    acting = bool(unit.types)  # the clause reports the event itself, not just its setting
    if mention.kind == "state":
        if family == "attack":
            return "target" if (_TARGET_NOUN.match(after) or _people_of(before, after) or mention.actor == country
                                or _COUNTED.search(before)) else None
        if kind == "strike" and mention.actor == country:
            # the state where the strike fell is its target, unless its own forces struck ("the Pakistan army's
            # airstrikes in North Waziristan", "د پاکستان پوځ ... هوايي بریدونو")
            return "participant" if _OWN_FORCES.match(unify(after)) else "target"
        if family in ("diplomacy", "legal", "armed"):
            elsewhere = _ELSEWHERE.search(before) or on_a_border(text, mention.start - offset, mention.end - offset) \
                or _NATIVE_ELSEWHERE_BEFORE.search(unify(before)) \
                or _NATIVE_ELSEWHERE_AFTER.match(unify(after)) or _OF_THINGS.match(after)
            people = family != "diplomacy" and (_its_people(before, after) or _sponsor(before, after)
                                                or _ADDRESSED.match(unify(after)) or _URGED.search(before))
            return None if elsewhere or people else "participant"
        return None
    if listed:
        return None
    if mention.governs is not None and family == "attack" and _its_men(before, after):
        return "target"  # "Taliban police chief killed in Kunar blast": the governing group's own men were hit
    if mention.governs is not None and family in ("legal", "armed") and kind != "clash":
        # a group that governs a state acts as that state ("عملیات طالبان علیه داعش", the Taliban's operation
        # against Daesh), unless the operation is aimed at it
        against = _AGAINST_BEFORE.search(unify(before)) or _AGAINST_AFTER.match(unify(after)) \
            or (_SEIZED.search(before) and _its_men(before, after))  # "NDS operatives arrest Taliban commander"
        return "subject" if against else "participant"
    if mention.governs is not None and family == "diplomacy" and (acting or _its_men(before, after)):
        return "participant"  # a governing group's officials in talks or a meeting are its state's side
    if family == "diplomacy" or kind == "clash":
        party = acting and mention.governs is None and _joined_to_a_state(mention, unit)
        return "participant" if _PARTY.match(after) or _WITH.search(before) or (kind == "clash" and acting) or party \
            else None
    if family in ("legal", "armed") and (acting or _BELONGS_BEFORE.search(before)
                                         or _BELONGS_AFTER.match(unify(after)) or _NATIVE_BELONGS_BEFORE.search(unify(before))):
        return "subject"  # named in the arrest or operation, or as whom the men it names belong to
    return None


# The state where the main event happened has a part in it even when the text names only the place ("a blast in
# Peshawar" is an attack on Pakistan): the state hit by an attack or a strike, the state acting in an arrest, an
# operation or a clash on its soil. Talks, deals and designations happen somewhere without the host taking part.
_PLACE_ROLE = {"attack": "target", "strike": "target", "armed": "participant", "legal": "participant"}
_NO_PLACE_ROLE = frozenset({"designation", "sanctions"})


def state_of_place(main: Event, families: dict[str, str]) -> tuple[str, str] | None:
    """(country, role) for the state of the main event's place, when that state takes a part by being there."""
    if main.where is None or not main.where.country or main.type in _NO_PLACE_ROLE:
        return None
    role = _PLACE_ROLE.get(main.type or "") or _PLACE_ROLE.get(families.get(main.type or "", ""))
    return (main.where.country, role) if role else None


def salience(actors: list[ActorMention], sections: dict[int, str]) -> dict[str, str]:
    """Actor id -> where it is first named: 'title', 'lead' (the summary or first paragraphs) or 'body'."""
    rank = {"title": 0, "summary": 1, "lead": 1, "body": 2}
    best: dict[str, int] = {}
    for mention in actors:
        section = sections.get(mention.start, "body")
        best[mention.actor] = min(best.get(mention.actor, 2), rank[section])
    return {actor: ("title", "lead", "body")[value] for actor, value in best.items()}


def branches_take_part(found: dict[str, str], ancestors) -> dict[str, str]:
    """A group the article also names by its branch ("ISIS ... ISIS-K") takes part through that branch: a
    mentioned branch of a group with a part gets the group's part (one branch only; two leave it open)."""
    out = dict(found)
    for group, role in found.items():
        if role not in PRINCIPAL:
            continue
        branches = [a for a, r in found.items() if r == "mentioned" and group in ancestors(a)]
        if len(branches) == 1:
            out[branches[0]] = role
    return out
