"""Running one consumer step as a service: health endpoints, topics, the runner, a clean stop."""

from __future__ import annotations

import argparse
from typing import Callable

from newsmon import kafka_io
from newsmon.health import maybe_serve
from newsmon.runner import RunStats, Runner, Step
from newsmon.settings import Settings


def run_service(args: argparse.Namespace, settings: Settings, *, build_step: Callable[[], Step], input_topic: str,
                group: str, dedupe_from: str | None, loading: str) -> RunStats:
    """Serve /healthz (at once) and /readyz (once the step is built and looping), then run until stopped."""
    holder: dict[str, Runner] = {}
    health = maybe_serve(settings, lambda: holder["runner"].ready if "runner" in holder else (False, loading))
    try:
        kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
        runner = Runner(settings, build_step(), input_topic=input_topic, group=args.group or group,
                        dedupe_from=dedupe_from)
        holder["runner"] = runner
        return runner.run(max_messages=args.max_messages, timeout_s=args.timeout, idle_timeout_s=args.idle_timeout)
    finally:
        if health:
            health.stop()
