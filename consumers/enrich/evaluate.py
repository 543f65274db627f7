"""How well the enricher reads a labelled gold set: actors and categories (precision and recall), and the
main event's facts one by one (type, killed, injured, attackers killed, perpetrator and basis, country,
admin-1, roles, related events), per language.

The gold format is described in tests/gold/README.md. A fact is scored only on cases that label it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from pathlib import Path

import yaml

from newsmon.errors import InputError
from newsmon.ids import article_id
from newsmon.messages import EnrichedArticle, RawArticle
from newsmon.yaml_files import load_labels

FACTS = ("event", "killed", "injured", "attackers_killed", "perpetrator", "basis", "country", "admin1")


@dataclass(frozen=True)
class GoldCase:
    """One labelled article and what it expects."""

    path: Path
    article: RawArticle
    expect: dict

    @property
    def actors(self) -> frozenset[str]:
        return frozenset(self.expect.get("actors") or [])

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(self.expect.get("categories") or [])

    @property
    def language(self) -> str:
        return str(self.expect.get("language", "en"))


@dataclass
class Tally:
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)


@dataclass
class Report:
    """Per-label tallies, per-fact accuracy and the mistakes behind them."""

    actors: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    categories: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    facts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # fact -> [right, scored]
    casualties_right: int = 0
    casualties_total: int = 0
    by_language: dict[str, dict] = field(default_factory=dict)  # language -> {"actors": Tally, "casualties": [r, n]}
    mistakes: list[str] = field(default_factory=list)

    def total(self, which: str) -> Tally:
        """Micro-averaged tally over all labels of actors or categories."""
        tallies = getattr(self, which).values()
        return Tally(sum(t.tp for t in tallies), sum(t.fp for t in tallies), sum(t.fn for t in tallies))


def load_gold(directory: Path) -> list[GoldCase]:
    """Read every *.yaml gold case in a directory."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise InputError(str(directory), "no .yaml gold cases")
    cases = []
    for path in files:
        try:
            data = load_labels(path.read_text(encoding="utf-8"))
            expect = dict(data["expect"])
            published = data.get("published")
            if published is not None and not isinstance(published, datetime):
                published = datetime.combine(published, time(12), tzinfo=timezone.utc)
            article = RawArticle(
                id=article_id(title=data["title"], body=data["body"]), title=data["title"],
                summary=data.get("summary") or "", body=data["body"], source=str(path), published=published,
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise InputError(str(path), f"not a gold case ({exc.__class__.__name__}: {exc})") from exc
        cases.append(GoldCase(path, article, expect))
    return cases


def _named(result: EnrichedArticle) -> set[str]:
    """The actors the text names (not a state given a part only by where the event happened: mentions 0)."""
    return {a.id for a in result.actors if a.mentions}


def _got(result: EnrichedArticle) -> dict:
    event = result.event
    return {
        "event": event.type, "killed": event.killed, "injured": event.injured,
        "attackers_killed": event.attackers_killed,
        "perpetrator": event.perpetrator.actor if event.perpetrator else None,
        "basis": event.perpetrator.basis if event.perpetrator else None,
        "country": event.where.country if event.where else None,
        "admin1": event.where.admin1 if event.where else None,
    }


def score(cases: list[GoldCase], results: list[EnrichedArticle]) -> Report:
    """Compare enrichment results with the gold labels."""
    report = Report()
    for case, result in zip(cases, results):
        name = case.path.name
        for expected, got, tallies, kind in (
            (case.actors, _named(result), report.actors, "actor"),
            (case.categories, {c.label for c in result.categories}, report.categories, "category"),
        ):
            for label in expected | got:
                if label in expected and label in got:
                    tallies[label].tp += 1
                elif label in got:
                    tallies[label].fp += 1
                    report.mistakes.append(f"{name}: extra {kind} {label}")
                else:
                    tallies[label].fn += 1
                    report.mistakes.append(f"{name}: missed {kind} {label}")
        got = _got(result)
        for fact in FACTS:
            if fact not in case.expect:
                continue
            right = got[fact] == case.expect[fact]
            report.facts[fact][0] += right
            report.facts[fact][1] += 1
            if not right:
                report.mistakes.append(f"{name}: {fact} {got[fact]!r}, expected {case.expect[fact]!r}")
        _score_roles(case, result, report)
        _score_related(case, result, report)
        report.casualties_total += 1
        casualties_right = (got["killed"], got["injured"]) == (case.expect.get("killed"), case.expect.get("injured"))
        report.casualties_right += casualties_right
        language = report.by_language.setdefault(case.language, {"actors": Tally(), "casualties": [0, 0]})
        found = _named(result)
        language["actors"].tp += len(case.actors & found)
        language["actors"].fp += len(found - case.actors)
        language["actors"].fn += len(case.actors - found)
        language["casualties"][0] += casualties_right
        language["casualties"][1] += 1
        report.facts[f"language {case.language}"][1] += 1
        report.facts[f"language {case.language}"][0] += result.language == case.language
    return report


def _score_roles(case: GoldCase, result: EnrichedArticle, report: Report) -> None:
    roles = {a.id: a.role for a in result.actors}
    for actor, role in (case.expect.get("roles") or {}).items():
        right = roles.get(actor, "absent") == role
        report.facts["roles"][0] += right
        report.facts["roles"][1] += 1
        if not right:
            report.mistakes.append(f"{case.path.name}: role of {actor} {roles.get(actor, 'absent')}, expected {role}")


def _score_related(case: GoldCase, result: EnrichedArticle, report: Report) -> None:
    got = [(e.type, e.killed) for e in result.related_events]
    for related in case.expect.get("related") or []:
        wanted = (related.get("type"), related.get("killed"))
        right = wanted in got
        report.facts["related events"][0] += right
        report.facts["related events"][1] += 1
        if not right:
            report.mistakes.append(f"{case.path.name}: related event {wanted} not found in {got}")


def format_report(report: Report) -> str:
    """The tables `newsmon eval` prints."""
    def pct(value: float | None) -> str:
        return "   -  " if value is None else f"{value * 100:5.1f}%"

    lines = []
    for title, which in (("actor", "actors"), ("category", "categories")):
        lines.append(f"{title:<22} {'precision':>9} {'recall':>7}   tp  fp  fn")
        for label, t in sorted(getattr(report, which).items()):
            lines.append(f"{label:<22} {pct(t.precision):>9} {pct(t.recall):>7}  {t.tp:3d} {t.fp:3d} {t.fn:3d}")
        t = report.total(which)
        lines.append(f"{'ALL ' + which:<22} {pct(t.precision):>9} {pct(t.recall):>7}  {t.tp:3d} {t.fp:3d} {t.fn:3d}"
                     f"   F1 {pct(t.f1)}")
        lines.append("")
    lines.append(f"{'fact':<22} {'right':>9}")
    for fact, (right, scored) in report.facts.items():
        lines.append(f"{fact:<22} {pct(right / scored if scored else None):>9}  {right}/{scored}")
    lines.append(f"\ncasualties (killed and injured both right): {report.casualties_right}/{report.casualties_total}")
    lines.append(f"\n{'language':<10} {'cases':>5} {'actor P':>8} {'actor R':>8} {'actor F1':>9} {'casualties':>11}")
    for code, figures in sorted(report.by_language.items(), key=lambda item: -item[1]["casualties"][1]):
        t, (right, total) = figures["actors"], figures["casualties"]
        lines.append(f"{code:<10} {total:5d} {pct(t.precision):>8} {pct(t.recall):>8} {pct(t.f1):>9} "
                     f"{pct(right / total if total else None):>11}")
    return "\n".join(lines)
