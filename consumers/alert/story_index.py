"""Which story an article belongs to: the same real-world event, not the same words.

An article joins a story when
  - its main event is the story's event: violent events of compatible kinds (an attack, the clash it became and
    the strike it was answered with at one place and time are one event; the exact type never decides), placed
    so that they can be one (consumers/alert/areas.py: one locality; one province; facing districts across a
    border; anywhere in one country for a strike or clash between the same states, or for one mass-casualty
    attack, tolls within a quarter), on days that agree (the event's date, else the report's publication date;
    within 3 days for one locality, 1 day otherwise; a claim for a kidnapping, weeks; an undated report naming the
    group of a mass-casualty attack, a week), with no perpetrator that tells them apart; or talks, a meeting or
    their agreement within 2 days, the parties (states, groups) of one among the other's: in one city, or
    anywhere when both name two parties or more (each side reporting from its capital); or
  - it follows the story up: its main event is an arrest, operation, strike, conviction or execution, and the
    event it refers to is the story's event: matched as above, or up to FOLLOWUP_DAYS later when the referring
    clause gives no date and places the event in the story's town, or in the same province when it names what
    the story's reports name (the "Sariab Road bombing" for arrests in Mastung); or
  - it is a rewrite: its title and lead are near-duplicates of a story article's (word 3-gram MinHash,
    estimated Jaccard at or above the threshold).
A report whose date is unknown (no date in the text, no publication date, and no arrival time that can stand in
for it) joins by its event only when its toll pins the event or one of its reports (consumers/alert/story_clues.py
toll_pins: the same dead and wounded, the same militants killed, or five dead or more where one report gives no
wounded) in the same town or district (the province for ten dead or more), or it is the same massacre (ten dead or
more, the same group named on both sides) anywhere its place relates, with no other doer, and only one story fits:
a page of another year must not pull two events together. The same massacre is one event however each report types
it, within a week. An event in the past (an anniversary, a trial for an old attack) has a date days or years apart
and does not join today's story. Stories idle longer than the window are forgotten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from rensa import RMinHash, RMinHashLSH

from consumers.alert.areas import Areas, load_areas
from consumers.alert.story import Story
from consumers.alert.story_clues import (CRACKDOWNS, RULINGS, compatible, day_of, days_apart, doer_disputed,
                                         names_shared, one_closure, one_crackdown, one_mass_casualty, one_meeting,
                                         one_named_massacre, one_ruling, pins_a_report)
from newsmon.messages import EventFacts

NUM_PERM = 128
SEED = 20240323  # every alerter instance hashes alike: two instances find the same rewrites
# The LSH index only proposes candidates; each is then checked against the threshold by its estimated Jaccard. In 64
# bands of 2 rows, a pair at Jaccard 0.3 is proposed with probability 0.998: the index misses no rewrite at 0.5.
NUM_BANDS = 64
FOLLOWUPS = ("arrest", "operation", "strike", "conviction", "execution")
# A reaction to an event (a condemnation, an official's word on the inquiry, a protest over it) only mentions it:
# the report joins the event's story, and brings no revision of its own.
REACTIONS = ("statement", "protest")
_SMALL_PLACES = ("city", "town", "landmark")  # one of these names one spot; a district or province does not
_RANK = ("place", "locality", "admin1", "border", "country")
FOLLOWUP_DAYS = 30  # arrests or an operation this long after an attack can still be news of it


def fingerprint(text: str) -> RMinHash:
    """MinHash of the text's word 3-grams (case-folded, punctuation dropped); the same in every process."""
    words = re.findall(r"\w+", text.casefold())
    shingles = sorted({" ".join(words[i: i + 3]) for i in range(max(len(words) - 2, 1))})
    minhash = RMinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update(shingles)
    return minhash


@dataclass(frozen=True)
class Link:
    """How an article joins a story."""

    story: Story
    kind: str  # "same-event" | "follow-up" | "mention" | "rewrite"
    facts: EventFacts  # the facts the article brings to the story's event


