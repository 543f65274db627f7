"""One webhook attempt against a real HTTP receiver on 127.0.0.1: signature, verdicts, SSRF guard, pinning."""

from __future__ import annotations

import json
import logging
import socket
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from consumers.deliver.payload import render_payload
from consumers.deliver.sender import WebhookSender
from newsmon.messages import Alert
from tests.unit.consumers.deliver.conftest import OTHER_SECRET, SECRET, Reply, free_port, json_endpoint


def attempt(url: str, alert: Alert, **kwargs):
    endpoint = json_endpoint("soc", url, **{k: kwargs.pop(k) for k in ("timeout_s",) if k in kwargs})
    with WebhookSender(timeout_s=2.0, allow_private=kwargs.pop("allow_private", True), **kwargs) as sender:
        return sender.attempt(endpoint, alert.id, render_payload(alert, "json"))


def test_success_is_signed_and_verifies(receiver, alert, caplog):
    caplog.set_level(logging.INFO, logger="consumers.deliver.sender")
    result = attempt(receiver.script("/ok", Reply(200)), alert)
    assert (result.verdict, result.status, result.reason) == ("ok", 200, "200 OK")
    [seen] = receiver.seen
    assert Webhook(SECRET).verify(seen.body, seen.headers) == json.loads(seen.body)
    assert seen.headers["webhook-id"] == alert.id
    assert abs(int(seen.headers["webhook-timestamp"]) - time.time()) < 5
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["user-agent"] == "newsmon/0.1 (+webhooks)"
    assert Alert.model_validate_json(seen.body) == alert
    text = caplog.text
    assert "soc" in text and alert.id in text and "attempt 1" in text and "200" in text and " ms" in text
    assert SECRET not in text and seen.headers["webhook-signature"] not in text


def test_tampered_body_id_or_timestamp_fails_verification(receiver, alert):
    attempt(receiver.script("/ok", Reply(200)), alert)
    [seen] = receiver.seen
    for body, headers in [
        (seen.body.replace(b"Attacks", b"Attackz"), seen.headers),
        (seen.body, {**seen.headers, "webhook-id": "other-id"}),
        (seen.body, {**seen.headers, "webhook-timestamp": str(int(seen.headers["webhook-timestamp"]) - 1)}),
    ]:
        with pytest.raises(WebhookVerificationError):
            Webhook(SECRET).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(OTHER_SECRET).verify(seen.body, seen.headers)


@pytest.mark.parametrize("status, verdict, reason", [
    (500, "retry", "500 Internal Server Error"),
    (503, "retry", "503 Service Unavailable"),
    (408, "retry", "408 Request Timeout"),
    (410, "gone", "410 Gone: endpoint disabled"),
    (400, "fail", "400 Bad Request: permanent failure"),
    (404, "fail", "404 Not Found: permanent failure"),
])
def test_status_codes_map_to_verdicts(receiver, alert, status, verdict, reason):
    result = attempt(receiver.script("/x", Reply(status)), alert)
    assert (result.status, result.verdict, result.reason) == (status, verdict, reason)
    assert len(receiver.seen) == 1


def test_429_carries_retry_after_seconds(receiver, alert):
    result = attempt(receiver.script("/busy", Reply(429, {"Retry-After": "120"})), alert)
    assert (result.verdict, result.retry_after_s) == ("retry", 120.0)


def test_retry_after_http_date_is_read(receiver, alert):
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    result = attempt(receiver.script("/busy", Reply(503, {"Retry-After": when})), alert)
    assert result.verdict == "retry" and 27 <= result.retry_after_s <= 30


def test_302_is_a_failure_and_is_not_followed(receiver, alert):
    canary = receiver.url("/canary")
    result = attempt(receiver.script("/moved", Reply(302, {"Location": canary})), alert)
    assert (result.verdict, result.status) == ("fail", 302) and "redirect is a failure" in result.reason
    assert receiver.at("/canary") == [] and len(receiver.seen) == 1


def test_timeout_is_a_retry_verdict_within_the_timeout(receiver, alert):
    started = time.monotonic()
    result = attempt(receiver.script("/slow", Reply(200, delay_s=5.0)), alert, timeout_s=0.3)
    assert time.monotonic() - started < 2
    assert (result.verdict, result.status, result.reason) == ("retry", None, "timed out after 0.3 s")


def test_connection_refused_is_a_retry_verdict(alert):
    result = attempt(f"http://127.0.0.1:{free_port()}/hook", alert)
    assert result.verdict == "retry" and result.reason.startswith("connection failed")


def test_private_url_is_refused_without_any_connection_and_names_the_setting(receiver, alert):
    result = attempt(receiver.script("/canary", Reply(200)), alert, allow_private=False)
    assert (result.verdict, result.status) == ("refused", None)
    assert result.reason.startswith("unsafe URL: ") and "loopback" in result.reason
    assert "NEWSMON_WEBHOOK_ALLOW_PRIVATE" in result.reason
    assert receiver.seen == [] and receiver.connections == 0


def test_public_url_connects_to_the_checked_address(alert):
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(204)

    def resolve(host, port, *args, **kwargs):
        assert host == "hooks.example.org"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]

    endpoint = json_endpoint("soc", "https://hooks.example.org:8443/in?x=1")
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = WebhookSender(client=client, resolve=resolve).attempt(endpoint, alert.id, b"{}")
    assert result.verdict == "ok"
    [request] = requests
    assert str(request.url) == "https://93.184.215.14:8443/in?x=1"
    assert request.headers["host"] == "hooks.example.org:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.org"


def test_unresolvable_host_is_a_retry_without_sending(alert):
    def resolve(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = WebhookSender(client=client, resolve=resolve).attempt(
            json_endpoint("soc", "https://gone.example.org/"), alert.id, b"{}")
    assert result.verdict == "retry" and result.reason.startswith("cannot resolve host gone.example.org")


def test_the_body_start_and_latency_are_reported(receiver, alert):
    result = attempt(receiver.script("/down", Reply(503, body=b"maintenance")), alert)
    assert (result.status, result.detail) == (503, "maintenance") and 0 < result.latency_s < 2
