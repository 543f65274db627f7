"""Wiring of the deliverer: endpoints, sender and endpoint states from the settings; its runners.

`newsmon deliver` runs two runners in one process, sharing one step (and so one circuit breaker):
one consumes the alerts topic and makes first attempts, the other consumes the retry topics and makes
retries when they are due. A retry that waits (paused partition) or an endpoint that hangs never holds
up first attempts. `newsmon alerts redeliver` is the same step run once over the dead-letter topic.
"""

from __future__ import annotations

import logging
import threading

from consumers.deliver.endpoint_state import EndpointStates
from consumers.deliver.endpoints import Endpoint, load_endpoints
from consumers.deliver.payload import content_type
from consumers.deliver.sender import WebhookSender
from consumers.deliver.step import DeliverStep
from newsmon import kafka_io
from newsmon.errors import ConfigError, DecodeError
from newsmon.messages import Alert, DeadLetter, Delivery, EndpointState, decode, encode
from newsmon.runloop import StopFlag, run_until_stopped
from newsmon.runner import Runner, RunStats
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def read_endpoint_states(settings: Settings) -> list[EndpointState]:
    """Every endpoint state in the compacted topic, oldest first (undecodable records skipped)."""
    states = []
    for record in kafka_io.read_topic(settings, settings.topic_endpoints, timeout_s=10):
        try:
            states.append(decode(record.value, EndpointState))
        except DecodeError as exc:
            log.warning("Skipped a record of %s that is not an endpoint state: %s", settings.topic_endpoints, exc)
    return states


def publish_endpoint_state(settings: Settings, state: EndpointState) -> None:
    """Write one endpoint state (e.g. re-enabled) and wait for Kafka to acknowledge it."""
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings, client_id=f"{settings.kafka_client_id}-endpoints") as publisher:
        publisher.wait([publisher.send(settings.topic_endpoints, state.id, encode(state))])


NO_ENDPOINTS = "setting endpoints_file (NEWSMON_ENDPOINTS_FILE): no webhook endpoints are configured"


class FormatSender(WebhookSender):
    """The webhook sender, with each endpoint format's content type: a STIX bundle goes as
    application/stix+json;version=2.1. The signature covers the id, the timestamp and the body, not the headers,
    so the type is set after signing."""

    def _headers(self, endpoint: Endpoint, webhook_id: str, body: bytes) -> dict[str, str]:
        return super()._headers(endpoint, webhook_id, body) | {"content-type": content_type(endpoint.format)}


def build_step(settings: Settings, *, redeliver: bool = False, only_endpoint: str | None = None) -> DeliverStep:
    """The deliver step for the configured endpoints; ConfigError when none are configured."""
    if settings.endpoints_file is None:
        raise ConfigError(NO_ENDPOINTS)
    endpoints = load_endpoints(settings.endpoints_file)
    if only_endpoint and only_endpoint not in endpoints:
        raise ConfigError(f"{settings.endpoints_file}: no endpoint named {only_endpoint!r} "
                          f"(known: {', '.join(sorted(endpoints)) or 'none'})")
    sender = FormatSender(timeout_s=settings.webhook_timeout_s, allow_private=settings.webhook_allow_private)
    states = EndpointStates(lambda: read_endpoint_states(settings))
    log.info("The deliverer sends to %d endpoints: %s.", len(endpoints), ", ".join(sorted(endpoints)))
    return DeliverStep(settings, endpoints=endpoints, sender=sender, states=states, redeliver=redeliver,
                       only_endpoint=only_endpoint)


def retry_group(group: str) -> str:
    """The consumer group of the retry runner, beside the deliverer's own group."""
    return f"{group}-retry"


def deliver_runners(settings: Settings, step: DeliverStep, *, group: str, stop: StopFlag) -> list[Runner]:
    """The first-attempt runner (alerts topic) and the retry runner (retry topics), sharing one step."""
    first = Runner(settings, step, inputs={settings.topic_alerts: Alert}, group=group, stop=stop)
    retries = Runner(settings, step, inputs={topic: Delivery for topic in settings.retry_topics()},
                     group=retry_group(group), stop=stop)
    return [first, retries]


def run_together(runners: list[Runner], *, stop: StopFlag, timeout_s: float | None = None,
                 idle_timeout_s: float | None = None, max_messages: int | None = None) -> list[RunStats]:
    """Run each runner in its own thread until all end; a signal stops them all."""
    stats: list[RunStats | None] = [None] * len(runners)
    errors: list[BaseException] = []

    def work(index: int, runner: Runner) -> None:
        try:
            stats[index] = runner.run(timeout_s=timeout_s, idle_timeout_s=idle_timeout_s, max_messages=max_messages)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread below
            errors.append(exc)
            stop.set("a runner failed")

    threads = [threading.Thread(target=work, args=(i, r), name=f"runner-{i}", daemon=True)
               for i, r in enumerate(runners)]
    for thread in threads:
        thread.start()
    run_until_stopped(lambda: not any(t.is_alive() for t in threads), stop=stop, interval_s=0.2)
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [s for s in stats if s is not None]


def redeliver(settings: Settings, *, endpoint: str | None, group: str, timeout_s: float) -> DeliverStep:
    """Send the dead-lettered deliveries again, once each; those that fail go back to the dead-letter topic."""
    step = build_step(settings, redeliver=True, only_endpoint=endpoint)
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    until = kafka_io.end_offsets(settings, settings.topic_deadletter)  # what was dead-lettered before now
    runner = Runner(settings, step, inputs={settings.topic_deadletter: DeadLetter}, group=group)
    runner.run(until=until, timeout_s=timeout_s)
    return step
