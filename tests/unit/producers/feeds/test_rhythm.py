"""The interval learning (producers/feeds/rhythm.py): pure functions of the feed's rhythm and the policy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from producers.feeds.rhythm import PollPolicy, Rhythm, bootstrap, learned, observe, observe_push, plan, prior

POLICY = PollPolicy(floor_s=60.0, ceiling_s=7200.0, websub_poll_s=7200.0, half_life_s=3600.0, items_per_poll=0.18)
NOW = datetime(2026, 5, 9, 12, 0, tzinfo=timezone.utc)


def run(rhythm: Rhythm, polls: list[tuple[float, int]]) -> Rhythm:
    """Observe (seconds since the last poll, new items) pairs in order."""
    for elapsed, new in polls:
        rhythm = observe(rhythm, new_items=new, elapsed_s=elapsed, policy=POLICY)
    return rhythm


def test_a_feed_never_observed_keeps_the_feeds_file_interval():
    chosen = plan(Rhythm(), configured_s=600, policy=POLICY)
    assert chosen.interval_s == 600 and chosen.reason.startswith("learning")


@pytest.mark.parametrize("per_hour, interval, word", [
    (60.0, 60.0, "busy"),  # one a minute: at the floor
    (0.01, 7200.0, "quiet"),  # one in four days: at the ceiling
    (2.0, 0.18 * 1800, "learned"),  # in between: the time in which items_per_poll new items are expected
])
def test_the_interval_follows_the_rate(per_hour, interval, word):
    hours = 12.0
    rhythm = Rhythm(items=per_hour * hours, span_s=hours * 3600)
    chosen = learned(rhythm, configured_s=600, policy=POLICY)
    assert chosen.interval_s == pytest.approx(interval) and chosen.reason.startswith(word)
    assert POLICY.floor_s <= chosen.interval_s <= POLICY.ceiling_s


def test_a_burst_brings_a_feed_to_the_floor_and_silence_takes_it_to_the_ceiling():
    rhythm = run(prior(configured_s=600, policy=POLICY), [(600, 0)] * 12)  # two quiet hours at 10 minutes
    quiet = learned(rhythm, configured_s=600, policy=POLICY).interval_s
    busy = run(rhythm, [(60, 3)] * 5)  # a burst: three new items a minute
    assert learned(busy, configured_s=600, policy=POLICY).interval_s == POLICY.floor_s < quiet
    intervals, r, hours = [], busy, 0.0
    while hours < 24:  # then nothing for a day: each poll waits its planned interval
        step = learned(r, configured_s=600, policy=POLICY).interval_s
        intervals.append(step)
        r = observe(r, new_items=0, elapsed_s=step, policy=POLICY)
        hours += step / 3600
    assert intervals == sorted(intervals) and intervals[-1] == POLICY.ceiling_s
    assert sum(1 for i in intervals if i == POLICY.floor_s) < 60  # the floor lasts while the burst is recent


def test_a_feed_whose_first_fetch_teaches_nothing_starts_at_the_feeds_file_interval():
    start = prior(configured_s=600, policy=POLICY)
    assert learned(start, configured_s=600, policy=POLICY).interval_s == pytest.approx(600)
    one = observe(start, new_items=1, elapsed_s=600, policy=POLICY)  # one new item: sooner, not the floor
    assert POLICY.floor_s < learned(one, configured_s=600, policy=POLICY).interval_s < 600


def test_the_rate_forgets_with_the_half_life():
    rhythm = Rhythm(items=10.0, span_s=3600.0)
    later = observe(rhythm, new_items=0, elapsed_s=POLICY.half_life_s, policy=POLICY)
    assert later.items == pytest.approx(5.0) and later.span_s == pytest.approx(1800.0 + 3600.0)


def test_pushed_items_count_without_time():
    assert observe_push(Rhythm(items=1.0, span_s=100.0), new_items=3) == Rhythm(items=4.0, span_s=100.0)


@pytest.mark.parametrize("spacing_min, count, expected", [
    (2, 20, "busy"),  # twenty items two minutes apart: a busy feed from its first fetch
    (60 * 24 * 3, 20, "quiet"),  # one every three days
    (0, 20, "learning"),  # every entry stamped with one time (the build time): nothing to learn
])
def test_the_first_fetch_learns_from_publication_dates(spacing_min, count, expected):
    dates = [NOW - timedelta(minutes=1 + spacing_min * n) for n in range(count)]
    rhythm = bootstrap(dates, now=NOW, policy=POLICY)
    assert learned(rhythm, configured_s=600, policy=POLICY).reason.startswith(expected)


def test_bootstrap_ignores_dates_ahead_of_the_clock_and_missing_ones():
    dates = [NOW + timedelta(days=n) for n in range(1, 10)] + [None, NOW - timedelta(hours=1)]
    assert bootstrap(dates, now=NOW, policy=POLICY) == Rhythm()


@pytest.mark.parametrize("dates, per_hour", [
    # two recent entries, three old ones: the rate over all five listed (5 in 5 days), lower than the recent one
    ([NOW - timedelta(minutes=10), NOW - timedelta(minutes=20)] + [NOW - timedelta(days=d) for d in (3, 4, 5)],
     5 / 120),
    # ten entries in the last hour and ten a day ago: 20 in the 24 h listed, lower than 10 in the 2 h window
    ([NOW - timedelta(minutes=6 * n) for n in range(10)] + [NOW - timedelta(hours=24, minutes=n) for n in range(10)],
     20 / 24.15),
    # a burst in the last hour, nothing listed before it: the recent rate
    ([NOW - timedelta(minutes=3 * n) for n in range(20)], 20 / (57 / 60)),
])
def test_bootstrap_takes_the_lower_of_the_recent_and_the_listed_rate(dates, per_hour):
    rhythm = bootstrap(dates, now=NOW, policy=POLICY)
    assert rhythm.per_hour() == pytest.approx(per_hour, rel=0.01)
    assert rhythm.span_s <= 2 * POLICY.half_life_s


@pytest.mark.parametrize("ttl_s, max_age_s, interval, cause", [
    (900.0, None, 900.0, "ttl"),  # a 15-minute ttl wins over the floor
    (30.0, None, 60.0, "busy"),  # a shorter ttl never shortens the interval
    (None, 1200.0, 1200.0, "max-age"),
    (900.0, 1200.0, 1200.0, "max-age"),
])
def test_a_feeds_ttl_and_max_age_win_when_longer(ttl_s, max_age_s, interval, cause):
    busy = Rhythm(items=100.0, span_s=3600.0)
    chosen = plan(busy, configured_s=600, policy=POLICY, ttl_s=ttl_s, max_age_s=max_age_s)
    assert chosen.interval_s == interval and cause in chosen.reason


def test_a_pushed_feed_is_polled_at_the_safety_net_and_fixed_polling_ignores_the_rhythm():
    busy = Rhythm(items=100.0, span_s=3600.0)
    pushed = plan(busy, configured_s=600, policy=POLICY, pushed=True)
    assert pushed.interval_s == POLICY.websub_poll_s and "WebSub" in pushed.reason
    fixed = plan(busy, configured_s=600, policy=PollPolicy(adaptive=False))
    assert fixed.interval_s == 600 and fixed.reason.startswith("fixed")


def test_a_scaled_policy_divides_every_duration():
    scaled = POLICY.scaled(60)
    assert (scaled.floor_s, scaled.ceiling_s, scaled.websub_poll_s, scaled.half_life_s) == (1, 120, 120, 60)
    assert scaled.items_per_poll == POLICY.items_per_poll
