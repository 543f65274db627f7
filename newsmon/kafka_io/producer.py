"""Publisher: an idempotent, acks=all producer; a send is done only when its future resolves.

With `transactional=True` it is a transactional producer for consume-transform-produce: the runner opens a
transaction per batch, sends the batch's outputs and dead letters, adds the consumed offsets to the
transaction and commits. Readers with isolation_level=read_committed then see every output of a batch or
none, and a member that stalled past max_poll_interval cannot commit stale work (KIP-447 fencing).
"""

from __future__ import annotations

import logging
from typing import Iterable

from kafka import KafkaProducer, TopicPartition
from kafka.errors import KafkaError, MessageSizeTooLargeError
from kafka.partitioner.default import murmur2
from kafka.structs import OffsetAndMetadata

from newsmon.errors import DeliveryError, RecordTooLarge
from newsmon.kafka_io.common import timeouts, unavailable
from newsmon.kafka_io.slots import Slot
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def route_partition(route: str, partitions: int) -> int:
    """The partition a route's records go to among a topic's partitions (murmur2, as Kafka hashes keys)."""
    return (murmur2(route.encode("utf-8")) & 0x7FFFFFFF) % partitions


class TransactionAborted(DeliveryError):
    """A batch's transaction did not commit (the group moved on, or the broker refused); nothing of it is visible."""


class Publisher:
    """Sends records; `wait` blocks until they are acknowledged. Optionally transactional."""

    def __init__(self, settings: Settings, *, client_id: str | None = None, transactional: bool = False) -> None:
        self._settings = settings
        self.transactional = transactional
        self._in_transaction = False
        extra = {}
        self._slot: Slot | None = None
        if transactional:
            # Stable per slot on this host (kafka_io/slots.py): a restarted service fences its killed predecessor
            # and aborts its open transaction at once; KIP-447 fences stale group members through the generation.
            self._slot = Slot(settings.state_dir / "producers", client_id or settings.kafka_client_id)
            extra = {"transactional_id": self._slot.transactional_id,
                     "transaction_timeout_ms": max(settings.max_poll_interval_ms, 60_000)}
        try:
            self._producer = KafkaProducer(
                bootstrap_servers=settings.kafka_bootstrap,
                client_id=client_id or f"{settings.kafka_client_id}-producer",
                acks="all", enable_idempotence=True, linger_ms=5,
                max_request_size=settings.max_record_bytes,
                max_block_ms=int(settings.kafka_timeout_s * 1000),
                delivery_timeout_ms=max(int(settings.kafka_timeout_s * 1000) * 2, 31_000),
                **extra, **timeouts(settings),
            )
            if transactional:
                self._producer.init_transactions()
        except (KafkaError, OSError) as exc:
            if self._slot is not None:
                self._slot.release()
            raise unavailable(settings, exc) from exc

    def send(self, topic: str, key: str, value: bytes | None, *, headers: dict[str, bytes] | None = None,
             route: str | None = None):
        """Queue one record (value None: a tombstone, for compacted topics); returns a future to pass to wait().
        With a route, the partition is the route's (murmur2, as Kafka's default partitioner hashes keys). A record
        over max_record_bytes raises RecordTooLarge."""
        if len(value or b"") + len(key) > self._settings.max_record_bytes - 512:
            raise RecordTooLarge(f"record {key} for {topic} is {len(value)} bytes, over the "
                                 f"{self._settings.max_record_bytes}-byte limit (NEWSMON_MAX_RECORD_BYTES)")
        if self.transactional and not self._in_transaction:
            self._producer.begin_transaction()
            self._in_transaction = True
        try:
            partition = None
            if route is not None:
                partitions = sorted(self._producer.partitions_for(topic))
                partition = partitions[route_partition(route, len(partitions))]
            return self._producer.send(topic, key=key.encode("utf-8"), value=value, partition=partition,
                                       headers=list((headers or {}).items()))
        except MessageSizeTooLargeError as exc:
            raise RecordTooLarge(f"record {key} for {topic} is too large: {exc}") from exc
        except KafkaError as exc:
            raise DeliveryError(f"could not queue record {key} for {topic}: {exc}") from exc

    def wait(self, futures: Iterable, *, timeout_s: float | None = None) -> int:
        """Block until every future resolves; returns how many; raises DeliveryError on any failure."""
        timeout = timeout_s or max(self._settings.kafka_timeout_s * 2, 30.0)
        done = 0
        for future in futures:
            try:
                future.get(timeout=timeout)
            except KafkaError as exc:
                raise DeliveryError(
                    f"Kafka at {self._settings.kafka_bootstrap} did not acknowledge a record: {exc}") from exc
            done += 1
        return done

    def commit_transaction(self, offsets: dict[tuple[str, int], int], group_metadata) -> None:
        """Add the consumed offsets to the open transaction (opening one if needed) and commit it all."""
        if not self._in_transaction:
            self._producer.begin_transaction()
            self._in_transaction = True
        try:
            if offsets:
                self._producer.send_offsets_to_transaction(
                    {TopicPartition(t, p): OffsetAndMetadata(o, "", -1) for (t, p), o in offsets.items()},
                    group_metadata)
            self._producer.commit_transaction()
        except KafkaError as exc:
            self._abort(exc)
            raise TransactionAborted(f"the transaction was aborted: {exc.__class__.__name__}: {exc}") from exc
        finally:
            self._in_transaction = False

    def abort_transaction(self) -> None:
        """Discard the open transaction, if any."""
        if self._in_transaction:
            self._in_transaction = False
            self._abort(None)

    def _abort(self, cause: Exception | None) -> None:
        try:
            self._producer.abort_transaction()
        except KafkaError as exc:  # the producer is unusable; the runner will build a new one
            log.warning("Aborting the transaction failed too (%s); cause: %s", exc, cause)
            raise TransactionAborted(f"the producer cannot continue: {exc}") from exc

    def close(self) -> None:
        """Flush and close the producer."""
        try:
            if self._in_transaction:
                self.abort_transaction()
            self._producer.flush(timeout=self._settings.kafka_timeout_s)
        except KafkaError as exc:
            log.warning("Flushing the producer failed on close: %s", exc)
        finally:
            self._producer.close(timeout=self._settings.kafka_timeout_s)
            if self._slot is not None:
                self._slot.release()  # after the producer: no second holder of the id while this one closes

    def __enter__(self) -> "Publisher":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
