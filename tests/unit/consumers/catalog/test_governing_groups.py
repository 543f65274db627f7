"""A group that governs a state speaks for it, from the day it came to govern."""

from __future__ import annotations

from datetime import date

import pytest

from consumers.catalog import load_catalog
from newsmon.errors import ConfigError


def test_the_taliban_speak_for_afghanistan_only_since_they_govern_it():
    catalog = load_catalog()
    assert catalog.side("afghan-taliban") == "AF"
    assert catalog.side("afghan-taliban", on=date(2023, 5, 1)) == "AF"
    assert catalog.side("afghan-taliban", on=date(2010, 7, 9)) == "afghan-taliban"
    assert catalog.side("ttp", on=date(2023, 5, 1)) == "ttp"


def test_a_governs_since_that_is_no_date_is_a_config_error(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - {id: AF, name: Afghanistan, kind: state}\n"
                    "  - {id: tb, name: T, kind: group, governs: AF, governs_since: soon}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="governs_since"):
        load_catalog(path)
