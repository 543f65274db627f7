"""The health of one polled feed, as the poller last saw it."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field

from newsmon.messages.envelope import Message


class FeedStatus(Message):
    """One feed's health after a poll (compacted topic, keyed by feed name: the envelope id)."""

    SCHEMA: ClassVar[str] = "newsmon.FeedStatus"

    url: str = Field(description="The feed's URL, as configured.")
    tags: tuple[str, ...] = Field((), description="The feed's tags, as configured.")
    last_attempt: datetime | None = Field(None, description="When the last poll fetched the feed (UTC).")
    last_success: datetime | None = Field(None, description="When a poll last succeeded, 200 or 304 (UTC).")
    error_streak: int = Field(0, ge=0, description="Failed polls in a row; 0 after a success.")
    last_error: str | None = Field(None, description="Why the last poll failed; None after a success.")
    last_status: int | None = Field(None, description="HTTP status of the last fetch; None when no answer came.")
    polls: int = Field(0, ge=0, description="Polls made so far (skipped polls not counted).")
    not_modified: int = Field(0, ge=0, description="Polls answered 304 Not Modified.")
    new_items: int = Field(0, ge=0, description="Articles published by the last poll.")
    next_poll_at: datetime | None = Field(None, description="No poll before this time (UTC), when the feed backs off "
                                          "or asks for a longer gap; None means on its interval.")
    interval_s: float | None = Field(None, description="Seconds to the next poll as planned after this one: learned "
                                     "from the feed's rhythm, or fixed; None from pollers before adaptive polling.")
    interval_reason: str | None = Field(None, description="Why that interval, in words (busy, quiet, ttl, WebSub, ...).")
    median_lag_s: float | None = Field(None, description="Median seconds from publication to first seen over the "
                                       "feed's latest new items; None before any.")
    lag_samples: int = Field(0, ge=0, description="How many items that median is over.")
    websub: bool = Field(False, description="True while a WebSub hub pushes this feed's new items to newsmon.")
