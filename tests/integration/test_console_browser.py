"""The desk console in a real headless Chromium, over a console fed by the seeds through the real pipeline:
the board lists the seed stories, a story page highlights the sentence of its toll, search finds an Urdu report
by its Urdu words, a new story appears without a reload, a script in a title stays text, and the board's map and
timeline show the stories the filters keep."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from consumers.console import geo
from consumers.geo import places as geo_places
from consumers.console.queries_board import TIMELINE_DAYS
from consumers.console.service import Console
from newsmon import kafka_io
from newsmon.messages import Alert, RawArticle, StoryState, decode
from tests.conftest import fresh_settings
from tests.integration.console_site import (
    HOSTILE_BODY,
    HOSTILE_TITLE,
    URDU_CASE,
    chromium_browser,
    gold_article,
    pipeline,
    poll_feeds,
    publish,
    screenshot,
    screenshot_of,
    wait_ready,
)
from tests.integration.receiver import Receiver


@pytest.fixture(scope="module")
def site(kafka_bootstrap, enricher, tmp_path_factory):
    """Seeds, an Urdu report and a hostile title through enrich, alert and deliver; then a console on them."""
    tmp = tmp_path_factory.mktemp("console")
    receiver = Receiver()
    with pytest.MonkeyPatch.context() as mp:
        settings = pipeline.endpoint_settings(fresh_settings(kafka_bootstrap, state_dir=tmp), tmp, mp,
                                              {"desk": receiver.url("/hook")})
        pipeline.replay_seeds(settings)
        publish(settings, gold_article(URDU_CASE),
                RawArticle(id="hostile-1", title=HOSTILE_TITLE, body=HOSTILE_BODY, source="test/hostile"))
        poll_feeds(settings, tmp)
        pipeline.enrich(settings, enricher)
        pipeline.alert(settings)
        pipeline.deliver(settings)
        console = Console(settings, port=0).start()
        wait_ready(console)
        yield settings, console
        console.close()
    receiver.close()


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    yield tab
    context.close()


def last_states(settings) -> dict[str, StoryState]:
    states = {}
    for record in kafka_io.read_topic(settings, settings.topic_stories):
        state = decode(record.value, StoryState)
        states[state.id] = state
    return states


def test_the_board_lists_every_seed_story_that_was_alerted(site, page):
    settings, console = site
    alerts = [decode(r.value, Alert) for r in kafka_io.read_topic(settings, settings.topic_alerts)]
    seed_headlines = {a.headline for a in alerts if any("seeds/" in (s.source or "") for s in a.sources)}
    assert len(seed_headlines) >= 5
    page.goto(console.address)
    rows = page.locator("#board-rows tr")
    shown = set(page.locator("#board-rows td.headline a").all_inner_texts())
    assert seed_headlines <= shown, seed_headlines - shown
    states = last_states(settings)
    assert rows.count() == len([s for s in states.values() if s.revision > 0])  # stories with an alert
    screenshot(page, "board")
    page.select_option("select[name=show]", "all")
    page.click("form.filters button[type=submit]")
    assert page.locator("#board-rows tr").count() == min(len(states), 50)


def test_a_story_page_highlights_the_sentence_of_its_toll(site, page):
    settings, console = site
    tolls = [s for s in last_states(settings).values()
             if s.event.killed is not None and any(e.fact == "killed" for e in s.event.evidence)]
    assert tolls, "no story with a toll and its evidence"
    state = tolls[0]
    sentence = next(e.sentence for e in state.event.evidence if e.fact == "killed")
    page.goto(f"{console.address}story/{state.id}")
    screenshot(page, "story")
    fact = page.locator(".fact[data-fact=killed]")
    assert fact.locator("strong").inner_text() == str(state.event.killed)
    mark = page.locator("mark.evidence").filter(has_text=sentence[:40]).first
    assert mark.inner_text() == sentence
    assert "killed" in (mark.get_attribute("data-facts") or "").split()
    fact.locator("a.evidence-link").first.click()
    assert page.url.endswith("#" + mark.get_attribute("id"))
    target = page.evaluate("getComputedStyle(document.querySelector(':target')).backgroundColor")
    assert target == "rgb(255, 146, 43)"  # the sentence jumped to stands out from the other evidence
    screenshot(page, "story-evidence")


def test_the_arrest_story_shows_the_bombing_it_refers_to_apart_from_its_own_facts(site, page):
    settings, console = site
    [arrest] = [s for s in last_states(settings).values()
                if s.event.type == "arrest" and any("seeds/" in (a.source or "") for a in s.articles)]
    page.goto(f"{console.address}story/{arrest.id}")
    assert page.locator(".fact[data-fact=killed]").count() == 0  # an arrest has no toll of its own
    mentioned = page.locator("ul.mentioned li").all_inner_texts()
    assert any("bombing" in m and "12 killed" in m and "Twelve people were killed" in m for m in mentioned), mentioned


def test_search_finds_the_urdu_report_by_its_urdu_words(site, page):
    settings, console = site
    page.goto(f"{console.address}search")
    page.fill("input[name=q]", "مسافر کوچ")
    page.click("button[type=submit]")
    hits = page.locator("ol.hits li")
    assert hits.count() == 1
    assert "قلات" in hits.first.locator("a").inner_text()
    assert hits.first.locator(".snippet mark").count() >= 1
    screenshot(page, "search")


def test_a_new_story_appears_on_the_open_board_without_a_reload(site, page, enricher):
    settings, console = site
    page.goto(console.address + "?show=all")
    page.evaluate("window.__sameDocument = true")
    page.wait_for_selector("#live-state:not([hidden])")
    title = "Jaish al-Adl gunmen kill five border guards in Saravan"
    body = ("ZAHEDAN: Gunmen attacked a border post near Saravan in Iran's Sistan-Baluchestan province on Tuesday, "
            "killing five border guards, Iranian state media said.\n\nJaish al-Adl claimed the attack.")
    publish(settings, RawArticle(id="live-1", title=title, body=body, source="test/live"))
    pipeline.enrich(settings, enricher, idle=2.0)
    pipeline.alert(settings, idle=2.0)
    fresh = page.locator("#board-rows tr.fresh td.headline a", has_text="Saravan")
    fresh.wait_for(timeout=30_000)
    assert page.evaluate("window.__sameDocument") is True  # the same page, not a reload


def test_a_script_in_an_article_title_is_shown_as_text(site, page):
    settings, console = site
    page.goto(console.address)
    link = page.locator("#board-rows td.headline a", has_text="Bannu police post")
    assert link.count() == 1
    assert '<script>alert("xss")</script>' in link.inner_text()
    page.goto(console.address + "search?q=Bannu+police")
    with page.expect_navigation() as story:
        page.locator("ol.hits li a").first.click()
    policy = story.value.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '<img src=x onerror=alert(2)>' in page.locator("h1").inner_text()
    assert page.locator("img").count() == 0 and page.dialogs == []
    scripts = page.evaluate("Array.from(document.scripts).map(s => s.getAttribute('src'))")
    assert scripts == ["/static/console.js"]


def test_the_actor_and_health_pages(site, page):
    settings, console = site
    page.goto(f"{console.address}actor/bla")
    assert "Balochistan Liberation Army" in page.locator("h1").inner_text()
    assert page.locator("figure.chart svg rect").count() > 0
    assert page.locator("table.board tbody tr a").count() >= 1
    screenshot(page, "actor")
    page.goto(f"{console.address}health")
    desk = page.locator("table.endpoints tr", has_text="desk")
    assert "delivered" in desk.inner_text()
    feeds = {row.locator("td").first.inner_text(): [c.inner_text() for c in row.locator("td").all()]
             for row in page.locator("table.feeds tbody tr").all()}
    assert feeds["down"][2] == "1" and feeds["down"][3] == "HTTP 503" and feeds["down"][1] == "–"
    assert feeds["caravan"][2] == "0" and float(feeds["caravan"][4]) > 0  # its articles, per day over a week
    assert page.locator("table.stages").count() == 1
    screenshot(page, "health")


def on_the_map(state: StoryState) -> bool:
    """Whether the board's map can show this story: its place has coordinates inside the map's region."""
    where = state.event.where
    found = where and geo_places.locate(where.name, where.admin1, where.country, where.kind)
    return bool(found) and geo.REGION.contains(found.lon, found.lat)


def test_the_board_map_shows_the_placed_stories_and_a_point_opens_its_story(site, page):
    settings, console = site
    alerted = [s for s in last_states(settings).values() if s.revision > 0]
    expected = {s.id for s in alerted if on_the_map(s)}
    assert len(expected) >= 3, "the seeds have stories in Pakistan, Afghanistan or Iran"
    page.goto(console.address)
    points = page.locator("#board-overview svg.map a.pt")
    shown = {points.nth(n).get_attribute("href").removeprefix("/story/") for n in range(points.count())}
    assert shown == expected
    caption = page.locator("#board-overview figure.map figcaption").inner_text()
    assert caption.startswith(f"{len(expected)} stor")
    screenshot_of(page.locator("#board-overview"), "map")
    top = points.last  # drawn last, so nothing covers it
    story_id = top.get_attribute("href").removeprefix("/story/")
    headline = top.locator("title").text_content().split(" · ")[0]
    with page.expect_navigation():
        top.locator("circle").click()
    assert page.url.endswith(f"/story/{story_id}")
    assert page.locator("h1").inner_text().startswith(headline[:30])


def test_the_board_map_follows_the_filters(site, page):
    settings, console = site
    alerted = [s for s in last_states(settings).values() if s.revision > 0]
    afghan = {s.id for s in alerted if s.event.where and s.event.where.country == "AF" and on_the_map(s)}
    page.goto(console.address + "?country=AF")
    hrefs = page.locator("#board-overview svg.map a.pt").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {h.removeprefix("/story/") for h in hrefs} == afghan


def test_the_board_timeline_shows_bars_for_the_days_with_stories(site, page):
    settings, console = site
    today = datetime.now(timezone.utc).date()
    first_day = today - timedelta(days=TIMELINE_DAYS - 1)
    began = Counter()
    for state in last_states(settings).values():
        if state.revision > 0:
            day = min((a.first_seen for a in state.articles if a.first_seen), default=state.updated).date()
            if day >= first_day:
                began[day.isoformat()] += 1
    assert began
    page.goto(console.address)
    bars = page.locator("#board-overview figure.timeline rect.bar")
    assert bars.count() == TIMELINE_DAYS
    drawn = {}
    for n in range(bars.count()):
        day, count = bars.nth(n).locator("title").text_content().removesuffix(" events").split(": ")
        height = float(bars.nth(n).get_attribute("height"))
        assert (height > 0) == (int(count) > 0), day
        if int(count):
            drawn[day] = int(count)
    assert drawn == dict(began)
    labels = page.locator("#board-overview figure.timeline text.tick").all_text_contents()
    assert labels[-1] == f"{today.day} {today:%b}"


def test_the_map_and_timeline_follow_the_live_board(site, page, enricher):
    settings, console = site
    page.goto(console.address)
    page.evaluate("window.__sameDocument = true")
    page.wait_for_selector("#live-state:not([hidden])")
    before = page.locator("#board-overview svg.map a.pt").count()
    title = "BLA militants kill six soldiers in an ambush near Khuzdar"
    body = ("KHUZDAR: Militants of the Balochistan Liberation Army ambushed an army convoy in Khuzdar district of "
            "Balochistan on Wednesday, killing six soldiers, officials said.\n\nThe BLA claimed the attack.")
    publish(settings, RawArticle(id="live-map-1", title=title, body=body, source="test/live"))
    pipeline.enrich(settings, enricher, idle=2.0)
    pipeline.alert(settings, idle=2.0)
    # A locator's wait, not wait_for_function: the page's policy forbids the eval that a string predicate needs.
    point = page.locator("#board-overview svg.map a.pt", has=page.locator("title", has_text="Khuzdar"))
    point.wait_for(state="attached", timeout=30_000)
    assert point.count() == 1 and point.locator("circle").get_attribute("data-precision") == "city"
    assert page.locator("#board-overview svg.map a.pt").count() > before
    assert page.evaluate("window.__sameDocument") is True  # swapped in, not reloaded
