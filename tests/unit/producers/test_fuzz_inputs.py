"""Fuzz: no mutation of a real feed or saved page makes parsing, segmenting or normalising fail.

Seeded with the real feed fixtures (some broken on purpose) and the seed pages; hypothesis cuts, flips,
inserts and repeats bytes. Whatever comes in, the parser returns a ParsedFeed whose articles are valid messages
that survive the wire, the segmenter returns drafts or nothing, and an article is cut to the largest size.
derandomize=True: the same examples on every run, so CI is repeatable.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmon.arabic_script import normalize
from newsmon.messages import RawArticle, decode, encode
from newsmon.sizes import fit_article
from producers.feeds.parse import FeedConfig, parse_feed
from producers.replay.segment import segment_page
from tests.conftest import ROOT, SEEDS

FEEDS = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures" / "feeds").iterdir()) if p.stat().st_size < 100_000]
PAGES = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
CONFIG = FeedConfig("fuzz", "https://example.org/feed.xml", ("fuzz",), None)
FUZZ = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw, corpus: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(corpus)))
    for op, at, junk in draw(st.lists(st.tuples(st.sampled_from(["cut", "flip", "insert", "repeat"]),
                                                st.integers(0, max(len(data) - 1, 0)), st.binary(max_size=48)),
                                      max_size=5)):
        at = min(at, len(data))
        if op == "cut":
            del data[at:]
        elif op == "flip" and at < len(data):
            data[at] ^= 0xFF
        elif op == "insert":
            data[at:at] = junk
        elif op == "repeat":
            data[at:at] = data[at:at + 4096]
    return bytes(data)


@FUZZ
@given(mutated(FEEDS), st.sampled_from([None, "application/rss+xml", "text/xml; charset=iso-8859-1", "text/html"]))
def test_any_mutated_feed_parses_to_valid_articles(data, content_type):
    parsed = parse_feed(data, feed=CONFIG, content_type=content_type, fetched_url=CONFIG.url)
    for article in parsed.articles:
        assert article.title.strip()
        again = decode(encode(article), RawArticle)
        assert again == article
        fitted = fit_article(article, max_chars=2_000)
        assert len(fitted.title) + len(fitted.summary) + len(fitted.body) <= 2_000 + 1_000


@FUZZ
@given(mutated(PAGES))
def test_any_mutated_page_segments_into_drafts_or_nothing(data):
    text = data.decode("utf-8", errors="replace")
    for draft in segment_page(text):
        assert draft.title.strip()
        unified = normalize(draft.body)
        assert unified.original == draft.body and len(unified.original_span(0, len(unified.text))) <= len(draft.body)
