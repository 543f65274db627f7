"""Story grouping: near-duplicates join, unrelated texts do not, idle stories are forgotten."""

from __future__ import annotations

import random

from consumers.alert.stories import AlertState, StoryIndex, decide, webhook_id

LEAD = ("Pakistani intelligence and counter-terrorism authorities have arrested four Tehreek-e-Taliban Pakistan "
        "members in connection with this week's suicide blast in the capital that killed twelve people")


def test_a_republished_wording_joins_the_story_and_an_unrelated_text_does_not():
    index = StoryIndex(threshold=0.5)
    assert index.story_for("a", "Pakistan arrests four TTP suspects. " + LEAD) == "a"
    assert index.story_for("b", "Four TTP suspects arrested in Islamabad. " + LEAD + ", officials said") == "a"
    assert index.story_for("c", "Pakistan nears $1.5 billion deal to supply weapons and jets to Sudan") == "c"


def test_lsh_candidates_are_verified_so_random_texts_never_merge():
    rng = random.Random(5)
    words = [f"w{i}" for i in range(3000)]
    index = StoryIndex(threshold=0.5)
    stories = {index.story_for(f"a{i}", " ".join(rng.choice(words) for _ in range(60))) for i in range(2000)}
    assert len(stories) == 2000


def test_idle_stories_are_forgotten_after_the_window():
    now = [0.0]
    index = StoryIndex(threshold=0.5, window_s=100, clock=lambda: now[0])
    index.story_for("old", LEAD)
    now[0] = 50
    index.story_for("fresh", "An unrelated report about markets and interest rates in Karachi today")
    now[0] = 120
    assert index.forget_idle() == ["old"] and len(index) == 1
    assert index.story_for("again", LEAD) == "again"  # the old story is gone: a new one starts


def test_decide_raises_revisions_only_for_material_changes():
    state = AlertState(revision=1, killed=12, actors={"ttp"}, claimed=False)
    assert decide(AlertState(), killed=None, actors={"ttp"}, claimed=False) == "new story"
    assert decide(state, killed=12, actors={"ttp"}, claimed=False) is None
    assert decide(state, killed=15, actors={"ttp"}, claimed=False) == "casualties rose from 12 to 15 killed"
    assert decide(state, killed=None, actors={"ttp", "PK"}, claimed=False) == "new actor: PK"
    assert decide(state, killed=None, actors={"ttp"}, claimed=True) == "claim of responsibility"
    assert webhook_id("ttp", "s1", 2) == webhook_id("ttp", "s1", 2) != webhook_id("ttp", "s1", 3)
