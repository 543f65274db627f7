"""Clues that two reports tell of one event when their places alone do not say so (consumers/alert/story_index.py):
one mass-casualty toll, or a name (a road, a market) that the referring clause and the story's reports share."""

from __future__ import annotations

import re

from consumers.alert.story import Story
from newsmon.messages import EventFacts


def one_mass_casualty(a: EventFacts, b: EventFacts) -> bool:
    """Two reports of ten or more killed in one country on one day, their tolls within a quarter of each other:
    one mass-casualty attack, however loosely each report places it."""
    if a.killed is None or b.killed is None or min(a.killed, b.killed) < 10:
        return False
    return min(a.killed, b.killed) >= 0.75 * max(a.killed, b.killed)


_NAME = re.compile(r"\b[A-Z][\w'’-]{3,}")
_COMMON = frozenset("""police officials said says security forces monday tuesday wednesday thursday friday saturday
sunday january february march april june july august september october november december pakistan afghanistan
khyber pakhtunkhwa balochistan punjab sindh taliban tehreek islamic state counter terrorism department the""".split())


def names_shared(referred: EventFacts, story: Story) -> bool:
    """The clause that refers to the event names something (a road, a market, a town) the story's reports name."""
    sentences = " ".join(e.sentence for e in referred.evidence)
    words = {w.casefold().strip("'’") for w in _NAME.findall(sentences)} - _COMMON
    text = " ".join(a.title + " " + a.lead for a in story.articles).casefold()
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)
