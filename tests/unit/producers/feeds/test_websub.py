"""WebSub against a real local hub and the real callback server (Waitress): verification of intent, signatures,
pushes published at once, lease renewal, retries, and discovery by the poller."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import httpx
import pytest

from newsmon.messages import RawArticle
from producers.feeds.config import Feed
from producers.feeds.fetch import FeedFetcher, FetchLimits
from producers.feeds.poller import FeedPoller
from producers.feeds.rhythm import PollPolicy
from producers.feeds.state import FeedStateStore
from producers.feeds.websub import Subscriber, signed
from producers.feeds.websub_app import CallbackApp, CallbackServer
from tests.unit.producers.feeds.conftest import reply
from tests.unit.producers.feeds.websub_hub import Hub

TOPIC = "https://news.example/feed.xml"
FEED = Feed(name="news", url=TOPIC, interval=600)


def rss(*guids: str, hub: str = "", topic: str = TOPIC) -> bytes:
    links = (f'<atom:link rel="hub" href="{hub}"/><atom:link rel="self" href="{topic}"/>') if hub else ""
    items = "".join(f"<item><title>Item {g}</title><guid>{g}</guid>"
                    f"<pubDate>Sat, 09 May 2026 07:00:00 GMT</pubDate></item>" for g in guids)
    return (f"<rss version='2.0' xmlns:atom='http://www.w3.org/2005/Atom'><channel><title>News</title>{links}"
            f"{items}</channel></rss>").encode()


class Setup:
    """A hub, a state store, a poller whose publish collects articles, a subscriber and its callback server."""

    def __init__(self, tmp_path, *, feeds=(FEED,), lease_s=3600, answer=202, **subscriber) -> None:
        self.hub = Hub(lease_s=lease_s, answer=answer)
        self.store = FeedStateStore(tmp_path / "state.sqlite")
        self.published: list[RawArticle] = []
        self.fetcher = FeedFetcher(limits=FetchLimits(allow_private=True, deadline_s=5.0))
        self.callback_url = "http://127.0.0.1:{port}/websub"
        self.subscriber = None
        self.poller = FeedPoller(fetcher=self.fetcher, store=self.store, publish=self.publish,
                                 policy=PollPolicy(floor_s=60, websub_poll_s=7200))
        app = CallbackApp(None, lambda feed, body, ctype: self.poller.accept_push(feed, body, content_type=ctype))
        self.server = CallbackServer(app, host="127.0.0.1", port=0).start()
        self.subscriber = Subscriber(store=self.store, callback_url=f"http://127.0.0.1:{self.server.port}/websub",
                                     feeds=list(feeds), lease_s=86_400, allow_private=True, **subscriber)
        app.subscriber = self.subscriber  # the callback URL needed the port the server got
        self.poller.websub = self.subscriber

    def publish(self, articles: list[RawArticle]) -> int:
        self.published.extend(articles)
        return len(articles)

    def callback(self) -> str:
        return self.subscriber.callback(self.store.subscription(feed_url=FEED.url))

    def subscribe(self) -> None:
        self.subscriber.advertised(FEED, hub=self.hub.url, topic=TOPIC)
        assert self.hub.wait_verified()[-1].status == 200

    def close(self) -> None:
        self.server.close()
        self.subscriber.close()
        self.fetcher.close()
        self.hub.close()
        self.store.close()


@pytest.fixture
def setup(tmp_path):
    s = Setup(tmp_path)
    yield s
    s.close()


def test_the_hub_verifies_our_intent(setup):
    setup.subscriber.advertised(FEED, hub=setup.hub.url, topic=TOPIC)
    [request] = setup.hub.requests
    assert (request.mode, request.topic, request.lease_seconds) == ("subscribe", TOPIC, "86400")
    assert request.callback == setup.callback() and len(request.secret) >= 32
    [verification] = setup.hub.wait_verified()
    assert (verification.status, verification.body) == (200, verification.challenge)
    sub = setup.store.subscription(feed_url=FEED.url)
    assert sub.state == "verified" and sub.lease_s == 3600 and setup.subscriber.active(FEED.url)
    setup.subscriber.advertised(FEED, hub=setup.hub.url, topic=TOPIC)  # seen again on the next poll
    assert len(setup.hub.requests) == 1


def test_a_verification_we_did_not_ask_for_is_refused(setup):
    setup.subscribe()
    request = setup.hub.requests[0]
    other_topic = setup.hub.verify(request, topic="https://evil.example/feed")
    not_asked = setup.hub.verify(request, mode="unsubscribe")  # someone unsubscribing us
    unknown = httpx.get(setup.callback().rsplit("/", 1)[0] + "/not-a-token",
                        params={"hub.mode": "subscribe", "hub.topic": TOPIC, "hub.challenge": "x"}, timeout=5)
    assert (other_topic.status, not_asked.status, unknown.status_code) == (404, 404, 404)
    assert other_topic.challenge not in other_topic.body and not_asked.challenge not in not_asked.body
    assert setup.subscriber.active(FEED.url)


def test_a_denied_subscription_is_not_active(setup):
    setup.subscriber.advertised(FEED, hub=setup.hub.url, topic=TOPIC)
    setup.hub.wait_verified()
    response = httpx.get(setup.callback(), params={"hub.mode": "denied", "hub.topic": TOPIC, "hub.reason": "no"},
                         timeout=5)
    sub = setup.store.subscription(feed_url=FEED.url)
    assert response.status_code == 200 and sub.state == "denied" and "no" in sub.last_error
    assert not setup.subscriber.active(FEED.url)


def test_pushed_items_are_published_at_once_and_bad_signatures_refused(setup):
    setup.subscribe()
    callback = setup.callback()
    assert setup.hub.push(callback, rss("a"), secret="not-the-secret") == 403
    assert setup.hub.push(callback, rss("a"), signature="") == 403  # unsigned
    assert setup.hub.push(callback, rss("a"), signature="md5=0123") == 403  # a method the spec does not allow
    assert setup.published == []
    before = datetime.now(timezone.utc)
    assert setup.hub.push(callback, rss("a", "b")) == 202
    assert [a.title for a in setup.published] == ["Item a", "Item b"]
    assert all(before <= a.first_seen <= datetime.now(timezone.utc) for a in setup.published)
    assert setup.hub.push(callback, rss("c", "a", "b"), method="sha1") == 202  # only c is new
    assert [a.title for a in setup.published] == ["Item a", "Item b", "Item c"]


def test_a_push_for_an_unknown_subscription_is_gone(setup):
    response = httpx.post(setup.callback_url.format(port=setup.server.port) + "/nobody", content=rss("a"),
                          headers={"X-Hub-Signature": "sha256=00"}, timeout=5)
    assert response.status_code == 410 and setup.published == []


def test_a_lease_is_renewed_before_it_ends(tmp_path):
    s = Setup(tmp_path, lease_s=2, verify_timeout_s=5.0, retry_s=0.1)
    try:
        s.subscribe()
        first = s.store.subscription(feed_url=FEED.url)
        active_throughout = True
        while datetime.now(timezone.utc) < first.lease_until + (first.lease_until - first.requested_at):
            s.subscriber.renew_due()
            active_throughout &= s.subscriber.active(FEED.url)
            time.sleep(0.05)
        renewals = [r for r in s.hub.requests if r.mode == "subscribe"]
        verified = [v for v in s.hub.wait_verified(len(renewals)) if v.status == 200]
        assert len(renewals) >= 2 and len(verified) >= 2 and active_throughout
        assert renewals[1].callback == renewals[0].callback and renewals[1].secret == renewals[0].secret
        assert s.store.subscription(feed_url=FEED.url).lease_until > first.lease_until
    finally:
        s.close()


def test_a_failed_request_is_retried_with_backoff(tmp_path):
    s = Setup(tmp_path, answer=500, retry_s=0.3)
    try:
        s.subscriber.advertised(FEED, hub=s.hub.url, topic=TOPIC)
        sub = s.store.subscription(feed_url=FEED.url)
        assert (sub.state, sub.last_error, sub.attempts) == ("failed", "HTTP 500", 1)
        assert s.subscriber.renew_due() == 0 and len(s.hub.requests) == 1  # not yet
        time.sleep(0.35)
        s.hub.answer = 202
        assert s.subscriber.renew_due() == 1 and s.hub.wait_verified()[-1].status == 200
        assert s.subscriber.active(FEED.url)
    finally:
        s.close()


def test_a_feed_that_left_the_feeds_file_is_unsubscribed(tmp_path):
    s = Setup(tmp_path)
    try:
        s.subscribe()
        s.subscriber.feeds = {}  # restarted with a feeds file that no longer lists it
        assert s.subscriber.renew_due() == 1 and s.hub.requests[-1].mode == "unsubscribe"
        assert s.hub.wait_verified(2)[-1].status == 200
        assert s.store.subscription(feed_url=FEED.url) is None
    finally:
        s.close()


@pytest.mark.parametrize("where", ["feed", "link header"])
def test_the_poller_subscribes_a_feed_that_advertises_a_hub(tmp_path, server, where):
    feed = Feed(name="news", url=server.url("/feed.xml"), interval=600)
    s = Setup(tmp_path, feeds=(feed,))
    try:
        if where == "feed":
            server.routes["/feed.xml"] = lambda h: reply(h, 200, rss("a", hub=s.hub.url, topic=feed.url))
        else:
            link = f'<{s.hub.url}>; rel="hub", <{feed.url}>; rel="self"'
            server.routes["/feed.xml"] = lambda h: reply(h, 200, rss("a"), Link=link)
        s.poller.poll(feed, force=True)
        assert s.hub.wait_verified()[-1].status == 200 and s.hub.requests[0].topic == feed.url
        s.poller.poll(feed, force=True)
        state = s.store.load(feed.url)
        assert state.interval_s == 7200 and "WebSub" in state.interval_reason  # polled now as a safety net
    finally:
        s.close()


def test_signature_check_is_exact():
    body = b"<rss/>"
    good = "sha256=" + __import__("hmac").new(b"k", body, "sha256").hexdigest()
    assert signed("k", body, good) and signed("k", body, good.upper().replace("SHA256", "sha256"))
    assert not signed("k", body + b" ", good) and not signed("other", body, good)
    assert not signed("k", body, None) and not signed("k", body, "sha256=") and not signed("k", body, good[7:])


def test_websub_is_off_by_default_and_a_callback_url_must_be_http():
    from newsmon.errors import ConfigError
    from newsmon.settings import Settings
    from producers.feeds.service import check_callback_url

    assert Settings().feed_websub_callback_url is None and check_callback_url(Settings()) is None
    assert check_callback_url(Settings(feed_websub_callback_url="https://desk.example/websub"))
    with pytest.raises(ConfigError, match="NEWSMON_FEED_WEBSUB_CALLBACK_URL"):
        check_callback_url(Settings(feed_websub_callback_url="desk.example/websub"))
