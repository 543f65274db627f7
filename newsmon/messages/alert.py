"""Alerts: one per story revision, built for triage; and the story state the alerters share."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from newsmon.messages.article import Actor, EventFacts, Place
from newsmon.messages.envelope import Message, Part

Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")


class Source(Part):
    """One article of a story: where it came from and when newsmon first saw it."""

    id: str
    title: str
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    first_seen: datetime | None = Field(None, description="When newsmon first saw it: the poll or push that fetched it, "
                                        "else (saved pages) when the alerter first read it.")
    language: str | None = None
    source: str | None = Field(None, description="The feed name or the saved page it came from.")


class RuleHit(Part):
    """A watch rule that matched the story, and why in words."""

    id: str
    name: str
    severity: Severity
    why: str


class Alert(Message):
    """One alert per story revision; its id is the deterministic webhook-id of (story, revision)."""

    SCHEMA: ClassVar[str] = "newsmon.Alert"
    VERSION: ClassVar[int] = 2

    story_id: str
    revision: int = Field(1, ge=1)
    severity: Severity = "medium"
    headline: str = Field(description="The title of the newest article of the story.")
    key_sentence: str | None = Field(None, description="The sentence that best states what happened.")
    event: EventFacts = Field(EventFacts(), description="The story's main event, each fact with its evidence.")
    place: Place | None = Field(None, description="Where it happened: name, admin-1 and country.")
    changes: tuple[str, ...] = Field((), description="What is new since the last revision, in words.")
    rules: tuple[RuleHit, ...] = Field(min_length=1, description="Every rule that matched, and why.")
    actors: tuple[Actor, ...] = Field((), description="The actors with a part in the event (roles), with evidence.")
    sources: tuple[Source, ...] = Field(min_length=1, description="Every article of the story, oldest first.")
    languages: tuple[str, ...] = Field((), description="Languages of the story's articles (the facts are in English).")
    destinations: tuple[str, ...] = Field((), description="Endpoint names to deliver to; empty means every endpoint.")
    published: datetime | None = Field(None, description="When the story's first article was published, as its "
                                       "source says (UTC).")
    first_seen: datetime | None = Field(None, description="When newsmon first saw the story's first article (UTC): the "
                                        "poll or push that fetched it, else when the alerter first read it.")


class StoryArticle(Part):
    """What a story keeps of each of its articles (enough to rebuild the story and its alerts)."""

    id: str
    title: str
    lead: str = ""
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    first_seen: datetime | None = None
    language: str | None = None
    source: str | None = None
    key_sentence: str | None = None
    facts: EventFacts | None = Field(None, description="Its main event's facts, so that a split can make it a story "
                                     "of its own and rebuild the story without it.")
    referred: EventFacts | None = Field(None, description="For a follow-up (an arrest, an operation...): the event "
                                        "it refers to, which is what it brought to the story.")
    actors: tuple[Actor, ...] = Field((), description="The actors with a part that it named (one evidence sentence).")
    categories: tuple[str, ...] = Field((), description="Its topic labels.")


class StoryState(Message):
    """One story as the alerters know it (compacted topic, keyed by story id): its articles, its merged facts,
    its principal actors and what its last alert said. The id is the story id."""

    SCHEMA: ClassVar[str] = "newsmon.StoryState"

    route: str = Field("", description="The routing key its articles carry (the event's country), for ownership.")
    family: str | None = None
    articles: tuple[StoryArticle, ...] = ()
    event: EventFacts = EventFacts()
    actors: tuple[Actor, ...] = ()
    keywords_text: str = Field("", description="Titles and leads, for keyword rules.")
    categories: tuple[str, ...] = Field((), description="Topic labels of its articles, for category rules.")
    followups: tuple[str, ...] = Field((), description="Follow-up kinds already reported (arrest, operation, ...).")
    revision: int = Field(0, ge=0, description="Revision of the last alert (0: none yet).")
    alerted: tuple[str, ...] = Field((), description="Rule ids of the last alert.")
    severity: Severity | None = None
    updated: datetime | None = None
    places: tuple[Place, ...] = Field((), description="Every place its reports gave the event, for matching later "
                                                     "reports that name another of them.")
    corrected: tuple[str, ...] = Field((), description="Facts an analyst corrected (killed, injured, perpetrator, "
                                       "where, date): later reports leave them as they are.")
    muted: bool = Field(False, description="An analyst marked it not for the desk: no alert until unmuted.")
    merged_into: str | None = Field(None, description="An analyst merged it into this story; its articles are there.")
    split_from: str | None = Field(None, description="The story an analyst split its article out of.")
    corrections: tuple[str, ...] = Field((), description="Ids of the corrections applied to it, oldest first.")
    held: tuple[str, ...] = Field((), description="What changed while it was muted: said when it is unmuted.")
