"""Units: the clauses of an article's sentences, each with what it states (types, counts, dates, actors,
places, attributions, targets) and whether it is about an earlier or different event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from consumers.enrich.events import casualties, claims, native, native_claims, native_refs, timeline
from consumers.enrich.events.clause_cuts import headline_halves, holds_the_claim
from consumers.enrich.events.recency import tallies_attacks, tells_separate_events
from consumers.enrich.events.targets import targets_in
from consumers.enrich.events.companions import with_companion
from consumers.enrich.events.text import Sentence
from consumers.enrich.events.types import EventTypes, said_of_the_event
from newsmon.arabic_script import has_arabic_script


@dataclass(frozen=True)
class ActorMention:
    """An actor named in the article, with offsets into the article text."""

    actor: str
    kind: str  # "group" | "state"
    start: int
    end: int
    governs: str | None = None  # the state a governing group speaks for (afghan-taliban: AF)


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the article, with its admin-1 and country and offsets into the article text."""

    name: str
    country: str | None
    admin1: str | None
    kind: str
    start: int
    end: int


@dataclass
class Unit:
    """One clause of one sentence and what it says."""

    sentence: Sentence
    start: int  # offsets into the article text
    end: int
    background: bool
    types: list[str] = field(default_factory=list)
    hits: list[tuple[str, int]] = field(default_factory=list)  # (type, offset in the clause)
    refers: list[str] = field(default_factory=list)  # types of events the clause refers to, not reports
    counts: list[casualties.Count] = field(default_factory=list)
    dates: list[timeline.DateMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    attributions: list[claims.Attribution] = field(default_factory=list)
    claim: bool = False

    @property
    def section(self) -> str:
        return self.sentence.section

    def targets(self, patterns: dict) -> list[str]:
        """What the clause names as an attack's target (computed when asked: only attacks need it)."""
        return [name for name, _ in targets_in(self.text, patterns)]

    @property
    def text(self) -> str:
        return self.sentence.text[self.start - self.sentence.start: self.end - self.sentence.start]


_PLURAL = re.compile(r"(?:attacks|bombings|blasts|explosions|killings|strikes|airstrikes|operations|clashes|raids|"
                     r"ambushes|assaults|shootings|kidnappings|abductions|conflicts|wars|skirmishes)$", re.I)
_GENERIC = re.compile(r"\b(?:militant|terror(?:ist)?|cross-border|recent|future|further|more|such|any|frequent|rising|"
                      r"increasing|repeated|deadly|similar|possible|potential|counter|against|prevent|deter|threats?\s+of|"
                      r"surge\s+in|wave\s+of|spate\s+of|series\s+of|string\s+of|rise\s+(?:of|in)|behind|launching|launch|carry(?:ing)?\s+out|"
                      r"plotting|insurgent|separatist|jihadist|its|their|such|"
                      # "some of the deadliest attacks", "one of the worst bombings": a kind of event counted over time
                      r"(?:some|many|most|one|several|dozens|hundreds)\s+of\s+(?:the|its|their))\s+(?:[\w-]+\s+)?$", re.I)


def _specific(text: str, start: int, end: int) -> bool:
    """False for a trigger that names a kind of event in general ("counter militant attacks", "a surge in
    attacks"), which is no event of the sentence's own."""
    words = text[start:end].split()
    if not _PLURAL.search(words[-1]):
        return True
    return not (_GENERIC.search(text[max(0, start - 40): start]) or
                (len(words) > 1 and _GENERIC.search(" ".join(words[:-1]) + " ")))


# An event named as the object of another ("arrests over the Quetta bombing", "commander behind the market
# bombing", "wanted for last month's attack") is referred to, not reported: it is no event of this clause's own.
# A claim of responsibility for an attack reports the attack itself.
_REFERS = re.compile(r"\b(?:behind|over|despite|in\s+spite\s+of|notwithstanding|"
                     r"(?:probe|investigation|inquiry|enquiry)\s+(?:on|into|of)|"
                     r"(?<!responsibility\s)for|in\s+connection\s+with|responsible\s+for|accused\s+of|wanted\s+(?:for|in)|"
                     r"suspected\s+(?:of|in)|linked\s+to|involved\s+in|planned|planning|masterminded|masterminding|"
                     r"carried\s+out(?!\s+an?\s)|avenge|revenge\s+for|"
                     r"(?:mastermind|masterminds|facilitators?|planners?|handlers?|perpetrators?)[”\"’']?\s+(?:of|in))\s+(?:(?:the|a|an|last|this|that|its|their)\s+)?"
                     r"(?:[\w-]+(?:['’]s)?\s+){0,3}$", re.I)


def _own_hits(types: EventTypes, text: str, in_title: bool) -> tuple[list, list]:
    """(hits that are events of the clause, hits of events it refers to). A trigger that only qualifies the next
    one ("rally bombing", "market blast") is neither."""
    spans = [(name, start, end) for name, start, end in types.spans(text, in_title=in_title) if _specific(text, start, end)]
    own, referred = [], []
    for i, (name, start, end) in enumerate(spans):
        following = spans[i + 1] if i + 1 < len(spans) else None
        if following is not None and following[0] != name and not text[end:following[1]].strip() \
                and not re.search(r"(?:s|ed|ing)$", text[start:end], re.I) \
                and types.refines.get(name) != following[0]:  # "موټر بم برید", a car-bomb attack: a bombing
            continue
        refers = _REFERS.search(text[max(0, start - 60): start]) or (
            types.family[name] == "attack" and (_CASE_OF.match(text, end) or native_refs.referred(text, start, end)))
        (referred if refers else own).append((name, start))
    if in_title:
        own, referred = _label_apart(types, text, own, referred)
    return own, referred


# An attack named as what a case, a probe or suspects are about ("the Reasi terror attack case", "bombing
# suspects") is referred to, not reported.
_CASE_OF = re.compile(r"\s+(?:case|cases|probe|investigation|inquiry|trial|accused|suspects?|convicts?|mastermind|"
                      r"masterminds|facilitators?|planners?)\b", re.I)
_LABEL = re.compile(r"^\s*(?:[\w&'’.-]+\s+){0,5}[\w&'’.-]+\s*:\s")


def _label_apart(types: EventTypes, text: str, own: list, referred: list) -> tuple[list, list]:
    """A title "Reasi terror attack: police make first arrest": the words before the colon name the story the
    news belongs to; when the news is an arrest, an operation or a strike, the attack they name is referred to."""
    label = _LABEL.match(text)
    if label is None or not any(types.family[n] in ("legal", "armed") for n, at in own if at >= label.end()):
        return own, referred
    named = [(n, at) for n, at in own if at < label.end() and types.family[n] == "attack"]
    return [h for h in own if h not in named], referred + named


# A state's own forces named just before an attack word ("the US bombed", "Israeli jets struck", "Iran's missiles
# hit"): a state is never a militant attacker, so the event is a strike.
_STATE_FORCES = re.compile(r"^(?:['’]s)?\s*(?:(?:border\s+(?:forces|guards|police)|air\s+force|jets?|warplanes?|aircraft|"
                           r"drones?|forces|troops|soldiers|military|army|navy|missiles?|artillery)\s+)?"
                           r"(?:has\s+|have\s+|had\s+|reportedly\s+)?"
                           # "Afghan Border Forces open ‘unprovoked, indiscriminate’ firing"
                           r"(?:open(?:s|ed)?\s+)?(?:[‘'“\"][^’'”\"]{1,60}[’'”\"]\s+|(?:unprovoked|indiscriminate|heavy)\s+)*$",
                           re.I)


# The same in Urdu and Pashto, whose forces and genitive stand between the state and the word: "افغان فورسز کی
# فائرنگ" (the Afghan forces' firing), "افغان فورسز کے حملے", "د افغان ځواکونو برید" (in their one form).
_STATE_FORCES_NATIVE = re.compile(r"^\s*(?:سیکیورٹی\s+|سرحدی\s+|بارڈر\s+)?(?:فورسز|فوج|فوجیون|پولیس|ځواکونو|پوځ)\s+"
                                  r"(?:کی|کے|کا)?\s*(?:جانب\s+سے\s+)?$")


# The state after the word: "firing by Afghan forces", "shelling by the Indian army" (not "from Iran": militants
# fire from a country's soil as often as its forces do).
_BY_STATE = re.compile(r"^[\w'’-]+(?:\s+[\w'’-]+){0,2}?\s+by\s+(?:the\s+)?$", re.I)


# a bomb that no state's forces plant, or a blast: "Afghanistan car bomb: At least 26 killed", "Pakistan blasts:
# Scores killed" are bombings in the country
_DEVICE = re.compile(r"(?:car|truck|roadside|motorcycle|motorbike|bicycle|sticky|magnetic|parcel|vehicle)[\s-]+bomb|"
                     r"ied\b|improvised|(?:twin\s+|bomb\s+)?(?:blasts?|explosions?)\b", re.I)


def _by_states(types: EventTypes, text: str, hits: list, states: list[tuple[int, int]], forces=_STATE_FORCES) -> list:
    """Attack hits whose doer is a state (a mention of it ends right before the word, or its forces) become
    strikes; not a suicide bombing, which no state's forces carry out ("Iran suicide bombing: ...")."""
    if not states or "strike" not in types.family:
        return hits
    changed = []
    for name, start in hits:
        if types.family.get(name) == "attack" and name != "suicide-bombing" and not _DEVICE.match(text[start:]) and (
                any(end <= start and forces.match(text[end:start]) for _, end in states)
                or any(begin > start and _BY_STATE.match(text[start:begin]) for begin, _ in states)):
            name = "strike"
        changed.append((name, start))
    return changed


def _may_count(text: str) -> bool:
    """A cheap test that a sentence can hold a casualty count at all (most sentences cannot)."""
    return casualties.HARM_WORDS.search(text) is not None


def _read_parse(doc, mentions: list[claims.Mention], said: list[claims.Attribution], claim: bool,
                counts: list[casualties.Count]) -> tuple[list[claims.Attribution], bool, list[casualties.Count]]:
    """The sentence as its grammar and its words read it together: the counts of the parse, and the word rules'
    counts of a kind the parse has none of, of a number it did not read, and did not rule out ("killed and wounded 20" says no death toll);
    for each actor the strongest attribution of either; no claim at all when the parse says there was none."""
    from consumers.enrich.reading.attribution import read_attribution  # the readers import this package's types
    from consumers.enrich.reading.casualties import read_counts
    from consumers.enrich.reading.one_victim import one_victim, with_persons_listed
    from consumers.enrich.reading.sustained import sustained

    reading = read_attribution(doc, mentions)
    best: dict[str, claims.Attribution] = {}
    for found in (*reading.attributions, *said):
        if reading.no_claim and found.basis == "claimed":
            continue
        known = best.get(found.actor)
        if known is None or claims.BASIS_ORDER.index(found.basis) < claims.BASIS_ORDER.index(known.basis):
            best[found.actor] = found
    parsed, vetoed = read_counts(doc)
    parsed = with_persons_listed(doc, parsed)
    parsed += one_victim(doc, parsed)
    parsed += sustained(doc, parsed)
    seen = {(c.kind, c.attackers, c.value) for c in parsed}
    # whose figure the grammar read is its reading: "the death of six Khwarij" is of attackers; "five injured and
    # four of them later succumbed" is one still hurt
    read = [(c.start, c.kind, c.value) for c in parsed]
    merged = parsed + [c for c in counts if (c.kind, c.attackers) not in vetoed and (c.kind, c.attackers, c.value)
                       not in seen and not any(c.start <= r < c.end and k == c.kind for r, k, _ in read)]
    return list(best.values()), (reading.claim or claim) and not reading.no_claim, merged


_GENITIVE = re.compile(r"(?<!\w)د\s*[«\"“]?$")  # Pashto "د" (of) before a name


def _of_militants(counts: list[casualties.Count], text: str, mentions: list[claims.Mention]) -> list[casualties.Count]:
    """A count of a group's own men is of attackers: the group in the genitive before it ("د ټيټيپي یو قوماندان
    ووژل شو", a TTP commander was killed) or right after its noun ("دو فرمانده داعش کشته شدند"). Not a group that
    governs a state: the Taliban's men are that state's forces."""
    groups = [m for m in mentions if m.kind == "group" and m.governs is None]
    if not groups:
        return counts
    return [replace(c, attackers=True) if not c.attackers and any(
        (c.start >= m.end and len(re.findall(r"\w+", text[m.end:c.start])) <= 2
         and _GENITIVE.search(text[max(0, m.start - 4):m.start]))
        or (m.start >= c.start and len(re.findall(r"\w+", text[c.start:m.start])) <= 2)
        for m in groups) else c for c in counts]


def _told_as_earlier(doc) -> bool:
    from consumers.enrich.reading.casualties import told_as_earlier  # the readers import this package's types

    return told_as_earlier(doc)


def units(sentences: list[Sentence], *, types: EventTypes, published: datetime | None, actors: list[ActorMention],
          places: list[PlaceMention], parsed: dict | None = None) -> list[Unit]:
    """Every sentence cut into clauses, each with its facts; title and summary clauses are never background
    on account of a bare marker like 'again' alone (headlines are about the news). `parsed` maps a sentence's
    index to its parse: its counts and attributions are then read from the grammar (consumers/enrich/reading)."""
    parsed = parsed or {}
    found: list[Unit] = []
    # a lead that tells separate events together ("separate blasts killed 11"): the headline's toll is their sum
    summed = any(tells_separate_events(s.text) for s in sentences if s.section in ("summary", "lead"))
    for sentence in sentences:
        # right after a background passage, "The tragic event ..." or "That attack ..." goes on about it
        earlier_before = bool(found) and found[-1].background and sentence.section in ("lead", "body")
        text = sentence.text
        sentence_actors = [a for a in actors if sentence.start <= a.start < sentence.end]
        mentions = [claims.Mention(a.actor, a.kind, a.start - sentence.start, a.end - sentence.start, a.governs)
                    for a in sentence_actors]
        # a capital named as a place ("Kabul blast") is where it happened, not the state that did it
        towns = {p.start - sentence.start for p in places if p.kind in ("city", "town") and sentence.start <= p.start}
        doers = [(m.start, m.end) for m in mentions if m.kind == "state" and m.start not in towns]
        hits, referred = _own_hits(types, text, sentence.section == "title")
        # a tally of many attacks is no event's toll; right after a background passage, "That attack ..." goes on
        earlier = tallies_attacks(text) or earlier_before and timeline.goes_on_about_the_earlier(text)
        if has_arabic_script(text):  # Urdu, Persian, Pashto: their own words (native.py), not the English rules
            said = native_claims.attributions(text, mentions) if mentions else []
            claim = native_claims.claims_responsibility(text)
            if not claim:
                hits = _by_states(types, text, hits, doers, _STATE_FORCES_NATIVE)
            sentence_counts = _of_militants(native.counts(text), text, mentions)
        else:
            said = claims.attributions(text, mentions) if mentions else []
            claim = "claim" in text.lower() and claims.claims_responsibility(text)
            if not claim:  # a group claims it ("Pakistan bombing: ISIS claims suicide attack"): no state did it
                hits = _by_states(types, text, hits, doers)
            sentence_counts = casualties.counts(timeline.mask_dates(text)) if _may_count(text) else []
            if sentence.index in parsed:
                said, claim, sentence_counts = _read_parse(parsed[sentence.index], mentions, said, claim, sentence_counts)
                # below the lead, a toll in the past perfect is of an earlier event ("10 had been killed in that blast")
                earlier = earlier or sentence.section == "body" and _told_as_earlier(parsed[sentence.index])
            sentence_counts = casualties.attackers_included(text, sentence_counts)
        sentence_counts = with_companion(text, sentence_counts)
        sentence_dates = timeline.dates(text, published)
        for clause in headline_halves(timeline.clauses(text), text, sentence.section):
            lo, hi = sentence.start + clause.start, sentence.start + clause.end
            unit = Unit(sentence, lo, hi, clause.background or earlier)
            unit.hits = said_of_the_event([(name, offset - clause.start) for name, offset in hits
                                              if clause.start <= offset < clause.end], text[clause.start:clause.end])
            unit.types = [name for name, _ in unit.hits]
            unit.refers = [name for name, offset in referred if clause.start <= offset < clause.end]
            unit.counts = [] if summed and sentence.section == "title" else [  # their sum, no one event's toll
                c for c in sentence_counts if clause.start <= c.start < clause.end]
            unit.dates = [d for d in sentence_dates if clause.start <= d.start < clause.end]
            unit.actors = [a for a in sentence_actors if lo <= a.start < hi]
            unit.places = [p for p in places if lo <= p.start < hi]
            unit.attributions = [a for a in said if any(m.actor == a.actor for m in unit.actors)]
            unit.claim = claim and holds_the_claim(text, clause, first=clause.start == 0)
            found.append(unit)
    return found
