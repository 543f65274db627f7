"""The one package that talks to Kafka (kafka-python); everything else goes through these names.

    admin     topics: create with partitions and configs, the pipeline's standard set, broker liveness
    producer  Publisher: idempotent, acks=all; optionally transactional (consume-transform-produce)
    consumer  Subscriber: a group member with manual commits, pause/resume/seek, read_committed
    reader    reading a topic outside any group: every record, or the keys written since a time
"""

from newsmon.kafka_io.admin import broker_answers, describe_topic, ensure_topics, standard_topics, topic_configs
from newsmon.kafka_io.consumer import Record, Subscriber
from newsmon.kafka_io.producer import Publisher, TransactionAborted, route_partition
from newsmon.kafka_io.reader import LagMeter, end_offsets, group_lags, keys_since, read_topic, topic_reader

__all__ = [
    "LagMeter", "Publisher", "Record", "Subscriber", "TransactionAborted", "broker_answers", "describe_topic", "end_offsets", "ensure_topics", "group_lags", "route_partition",
    "keys_since", "read_topic", "standard_topics", "topic_configs", "topic_reader",
]
