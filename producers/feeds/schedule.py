"""The poller's APScheduler jobs: one per feed, `max_instances=1`, `coalesce=True`.

Fixed polling keeps today's IntervalTrigger at the feeds-file interval with 10% jitter and a misfire grace of one
interval. Adaptive polling (and WebSub) moves the feed's job after each poll to the time that poll planned; its
trigger, at the ceiling, only matters should a move ever fail, and a run made late by a busy pool is never dropped
(no misfire limit): skipping it would wait for that trigger.

The moves are made by one thread of their own (`_Mover`), never by the job: APScheduler's shutdown(wait=True)
holds its job-store lock while it waits for running jobs, so a job moving itself then would wait for that lock
forever. The scheduler has stored the run after this one (under that lock) before a worker can start the job, so
a move always lands after it.
"""

from __future__ import annotations

import logging
import queue
import threading
from datetime import datetime
from typing import Callable, TypeVar

from producers.feeds.config import Feed

log = logging.getLogger(__name__)
R = TypeVar("R")


def add_jobs(scheduler, feeds: list[Feed], *, poll: Callable[[Feed], R], on_result: Callable[[R], None],
             next_run: Callable[[Feed], datetime] | None, every_s: float, clock: Callable[[], datetime]) -> None:
    """Add one job per feed to scheduler (APScheduler 3); each fires now. With next_run the job is moved after each
    poll to the time it returns (its trigger, every every_s, is the fallback); without, it keeps the feed's interval."""
    from apscheduler.triggers.interval import IntervalTrigger

    mover = _Mover(scheduler) if next_run is not None else None
    for feed in feeds:
        job_id = f"feed:{feed.name}"
        if mover is not None:
            trigger = IntervalTrigger(seconds=max(every_s, feed.interval))
            grace = None  # late (a busy pool) still runs, then moves
            run = _moving_job(mover, feed, job_id, poll=poll, on_result=on_result, next_run=next_run)
        else:
            trigger = IntervalTrigger(seconds=feed.interval, jitter=max(feed.interval * 0.1, 0.0) or None)
            grace = max(int(feed.interval), 1)
            run = (lambda f=feed: on_result(poll(f)))
        scheduler.add_job(run, trigger, id=job_id, name=feed.name, replace_existing=True, max_instances=1,
                          coalesce=True, misfire_grace_time=grace, next_run_time=clock())


class _Mover:
    """Moves jobs to their next run time, in order, from a daemon thread of its own."""

    def __init__(self, scheduler) -> None:
        self._scheduler, self._moves = scheduler, queue.SimpleQueue()
        threading.Thread(target=self._run, name="feed-job-mover", daemon=True).start()

    def move(self, job_id: str, when: datetime) -> None:
        self._moves.put((job_id, when))

    def _run(self) -> None:
        while True:
            job_id, when = self._moves.get()
            try:
                self._scheduler.modify_job(job_id, next_run_time=when)
            except Exception as exc:  # noqa: BLE001 - stopped, or the job is gone: its trigger still stands
                log.debug("Could not move the job %s: %s", job_id, exc)


def _moving_job(mover: _Mover, feed: Feed, job_id: str, *, poll, on_result, next_run):
    def run() -> None:
        try:
            on_result(poll(feed))
        finally:
            mover.move(job_id, next_run(feed))

    return run
