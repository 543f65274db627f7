"""Logging set-up for entry points: readable sentences (or JSON lines) on stderr, kafka-python kept quiet."""

from __future__ import annotations

import json
import logging
import sys


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the exception, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(*, verbose: bool = False, fmt: str = "text") -> None:
    """Configure the root logger once; only entry points call this."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True)
    # kafka-python reports every reconnect attempt; newsmon reports outcomes itself.
    logging.getLogger("kafka").setLevel(logging.INFO if verbose else logging.CRITICAL)
    # httpx logs each request; the webhook sender logs each attempt with its webhook-id and latency.
    logging.getLogger("httpx").setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.INFO if verbose else logging.WARNING)
