"""How well the alerts match what the desk wants, on a labelled set (tests/gold/README.md):

- per gold case (`expect.alert`), each article alone through a fresh alert step with the given rules: alert
  precision and recall, severity right, false critical alerts;
- per ordered story stream (streams/*.yaml), all articles through one alert step in order, each seen at its
  `seen` time: which articles raise a new revision (precision, recall, severity), duplicate alerts per story
  revision, and story errors (pairs of articles put in one story that are two, or in two that are one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from itertools import combinations
from pathlib import Path
from typing import Callable, Iterable

import yaml

from consumers.alert.rule_model import Rule
from consumers.alert.rules import Known
from consumers.alert.step import AlertStep
from consumers.enrich.enricher import EnrichFailure
from consumers.enrich.evaluate import Tally
from newsmon.errors import InputError
from newsmon.messages import Alert, EnrichedArticle, RawArticle
from newsmon.yaml_files import load_labels

Enrich = Callable[[list[RawArticle]], Iterable["EnrichedArticle | EnrichFailure"]]


@dataclass(frozen=True)
class StreamArticle:
    article: RawArticle
    seen: datetime
    expect: dict


@dataclass(frozen=True)
class Stream:
    path: Path
    name: str
    articles: tuple[StreamArticle, ...]


@dataclass
class AlertReport:
    """Alert decisions against the labels, and the mistakes behind the figures."""

    decisions: Tally = field(default_factory=Tally)  # alert raised when wanted (tp), unwanted (fp), missed (fn)
    severity_right: int = 0
    severity_scored: int = 0
    revision_right: int = 0
    revision_scored: int = 0
    false_critical: int = 0
    duplicates: int = 0
    story_pairs: int = 0
    story_errors: int = 0
    mistakes: list[str] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)  # articles that could not be read or matched

    def judge(self, name: str, wanted: dict | None, got: Alert | None) -> None:
        """Score one decision: wanted is {severity: ...} when an alert is expected, else None."""
        if wanted and got:
            self.decisions.tp += 1
            self.severity_scored += 1
            if got.severity == wanted.get("severity"):
                self.severity_right += 1
            else:
                self.mistakes.append(f"{name}: severity {got.severity}, expected {wanted.get('severity')}")
            if "revision" in wanted:
                self.revision_scored += 1
                self.revision_right += got.revision == wanted["revision"]
                if got.revision != wanted["revision"]:
                    self.mistakes.append(f"{name}: revision {got.revision}, expected {wanted['revision']}")
        elif got:
            self.decisions.fp += 1
            self.mistakes.append(f"{name}: unwanted {got.severity} alert, revision {got.revision} "
                                 f"[{'; '.join(got.changes)}] ({_rules(got)})")
        elif wanted:
            self.decisions.fn += 1
            self.mistakes.append(f"{name}: no alert, expected a {wanted.get('severity')} one")
        if got and got.severity == "critical" and (not wanted or wanted.get("severity") != "critical"):
            self.false_critical += 1
            self.mistakes.append(f"{name}: FALSE CRITICAL ({_rules(got)})")


def _rules(alert: Alert) -> str:
    return "; ".join(f"{r.id}: {r.why}" for r in alert.rules)


def _when(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(12), tzinfo=timezone.utc)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def load_streams(directory: Path) -> list[Stream]:
    """Every streams/*.yaml under a gold directory (none is fine)."""
    streams = []
    for path in sorted((directory / "streams").glob("*.yaml")):
        try:
            data = load_labels(path.read_text(encoding="utf-8"))
            articles = tuple(
                StreamArticle(
                    article=RawArticle(id=item["id"], title=item["title"], summary=item.get("summary") or "",
                                       body=item["body"], outlet=item.get("outlet"), source=f"{path.name}#{item['id']}",
                                       published=_when(item["published"]) if item.get("published") else None),
                    seen=_when(item["seen"]), expect=dict(item["expect"]))
                for item in data["articles"])
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise InputError(str(path), f"not a story stream ({exc.__class__.__name__}: {exc})") from exc
        streams.append(Stream(path, str(data.get("name") or path.stem), articles))
    return streams


def _step(rules: list[Rule], known: Known) -> AlertStep:
    return AlertStep(rules=rules, known=known, output_topic="alerts", stories_topic="stories")


def _feed(step: AlertStep, enriched: EnrichedArticle) -> tuple[list[Alert], str | None]:
    """The alerts one article raises, and the story it went into."""
    [outputs] = step.handle([enriched])
    alerts = [o.message for o in outputs if getattr(o, "topic", None) == "alerts"]
    stories = [o.message.id for o in outputs if getattr(o, "topic", None) == "stories"]
    return alerts, stories[0] if stories else None


def _failed(source: str, enriched: EnrichedArticle, exc: Exception) -> InputError:
    reason = f"{exc.__class__.__name__}: {exc}".splitlines()[0][:300]
    return InputError(source, f"article {enriched.id}: alert matching failed: internal error {reason}")


def score_cases(cases, results: Iterable[EnrichedArticle], rules: list[Rule], known: Known,
                report: AlertReport) -> None:
    """Each gold case alone: should it alert, and how severely."""
    for case, enriched in zip(cases, results):
        wanted = case.expect.get("alert")
        if wanted is None:
            continue
        try:
            alerts, _ = _feed(_step(rules, known), enriched)
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported; the others are scored
            report.failures.append(_failed(str(case.path), enriched, exc))
            continue
        report.judge(case.path.name, wanted if wanted.get("fire") else None, alerts[0] if alerts else None)


def score_streams(streams: list[Stream], enrich: Enrich, rules: list[Rule], known: Known,
                  report: AlertReport) -> None:
    """Each stream in order through one alert step: revisions, duplicates and story errors."""
    for stream in streams:
        step = _step(rules, known)
        enriched = list(enrich([item.article for item in stream.articles]))
        story_of: dict[str, str | None] = {}
        revisions: set[tuple[str, int]] = set()
        for item, result in zip(stream.articles, enriched):
            name = f"{stream.path.name}#{item.article.id}"
            story_of[item.article.id] = None
            if isinstance(result, EnrichFailure):
                report.failures.append(result.problem(str(stream.path)))
                continue
            try:
                alerts, story_of[item.article.id] = _feed(step, result.model_copy(update={"produced_at": item.seen}))
            except Exception as exc:  # noqa: BLE001 - one article's failure is reported; the stream goes on
                report.failures.append(_failed(str(stream.path), result, exc))
                continue
            for alert in alerts:
                if (alert.story_id, alert.revision) in revisions:
                    report.duplicates += 1
                    report.mistakes.append(f"{name}: duplicate alert for story revision {alert.revision}")
                revisions.add((alert.story_id, alert.revision))
            report.judge(name, item.expect.get("alert"), alerts[0] if alerts else None)
            if len(alerts) > 1:
                report.duplicates += len(alerts) - 1
        labels = {item.article.id: item.expect.get("story") for item in stream.articles}
        for a, b in combinations(labels, 2):
            if labels[a] is None or labels[b] is None:
                continue
            report.story_pairs += 1
            wanted, got = labels[a] == labels[b], story_of[a] is not None and story_of[a] == story_of[b]
            if wanted != got:
                report.story_errors += 1
                report.mistakes.append(f"{stream.path.name}: {a} and {b} "
                                       + ("should be one story" if wanted else "are two stories, put in one"))


def format_alert_report(report: AlertReport, cases: int, streams: int) -> str:
    """The alert section `newsmon eval` prints."""
    def pct(value: float | None) -> str:
        return "  -  " if value is None else f"{value * 100:5.1f}%"

    decisions = report.decisions
    severity = report.severity_right / report.severity_scored if report.severity_scored else None
    return "\n".join([
        f"alerts ({cases} cases alone, {streams} story streams in order, shipped or given rules)",
        f"  alert precision {pct(decisions.precision)}  recall {pct(decisions.recall)}  "
        f"(tp {decisions.tp}, fp {decisions.fp}, fn {decisions.fn})",
        f"  severity right  {pct(severity)}  ({report.severity_right}/{report.severity_scored})",
        f"  revision right  {pct(report.revision_right / report.revision_scored if report.revision_scored else None)}"
        f"  ({report.revision_right}/{report.revision_scored}, story streams)",
        f"  false critical alerts: {report.false_critical}",
        f"  duplicate alerts per story revision: {report.duplicates}",
        f"  story errors: {report.story_errors} of {report.story_pairs} article pairs",
    ])
