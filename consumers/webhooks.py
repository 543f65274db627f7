"""Webhook delivery of alerts: Standard Webhooks signatures, bounded retries, one thread per endpoint.

Only 2xx is success. 3xx fails (redirects are never followed); 410 disables the endpoint for the rest of
the process; 408, 429, 5xx, timeouts and connection errors are retried with jitter, honouring Retry-After;
other 4xx and unsafe URLs fail at once. Every attempt carries the same body and webhook-id (the alert id).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import random
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import Literal, Mapping, Sequence
from urllib.parse import urlsplit

import httpx
import pydantic
import yaml
from standardwebhooks.webhooks import Webhook

from newsmon import netguard
from newsmon.metrics import WEBHOOK_ATTEMPTS
from newsmon.errors import ConfigError
from newsmon.messages import Alert, encode

log = logging.getLogger(__name__)

USER_AGENT = "newsmon/0.1 (+webhooks)"
_BODY_SNIPPET = 1024  # bytes of a response body kept for logs and `alerts test`
_PHRASES = {s.value: s.phrase for s in HTTPStatus}


@dataclass(frozen=True)
class Endpoint:
    """One webhook receiver from the endpoints file."""

    name: str
    url: str
    format: Literal["json", "slack"] = "json"
    secret: pydantic.SecretStr | None = None
    timeout_s: float | None = None


class _Entry(pydantic.BaseModel):
    """One entry of the endpoints file as written; secrets are named by source, never inline."""

    model_config = pydantic.ConfigDict(extra="forbid", strict=True)
    name: str = pydantic.Field(min_length=1)
    url: str
    format: Literal["json", "slack"] = "json"
    secret_env: str | None = None
    secret_file: str | None = None
    timeout_s: float | None = pydantic.Field(None, gt=0)


def load_endpoints(path: Path, *, env: Mapping[str, str] = os.environ) -> dict[str, Endpoint]:
    """Read the endpoints YAML; errors name the file, endpoint and secret source, never the secret."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read endpoints file: {exc.strerror}") from exc
    except yaml.YAMLError as exc:  # its message quotes the line, which may hold a secret
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{path}: invalid YAML" + (f" at line {mark.line + 1}" if mark else "")) from None
    entries = data.get("endpoints") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a mapping with an 'endpoints' list")
    endpoints: dict[str, Endpoint] = {}
    for number, raw in enumerate(entries, 1):
        name = raw.get("name") if isinstance(raw, dict) else None
        label = f"{path}: endpoint {name!r}" if isinstance(name, str) and name else f"{path}: endpoint #{number}"
        try:
            entry = _Entry.model_validate(raw)
        except pydantic.ValidationError as exc:  # its message quotes the input: say only where and what
            first = exc.errors()[0]
            hint = "; put secrets in secret_env or secret_file" if first["loc"] == ("secret",) else ""
            where = ".".join(map(str, first["loc"])) or "entry"
            raise ConfigError(f"{label}: {where}: {first['msg']}{hint}") from None
        parts = urlsplit(entry.url)
        if parts.scheme not in netguard.ALLOWED_SCHEMES or not parts.hostname:
            raise ConfigError(f"{label}: url must be an http or https URL with a host")
        secret = _secret(label, path, entry, env)
        if secret is None and entry.format == "json":
            raise ConfigError(f"{label}: json endpoints need secret_env or secret_file to sign with")
        if entry.name in endpoints:
            raise ConfigError(f"{label}: name used twice")
        endpoints[entry.name] = Endpoint(entry.name, entry.url, entry.format, secret, entry.timeout_s)
    return endpoints


def _secret(label: str, path: Path, entry: _Entry, env: Mapping[str, str]) -> pydantic.SecretStr | None:
    if entry.secret_env and entry.secret_file:
        raise ConfigError(f"{label}: give secret_env or secret_file, not both")
    if not (entry.secret_env or entry.secret_file):
        return None
    if entry.secret_env:
        source, value = f"environment variable {entry.secret_env}", env.get(entry.secret_env, "")
    else:
        source, file = f"secret file {path.parent / entry.secret_file}", path.parent / entry.secret_file
        try:
            value = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or "not UTF-8"
            raise ConfigError(f"{label}: cannot read {source}: {why}") from None
    key = (value := value.strip()).removeprefix("whsec_")
    try:
        key_bytes = len(base64.b64decode(key + "=" * (-len(key) % 4), validate=True))
    except ValueError:
        key_bytes = 0
    if not value.startswith("whsec_") or key_bytes < 24:
        problem = "is not set" if not value else "must hold 'whsec_' + base64 of at least 24 random bytes"
        raise ConfigError(f"{label}: {source} {problem}")
    return pydantic.SecretStr(value)


