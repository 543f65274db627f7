"""WebSub (W3C Recommendation, 2018) subscriber: a feed that advertises a hub gets its new items pushed.

Discovery: after each good fetch the poller passes the hub and self (topic) links it found, from the Link headers
or the feed's own <atom:link rel="hub"/"self">. `Subscriber.advertised` subscribes when the feed has no
subscription yet (or its hub or topic changed): a fresh record with a random callback token and a random secret is
stored first, then the hub is asked (POST hub.mode=subscribe, hub.topic, hub.callback, hub.lease_seconds,
hub.secret). The hub then verifies our intent: a GET to the callback that `verify` answers with its challenge only
for a token we issued and the topic we asked for. Content the hub pushes must carry X-Hub-Signature, the HMAC of
the body under the subscription's secret (`signed`); unsigned or wrongly signed content is refused.

`renew_due`, run every `check_every_s` by the service, asks the hub again before a lease ends, retries a request
that failed (backing off) or was never verified, and unsubscribes feeds no longer in the feeds file. Hub URLs are
user input like feed URLs: they pass the same SSRF check (`newsmon.netguard`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import socket
from datetime import datetime, timedelta, timezone
from typing import Callable, Mapping

import httpx

from newsmon import netguard
from producers.feeds.config import Feed
from producers.feeds.fetch import USER_AGENT
from producers.feeds.state import FeedStateStore, Subscription

log = logging.getLogger(__name__)

DIGESTS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
MAX_RETRY_S = 6 * 3600.0


def signed(secret: str, body: bytes, header: str | None) -> bool:
    """Whether X-Hub-Signature (`method=hexdigest`, sha1/256/384/512) is the HMAC of body under secret."""
    method, _, digest = (header or "").strip().partition("=")
    algorithm = DIGESTS.get(method.strip().lower())
    if algorithm is None or not digest:
        return False
    expected = hmac.new(secret.encode("utf-8"), body, algorithm).hexdigest()
    return hmac.compare_digest(expected, digest.strip().lower())


class Subscriber:
    """Subscriptions of the configured feeds to the hubs they advertise; thread-safe through the store."""

    def __init__(self, *, store: FeedStateStore, callback_url: str, feeds: list[Feed], lease_s: float = 86_400.0,
                 allow_private: bool = False, client: httpx.Client | None = None, resolve=socket.getaddrinfo,
                 verify_timeout_s: float = 600.0, retry_s: float = 60.0, timeout_s: float = 10.0,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._store, self._base = store, callback_url.rstrip("/")
        self.feeds: Mapping[str, Feed] = {feed.url: feed for feed in feeds}
        self.lease_s, self._allow_private, self._resolve = lease_s, allow_private, resolve
        self._verify_timeout_s, self._retry_s, self._timeout_s, self._clock = verify_timeout_s, retry_s, timeout_s, clock
        self._own_client = client is None
        self._client = client or httpx.Client(follow_redirects=False, trust_env=False)
        self.check_every_s = max(0.05, min(60.0, lease_s / 20, verify_timeout_s / 4, retry_s))

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    def callback(self, sub: Subscription) -> str:
        return f"{self._base}/{sub.token}"

    def active(self, feed_url: str) -> bool:
        """Whether a hub pushes this feed now: a verified subscription whose lease has not ended."""
        sub = self._store.subscription(feed_url=feed_url)
        return bool(sub and sub.state == "verified" and sub.lease_until and sub.lease_until > self._clock())

    def advertised(self, feed: Feed, *, hub: str | None, topic: str) -> None:
        """After a good fetch: subscribe when the feed names a hub and has no subscription to it for this topic."""
        if not hub or feed.url not in self.feeds:
            return
        sub = self._store.subscription(feed_url=feed.url)
        if sub is not None and (sub.hub, sub.topic) == (hub, topic):
            return  # renewals and retries are renew_due's
        sub = Subscription(feed_url=feed.url, hub=hub, topic=topic, token=secrets.token_urlsafe(18),
                           secret=secrets.token_urlsafe(32))
        self._store.save_subscription(sub)
        log.info("Feed %s advertises the WebSub hub %s; subscribing.", feed.name, hub)
        self.request(sub)

    def renew_due(self) -> int:
        """Ask hubs again where due (lease ending, request failed or unverified), and unsubscribe feeds no longer
        configured; returns the requests made."""
        now, made = self._clock(), 0
        for sub in self._store.subscriptions():
            if sub.feed_url not in self.feeds and sub.state != "unsubscribing":
                self.request(sub, mode="unsubscribe")
                made += 1
            elif sub.retry_at is None or sub.retry_at <= now:
                self.request(sub, mode="unsubscribe" if sub.state == "unsubscribing" else "subscribe")
                made += 1
        return made

    def request(self, sub: Subscription, *, mode: str = "subscribe") -> Subscription:
        """POST a (un)subscription request to the hub; the record notes when to act next."""
        now = self._clock()
        form = {"hub.mode": mode, "hub.topic": sub.topic, "hub.callback": self.callback(sub)}
        if mode == "subscribe":
            form |= {"hub.lease_seconds": str(int(self.lease_s)), "hub.secret": sub.secret}
        error = self._post(sub.hub, form)
        if error is None:
            sub.attempts, sub.last_error, sub.requested_at = 0, None, now
            sub.state = "unsubscribing" if mode == "unsubscribe" else sub.state if sub.state == "verified" else "requested"
            sub.retry_at = now + timedelta(seconds=self._verify_timeout_s)  # asked again if never verified
        else:
            sub.attempts += 1
            sub.last_error = error
            sub.state = sub.state if sub.state in ("verified", "unsubscribing") else "failed"
            sub.retry_at = now + timedelta(seconds=min(self._retry_s * 2 ** (sub.attempts - 1), MAX_RETRY_S))
            log.warning("WebSub %s of %s at hub %s failed (%s); asking again at %s.", mode, sub.topic, sub.hub,
                        error, sub.retry_at.isoformat(timespec="seconds"))
        self._store.save_subscription(sub)
        return sub

    def verify(self, token: str, args: Mapping[str, str]) -> tuple[int, str]:
        """Answer the hub's verification of intent (or denial): (HTTP status, body)."""
        sub = self._store.subscription(token=token)
        mode, topic = args.get("hub.mode", ""), args.get("hub.topic", "")
        if sub is None or topic != sub.topic:
            log.warning("Refused a WebSub %s verification for an unknown subscription or topic %r.", mode or "?", topic)
            return 404, "no such subscription"
        now = self._clock()
        if mode == "denied":
            sub.state, sub.last_error = "denied", f"denied by the hub: {args.get('hub.reason', 'no reason given')}"
            sub.retry_at = now + timedelta(seconds=MAX_RETRY_S)
            self._store.save_subscription(sub)
            log.warning("The WebSub hub %s denied the subscription to %s (%s).", sub.hub, topic, sub.last_error)
            return 200, ""
        wanted = "unsubscribe" if sub.state == "unsubscribing" else "subscribe"
        challenge = args.get("hub.challenge", "")
        if mode != wanted or not challenge:
            log.warning("Refused a WebSub %s verification for %s: we asked for %s.", mode, topic, wanted)
            return 404, "not requested"
        if mode == "unsubscribe":
            self._store.delete_subscription(sub.feed_url)
            return 200, challenge
        lease = _lease(args.get("hub.lease_seconds"), self.lease_s)
        sub.state, sub.lease_until, sub.lease_s = "verified", now + timedelta(seconds=lease), lease
        # Renew a tenth of the lease before its end, and at least 5 minutes (half of a short lease) before it, so
        # a slow hub has time to verify the renewal before the lease runs out.
        margin = max(0.1 * lease, 2 * self.check_every_s, min(0.5 * lease, 300.0))
        sub.retry_at = sub.lease_until - timedelta(seconds=margin)
        self._store.save_subscription(sub)
        log.info("WebSub subscription to %s verified by %s for %.0f s.", topic, sub.hub, lease)
        return 200, challenge

    def pushed(self, token: str, body: bytes, signature: str | None) -> tuple[Feed | None, int, str]:
        """Check content a hub pushed: (the feed it is for, or None when refused; HTTP status; why)."""
        sub = self._store.subscription(token=token)
        feed = self.feeds.get(sub.feed_url) if sub is not None else None
        if sub is None or feed is None:
            return None, 410, "no such subscription"
        if not signed(sub.secret, body, signature):
            log.warning("Refused content pushed for feed %s: %s X-Hub-Signature.", feed.name,
                        "a wrong" if signature else "no")
            return None, 403, "missing or wrong X-Hub-Signature"
        return feed, 200, ""

    def feed_name(self, token: str) -> str | None:
        """The name of the feed a callback token belongs to, for metrics and logs."""
        sub = self._store.subscription(token=token)
        feed = self.feeds.get(sub.feed_url) if sub is not None else None
        return feed.name if feed is not None else None

    def _post(self, url: str, form: dict[str, str]) -> str | None:
        """POST form to the hub (redirects 307/308 followed, each hop checked); None on 2xx, else why not."""
        for _hop in range(4):
            try:
                addresses = netguard.check_url(url, allow_private=self._allow_private, resolve=self._resolve)
                target, headers, extensions = netguard.pinned(url, addresses, allow_private=self._allow_private)
                response = self._client.post(target, data=form, headers=headers | {"user-agent": USER_AGENT},
                                             extensions=extensions, timeout=self._timeout_s)
            except netguard.UnsafeURL as exc:
                return f"unsafe hub URL: {exc.reason}"
            except httpx.HTTPError as exc:
                return f"{type(exc).__name__}: {exc}"[:200]
            if response.status_code in (307, 308) and "location" in response.headers:
                url = str(httpx.URL(url).join(response.headers["location"]))
                continue
            return None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
        return "too many redirects"


def _lease(value: str | None, default: float) -> float:
    try:
        lease = float(value) if value else default
    except ValueError:
        return default
    return lease if lease > 0 else default
