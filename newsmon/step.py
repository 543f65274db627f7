"""What a step is: a name and what it does to a batch of messages. The runner does everything else.

A step returns, for each input message, 0..N outputs: `Output` records to publish, or a `Reject` that sends
the message (or what it made of it) to the dead-letter topic. A step may also say that a message is not
due yet (`not_before`): the runner then leaves it, and the rest of its partition, until that time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

from newsmon.messages import Message


@dataclass(frozen=True)
class Output:
    """One record a step wants published. `route`, when given, picks the partition instead of the key: records
    with the same route land in the same partition (the alerter relies on it to see a story's articles)."""

    topic: str
    key: str
    message: Message
    route: str | None = None


@dataclass(frozen=True)
class Reject:
    """A step's verdict that one message (or what it produced) belongs in the dead-letter topic."""

    stage: str
    reason: str
    message: Message | None = None  # what to keep instead of the original record, e.g. an undelivered alert
    endpoint: str | None = None
    attempts: int = 1


class Step(Protocol):
    """What a service does to messages; the runner does the rest."""

    name: str

    def handle(self, batch: Sequence[Message]) -> list[list[Output | Reject]]:
        """Outputs for each input message, in order."""

    # Optional, for a step that keeps state (newsmon/ownership.py): `partitions_assigned(owned)` before the first
    # records of a partition the group (re)assigned, once its previous owner's last transaction has ended, and
    # `rolled_back()` after a batch's transaction aborted (its outputs are gone and it will be read again): a
    # step that keeps state reloads it there.


@runtime_checkable
class Scheduled(Protocol):
    """A step whose messages may carry a time before which they must not be handled."""

    def not_before(self, msg: Message) -> float | None:
        """Epoch seconds before which msg is left in its partition; None when it is due now."""
