"""Injuries sustained, suffered or received, in a parsed English sentence (reading/sustained.py)."""

from __future__ import annotations

import pytest

from consumers.enrich.reading.sustained import sustained
from tests.unit.consumers.enrich.event_helpers import parser


@pytest.mark.parametrize("sentence, expected", [
    ("Eight others who sustained injuries were taken to the hospital, the surgeon said.", [("injured", 8)]),
    ("Three soldiers suffered serious wounds in the attack.", [("injured", 3)]),
    ("Twelve people received injuries and were shifted to hospital.", [("injured", 12)]),
    # no number, a denial, or losses that are no wounds give nothing
    ("Several people sustained injuries.", []),
    ("No one suffered injuries in the blast.", []),
    ("Five companies suffered losses in the strike.", []),
])
def test_injuries_sustained_are_a_count_of_injured(sentence, expected):
    [doc] = parser()([sentence])
    assert [(c.kind, c.value) for c in sustained(doc, [])] == expected
