"""Politeness per host against a real local server: one request at a time, a gap between requests, and a
Retry-After that holds every feed of the host (and defers their polls without a request or an error)."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

from producers.feeds.config import Feed
from producers.feeds.fetch import FeedFetcher, FetchLimits
from producers.feeds.hosts import HostGate, HostHeld
from producers.feeds.poller import FeedPoller
from producers.feeds.state import FeedStateStore
from tests.unit.producers.feeds.conftest import FEED, reply


def timed_route(server, spans: list[tuple[str, float, float]], *, delay_s: float = 0.2, status: int = 200, **headers):
    """A route that records (path, start, end) of each request it answers, after delay_s."""
    def route(h):
        start = time.monotonic()
        server.stop.wait(delay_s)
        end = time.monotonic()
        with server.lock:
            spans.append((h.path, start, end))
        reply(h, status, FEED if status == 200 else b"", **headers)
    return route


def fetch_all(fetcher: FeedFetcher, urls: list[str]) -> list:
    results = []
    threads = [threading.Thread(target=lambda u=u: results.append(fetcher.fetch(u))) for u in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_one_host_never_gets_two_requests_at_once_and_keeps_a_gap(server):
    spans: list[tuple[str, float, float]] = []
    for path in ("/a", "/b", "/c", "/d"):
        server.routes[path] = timed_route(server, spans)
    fetcher = FeedFetcher(limits=FetchLimits(allow_private=True, deadline_s=10.0), per_host_limit=1, host_gap_s=0.3)
    try:
        results = fetch_all(fetcher, [server.url(p) for p in ("/a", "/b", "/c", "/d")])
    finally:
        fetcher.close()
    assert [r.error for r in results] == [None] * 4
    spans.sort(key=lambda s: s[1])
    gaps = [later[1] - earlier[2] for earlier, later in zip(spans, spans[1:])]
    assert len(spans) == 4 and min(gaps) >= 0.25  # never overlapping, and 0.3 s apart (server-side timing)


def test_other_hosts_are_not_held_up(server):
    spans: list[tuple[str, float, float]] = []
    server.routes["/slow"] = timed_route(server, spans, delay_s=1.0)
    server.routes["/quick"] = timed_route(server, spans, delay_s=0.0)
    fetcher = FeedFetcher(limits=FetchLimits(allow_private=True, deadline_s=10.0), per_host_limit=1, host_gap_s=0.3)
    try:
        started = time.monotonic()
        threading.Thread(target=fetcher.fetch, args=(server.url("/slow"),)).start()
        time.sleep(0.1)
        other = fetcher.fetch(server.url("/quick", host="localhost"))
        quick = time.monotonic() - started
        same = fetcher.fetch(server.url("/quick"))  # 127.0.0.1 again: waits for /slow and the gap
        waited = time.monotonic() - started
    finally:
        fetcher.close()
    assert other.error is None and quick < 0.8
    assert same.error is None and waited >= 1.25


def test_retry_after_holds_the_whole_host(server):
    spans: list[tuple[str, float, float]] = []
    server.routes["/busy"] = timed_route(server, spans, delay_s=0.0, status=429, Retry_After="2")
    server.routes["/other"] = timed_route(server, spans, delay_s=0.0)
    fetcher = FeedFetcher(limits=FetchLimits(allow_private=True, deadline_s=1.0), per_host_limit=1)
    try:
        busy = fetcher.fetch(server.url("/busy"))
        held = fetcher.fetch(server.url("/other"))  # same host, within the hold: refused without a request
        elsewhere = fetcher.fetch(server.url("/other", host="localhost"))
        time.sleep(2.1)
        after = fetcher.fetch(server.url("/other"))
    finally:
        fetcher.close()
    assert busy.status == 429 and busy.retry_after_s == 2.0
    assert held.held and held.status is None and 1.0 < held.retry_after_s <= 2.0 and "Retry-After" in held.error
    assert elsewhere.error is None and after.error is None
    assert [path for path, *_ in spans].count("/other") == 2  # elsewhere and after; never while held


def test_a_held_host_defers_the_poll_without_an_error(server, tmp_path):
    server.routes["/busy"] = lambda h: reply(h, 503, Retry_After="120")
    server.routes["/feed"] = lambda h: reply(h, 200, FEED)
    store = FeedStateStore(tmp_path / "state.sqlite")
    fetcher = FeedFetcher(limits=FetchLimits(allow_private=True, deadline_s=2.0))
    poller = FeedPoller(fetcher=fetcher, store=store, publish=len)
    try:
        first = poller.poll(Feed(name="busy", url=server.url("/busy"), interval=60), force=True)
        other = poller.poll(Feed(name="feed", url=server.url("/feed"), interval=60), force=True)
        state = store.load(server.url("/feed"))
    finally:
        fetcher.close()
        store.close()
    assert first.status == 503 and first.error == "HTTP 503"
    wait = (other.skipped_until - datetime.now(timezone.utc)).total_seconds()
    assert other.error is None and 110 < wait <= 120 and server.hits("/feed") == []
    assert (state.polls, state.error_streak) == (0, 0) and state.interval_reason.startswith("held")


def test_gate_limit_two_allows_two_in_flight_but_never_three():
    gate, peak, in_flight, lock = HostGate(limit=2), [0], [0], threading.Lock()

    def work():
        assert gate.acquire("h", time.monotonic() + 5)
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.1)
        with lock:
            in_flight[0] -= 1
        gate.release("h")

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 2


def test_gate_refuses_at_once_when_the_hold_outlasts_the_deadline():
    gate = HostGate()
    gate.hold("h", 60)
    started = time.monotonic()
    try:
        gate.acquire("h", started + 1)
    except HostHeld as exc:
        assert 59 < exc.seconds <= 60
    else:
        raise AssertionError("a held host gave a turn")
    assert time.monotonic() - started < 0.5 and gate.acquire("other", started + 1)
