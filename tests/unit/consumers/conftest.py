"""The real spaCy model, loaded once for the consumer unit tests."""

from __future__ import annotations

import pytest

from consumers.enrich.enricher import Enricher


@pytest.fixture(scope="session")
def enricher() -> Enricher:
    return Enricher.load()
