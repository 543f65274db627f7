"""Subcommands of the feed poller: `poll` (the service), `feeds` (each feed's interval and why) and `feeds check`."""

from __future__ import annotations

import argparse

from newsmon.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the poller's subcommands to the newsmon parser."""
    poll = sub.add_parser("poll", help="poll RSS/Atom feeds on their schedules and publish new entries")
    poll.add_argument("--feeds", help="feeds file (default: NEWSMON_FEEDS_FILE or the shipped one)")
    poll.add_argument("--once", action="store_true", help="poll every feed once and exit")
    poll.add_argument("--timeout", type=float, help="stop after this many seconds")
    poll.set_defaults(handler=run_poll)

    feeds = sub.add_parser("feeds", help="each feed's current poll interval and why; feeds file tools")
    feeds.add_argument("--feeds", help="feeds file (default: NEWSMON_FEEDS_FILE or the shipped one)")
    feeds.set_defaults(handler=run_feeds_show)
    feeds_sub = feeds.add_subparsers(dest="feeds_command")
    check = feeds_sub.add_parser("check", help="validate a feeds file and fetch each feed once")
    check.add_argument("file", metavar="FILE")
    check.set_defaults(handler=run_feeds_check)


def run_poll(args: argparse.Namespace, settings: Settings) -> int:
    """Poll feeds on their schedules (or each once with --once) and publish new entries."""
    from producers.feeds.service import run_poll as poll

    return poll(args, settings)


def run_feeds_show(args: argparse.Namespace, settings: Settings) -> int:
    """Print each configured feed's interval, next poll, median lag, WebSub state and why, from the poller's state."""
    from pathlib import Path

    from producers.feeds.config import DEFAULT_FEEDS_FILE, load_feeds
    from producers.feeds.show import feed_rows, render

    path = Path(args.feeds) if args.feeds else (settings.feeds_file or DEFAULT_FEEDS_FILE)
    print(render(feed_rows(load_feeds(path, include_disabled=True), settings.feed_state_path)))
    return 0


def run_feeds_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate a feeds file and fetch each feed once, printing a table."""
    from producers.feeds.service import run_feeds_check as check

    return check(args, settings)
