"""How often to poll a feed: its rhythm, learned from the new items it delivered, and the interval that follows.

Pure: values in, values out; no clock, no I/O (the poller passes times and stores the Rhythm in its SQLite state).

The rhythm is an exponentially weighted rate of new items. Each successful fetch adds the items it found that
were not seen before and the seconds since the previous successful fetch; both sums decay with a half-life, so a
feed that goes quiet is polled less and less often, and one that wakes up is polled often again after the poll
that finds its first new item. A feed's first fetch carries its backlog, not its rhythm: the publication dates of
the entries it lists give the first estimate instead (`bootstrap`), or, without usable dates, one poll's worth at
the feeds file's interval (`prior`).

The interval is the time in which `items_per_poll` new items are expected, clamped to [floor, ceiling]. Polling
once per fraction of an expected item keeps the lag of a busy feed near half the floor while a quiet feed costs a
request per ceiling; the bench (bench/freshness_bench.py) chose the fraction and the half-life. A feed's ttl and
Cache-Control max-age may lengthen the interval, never shorten it; Retry-After and error backoff are the poller's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

CLOCK_SKEW = timedelta(minutes=10)  # a publication date this far ahead of our clock is not believed


@dataclass(frozen=True)
class Rhythm:
    """The learned rate of a feed: decayed sums of new items and of the seconds they were found in."""

    items: float = 0.0
    span_s: float = 0.0

    def per_hour(self) -> float | None:
        """New items per hour; None before anything was observed."""
        return 3600.0 * self.items / self.span_s if self.span_s > 0 else None


@dataclass(frozen=True)
class PollPolicy:
    """The limits of adaptive polling (settings NEWSMON_FEED_ADAPTIVE, _MIN_INTERVAL_S, _MAX_INTERVAL_S,
    _WEBSUB_POLL_S); a time-scaled bench divides every duration by its scale."""

    adaptive: bool = True
    floor_s: float = 60.0
    ceiling_s: float = 2 * 3600.0
    websub_poll_s: float = 2 * 3600.0  # the safety-net poll of a feed whose hub pushes to us
    # Chosen on the bench's world (busy, daily-cycle and dormant feeds): a half-life of an hour follows a daily
    # cycle within the hour, and about one new item per five or six polls keeps the busy feeds' median lag under
    # a minute while the whole set costs fewer requests than polling every feed every 10 to 15 minutes.
    half_life_s: float = 3600.0
    items_per_poll: float = 0.18  # expected new items per poll of a feed between the floor and the ceiling

    def scaled(self, factor: float) -> PollPolicy:
        """Every duration divided by factor (a bench that runs a day in minutes)."""
        return replace(self, floor_s=self.floor_s / factor, ceiling_s=self.ceiling_s / factor,
                       websub_poll_s=self.websub_poll_s / factor, half_life_s=self.half_life_s / factor)


@dataclass(frozen=True)
class Plan:
    """When to poll next, and why, in words for `newsmon feeds` and the console."""

    interval_s: float
    reason: str


def prior(*, configured_s: float, policy: PollPolicy) -> Rhythm:
    """Where a feed whose first fetch taught nothing starts: one poll's worth (items_per_poll new items) at the
    feeds file's interval. It decays like any observation, so it steers only the first hours."""
    return Rhythm(items=policy.items_per_poll, span_s=configured_s)


def observe(rhythm: Rhythm, *, new_items: int, elapsed_s: float, policy: PollPolicy) -> Rhythm:
    """The rhythm after a fetch that found new_items unseen entries elapsed_s after the previous good fetch."""
    elapsed_s = max(0.0, elapsed_s)
    decay = 0.5 ** (elapsed_s / policy.half_life_s)
    return Rhythm(items=rhythm.items * decay + max(0, new_items), span_s=rhythm.span_s * decay + elapsed_s)


def observe_push(rhythm: Rhythm, *, new_items: int) -> Rhythm:
    """The rhythm after a hub pushed new_items unseen entries; the time they came in is counted at the next poll."""
    return replace(rhythm, items=rhythm.items + max(0, new_items))


def bootstrap(published: list[datetime | None], *, now: datetime, policy: PollPolicy) -> Rhythm:
    """A first rhythm from the publication dates a feed lists on its first fetch (its backlog).

    The lower of two rates: over the window of two half-lives back from now (or since the oldest entry, when the
    feed lists nothing older), and over every entry listed. The second keeps a feed that posts every few days,
    whose newest entry happens to be an hour old, from looking busy. Dates ahead of the clock are dropped; with
    fewer than two distinct dates there is nothing to learn from (a feed stamping every entry with the build time)."""
    times = sorted(t for t in published if t is not None and t <= now + CLOCK_SKEW)
    if len(set(times)) < 2:
        return Rhythm()
    listed_s = max((now - times[0]).total_seconds(), 1.0)
    span_s = min(listed_s, 2 * policy.half_life_s)
    recent = sum(1 for t in times if (now - t).total_seconds() <= span_s)
    rate = min(recent / span_s, len(times) / listed_s)
    return Rhythm(items=rate * span_s, span_s=span_s)


def plan(rhythm: Rhythm, *, configured_s: float, policy: PollPolicy, pushed: bool = False,
         ttl_s: float | None = None, max_age_s: float | None = None) -> Plan:
    """The interval until the next poll and why: pushed feeds at the safety net, else fixed or learned, then the
    feed's own ttl or max-age when longer."""
    if pushed:
        chosen = Plan(policy.websub_poll_s, "WebSub: the hub pushes new items; this poll is the safety net")
    elif not policy.adaptive:
        chosen = Plan(configured_s, "fixed: the interval in the feeds file (adaptive polling is off)")
    else:
        chosen = learned(rhythm, configured_s=configured_s, policy=policy)
    for asked, words in ((ttl_s, "the feed's ttl"), (max_age_s, "its Cache-Control max-age")):
        if asked and asked > chosen.interval_s:
            chosen = Plan(asked, f"{words} asks for {_duration(asked)} ({chosen.reason})")
    return chosen


def learned(rhythm: Rhythm, *, configured_s: float, policy: PollPolicy) -> Plan:
    """The interval in which items_per_poll new items are expected, clamped to [floor, ceiling]; a feed never
    observed keeps the feeds file's interval."""
    if rhythm.span_s <= 0:
        return Plan(min(max(configured_s, policy.floor_s), policy.ceiling_s),
                    "learning: the interval in the feeds file until the first fetch")
    per_hour = rhythm.per_hour() or 0.0
    raw = policy.items_per_poll * 3600.0 / per_hour if per_hour > 0 else float("inf")
    rate = (f"{per_hour:.0f} new items/h" if per_hour >= 10 else f"{per_hour:.1f} new items/h" if per_hour >= 0.1
            else f"{per_hour * 24:.1f} new items/day" if per_hour * 24 >= 0.05 else "no new items lately")
    if raw <= policy.floor_s:
        return Plan(policy.floor_s, f"busy: {rate}, polled at the floor")
    if raw >= policy.ceiling_s:
        return Plan(policy.ceiling_s, f"quiet: {rate}, polled at the ceiling")
    return Plan(raw, f"learned: {rate}")


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"
