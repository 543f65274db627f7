"""The board's map and timeline over a store: the filters narrow both, points link to their stories, the timeline
counts stories on the day they began, and the page stays within the console's strict policy."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug.test import Client

from consumers.catalog import load_catalog
from consumers.console import queries_board as qb
from consumers.console.ingest import rows_for
from consumers.console.store import Store
from consumers.console.web.app import ConsoleApp, Context
from consumers.console.web.guard import Guard
from newsmon.messages import Place
from tests.unit.consumers.console import records as r

NOW = datetime.now(timezone.utc).replace(microsecond=0)
HOSTILE = '<script>alert("x")</script>'


def placed(n: int, *, name: str, admin1: str | None, country: str, kind: str, days_ago: int, killed: int | None = 3,
           title: str = ""):
    article = r.article(n, title=title or f"Attack in {name}", killed=killed, at=NOW - timedelta(days=days_ago))
    event = article.event.model_copy(update={"where": Place(name=name, admin1=admin1, country=country, kind=kind)})
    article = article.model_copy(update={"event": event})
    return article, r.story(n, [article])


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "console.sqlite")
    records = []
    for n, (name, admin1, country, kind, days_ago) in enumerate([
            ("Quetta", "Balochistan", "PK", "district", 0), ("Peshawar", "Khyber Pakhtunkhwa", "PK", "city", 1),
            ("Kabul", "Kabul", "AF", "city", 1), ("North Waziristan", "Khyber Pakhtunkhwa", "PK", "district", 3),
            ("Moscow", "Moscow", "RU", "city", 2), ("Paris", None, "FR", "city", 2)], start=1):
        records += placed(n, name=name, admin1=admin1, country=country, kind=kind, days_ago=days_ago,
                          title=f"Attack in {name} {HOSTILE}" if n == 1 else "")
    s.apply([("t", 0, n, rows_for(m)) for n, m in enumerate(records)])
    yield s
    s.close()


def client(store) -> Client:
    ctx = Context(store=store, guard=Guard(token=None, host="127.0.0.1"), catalog=load_catalog(), endpoints=[])
    return Client(ConsoleApp(ctx))


def story_links(html: str) -> list[str]:
    return re.findall(r'<a class="pt" href="/story/(s\d+)">', html)


def test_the_board_draws_a_point_per_placed_story_linking_to_it(store):
    html = client(store).get("/").get_data(as_text=True)
    assert sorted(story_links(html)) == ["s1", "s2", "s3", "s4"]  # Moscow and Paris are off this map
    assert "4 stories on the map, 2 elsewhere" in html
    assert 'data-story="s4" data-precision="admin1"' in html  # North Waziristan: known only to its province
    assert 'data-story="s2" data-precision="city"' in html
    assert html.count('<path class="land"') >= 10
    assert "&lt;script&gt;alert" in html and "<script>alert" not in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/console.js" defer>']
    assert ' style="' not in html  # the policy allows no inline styles: colours come from console.css classes


def test_the_filters_narrow_the_map_and_the_timeline(store):
    html = client(store).get("/?country=AF").get_data(as_text=True)
    assert story_links(html) == ["s3"]
    bars = re.findall(r"<title>(\d{4}-\d\d-\d\d): (\d+) events</title>", html)
    assert [int(n) for _, n in bars if int(n)] == [1]


def test_the_timeline_counts_stories_on_the_day_they_began(store):
    days = qb.events_per_day(store.reader(), qb.Filters(show="all"), NOW)
    assert len(days) == qb.TIMELINE_DAYS and days[-1][0] == NOW.date().isoformat()
    by_day = dict(days)
    assert by_day[NOW.date().isoformat()] == 1
    assert by_day[(NOW - timedelta(days=1)).date().isoformat()] == 2
    assert by_day[(NOW - timedelta(days=2)).date().isoformat()] == 2
    assert sum(by_day.values()) == 6


@pytest.mark.parametrize(("range_", "days"), [("24h", 2), ("7d", 8), ("30d", 31), ("90d", 91), ("", 30)])
def test_the_timeline_spans_the_chosen_time_range(range_, days):
    shown = qb.timeline_days(qb.Filters(range=range_), NOW)
    assert len(shown) == days and shown[-1] == NOW.date().isoformat() and shown == sorted(shown)


def test_the_map_takes_the_newest_stories_the_filters_keep(store):
    rows = qb.map_stories(store.reader(), qb.Filters(), limit=3)
    assert [row["id"] for row in rows] == ["s1", "s2", "s3"]  # newest first; s2 and s3 began together
    assert rows[0]["kind"] == "district"


def test_the_overview_alone_is_served_for_the_live_board(store):
    response = client(store).get("/board/overview?country=PK")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert sorted(story_links(html)) == ["s1", "s2", "s4"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
