"""The world of bench/freshness_bench.py: feeds with realistic rhythms, the local hosts that serve them, the clock
that runs it faster than life, and a WebSub hub. See the bench's docstring for what each is."""

from __future__ import annotations

import hashlib
import hmac
import math
import random
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx

HOSTS = 30
LISTED = 20
DAY = 86_400.0


@dataclass
class WorldFeed:
    index: int
    kind: str  # busy, daily, dormant
    interval: float  # the feeds-file interval (world seconds)
    hub: bool  # advertises the hub in the websub mode
    times: list[float]  # publication times (world seconds from the run's start), sorted
    shown: int = 0  # how many of times are published now
    body: bytes = b""
    etag: str = ""

    @property
    def host(self) -> str:
        return f"127.0.0.{2 + self.index % HOSTS}"


def day_curve(t: float) -> float:
    hour = (t / 3600.0) % 24
    return math.sin(math.pi * (hour - 6) / 16) if 6 <= hour <= 22 else 0.0


def arrivals(rng: random.Random, rate, start: float, end: float, peak: float) -> list[float]:
    """A Poisson process of rate(t) <= peak items per second (thinning)."""
    t, out = start, []
    while True:
        t += rng.expovariate(peak)
        if t >= end:
            return out
        if rng.random() < rate(t) / peak:
            out.append(t)


def make_world(n: int, hours: float, seed: int) -> list[WorldFeed]:
    rng, feeds = random.Random(seed), []
    start, end = -2 * DAY, hours * 3600.0
    for i in range(n):
        kind = "busy" if i % 15 == 0 else "daily" if i % 3 == 1 else "dormant"
        if kind == "busy":
            base = rng.uniform(2, 5) / 3600
            times = arrivals(rng, lambda t: base * (0.4 + 0.6 * day_curve(t)), start, end, base)
            for burst in arrivals(rng, lambda t: (0.3 + day_curve(t)) / 7200, start, end, 1.3 / 7200):
                times += [burst + rng.expovariate(1 / 300) for _ in range(rng.randint(4, 12))]
        elif kind == "daily":
            peak = rng.uniform(1, 5) / 3600
            times = arrivals(rng, lambda t: peak * day_curve(t), start, end, peak)
        else:
            rate = 1 / (rng.uniform(1, 7) * DAY)
            times = arrivals(rng, lambda t: rate, start, end, rate)
        times = sorted(t for t in times if t < end)
        history = [t for t in times if t <= 0][-LISTED:] or [start + rng.uniform(0, DAY) for _ in range(3)]
        feeds.append(WorldFeed(i, kind, rng.choice([600.0, 900.0]), False, sorted(history) + [t for t in times if t > 0],
                               shown=len(history)))
    for kind in ("busy", "daily"):
        for n, feed in enumerate(f for f in feeds if f.kind == kind):
            feed.hub = n % 3 == 0  # a third of each
    return feeds


class Clock:
    """World time <-> real (monotonic) time at a scale."""

    def __init__(self, scale: float) -> None:
        self.scale, self.real0, self.wall0 = scale, time.monotonic(), datetime.now(timezone.utc)

    def real(self, world_s: float) -> float:
        return self.real0 + world_s / self.scale

    def wall(self, world_s: float) -> datetime:
        return self.wall0 + timedelta(seconds=world_s / self.scale)


class FeedServers:
    """Every feed at http://127.0.0.N:port/f/<index>.xml, with ETag; counts the poller's requests per feed."""

    def __init__(self, feeds: list[WorldFeed], clock: Clock) -> None:
        self.feeds, self.clock, self.hub_url = feeds, clock, ""
        self.requests, self.hub_fetches = [0] * len(feeds), 0
        self.lock = threading.Lock()
        bench = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                feed = bench.feeds[int(parts.path.rsplit("/", 1)[-1].removesuffix(".xml"))]
                with bench.lock:
                    if "hub" in parts.query:
                        bench.hub_fetches += 1
                    else:
                        bench.requests[feed.index] += 1
                with bench.lock:
                    body, etag = feed.body, feed.etag
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                for name, value in (("Content-Type", "application/rss+xml"), ("ETag", etag),
                                    ("Content-Length", str(len(body)))):
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        first = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
        self.port = first.server_address[1]
        self.servers = [first] + [ThreadingHTTPServer((f"127.0.0.{2 + h}", self.port), Handler) for h in range(1, HOSTS)]
        for server in self.servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def url(self, feed: WorldFeed) -> str:
        return f"http://{feed.host}:{self.port}/f/{feed.index}.xml"

    def render(self, feed: WorldFeed, *, websub: bool) -> None:
        """The feed's body with its newest LISTED published items."""
        items = "".join(f"<item><title>Item {feed.index}.{n}</title><guid isPermaLink='false'>{feed.index}.{n}</guid>"
                        f"<link>https://news{feed.index}.example/{n}</link>"
                        f"<pubDate>{format_datetime(self.clock.wall(feed.times[n]))}</pubDate></item>"
                        for n in range(feed.shown - 1, max(-1, feed.shown - 1 - LISTED), -1))
        links = (f"<atom:link rel='hub' href='{self.hub_url}'/><atom:link rel='self' href='{self.url(feed)}'/>"
                 if websub and feed.hub else "")
        body = (f"<?xml version='1.0'?><rss version='2.0' xmlns:atom='http://www.w3.org/2005/Atom'><channel>"
                f"<title>Feed {feed.index}</title><link>https://news{feed.index}.example/</link>{links}{items}"
                "</channel></rss>").encode()
        with self.lock:
            feed.body, feed.etag = body, f'"{feed.shown}"'

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


@dataclass
class BenchHub:
    """A WebSub hub: takes subscriptions (verifying intent), and on a publisher's ping fetches the topic and pushes
    it, signed with each subscriber's secret."""

    lease_s: float
    subscribers: dict[str, dict[str, str]] = field(default_factory=dict)  # topic -> callback -> secret

    def __post_init__(self) -> None:
        self.lock, self.pool, self.client = threading.Lock(), ThreadPoolExecutor(8), httpx.Client(timeout=10)
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()
                hub.pool.submit(hub.verify, form)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def verify(self, form: dict[str, str]) -> None:
        challenge = secrets.token_hex(8)
        params = {"hub.mode": form["hub.mode"], "hub.topic": form["hub.topic"], "hub.challenge": challenge,
                  "hub.lease_seconds": str(int(self.lease_s))}
        answer = self.client.get(form["hub.callback"], params=params)
        if answer.status_code == 200 and answer.text == challenge:
            with self.lock:
                subs = self.subscribers.setdefault(form["hub.topic"], {})
                if form["hub.mode"] == "subscribe":
                    subs[form["hub.callback"]] = form.get("hub.secret", "")
                else:
                    subs.pop(form["hub.callback"], None)

    def ping(self, topic: str) -> None:
        """The publisher's notification: fetch the topic and push it to its subscribers, off this thread."""
        self.pool.submit(self._distribute, topic)

    def _distribute(self, topic: str) -> None:
        body = self.client.get(topic + "?hub=1").content
        with self.lock:
            targets = list(self.subscribers.get(topic, {}).items())
        for callback, secret in targets:
            signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            self.client.post(callback, content=body, headers={"Content-Type": "application/rss+xml",
                                                              "X-Hub-Signature": signature})

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.client.close()
