"""Articles: as a producer found them, and as the enricher understood them."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from newsmon.messages.envelope import Message, Part


class RawArticle(Message):
    """An article as a producer found it: from a feed entry or a segment of a saved page."""

    SCHEMA: ClassVar[str] = "newsmon.RawArticle"

    title: str = Field(min_length=1, description="Headline.")
    body: str = Field("", description="Main text, paragraphs separated by blank lines.")
    summary: str = Field("", description="Standfirst, feed summary or bullet points.")
    url: str | None = Field(None, description="Canonical link when known.")
    published: datetime | None = Field(None, description="Publication time (UTC) when the source states it.")
    first_seen: datetime | None = Field(None, description="When newsmon first saw it (UTC): the poll that fetched it, "
                                        "or the WebSub push that brought it. None from producers that do not say.")
    dateline: str | None = Field(None, description="Place in the dateline, e.g. Islamabad.")
    outlet: str | None = Field(None, description="Publishing outlet when the source states it.")
    language_hint: str | None = Field(None, description="Language declared by the source, if any.")
    source: str = Field(description="Where it came from: a seed file path or a feed name.")
    source_kind: Literal["seed", "feed"] = Field("seed", description="Kind of producer that made it.")
    tags: tuple[str, ...] = Field((), description="Tags of the feed or replay.")
    truncated: bool = Field(False, description="True when the text was cut at the largest article size "
                                               "(NEWSMON_MAX_ARTICLE_CHARS), at a paragraph boundary.")


Role = Literal["perpetrator", "claimant", "target", "participant", "subject", "mentioned"]


class Actor(Part):
    """A linked actor, where the text mentions it, and its part in the main event."""

    id: str
    name: str
    kind: Literal["group", "state"]
    mentions: int = 1
    evidence: tuple[str, ...] = Field((), description="Sentences that mention the actor.")
    role: Role = Field("mentioned", description="Its part in the main event; `mentioned` when it has none.")
    salience: Literal["title", "lead", "body"] = Field("body", description="Where the article names it first.")


class Category(Part):
    """One topic label with its score and the evidence behind it."""

    label: str
    score: float = Field(ge=0, le=1)
    evidence: tuple[str, ...] = ()


class Place(Part):
    """A place named in the text, its admin-1 (province, state) and ISO 3166-1 alpha-2 country, when known."""

    name: str
    country: str | None = None
    admin1: str | None = None
    kind: str | None = Field(None, description="country, admin1, city, district, region or landmark.")


class Evidence(Part):
    """The sentence a fact came from, with its character offsets in the article text (title, summary, body
    joined by blank lines)."""

    fact: str = Field(description="type, when, where, killed, injured, attackers_killed, perpetrator, claimed, target")
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Perpetrator(Part):
    """Who the event is attributed to, and on what basis."""

    actor: str = Field(description="Actor id from the catalog.")
    name: str
    basis: Literal["claimed", "blamed", "reported", "suspected"] = Field(
        description="claimed: a claim of responsibility; blamed: by officials; reported: the report says so; "
        "suspected: suspicion only.")
    claimant: str | None = Field(None, description="Actor id of who claimed it, for a claim.")


class EventFacts(Part):
    """Facts of one event: the main event of an article, or a related one it mentions."""

    type: str | None = None
    killed: int | None = Field(None, description="Victims killed (attackers apart).")
    injured: int | None = None
    date: str | None = Field(None, description="When it happened (ISO date), if the text says.")
    claimed: bool | None = Field(None, description="Whether the text reports a claim of responsibility.")
    attackers_killed: int | None = None
    where: Place | None = None
    perpetrator: Perpetrator | None = None
    denied_by: tuple[str, ...] = Field((), description="Actor ids that denied a part in it.")
    targets: tuple[str, ...] = Field((), description="What it was aimed at: police, military, civilians, ...")
    relation: Literal["main", "background", "referenced"] = "main"
    evidence: tuple[Evidence, ...] = ()


class Entity(Part):
    """A named entity found by the statistical NER."""

    text: str
    label: str


class EnrichedArticle(Message):
    """An article with entities, linked actors, categories and event facts."""

    SCHEMA: ClassVar[str] = "newsmon.EnrichedArticle"
    VERSION: ClassVar[int] = 2
    READS: ClassVar[tuple[int, ...]] = (1,)

    article: RawArticle
    language: str = Field("und", description="ISO 639-1 code detected from the text.")
    actors: tuple[Actor, ...] = ()
    categories: tuple[Category, ...] = ()
    event: EventFacts = Field(EventFacts(), description="The main event.")
    related_events: tuple[EventFacts, ...] = Field((), description="Earlier or referenced events it mentions.")
    places: tuple[Place, ...] = ()
    entities: tuple[Entity, ...] = ()
