"""A real HTTP receiver on 127.0.0.1 whose answers are scripted per path."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Callable

from newsmon.http_thread import ThreadedHTTPServer


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    status: int = 0  # what the receiver answered


@dataclass
class Receiver:
    """script[path] is a list of (status, headers, delay_s); the last entry repeats. `answer`, when set, decides
    instead: answer(path) -> (status, headers, delay_s), e.g. by the time of the request."""

    script: dict[str, list[tuple[int, dict[str, str], float]]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    answer: Callable[[str], tuple[int, dict[str, str], float]] | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        self._server = ThreadedHTTPServer(self._handler()).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.port}{path}"

    def hits_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def close(self) -> None:
        self._server.stop()

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                with receiver._lock:
                    steps = receiver.script.get(self.path, [(200, {}, 0.0)])
                    n = receiver._served.get(self.path, 0)
                    receiver._served[self.path] = n + 1
                    status, headers, delay = (receiver.answer(self.path) if receiver.answer
                                              else steps[min(n, len(steps) - 1)])
                    receiver.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, body,
                                             time.monotonic(), status))
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("content-length", "0")
                    self.end_headers()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format, *args) -> None:  # noqa: A002
                pass

        return Handler
