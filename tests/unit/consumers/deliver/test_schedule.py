"""The retry schedule: which retry topic an attempt goes to next, or the dead-letter topic."""

from __future__ import annotations

import pytest

from consumers.deliver.schedule import next_retry

SVIX = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0)


@pytest.mark.parametrize("done, expected", [(0, (1, 5.0)), (1, (2, 300.0)), (5, (6, 36000.0))])
def test_each_failure_moves_one_step_along_the_schedule(done, expected):
    plan = next_retry(SVIX, done=done)
    assert (plan.retry, plan.delay_s) == expected


def test_after_the_last_step_it_gives_up():
    plan = next_retry(SVIX, done=6)
    assert plan.retry is None and "after the last of 6 retries" in plan.why


def test_retry_after_skips_to_the_first_step_that_waits_long_enough():
    plan = next_retry(SVIX, done=0, retry_after_s=600)
    assert (plan.retry, plan.delay_s) == (3, 1800.0)


def test_retry_after_longer_than_every_step_waits_that_long_in_the_last_one():
    plan = next_retry((5.0, 60.0), done=0, retry_after_s=90, max_retry_after_s=300)
    assert (plan.retry, plan.delay_s) == (2, 90.0)


def test_retry_after_over_the_limit_gives_up_at_once():
    plan = next_retry(SVIX, done=0, retry_after_s=3600, max_retry_after_s=300)
    assert plan.retry is None and "3600 s" in plan.why and "300 s" in plan.why
