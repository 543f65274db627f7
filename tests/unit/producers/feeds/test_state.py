"""FeedStateStore: SQLite round trips, bounded entry history, persistence across reopen and threads."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from producers.feeds.state import FeedState, FeedStateStore

URL = "https://feeds.example/rss"


@pytest.fixture
def store():
    s = FeedStateStore(":memory:")
    yield s
    s.close()


def test_unknown_feed_loads_fresh_state(store):
    assert store.load(URL) == FeedState(URL)
    assert store.all_states() == []


def test_state_round_trip(store):
    when = datetime(2026, 5, 9, 7, 35, tzinfo=timezone(timedelta(hours=5)))
    state = FeedState(URL, etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT", last_success=when,
                      error_streak=3, last_error="HTTP 500", next_poll_at=when + timedelta(minutes=15),
                      polls=42, not_modified=7)
    store.save(state)
    loaded = store.load(URL)
    assert loaded == state
    assert loaded.last_success.tzinfo is not None and loaded.last_success.utcoffset() == timedelta(0)

    state.error_streak, state.last_error, state.etag = 0, None, None
    store.save(state)
    assert store.load(URL) == state
    store.save(FeedState("https://a.example/feed"))
    assert [s.url for s in store.all_states()] == ["https://a.example/feed", URL]


def test_seen_and_remember(store):
    assert store.seen(URL, ["a", "b"]) == set()
    store.remember(URL, ["a", "b", "c"])
    assert store.seen(URL, ["a", "c", "z"]) == {"a", "c"}
    assert store.seen("https://other.example/rss", ["a"]) == set()  # history is per feed
    many = [f"id-{n}" for n in range(1200)]  # more than one IN (...) chunk
    store.remember(URL, many)
    assert store.seen(URL, many + ["nope"]) == set(many)


def test_remember_keeps_only_the_newest(store):
    store.remember(URL, ["old-1", "old-2"], keep=3)
    store.remember(URL, ["new-1", "new-2"], keep=3)  # listed first = newest, as feeds list entries
    assert store.seen(URL, ["old-1", "old-2", "new-1", "new-2"]) == {"old-1", "new-1", "new-2"}
    store.remember(URL, ["old-1"], keep=3)  # seen again: new again
    store.remember(URL, ["newest"], keep=3)
    assert store.seen(URL, ["old-1", "new-1", "new-2", "newest"]) == {"old-1", "new-1", "newest"}
    store.remember(URL, ["x", "x", "y"], keep=0)
    assert store.seen(URL, ["x", "y", "newest"]) == set()


def test_state_and_history_survive_reopen(tmp_path):
    path = tmp_path / "state.sqlite"
    first = FeedStateStore(path)
    first.save(FeedState(URL, etag='"v2"', polls=5, next_poll_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    first.remember(URL, ["e1", "e2"])
    first.close()

    again = FeedStateStore(path)
    try:
        assert again.load(URL) == FeedState(URL, etag='"v2"', polls=5,
                                            next_poll_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
        assert again.seen(URL, ["e1", "e2", "e3"]) == {"e1", "e2"}
        assert again._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        again.close()


def test_store_is_shared_by_threads(tmp_path):
    store = FeedStateStore(tmp_path / "state.sqlite")

    def work(n: int) -> None:
        url = f"https://feeds.example/{n}"
        for poll in range(20):
            store.save(FeedState(url, polls=poll + 1))
            store.remember(url, [f"{n}-{poll}"], keep=10)

    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [s.polls for s in store.all_states()] == [20] * 4
        assert store.seen("https://feeds.example/0", [f"0-{p}" for p in range(20)]) == {f"0-{p}" for p in range(10, 20)}
    finally:
        store.close()
