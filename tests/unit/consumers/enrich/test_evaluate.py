"""`newsmon eval` over the gold set: the table, and a quality floor that catches regressions."""

from __future__ import annotations

import subprocess
import sys

from consumers.alert.evaluate import AlertReport, format_alert_report, load_streams, score_cases, score_streams
from consumers.alert.rules import default_known, load_rules
from consumers.enrich.evaluate import Tally, format_report, load_gold, score
from newsmon.messages import Alert, RuleHit, Source
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
    assert any(line.strip().startswith("alert precision") for line in lines)
    assert any(line.strip().startswith("false critical alerts:") for line in lines)
    assert any(line.strip().startswith("story errors:") for line in lines)


def test_the_shipped_rules_meet_the_alert_targets_on_the_gold_set(enricher):
    cases, streams = load_gold(GOLD), load_streams(GOLD)
    known = default_known()
    rules = load_rules(known=known)
    report = AlertReport()
    score_cases(cases, enricher.enrich_batch([c.article for c in cases]), rules, known, report)
    score_streams(streams, enricher.enrich_batch, rules, known, report)
    print(format_alert_report(report, len(cases), len(streams)) + "\n" + "\n".join(report.mistakes))
    assert len(streams) >= 2 and report.story_pairs >= 40
    assert report.decisions.precision >= 0.95 and report.decisions.recall >= 0.95
    assert report.false_critical == 0 and report.duplicates == 0
    assert report.story_errors <= 0.1 * report.story_pairs


def test_alert_report_counts_each_kind_of_mistake():
    def alert(severity: str, revision: int = 1) -> Alert:
        return Alert(id=f"a{severity}{revision}", story_id="s", revision=revision, severity=severity, headline="h",
                     rules=(RuleHit(id="r", name="R", severity=severity, why="w"),), sources=(Source(id="x", title="h"),))

    report = AlertReport()
    report.judge("right", {"severity": "high", "revision": 2}, alert("high", 2))
    report.judge("unwanted", None, alert("critical"))
    report.judge("missed", {"severity": "medium"}, None)
    report.judge("milder", {"severity": "critical"}, alert("high"))
    assert (report.decisions.tp, report.decisions.fp, report.decisions.fn) == (2, 1, 1)
    assert (report.severity_right, report.severity_scored, report.false_critical) == (1, 2, 1)
    assert (report.revision_right, report.revision_scored) == (1, 1)
