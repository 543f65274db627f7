"""FeedFetcher against a real HTTP server on 127.0.0.1, scripted per path (no outside network)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from email.message import Message
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from producers.feed_fetch import USER_AGENT, Conditional, FeedFetcher, FetchLimits

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


def test_etag_then_conditional_request_gets_304(server, fetcher):
    def route(h):
        if h.headers.get("If-None-Match") == '"v1"':
            reply(h, 304, ETag='"v1"')
        else:
            reply(h, 200, FEED, ETag='"v1"', Content_Type="application/rss+xml")
    server.routes["/feed"] = route

    first = fetcher.fetch(server.url("/feed"))
    assert (first.status, first.content, first.etag, first.error) == (200, FEED, '"v1"', None)
    assert first.content_type == "application/rss+xml" and not first.not_modified
    second = fetcher.fetch(server.url("/feed"), Conditional(etag=first.etag))
    assert (second.status, second.not_modified, second.content, second.error) == (304, True, None, None)
    assert second.etag == '"v1"'
    assert server.hits("/feed")[1]["If-None-Match"] == '"v1"'
    assert "If-None-Match" not in server.hits("/feed")[0]


def test_last_modified_round_trip(server, fetcher):
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"

    def route(h):
        if h.headers.get("If-Modified-Since") == stamp:
            reply(h, 304)  # no validators repeated: the ones sent stay current
        else:
            reply(h, 200, FEED, Last_Modified=stamp)
    server.routes["/feed"] = route

    first = fetcher.fetch(server.url("/feed"))
    assert first.last_modified == stamp and first.etag is None
    second = fetcher.fetch(server.url("/feed"), Conditional(last_modified=first.last_modified))
    assert second.not_modified and second.last_modified == stamp
    assert server.hits("/feed")[1]["If-Modified-Since"] == stamp


def test_server_error_is_reported_not_raised(server, fetcher):
    server.routes["/feed"] = lambda h: reply(h, 500, b"oops")
    result = fetcher.fetch(server.url("/feed"))
    assert (result.status, result.error, result.content, result.not_modified) == (500, "HTTP 500", None, False)


@pytest.mark.parametrize("status, header, expected", [
    (429, "7", 7.0),
    (503, "120", 120.0),
    (429, "soon", None),
    (503, "DATE", 60.0),
])
def test_retry_after(server, fetcher, status, header, expected):
    if header == "DATE":
        header = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=60), usegmt=True)
    server.routes["/feed"] = lambda h: reply(h, status, Retry_After=header)
    result = fetcher.fetch(server.url("/feed"))
    assert result.error == f"HTTP {status}"
    assert result.retry_after_s == pytest.approx(expected, abs=2) if expected else result.retry_after_s is None


@pytest.mark.parametrize("header, expected", [
    ("max-age=600", 600.0),
    ("public, s-maxage=60, max-age=600", 600.0),
    ('max-age="30"', 30.0),
    ("no-cache, max-age=600", None),
    ("no-store", None),
    (None, None),
])
def test_cache_control_max_age(server, fetcher, header, expected):
    extra = {"Cache_Control": header} if header else {}
    server.routes["/feed"] = lambda h: reply(h, 200, FEED, **extra)
    assert fetcher.fetch(server.url("/feed")).max_age_s == expected


def test_redirect_is_followed_to_final_url(server, fetcher):
    server.routes["/old"] = lambda h: reply(h, 302, Location="/moved")
    server.routes["/moved"] = lambda h: reply(h, 301, Location=server.url("/feed"))
    server.routes["/feed"] = lambda h: reply(h, 200, FEED)
    result = fetcher.fetch(server.url("/old"))
    assert (result.url, result.status, result.content, result.error) == (server.url("/feed"), 200, FEED, None)


def test_redirect_loop_stops_after_max_redirects(server, fetcher):
    server.routes["/loop"] = lambda h: reply(h, 302, Location="/loop")
    result = fetcher.fetch(server.url("/loop"))
    assert result.error == "too many redirects (5)" and result.status is None
    assert len(server.hits("/loop")) == 6  # the first request and 5 redirects followed


class _PublicToLocal(httpx.BaseTransport):
    """Delivers connections meant for the fake public address to the local server, like a NAT would."""

    def __init__(self, public: str, port: int) -> None:
        self.public, self.port, self.inner, self.hosts_seen = public, port, httpx.HTTPTransport(), []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts_seen.append(request.url.host)
        if request.url.host == self.public:
            request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def public_fetcher(server):
    """allow_private=False; feeds.example resolves to a public address that reaches the local server."""
    def resolve(host, port, *args, **kwargs):
        if host != "feeds.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
    transport = _PublicToLocal("93.184.216.34", server.port)
    client = httpx.Client(transport=transport)
    fetcher = FeedFetcher(limits=FetchLimits(deadline_s=5.0), client=client, resolve=resolve)
    yield fetcher, transport
    fetcher.close()
    client.close()


def test_public_redirects_connect_to_the_checked_address(server, public_fetcher):
    fetcher, transport = public_fetcher
    server.routes["/start"] = lambda h: reply(h, 302, Location=server.url("/feed", host="feeds.example"))
    server.routes["/feed"] = lambda h: reply(h, 200, FEED)
    result = fetcher.fetch(server.url("/start", host="feeds.example"))
    assert (result.status, result.error, result.url) == (200, None, server.url("/feed", host="feeds.example"))
    assert transport.hosts_seen == ["93.184.216.34", "93.184.216.34"]  # pinned to the resolved address
    assert server.hits("/feed")[0]["Host"] == f"feeds.example:{server.port}"


@pytest.mark.parametrize("target", ["http://127.0.0.1:{port}/canary", "http://[::ffff:127.0.0.1]:{port}/canary",
                                    "http://localhost:{port}/canary", "file:///etc/passwd"])
def test_redirect_to_loopback_is_refused(server, public_fetcher, target):
    fetcher, transport = public_fetcher
    server.routes["/start"] = lambda h: reply(h, 302, Location=target.format(port=server.port))
    server.routes["/canary"] = lambda h: reply(h, 200, b"secret")
    result = fetcher.fetch(server.url("/start", host="feeds.example"))
    assert result.error.startswith("unsafe URL: ") and result.content is None
    assert len(server.hits("/start")) == 1 and server.hits("/canary") == []
    assert transport.hosts_seen == ["93.184.216.34"]


def test_redirect_to_loopback_is_followed_when_private_allowed(server, fetcher):
    server.routes["/start"] = lambda h: reply(h, 302, Location=server.url("/canary"))
    server.routes["/canary"] = lambda h: reply(h, 200, FEED)
    assert fetcher.fetch(server.url("/start")).content == FEED
    assert len(server.hits("/canary")) == 1


def test_loopback_url_is_refused_without_connecting(server):
    server.routes["/feed"] = lambda h: reply(h, 200, FEED)
    guarded = FeedFetcher()
    try:
        result = guarded.fetch(server.url("/feed"))
    finally:
        guarded.close()
    assert result.error == "unsafe URL: 127.0.0.1 is a loopback address" and result.status is None
    assert server.requests == []


def test_declared_oversized_body_is_refused_early(server):
    server.routes["/big"] = lambda h: reply(h, 200, b"x" * (6 * MB))
    with_cap = make_fetcher(max_bytes=MB)
    try:
        result = with_cap.fetch(server.url("/big"))
    finally:
        with_cap.close()
    assert (result.status, result.content, result.error) == (200, None, f"body over {MB} bytes")
    assert result.elapsed_s < 2


def test_endless_body_is_cut_at_the_cap(server):
    sent = []

    def route(h):  # HTTP/1.0, no Content-Length: the body runs until the connection closes
        h.send_response(200)
        h.end_headers()
        for _ in range(3200):  # 200 MB if nobody stops it
            if server.stop.is_set():
                break
            h.wfile.write(b"y" * 65536)
            sent.append(65536)
    server.routes["/endless"] = route
    with_cap = make_fetcher(max_bytes=MB)
    try:
        result = with_cap.fetch(server.url("/endless"))
    finally:
        with_cap.close()
    assert result.error == f"body over {MB} bytes" and result.content is None
    time.sleep(0.3)  # let the server notice the hang-up
    assert sum(sent) < 40 * MB  # socket buffers hold a few MB; reading everything would be 200 MB


@pytest.mark.parametrize("coding, encode", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
])
def test_compressed_body_is_decoded(server, fetcher, coding, encode):
    server.routes["/feed"] = lambda h: reply(h, 200, encode(FEED), Content_Encoding=coding)
    result = fetcher.fetch(server.url("/feed"))
    assert (result.content, result.error) == (FEED, None)
    assert server.hits("/feed")[0]["Accept-Encoding"] == "gzip, deflate"


def test_gzip_bomb_is_stopped_with_little_memory(server):
    bomb = gzip.compress(b"\0" * (64 * MB), compresslevel=9)
    assert len(bomb) < 100_000
    server.routes["/bomb"] = lambda h: reply(h, 200, bomb, Content_Encoding="gzip")
    with_cap = make_fetcher(max_bytes=MB)
    tracemalloc.start()
    try:
        result = with_cap.fetch(server.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        with_cap.close()
    assert result.error == f"body over {MB} bytes" and result.content is None
    assert peak < 8 * MB


def test_unsupported_content_encoding_is_an_error(server, fetcher):
    server.routes["/feed"] = lambda h: reply(h, 200, b"\x1b\x00", Content_Encoding="br")
    assert fetcher.fetch(server.url("/feed")).error == "unsupported content-encoding 'br'"


def _trickle(server: FeedServer, h: BaseHTTPRequestHandler, data: bytes, every_s: float) -> None:
    for byte in data:
        if server.stop.wait(every_s):
            return
        h.wfile.write(bytes([byte]))


@pytest.mark.parametrize("where", ["body", "headers"])
def test_trickle_ends_at_the_deadline(server, where):
    def route(h):
        if where == "body":
            h.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\n")
            _trickle(server, h, b"z" * 100, 0.2)
        else:
            _trickle(server, h, b"HTTP/1.0 200 OK\r\nX-Slow: " + b"a" * 100, 0.2)
    server.routes["/slow"] = route
    slow = make_fetcher(deadline_s=1.0)
    try:
        started = time.monotonic()
        result = slow.fetch(server.url("/slow"))
        took = time.monotonic() - started
    finally:
        slow.close()
    assert result.error == "timeout after 1 s deadline" and result.content is None
    assert 0.9 < took < 1.5


def test_connection_refused():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = make_fetcher()
    try:
        result = closed.fetch(f"http://127.0.0.1:{port}/feed")
    finally:
        closed.close()
    assert (result.status, result.error) == (None, "connection refused")


def test_per_host_limit_bounds_requests_in_flight(server):
    in_flight, peak = [0], [0]

    def route(h):
        with server.lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        server.stop.wait(0.4)
        with server.lock:
            in_flight[0] -= 1
        reply(h, 200, FEED)
    server.routes["/slow"] = route
    limited = FeedFetcher(limits=FetchLimits(allow_private=True, deadline_s=5.0), per_host_limit=2)
    results = []
    try:
        threads = [threading.Thread(target=lambda: results.append(limited.fetch(server.url("/slow"))))
                   for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        limited.close()
    assert [r.error for r in results] == [None] * 4
    assert peak[0] == 2


def test_request_names_newsmon_and_asks_for_feeds(server, fetcher):
    server.routes["/feed"] = lambda h: reply(h, 200, FEED)
    fetcher.fetch(server.url("/feed"))
    headers = server.hits("/feed")[0]
    assert headers["User-Agent"] == USER_AGENT and "newsmon" in headers["User-Agent"]
    assert "application/rss+xml" in headers["Accept"] and "application/atom+xml" in headers["Accept"]
