"""A scripted feed server on 127.0.0.1 and fetchers with small limits, for the fetch tests."""

from __future__ import annotations

import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from producers.feeds.fetch import FeedFetcher, FetchLimits

MB = 1024 * 1024
FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        app: FeedServer = self.server.app  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        with app.lock:
            app.requests.append((path, self.headers))  # an email Message: names match in any case
        try:
            app.routes.get(path, lambda h: reply(h, 404))(self)
        except OSError:  # the client hung up, as it should on oversized or slow answers
            pass

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close joins the handler threads: nothing outlives a test

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up mid-request is part of these tests


class FeedServer:
    """A local HTTP server; routes map a path to a function of the request handler."""

    def __init__(self) -> None:
        self.routes: dict = {}
        self.requests: list[tuple[str, Message]] = []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.app = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[Message]:
        with self.lock:
            return [headers for seen, headers in self.requests if seen == path]

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def reply(h: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    h.send_response(status)
    for name, value in {"Content-Length": str(len(body)), **headers}.items():
        h.send_header(name.replace("_", "-"), value)
    h.end_headers()
    h.wfile.write(body)


@pytest.fixture
def server():
    srv = FeedServer()
    yield srv
    srv.close()


def make_fetcher(**limits) -> FeedFetcher:
    return FeedFetcher(limits=FetchLimits(**{"allow_private": True, "deadline_s": 5.0, **limits}))


@pytest.fixture
def fetcher():
    f = make_fetcher()
    yield f
    f.close()


