"""The health page's feed interval and median lag: stored from FeedStatus by ingest, shown in the feeds table."""

from __future__ import annotations

import re

import pytest
from werkzeug.test import Client

from consumers.catalog import load_catalog
from consumers.console import queries_health as qh
from consumers.console.ingest import removal_rows, rows_for
from consumers.console.store import Store
from consumers.console.web.app import Actions, ConsoleApp, Context
from consumers.console.web.guard import Guard
from newsmon.messages import FeedStatus
from tests.unit.consumers.console import records as r


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "console.sqlite")
    yield s
    s.close()


def page(store) -> str:
    ctx = Context(store=store, guard=Guard(token=None, host="127.0.0.1"), catalog=load_catalog(), endpoints=[],
                  actions=Actions(redeliver=lambda e: "", enable=lambda e: ""))
    response = Client(ConsoleApp(ctx)).get("/health")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def fresh(name: str, **fields) -> FeedStatus:
    return r.feed_status(name).model_copy(update=fields)


def test_the_feeds_table_shows_interval_reason_and_median_lag(store):
    busy = fresh("dawn", interval_s=60.0, interval_reason="busy: 24 new items/h, polled at the floor",
                 median_lag_s=95.0, lag_samples=31)
    pushed = fresh("geo", interval_s=7200.0, interval_reason="WebSub: the hub pushes new items", median_lag_s=2.0,
                   lag_samples=4, websub=True)
    old = r.feed_status("tribune")  # from a poller before adaptive polling: no interval, no lag
    store.apply([("t", 0, n, rows_for(m)) for n, m in enumerate([busy, pushed, old])])
    html = page(store)
    rows = {name: row for name, row in re.findall(r'<tr[^>]*><td title="[^"]*">(\w+)</td>(.*?)</tr>', html, re.S)}
    assert 'title="busy: 24 new items/h, polled at the floor">60 s<' in rows["dawn"]
    assert 'class="lag" title="publication to first seen, over the latest 31 new items">2 min<' in rows["dawn"]
    assert ">2.0 h <span class=\"muted\">(WebSub)</span>" in rows["geo"] and ">2 s<" in rows["geo"]
    assert rows["tribune"].count(">–<") >= 2 and "WebSub" not in rows["tribune"]


def test_the_feeds_query_works_before_any_status_and_a_tombstone_removes_the_feed(store):
    assert qh.feeds(store.reader()) == []  # no feed_freshness table yet
    store.apply([("t", 0, 0, rows_for(fresh("dawn", interval_s=300.0, median_lag_s=40.0, lag_samples=2)))])
    [feed] = qh.feeds(store.reader())
    assert (feed["interval"], feed["median_lag"], feed["lag_samples"]) == ("5 min", "40 s", 2)
    store.apply([("t", 0, 1, removal_rows(FeedStatus, "dawn"))])
    assert qh.feeds(store.reader()) == []
    assert store.reader().execute("SELECT count(*) FROM feed_freshness").fetchone()[0] == 0
