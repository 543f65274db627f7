"""The feed poller against a real local HTTP server serving the real fixture feeds."""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone

import pytest

from newsmon import kafka_io
from newsmon.messages import FeedStatus, decode, encode
from producers.feeds.config import Feed
from producers.feeds.fetch import FeedFetcher, FetchLimits
from producers.feeds.poller import FeedPoller
from producers.feeds.service import status_reporter
from producers.feeds.state import FeedStateStore
from tests.integration.feed_server import FeedServer


@pytest.fixture
def server():
    srv = FeedServer()
    yield srv
    srv.close()


@pytest.fixture
def store(tmp_path):
    st = FeedStateStore(tmp_path / "feeds.sqlite")
    yield st
    st.close()


def statuses(settings) -> list[FeedStatus]:
    """Every FeedStatus on the status topic, in the order written (it has one partition)."""
    records = list(kafka_io.read_topic(settings, settings.topic_feed_status))
    assert all(r.key.decode() == decode(r.value, FeedStatus).id for r in records)  # keyed by feed name
    return [decode(r.value, FeedStatus) for r in records]


def make_poller(store, published, **limits):
    fetcher = FeedFetcher(limits=FetchLimits(**{"allow_private": True, "deadline_s": 5.0, **limits}))
    poller = FeedPoller(fetcher=fetcher, store=store, publish=lambda arts: published.extend(arts) or len(arts))
    return poller, fetcher


def test_first_poll_publishes_every_entry_then_304_and_a_restart_publishes_nothing(server, settings, tmp_path):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    url = server.serve_fixture("/bbc.xml", "bbc_world_2025-06-23.xml")
    feed = Feed(name="bbc-world", url=url, interval=60, tags=("world",))
    state_file = tmp_path / "state.sqlite"

    def run_poller():
        store = FeedStateStore(state_file)
        fetcher = FeedFetcher(limits=FetchLimits(allow_private=True))
        publisher = kafka_io.Publisher(settings)
        poller = FeedPoller(fetcher=fetcher, store=store, publish=lambda arts: publisher.wait(
            [publisher.send(settings.topic_raw, a.id, encode(a)) for a in arts]),
            report=status_reporter(publisher, settings))
        try:
            return poller.poll(feed, force=True), poller.poll(feed, force=True)
        finally:
            publisher.close()
            fetcher.close()
            store.close()

    first, second = run_poller()
    assert (first.status, first.published) == (200, 28)
    assert (second.status, second.published, second.not_modified) == (304, 0, True)
    assert server.hits("/bbc.xml")[1]["if-none-match"].startswith('"')
    records = [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_raw)]
    assert len(records) == 28 == len({r["id"] for r in records})
    assert all(r["source"] == "bbc-world" and r["source_kind"] == "feed" and r["tags"] == ["world"] for r in records)

    server.routes["/bbc.xml"].etag = False  # after the restart the server forgets ETags: seen ids must hold
    again, _ = run_poller()
    assert (again.status, again.published) == (200, 0)
    assert len(list(kafka_io.read_topic(settings, settings.topic_raw))) == 28

    reported = statuses(settings)  # one per poll: 200, 304, then after the restart (no ETags) 200 and 200
    assert [(s.id, s.last_status, s.new_items, s.polls, s.not_modified) for s in reported] == [
        ("bbc-world", 200, 28, 1, 0), ("bbc-world", 304, 0, 2, 1), ("bbc-world", 200, 0, 3, 1),
        ("bbc-world", 200, 0, 4, 1)]
    last = reported[-1]
    assert (last.url, last.tags, last.error_streak, last.last_error) == (url, ("world",), 0, None)
    assert last.last_success is not None and last.last_attempt <= last.last_success
    described = kafka_io.describe_topic(settings, settings.topic_feed_status)
    assert described["partitions"] == 1 and described["configs"].get("cleanup.policy") == "compact"


