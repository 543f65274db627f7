"""A local webhook receiver that prints the alerts it gets: `newsmon sink` (for the quickstart and tests)."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

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
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="webhook-sink", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "WebhookSink":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def distinct_ids(self) -> set[str]:
        with self._lock:
            return {r.webhook_id for r in self.received}

    def _record(self, headers: dict[str, str], body: bytes) -> None:
        verified = None
        if self.secret:
            try:
                Webhook(self.secret).verify(body, headers)
                verified = True
            except WebhookVerificationError:
                verified = False
        webhook_id = headers.get("webhook-id", "?")
        with self._lock:
            duplicate = any(r.webhook_id == webhook_id for r in self.received)
            self.received.append(Received(webhook_id, headers, body, verified))
        self.on_alert(describe(webhook_id, body, verified=verified, duplicate=duplicate))

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
    if "rule_id" not in alert:
        return f"webhook {webhook_id}: {alert.get('text', '')[:120]} ({signature})"
    event = alert.get("event") or {}
    facts = ", ".join(f"{event[k]} {k}" for k in ("killed", "injured") if event.get(k) is not None)
    title = (alert.get("articles") or [{}])[-1].get("title")
    actors = ",".join(a["id"] for a in alert.get("actors", []))
    return (f"ALERT [{alert.get('severity')}] rule={alert['rule_id']} story={alert.get('story_id', '')[:12]} "
            f"rev={alert.get('revision')} actors={actors}{' ' + facts if facts else ''} :: {title} "
            f"({signature}{', duplicate delivery' if duplicate else ''})")
