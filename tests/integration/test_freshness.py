"""Freshness against real local servers and the real broker: adaptive jobs on APScheduler, the times and intervals
on the raw and status topics, and `newsmon poll` with WebSub (subscribe, verified, a push in Kafka at once)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from newsmon import kafka_io
from newsmon.broker import free_port
from newsmon.messages import FeedStatus, RawArticle, decode, encode
from producers.feeds.config import Feed
from producers.feeds.fetch import FeedFetcher, FetchLimits
from producers.feeds.poller import FeedPoller
from producers.feeds.rhythm import PollPolicy
from producers.feeds.service import status_reporter
from producers.feeds.state import FeedStateStore
from tests.integration.feed_server import FeedServer, Route
from tests.unit.producers.feeds.websub_hub import Hub


def rss(times: list[datetime], *, hub: str = "", topic: str = "") -> bytes:
    links = f'<atom:link rel="hub" href="{hub}"/><atom:link rel="self" href="{topic}"/>' if hub else ""
    items = "".join(f"<item><title>Item {t.timestamp():.3f}</title><guid>{t.timestamp():.3f}</guid>"
                    f"<pubDate>{format_datetime(t)}</pubDate></item>" for t in reversed(times[-20:]))
    return (f"<rss version='2.0' xmlns:atom='http://www.w3.org/2005/Atom'><channel><title>Live</title>{links}"
            f"{items}</channel></rss>").encode()


@pytest.fixture
def server():
    srv = FeedServer()
    yield srv
    srv.close()


def test_adaptive_jobs_poll_a_busy_feed_often_and_a_still_one_rarely(server, tmp_path):
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler

    now = datetime.now(timezone.utc)
    busy_times = [now - timedelta(seconds=2 * n) for n in range(20, 0, -1)]
    server.routes["/busy"] = Route(body=rss(busy_times))
    server.routes["/still"] = Route(body=rss([now - timedelta(days=d) for d in range(20, 0, -1)]))
    stop = threading.Event()

    def publish_more() -> None:  # a new item every 0.3 s
        while not stop.wait(0.3):
            busy_times.append(datetime.now(timezone.utc))
            server.routes["/busy"].body = rss(busy_times)

    store = FeedStateStore(tmp_path / "state.sqlite")
    fetcher = FeedFetcher(limits=FetchLimits(allow_private=True, deadline_s=5.0))
    policy = PollPolicy(floor_s=0.25, ceiling_s=3.0, websub_poll_s=3.0, half_life_s=5.0)
    poller = FeedPoller(fetcher=fetcher, store=store, publish=len, policy=policy)
    busy = Feed(name="busy", url=server.url("/busy"), interval=1.0)
    still = Feed(name="still", url=server.url("/still").replace("127.0.0.1", "localhost"), interval=1.0)
    scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(4)}, timezone="UTC")
    poller.schedule(scheduler, [busy, still])
    feeder = threading.Thread(target=publish_more)
    feeder.start()
    scheduler.start()
    time.sleep(4.0)
    scheduler.shutdown(wait=True)
    stop.set()
    feeder.join()
    fetcher.close()
    try:
        assert len(server.hits("/busy")) >= 10  # about every 0.25-0.3 s
        assert len(server.hits("/still")) <= 2  # the first fetch, then the ceiling
        assert "busy" in store.load(busy.url).interval_reason and "quiet" in store.load(still.url).interval_reason
        assert server.max_in_flight["/busy"] == 1
    finally:
        store.close()


def test_raw_articles_and_statuses_carry_the_times_and_the_interval(server, settings, tmp_path):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    now = datetime.now(timezone.utc).replace(microsecond=0)
    times = [now - timedelta(minutes=n) for n in range(30, 0, -1)]
    server.routes["/live"] = Route(body=rss(times))
    feed = Feed(name="live", url=server.url("/live"), interval=600)
    store = FeedStateStore(tmp_path / "state.sqlite")
    fetcher = FeedFetcher(limits=FetchLimits(allow_private=True))
    publisher = kafka_io.Publisher(settings)
    poller = FeedPoller(fetcher=fetcher, store=store, policy=PollPolicy(),
                        publish=lambda arts: publisher.wait([publisher.send(settings.topic_raw, a.id, encode(a))
                                                             for a in arts]),
                        report=status_reporter(publisher, settings))
    try:
        poller.poll(feed, force=True)
        times.append(datetime.now(timezone.utc).replace(microsecond=0) - timedelta(seconds=5))
        server.routes["/live"].body = rss(times)
        poller.poll(feed, force=True)
    finally:
        publisher.close()
        fetcher.close()
        store.close()
    raw = [decode(r.value, RawArticle) for r in kafka_io.read_topic(settings, settings.topic_raw)]
    assert len(raw) == 21 and all(a.first_seen and a.published for a in raw)
    newest = max(raw, key=lambda a: a.first_seen)
    assert 5 <= (newest.first_seen - newest.published).total_seconds() < 10
    reported = [decode(r.value, FeedStatus) for r in kafka_io.read_topic(settings, settings.topic_feed_status)]
    assert [s.lag_samples for s in reported] == [0, 1] and 5 <= reported[-1].median_lag_s < 10
    assert reported[-1].interval_s == 60.0 and reported[-1].interval_reason.startswith("busy")


def test_poll_service_subscribes_and_a_push_is_in_kafka_at_once(server, settings, cli_env, tmp_path):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    hub = Hub()
    port = free_port()
    url = server.url("/feed.xml")
    first = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
    server.routes["/feed.xml"] = Route(body=rss([first], hub=hub.url, topic=url))
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - {{name: pushed, url: '{url}', interval: 600}}\n")
    env = {**cli_env, "NEWSMON_FEED_ALLOW_PRIVATE": "true", "NEWSMON_FEED_STATE_PATH": str(tmp_path / "state.db"),
           "NEWSMON_FEED_WEBSUB_CALLBACK_URL": f"http://127.0.0.1:{port}/websub",
           "NEWSMON_FEED_WEBSUB_PORT": str(port)}
    proc = subprocess.Popen([sys.executable, "-m", "newsmon.cli", "poll", "--feeds", str(feeds), "--timeout", "60"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        [verification] = hub.wait_verified(1, timeout_s=30)
        assert verification.status == 200 and verification.body == verification.challenge
        callback = verification.request.callback
        assert callback.startswith(f"http://127.0.0.1:{port}/websub/")
        pushed_at = datetime.now(timezone.utc)
        assert hub.push(callback, rss([first, pushed_at.replace(microsecond=0)])) == 202
        acked = datetime.now(timezone.utc)
        assert hub.push(callback, rss([first]), secret="wrong") == 403
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
        hub.close()
    assert proc.returncode == 0, err[-2000:]
    raw = [decode(r.value, RawArticle) for r in kafka_io.read_topic(settings, settings.topic_raw)]
    newest = max(raw, key=lambda a: a.first_seen)
    assert len(raw) == 2 and pushed_at <= newest.first_seen <= acked  # in Kafka before the hub had its answer
    assert (acked - pushed_at).total_seconds() < 2.0
    assert "WebSub is on" in err


def test_shutdown_while_adaptive_polls_finish_does_not_hang(server, tmp_path):
    """A job that moved itself deadlocked APScheduler's shutdown(wait=True): it holds the job-store lock while it
    waits for the running jobs, and each of them then waited for that lock to move itself."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler

    now = datetime.now(timezone.utc)
    feeds = []
    for n in range(4):
        server.routes[f"/slow{n}"] = Route(body=rss([now - timedelta(minutes=m) for m in range(5)]), delay_s=1.0)
        host = ("127.0.0.1", "localhost")[n % 2]
        feeds.append(Feed(name=f"slow{n}", url=server.url(f"/slow{n}").replace("127.0.0.1", host), interval=1.0))
    store = FeedStateStore(tmp_path / "state.sqlite")
    fetcher = FeedFetcher(limits=FetchLimits(allow_private=True, deadline_s=5.0), per_host_limit=2)
    poller = FeedPoller(fetcher=fetcher, store=store, publish=len, policy=PollPolicy(floor_s=0.2, ceiling_s=5.0))
    scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(4)}, timezone="UTC")
    poller.schedule(scheduler, feeds)
    scheduler.start()
    time.sleep(0.5)  # every job is in its request now
    stopping = threading.Thread(target=scheduler.shutdown, kwargs={"wait": True}, daemon=True)
    stopping.start()
    stopping.join(timeout=15)
    fetcher.close()
    try:
        assert not stopping.is_alive(), "the scheduler's shutdown hung"
        assert all(store.load(f.url).polls == 1 for f in feeds)  # the polls in flight finished
    finally:
        store.close()
