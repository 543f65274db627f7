"""Freshness: how long after publication a feed's new item is in Kafka, with fixed polling (today), adaptive
polling, and adaptive polling plus WebSub; and what each costs in requests.

Run: .venv/bin/python bench/freshness_bench.py [--feeds 120] [--hours 24] [--scale 360] [--modes fixed,adaptive,websub]
     [--bootstrap 127.0.0.1:9092] [--seed 7]

The world (bench/freshness_world.py). --feeds local RSS feeds (default 120) on 30 local hosts (127.0.0.2 to 127.0.0.31, four feeds each, so
the per-host gate has real hosts to keep apart), in three kinds: busy feeds (a steady 2-5 items/h, more by day,
plus bursts of 4-12 items within minutes, about one burst per two hours by day), daily-cycle feeds (1-5 items/h at
the peak of a day that runs 06:00-22:00, none at night) and dormant feeds (one item every 1-7 days); one in 15, one
in 3 and three in 5 of the feeds. The day starts at 00:00. Each feed already lists the 20 items it published in the
two days before the run. Fixed polling uses the feeds-file intervals of the shipped feeds.yaml (600 or 900 s).
A third of the busy and the daily feeds advertise a local WebSub hub (written here) in the websub mode: their
publisher pings the hub when an item appears; the hub fetches the feed and pushes it, signed, to the subscribers.

Time is scaled: the whole run goes --scale times faster than the world's clock (360: a 24 h day in 4 minutes).
Every duration of the world and the poller is divided by the scale (feed intervals, the adaptive floor, ceiling and
half-life, the per-host gap, backoffs, WebSub leases and renewals); publication dates in the feeds are the scaled
real times, so the poller learns its rhythms from real dates. Each item's lag is measured in real seconds in two
parts: the wait from its publication until the request of the poll that found it began (intervals, gaps, a queue
for a worker), multiplied by the scale; and the work after it (the request, the parse, Kafka's acknowledgement),
as it took, since that work does not go slower in a slower world. The table also gives the lags with the work
scaled as well, a pessimistic bound (20 ms of work is 7 s of world time at 360). An item a hub pushed has no
wait: its lag is the real time from publication to acknowledgement (the hub's fetch and push included).

What is measured. Publication (the moment the item appears in its feed) to the moment the poller's publish of the
raw article returns, i.e. Kafka acknowledged it: a stand-in for publication-to-alert, since the rest of the
pipeline (enricher, alerter, deliverer) takes under a second (docs/quality.md, Pipeline latency: p99 224 ms from
publish to webhook). Items published in the last two (scaled) hours are not counted: every counted item had at
least the adaptive ceiling to be found. Requests are the poller's, per feed per (world) hour, over the whole run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from freshness_world import DAY, BenchHub, Clock, FeedServers, WorldFeed, make_world  # noqa: E402
from newsmon import kafka_io  # noqa: E402
from newsmon.messages import encode  # noqa: E402
from newsmon.settings import Settings  # noqa: E402
from producers.feeds.config import Feed  # noqa: E402
from producers.feeds.fetch import FeedFetcher, FetchLimits  # noqa: E402
from producers.feeds.poller import FeedPoller  # noqa: E402
from producers.feeds.rhythm import PollPolicy  # noqa: E402
from producers.feeds.service import status_reporter  # noqa: E402
from producers.feeds.state import FeedStateStore  # noqa: E402
from producers.feeds.websub import Subscriber  # noqa: E402
from producers.feeds.websub_app import CallbackApp, CallbackServer  # noqa: E402

class TimedFetcher(FeedFetcher):
    """Notes, per poll thread, the real time its fetch began: what came before is waiting, what comes after is work."""

    began = threading.local()

    def fetch(self, url, *args, **kwargs):
        TimedFetcher.began.at = time.monotonic()
        return super().fetch(url, *args, **kwargs)


@dataclass
class Outcome:
    mode: str
    lags: dict[str, list[float]]  # kind (and "pushed") -> lags in world seconds: waits scaled, work real
    scaled: dict[str, list[float]]  # the same with the work scaled too (the pessimistic bound)
    pushed_real: list[float]  # real seconds, pushed items only
    unseen: int
    requests: list[int]
    hub_fetches: int
    hours: float


def run_mode(mode: str, world: list[WorldFeed], args, tmp: Path) -> Outcome:
    """One run of the world under one polling mode."""
    for feed in world:
        feed.shown = sum(1 for t in feed.times if t <= 0)
    clock = Clock(args.scale)
    servers = FeedServers(world, clock)
    websub = mode == "websub"
    hub = BenchHub(lease_s=6 * 3600 / args.scale) if websub else None
    servers.hub_url = hub.url if hub else ""
    for feed in world:
        servers.render(feed, websub=websub)
    tag = uuid.uuid4().hex[:8]
    settings = Settings(kafka_bootstrap=args.bootstrap, kafka_client_id=f"bench-{tag}", topic_raw=f"bench-{tag}.raw",
                        topic_feed_status=f"bench-{tag}.feeds.status")
    kafka_io.ensure_topics(settings, {settings.topic_raw: settings.article_partitions, settings.topic_feed_status: 1})
    publisher = kafka_io.Publisher(settings, client_id=f"bench-{tag}")
    appeared: dict[str, float] = {}  # title -> real time the item appeared
    acked: dict[str, tuple[float, float | None]] = {}  # title -> (real time acknowledged, its poll's fetch began)
    pushing = threading.local()  # set in the callback server's threads: their publishes are pushes

    def publish(articles) -> int:
        count = publisher.wait([publisher.send(settings.topic_raw, a.id, encode(a)) for a in articles])
        now, began = time.monotonic(), None if getattr(pushing, "on", False) else TimedFetcher.began.at
        for article in articles:
            acked.setdefault(article.title, (now, began))
        return count

    def accept(feed, body, content_type) -> int:
        pushing.on = True
        return poller.accept_push(feed, body, content_type=content_type)

    scale = args.scale
    policy = PollPolicy(adaptive=False) if mode == "fixed" else PollPolicy().scaled(scale)
    feeds = [Feed(name=f"feed-{f.index}", url=servers.url(f), interval=f.interval / scale) for f in world]
    store = FeedStateStore(tmp / f"{mode}-{tag}.sqlite")
    fetcher = TimedFetcher(limits=FetchLimits(allow_private=True, deadline_s=30.0), host_gap_s=1.0 / scale)
    subscriber = callback = None
    if websub:  # the callback server first: the subscriber's callback URL needs its port
        app = CallbackApp(None, accept)
        callback = CallbackServer(app, host="127.0.0.1", port=0).start()
        subscriber = app.subscriber = Subscriber(
            store=store, callback_url=f"http://127.0.0.1:{callback.port}/websub", feeds=feeds, lease_s=DAY / scale,
            allow_private=True, verify_timeout_s=600 / scale, retry_s=60 / scale)
    poller = FeedPoller(fetcher=fetcher, store=store, publish=publish, report=status_reporter(publisher, settings),
                        max_backoff_s=6 * 3600 / scale, policy=policy, websub=subscriber)
    from apscheduler.executors.pool import ThreadPoolExecutor as SchedulerPool
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    scheduler = BackgroundScheduler(executors={"default": SchedulerPool(8)}, timezone="UTC")
    poller.schedule(scheduler, feeds)
    if subscriber:
        scheduler.add_job(subscriber.renew_due, IntervalTrigger(seconds=subscriber.check_every_s), max_instances=1,
                          coalesce=True)
    end = args.hours * 3600.0
    events = sorted((t, f.index, n) for f in world for n, t in enumerate(f.times) if t > 0)
    print(f"{mode}: {len(feeds)} feeds, {len(events)} items over {args.hours:g} h in {end / scale:.0f} s real",
          file=sys.stderr, flush=True)
    scheduler.start()
    for t, index, n in events:  # the publishers
        time.sleep(max(0.0, clock.real(t) - time.monotonic()))
        feed = world[index]
        feed.shown = n + 1
        appeared[f"Item {index}.{n}"] = time.monotonic()
        servers.render(feed, websub=websub)
        if hub and feed.hub:
            hub.ping(servers.url(feed))
    time.sleep(max(0.0, clock.real(end) - time.monotonic()))
    scheduler.shutdown(wait=True)
    requests, hub_fetches = list(servers.requests), servers.hub_fetches
    for closing in filter(None, (callback, subscriber, hub)):
        closing.close()
    servers.close()
    fetcher.close()
    publisher.close()
    store.close()
    counted = end - 2 * 3600.0
    lags: dict[str, list[float]] = {"busy": [], "daily": [], "dormant": [], "pushed": []}
    scaled: dict[str, list[float]] = {k: [] for k in lags}
    pushed_real, unseen = [], 0
    for t, index, n in events:
        if t > counted:
            continue
        title, feed = f"Item {index}.{n}", world[index]
        at, began = acked.get(title, (clock.real(end), clock.real(end)))  # unseen at the end: all of it waiting
        unseen += title not in acked
        wait = max(0.0, began - appeared[title]) if began is not None else 0.0  # until its poll's request began
        world_lag = wait * scale + (at - appeared[title] - wait)  # the waits scaled, the work as it took
        kinds = [feed.kind] + (["pushed"] if websub and feed.hub else [])
        for kind in kinds:
            lags[kind].append(world_lag)
            scaled[kind].append((at - appeared[title]) * scale)
        if websub and feed.hub and began is None and title in acked:
            pushed_real.append(at - appeared[title])
    return Outcome(mode, lags, scaled, pushed_real, unseen, requests, hub_fetches, args.hours)


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(outcomes: list[Outcome], world: list[WorldFeed]) -> None:
    kinds = {k: sum(1 for f in world if f.kind == k) for k in ("busy", "daily", "dormant")}
    hubs = {k: sum(1 for f in world if f.hub and f.kind == k) for k in kinds}
    print(f"\n{len(world)} feeds ({kinds['busy']} busy, {kinds['daily']} daily-cycle, {kinds['dormant']} dormant; "
          f"in the websub mode {hubs['busy']} busy and {hubs['daily']} daily ones have a hub). Lags in world seconds:"
          " the wait until the poll's request scaled, the request, parse and Kafka acknowledgement as they took"
          " (in brackets: everything scaled, the pessimistic bound)")
    print(f"{'mode':<9} {'items':>5} {'median':>7} {'p95':>7}  {'busy med':>8} {'busy p95':>8}  {'daily med':>9} "
          f"{'dormant med':>11}  {'req/feed/h':>10} {'requests':>8}  unseen")
    for o in outcomes:
        every = [v for k in ("busy", "daily", "dormant") for v in o.lags[k]]
        per_hour = sum(o.requests) / len(o.requests) / o.hours
        bound = [v for k in ("busy", "daily", "dormant") for v in o.scaled[k]]
        print(f"{o.mode:<9} {len(every):>5} {quantile(every, .5):>7.0f} {quantile(every, .95):>7.0f}  "
              f"{quantile(o.lags['busy'], .5):>8.0f} {quantile(o.lags['busy'], .95):>8.0f}  "
              f"{quantile(o.lags['daily'], .5):>9.0f} {quantile(o.lags['dormant'], .5):>11.0f}  "
              f"{per_hour:>10.2f} {sum(o.requests):>8}  {o.unseen}")
        print(f"          [all scaled: median {quantile(bound, .5):.0f}, p95 {quantile(bound, .95):.0f}, busy median "
              f"{quantile(o.scaled['busy'], .5):.0f}, busy p95 {quantile(o.scaled['busy'], .95):.0f}]"
              + (f"; the hub fetched feeds {o.hub_fetches} times" if o.hub_fetches else ""))
        for kind in ("busy", "daily", "dormant"):
            share = [o.requests[f.index] for f in world if f.kind == kind]
            print(f"          {kind:<8} requests/feed/h {sum(share) / len(share) / o.hours:6.2f}")
        if o.pushed_real:
            print(f"          pushed feeds: {len(o.lags['pushed'])} items, lag median {quantile(o.lags['pushed'], .5):.1f} s,"
                  f" p95 {quantile(o.lags['pushed'], .95):.1f} s; the {len(o.pushed_real)} that came by push: median "
                  f"{statistics.median(o.pushed_real):.3f} s, p95 {quantile(o.pushed_real, .95):.3f} s (real seconds)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=120)
    parser.add_argument("--hours", type=float, default=24.0, help="world hours to run (from 00:00)")
    parser.add_argument("--scale", type=float, default=360.0, help="world seconds per real second")
    parser.add_argument("--modes", default="fixed,adaptive,websub")
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    import logging

    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # a renewal check skipped while one runs is no news
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # pushes queued a moment behind the feed's poll
    if args.hours <= 2:
        parser.error("--hours must be above 2 (the last two hours' items are not counted)")
    world = make_world(args.feeds, args.hours, args.seed)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="freshness-bench-") as tmp:
        outcomes = [run_mode(mode, world, args, Path(tmp)) for mode in args.modes.split(",")]
    print(f"\nbench/freshness_bench.py --feeds {args.feeds} --hours {args.hours:g} --scale {args.scale:g} --seed {args.seed}")
    report(outcomes, world)
    return 0


if __name__ == "__main__":
    sys.exit(main())
