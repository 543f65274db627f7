"""The counters of one run, and the Prometheus metrics each processed batch adds to."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from newsmon.kafka_io import Record
from newsmon.metrics import ARTICLES_IN, ARTICLES_OUT, DEADLETTERS, DUPLICATES, STAGE_LATENCY


@dataclass
class RunStats:
    """Counters of one run."""

    consumed: int = 0
    processed: int = 0
    produced: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    deferred: int = 0
    aborted: int = 0
    commits: int = 0
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        """Closing summary."""
        aborted = f", {self.aborted} batches rolled back" if self.aborted else ""
        return (f"{self.consumed} consumed, {self.processed} processed, {self.produced} produced, "
                f"{self.duplicates} duplicates dropped, {self.dead_lettered} dead-lettered{aborted} "
                f"in {time.monotonic() - self.started:.1f} s")


def observe_batch(stage: str, records: list[Record], before: RunStats, after: RunStats) -> None:
    """Add one batch to the stage's counters and its record-to-commit latency histogram."""
    ARTICLES_IN.labels(stage).inc(len(records))
    ARTICLES_OUT.labels(stage).inc(after.produced - before.produced)
    DUPLICATES.labels(stage).inc(after.duplicates - before.duplicates)
    DEADLETTERS.labels(stage).inc(after.dead_lettered - before.dead_lettered)
    now_ms = time.time() * 1000
    for record in records:
        STAGE_LATENCY.labels(stage).observe(max(now_ms - record.timestamp_ms, 0) / 1000)
