"""The deliver step: one attempt per (alert, endpoint), then a report, a scheduled retry or a dead letter."""

from __future__ import annotations

import base64
import time
from datetime import datetime, timezone

import pytest

from consumers.deliver.endpoint_state import EndpointStates
from consumers.deliver.endpoints import Endpoint
from consumers.deliver.payload import render_payload
from consumers.deliver.sender import WebhookSender
from consumers.deliver.step import DeliverStep
from newsmon.deadletter import dead_letter
from newsmon.kafka_io import Record
from newsmon.messages import Alert, DeadLetter, Delivery, DeliveryReport, EndpointState, encode
from newsmon.settings import Settings
from newsmon.step import Output, Reject
from tests.unit.consumers.deliver.conftest import Reply, free_port, json_endpoint

DELAYS = (5.0, 60.0)


def make_step(endpoints: list[Endpoint], *, states: list[EndpointState] = (), clock=time.time, **kwargs) -> DeliverStep:
    settings = Settings(webhook_retry_delays_s=DELAYS, webhook_max_retry_after_s=300, webhook_allow_private=True)
    sender = WebhookSender(timeout_s=kwargs.pop("timeout_s", 2.0), allow_private=True)
    return DeliverStep(settings, endpoints={e.name: e for e in endpoints}, sender=sender,
                       states=EndpointStates(lambda: list(states)), clock=clock, **kwargs)


def kinds(outputs) -> list[str]:
    names = []
    for out in outputs:
        if isinstance(out, Reject):
            names.append("reject")
        else:
            names.append({DeliveryReport: "report", Delivery: "retry", EndpointState: "state"}[type(out.message)])
    return names


def test_a_delivered_alert_gives_one_report_per_endpoint(receiver, alert):
    step = make_step([json_endpoint("a", receiver.script("/a", Reply(200))),
                      json_endpoint("b", receiver.script("/b", Reply(204)))])
    [outputs] = step.handle([alert])
    assert kinds(outputs) == ["report", "report"]
    assert {(o.message.endpoint, o.message.outcome, o.message.status_code) for o in outputs} == {
        ("a", "delivered", 200), ("b", "delivered", 204)}
    assert all(o.topic == "newsmon.deliveries" and o.key == alert.id for o in outputs)
    assert step.delivered == 2


def test_a_failed_attempt_is_scheduled_in_the_first_retry_topic_not_slept_on(receiver, alert):
    now = 1_700_000_000.0
    step = make_step([json_endpoint("soc", receiver.script("/down", Reply(503)))], clock=lambda: now)
    started = time.monotonic()
    [outputs] = step.handle([alert])
    assert time.monotonic() - started < 1.5
    assert kinds(outputs) == ["retry", "report"]
    retry, report = outputs
    assert retry.topic == "newsmon.deliveries.retry.1"
    delivery = retry.message
    assert (delivery.endpoint, delivery.retry, delivery.attempts, delivery.alert) == ("soc", 1, 1, alert)
    assert delivery.not_before == datetime.fromtimestamp(now + DELAYS[0], timezone.utc)
    assert step.not_before(delivery) == now + DELAYS[0] and step.not_before(alert) is None
    assert (report.message.outcome, report.message.status_code) == ("retrying", 503)


def test_the_retry_sends_the_same_id_and_body_and_the_last_failure_is_dead_lettered(receiver, alert):
    step = make_step([json_endpoint("soc", receiver.script("/down", Reply(500)))])
    [first] = step.handle([alert])
    [second] = step.handle([first[0].message])
    assert second[0].topic == "newsmon.deliveries.retry.2" and second[0].message.attempts == 2
    [last] = step.handle([second[0].message])
    assert kinds(last) == ["report", "reject"]
    reject = last[1]
    assert (reject.endpoint, reject.attempts, reject.message) == ("soc", 3, alert)
    assert "gave up after the last of 2 retries" in reject.reason
    bodies = {seen.body for seen in receiver.seen}
    assert bodies == {render_payload(alert, "json")} and len(receiver.seen) == 3
    assert {seen.headers["webhook-id"] for seen in receiver.seen} == {alert.id}


def test_retry_after_picks_a_later_retry_topic(receiver, alert):
    step = make_step([json_endpoint("soc", receiver.script("/busy", Reply(429, {"Retry-After": "30"})))])
    [outputs] = step.handle([alert])
    assert outputs[0].topic == "newsmon.deliveries.retry.2"