@pytest.mark.parametrize(
    ("fixture", "min_entries", "warns"),
    [
        ("bad_atom_xhtml_svg_intertwingly.atom", 20, False),
        ("bad_rss10_rdf_science.rdf", 69, False),
        ("bad_undeclared_latin1_uol_noticias.rss", 15, None),
        ("bad_windows1251_oren_ru.xml", 10, None),
        ("bad_truncated_cdata.xml", 0, True),
    ],
)
def test_each_bad_fixture_keeps_its_usable_entries_and_warns_once(server, store, caplog, fixture, min_entries, warns):
    published = []
    poller, fetcher = make_poller(store, published)
    feed = Feed(name=fixture, url=server.serve_fixture(f"/{fixture}", fixture, etag=False), interval=60)
    with caplog.at_level(logging.WARNING, logger="producers.feeds.poller"):
        first = poller.poll(feed, force=True)
        poller.poll(feed, force=True)
    fetcher.close()
    assert first.error is None and first.entries >= min_entries and len(published) == first.entries
    warnings = [r.getMessage() for r in caplog.records if "ill-formed" in r.getMessage()]
    if warns:
        assert len(warnings) == 1 and fixture in warnings[0]
    if warns is False:
        assert warnings == []
    if min_entries == 0:
        assert first.warning and "no entries" in first.warning


def test_a_500_backs_off_then_recovers(server, store):
    published = []
    poller, fetcher = make_poller(store, published)
    feed = Feed(name="flaky", url=server.serve_fixture("/flaky", "caravan_magazine_2016-06-14.xml", statuses=[500, 200]), interval=60)
    failed = poller.poll(feed, force=True)
    assert failed.error == "HTTP 500" and store.load(feed.url).error_streak == 1
    assert poller.poll(feed).skipped_until is not None  # backing off: no request
    assert len(server.hits("/flaky")) == 1
    ok = poller.poll(feed, force=True)
    fetcher.close()
    assert ok.published == 10 and store.load(feed.url).error_streak == 0


def test_429_with_retry_after_defers_the_next_poll(server, store):
    published = []
    poller, fetcher = make_poller(store, published)
    feed = Feed(name="busy", url=server.serve_fixture("/busy", "caravan_magazine_2016-06-14.xml", statuses=[429],
                                                        headers={"Retry-After": "600"}), interval=60)
    result = poller.poll(feed, force=True)
    fetcher.close()
    wait = (store.load(feed.url).next_poll_at - datetime.now(timezone.utc)).total_seconds()
    assert result.status == 429 and 590 <= wait <= 601


def test_a_slow_feed_ends_at_its_deadline(server, store):
    published = []
    poller, fetcher = make_poller(store, published, deadline_s=1.0, read_timeout_s=5.0)
    feed = Feed(name="slow", url=server.serve_fixture("/slow", "caravan_magazine_2016-06-14.xml", delay_s=3.0), interval=60)
    started = time.monotonic()
    result = poller.poll(feed, force=True)
    fetcher.close()
    assert result.error and time.monotonic() - started < 2.5 and published == []


def test_a_redirect_is_followed(server, store):
    published = []
    poller, fetcher = make_poller(store, published)
    server.serve_fixture("/new.xml", "caravan_magazine_2016-06-14.xml")
    server.routes["/old.xml"] = server.routes["/new.xml"].__class__(statuses=[301], headers={"Location": server.url("/new.xml")})
    result = poller.poll(Feed(name="moved", url=server.url("/old.xml"), interval=60), force=True)
    fetcher.close()
    assert result.published == 10 and len(server.hits("/new.xml")) == 1


def test_an_oversized_body_is_refused(server, store):
    published = []
    poller, fetcher = make_poller(store, published, max_bytes=64 * 1024)
    result = poller.poll(Feed(name="huge", url=server.serve_fixture("/huge", "thehindu_news_2016-06-14.xml"), interval=60), force=True)
    fetcher.close()
    assert result.error and "bytes" in result.error and published == []


def test_a_private_address_is_refused_without_a_connection(server, store):
    published = []
    poller, fetcher = make_poller(store, published, allow_private=False)
    result = poller.poll(Feed(name="inside", url=server.serve_fixture("/x", "caravan_magazine_2016-06-14.xml"), interval=60), force=True)
    fetcher.close()
    assert result.error and "unsafe" in result.error.lower() and server.hits("/x") == []


