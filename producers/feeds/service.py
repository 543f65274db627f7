"""The feed poller as a service (`newsmon poll`) and the feeds-file check (`newsmon feeds check`)."""

from __future__ import annotations

import argparse
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from newsmon import exitcodes, kafka_io
from newsmon.errors import ConfigError, RecordTooLarge
from newsmon.health import maybe_serve
from newsmon.messages import FeedStatus, encode
from newsmon.runloop import StopFlag, run_until_stopped
from newsmon.settings import Settings
from newsmon.sizes import fit_article
from producers.feeds.config import DEFAULT_FEEDS_FILE, load_feeds
from producers.feeds.fetch import FeedFetcher, FetchLimits
from producers.feeds.parse import FeedConfig, parse_feed
from producers.feeds.poller import FeedPoller
from producers.feeds.rhythm import PollPolicy
from producers.feeds.state import FeedStateStore

log = logging.getLogger(__name__)


def make_fetcher(settings: Settings):
    """A FeedFetcher with the configured limits."""
    return FeedFetcher(limits=FetchLimits(
        connect_timeout_s=settings.feed_connect_timeout_s, read_timeout_s=settings.feed_read_timeout_s,
        deadline_s=settings.feed_deadline_s, max_bytes=settings.feed_max_bytes,
        max_redirects=settings.feed_max_redirects, allow_private=settings.feed_allow_private,
    ), per_host_limit=settings.feed_per_host_limit, host_gap_s=settings.feed_host_gap_s)


def poll_policy(settings: Settings) -> PollPolicy:
    """Adaptive polling's limits from the settings; a floor above the ceiling is a configuration error."""
    if settings.feed_min_interval_s > settings.feed_max_interval_s:
        raise ConfigError(f"setting feed_min_interval_s (NEWSMON_FEED_MIN_INTERVAL_S): {settings.feed_min_interval_s:g} "
                          f"is above feed_max_interval_s ({settings.feed_max_interval_s:g})")
    return PollPolicy(adaptive=settings.feed_adaptive, floor_s=settings.feed_min_interval_s,
                      ceiling_s=settings.feed_max_interval_s, websub_poll_s=settings.feed_websub_poll_s)


def status_reporter(publisher: kafka_io.Publisher, settings: Settings) -> Callable[[FeedStatus], None]:
    """The poller's `report`: each FeedStatus to the compacted status topic, keyed by feed name, once acknowledged
    (any failure raises; the poller logs it and polls on)."""
    def report(status: FeedStatus) -> None:
        publisher.wait([publisher.send(settings.topic_feed_status, status.id, encode(status))])

    return report


def feeds_of(args: argparse.Namespace, settings: Settings):
    """The feeds to poll: --feeds, else NEWSMON_FEEDS_FILE, else the shipped default."""
    path = Path(args.feeds) if getattr(args, "feeds", None) else (settings.feeds_file or DEFAULT_FEEDS_FILE)
    return load_feeds(path)


def run_poll(args: argparse.Namespace, settings: Settings) -> int:
    """Poll feeds on their schedules (or each once with --once) and publish new entries."""
    from apscheduler.executors.pool import ThreadPoolExecutor as SchedulerPool
    from apscheduler.schedulers.background import BackgroundScheduler

    from producers.feeds.full_text import full_text_filler  # trafilatura loads slowly: only for the service

    feeds = feeds_of(args, settings)
    policy = poll_policy(settings)
    check_callback_url(settings)
    status = {"ready": False}
    health = maybe_serve(settings, lambda: (True, "polling") if status["ready"] else (False, "starting"))
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    settings.feed_state_path.parent.mkdir(parents=True, exist_ok=True)
    fetcher = make_fetcher(settings)
    store = FeedStateStore(settings.feed_state_path)
    publisher = kafka_io.Publisher(settings, client_id=f"{settings.kafka_client_id}-poller")

    def publish(articles) -> int:
        futures = []
        for article in articles:
            article = fit_article(article, settings.max_article_chars)  # cut at a paragraph, marked truncated
            try:
                futures.append(publisher.send(settings.topic_raw, article.id, encode(article)))
            except RecordTooLarge as exc:  # only when the limits were set against each other
                log.error("Did not publish %s from %s: %s.", article.id, article.source, exc)
        return publisher.wait(futures)

    subscriber = None if args.once else make_subscriber(settings, store, feeds)
    poller = FeedPoller(fetcher=fetcher, store=store, publish=publish, report=status_reporter(publisher, settings),
                        max_backoff_s=settings.feed_max_backoff_s, policy=policy, websub=subscriber,
                        seen_history=settings.feed_seen_history, full_text=full_text_filler(fetcher))
    callback = serve_callback(settings, subscriber, poller) if subscriber else None
    totals = {"polls": 0, "published": 0, "errors": 0}

    def note(result) -> None:
        if result.skipped_until and not result.error:
            return
        totals["polls"] += 1
        totals["published"] += result.published
        totals["errors"] += bool(result.error)

    try:
        if args.once:
            with ThreadPoolExecutor(max_workers=settings.poll_workers) as pool:
                for result in pool.map(lambda f: poller.poll(f, force=True), feeds):
                    note(result)
                    print(f"{result.feed}: {result.error or (str(result.status) + ' ' + str(result.entries) + ' entries, ' + str(result.published) + ' new')}")
        else:
            scheduler = BackgroundScheduler(executors={"default": SchedulerPool(settings.poll_workers)}, timezone="UTC")
            poller.schedule(scheduler, feeds, on_result=note)
            if subscriber:
                from apscheduler.triggers.interval import IntervalTrigger

                scheduler.add_job(subscriber.renew_due, IntervalTrigger(seconds=subscriber.check_every_s),
                                  id="websub:renew", name="websub renewals", max_instances=1, coalesce=True)
            scheduler.start()
            status["ready"] = True
            log.info("Polling %d feeds.", len(feeds))
            run_until_stopped(lambda: False, stop=StopFlag(), timeout_s=args.timeout, interval_s=0.2)
            scheduler.shutdown(wait=True)
    finally:
        status["ready"] = False
        if callback:
            callback.close()
        if subscriber:
            subscriber.close()
        publisher.close()
        fetcher.close()
        store.close()
        if health:
            health.stop()
    print(f"poller: {totals['polls']} polls, {totals['published']} articles published, {totals['errors']} failed polls")
    return exitcodes.INPUT_SKIPPED if args.once and totals["errors"] else exitcodes.OK


