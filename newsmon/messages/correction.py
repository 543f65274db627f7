"""Corrections: what an analyst changed about a story on the console, for the alerter that owns the story.

One record per change, on a compacted topic. The key (`Correction.key`) is the story and what was changed, so
compaction keeps the latest correction of each kind and fact per story: the latest toll, perpetrator, place and
date, the latest of mute and unmute, the merge, and the latest split of each article.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal, Union

from pydantic import Field, field_validator

from newsmon.messages.article import Perpetrator, Place
from newsmon.messages.envelope import Message, Part


class TollFix(Part):
    """The toll as the analyst knows it: both figures, as the form showed them (None: no figure)."""

    kind: Literal["toll"] = "toll"
    killed: int | None = Field(None, ge=0, description="Victims killed (attackers apart).")
    injured: int | None = Field(None, ge=0)


class PerpetratorFix(Part):
    """Who carried it out, and on what basis; None: nobody is known to have."""

    kind: Literal["perpetrator"] = "perpetrator"
    perpetrator: Perpetrator | None = None


class PlaceFix(Part):
    """Where it happened."""

    kind: Literal["place"] = "place"
    where: Place


class DateFix(Part):
    """The day it happened (ISO date)."""

    kind: Literal["date"] = "date"
    date: str

    @field_validator("date")
    @classmethod
    def _iso(cls, value: str) -> str:
        return date.fromisoformat(value).isoformat()


class Mute(Part):
    """Not for the desk (muted: no alert on later articles) or back to the desk (unmuted)."""

    kind: Literal["mute"] = "mute"
    muted: bool = True


class Merge(Part):
    """The story is the same event as another: its articles and facts go into that one."""

    kind: Literal["merge"] = "merge"
    into: str = Field(min_length=1, description="The story id it is merged into.")


class Split(Part):
    """One article is not this story's event: it becomes a story of its own."""

    kind: Literal["split"] = "split"
    article_id: str = Field(min_length=1)


Change = Annotated[Union[TollFix, PerpetratorFix, PlaceFix, DateFix, Mute, Merge, Split], Field(discriminator="kind")]
FACT_KINDS: tuple[str, ...] = ("toll", "perpetrator", "place", "date")


class Correction(Message):
    """One analyst correction of one story. The id is unique per correction (the Kafka key is `key`)."""

    SCHEMA: ClassVar[str] = "newsmon.Correction"

    story_id: str = Field(min_length=1)
    route: str = Field("", description="The story's route (its articles' routing key): the record goes to the "
                       "partition of the story's articles, so the alerter that owns the story applies it.")
    change: Change
    article_id: str | None = Field(None, description="For a fact: the report the analyst read it in (the text of "
                                   "the gold case `eval --export-corrections` writes).")
    note: str = Field("", max_length=500, description="The analyst's words, if any.")

    @property
    def key(self) -> str:
        """The compaction key: the story and what was changed (per article for a split)."""
        if isinstance(self.change, Split):
            return f"{self.story_id}/split/{self.change.article_id}"
        return f"{self.story_id}/{self.change.kind}"
