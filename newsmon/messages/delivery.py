"""Delivery of alerts to webhooks, and dead letters of every stage."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from newsmon.messages.alert import Alert
from newsmon.messages.envelope import Message


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
