"""In-memory stand-ins for the runner's Kafka ports: a subscriber over fixed records and a publisher.

They keep the same contract as newsmon.kafka_io's classes (what the runner calls), so the runner's
decisions (what to publish, dead-letter, commit, hold or roll back) can be checked without a broker.
Integration tests run the real thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsmon.errors import DeliveryError
from newsmon.kafka_io import Record, TransactionAborted
from newsmon.messages import Message, encode


class Future:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error


@dataclass
class FakeSubscriber:
    """Hands out queued records per poll; remembers commits, seeks and pauses."""

    batches: list[list[Record]] = field(default_factory=list)
    owned: set[tuple[str, int]] = field(default_factory=lambda: {("in", 0), ("in", 1)})
    commits: list[dict] = field(default_factory=list)
    seeks: list[tuple[tuple[str, int], int]] = field(default_factory=list)
    paused: set[tuple[str, int]] = field(default_factory=set)
    positions: dict[tuple[str, int], int] = field(default_factory=dict)
    given: set[tuple[str, int]] = field(default_factory=set)  # (re)assigned by the group since the last look
    commit_ok: bool = True
    closed: bool = False

    def poll(self, *, timeout_s: float = 1.0) -> list[Record]:
        return self.batches.pop(0) if self.batches else []

    def commit(self, next_offsets: dict) -> bool:
        if self.commit_ok:
            self.commits.append(dict(next_offsets))
            self.positions.update(next_offsets)
        return self.commit_ok

    def group_metadata(self) -> str:
        return "generation-1"

    def assignment(self) -> set[tuple[str, int]]:
        return set(self.owned)

    def take_assigned(self) -> set[tuple[str, int]]:
        given, self.given = self.given, set()
        return given

    def seek(self, partition, offset: int) -> None:
        self.seeks.append((partition, offset))

    def pause(self, partition) -> None:
        self.paused.add(partition)

    def resume(self, partition) -> None:
        self.paused.discard(partition)

    def position(self, partition) -> int:
        return self.positions.get(partition, 0)

    def lag(self) -> int:
        return 0

    def close(self) -> None:
        self.closed = True


@dataclass
class FakePublisher:
    """Records what was sent; acknowledges, fails the wait, or aborts the transaction on demand."""

    transactional: bool = False
    sent: list[tuple[str, str, bytes]] = field(default_factory=list)
    committed: list[tuple[list, dict]] = field(default_factory=list)  # (records, offsets) per transaction
    fail_wait: bool = False
    abort_next: bool = False
    max_bytes: int = 65_536
    closed: bool = False
    _open: list = field(default_factory=list)

    def send(self, topic: str, key: str, value: bytes, route: str | None = None):
        from newsmon.errors import RecordTooLarge

        if len(value) > self.max_bytes:
            raise RecordTooLarge(f"record {key} is {len(value)} bytes")
        self._open.append((topic, key, value))
        return Future()

    def wait(self, futures) -> int:
        if self.fail_wait:
            raise DeliveryError("Kafka did not acknowledge a record")
        self.sent += self._open
        self._open = []
        return len(list(futures))

    def commit_transaction(self, offsets: dict, group_metadata) -> None:
        records, self._open = self._open, []
        if self.abort_next:
            self.abort_next = False
            raise TransactionAborted("the group moved on")
        self.sent += records
        self.committed.append((records, dict(offsets)))

    def close(self) -> None:
        self.closed = True


def record(msg: Message | bytes, *, offset: int, partition: int = 0, topic: str = "in") -> Record:
    value = msg if isinstance(msg, bytes) else encode(msg)
    return Record(topic, partition, offset, None, value, 0)
