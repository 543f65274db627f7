"""Fuzz: fetch -> parse over real HTTP with mutated real feeds, odd content types and broken compression.

The server answers each example's bytes; the fetcher must return content or one error, never raise, and what it
returns must parse into valid articles. Seeded with the real feed fixtures; derandomised for CI.
"""

from __future__ import annotations

import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmon.messages import RawArticle, decode, encode
from producers.feeds.parse import FeedConfig, parse_feed
from tests.unit.producers.feeds.conftest import FeedServer, make_fetcher, reply
from tests.unit.producers.test_fuzz_inputs import FEEDS, mutated

CONFIG = FeedConfig("fuzz", "http://127.0.0.1/feed.xml", (), None)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated(FEEDS), st.sampled_from(["application/rss+xml", "text/xml; charset=utf-16", "text/html", "", None]),
       st.sampled_from(["plain", "gzip", "broken-gzip"]))
def test_any_answer_is_content_or_one_error_and_parses(server_and_fetcher, body, content_type, encoding):
    server, fetcher = server_and_fetcher
    headers = {} if content_type is None else {"Content-Type": content_type}
    if encoding != "plain":
        body = gzip.compress(body)
        body = body[: len(body) // 2] if encoding == "broken-gzip" else body
        headers["Content-Encoding"] = "gzip"
    server.routes["/feed.xml"] = lambda h: reply(h, 200, body, **headers)
    result = fetcher.fetch(server.url("/feed.xml"))
    assert (result.content is None) == bool(result.error)
    if result.content is not None:
        parsed = parse_feed(result.content, feed=CONFIG, content_type=result.content_type, fetched_url=result.url)
        assert all(decode(encode(a), RawArticle) == a for a in parsed.articles)


@pytest.fixture(scope="module")
def server_and_fetcher():
    server, fetcher = FeedServer(), make_fetcher()
    yield server, fetcher
    fetcher.close()
    server.close()
