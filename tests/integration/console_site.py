"""A console fed through the real pipeline (seeds, one Urdu report, one hostile title), and a headless Chromium."""

from __future__ import annotations

from contextlib import contextmanager

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from consumers.console.service import Console
from newsmon import kafka_io
from newsmon.messages import RawArticle, encode
from tests.conftest import ROOT
from tests.integration import pipeline
from tests.integration.conftest import cli_environment

CHROMIUM = os.environ.get("NEWSMON_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# The flags a closed network needs: no background calls home, no first-run work, no sandbox as root.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
URDU_CASE = ROOT / "tests" / "gold" / "103_ur_kalat_mangochar_coach_passengers_bla_claim.yaml"
HOSTILE_TITLE = 'TTP attack on Bannu police post <script>alert("xss")</script><img src=x onerror=alert(2)>'
HOSTILE_BODY = ("BANNU: Militants of the Tehreek-e-Taliban Pakistan attacked a police post in Bannu on Monday "
                "night, killing three policemen, officials said.\n\nThe TTP claimed responsibility in a statement.")


def gold_article(path: Path) -> RawArticle:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    return RawArticle(id=f"gold-{path.stem[:3]}", title=case["title"], summary=case.get("summary") or "",
                      body=case["body"], source=f"gold/{path.name}", language_hint=case["expect"]["language"])


def publish(settings, *articles: RawArticle) -> None:
    """Raw articles into the raw topic."""
    publish_records(settings, *((settings.topic_raw, a.id, a) for a in articles))


def publish_records(settings, *records) -> None:
    """(topic, key, message) records; a message of None is a tombstone."""
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([publisher.send(topic, key, None if msg is None else encode(msg))
                        for topic, key, msg in records])


def poll_feeds(settings, tmp: Path) -> None:
    """One real poll (`newsmon poll --once`) of a fixture feed and of a feed that answers 503, served on loopback."""
    from tests.integration.feed_server import FeedServer, Route

    server = FeedServer()
    try:
        good = server.serve_fixture("/caravan.xml", "caravan_magazine_2016-06-14.xml")
        server.routes["/down.xml"] = Route(statuses=[503])
        feeds = tmp / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - {{name: caravan, url: '{good}'}}\n"
                         f"  - {{name: down, url: '{server.url('/down.xml')}'}}\n")
        env = cli_environment(settings, tmp)
        env |= {"NEWSMON_FEED_ALLOW_PRIVATE": "true", "NEWSMON_FEED_STATE_PATH": str(tmp / "feeds.sqlite")}
        done = subprocess.run([sys.executable, "-m", "newsmon.cli", "poll", "--once", "--feeds", str(feeds)], env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 1 and "1 failed polls" in done.stdout, done.stderr[-2000:]
    finally:
        server.close()


def wait_ready(console: Console, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not console.follower.ready.is_set():
        assert time.monotonic() < deadline, "the console did not catch up with the topics"
        time.sleep(0.2)


def launch_browser():
    """Playwright driving Debian's Chromium; fails with the reason when the browser is missing."""
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium (scripts/test.sh installs it)")
    driver = sync_playwright().start()
    browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    return driver, browser


@contextmanager
def chromium_browser():
    """Debian's Chromium under Playwright for the length of a test module; closed after it."""
    driver, browser = launch_browser()
    try:
        yield browser
    finally:
        browser.close()
        driver.stop()


def screenshot(page, name: str) -> None:
    """Keep a picture of the page when NEWSMON_SCREENSHOTS names a folder (docs/console/ holds the last ones)."""
    folder = os.environ.get("NEWSMON_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def screenshot_of(locator, name: str) -> None:
    """Keep a picture of one part of a page (the board's map and timeline), as screenshot() does a page."""
    folder = os.environ.get("NEWSMON_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        locator.screenshot(path=str(Path(folder) / f"{name}.png"))


__all__ = ["HOSTILE_BODY", "HOSTILE_TITLE", "URDU_CASE", "chromium_browser", "gold_article", "launch_browser", "pipeline", "poll_feeds",
           "publish", "publish_records", "screenshot", "screenshot_of", "wait_ready"]
