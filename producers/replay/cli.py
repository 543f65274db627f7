"""`newsmon replay`: wires settings, Kafka and the SeedReplayer together, prints the summary."""

from __future__ import annotations

import argparse
import logging
import sys

from newsmon import exitcodes
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    """Add `newsmon replay` to the newsmon parser."""
    replay = sub.add_parser("replay", help="replay saved article pages into Kafka")
    replay.add_argument("paths", nargs="+", metavar="PATH", help="page files or directories of .txt files")
    replay.add_argument("--rate", type=float, default=None, help="articles per second (default: as fast as possible)")
    replay.add_argument("--loop", action="store_true", help="replay again and again until interrupted")
    replay.add_argument("--no-progress", action="store_true", help="no progress bar")
    replay.set_defaults(handler=run_replay)


def run_replay(args: argparse.Namespace, settings: Settings) -> int:
    """Replay the given paths (once, or in a loop); exit code says what happened."""
    from tqdm import tqdm

    from newsmon import kafka_io
    from producers.replay.replayer import ReplaySummary, SeedReplayer

    rate = settings.replay_rate if args.rate is None else args.rate
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    total = ReplaySummary()
    rounds = 0
    with kafka_io.Publisher(settings, client_id=f"{settings.kafka_client_id}-replay") as publisher:
        progress = tqdm(
            unit=" articles", desc="replay", disable=True if args.no_progress else None,
            file=sys.stderr, mininterval=0.5,
        )
        replayer = SeedReplayer(
            publisher, topic=settings.topic_raw, rate=rate,
            on_problem=lambda line: tqdm.write(f"newsmon: {line}", file=sys.stderr), progress=progress,
            max_chars=settings.max_article_chars,
        )
        try:
            while True:
                summary = replayer.replay(args.paths)
                rounds += 1
                total.files += summary.files
                total.articles += summary.articles
                total.skipped += summary.skipped
                total.errors += summary.errors
                if not args.loop or summary.articles == 0:
                    break
                log.info("Replay round %d done; starting again.", rounds)
        except KeyboardInterrupt:
            progress.close()
            print(total.line() + f" (interrupted after {rounds} rounds)")
            return exitcodes.INTERRUPTED
        progress.close()
    print(total.line() + (f" over {rounds} rounds" if args.loop else ""))
    return exitcodes.INPUT_SKIPPED if total.skipped else exitcodes.OK
