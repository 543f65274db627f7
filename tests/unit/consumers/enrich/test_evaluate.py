"""`newsmon eval` over the gold set: the table, and a quality floor that catches regressions."""

from __future__ import annotations

import subprocess
import sys

from consumers.enrich.evaluate import Tally, format_report, load_gold, score
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold"


def test_tally_precision_and_recall():
    t = Tally(tp=3, fp=1, fn=2)
    assert (t.precision, t.recall) == (0.75, 0.6)
    assert Tally().precision is None


def test_the_enricher_meets_the_quality_floor_on_the_gold_set(enricher):
    cases = load_gold(GOLD)
    report = score(cases, enricher.enrich_batch([c.article for c in cases]))
    actors, categories = report.total("actors"), report.total("categories")
    print(format_report(report) + "\n" + "\n".join(report.mistakes))
    assert len(cases) >= 60
    assert actors.precision >= 0.9 and actors.recall >= 0.9
    assert categories.precision >= 0.6 and categories.recall >= 0.6
    assert report.casualties_right >= 0.85 * len(cases)
    floors = {"event": 0.7, "killed": 0.9, "injured": 0.9, "perpetrator": 0.85, "country": 0.9, "roles": 0.8}
    for fact, floor in floors.items():
        right, scored = report.facts[fact]
        assert scored >= 20 and right / scored >= floor, (fact, right, scored)


def test_trap_articles_link_no_trap_actor(enricher):
    traps = [c for c in load_gold(GOLD) if not (c.actors - {"US"})]
    assert len(traps) >= 5
    for case, result in zip(traps, enricher.enrich_batch([c.article for c in traps])):
        assert {a.id for a in result.actors} <= case.actors, case.path.name


def test_eval_command_prints_precision_and_recall_per_actor_and_category():
    result = subprocess.run([sys.executable, "-m", "newsmon.cli", "eval", str(GOLD)],
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    assert f"{len(load_gold(GOLD))} gold cases" in result.stdout
    lines = result.stdout.splitlines()
    for fact in ("event", "killed", "injured", "perpetrator", "country", "admin1", "roles"):
        assert any(line.startswith(fact + " ") and "%" in line for line in lines), fact
    assert any(line.startswith("ttp ") and "%" in line for line in lines)
    assert any(line.startswith("terrorism ") and "%" in line for line in lines)
    assert any(line.startswith("casualties") for line in lines)
