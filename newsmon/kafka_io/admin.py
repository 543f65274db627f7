"""Topics: create them with their partitions and configs; the pipeline's standard set; broker liveness."""

from __future__ import annotations

import logging

from kafka import KafkaAdminClient, KafkaConsumer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from newsmon.kafka_io.common import timeouts, unavailable
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def admin_client(settings: Settings) -> KafkaAdminClient:
    """An admin client, or BrokerUnavailable within kafka_timeout_s."""
    try:
        return KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap,
                                client_id=f"{settings.kafka_client_id}-admin", **timeouts(settings))
    except (KafkaError, OSError) as exc:
        raise unavailable(settings, exc) from exc


def broker_answers(bootstrap: str, *, timeout_s: float = 3.0) -> bool:
    """True when a broker at bootstrap answers a metadata request."""
    try:
        consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                 bootstrap_timeout_ms=int(timeout_s * 1000),
                                 request_timeout_ms=max(int(timeout_s * 1000), 1000) + 1000)
    except (KafkaError, OSError):
        return False
    try:
        return consumer.topics() is not None
    except (KafkaError, OSError):
        return False
    finally:
        consumer.close()


def topic_configs(settings: Settings, *, compact: bool = False) -> dict[str, str]:
    """Broker-side configs of a newsmon topic: its largest record, and compaction for state topics."""
    configs = {"max.message.bytes": str(settings.max_record_bytes + 64 * 1024)}
    if compact:
        configs["cleanup.policy"] = "compact"
    return configs


def ensure_topics(settings: Settings, partitions: dict[str, int]) -> list[str]:
    """Create missing topics with the given partition counts (state topics compacted); returns those created."""
    compacted = compacted_topics(settings)
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        created: list[str] = []
        for name, count in partitions.items():
            if name in existing:
                _raise_record_limit(admin, settings, name, compact=name in compacted)
                continue
            topic = NewTopic(name=name, num_partitions=count, replication_factor=1,
                             topic_configs=topic_configs(settings, compact=name in compacted))
            try:
                admin.create_topics([topic], timeout_ms=int(settings.kafka_timeout_s * 1000))
                created.append(name)
                log.info("Created topic %s with %d partitions.", name, count)
            except TopicAlreadyExistsError:
                pass
        return created
    except KafkaError as exc:
        raise unavailable(settings, exc) from exc
    finally:
        admin.close()


def _raise_record_limit(admin, settings: Settings, name: str, *, compact: bool) -> None:
    """A topic made before (or by another tool) takes the records newsmon sends: its max.message.bytes is raised
    to ours when lower (the broker's default is 1 MiB)."""
    from kafka.admin import ConfigResource, ConfigResourceType

    wanted = topic_configs(settings, compact=compact)
    current = _configs(admin, name).get("max.message.bytes")
    if current is not None and int(current) >= int(wanted["max.message.bytes"]):
        return
    admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, name, configs=wanted)])
    log.info("Raised the largest record of topic %s from %s to %s bytes.", name, current or "the broker default",
             wanted["max.message.bytes"])


def standard_topics(settings: Settings) -> dict[str, int]:
    """The pipeline's topics and their partition counts."""
    topics = {
        settings.topic_raw: settings.article_partitions,
        settings.topic_enriched: settings.article_partitions,
        settings.topic_alerts: settings.alert_partitions,
        settings.topic_stories: settings.article_partitions,
        settings.topic_corrections: settings.article_partitions,  # co-partitioned with the enriched topic
        settings.topic_deliveries: settings.alert_partitions,
        settings.topic_endpoints: 1,
        settings.topic_feed_status: 1,
        settings.topic_deadletter: settings.deadletter_partitions,
    }
    for topic in settings.retry_topics():
        topics[topic] = settings.alert_partitions
    return topics


def compacted_topics(settings: Settings) -> frozenset[str]:
    """State topics that keep only the latest record per key."""
    return frozenset({settings.topic_endpoints, settings.topic_stories, settings.topic_feed_status,
                      settings.topic_corrections})


def describe_topic(settings: Settings, topic: str) -> dict:
    """The partition count and the non-default configs of one topic, as the broker reports them."""
    admin = admin_client(settings)
    try:
        [described] = admin.describe_topics([topic])
        return {"partitions": len(described["partitions"]), "configs": _configs(admin, topic)}
    finally:
        admin.close()


def _configs(admin, topic: str) -> dict[str, str]:
    """The non-default configs of a topic, as the broker reports them."""
    from kafka.admin import ConfigResource, ConfigResourceType

    found = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    configs = next(iter(next(iter(found.values()), {}).values()), {})
    return {key: entry.get("value") if isinstance(entry, dict) else entry for key, entry in configs.items()}