class StoryIndex:
    """The stories of the window, found by event signature and by near-duplicate text."""

    def __init__(self, *, family_of, lineage: Callable[[str], set[str]] = lambda a: {a}, threshold: float = 0.5,
                 areas: Areas | None = None, arrival_is_time: bool = True) -> None:
        self._family_of, self._lineage, self._threshold = family_of, lineage, threshold
        self._arrival_is_time = arrival_is_time  # False when reports are read at once (`rules test`)
        self._areas = areas or load_areas()
        self.stories: dict[str, Story] = {}
        self._leads: dict[str, str] = {}  # article id -> its title and lead, fingerprinted when first compared
        self._lsh: RMinHashLSH | None = None  # the MinHash LSH index, built at the first lookup
        self._minhash: dict[str, RMinHash] = {}
        self._keys: dict[str, int] = {}  # article id -> its key in the index (the index keys by number)
        self._articles: dict[int, str] = {}
        self._next_key = 0
        self._story_of_article: dict[str, str] = {}

    def find(self, main: EventFacts, referenced: list[EventFacts], lead: str, *, published: datetime | None = None,
             seen: datetime | None = None, allowed: Callable[[Story], bool] = lambda _story: True,
             states: frozenset[str] = frozenset(), parties: frozenset[str] | None = None) -> Link | None:
        """The story the article belongs to, and how. `published` (the report's date) stands in for an event date
        the text does not state; `seen` (when the report arrived) stands in for both, when it is a real time (a
        service; not `rules test`, which reads saved pages at once). `states`: the states with a part in the
        article's main event; `parties`: those and the groups taking part (by default the states)."""
        day = day_of(main.date) or day_of(published) or (day_of(seen) if self._arrival_is_time else None)
        best: tuple[int, Link] | None = None
        for story in filter(allowed, self.stories.values()):
            if day is not None:
                score = self.same_event(story, main, day, states, states if parties is None else parties)
                if score and (best is None or score > best[0]):
                    best = (score, Link(story, "same-event", main))
            if main.type in FOLLOWUPS or main.type in REACTIONS:
                kind = "follow-up" if main.type in FOLLOWUPS else "mention"
                for event in referenced:
                    score = self.followed_up(story, event, main, day_of(event.date) or day)
                    if score and (best is None or score > best[0]):
                        # a story of its own kind is this follow-up again: its own facts, not the bombing's toll
                        own = story.event.type == main.type
                        best = (score, Link(story, "same-event", main) if own else Link(story, kind, event))
        if best is None and day is None:
            best = self._pinned(main, allowed)
        if best is not None:
            return best[1]
        if not self._leads:
            return None
        minhash = fingerprint(lead)
        for key in sorted(self._index().query(minhash)):  # the earliest article first
            article_id = self._articles[key]
            story = self.stories.get(self._story_of_article[article_id])
            if story is not None and allowed(story) and minhash.jaccard(self._minhash[article_id]) >= self._threshold:
                return Link(story, "rewrite", main)
        return None

    def _pinned(self, event: EventFacts, allowed: Callable[[Story], bool]) -> tuple[int, Link] | None:
        """The one story an undated report's event is, by its toll, kind, place and doer (None: none, or more than
        one: a toll shared by two stories pins neither)."""
        family = self._family_of(event.type)
        if family is None or family not in ("attack", "armed") and event.type not in CRACKDOWNS:
            return None
        found = [story for story in filter(allowed, self.stories.values())
                 if story.family and compatible(family, story.family) and self._same_doer(story.event, event)
                 and (pins_a_report(story, event) and self._pinned_place(story, event)
                      or one_named_massacre(story.event, event) and self._relation(story, event.where) is not None)]
        return (1, Link(found[0], "same-event", event)) if len(found) == 1 else None

    def _pinned_place(self, story: Story, event: EventFacts) -> bool:
        """Where a toll that pins a story must be: its town or district; or its province for ten dead or more (the
        same dead and wounded of a massacre in "Helmand" and in "Lashkar Gah" are one event)."""
        relation = self._relation(story, event.where)
        return relation in ("place", "locality") or relation == "admin1" and (event.killed or 0) >= 10

    def same_event(self, story: Story, event: EventFacts, day: date | None, states: frozenset[str] = frozenset(),
                   parties: frozenset[str] = frozenset()) -> int:
        """How strongly an event (on `day`) is the story's event (0: it is not). `states`: the states with a part in
        the event, when known; `parties`: those and the groups taking part."""
        mine = story.event
        family, theirs = self._family_of(event.type), story.family
        if event.type in CRACKDOWNS and mine.type in CRACKDOWNS and day is not None and (crackdown := one_crackdown(
                story, event, self._relation(story, event.where), self._gap(story, day, reports=True), parties - states)):
            return crackdown
        if family is None or theirs is None or not compatible(family, theirs):
            return 0
        if family == "legal" and event.type in RULINGS and day is not None:
            gap = self._gap(story, day, reports=True)
            return one_ruling(story, event, self._relation(story, event.where), gap, parties)
        if event.type == mine.type == "border-closure":
            return one_closure(self._relation(story, event.where), None if day is None else
                               self._gap(story, day, reports=True))
        if family not in ("attack", "armed"):  # talks; deals and arrests only by their text
            first = story.articles[0].facts.where if story.articles else story.event.where
            same_city = event.where is not None and first is not None and \
                self._areas.relation(first, event.where) == "place"
            return one_meeting(story, event, parties or states, same_city,
                               None if day is None else self._gap(story, day, reports=True))
        relation = self._relation(story, event.where)
        if relation is None and self._same_states(story, family, states):
            relation = "country"  # one fight between two states, each side placing it on its own side
        if relation is None or day is None:
            return 0  # without a place and a day on both sides nothing ties two reports to one event
        gap = self._gap(story, day, reports=relation in ("place", "locality"))
        # Up to 3 days for an undated report about one town (the funerals) or the claim the story lacked; weeks for a
        # kidnapping's claim; a week for an undated report naming the group of a mass-casualty attack; else 1.
        small = event.where is not None and event.where.kind in _SMALL_PLACES
        undated = event.date is None
        claim = event.claimed and not mine.claimed and relation in ("place", "locality")  # the claim it lacked
        late_news = (relation == "place" and small and undated) or claim
        named = undated and mine.perpetrator and event.perpetrator and (mine.killed or 0) >= 10  # "the bomber who killed 27"
        differ = self._kinds_differ(mine.type, event.type) and not one_named_massacre(mine, event)  # typed apart
        window = 1 if differ else max(3 if late_news else 1, 7 if named else 1)
        window = FOLLOWUP_DAYS if claim and mine.type == event.type == "kidnapping" else window  # hostages held for weeks
        same_doer = self._same_doer(mine, event) or doer_disputed(mine, event, relation, gap or 0)
        if gap is None or gap > window or not same_doer:
            return 0
        same_perpetrator = bool(mine.perpetrator and event.perpetrator)
        if relation == "country" and not same_perpetrator and not self._same_states(story, family, states) \
                and not one_mass_casualty(mine, event):
            return 0
        # the closest place first, then the same doer, then the nearest day
        return 10 * {"place": 7, "locality": 6, "admin1": 3, "border": 3, "country": 1}[relation] \
            + 4 * same_perpetrator - 2 * gap + (event.type == mine.type)

    def _relation(self, story: Story, where) -> str | None:
        """The closest relation of a place to any place the story's reports gave its event."""
        if where is None:
            return None
        found = [self._areas.relation(p, where) for p in (story.places or [story.event.where]) if p is not None]
        return min((r for r in found if r), key=_RANK.index, default=None)

    def _kinds_differ(self, a: str | None, b: str | None) -> bool:
        """Two specific kinds of attack (a bombing and a shooting), neither a refinement of the other."""
        specific = {t for t in (a, b) if t and self._family_of(t) == "attack" and t not in ("attack", "plot")}
        return len(specific) == 2 and not specific <= {"bombing", "suicide-bombing"}

    def followed_up(self, story: Story, referred: EventFacts, main: EventFacts, day: date | None) -> int:
        """How strongly the event a follow-up refers to is the story's event (0: it is not)."""
        if day is None or self._family_of(referred.type) not in ("attack", "armed") or not compatible(
                self._family_of(referred.type), story.family or ""):
            return 0
        if referred.where is None and main.where is not None:
            referred = referred.model_copy(update={"where": main.where})  # arrests in Sibi over the bombing
        if score := self.same_event(story, referred, day):
            return score
        # Arrests elsewhere in the province, days later, over an attack the clause names as the reports name it.
        gap = days_apart(self.story_day(story), day)
        where, mine = referred.where, story.event.where
        if gap is None or gap > FOLLOWUP_DAYS or where is None or mine is None or not self._same_doer(story.event, referred):
            return 0
        if referred.date is None and self._relation(story, where) in ("place", "locality"):
            return 10  # arrests over "the blast in Lahore", undated, days after the Lahore blast
        same_province = where.country == mine.country and (not where.admin1 or not mine.admin1 or
                                                           where.admin1 == mine.admin1)
        return 10 if same_province and names_shared(referred, story) else 0

    def _gap(self, story: Story, day: date, *, reports: bool) -> int | None:
        """Days from `day` to the nearest day of the story: its event's date, or (`reports`: for one place or
        locality) a day one of its reports came out (a strike overnight, the toll the next afternoon, the funerals
        the day after)."""
        published = [a.published.date() for a in story.articles if a.published] if reports else []
        days = [d for d in (self.story_day(story), *published) if d is not None]
        return min((abs((d - day).days) for d in days), default=None)

    def story_day(self, story: Story) -> date | None:
        """The day of a story's event: its date, else its first report's publication date, else its first
        report's arrival (when arrival is a real time)."""
        if (day := day_of(story.event.date)) is not None:
            return day
        dated = [a.published for a in story.articles if a.published]
        if not dated and self._arrival_is_time:
            dated = [a.first_seen for a in story.articles if a.first_seen]
        return min(dated).date() if dated else None

    @staticmethod
    def _same_states(story: Story, family: str, states: frozenset[str]) -> bool:
        """A strike, clash or operation between the same two states or more, on the same day or the next: one
        event, even when a report names only the country it was in ("Pakistan struck in Afghanistan")."""
        if family != "armed" or len(states) < 2:
            return False
        theirs = story.states
        return states <= theirs or theirs <= states and len(theirs) >= 2

    def _same_doer(self, a: EventFacts, b: EventFacts) -> bool:
        """No perpetrator tells them apart (a branch and its parent are one doer)."""
        if not (a.perpetrator and b.perpetrator):
            return True
        return bool(self._lineage(a.perpetrator.actor) & self._lineage(b.perpetrator.actor))

    def add(self, story: Story, article_id: str, lead: str) -> None:
        """Remember a story and one more of its articles."""
        self.stories[story.id] = story
        if article_id not in self._leads:
            self._leads[article_id] = lead
            self._story_of_article[article_id] = story.id
            if self._lsh is not None:
                self._insert(article_id, lead)

    def _index(self):
        """The LSH index of every remembered article, built at the first lookup."""
        if self._lsh is None:
            self._lsh = RMinHashLSH(threshold=self._threshold, num_perm=NUM_PERM, num_bands=NUM_BANDS)
            for article_id, lead in self._leads.items():
                self._insert(article_id, lead)
        return self._lsh

    def _insert(self, article_id: str, lead: str) -> None:
        minhash = fingerprint(lead)
        key = self._keys[article_id] = self._next_key
        self._next_key += 1
        self._articles[key] = article_id
        self._lsh.insert(key, minhash)
        self._minhash[article_id] = minhash

    def forget_before(self, cutoff: datetime) -> list[str]:
        """Drop stories not updated since cutoff; returns their ids."""
        stale = [sid for sid, s in self.stories.items() if s.updated is not None and s.updated < cutoff]
        for sid in stale:
            for article in self.stories.pop(sid).articles:
                if self._leads.pop(article.id, None) is not None:
                    self._story_of_article.pop(article.id, None)
                    if article.id in self._minhash:
                        key = self._keys.pop(article.id)
                        self._lsh.remove(key)
                        del self._articles[key], self._minhash[article.id]
        return stale

