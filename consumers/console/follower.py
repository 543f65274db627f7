"""The console's Kafka side: read the topics from the store's own offsets (from the beginning when the store is
new), apply each poll in one transaction, and refresh the stages' lag now and then. Kafka stays the source of
truth; when the broker is away the pages keep serving what the store holds."""

from __future__ import annotations

import logging
import threading
import time

from kafka import TopicPartition
from kafka.errors import KafkaError

from consumers.console.ingest import followed_topics, removal_rows, rows_for, stamp
from consumers.console.store import Store
from newsmon import kafka_io
from newsmon.errors import BrokerUnavailable, DecodeError
from newsmon.messages import decode, utcnow
from newsmon.runloop import StopFlag
from newsmon.settings import Settings

log = logging.getLogger(__name__)

LAG_EVERY_S = 15.0
RETRIES = "deliverer retries"


def stage_inputs(settings: Settings) -> dict[str, tuple[str, list[str]]]:
    """Each pipeline stage, its consumer group and the topics it reads (the deliverer's retries have a group of
    their own)."""
    from consumers.deliver.service import retry_group

    return {"enricher": (settings.group_enricher, [settings.topic_raw]),
            "alerter": (settings.group_alerter, [settings.topic_enriched, settings.topic_corrections]),
            "deliverer": (settings.group_deliverer, [settings.topic_alerts]),
            RETRIES: (retry_group(settings.group_deliverer), settings.retry_topics())}


class Follower:
    """Keeps the store up with the topics, in its own thread."""

    def __init__(self, settings: Settings, store: Store, *, stop: StopFlag) -> None:
        self._settings, self._store, self._stop = settings, store, stop
        self._models = followed_topics(settings)
        self.ready = threading.Event()  # set once the store has caught up with the topics as they were at start
        self._thread = threading.Thread(target=self._run, name="console-follower", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout_s: float | None = None) -> None:
        self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.is_set:
            try:
                self._follow()
            except (BrokerUnavailable, KafkaError, OSError) as exc:
                log.warning("The console lost Kafka (%s); the pages serve what the store holds; trying again in "
                            "5 s.", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                self._stop.wait(5.0)
            except Exception:  # a bug: say so with its traceback, keep serving, and try again
                log.exception("The console follower failed; the pages serve what the store holds; trying again in "
                              "30 s.")
                self._stop.wait(30.0)

    def _follow(self) -> None:
        settings = self._settings
        kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
        consumer = kafka_io.topic_reader(settings, "console")
        meter = None
        try:
            meter = kafka_io.LagMeter(settings)
            targets = self._assign(consumer)
            next_lag = 0.0
            while not self._stop.is_set:
                self._apply(consumer.poll(timeout_ms=500, max_records=500))
                if not self.ready.is_set() and all(consumer.position(tp) >= end for tp, end in targets.items()):
                    log.info("The console store has caught up with the topics.")
                    self.ready.set()
                if time.monotonic() >= next_lag:
                    next_lag = time.monotonic() + LAG_EVERY_S
                    self._refresh_partitions(consumer)
                    self._record_lag(consumer, meter)
        finally:
            if meter is not None:
                meter.close()
            consumer.close()

    def _assign(self, consumer) -> dict[TopicPartition, int]:
        tps = [TopicPartition(t, p) for t in self._models for p in sorted(consumer.partitions_for_topic(t) or ())]
        consumer.assign(tps)
        stored = self._store.offsets()
        begins, ends = consumer.beginning_offsets(tps), consumer.end_offsets(tps)
        for tp in tps:
            at = stored.get((tp.topic, tp.partition), 0)
            if at > ends[tp]:
                log.warning("Topic %s[%d] ends at %d, before the %d the console had read: it was recreated; "
                            "reading it again from its beginning.", tp.topic, tp.partition, ends[tp], at)
                self._store.rewind(tp.topic, tp.partition, begins[tp])
                at = begins[tp]
            elif at < begins[tp]:
                if at:
                    log.warning("Records %d to %d of %s[%d] were deleted by retention before the console read "
                                "them.", at, begins[tp] - 1, tp.topic, tp.partition)
                at = begins[tp]
            consumer.seek(tp, at)
        todo = sum(max(ends[tp] - consumer.position(tp), 0) for tp in tps)
        log.info("The console follows %d partitions of %d topics; %d records to read before it is up to date.",
                 len(tps), len(self._models), todo)
        return {tp: end for tp, end in ends.items() if end > consumer.position(tp)}

    def _refresh_partitions(self, consumer) -> None:
        """Follow partitions added since the start."""
        found = {TopicPartition(t, p) for t in self._models for p in (consumer.partitions_for_topic(t) or ())}
        if not found <= consumer.assignment():
            self._assign(consumer)

    def _apply(self, batch: dict) -> None:
        applied = []
        for tp, records in batch.items():
            model = self._models[tp.topic]
            for record in records:
                if record.value is None:  # a tombstone of a compacted topic
                    key = record.key.decode("utf-8", "replace") if record.key else ""
                    applied.append((tp.topic, tp.partition, record.offset, removal_rows(model, key)))
                    continue
                statements = []
                try:
                    statements = rows_for(decode(record.value, model))
                except DecodeError as exc:
                    log.warning("The console skipped %s[%d]@%d: %s", tp.topic, tp.partition, record.offset, exc)
                applied.append((tp.topic, tp.partition, record.offset, statements))
        if applied:
            self._store.apply(applied)

    def _record_lag(self, consumer, meter: kafka_io.LagMeter) -> None:
        now = stamp(utcnow())
        ends = consumer.end_offsets(list(consumer.assignment()))
        behind = sum(max(end - consumer.position(tp), 0) for tp, end in ends.items())
        rows = [("console", behind, "offsets of the followed topics not yet in the store")]
        stages = stage_inputs(self._settings)
        try:
            lags = meter.lags(list(stages.values()))
        except (BrokerUnavailable, KafkaError, OSError) as exc:
            rows += [(stage, None, f"lag unknown: {exc}") for stage in stages]
        else:
            rows += [(stage, lag, f"group {group}" if lag is not None else f"group {group} has committed nothing yet")
                     for (stage, (group, _)), lag in zip(stages.items(), lags)]
            rows = [(stage, lag, note + self._retries_past_due(meter, stages[stage][0]) if stage == RETRIES else note)
                    for stage, lag, note in rows]
        self._store.apply((), extra=[("INSERT OR REPLACE INTO stage_lag VALUES (?,?,?,?)", (s, lag, now, note))
                                     for s, lag, note in rows])

    def _retries_past_due(self, meter: kafka_io.LagMeter, group: str) -> str:
        """'; ' and the retry topics whose oldest unhandled record is past its time, or ''."""
        from consumers.deliver.overdue import overdue_retries, warn_after_s

        late = overdue_retries(meter.first_waiting(group, self._settings.retry_topics()), now=utcnow())
        limit = warn_after_s(self._settings)
        return "".join(f"; STUCK: the oldest retry in {o.topic} is {o.seconds:.0f} s past its time (alert {o.alert_id} "
                       f"to {o.endpoint})" if o.seconds > limit else f"; a retry in {o.topic} is due since "
                       f"{o.seconds:.0f} s" for o in sorted(late.values(), key=lambda o: o.topic))
