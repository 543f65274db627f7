"""Property: no page raises anywhere on the read path (segmentation, enrichment, alert matching).

Pages are the gold set's, the story streams' and the seeds' texts, mutated as real pages break
(tests/page_mutations.py). A bounded run is part of the test suite; bench/read_path_fuzz.py runs 100,000 pages.
"""

from __future__ import annotations

import random
from functools import lru_cache

from hypothesis import given, settings, strategies as st

from tests.page_mutations import ReadPath, corpus, make_page


@lru_cache(maxsize=1)
def read_path() -> ReadPath:
    return ReadPath()


@settings(max_examples=150, deadline=None, derandomize=True)
@given(rng=st.randoms(use_true_random=False))
def test_no_mutated_page_raises_on_the_read_path(rng: random.Random):
    alerts = read_path().read(make_page(rng))
    assert alerts >= 0


def test_the_mutations_reach_every_source_and_every_kind_of_damage():
    pages = [make_page(random.Random(seed)) for seed in range(400)]
    assert len(corpus()) > 120
    assert any(p.count("\n") <= 3 and len(p) < 200 for p in pages)  # headline only
    assert any(len(max(p.split("\n"), key=len)) > 5000 for p in pages)  # one very long sentence
    assert any(any(d in p for d in "۰۱۲۳۴۵۶۷۸۹") for p in pages)  # Persian digits
    assert any("\u200b" in p or "\ufeff" in p for p in pages)  # invisible characters
