"""The deliver step: alerts (and retries that are due) in; webhook attempts made; what follows published.

Per (alert, endpoint) one attempt, all of a batch at once in threads. What the attempt says decides the
outputs: a `DeliveryReport` always; a `Delivery` in the next retry topic when it may work later; a dead
letter when it will not (or the schedule is spent); an `EndpointState` that disables the endpoint on 410.
No attempt sleeps: a retry waits in its topic and the runner holds it until it is due, so a dead endpoint
delays only its own alerts. While an endpoint is failing, first attempts to it skip straight to the first
retry (a circuit breaker), so one that hangs costs its timeout once, not once per alert.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Sequence

from consumers.deliver.endpoint_state import EndpointStates
from consumers.deliver.endpoints import Endpoint
from consumers.deliver.payload import render_payload
from consumers.deliver.schedule import next_retry
from consumers.deliver.sender import Attempt, WebhookSender
from newsmon.deadletter import kept_message
from newsmon.errors import DecodeError
from newsmon.messages import Alert, DeadLetter, Delivery, DeliveryReport, EndpointState, Message, decode
from newsmon.settings import Settings
from newsmon.step import Output, Reject

log = logging.getLogger(__name__)
DELIVER_STAGES = ("deliverer.deliver", "alerter.deliver")  # dead letters this step can send again


@dataclass(frozen=True)
class _Job:
    """One (alert, endpoint) to attempt now."""

    index: int
    alert: Alert
    endpoint: str
    attempts: int  # made before this one
    retry: int  # the schedule step this one is (0: the first attempt)


class DeliverStep:
    """Delivers alerts to endpoints; the runner publishes what each attempt leads to."""

    name = "deliverer"

    def __init__(self, settings: Settings, *, endpoints: dict[str, Endpoint], sender: WebhookSender,
                 states: EndpointStates, redeliver: bool = False, only_endpoint: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._settings, self._endpoints, self._sender, self._states = settings, endpoints, sender, states
        self._redeliver, self._only = redeliver, only_endpoint
        self._clock = clock
        self._failing: dict[str, float] = {}  # endpoint -> when it last failed; cleared by a success
        self._lock = threading.Lock()
        self.delivered = self.failed = 0

    def not_before(self, msg: Message) -> float | None:
        """A scheduled retry is held in its topic until due."""
        return msg.not_before.timestamp() if isinstance(msg, Delivery) else None

    def handle(self, batch: Sequence[Message]) -> list[list[Output | Reject]]:
        """Attempt every (alert, endpoint) of the batch concurrently; outputs per input message."""
        outputs: list[list[Output | Reject]] = [[] for _ in batch]
        jobs = [job for index, msg in enumerate(batch) for job in self._jobs(index, msg, outputs[index])]
        now_jobs = []
        for job in jobs:
            if (reason := self._skip(job)) is not None:
                outputs[job.index] += self._refused(job, reason)
            elif job.retry == 0 and not self._redeliver and self._is_failing(job.endpoint):
                outputs[job.index] += self._defer(job)
            else:
                now_jobs.append(job)
        if now_jobs:
            with ThreadPoolExecutor(max_workers=min(len(now_jobs), 16), thread_name_prefix="webhook") as pool:
                attempts = list(pool.map(self._attempt, now_jobs))
            for job, attempt in zip(now_jobs, attempts):
                outputs[job.index] += self._after(job, attempt)
        return outputs

    def _jobs(self, index: int, msg: Message, outputs: list) -> list[_Job]:
        if isinstance(msg, Alert):
            names = list(dict.fromkeys(msg.destinations or self._endpoints))
            return [_Job(index, msg, name, 0, 0) for name in names]
        if isinstance(msg, Delivery):
            return [_Job(index, msg.alert, msg.endpoint, msg.attempts, msg.retry)]
        if isinstance(msg, DeadLetter) and msg.stage in DELIVER_STAGES and msg.endpoint:
            if self._only and msg.endpoint != self._only:
                return []
            try:
                alert = decode(kept_message(msg), Alert)
            except DecodeError as exc:
                log.warning("Dead letter %s does not hold an alert (%s); left alone.", msg.id, exc)
                return []
            return [_Job(index, alert, msg.endpoint, msg.attempts, 0)]
        return []

    def _skip(self, job: _Job) -> str | None:
        if job.endpoint not in self._endpoints:
            return f"unknown endpoint {job.endpoint!r} (not in the endpoints file)"
        if (state := self._states.disabled(job.endpoint)) is not None:
            return f"endpoint disabled: {state.reason}; re-enable it with `newsmon alerts enable {job.endpoint}`"
        return None

    def _attempt(self, job: _Job) -> Attempt:
        endpoint = self._endpoints[job.endpoint]
        body = render_payload(job.alert, endpoint.format)  # the same bytes on every attempt and redelivery
        return self._sender.attempt(endpoint, job.alert.id, body, number=job.attempts + 1)

    def _after(self, job: _Job, attempt: Attempt) -> list[Output | Reject]:
        made = job.attempts + 1
        if attempt.verdict == "ok":
            with self._lock:
                self._failing.pop(job.endpoint, None)
                self.delivered += 1
            return [self._report(job, made, "delivered", attempt)]
        if attempt.verdict == "gone":
            state = EndpointState(id=job.endpoint, disabled=True, reason=f"answered 410 Gone to alert {job.alert.id}")
            self._states.note(state)
            log.warning("Endpoint %s answered 410 Gone; it is disabled until `newsmon alerts enable %s`.",
                        job.endpoint, job.endpoint)
            return [Output(self._settings.topic_endpoints, state.id, state), *self._give_up(job, made, attempt.reason, attempt)]
        if attempt.verdict == "retry" and not self._redeliver:
            with self._lock:
                self._failing[job.endpoint] = self._clock()
            plan = next_retry(self._settings.webhook_retry_delays_s, done=job.retry, retry_after_s=attempt.retry_after_s,
                              max_retry_after_s=self._settings.webhook_max_retry_after_s)
            if plan.retry is not None:
                return self._schedule(job, made, plan.retry, plan.delay_s, attempt.reason, attempt)
            return self._give_up(job, made, f"{attempt.reason}; {plan.why}", attempt)
        return self._give_up(job, made, attempt.reason, attempt)

    def _defer(self, job: _Job) -> list[Output | Reject]:
        delay = self._settings.webhook_retry_delays_s[0]
        log.info("Endpoint %s is failing; alert %s waits for the first retry instead of trying now.",
                 job.endpoint, job.alert.id)
        return self._schedule(job, job.attempts, 1, delay, "endpoint failing: waiting for the first retry", None,
                              outcome="deferred")

    def _schedule(self, job: _Job, made: int, retry: int, delay_s: float, reason: str, attempt: Attempt | None,
                  *, outcome: str = "retrying") -> list[Output | Reject]:
        due = datetime.fromtimestamp(self._clock(), timezone.utc) + timedelta(seconds=delay_s)
        delivery = Delivery(id=f"{job.alert.id}:{job.endpoint}:r{retry}", alert=job.alert, endpoint=job.endpoint,
                            retry=retry, attempts=made, not_before=due, last_error=reason)
        report = self._report(job, made, outcome, attempt, reason=reason, next_at=due)
        return [Output(self._settings.retry_topics()[retry - 1], delivery.id, delivery), report]

    def _give_up(self, job: _Job, made: int, reason: str, attempt: Attempt | None) -> list[Output | Reject]:
        with self._lock:
            self.failed += 1
        log.error("Webhook %s to endpoint %s was not delivered: %s.", job.alert.id, job.endpoint, reason)
        return [self._report(job, made, "failed", attempt, reason=reason),
                Reject("deliver", f"{job.endpoint}: {reason}", message=job.alert, endpoint=job.endpoint, attempts=made)]

    def _refused(self, job: _Job, reason: str) -> list[Output | Reject]:
        report = self._report(job, job.attempts, "disabled", None, reason=reason)
        return [report, *self._give_up(job, job.attempts, reason, None)[1:]]

    def _report(self, job: _Job, made: int, outcome: str, attempt: Attempt | None, *, reason: str | None = None,
                next_at: datetime | None = None) -> Output:
        report = DeliveryReport(
            id=f"{job.alert.id}:{job.endpoint}:{made}:{outcome}", alert_id=job.alert.id, story_id=job.alert.story_id,
            endpoint=job.endpoint, attempt=made, outcome=outcome,
            status_code=attempt.status if attempt else None,
            latency_ms=round(attempt.latency_s * 1000, 1) if attempt else None,
            reason=reason if reason is not None else (attempt.reason if attempt else ""), next_attempt_at=next_at)
        return Output(self._settings.topic_deliveries, job.alert.id, report)

    def _is_failing(self, endpoint: str) -> bool:
        with self._lock:
            return endpoint in self._failing
