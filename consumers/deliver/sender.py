"""One signed webhook attempt: Standard Webhooks headers, the SSRF guard, a bounded read of the answer.

`WebhookSender.attempt` never raises and never retries: it says what happened (`Attempt.verdict`):
`ok` for 2xx; `retry` for 408, 429, 5xx, timeouts, refused connections and hosts that do not resolve
(with Retry-After when the endpoint sent one); `gone` for 410; `fail` for redirects (never followed) and
other 4xx; `refused` for a URL the SSRF guard will not contact. The deliver step decides what follows.
Every attempt of one alert to one endpoint carries the same body and webhook-id (the alert id).
"""

from __future__ import annotations

import logging
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Literal

import httpx
from standardwebhooks.webhooks import Webhook

from consumers.deliver.endpoints import Endpoint
from newsmon import netguard
from newsmon.metrics import WEBHOOK_ATTEMPTS

log = logging.getLogger(__name__)

USER_AGENT = "newsmon/0.1 (+webhooks)"
_BODY_SNIPPET = 1024  # bytes of a response body kept for logs and `alerts test`
_PHRASES = {s.value: s.phrase for s in HTTPStatus}

Verdict = Literal["ok", "retry", "fail", "gone", "refused"]


@dataclass(frozen=True)
class Attempt:
    """What one POST to one endpoint did."""

    status: int | None
    latency_s: float
    detail: str  # the start of the response body, or what went wrong
    verdict: Verdict
    reason: str  # one line for reports and dead letters
    retry_after_s: float | None = None


class WebhookSender:
    """Signs and sends one attempt at a time; thread-safe (one httpx client, one thread per attempt)."""

    def __init__(self, *, timeout_s: float = 10.0, allow_private: bool = False, client: httpx.Client | None = None,
                 resolve=socket.getaddrinfo) -> None:
        self.timeout_s, self.allow_private = timeout_s, allow_private
        self._own_client = client is None
        self._client = client or httpx.Client(follow_redirects=False, timeout=httpx.Timeout(timeout_s))
        self._resolve = resolve

    def __enter__(self) -> "WebhookSender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this sender made it."""
        if self._own_client:
            self._client.close()

    def attempt(self, endpoint: Endpoint, webhook_id: str, body: bytes, *, number: int = 1) -> Attempt:
        """POST body to the endpoint once, signed; never raises."""
        try:
            return self._attempt(endpoint, webhook_id, body, number)
        except Exception as exc:  # one endpoint's surprise must not take the batch down
            log.exception("Webhook %s to endpoint %s failed unexpectedly.", webhook_id, endpoint.name)
            return Attempt(None, 0.0, str(exc), "retry", f"internal error: {type(exc).__name__}")

    def _attempt(self, endpoint: Endpoint, webhook_id: str, body: bytes, number: int) -> Attempt:
        try:
            addresses = netguard.check_url(endpoint.url, allow_private=self.allow_private, resolve=self._resolve)
        except netguard.UnsafeURL as exc:
            unresolved = isinstance(exc, netguard.UnresolvableHost)  # may resolve later: retried
            reason = exc.reason if unresolved else (
                f"unsafe URL: {exc.reason} (set NEWSMON_WEBHOOK_ALLOW_PRIVATE=true to allow private addresses)")
            WEBHOOK_ATTEMPTS.labels(endpoint.name, "unresolved" if unresolved else "refused").inc()
            log.warning("Webhook %s to endpoint %s, attempt %d, not sent: %s.", webhook_id, endpoint.name, number, reason)
            return Attempt(None, 0.0, reason, "retry" if unresolved else "refused", reason)
        url, pinning, extensions = netguard.pinned(endpoint.url, addresses, allow_private=self.allow_private)
        headers = self._headers(endpoint, webhook_id, body) | pinning
        timeout = endpoint.timeout_s or self.timeout_s
        started = time.monotonic()
        retry_after = None
        try:
            with self._client.stream("POST", url, content=body, headers=headers, extensions=extensions,
                                     timeout=timeout) as response:
                snippet = _body_start(response, deadline=started + timeout)
            status, detail = response.status_code, snippet.decode("utf-8", "replace")
            verdict, reason = _classify(status)
            retry_after = netguard.retry_after(response.headers.get("retry-after"))
        except httpx.TimeoutException:
            status, verdict = None, "retry"
            detail = reason = f"timed out after {timeout:g} s"
        except httpx.TransportError as exc:
            status, verdict = None, "retry"
            detail = reason = f"connection failed: {exc}"
        latency = time.monotonic() - started
        WEBHOOK_ATTEMPTS.labels(endpoint.name, str(status) if status is not None else "error").inc()
        log.info("Webhook %s to endpoint %s, attempt %d: %s in %.0f ms.", webhook_id, endpoint.name, number,
                 status if status is not None else detail, latency * 1000)
        return Attempt(status, latency, detail, verdict, reason, retry_after)

    def _headers(self, endpoint: Endpoint, webhook_id: str, body: bytes) -> dict[str, str]:
        now = datetime.now(timezone.utc)
        headers = {"content-type": "application/json", "user-agent": USER_AGENT, "accept-encoding": "identity",
                   "webhook-id": webhook_id, "webhook-timestamp": str(int(now.timestamp()))}
        if endpoint.secret is not None:
            signer = Webhook(endpoint.secret.get_secret_value())
            headers["webhook-signature"] = signer.sign(webhook_id, now, body.decode("utf-8"))
        return headers


def _body_start(response: httpx.Response, *, deadline: float) -> bytes:
    """The start of the response body, read raw and only until the deadline (a trickle cannot hold us)."""
    if response.is_stream_consumed:  # a transport that hands over the whole body (e.g. MockTransport)
        return response.content[:_BODY_SNIPPET]
    snippet = b""
    for chunk in response.iter_raw():
        snippet += chunk
        if len(snippet) >= _BODY_SNIPPET or time.monotonic() > deadline:
            break
    return snippet[:_BODY_SNIPPET]


def _classify(status: int) -> tuple[Verdict, str]:
    """What an HTTP status means for a delivery, and how to say it."""
    text = f"{status} {_PHRASES.get(status, '')}".rstrip()
    if 200 <= status < 300:
        return "ok", text
    if status == 410:
        return "gone", "410 Gone: endpoint disabled"
    if 300 <= status < 400:
        return "fail", f"{text}: 3xx redirect is a failure"
    if status in (408, 429) or status >= 500:
        return "retry", text
    return "fail", f"{text}: permanent failure"
