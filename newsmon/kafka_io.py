"""The one module that talks to Kafka (kafka-python). Everything else goes through it."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Iterable, Iterator

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata
from kafka.admin import NewTopic
from kafka.errors import CommitFailedError, KafkaError, TopicAlreadyExistsError

from newsmon.errors import BrokerUnavailable, DeliveryError
from newsmon.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """One consumed record, decoupled from kafka-python's type."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp_ms: int


def _unavailable(settings: Settings, exc: Exception | None = None) -> BrokerUnavailable:
    detail = f" ({exc.__class__.__name__})" if exc else ""
    return BrokerUnavailable(
        f"Kafka at {settings.kafka_bootstrap} did not answer within "
        f"{settings.kafka_timeout_s:.0f} s{detail}; start it with `newsmon kafka start` "
        f"or set NEWSMON_KAFKA_BOOTSTRAP"
    )


def _timeouts(settings: Settings) -> dict[str, int]:
    ms = int(settings.kafka_timeout_s * 1000)
    return {"bootstrap_timeout_ms": ms, "request_timeout_ms": max(ms, 30_000)}


def admin_client(settings: Settings) -> KafkaAdminClient:
    """An admin client, or BrokerUnavailable within kafka_timeout_s."""
    try:
        return KafkaAdminClient(
            bootstrap_servers=settings.kafka_bootstrap,
            client_id=f"{settings.kafka_client_id}-admin",
            **_timeouts(settings),
        )
    except (KafkaError, OSError) as exc:
        raise _unavailable(settings, exc) from exc


def broker_answers(bootstrap: str, *, timeout_s: float = 3.0) -> bool:
    """True when a broker at bootstrap answers a metadata request."""
    try:
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap,
            enable_auto_commit=False,
            bootstrap_timeout_ms=int(timeout_s * 1000),
            request_timeout_ms=max(int(timeout_s * 1000), 1000) + 1000,
        )
    except (KafkaError, OSError):
        return False
    try:
        return consumer.topics() is not None
    except (KafkaError, OSError):
        return False
    finally:
        consumer.close()


def ensure_topics(settings: Settings, partitions: dict[str, int]) -> list[str]:
    """Create missing topics with the given partition counts; returns the names created."""
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        wanted = [
            NewTopic(name=name, num_partitions=count, replication_factor=1)
            for name, count in partitions.items()
            if name not in existing
        ]
        created: list[str] = []
        for topic in wanted:
            try:
                admin.create_topics([topic], timeout_ms=int(settings.kafka_timeout_s * 1000))
                created.append(topic.name)
                log.info("Created topic %s with %d partitions.", topic.name, topic.num_partitions)
            except TopicAlreadyExistsError:
                pass
        return created
    except KafkaError as exc:
        raise _unavailable(settings, exc) from exc
    finally:
        admin.close()


def standard_topics(settings: Settings) -> dict[str, int]:
    """The pipeline's topics and their partition counts."""
    return {
        settings.topic_raw: settings.article_partitions,
        settings.topic_enriched: settings.article_partitions,
        settings.topic_alerts: settings.alert_partitions,
        settings.topic_deadletter: settings.deadletter_partitions,
    }


class Publisher:
    """An idempotent, acks=all producer; a send is done only when its future resolves."""

    def __init__(self, settings: Settings, *, client_id: str | None = None) -> None:
        self._settings = settings
        try:
            self._producer = KafkaProducer(
                bootstrap_servers=settings.kafka_bootstrap,
                client_id=client_id or f"{settings.kafka_client_id}-producer",
                acks="all",
                enable_idempotence=True,
                linger_ms=5,
                max_block_ms=int(settings.kafka_timeout_s * 1000),
                delivery_timeout_ms=max(int(settings.kafka_timeout_s * 1000) * 2, 31_000),
                **_timeouts(settings),
            )
        except (KafkaError, OSError) as exc:
            raise _unavailable(settings, exc) from exc

    def send(self, topic: str, key: str, value: bytes, *, headers: dict[str, bytes] | None = None):
        """Queue one record; returns a future to pass to wait()."""
        try:
            return self._producer.send(
                topic,
                key=key.encode("utf-8"),
                value=value,
                headers=list((headers or {}).items()),
            )
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
                    f"Kafka at {self._settings.kafka_bootstrap} did not acknowledge a record: {exc}"
                ) from exc
            done += 1
        return done

    def close(self) -> None:
        """Flush and close the producer."""
        try:
            self._producer.flush(timeout=self._settings.kafka_timeout_s)
        finally:
            self._producer.close(timeout=self._settings.kafka_timeout_s)

    def __enter__(self) -> "Publisher":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _reader(settings: Settings, purpose: str) -> KafkaConsumer:
    """A consumer outside any group, for reading topics directly."""
    try:
        return KafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap,
            client_id=f"{settings.kafka_client_id}-{purpose}",
            enable_auto_commit=False,
            **_timeouts(settings),
        )
    except (KafkaError, OSError) as exc:
        raise _unavailable(settings, exc) from exc