def render_payload(alert: Alert, fmt: str) -> bytes:
    """The exact body bytes for an endpoint format: the Alert JSON, or a Slack message."""
    if fmt == "json":
        return encode(alert)
    if fmt == "slack":
        return json.dumps(_slack(alert), ensure_ascii=False).encode("utf-8")
    raise ValueError(f"unknown payload format {fmt!r}")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _slack(alert: Alert) -> dict:
    more = f" (+{len(alert.articles) - 1} more)" if len(alert.articles) > 1 else ""
    text = f"[{alert.severity.upper()}] {alert.rule_name}: {alert.articles[0].title}{more}"
    links = [f"• <{_esc(a.url)}|{_esc(a.title)}>" if a.url else f"• {_esc(a.title)}" for a in alert.articles[:10]]
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": f"{alert.rule_name} ({alert.severity})"[:150]}},
        _section(f"*Rule:* {_esc(alert.rule_name)} (`{alert.rule_id}`)\n*Severity:* {alert.severity}\n"
                 f"*Reason:* {_esc(alert.reason)}"),
        _section("*Articles:*\n" + "\n".join(links)),
    ]
    if alert.actors:
        actors = ", ".join(f"{_esc(a.name)} ({a.kind}, {a.mentions}x)" for a in alert.actors)
        blocks.append(_section(f"*Actors:* {actors}"))
    if facts := alert.event.model_dump(exclude_none=True):  # type, killed, injured (casualties), date
        blocks.append(_section("*Event:* " + ", ".join(f"{k}: {_esc(str(v))}" for k, v in facts.items())))
    context = f"story {alert.story_id} rev {alert.revision} · webhook-id {alert.id}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return {"text": text, "blocks": blocks}


@dataclass(frozen=True)
class DeliveryOutcome:
    """What happened to one alert at one endpoint."""

    endpoint: str
    webhook_id: str
    delivered: bool
    attempts: int
    status_code: int | None
    reason: str


@dataclass(frozen=True)
class _Try:
    status: int | None
    latency_s: float
    detail: str  # the start of the response body, or what went wrong
    verdict: Literal["ok", "retry", "fail", "gone", "refused"]
    reason: str  # a short description for DeliveryOutcome.reason
    retry_after_s: float | None = None


