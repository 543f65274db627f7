"""Every alert of the seeds and of the whole gold set, as a STIX bundle, passes stix2-validator with no errors
(and no warnings but the two these bundles have by design)."""

from __future__ import annotations

from collections import Counter

import pytest

from consumers.stix import bundle_bytes
from tests.unit.consumers.stix.corpus import gold_alerts, seed_alerts
from tests.unit.consumers.stix.validation import EXPECTED_WARNINGS, validate


def check_all(alerts) -> Counter:
    """Validate every bundle; fail naming the alerts with errors; the warnings by code."""
    failed, warnings = [], Counter()
    for where, alert in alerts:
        errors, found = validate(bundle_bytes(alert))
        warnings += found
        if errors:
            failed.append(f"{where} (story {alert.story_id} rev {alert.revision}): {errors[:3]}")
    assert failed == []
    return warnings


@pytest.mark.parametrize("corpus, at_least", [(seed_alerts, 3), (gold_alerts, 60)], ids=["seeds", "gold"])
def test_every_bundle_of_the_corpus_validates(enricher, corpus, at_least):
    alerts = corpus(enricher)
    assert len(alerts) >= at_least  # the corpus really raises alerts
    warnings = check_all(alerts)
    assert set(warnings) <= EXPECTED_WARNINGS
    revised = [a for _, a in alerts if a.revision > 1]
    assert revised or corpus is seed_alerts  # the gold streams raise later revisions too
