"""Alerts from the seeds and the gold set, made as `newsmon rules test` and `newsmon eval` make them: every gold
case alone through a fresh alert step, every gold story stream in order at its `seen` times, and the seed pages
in order as one stream; with the shipped rules and the real enricher."""

from __future__ import annotations

from pathlib import Path

from consumers.alert.evaluate import load_streams
from consumers.alert.rules import default_known, load_rules
from consumers.alert.step import AlertStep
from consumers.enrich.enricher import EnrichFailure, Enricher
from consumers.enrich.evaluate import load_gold
from newsmon.messages import Alert, EnrichedArticle
from producers.replay.replayer import page_articles
from tests.conftest import ROOT, SEEDS

GOLD = ROOT / "tests" / "gold"


def _step(known) -> AlertStep:
    return AlertStep(rules=load_rules(known=known), known=known, output_topic="alerts", stories_topic="stories")


def _alerts(step: AlertStep, enriched: EnrichedArticle) -> list[Alert]:
    [outputs] = step.handle([enriched])
    return [o.message for o in outputs if getattr(o, "topic", None) == "alerts"]


def gold_alerts(enricher: Enricher) -> list[tuple[str, Alert]]:
    """(where it came from, alert) for every alert the gold cases and streams raise."""
    known = default_known()
    found: list[tuple[str, Alert]] = []
    cases = load_gold(GOLD)
    for case, result in zip(cases, enricher.enrich_each([c.article for c in cases])):
        if not isinstance(result, EnrichFailure):
            found += [(case.path.name, alert) for alert in _alerts(_step(known), result)]
    for stream in load_streams(GOLD):
        step = _step(known)
        results = enricher.enrich_each([item.article for item in stream.articles])
        for item, result in zip(stream.articles, results):
            if not isinstance(result, EnrichFailure):
                found += [(f"{stream.path.name}#{item.article.id}", alert)
                          for alert in _alerts(step, result.model_copy(update={"produced_at": item.seen}))]
    return found


def seed_alerts(enricher: Enricher, seeds: Path = SEEDS) -> list[tuple[str, Alert]]:
    """(page, alert) for every alert the seed pages raise, read in order as one stream."""
    step = _step(default_known())
    found: list[tuple[str, Alert]] = []
    for path, raw in page_articles([str(seeds)], on_skip=lambda problem: None):
        for result in enricher.enrich_each(raw):
            if not isinstance(result, EnrichFailure):
                found += [(path.name, alert) for alert in _alerts(step, result)]
    return found