class WebhookSender:
    """Signs and delivers alerts to endpoints, concurrently, with bounded retries."""

    def __init__(self, endpoints: dict[str, Endpoint], *, timeout_s: float = 10.0,
                 retry_delays_s: Sequence[float] = (1.0, 5.0, 30.0, 120.0), max_retry_after_s: float = 300.0,
                 allow_private: bool = False, client: httpx.Client | None = None, sleep=time.sleep,
                 jitter=random.uniform, resolve=socket.getaddrinfo) -> None:
        self.endpoints, self.timeout_s, self.allow_private = dict(endpoints), timeout_s, allow_private
        self.retry_delays_s, self.max_retry_after_s = tuple(retry_delays_s), max_retry_after_s
        self.disabled: set[str] = set()  # answered 410: skipped for the rest of this process
        self._own_client = client is None
        self._client = client or httpx.Client(follow_redirects=False, timeout=httpx.Timeout(timeout_s))
        self._sleep, self._jitter, self._resolve = sleep, jitter, resolve

    def __enter__(self) -> "WebhookSender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this sender made it."""
        if self._own_client:
            self._client.close()

    def deliver(self, alert: Alert, destinations: Sequence[str] = ()) -> list[DeliveryOutcome]:
        """Deliver alert to the named endpoints (all when none are named), each in its own thread."""
        names = list(dict.fromkeys(destinations or self.endpoints))
        outcomes: dict[str, DeliveryOutcome] = {}
        for name in names:
            if name not in self.endpoints or name in self.disabled:
                why = "unknown endpoint" if name not in self.endpoints else "endpoint disabled earlier (410)"
                outcomes[name] = DeliveryOutcome(name, alert.id, False, 0, None, why)
        work = [self.endpoints[name] for name in names if name not in outcomes]
        if work:
            bodies = {fmt: render_payload(alert, fmt) for fmt in {e.format for e in work}}  # same bytes every try
            with ThreadPoolExecutor(max_workers=len(work), thread_name_prefix="webhook") as pool:
                futures = {e.name: pool.submit(self._deliver_one, e, alert.id, bodies[e.format]) for e in work}
            outcomes.update((name, future.result()) for name, future in futures.items())
        return [outcomes[name] for name in names]

    def send_once(self, endpoint: Endpoint, alert: Alert) -> tuple[int | None, float, str]:
        """One signed attempt, no retries: (HTTP status or None, latency in seconds, body start or error)."""
        result = self._attempt(endpoint, alert.id, render_payload(alert, endpoint.format), 1)
        return result.status, result.latency_s, result.detail

    def _deliver_one(self, endpoint: Endpoint, webhook_id: str, body: bytes) -> DeliveryOutcome:
        attempt, status, reason, delivered = 0, None, "", False
        try:
            while True:
                attempt += 1
                result = self._attempt(endpoint, webhook_id, body, attempt)
                status, reason, delivered = result.status, result.reason, result.verdict == "ok"
                if result.verdict != "retry":
                    break
                if attempt > len(self.retry_delays_s):
                    reason = f"gave up after {attempt} attempts: {reason}"
                    break
                if (result.retry_after_s or 0.0) > self.max_retry_after_s:
                    limit = f"{result.retry_after_s:.0f} s > {self.max_retry_after_s:.0f} s"
                    reason = f"gave up: Retry-After {limit}: {reason}"
                    break
                delay = max(self.retry_delays_s[attempt - 1] * self._jitter(0.8, 1.2), result.retry_after_s or 0.0)
                log.info("Retrying webhook %s to endpoint %s in %.2f s.", webhook_id, endpoint.name, delay)
                self._sleep(delay)
            if result.verdict == "gone":
                self.disabled.add(endpoint.name)
                log.warning("Endpoint %s answered 410 Gone; disabled for the rest of this run.", endpoint.name)
            attempts = attempt - 1 if result.verdict == "refused" else attempt  # refused: nothing was sent
        except Exception as exc:  # one endpoint's bug must not take the others down
            log.exception("Webhook %s to endpoint %s failed unexpectedly.", webhook_id, endpoint.name)
            attempts, status, reason, delivered = attempt, None, f"internal error: {type(exc).__name__}", False
        if not delivered:
            log.error("Webhook %s to endpoint %s was not delivered: %s.", webhook_id, endpoint.name, reason)
        return DeliveryOutcome(endpoint.name, webhook_id, delivered, attempts, status, reason)

    def _attempt(self, endpoint: Endpoint, webhook_id: str, body: bytes, attempt: int) -> _Try:
        try:
            addresses = netguard.check_url(endpoint.url, allow_private=self.allow_private, resolve=self._resolve)
        except netguard.UnsafeURL as exc:
            unresolved = isinstance(exc, netguard.UnresolvableHost)  # may resolve later: retried
            reason = exc.reason if unresolved else f"unsafe URL: {exc.reason}"
            WEBHOOK_ATTEMPTS.labels(endpoint.name, "refused" if not unresolved else "unresolved").inc()
            log.warning("Webhook %s to endpoint %s, attempt %d, not sent: %s.",
                        webhook_id, endpoint.name, attempt, reason)
            return _Try(None, 0.0, reason, "retry" if unresolved else "refused", reason)
        url, headers, extensions = httpx.URL(endpoint.url), self._headers(endpoint, webhook_id, body), {}
        if not self.allow_private:  # connect to the address just checked, so DNS cannot change it under us
            headers.update({"host": url.netloc.decode("ascii"), "connection": "close"})
            if url.scheme == "https":
                extensions["sni_hostname"] = url.raw_host.decode("ascii")
            url = url.copy_with(host=addresses[0])
        timeout = endpoint.timeout_s or self.timeout_s
        started = time.monotonic()
        try:
            with self._client.stream("POST", url, content=body, headers=headers, extensions=extensions,
                                     timeout=timeout) as response:
                snippet = _body_start(response, deadline=started + timeout)
            status, detail = response.status_code, snippet.decode("utf-8", "replace")
            verdict, reason = _classify(status)
            retry_after = _retry_after(response.headers.get("retry-after"))
        except httpx.TimeoutException:
            status, detail, verdict, retry_after = None, f"timed out after {timeout:g} s", "retry", None
        except httpx.TransportError as exc:
            status, detail, verdict, retry_after = None, f"connection failed: {exc}", "retry", None
        latency = time.monotonic() - started
        WEBHOOK_ATTEMPTS.labels(endpoint.name, str(status) if status is not None else "error").inc()
        log.info("Webhook %s to endpoint %s, attempt %d: %s in %.0f ms.", webhook_id, endpoint.name, attempt,
                 status if status is not None else detail, latency * 1000)
        return _Try(status, latency, detail, verdict, reason if status is not None else detail, retry_after)

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


def _classify(status: int) -> tuple[Literal["ok", "retry", "fail", "gone"], str]:
    """What an HTTP status means for a delivery, and how to say it."""
    text = f"{status} {_PHRASES.get(status, '')}".rstrip()
    if 200 <= status < 300:
        return "ok", text
    if status == 410:
        return "gone", "410 Gone: endpoint disabled"
    if 300 <= status < 400:
        return "fail", f"{text}: 3xx redirect is a failure"
    if status in (408, 429) or status >= 500:
        return "retry", str(status)
    return "fail", f"{text}: permanent failure"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or invalid."""
    if not value or value.strip().isdigit():
        return float(value) if value else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