def test_a_slow_feed_does_not_hold_up_the_others_schedule(server, store):
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler

    published = []
    poller, fetcher = make_poller(store, published, deadline_s=10.0, read_timeout_s=10.0)
    slow = Feed(name="slow", url=server.serve_fixture("/slow", "caravan_magazine_2016-06-14.xml", delay_s=3.0, etag=False), interval=1)
    # Another host name for the same server: one host never gets two requests at once (test_hosts.py), so a slow
    # feed does hold up the other feeds of its own host; never those of another.
    fast = Feed(name="fast", url=server.serve_fixture("/fast", "guardian_world_2016-06-14.xml", etag=False).replace(
        "127.0.0.1", "localhost"), interval=1)
    scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(4)}, timezone="UTC")
    poller.schedule(scheduler, [slow, fast])
    scheduler.start()
    time.sleep(4.5)
    scheduler.shutdown(wait=True)
    fetcher.close()
    assert len(server.hits("/fast")) >= 3
    assert server.max_in_flight.get("/slow", 0) == 1  # max_instances=1: one poll of a feed at a time


def test_a_feed_ttl_lengthens_its_interval(server, store):
    published = []
    poller, fetcher = make_poller(store, published)
    feed = Feed(name="bbc", url=server.serve_fixture("/bbc", "bbc_world_2025-06-23.xml"), interval=60)  # <ttl>15</ttl>
    poller.poll(feed, force=True)
    skipped = poller.poll(feed)
    fetcher.close()
    wait = (store.load(feed.url).next_poll_at - datetime.now(timezone.utc)).total_seconds()
    assert 890 <= wait <= 900 and skipped.skipped_until is not None and len(server.hits("/bbc")) == 1


def test_feeds_check_prints_a_table_and_fails_on_a_broken_feed(server, tmp_path):
    import os
    import subprocess
    import sys

    good = server.serve_fixture("/caravan.xml", "caravan_magazine_2016-06-14.xml")
    big = server.serve_fixture("/big.xml", "guardian_world_2016-06-14.xml")  # over the cap set below: 200, an error
    server.routes["/down.xml"] = server.routes["/caravan.xml"].__class__(statuses=[503])
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - {{name: caravan, url: '{good}'}}\n  - {{name: down, url: '{server.url('/down.xml')}'}}\n"
                     f"  - {{name: big, url: '{big}'}}\n")
    size = len(server.routes["/caravan.xml"].body) + 1
    env = {**os.environ, "NEWSMON_FEED_ALLOW_PRIVATE": "true", "NEWSMON_FEED_MAX_BYTES": str(size)}
    result = subprocess.run([sys.executable, "-m", "newsmon.cli", "feeds", "check", str(feeds)], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["feed", "status", "items", "time", "problems"]
    assert any(line.split()[:3] == ["caravan", "200", "10"] for line in lines)
    assert any(line.split()[:2] == ["down", "503"] and "HTTP 503" in line for line in lines)
    assert any(line.split()[:2] == ["big", "200"] and "bytes" in line for line in lines)
    assert "3 feeds, 2 failing" in result.stdout  # every failed fetch counts, a refused body too


def test_poll_once_exits_1_when_a_feed_failed(server, settings, cli_env, tmp_path):
    import subprocess
    import sys

    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    good = server.serve_fixture("/caravan.xml", "caravan_magazine_2016-06-14.xml")
    server.routes["/down.xml"] = server.routes["/caravan.xml"].__class__(statuses=[503])
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - {{name: caravan, url: '{good}'}}\n  - {{name: down, url: '{server.url('/down.xml')}'}}\n")
    env = {**cli_env, "NEWSMON_FEED_ALLOW_PRIVATE": "true", "NEWSMON_FEED_STATE_PATH": str(tmp_path / "state.db")}
    result = subprocess.run([sys.executable, "-m", "newsmon.cli", "poll", "--once", "--feeds", str(feeds)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "2 polls, 10 articles published, 1 failed polls" in result.stdout
    reported = {s.id: s for s in statuses(settings)}
    assert (reported["caravan"].last_status, reported["caravan"].new_items, reported["caravan"].error_streak) == (200, 10, 0)
    down = reported["down"]
    assert (down.last_status, down.last_error, down.error_streak, down.new_items) == (503, "HTTP 503", 1, 0)
    assert down.last_success is None and down.next_poll_at is not None and down.url == server.url("/down.xml")
