"""Precision and recall of actors, categories and casualties against a labelled gold set."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsmon.errors import InputError
from newsmon.ids import article_id
from newsmon.messages import EnrichedArticle, RawArticle


@dataclass(frozen=True)
class GoldCase:
    """One labelled article."""

    path: Path
    article: RawArticle
    actors: frozenset[str]
    categories: frozenset[str]
    killed: int | None
    injured: int | None


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


@dataclass
class Report:
    """Per-label tallies and casualty accuracy."""

    actors: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    categories: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    casualties_right: int = 0
    casualties_total: int = 0
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
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            expect = data["expect"]
            article = RawArticle(
                id=article_id(title=data["title"], body=data["body"]), title=data["title"],
                summary=data.get("summary") or "", body=data["body"], source=str(path),
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise InputError(str(path), f"not a gold case ({exc.__class__.__name__}: {exc})") from exc
        cases.append(GoldCase(
            path, article, frozenset(expect.get("actors") or []), frozenset(expect.get("categories") or []),
            expect.get("killed"), expect.get("injured"),
        ))
    return cases


def score(cases: list[GoldCase], results: list[EnrichedArticle]) -> Report:
    """Compare enrichment results with the gold labels."""
    report = Report()
    for case, result in zip(cases, results):
        got_actors = {a.id for a in result.actors}
        got_cats = {c.label for c in result.categories}
        for expected, got, tallies, kind in (
            (case.actors, got_actors, report.actors, "actor"),
            (case.categories, got_cats, report.categories, "category"),
        ):
            for label in expected | got:
                if label in expected and label in got:
                    tallies[label].tp += 1
                elif label in got:
                    tallies[label].fp += 1
                    report.mistakes.append(f"{case.path.name}: extra {kind} {label}")
                else:
                    tallies[label].fn += 1
                    report.mistakes.append(f"{case.path.name}: missed {kind} {label}")
        report.casualties_total += 1
        if (result.event.killed, result.event.injured) == (case.killed, case.injured):
            report.casualties_right += 1
        else:
            report.mistakes.append(
                f"{case.path.name}: casualties {result.event.killed}/{result.event.injured}, expected {case.killed}/{case.injured}"
            )
    return report


def format_report(report: Report) -> str:
    """The table `newsmon eval` prints."""
    def pct(value: float | None) -> str:
        return "   -  " if value is None else f"{value * 100:5.1f}%"

    lines = []
    for title, which in (("actor", "actors"), ("category", "categories")):
        lines.append(f"{title:<22} {'precision':>9} {'recall':>7}   tp  fp  fn")
        for label, t in sorted(getattr(report, which).items()):
            lines.append(f"{label:<22} {pct(t.precision):>9} {pct(t.recall):>7}  {t.tp:3d} {t.fp:3d} {t.fn:3d}")
        t = report.total(which)
        lines.append(f"{'ALL ' + which:<22} {pct(t.precision):>9} {pct(t.recall):>7}  {t.tp:3d} {t.fp:3d} {t.fn:3d}")
        lines.append("")
    lines.append(f"casualties (killed and injured both right): {report.casualties_right}/{report.casualties_total}")
    return "\n".join(lines)
