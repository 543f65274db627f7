"""The one runner that owns poll, decode, de-duplication, retries, the dead-letter topic and commits.

A step only says what it does to a batch of decoded messages: for each input, 0..N outputs.
Delivery is at-least-once: offsets are committed only after every output and dead-letter record
of the batch is acknowledged by Kafka. A record that does not decode is poison and is
dead-lettered at once; a batch that fails is retried message by message, so one poison article
never blocks its partition; transient errors are retried with backoff, then dead-lettered.
"""

from __future__ import annotations

import base64
import logging
import signal
import time
from dataclasses import dataclass, field, replace
from typing import Protocol, Sequence

from newsmon import kafka_io
from newsmon.dedupe import DedupeWindow
from newsmon.errors import DecodeError, TransientError
from newsmon.kafka_io import Record
from newsmon.messages import DeadLetter, Message, decode, encode
from newsmon.metrics import ARTICLES_IN, ARTICLES_OUT, CONSUMER_LAG, DEADLETTERS, DUPLICATES, STAGE_LATENCY
from newsmon.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Output:
    """One record a step wants published."""

    topic: str
    key: str
    message: Message


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
    input_model: type[Message]

    def handle(self, batch: Sequence[Message]) -> list[list[Output | Reject]]:
        """Outputs for each input message, in order."""


@dataclass
class RunStats:
    """Counters of one run."""

    consumed: int = 0
    processed: int = 0
    produced: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    commits: int = 0
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        """Closing summary."""
        return (f"{self.consumed} consumed, {self.processed} processed, {self.produced} produced, "
                f"{self.duplicates} duplicates dropped, {self.dead_lettered} dead-lettered "
                f"in {time.monotonic() - self.started:.1f} s")


