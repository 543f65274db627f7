"""One person killed together with a counted group is one more dead (consumers/enrich/events/companions.py)."""

from __future__ import annotations

import pytest

from consumers.enrich.events import native
from consumers.enrich.events.casualties import Count, counts
from consumers.enrich.events.companions import with_companion
from newsmon.arabic_script import unify


def _killed(text: str) -> list[int]:
    read = native.counts(text) if any("\u0600" <= ch <= "\u06ff" for ch in text) else counts(text)
    return [c.value for c in with_companion(text, read) if c.kind == "killed" and not c.attackers]


@pytest.mark.parametrize("text, killed", [
    ("The police chief along with 15 other personnel was killed in the attack.", [16]),
    ("Fifteen soldiers were killed together with their commander.", [16]),
    (unify("قوماندان امنیه یکجا با 15 پرسونل امنیتی دیگر جان خود را از دست دادند."), [16]),
    (unify("به همراه ولسوال کوهستان، 8 محافظ وی نیز جان باخته اند."), [9]),
    (unify("مقر پلیس سقوط کرده و ۱۵ نظامی و همچنین فرمانده این نیروها کشته شده اند."), [16]),
    # not one person: the attackers, or soldiers (a plural) beside the count
    ("At least 26 people were killed, along with the 4 attackers.", [26]),
    (unify("۱۵ نظامی و همچنین سربازان دیگر کشته شده اند."), [15]),
    ("Twelve people were killed in the blast.", [12]),
])
def test_one_killed_beside_a_counted_group_is_one_more(text, killed):
    assert _killed(text) == killed


@pytest.mark.parametrize("text", ["The blast killed 15 soldiers along with 3 civilians.",
                                  "Fifteen soldiers along with three civilians were killed in the blast."])
def test_two_counts_joined_by_along_with_get_no_one_more(text):
    assert not {4, 16} & set(_killed(text))


def test_a_count_of_the_injured_or_the_attackers_is_left_as_it_is():
    found = [Count("injured", 15, start=0, end=2), Count("killed", 4, attackers=True, start=30, end=31)]
    assert with_companion("15 were injured along with their driver, and 4 gunmen were killed", found) == found
