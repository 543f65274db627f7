"""A step's batch handled with retries of transient failures, and the one-line reason of a failure."""

from __future__ import annotations

import logging
from typing import Callable, Sequence

from newsmon.errors import TransientError
from newsmon.messages import Message
from newsmon.step import Output, Reject, Step

log = logging.getLogger(__name__)


def handle_with_retries(step: Step, batch: Sequence[Message], *, retries: int, backoff_s: float,
                        wait: Callable[[float], object]) -> list[list[Output | Reject]]:
    """step.handle(batch); a TransientError is retried `retries` times, the delay doubling from backoff_s."""
    delay = backoff_s
    for attempt in range(retries + 1):
        try:
            return step.handle(batch)
        except TransientError as exc:
            if attempt == retries:
                raise
            log.warning("The %s hit a transient error (%s); retry %d in %.1f s.", step.name, exc, attempt + 1, delay)
            wait(delay)
            delay *= 2
    raise AssertionError("unreachable")


def reason(exc: BaseException) -> str:
    """The first line of an exception, with its class, at most 500 characters."""
    return f"{exc.__class__.__name__}: {exc}".splitlines()[0][:500]
