"""A real HTTP server on 127.0.0.1 that serves feed fixtures with ETag support and scripted faults."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from newsmon.http_thread import ThreadedHTTPServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


@dataclass
class Route:
    """How one path answers: a fixture body, or a scripted status list (the last one repeats)."""

    body: bytes = b""
    content_type: str = "application/rss+xml"
    statuses: list[int] = field(default_factory=lambda: [200])
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    etag: bool = True


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._count: dict[str, int] = {}
        self.in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}
        self._server = ThreadedHTTPServer(self._handler()).start()

    def serve_fixture(self, path: str, name: str, **route) -> str:
        self.routes[path] = Route(body=(FIXTURES / name).read_bytes(), **route)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.port}{path}"

    def hits(self, path: str) -> list[dict[str, str]]:
        with self._lock:
            return [headers for p, headers, _ in self.requests if p == path]

    def close(self) -> None:
        self._server.stop()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                route = server.routes.get(self.path)
                with server._lock:
                    server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
                    n = server._count.get(self.path, 0)
                    server._count[self.path] = n + 1
                    server.in_flight[self.path] = server.in_flight.get(self.path, 0) + 1
                    server.max_in_flight[self.path] = max(server.max_in_flight.get(self.path, 0), server.in_flight[self.path])
                try:
                    self._answer(route, n)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server._lock:
                        server.in_flight[self.path] -= 1

            def _answer(self, route: Route | None, n: int) -> None:
                if route is None:
                    self._send(404, b"", {})
                    return
                if route.delay_s:
                    time.sleep(route.delay_s)
                status = route.statuses[min(n, len(route.statuses) - 1)]
                headers = dict(route.headers)
                if status != 200:
                    self._send(status, b"", headers)
                    return
                etag = '"' + hashlib.sha1(route.body).hexdigest() + '"'
                if route.etag:
                    headers["ETag"] = etag
                    if self.headers.get("If-None-Match") == etag:
                        self._send(304, b"", headers)
                        return
                headers["Content-Type"] = route.content_type
                self._send(200, route.body, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, format, *args) -> None:  # noqa: A002
                pass

        return Handler
