"""`newsmon alerts test ENDPOINT`: send one signed sample alert and print exactly what happened."""

from __future__ import annotations

import argparse
import uuid
from http import HTTPStatus

import httpx

from consumers.deliver.endpoints import load_endpoints
from consumers.deliver.payload import render_payload
from consumers.deliver.sender import WebhookSender
from newsmon import exitcodes
from newsmon.errors import ConfigError
from newsmon.messages import Alert, EventFacts, RuleHit, Source
from newsmon.settings import Settings


def sample_alert() -> Alert:
    """A clearly marked test alert with a fresh webhook-id."""
    return Alert(
        id=f"test-{uuid.uuid4().hex[:12]}",
        story_id="newsmon-test-story",
        severity="low",
        headline="newsmon webhook test: please ignore",
        key_sentence="This is a test delivery from `newsmon alerts test`; it reports no event.",
        event=EventFacts(type="test"),
        changes=("test delivery",),
        rules=(RuleHit(id="newsmon-test", name="newsmon test alert", severity="low",
                       why="sent by `newsmon alerts test`; safe to ignore"),),
        sources=(Source(id="newsmon-test-article", title="newsmon webhook test: please ignore",
                        url="https://newsmon.invalid/test", outlet="newsmon"),),
    )


def probe_endpoint(args: argparse.Namespace, settings: Settings) -> int:
    """Send one test alert to args.endpoint and print the request and the answer; 0 on 2xx, else 2."""
    if settings.endpoints_file is None:
        raise ConfigError("setting endpoints_file (NEWSMON_ENDPOINTS_FILE) is not set; `alerts test` needs it")
    endpoints = load_endpoints(settings.endpoints_file)
    endpoint = endpoints.get(args.endpoint)
    if endpoint is None:
        known = ", ".join(sorted(endpoints)) or "none"
        raise ConfigError(f"{settings.endpoints_file}: no endpoint named {args.endpoint!r} (known: {known})")

    alert = sample_alert()
    sent: list[httpx.Request] = []
    client = httpx.Client(follow_redirects=False, timeout=httpx.Timeout(settings.webhook_timeout_s),
                          event_hooks={"request": [sent.append]})
    with client, WebhookSender(timeout_s=settings.webhook_timeout_s, allow_private=settings.webhook_allow_private,
                               client=client) as sender:
        attempt = sender.attempt(endpoint, alert.id, render_payload(alert, endpoint.format))
    status, latency_s, detail = attempt.status, attempt.latency_s, attempt.detail

    print(f"endpoint:   {endpoint.name} {endpoint.url} (format {endpoint.format})")
    print(f"webhook-id: {alert.id}")
    if sent:
        request = sent[-1]
        print(f"request:    {request.method} {request.url}")
        for name, value in request.headers.items():
            shown = "v1,<redacted>" if name.lower() == "webhook-signature" else value
            print(f"  {name}: {shown}")
        if "webhook-signature" not in request.headers:
            print("  (no webhook-signature: the endpoint has no secret)")
    else:
        print("request:    not sent")
    if status is None:
        print(f"result:     error: {detail}")
    else:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        print(f"result:     HTTP {status} {phrase}".rstrip())
    print(f"latency:    {latency_s * 1000:.0f} ms")
    if status is not None:
        print(f"body:       {detail[:200]!r}")
    delivered = status is not None and 200 <= status < 300
    print("delivered" if delivered else "NOT delivered")
    return exitcodes.OK if delivered else exitcodes.UNAVAILABLE
