"""Retries past their time: how long the oldest unhandled record of each retry topic has been due.

A retry record waits in its topic until its `not_before`; the retry runner then attempts it within a poll or two.
One that is still unhandled well after that is stuck, and an alert with it. This is measured from outside the
runner (the retry group's committed offsets and the first record after each), so a consumer that has silently
stopped fetching a partition shows too. `RetryWatch` measures it in the deliverer, sets a gauge per retry topic
and logs a warning; the console shows the same figure on its health page.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable

from newsmon.errors import DecodeError
from newsmon.kafka_io import LagMeter, Record
from newsmon.messages import Delivery, decode
from newsmon.metrics import RETRY_OVERDUE
from newsmon.runloop import StopFlag
from newsmon.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Overdue:
    """The oldest retry of one topic that is past its time."""

    topic: str
    seconds: float  # how long past its not_before
    alert_id: str
    endpoint: str


def overdue_retries(records: Iterable[Record], *, now: datetime) -> dict[str, Overdue]:
    """Per retry topic, its most overdue record among these (the first unhandled record of each partition)."""
    worst: dict[str, Overdue] = {}
    for record in records:
        try:
            delivery = decode(record.value, Delivery)
        except DecodeError:
            continue  # poison is the runner's to dead-letter
        late = (now - delivery.not_before).total_seconds()
        if late > 0 and (record.topic not in worst or late > worst[record.topic].seconds):
            worst[record.topic] = Overdue(record.topic, late, delivery.alert.id, delivery.endpoint)
    return worst


def warn_after_s(settings: Settings) -> float:
    """How far past due a retry may be before it counts as stuck: a few polls and one attempt's timeout."""
    return max(30.0, 3 * settings.webhook_timeout_s)


class RetryWatch:
    """Measures the retry topics' overdue records every `every_s` seconds, in its own thread."""

    def __init__(self, settings: Settings, *, group: str, stop: StopFlag, every_s: float = 15.0,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._settings, self._group, self._stop, self._every_s, self._clock = settings, group, stop, every_s, clock
        self._thread = threading.Thread(target=self._run, name="retry-watch", daemon=True)
        self.last: dict[str, Overdue] = {}

    def start(self) -> "RetryWatch":
        self._thread.start()
        return self

    def measure(self, meter: LagMeter) -> dict[str, Overdue]:
        """One measurement: sets the gauge of every retry topic and warns of those stuck past the limit."""
        found = overdue_retries(meter.first_waiting(self._group, self._settings.retry_topics()), now=self._clock())
        limit = warn_after_s(self._settings)
        for topic in self._settings.retry_topics():
            RETRY_OVERDUE.labels(topic).set(found[topic].seconds if topic in found else 0.0)
        for late in found.values():
            if late.seconds > limit:
                log.warning("A retry in %s is %.0f s past its time (alert %s to endpoint %s): the deliverer's retry "
                            "consumer is not taking it.", late.topic, late.seconds, late.alert_id, late.endpoint)
        self.last = found
        return found

    def _run(self) -> None:
        meter = None
        while not self._stop.wait(self._every_s):
            try:
                meter = meter or LagMeter(self._settings)
                self.measure(meter)
            except Exception as exc:  # noqa: BLE001 - a measurement: never fatal to the deliverer, said and retried
                log.warning("Could not measure the retry topics (%s); trying again in %.0f s.", exc, self._every_s)
                if meter is not None:
                    meter.close()
                meter = None
        if meter is not None:
            meter.close()
