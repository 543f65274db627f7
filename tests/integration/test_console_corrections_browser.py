"""Corrections made on a story page in a real headless Chromium, with the console's token: the toll form, the
confirmation page, the correction shown waiting and then applied by a real alerter on a real broker, a mute and a
split; and all of it still there after a restart of the alerter (with a later report) and a rebuild of the
console store."""

from __future__ import annotations

import time

import pytest

from consumers.alert.corrections import split_story_id
from consumers.console.service import Console
from tests.integration.console_site import chromium_browser, screenshot, wait_ready
from tests.integration.corrections_site import (
    QUETTA,
    T0,
    correction_settings,
    enriched,
    event,
    hours,
    publish_enriched,
    quetta_reports,
    run_alerter,
    story_states,
)

TOKEN = "desk-token-for-the-browser-test"


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  http_credentials={"username": "desk", "password": TOKEN})
    yield context.new_page()
    context.close()


def until_applied(page, url: str, count: int, timeout_s: float = 45.0) -> None:
    """Reload the story page until it lists this many applied corrections (the console follows the topics)."""
    deadline = time.monotonic() + timeout_s
    while True:
        page.goto(url)
        if page.locator("tr.correction.status-applied").count() >= count:
            return
        assert time.monotonic() < deadline, page.locator("section.corrections").inner_text()
        time.sleep(0.5)


def confirm(page, summary: str) -> None:
    """On the confirmation page: it says what will be asked; confirm it and land back on the story."""
    page.wait_for_selector("p.correction-summary")
    assert page.locator("p.correction-summary").inner_text() == summary
    with page.expect_navigation():
        page.click("form[action='/actions/correct'] button[type=submit]")
    assert page.url.endswith("#corrections"), (page.url, page.content()[:600])


def test_an_analyst_corrects_mutes_and_splits_a_story_and_it_survives_restarts_and_a_store_rebuild(
        kafka_bootstrap, tmp_path, page):
    settings = correction_settings(kafka_bootstrap, tmp_path, console_token=TOKEN)
    publish_enriched(settings, *quetta_reports())
    run_alerter(settings)
    console = Console(settings, port=0).start()
    try:
        wait_ready(console)
        story = f"{console.address}story/q1"
        page.goto(story)
        page.click("details[data-kind=toll] summary")
        page.fill("details[data-kind=toll] input[name=killed]", "17")
        page.fill("details[data-kind=toll] input[name=injured]", "30")
        page.fill("details[data-kind=toll] input[name=note]", "hospital list")
        page.click("details[data-kind=toll] button[type=submit]")
        confirm(page, "toll: 17 killed, 30 injured")
        page.wait_for_selector("tr.correction")  # the console read it back from the corrections topic
        assert "waiting for the alerter" in page.locator("tr.correction").inner_text()

        run_alerter(settings)
        until_applied(page, story, 1)
        killed = page.locator(".fact[data-fact=killed]")
        assert killed.locator("strong").inner_text() == "17" and "corrected by an analyst" in killed.inner_text()
        assert "an analyst corrected the toll to 17 killed, 30 injured (was 14 killed) (hospital list)" in \
            page.locator("section.revisions").inner_text()
        page.locator("#corrections").scroll_into_view_if_needed()
        page.click("details[data-kind=perpetrator] summary")  # open, for the picture
        screenshot(page, "story-corrections")

        page.click("form.correct-mute button")
        confirm(page, "not for the desk (muted)")
        split = page.locator("tr", has_text="Quetta station blast toll rises to 14").locator("form.split button")
        split.click()
        confirm(page, "article q2 split out into a story of its own")
        run_alerter(settings)
        until_applied(page, story, 3)
        assert "Not for the desk: an analyst muted this story" in page.locator("main").inner_text()
        assert page.locator("section.sources tbody tr").count() == 1
        page.goto(f"{console.address}story/{split_story_id('q1', 'q2')}")
        assert "An analyst split this story out of" in page.locator("main").inner_text()
    finally:
        console.close()

    later = enriched("q3", "Blast at Quetta railway station: death toll rises to 21",
                     event("bombing", killed=21, where=QUETTA, date="2026-11-02"), seen=T0 + hours(30))
    publish_enriched(settings, later)
    run_alerter(settings)  # restarted: the stories come back from their topic, the report joins the muted story
    q1 = story_states(settings)["q1"]
    assert q1.event.killed == 17 and [a.id for a in q1.articles] == ["q1", "q3"]
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"console.sqlite{suffix}").unlink(missing_ok=True)
    rebuilt = Console(settings, port=0).start()  # a new store, read again from the topics
    try:
        wait_ready(rebuilt)
        until_applied(page, f"{rebuilt.address}story/q1", 3)
        assert page.locator(".fact[data-fact=killed] strong").inner_text() == "17"
        assert "Not for the desk" in page.locator("main").inner_text()
        assert "death toll rises to 21" in page.locator("section.sources").inner_text()
        assert sorted(r.inner_text().split("\t")[1] for r in page.locator("tr.correction").all()) == [
            "article q2 split out into a story of its own", "not for the desk (muted)", "toll: 17 killed, 30 injured"]
    finally:
        rebuilt.close()