def test_410_disables_the_endpoint_durably_and_later_alerts_are_not_sent(receiver, alert):
    step = make_step([json_endpoint("old", receiver.script("/gone", Reply(410))),
                      json_endpoint("new", receiver.script("/ok", Reply(200)))])
    [first] = step.handle([alert])
    state = next(o for o in first if isinstance(o, Output) and isinstance(o.message, EndpointState))
    assert state.topic == "newsmon.endpoints" and state.key == "old" and state.message.disabled
    [second] = step.handle([alert.model_copy(update={"id": "other"})])
    reject = next(o for o in second if isinstance(o, Reject))
    assert reject.endpoint == "old" and "newsmon alerts enable old" in reject.reason
    assert len(receiver.at("/gone")) == 1 and len(receiver.at("/ok")) == 2


def test_a_disabled_endpoint_from_the_state_topic_gets_nothing(receiver, alert):
    url = receiver.script("/gone", Reply(200))
    step = make_step([json_endpoint("old", url)], states=[EndpointState(id="old", disabled=True, reason="410")])
    [outputs] = step.handle([alert])
    assert kinds(outputs) == ["report", "reject"] and receiver.seen == []


def test_while_an_endpoint_fails_first_attempts_wait_for_the_first_retry(receiver, alert):
    dead = f"http://127.0.0.1:{free_port()}/hook"
    step = make_step([json_endpoint("dead", dead), json_endpoint("ok", receiver.script("/ok", Reply(200)))])
    step.handle([alert])
    later = alert.model_copy(update={"id": "later"})
    [outputs] = step.handle([later])
    reports = {o.message.endpoint: o.message.outcome for o in outputs if isinstance(o, Output)
               and isinstance(o.message, DeliveryReport)}
    assert reports == {"dead": "deferred", "ok": "delivered"}
    retry = next(o.message for o in outputs if isinstance(o, Output) and isinstance(o.message, Delivery))
    assert (retry.retry, retry.attempts) == (1, 0)


def test_a_hanging_endpoint_does_not_hold_up_the_others(receiver, alert):
    step = make_step([json_endpoint("slow", receiver.script("/slow", Reply(200, delay_s=1.0))),
                      json_endpoint("fast", receiver.script("/fast", Reply(200)))])
    step.handle([alert])
    [slow], [fast] = receiver.at("/slow"), receiver.at("/fast")
    assert fast.answered < slow.answered and fast.arrived < slow.arrived + 0.5


def test_destinations_limit_the_endpoints_and_an_unknown_one_is_dead_lettered(receiver, alert):
    step = make_step([json_endpoint("a", receiver.script("/a", Reply(200))),
                      json_endpoint("b", receiver.script("/b", Reply(200)))])
    [outputs] = step.handle([alert.model_copy(update={"destinations": ("b", "nope")})])
    assert receiver.at("/a") == [] and len(receiver.at("/b")) == 1
    reject = next(o for o in outputs if isinstance(o, Reject))
    assert reject.endpoint == "nope" and "unknown endpoint" in reject.reason


def test_redeliver_sends_a_dead_letter_once_with_the_same_body(receiver, alert):
    record = Record("newsmon.alerts", 0, 7, alert.id.encode(), encode(alert), 0)
    letter = dead_letter(record, stage="deliverer.deliver", error="soc: 500",
                         keep=Reject("deliver", "soc: 500", message=alert, endpoint="soc", attempts=3),
                         max_bytes=2 * 1024 * 1024)
    step = make_step([json_endpoint("soc", receiver.script("/ok", Reply(200)))], redeliver=True)
    [outputs] = step.handle([letter])
    assert kinds(outputs) == ["report"] and outputs[0].message.attempt == 4
    assert receiver.seen[0].body == render_payload(alert, "json")
    other = DeadLetter(id="x", stage="enricher.decode", error="bad", source_topic="t", source_partition=0,
                       source_offset=1, value_b64=base64.b64encode(b"junk").decode())
    assert step.handle([other]) == [[]]


def test_redeliver_failing_again_goes_back_to_the_dead_letter_topic_not_to_a_retry(receiver, alert):
    record = Record("newsmon.alerts", 0, 7, None, encode(alert), 0)
    letter = dead_letter(record, stage="deliverer.deliver", error="soc: 500",
                         keep=Reject("deliver", "x", message=alert, endpoint="soc"), max_bytes=2 * 1024 * 1024)
    step = make_step([json_endpoint("soc", receiver.script("/down", Reply(503)))], redeliver=True)
    [outputs] = step.handle([letter])
    assert kinds(outputs) == ["report", "reject"]


@pytest.mark.parametrize("fmt", ["json", "slack"])
def test_every_format_has_a_stable_body(alert, fmt):
    assert render_payload(Alert.model_validate_json(encode(alert)), fmt) == render_payload(alert, fmt)
