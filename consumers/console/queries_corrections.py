"""What the story page shows of analyst corrections: each one with whether the alerter has applied it yet (or
refused it, and why), the stories it may be merged into, and where a merged story went."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from consumers.console.corrections import CORRECTED_FACTS
from newsmon.messages import StoryState

MERGE_CHOICES = 40


@dataclass
class CorrectionView:
    row: sqlite3.Row
    status: str  # applied | waiting | refused
    why: str = ""


def story_corrections(conn: sqlite3.Connection, state: StoryState) -> list[CorrectionView]:
    """The corrections of this story and the merges into it, newest first: applied (the story's state lists
    it), refused (the alerter dead-lettered a correction of that key after it was made) or waiting."""
    applied = set(state.corrections)
    shown = []
    for row in conn.execute("SELECT * FROM corrections WHERE story_id = ? OR target = ? ORDER BY at DESC, id",
                            (state.id, state.id)):
        if row["id"] in applied:
            shown.append(CorrectionView(row, "applied"))
            continue
        letter = conn.execute("SELECT error FROM deadletters WHERE stage = 'alerter.correction' AND key = ? AND "
                              "at >= ? ORDER BY at LIMIT 1", (row["key"], row["at"])).fetchone()
        shown.append(CorrectionView(row, "refused", letter["error"]) if letter else CorrectionView(row, "waiting"))
    return shown


def merge_choices(conn: sqlite3.Connection, state: StoryState) -> list[sqlite3.Row]:
    """The stories this one can be merged into: of its route (so of the same alerter), the latest first."""
    return conn.execute("SELECT id, headline, updated, place, severity FROM stories WHERE id != ? AND "
                        "json_extract(state, '$.route') = ? ORDER BY updated DESC LIMIT ?",
                        (state.id, state.route, MERGE_CHOICES)).fetchall()


def merged_into(conn: sqlite3.Connection, story_id: str) -> str | None:
    """The story an analyst merged this one into, following merges of merges."""
    seen = {story_id}
    target = None
    while (row := conn.execute("SELECT target FROM merged_stories WHERE id = ?", (story_id,)).fetchone()) is not None:
        target = story_id = row["target"]
        if story_id in seen:
            break
        seen.add(story_id)
    return target


def corrected_facts(state: StoryState) -> set[str]:
    """The facts shown on the story page (their names there) that an analyst corrected."""
    return {CORRECTED_FACTS[name] for name in state.corrected if name in CORRECTED_FACTS}