def keys_since(settings: Settings, topic: str, since_ms: int, *, timeout_s: float = 30.0) -> set[str]:
    """Keys of the records written to a topic at or after since_ms (epoch milliseconds)."""
    consumer = _reader(settings, "keys")
    keys: set[str] = set()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or set())]
        if not tps:
            return keys
        consumer.assign(tps)
        starts = consumer.offsets_for_times({tp: since_ms for tp in tps})
        end = consumer.end_offsets(tps)
        remaining = set()
        for tp in tps:
            found = starts.get(tp)
            if found is None or found.offset >= end[tp]:
                continue
            consumer.seek(tp, found.offset)
            remaining.add(tp)
        deadline = time.monotonic() + timeout_s
        while remaining and time.monotonic() < deadline:
            for tp, msgs in consumer.poll(timeout_ms=500).items():
                for m in msgs:
                    if m.key:
                        keys.add(m.key.decode("utf-8", "replace"))
                    if m.offset + 1 >= end[tp]:
                        remaining.discard(tp)
        return keys
    finally:
        consumer.close()


def read_topic(
    settings: Settings, topic: str, *, timeout_s: float = 10.0
) -> Iterator[Record]:
    """Yield every record now in a topic, from the beginning, without a consumer group."""
    consumer = _reader(settings, "reader")
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        deadline = time.monotonic() + timeout_s
        remaining = {tp for tp in tps if end[tp] > 0}
        while remaining and time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=500)
            for tp, msgs in batch.items():
                for m in msgs:
                    yield Record(m.topic, m.partition, m.offset, m.key, m.value, m.timestamp)
                    if m.offset + 1 >= end[tp]:
                        remaining.discard(tp)
    finally:
        consumer.close()


class Subscriber:
    """A consumer-group member with manual commits; the runner decides when offsets are done."""

    def __init__(self, settings: Settings, *, group: str, topics: list[str], client_id: str) -> None:
        self._settings = settings
        try:
            self._consumer = KafkaConsumer(
                *topics,
                bootstrap_servers=settings.kafka_bootstrap,
                group_id=group,
                client_id=client_id,
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                max_poll_records=settings.max_poll_records,
                max_poll_interval_ms=settings.max_poll_interval_ms,
                session_timeout_ms=settings.session_timeout_ms,
                heartbeat_interval_ms=max(settings.session_timeout_ms // 3, 1000),
                **_timeouts(settings),
            )
        except (KafkaError, OSError) as exc:
            raise _unavailable(settings, exc) from exc

    def poll(self, *, timeout_s: float = 1.0) -> list[Record]:
        """Up to max_poll_records records, in partition order."""
        batch = self._consumer.poll(timeout_ms=int(timeout_s * 1000))
        return [
            Record(m.topic, m.partition, m.offset, m.key, m.value, m.timestamp)
            for msgs in batch.values()
            for m in msgs
        ]

    def commit(self, next_offsets: dict[tuple[str, int], int]) -> bool:
        """Commit the next offset to read per partition; False if the group moved on (rebalance)."""
        if not next_offsets:
            return True
        offsets = {
            TopicPartition(topic, partition): OffsetAndMetadata(offset, "", -1)
            for (topic, partition), offset in next_offsets.items()
        }
        try:
            self._consumer.commit(offsets)
        except CommitFailedError as exc:
            log.warning("Offsets were not committed because the group rebalanced: %s", exc)
            return False
        return True

    def assignment(self) -> set[tuple[str, int]]:
        """The partitions this member owns now."""
        return {(tp.topic, tp.partition) for tp in self._consumer.assignment()}

    def lag(self) -> int:
        """Records behind the end of the owned partitions."""
        parts = list(self._consumer.assignment())
        if not parts:
            return 0
        end = self._consumer.end_offsets(parts)
        return sum(max(end[tp] - self._consumer.position(tp), 0) for tp in parts)

    def close(self) -> None:
        """Leave the group."""
        self._consumer.close()
