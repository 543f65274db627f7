"""/healthz (alive), /readyz (ready to work) and /metrics (Prometheus) for one service, on a side thread."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler
from typing import Callable

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from newsmon.http_thread import ThreadedHTTPServer

log = logging.getLogger(__name__)

Readiness = Callable[[], tuple[bool, str]]


class HealthServer:
    """Serves the three endpoints until stopped; readiness is asked of the service on each request."""

    def __init__(self, *, host: str, port: int, ready: Readiness) -> None:
        self._ready = ready
        self._server = ThreadedHTTPServer(self._handler(), host=host, port=port, name="health")
        self.port = self._server.port

    def start(self) -> "HealthServer":
        self._server.start()
        log.info("Health and metrics are served on port %d (/healthz, /readyz, /metrics).", self.port)
        return self

    def stop(self) -> None:
        self._server.stop()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                if self.path == "/healthz":
                    self._reply(200, b"ok\n", "text/plain")
                elif self.path == "/readyz":
                    ok, reason = server._ready()
                    self._reply(200 if ok else 503, (reason + "\n").encode(), "text/plain")
                elif self.path == "/metrics":
                    self._reply(200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)
                else:
                    self._reply(404, b"not found\n", "text/plain")

            def _reply(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args) -> None:  # noqa: A002 - keep probes out of the log
                log.debug(format, *args)

        return Handler


def maybe_serve(settings, ready: Readiness) -> HealthServer | None:
    """Start the endpoints when NEWSMON_HEALTH_PORT is set."""
    if settings.health_port is None:
        return None
    return HealthServer(host=settings.health_host, port=settings.health_port, ready=ready).start()
