"""Logging set-up for entry points: readable sentences on stderr, kafka-python kept quiet."""

from __future__ import annotations

import logging
import sys


def configure(*, verbose: bool = False) -> None:
    """Configure the root logger once; only entry points call this."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    # kafka-python reports every reconnect attempt; newsmon reports outcomes itself.
    logging.getLogger("kafka").setLevel(logging.INFO if verbose else logging.CRITICAL)
    # httpx logs each request; the webhook sender logs each attempt with its webhook-id and latency.
    logging.getLogger("httpx").setLevel(logging.INFO if verbose else logging.WARNING)
