"""Stories: near-duplicate articles about one event grouped with MinHash LSH (datasketch).

An article's fingerprint is the set of word 3-grams of its title and lead. Articles whose estimated
Jaccard similarity reaches the threshold join the same story; the story id is the id of its first
article, so it is the same after a restart. `AlertState` holds what was last alerted per (rule, story)
and `decide` says whether a new article on that story is material: casualties rose, a watched actor
is new to the story, or someone claimed responsibility. Otherwise it is attached silently.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from typing import Callable

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
LEAD_WORDS = 80


def lead_text(title: str, summary: str, body: str) -> str:
    """Title, summary and the first words of the body: what a story fingerprint is made from."""
    words = body.split()
    return " ".join(part for part in (title, summary, " ".join(words[:LEAD_WORDS])) if part)


def fingerprint(text: str) -> MinHash:
    """MinHash of the text's word 3-grams (case-folded, punctuation dropped)."""
    words = re.findall(r"\w+", text.casefold())
    shingles = {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


class StoryIndex:
    """Assigns each article to a story of near-duplicates; stories idle longer than window_s are forgotten."""

    def __init__(self, *, threshold: float = 0.5, window_s: float = 72 * 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._threshold = threshold
        self._window = window_s
        self._clock = clock
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._story_of: dict[str, str] = {}
        self._minhash: dict[str, MinHash] = {}
        self._members: dict[str, list[str]] = {}
        self._touched: dict[str, float] = {}

    def story_for(self, article_id: str, text: str) -> str:
        """The story id of an article (its own id when it starts a new story)."""
        if article_id in self._story_of:
            return self._story_of[article_id]
        minhash = fingerprint(text)
        # LSH returns candidates; keep only those whose estimated similarity really reaches the threshold.
        similar = sorted(self._story_of[key] for key in self._lsh.query(minhash)
                         if minhash.jaccard(self._minhash[key]) >= self._threshold)
        story_id = similar[0] if similar else article_id
        self.remember(article_id, story_id, minhash=minhash)
        return story_id

    def remember(self, article_id: str, story_id: str, *, text: str | None = None, minhash: MinHash | None = None) -> None:
        """Record an article as part of a story (also used to rebuild state after a restart)."""
        self._touched[story_id] = self._clock()
        if article_id in self._story_of:
            return
        minhash = minhash or fingerprint(text or "")
        self._lsh.insert(article_id, minhash)
        self._story_of[article_id] = story_id
        self._minhash[article_id] = minhash
        self._members.setdefault(story_id, []).append(article_id)

    def forget_idle(self) -> list[str]:
        """Drop stories untouched for window_s; returns their ids (callers drop their own state too)."""
        cutoff = self._clock() - self._window
        stale = [story for story, at in self._touched.items() if at < cutoff]
        for story in stale:
            for article_id in self._members.pop(story, []):
                self._lsh.remove(article_id)
                self._story_of.pop(article_id, None)
                self._minhash.pop(article_id, None)
            del self._touched[story]
        return stale

    def __len__(self) -> int:
        return len(self._members)


@dataclass
class AlertState:
    """What the last alert of one (rule, story) said."""

    revision: int = 0
    killed: int | None = None
    actors: set[str] = field(default_factory=set)
    claimed: bool = False
    articles: list = field(default_factory=list)  # AlertArticle of every article attached so far

    def has(self, article_id: str) -> bool:
        """True when the article is already part of this (rule, story)."""
        return any(a.id == article_id for a in self.articles)


def decide(state: AlertState, *, killed: int | None, actors: set[str], claimed: bool) -> str | None:
    """Why a new revision is due, or None when the article only attaches to the story."""
    if state.revision == 0:
        return "new story"
    reasons = []
    if killed is not None and (state.killed is None or killed > state.killed):
        reasons.append(f"casualties rose from {state.killed or 0} to {killed} killed")
    new_actors = sorted(actors - state.actors)
    if new_actors:
        reasons.append(f"new actor{'s' if len(new_actors) > 1 else ''}: {', '.join(new_actors)}")
    if claimed and not state.claimed:
        reasons.append("claim of responsibility")
    return "; ".join(reasons) or None


def webhook_id(rule_id: str, story_id: str, revision: int) -> str:
    """Deterministic webhook-id of one (rule, story, revision): redeliveries carry the same id."""
    digest = hashlib.sha256(f"{rule_id}\x1f{story_id}\x1f{revision}".encode("utf-8")).hexdigest()
    return f"msg_{digest[:32]}"
