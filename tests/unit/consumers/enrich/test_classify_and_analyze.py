"""Topic classification and the analyze output over the seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from consumers.enrich.classify import load_taxonomy
from newsmon.errors import ConfigError
from tests.conftest import SEEDS


def labels(enricher, text):
    return {c.label: c for c in enricher.classifier.classify(enricher.nlp(text))}


def test_each_category_carries_a_score_and_its_evidence(enricher):
    result = labels(enricher, "A suicide bomber killed nine. Militants claimed responsibility for the suicide attack.")
    terror = result["terrorism"]
    assert 0.5 <= terror.score <= 1
    assert terror.evidence[0].startswith("terms: ") and "suicide" in terror.evidence[0]
    assert any("suicide" in sentence for sentence in terror.evidence[1:])


def test_text_with_no_label_is_other(enricher):
    assert set(labels(enricher, "The recipe needs flour, butter and two eggs.")) == {"other"}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Pakistan is nearing an arms deal to supply weapons and drones to Sudan.", "arms-trade"),
        ("The Torkham border crossing was closed after cross-border firing.", "border"),
        ("The foreign minister led a delegation for bilateral talks and dialogue.", "diplomacy"),
        ("The ISI chief met the spymasters and intelligence heads of the region.", "intelligence"),
        ("The Counter-Terrorism Department busted a terrorist cell and arrested suspects.", "counter-terrorism"),
        ("Troops and soldiers held a military exercise with artillery.", "military"),
        ("The IMF program and inflation weigh on the economy.", "economy"),
    ],
)
def test_default_labels(enricher, text, label):
    assert label in labels(enricher, text)


def test_a_broken_taxonomy_is_a_config_error(tmp_path):
    bad = tmp_path / "taxonomy.yaml"
    bad.write_text("labels: [not, a, mapping]\n")
    with pytest.raises(ConfigError, match=str(bad)):
        load_taxonomy(bad)


def test_analyze_json_prints_one_object_per_seed_article():
    result = subprocess.run(
        [sys.executable, "-m", "newsmon.cli", "analyze", "--json", str(SEEDS)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 7
    assert {"source", "title", "language", "actors", "categories", "event", "places"} <= set(rows[0])
    by_title = {r["title"]: r for r in rows}
    arrests = by_title["Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing"]
    assert arrests["source"] == str(SEEDS / "000_7e72195cef55d1fd.txt")
    assert {"ttp", "PK"} <= {a["id"] for a in arrests["actors"]}
    assert arrests["event"]["killed"] == 12 and arrests["event"]["injured"] == 36
    assert {"name": "Islamabad", "country": "PK"} in arrests["places"]
    assert all({"id", "name", "kind", "mentions"} <= set(a) for a in arrests["actors"])


def test_analyze_names_a_bad_file_and_goes_on(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "newsmon.cli", "analyze", str(tmp_path / "empty.txt"), str(SEEDS / "002_d5593e9474e12d15.txt")],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 1
    assert f"skipped {tmp_path / 'empty.txt'}: file is empty" in result.stderr
    assert "Pakistan Def, Spy Chiefs Talk Security, Taliban [en]" in result.stdout
    assert "Traceback" not in result.stderr
