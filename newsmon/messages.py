"""Typed, frozen, versioned messages shared by producers and consumers.

Every record on a topic is one of these models serialised as JSON. The envelope fields
(schema, schema_version, id, produced_at) come first. Within a version only optional fields
may be added; readers ignore fields they do not know. A breaking change is a new version.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsmon.errors import DecodeError


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


class _Part(BaseModel):
    """A frozen value object nested in a message."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Message(_Part):
    """Envelope shared by every record: schema name, schema version, id, produced_at."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    SCHEMA: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1

    schema_name: str = Field("", alias="schema", description="Message type, e.g. newsmon.RawArticle.")
    schema_version: int = Field(1, description="Major version of the message type.")
    id: str = Field(min_length=1, description="Stable id of the record; the Kafka key.")
    produced_at: datetime = Field(default_factory=utcnow, description="When the record was made (UTC).")

    @model_validator(mode="before")
    @classmethod
    def _fill_envelope(cls, data: object) -> object:
        if isinstance(data, dict):
            data = dict(data)
            named = data.get("schema") or data.get("schema_name")
            if named and named != cls.SCHEMA:
                raise ValueError(f"schema is {named!r}, expected {cls.SCHEMA!r}")
            if not named:
                data["schema"] = cls.SCHEMA
            data.setdefault("schema_version", cls.VERSION)
        return data

    @model_validator(mode="after")
    def _check_envelope(self) -> "Message":
        if self.schema_name != self.SCHEMA:
            raise ValueError(f"schema is {self.schema_name!r}, expected {self.SCHEMA!r}")
        if self.schema_version != self.VERSION:
            raise ValueError(
                f"{self.SCHEMA} schema_version {self.schema_version} is not supported (expected {self.VERSION})"
            )
        return self


class RawArticle(Message):
    """An article as a producer found it: from a feed entry or a segment of a saved page."""

    SCHEMA: ClassVar[str] = "newsmon.RawArticle"

    title: str = Field(min_length=1, description="Headline.")
    body: str = Field("", description="Main text, paragraphs separated by blank lines.")
    summary: str = Field("", description="Standfirst, feed summary or bullet points.")
    url: str | None = Field(None, description="Canonical link when known.")
    published: datetime | None = Field(None, description="Publication time (UTC) when the source states it.")
    dateline: str | None = Field(None, description="Place in the dateline, e.g. Islamabad.")
    outlet: str | None = Field(None, description="Publishing outlet when the source states it.")
    language_hint: str | None = Field(None, description="Language declared by the source, if any.")
    source: str = Field(description="Where it came from: a seed file path or a feed name.")
    source_kind: Literal["seed", "feed"] = Field("seed", description="Kind of producer that made it.")
    tags: tuple[str, ...] = Field((), description="Tags of the feed or replay.")


class Actor(_Part):
    """A linked actor and where the text mentions it."""

    id: str
    name: str
    kind: Literal["group", "state"]
    mentions: int = 1
    evidence: tuple[str, ...] = Field((), description="Sentences that mention the actor.")


class Category(_Part):
    """One topic label with its score and the evidence behind it."""

    label: str
    score: float = Field(ge=0, le=1)
    evidence: tuple[str, ...] = ()


class Place(_Part):
    """A place named in the text and its ISO 3166-1 alpha-2 country, when known."""

    name: str
    country: str | None = None


class EventFacts(_Part):
    """Facts of the main event."""

    type: str | None = None
    killed: int | None = None
    injured: int | None = None
    date: str | None = None
    claimed: bool | None = Field(None, description="Whether the text reports a claim of responsibility.")


class Entity(_Part):
    """A named entity found by the statistical NER."""

    text: str
    label: str


class EnrichedArticle(Message):
    """An article with entities, linked actors, categories and event facts."""

    SCHEMA: ClassVar[str] = "newsmon.EnrichedArticle"

    article: RawArticle
    language: str = Field("und", description="ISO 639-1 code detected from the text.")
    actors: tuple[Actor, ...] = ()
    categories: tuple[Category, ...] = ()
    event: EventFacts = EventFacts()
    places: tuple[Place, ...] = ()
    entities: tuple[Entity, ...] = ()


class AlertArticle(_Part):
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


class Delivery(Message):
    """A webhook attempt scheduled for later: the alert, the endpoint, and when it is due."""

    SCHEMA: ClassVar[str] = "newsmon.Delivery"

    alert: Alert
    endpoint: str
    retry: int = Field(ge=1, description="Which step of the retry schedule this is (1 = the first retry).")
    attempts: int = Field(0, ge=0, description="Attempts already made to this endpoint.")
    not_before: datetime = Field(description="Not attempted before this time (UTC).")
    last_error: str | None = None


class DeliveryReport(Message):
    """What one webhook attempt (or decision) did: delivered, retrying, failed, disabled or deferred."""

    SCHEMA: ClassVar[str] = "newsmon.DeliveryReport"

    alert_id: str
    story_id: str
    endpoint: str
    attempt: int = Field(ge=0, description="Attempts made so far, this one included.")
    outcome: Literal["delivered", "retrying", "failed", "disabled", "deferred"]
    status_code: int | None = None
    latency_ms: float | None = None
    reason: str = ""
    next_attempt_at: datetime | None = None


class EndpointState(Message):
    """The durable state of one webhook endpoint (compacted topic, keyed by endpoint name)."""

    SCHEMA: ClassVar[str] = "newsmon.EndpointState"

    disabled: bool = False
    reason: str = ""


class DeadLetter(Message):
    """A record that could not be processed or delivered, with its original bytes and why."""

    SCHEMA: ClassVar[str] = "newsmon.DeadLetter"

    stage: str = Field(description="Where it failed: decode, process, deliver.")
    error: str = Field(description="One-line reason.")
    source_topic: str
    source_partition: int
    source_offset: int
    key: str | None = None
    value_b64: str = Field("", description="The original record value (or the undelivered alert), base64.")
    value_size: int | None = Field(None, description="Size in bytes of the value the dead letter is about.")
    value_sha256: str | None = Field(None, description="SHA-256 of that value, hex.")
    value_truncated: bool = Field(False, description="True when value_b64 holds only the first bytes (too large to copy).")
    attempts: int = 1
    endpoint: str | None = Field(None, description="Webhook endpoint that failed, for stage deliverer.deliver.")


M = TypeVar("M", bound=Message)

MESSAGE_TYPES: dict[str, type[Message]] = {
    cls.SCHEMA: cls for cls in (RawArticle, EnrichedArticle, Alert, Delivery, DeliveryReport, EndpointState, DeadLetter)
}


def encode(msg: Message) -> bytes:
    """Serialise a message to its JSON wire form."""
    return msg.model_dump_json(by_alias=True).encode("utf-8")


def decode(data: bytes | None, model: type[M]) -> M:
    """Parse and validate one record; anything invalid raises DecodeError."""
    if data is None:
        raise DecodeError("record has no value")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"record is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "record"
        raise DecodeError(f"invalid {model.SCHEMA}: {where}: {first['msg']}") from exc


def json_schema(model: type[Message]) -> str:
    """The JSON Schema of a message type, as committed under newsmon/schemas/."""
    schema = model.model_json_schema(by_alias=True)
    schema["$id"] = f"https://newsmon.invalid/schemas/{model.SCHEMA}.v{model.VERSION}.json"
    schema["title"] = model.SCHEMA
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