class Runner:
    """Runs one step over its input topic in a consumer group."""

    def __init__(self, settings: Settings, step: Step, *, input_topic: str, group: str,
                 dedupe_from: str | None = None, subscriber: kafka_io.Subscriber | None = None,
                 publisher: kafka_io.Publisher | None = None) -> None:
        self.settings = settings
        self.step = step
        self.input_topic = input_topic
        self.stats = RunStats()
        self._stopping = False
        self._running = False
        self._lag_checked = 0.0
        self._dedupe = DedupeWindow(window_s=settings.dedupe_window_s, max_ids=settings.dedupe_max_ids)
        if dedupe_from and settings.dedupe_window_s > 0:
            # Restart-safe de-duplication: what this stage already wrote within the window.
            since = int((time.time() - settings.dedupe_window_s) * 1000)
            for key in kafka_io.keys_since(settings, dedupe_from, since):
                self._dedupe.add(key)
        client = f"{settings.kafka_client_id}-{step.name}"
        self._publisher = publisher or kafka_io.Publisher(settings, client_id=client)
        self._subscriber = subscriber or kafka_io.Subscriber(settings, group=group, topics=[input_topic], client_id=client)

    def stop(self, *_args: object) -> None:
        """Finish the current batch, commit and return (also the SIGTERM/SIGINT handler)."""
        self._stopping = True

    def run(self, *, max_messages: int | None = None, timeout_s: float | None = None,
            idle_timeout_s: float | None = None) -> RunStats:
        """Process until stopped, max_messages consumed, timeout_s elapsed or idle_timeout_s without records."""
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGTERM, signal.SIGINT)} if _main_thread() else {}
        deadline = time.monotonic() + timeout_s if timeout_s else None
        last_record = time.monotonic()
        log.info("The %s is consuming %s.", self.step.name, self.input_topic)
        self._running = True
        try:
            while not self._stopping:
                if deadline and time.monotonic() >= deadline:
                    break
                if max_messages is not None and self.stats.consumed >= max_messages:
                    break
                records = self._subscriber.poll(timeout_s=0.5)
                self._note_assignment()
                if not records:
                    if not self._subscriber.assignment():
                        last_record = time.monotonic()  # idle only counts while owning partitions
                    elif idle_timeout_s and time.monotonic() - last_record >= idle_timeout_s:
                        break
                    continue
                last_record = time.monotonic()
                self.process(records)
        finally:
            self._running = False
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.close()
        log.info("The %s stopped: %s.", self.step.name, self.stats.line())
        return self.stats

    def _note_assignment(self) -> None:
        owned = self._subscriber.assignment()
        if owned != getattr(self, "_owned", set()):
            self._owned = owned
            log.info("The %s owns partitions %s.", self.step.name, sorted(p for _t, p in owned))

    @property
    def ready(self) -> tuple[bool, str]:
        """Readiness for /readyz: connected to Kafka and looping."""
        if self._stopping:
            return False, "stopping"
        return (True, "ready") if self._running else (False, "starting")

    def _observe(self, records: list[Record], before: RunStats) -> None:
        stage = self.step.name
        ARTICLES_IN.labels(stage).inc(len(records))
        ARTICLES_OUT.labels(stage).inc(self.stats.produced - before.produced)
        DUPLICATES.labels(stage).inc(self.stats.duplicates - before.duplicates)
        DEADLETTERS.labels(stage).inc(self.stats.dead_lettered - before.dead_lettered)
        now_ms = time.time() * 1000
        for record in records:
            STAGE_LATENCY.labels(stage).observe(max(now_ms - record.timestamp_ms, 0) / 1000)
        if time.monotonic() - self._lag_checked >= 5:
            self._lag_checked = time.monotonic()
            CONSUMER_LAG.labels(stage).set(self._subscriber.lag())

    def process(self, records: list[Record]) -> None:
        """Decode, handle, publish and commit one polled batch."""
        before = replace(self.stats)
        self._process(records)
        self._observe(records, before)

    def _process(self, records: list[Record]) -> None:
        self.stats.consumed += len(records)
        futures, fresh = [], []
        for record in records:
            try:
                msg = decode(record.value, self.step.input_model)
            except DecodeError as exc:
                futures.append(self._dead_letter(record, "decode", str(exc)))
                continue
            if self._dedupe.seen(msg.id):
                self.stats.duplicates += 1
                log.info("Dropped duplicate %s from %s[%d]@%d.", msg.id, record.topic, record.partition, record.offset)
                continue
            fresh.append((record, msg))
        for record, msg, outputs in self._handle(fresh):
            if isinstance(outputs, str):
                futures.append(self._dead_letter(record, "process", outputs))
                continue
            self.stats.processed += 1
            for out in outputs:
                if isinstance(out, Reject):
                    futures.append(self._dead_letter(record, out.stage, out.reason, keep=out))
                    continue
                futures.append(self._publisher.send(out.topic, out.key, encode(out.message)))
                self.stats.produced += 1
        self._publisher.wait(futures)
        for _record, msg in fresh:
            self._dedupe.add(msg.id)
        next_offsets: dict[tuple[str, int], int] = {}
        for record in records:
            key = (record.topic, record.partition)
            next_offsets[key] = max(next_offsets.get(key, 0), record.offset + 1)
        if self._subscriber.commit(next_offsets):
            self.stats.commits += 1

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
                record, msg = fresh[0]
                yield record, msg, _reason(exc)
                return
            log.warning("A batch of %d failed (%s); retrying one message at a time.", len(fresh), _reason(exc))
        for record, msg in fresh:
            try:
                yield record, msg, self._with_retries([msg])[0]
            except Exception as exc:  # noqa: BLE001 - this message is the poison
                yield record, msg, _reason(exc)

    def _with_retries(self, batch: list[Message]) -> list[list[Output | Reject]]:
        delay = self.settings.retry_backoff_s
        for attempt in range(self.settings.process_retries + 1):
            try:
                return self.step.handle(batch)
            except TransientError as exc:
                if attempt == self.settings.process_retries:
                    raise
                log.warning("The %s hit a transient error (%s); retry %d in %.1f s.", self.step.name, exc, attempt + 1, delay)
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _dead_letter(self, record: Record, stage: str, error: str, *, keep: Reject | None = None):
        self.stats.dead_lettered += 1
        log.error("Dead-lettered %s[%d]@%d at %s: %s", record.topic, record.partition, record.offset, stage, error)
        kept = encode(keep.message) if keep is not None and keep.message is not None else (record.value or b"")
        suffix = f":{keep.message.id}:{keep.endpoint}" if keep is not None and keep.message is not None else ""
        letter = DeadLetter(
            id=f"{record.topic}:{record.partition}:{record.offset}{suffix}", stage=f"{self.step.name}.{stage}",
            error=error, source_topic=record.topic, source_partition=record.partition, source_offset=record.offset,
            key=record.key.decode("utf-8", "replace") if record.key else None,
            value_b64=base64.b64encode(kept).decode("ascii"),
            endpoint=keep.endpoint if keep is not None else None,
            attempts=keep.attempts if keep is not None else 1,
        )
        return self._publisher.send(self.settings.topic_deadletter, letter.id, encode(letter))

    def close(self) -> None:
        """Flush the producer and leave the group."""
        try:
            self._publisher.close()
        finally:
            self._subscriber.close()


def _reason(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}".splitlines()[0][:500]


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
