"""When to try a webhook again, as pure functions of the attempt's outcome and the retry schedule.

The schedule is a list of delays (Standard Webhooks / Svix practice: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h).
Retry n waits delays[n-1] in its own topic, so every record in one retry topic waits the same time and
the topic stays in due order: a consumer can pause a partition at its first record that is not due.
A Retry-After longer than the next delay moves the retry to the first step that waits at least that
long; one longer than max_retry_after_s (or past the end of the schedule) ends in the dead-letter topic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """The next step for an attempt that asked to be retried: a retry step and its delay, or give up."""

    retry: int | None  # 1-based step of the schedule; None: dead-letter
    delay_s: float = 0.0
    why: str = ""


def next_retry(delays: tuple[float, ...], *, done: int, retry_after_s: float | None = None,
               max_retry_after_s: float = 36_000.0) -> Plan:
    """The retry after step `done` of the schedule (0 = after the first attempt)."""
    if retry_after_s is not None and retry_after_s > max_retry_after_s:
        return Plan(None, why=f"Retry-After {retry_after_s:.0f} s is over the {max_retry_after_s:.0f} s limit")
    for step in range(done + 1, len(delays) + 1):
        if retry_after_s is None or delays[step - 1] >= retry_after_s or step == len(delays):
            return Plan(step, max(delays[step - 1], retry_after_s or 0.0))
    return Plan(None, why=f"gave up after the last of {len(delays)} retries")
