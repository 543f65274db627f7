"""The one runner that owns poll, decode, de-duplication, retries, the dead-letter topic and commits.

A step only says what it does to a batch of decoded messages (see newsmon.step). Per polled batch the runner
decodes each record (poison is dead-lettered at once), drops ids already seen (within the batch too), leaves
records not due yet in their partition (paused until then), hands the rest to the step, retries transient
failures with backoff, retries a failing batch one message at a time, and dead-letters what still fails.

Outputs, dead letters and offsets are written together: in one Kafka transaction by default (readers with
read_committed see all of a batch or none of it; the offsets carry the group generation the batch was read in,
so a member that stalled and lost its partitions cannot commit stale work), or, with transactions off, outputs
acknowledged first and offsets committed after. The constructor does no I/O; `start` connects.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Mapping, Sequence

from newsmon import kafka_io
from newsmon.deadletter import dead_letter
from newsmon.dedupe import DedupeWindow
from newsmon.errors import DecodeError, RecordTooLarge
from newsmon.kafka_io import Record, TransactionAborted
from newsmon.messages import Message, decode, encode
from newsmon.metrics import CONSUMER_LAG
from newsmon.ownership import Ownership
from newsmon.run_stats import RunStats, observe_batch
from newsmon.runloop import StopFlag, run_until_stopped
from newsmon.settings import Settings
from newsmon.step import Output, Reject, Scheduled, Step
from newsmon.step_retries import handle_with_retries, reason

log = logging.getLogger(__name__)
Partition = tuple[str, int]


@dataclass
class _Batch:
    """What one polled batch decided, before it is written."""

    first: dict[Partition, int] = field(default_factory=dict)
    next: dict[Partition, int] = field(default_factory=dict)
    held: dict[Partition, float] = field(default_factory=dict)  # partition -> when its first kept record is due
    parked: dict[Partition, list[Record]] = field(default_factory=dict)  # a held partition's records, in order
    blocked: set[Partition] = field(default_factory=set)
    fresh: list[tuple[Record, Message]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    outputs: list[tuple[Output, Record]] = field(default_factory=list)
    letters: list[tuple[Record, str, str, Reject | None]] = field(default_factory=list)
    group: object = None  # the group generation the batch was read in: a commit from a stale one is fenced


class Runner:
    """Runs one step over its input topics in a consumer group."""

    def __init__(self, settings: Settings, step: Step, *, inputs: Mapping[str, type[Message]], group: str,
                 dedupe_from: str | None = None, stop: StopFlag | None = None,
                 connect: Callable[[], tuple] | None = None,
                 recent_keys: Callable[[], Iterable[str]] | None = None) -> None:
        self.settings, self.step, self.inputs, self.group = settings, step, dict(inputs), group
        self.stats = RunStats()
        self.stop_flag = stop or StopFlag()
        self._connect = connect or self._connect_kafka
        self._recent_keys = recent_keys or (lambda: self._keys_written(dedupe_from))
        self._dedupe = DedupeWindow(window_s=settings.dedupe_window_s, max_ids=settings.dedupe_max_ids)
        self._subscriber = self._publisher = None
        self._held: dict[Partition, tuple[float, list[Record]]] = {}  # paused partition -> (when due, its records)
        self._stop_at: Mapping[Partition, int] | None = None
        self._ownership = Ownership()
        self._running = False
        self._lag_checked = 0.0

    def _connect_kafka(self) -> tuple:
        client = f"{self.settings.kafka_client_id}-{self.step.name}"
        subscriber = kafka_io.Subscriber(self.settings, group=self.group, topics=list(self.inputs), client_id=client)
        return subscriber, kafka_io.Publisher(self.settings, client_id=client,
                                              transactional=self.settings.kafka_transactions)

    def _keys_written(self, topic: str | None) -> Iterable[str]:
        if not topic or self.settings.dedupe_window_s <= 0:
            return ()
        return kafka_io.keys_since(self.settings, topic, int((time.time() - self.settings.dedupe_window_s) * 1000))

    def start(self) -> "Runner":
        """Refill the dedupe window from what this stage already wrote, then join the group."""
        if self._subscriber is None:
            for key in self._recent_keys():
                self._dedupe.add(key)
            self._subscriber, self._publisher = self._connect()
        return self

    def stop(self, *_args: object) -> None:
        """Finish the current batch, commit and return."""
        self.stop_flag.set()

    @property
    def ready(self) -> tuple[bool, str]:
        """Readiness for /readyz: connected to Kafka and looping."""
        return (False, "stopping") if self.stop_flag.is_set else (True, "ready") if self._running else (False, "starting")

    def run(self, *, max_messages: int | None = None, timeout_s: float | None = None,
            idle_timeout_s: float | None = None, until: Mapping[Partition, int] | None = None) -> RunStats:
        """Process until stopped, max_messages consumed, timeout_s elapsed, idle_timeout_s without records,
        or (with `until`) every partition read up to the given end offsets."""
        self.start()
        self._stop_at = until
        last_record = [time.monotonic()]

        def tick() -> bool:
            if max_messages is not None and self.stats.consumed >= max_messages:
                return True
            self._resume_due()
            records = self._subscriber.poll(timeout_s=0.5)
            self._track_assignment()
            if records:
                last_record[0] = time.monotonic()
                self._ownership.before(records, self.step)
                self.process(records)
            elif not self._subscriber.assignment():
                last_record[0] = time.monotonic()  # idle only counts while owning partitions
            elif idle_timeout_s and time.monotonic() - last_record[0] >= idle_timeout_s:
                return True
            self._observe_lag()
            return until is not None and self._reached(until)

        log.info("The %s is consuming %s.", self.step.name, ", ".join(self.inputs))
        self._running = True
        try:
            run_until_stopped(tick, stop=self.stop_flag, timeout_s=timeout_s)
        finally:
            self._running = False
            self.close()
        log.info("The %s stopped: %s.", self.step.name, self.stats.line())
        return self.stats

    def process(self, records: list[Record]) -> None:
        """Decode, handle, publish and commit one polled batch."""
        before = replace(self.stats)
        self.stats.consumed += len(records)
        batch = self._sort(records)
        for record, msg, outputs in self._handle(batch.fresh):
            if isinstance(outputs, str):
                batch.letters.append((record, "process", outputs, None))
                continue
            self.stats.processed += 1
            for out in outputs:
                if isinstance(out, Reject):
                    batch.letters.append((record, out.stage, out.reason, out))
                else:
                    batch.outputs.append((out, record))
        self._write(batch)
        observe_batch(self.step.name, records, before, self.stats)

    def _sort(self, records: list[Record]) -> _Batch:
        """Split a poll into poison, duplicates, records not due yet and fresh messages."""
        batch, now = _Batch(group=self._subscriber.group_metadata()), time.time()
        scheduled = isinstance(self.step, Scheduled)
        for record in records:
            tp = (record.topic, record.partition)
            if tp in batch.blocked:
                if tp in batch.held:
                    batch.parked[tp].append(record)
                continue
            if self._stop_at is not None and record.offset >= self._stop_at.get(tp, 0):
                batch.blocked.add(tp)  # written after this run began: left for the next run
                self._subscriber.pause(tp)
                continue
            batch.first.setdefault(tp, record.offset)
            batch.next[tp] = record.offset + 1
            try:
                msg = decode(record.value, self.inputs[record.topic])
            except DecodeError as exc:
                batch.letters.append((record, "decode", str(exc), None))
                continue
            if msg.id in batch.ids or self._dedupe.seen(msg.id):
                self.stats.duplicates += 1
                log.info("Dropped duplicate %s from %s[%d]@%d.", msg.id, *tp, record.offset)
                continue
            due = self.step.not_before(msg) if scheduled else None
            if due is not None and due > now:
                batch.held[tp], batch.next[tp], batch.parked[tp] = due, record.offset, [record]
                batch.blocked.add(tp)
                continue
            batch.ids.append(msg.id)
            batch.fresh.append((record, msg))
        return batch

    def _write(self, batch: _Batch) -> None:
        """Publish outputs and dead letters and commit the offsets: atomically, or acknowledged then committed."""
        futures = []
        for out, record in batch.outputs:
            try:
                futures.append(self._publisher.send(out.topic, out.key, encode(out.message), route=out.route))
                self.stats.produced += 1
            except RecordTooLarge as exc:
                batch.letters.append((record, "publish", str(exc), None))
        for record, stage, error, keep in batch.letters:
            letter = dead_letter(record, stage=f"{self.step.name}.{stage}", error=error, keep=keep,
                                 max_bytes=self.settings.max_record_bytes)
            log.error("Dead-lettered %s[%d]@%d at %s: %s", record.topic, record.partition, record.offset,
                      letter.stage, error)
            futures.append(self._publisher.send(self.settings.topic_deadletter, letter.id, encode(letter)))
            self.stats.dead_lettered += 1
        if self._publisher.transactional:
            try:
                self._publisher.commit_transaction(batch.next, batch.group)
            except TransactionAborted as exc:
                self._roll_back(batch, exc)
                return
        else:
            self._publisher.wait(futures)
            if not self._subscriber.commit(batch.next):
                return
        self.stats.commits += 1
        for msg_id in batch.ids:
            self._dedupe.add(msg_id)
        for tp, due in batch.held.items():  # kept here, not re-fetched: no seek on a paused partition
            self._subscriber.pause(tp)
            self._held[tp] = (due, batch.parked[tp])
            self.stats.deferred += 1

    def _roll_back(self, batch: _Batch, exc: Exception) -> None:
        """A batch whose transaction aborted left no trace: read it again if the partitions are still ours."""
        self.stats.aborted += 1
        owned = self._subscriber.assignment()
        log.warning("The %s rolled back a batch (%s); it will be read again.", self.step.name, exc)
        for tp, offset in batch.first.items():
            if tp in owned:
                self._subscriber.seek(tp, offset)
                self._subscriber.resume(tp)
                self._held.pop(tp, None)
        getattr(self.step, "rolled_back", lambda: None)()  # a stateful step forgets what the batch did

    def _handle(self, fresh: list[tuple[Record, Message]]):
        """Yield (record, msg, outputs-or-error) for each fresh message."""
        if not fresh:
            return
        try:
            results = self._with_retries([m for _, m in fresh])
            for (record, msg), outputs in zip(fresh, results):
                yield record, msg, outputs
            return
        except Exception as exc:  # noqa: BLE001 - isolate the poison below, one message at a time
            if len(fresh) == 1:
                yield fresh[0][0], fresh[0][1], reason(exc)
                return
            log.warning("A batch of %d failed (%s); retrying one message at a time.", len(fresh), reason(exc))
        for record, msg in fresh:
            try:
                yield record, msg, self._with_retries([msg])[0]
            except Exception as exc:  # noqa: BLE001 - this message is the poison
                yield record, msg, reason(exc)

    def _with_retries(self, batch: Sequence[Message]) -> list[list[Output | Reject]]:
        return handle_with_retries(self.step, batch, retries=self.settings.process_retries,
                                   backoff_s=self.settings.retry_backoff_s, wait=self.stop_flag.wait)

    def _resume_due(self) -> None:
        """Handle the kept records of partitions now due, then fetch those partitions again (unless held anew)."""
        due = [tp for tp, (when, _) in self._held.items() if when <= time.time()]
        if due:
            self.process([r for tp in due for r in self._held.pop(tp)[1]])
        for tp in due:
            if tp not in self._held:
                self._subscriber.resume(tp)

    def _track_assignment(self) -> None:
        owned = self._subscriber.assignment()
        if self._ownership.assigned(owned, self._subscriber.take_assigned()):
            for tp in set(self._held) - owned:  # a partition that left takes its pause with it
                del self._held[tp]
            log.info("The %s owns partitions %s.", self.step.name, sorted(f"{t}[{p}]" for t, p in owned))

    def _reached(self, until: Mapping[Partition, int]) -> bool:
        owned = self._subscriber.assignment()
        return set(until) <= owned and all(self._subscriber.position(tp) >= end for tp, end in until.items())

    def _observe_lag(self) -> None:
        if time.monotonic() - self._lag_checked >= 5:
            self._lag_checked = time.monotonic()
            CONSUMER_LAG.labels(self.step.name).set(self._subscriber.lag())

    def close(self) -> None:
        """Flush the producer and leave the group."""
        if self._subscriber is None:
            return
        try:
            self._publisher.close()
        finally:
            self._subscriber.close()
            self._subscriber = self._publisher = None

