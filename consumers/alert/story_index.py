"""Which story an article belongs to: the same real-world event, not the same words.

An article joins a story when
  - its main event is the story's event: the same kind of event (an attack and the clash it became are one),
    both placed, nothing that tells them apart (a different country, province, city, date more than three days
    off, or perpetrator), and something that ties them (the same city; the same province and a date within a
    day or the same perpetrator; the same country, perpetrator and a date within a day); or
  - it follows the story up: its main event is an arrest, operation, strike or conviction, and the event it
    refers to (a "referenced" related event, placed where the follow-up is when the text gives it no place of
    its own) is the story's event, matched the same way; or
  - it is a rewrite: its title and lead are near-duplicates of a story article's (word 3-gram MinHash,
    estimated Jaccard at or above the threshold).
A later article that mentions the event only in a background paragraph has another main event, and
background events never link, so it does not join. Stories idle longer than the window are forgotten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from datasketch import MinHash, MinHashLSH

from consumers.alert.story import Story
from newsmon.messages import EventFacts

NUM_PERM = 128
FOLLOWUPS = ("arrest", "operation", "strike", "conviction", "execution")


def fingerprint(text: str) -> MinHash:
    """MinHash of the text's word 3-grams (case-folded, punctuation dropped)."""
    words = re.findall(r"\w+", text.casefold())
    shingles = {" ".join(words[i: i + 3]) for i in range(max(len(words) - 2, 1))}
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


@dataclass(frozen=True)
class Link:
    """How an article joins a story."""

    story: Story
    kind: str  # "same-event" | "follow-up" | "rewrite"
    facts: EventFacts  # the facts the article brings to the story's event


class StoryIndex:
    """The stories of the window, found by event signature and by near-duplicate text."""

    def __init__(self, *, family_of, threshold: float = 0.5) -> None:
        self._family_of, self._threshold = family_of, threshold
        self.stories: dict[str, Story] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._minhash: dict[str, MinHash] = {}
        self._story_of_article: dict[str, str] = {}

    def find(self, main: EventFacts, referenced: list[EventFacts], lead: str, *, seen: datetime | None = None,
             allowed: Callable[[Story], bool] = lambda _story: True) -> Link | None:
        """The story the article belongs to, and how. `seen` (when the article came) stands in for a date the
        text does not state: reports days apart are not one event unless their dates say so."""
        best: tuple[int, Link] | None = None
        for story in filter(allowed, self.stories.values()):
            if main.date is None and seen and story.updated and abs((seen - story.updated).days) > 3:
                continue
            score = self.same_event(story, main)
            if score and (best is None or score > best[0]):
                best = (score, Link(story, "same-event", main))
            if main.type in FOLLOWUPS:
                for event in referenced:
                    if event.where is None and main.where is not None:
                        event = event.model_copy(update={"where": main.where})  # arrests in Sibi over the bombing
                    score = self.same_event(story, event)
                    if score and (best is None or score > best[0]):
                        best = (score, Link(story, "follow-up", event))
        if best is not None:
            return best[1]
        minhash = fingerprint(lead)
        for key in self._lsh.query(minhash):
            story = self.stories.get(self._story_of_article[key])
            if story is not None and allowed(story) and minhash.jaccard(self._minhash[key]) >= self._threshold:
                return Link(story, "rewrite", main)
        return None

    def same_event(self, story: Story, event: EventFacts) -> int:
        """How strongly an event is the story's event (0: it is not)."""
        mine = story.event
        family, theirs = self._family_of(event.type), story.family
        if family is None or theirs is None or not _compatible(family, theirs):
            return 0
        if family not in ("attack", "armed"):
            return 0  # talks, deals, arrests on their own are not merged by signature, only by their text
        if not (mine.where and event.where):
            return 0  # without a place on both sides nothing ties two reports to one event
        a, b = mine.where, event.where
        if (a.country and b.country and a.country != b.country) or (a.admin1 and b.admin1 and a.admin1 != b.admin1):
            return 0
        same_city = a.kind == b.kind == "city" and a.name.lower() == b.name.lower()
        if a.kind == b.kind == "city" and not same_city:
            return 0
        gap = _days(mine.date, event.date)
        if gap is not None and gap > 3:
            return 0
        if mine.perpetrator and event.perpetrator and mine.perpetrator.actor != event.perpetrator.actor:
            return 0
        same_admin1 = bool(a.admin1) and a.admin1 == b.admin1
        same_country = bool(a.country) and a.country == b.country
        same_perpetrator = bool(mine.perpetrator and event.perpetrator)
        close = gap is not None and gap <= 1
        tied = same_city or (same_admin1 and (close or same_perpetrator)) or (same_country and same_perpetrator and close)
        if not tied:
            return 0
        return 4 * same_city + 2 * same_admin1 + 2 * same_perpetrator + close + (event.type == mine.type)

    def add(self, story: Story, article_id: str, lead: str) -> None:
        """Remember a story and one more of its articles."""
        self.stories[story.id] = story
        if article_id not in self._minhash:
            minhash = fingerprint(lead)
            self._lsh.insert(article_id, minhash)
            self._minhash[article_id] = minhash
            self._story_of_article[article_id] = story.id

    def forget_before(self, cutoff: datetime) -> list[str]:
        """Drop stories not updated since cutoff; returns their ids."""
        stale = [sid for sid, s in self.stories.items() if s.updated is not None and s.updated < cutoff]
        for sid in stale:
            for article in self.stories.pop(sid).articles:
                if article.id in self._minhash:
                    self._lsh.remove(article.id)
                    del self._minhash[article.id]
                    self._story_of_article.pop(article.id, None)
        return stale


def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} == {"attack", "armed"}


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
