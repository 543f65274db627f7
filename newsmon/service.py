"""Running one consumer step as a service: health endpoints, topics, the runner, a clean stop."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Callable, Mapping

from newsmon.settings import Settings

if TYPE_CHECKING:  # the service's own modules (kafka-python among them) load when it runs, not when the CLI starts
    from newsmon.messages import Message
    from newsmon.runner import RunStats
    from newsmon.step import Step


def add_service_options(parser: argparse.ArgumentParser, default_group: str) -> None:
    """Debug stops shared by every consumer service."""
    parser.add_argument("--group", help=f"consumer group (default: {default_group})")
    parser.add_argument("--max-messages", type=int, help="stop after consuming this many records")
    parser.add_argument("--timeout", type=float, help="stop after this many seconds")
    parser.add_argument("--idle-timeout", type=float, help="stop after this many seconds without records")


def run_service(args: argparse.Namespace, settings: Settings, *, build_step: Callable[[], Step],
                inputs: Mapping[str, type[Message]], group: str, dedupe_from: str | None, loading: str) -> RunStats:
    """Serve /healthz (at once) and /readyz (once the step is built and looping), then run until stopped."""
    from newsmon import kafka_io
    from newsmon.health import maybe_serve
    from newsmon.runner import Runner

    holder: dict[str, Runner] = {}
    health = maybe_serve(settings, lambda: holder["runner"].ready if "runner" in holder else (False, loading))
    try:
        kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
        runner = Runner(settings, build_step(), inputs=inputs, group=args.group or group, dedupe_from=dedupe_from)
        holder["runner"] = runner
        return runner.run(max_messages=args.max_messages, timeout_s=args.timeout, idle_timeout_s=args.idle_timeout)
    finally:
        if health:
            health.stop()
