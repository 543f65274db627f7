"""Alerts: one per story revision, the articles behind it and the facts that made it fire."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from newsmon.messages.article import Actor, EventFacts
from newsmon.messages.envelope import Message, Part


class AlertArticle(Part):
    """An article attached to an alert."""

    id: str
    title: str
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    lead: str | None = Field(None, description="Title, summary and first words: the story fingerprint's text.")


class Alert(Message):
    """One alert per (rule, story, revision); id is the deterministic webhook-id."""

    SCHEMA: ClassVar[str] = "newsmon.Alert"

    rule_id: str
    rule_name: str
    severity: Literal["low", "medium", "high", "critical"] = "medium"
    story_id: str
    revision: int = Field(1, ge=1)
    reason: str = Field("new story", description="Why this alert or update was raised.")
    articles: tuple[AlertArticle, ...] = Field(min_length=1)
    actors: tuple[Actor, ...] = Field((), description="The article's actors with evidence, the rule's matches first.")
    matched_actors: tuple[str, ...] = Field((), description="Ids of the actors that made the rule fire.")
    categories: tuple[str, ...] = ()
    event: EventFacts = EventFacts()
    destinations: tuple[str, ...] = Field((), description="Endpoint names to deliver to; empty means every endpoint.")
