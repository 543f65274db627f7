"""Fetch limits: body caps, gzip bombs, trickles, deadlines, per-host concurrency."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler

import pytest

from producers.feeds.fetch import USER_AGENT, FeedFetcher, FetchLimits
from tests.unit.producers.feeds.conftest import FEED, MB, FeedServer, make_fetcher, reply


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