def make_subscriber(settings: Settings, store: FeedStateStore, feeds):
    """The WebSub subscriber when a public callback URL is set (NEWSMON_FEED_WEBSUB_CALLBACK_URL), else None."""
    if not check_callback_url(settings):
        return None
    from producers.feeds.websub import Subscriber

    return Subscriber(store=store, callback_url=settings.feed_websub_callback_url, feeds=feeds,
                      lease_s=settings.feed_websub_lease_s, allow_private=settings.feed_allow_private)


def check_callback_url(settings: Settings) -> str | None:
    """The WebSub callback URL when set; a URL that is not http(s) is a configuration error."""
    url = settings.feed_websub_callback_url
    if url and not url.lower().startswith(("http://", "https://")):
        raise ConfigError(f"setting feed_websub_callback_url (NEWSMON_FEED_WEBSUB_CALLBACK_URL): {url!r} is not an "
                          "http:// or https:// URL")
    return url


def serve_callback(settings: Settings, subscriber, poller: FeedPoller):
    """Start the WebSub callback server: verifications go to the subscriber, pushed content to the poller."""
    from producers.feeds.websub_app import CallbackApp, CallbackServer

    app = CallbackApp(subscriber, lambda feed, body, content_type: poller.accept_push(feed, body, content_type=content_type),
                      max_bytes=settings.feed_max_bytes)
    try:
        server = CallbackServer(app, host=settings.feed_websub_host, port=settings.feed_websub_port).start()
    except OSError as exc:
        raise ConfigError(f"setting feed_websub_port (NEWSMON_FEED_WEBSUB_PORT): cannot listen on "
                          f"{settings.feed_websub_host}:{settings.feed_websub_port} ({exc.strerror or exc})") from exc
    log.info("WebSub is on: hubs reach %s (served on %s:%d).", settings.feed_websub_callback_url,
             settings.feed_websub_host, server.port)
    return server


def run_feeds_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate a feeds file and fetch each feed once, printing a table."""
    feeds = load_feeds(Path(args.file), include_disabled=True)
    fetcher = make_fetcher(settings)
    rows, failed = [], 0
    try:
        def check(feed):
            result = fetcher.fetch(feed.url)
            if result.error or result.status != 200:  # a body over the cap is status 200 with an error: failing too
                return (feed, str(result.status or "-"), "-", result.elapsed_s, result.error or f"HTTP {result.status}",
                        True)
            parsed = parse_feed(result.content or b"", feed=FeedConfig(feed.name, feed.url, feed.tags, feed.language),
                                content_type=result.content_type, fetched_url=result.url)
            problems = parsed.warning or ("" if parsed.articles else "no entries")
            return feed, "200", str(len(parsed.articles)), result.elapsed_s, problems, False

        with ThreadPoolExecutor(max_workers=settings.poll_workers) as pool:
            rows = list(pool.map(check, feeds))
    finally:
        fetcher.close()
    width = max([len(f.name) for f, *_ in rows] + [4])
    print(f"{'feed':<{width}}  status  items   time  problems")
    for feed, status, items, seconds, problems, failing in rows:
        failed += failing
        note = problems + ("" if feed.enabled else " (disabled)")
        print(f"{feed.name:<{width}}  {status:>6}  {items:>5}  {seconds:5.1f}s  {note}".rstrip())
    print(f"{len(rows)} feeds, {failed} failing")
    return exitcodes.INPUT_SKIPPED if failed else exitcodes.OK
