"""The envelope every record carries, and how records are encoded and decoded."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsmon.errors import DecodeError


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


class Part(BaseModel):
    """A frozen value object nested in a message."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Message(Part):
    """Envelope shared by every record: schema name, schema version, id, produced_at."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    SCHEMA: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1
    READS: ClassVar[tuple[int, ...]] = ()  # older versions this one can read (it only added optional fields)

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
            if data["schema_version"] in cls.READS:
                data["schema_version"] = cls.VERSION  # read an older version as this one
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


M = TypeVar("M", bound=Message)


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
