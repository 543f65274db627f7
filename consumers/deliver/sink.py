"""A local webhook receiver that prints the alerts it gets: `newsmon sink` (for the quickstart and tests)."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Callable

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from newsmon.http_thread import ThreadedHTTPServer

log = logging.getLogger(__name__)


@dataclass
class Received:
    """One request the sink received."""

    webhook_id: str
    headers: dict[str, str]
    body: bytes
    verified: bool | None


@dataclass
class WebhookSink:
    """Receives webhooks on 127.0.0.1, verifies their signatures, dedupes by webhook-id."""

    port: int = 0
    secret: str | None = None
    on_alert: Callable[[str], None] = print
    on_request: Callable[[Received], None] | None = None  # e.g. to time each arrival
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: set[str] = set()
        self._server = ThreadedHTTPServer(self._handler(), port=self.port, name="webhook-sink")
        self.port = self._server.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "WebhookSink":
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def distinct_ids(self) -> set[str]:
        with self._lock:
            return set(self._seen)

    def _record(self, headers: dict[str, str], body: bytes) -> None:
        verified = None
        if self.secret:
            try:
                Webhook(self.secret).verify(body, headers)
                verified = True
            except WebhookVerificationError:
                verified = False
        webhook_id = headers.get("webhook-id", "?")
        received = Received(webhook_id, headers, body, verified)
        with self._lock:
            duplicate = webhook_id in self._seen
            self._seen.add(webhook_id)
            self.received.append(received)
        if self.on_request is not None:
            self.on_request(received)
        line = describe(webhook_id, body, verified=verified, duplicate=duplicate)
        with self._lock:  # one whole line at a time, whatever thread received it
            self.on_alert(line)

    def _handler(self):
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                sink._record({k.lower(): v for k, v in self.headers.items()}, body)
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args) -> None:  # noqa: A002 - silence the default stderr log
                log.debug(format, *args)

        return Handler


def describe(webhook_id: str, body: bytes, *, verified: bool | None, duplicate: bool = False) -> str:
    """One printed line per received alert."""
    try:
        alert = json.loads(body)
    except ValueError:
        return f"webhook {webhook_id}: {len(body)} bytes, not JSON"
    signature = {True: "signature ok", False: "SIGNATURE INVALID", None: "unsigned check"}[verified]
    if "rules" not in alert:
        return f"webhook {webhook_id}: {alert.get('text', '')[:120]} ({signature})"
    event, place = alert.get("event") or {}, alert.get("place") or {}
    facts = ", ".join(f"{event[k]} {k}" for k in ("killed", "injured") if event.get(k) is not None)
    where = ", ".join(x for x in (place.get("name"), place.get("admin1"), place.get("country")) if x)
    what = (event.get("type") or "event").replace("-", " ") + (f" in {where}" if where else "") + (f" ({facts})" if facts else "")
    rules = ",".join(r.get("id", "?") for r in alert.get("rules", []))
    changes = "; ".join(alert.get("changes") or [])
    return (f"ALERT [{alert.get('severity')}] story={alert.get('story_id', '')[:12]} rev={alert.get('revision')} "
            f"rules={rules} :: {alert.get('headline')} :: {what} [{changes}] "
            f"({signature}{', duplicate delivery' if duplicate else ''})")
