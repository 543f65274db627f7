"""FeedFetcher against a real HTTP server on 127.0.0.1, scripted per path (no outside network)."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from producers.feeds.fetch import Conditional, FeedFetcher, FetchLimits
from tests.unit.producers.feeds.conftest import FEED, reply


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
    assert result.error == ("unsafe URL: 127.0.0.1 is a loopback address (set NEWSMON_FEED_ALLOW_PRIVATE=true to "
                            "allow private addresses)") and result.status is None
    assert server.requests == []


