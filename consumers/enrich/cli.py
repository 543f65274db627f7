"""Subcommands of the enricher: `enrich` (the service) and `analyze` (offline)."""

from __future__ import annotations

import argparse
import json

from newsmon import exitcodes
from newsmon.service import add_service_options
from newsmon.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the enricher's subcommands to the newsmon parser."""
    analyze = sub.add_parser("analyze", help="enrich article files offline (no Kafka)")
    analyze.add_argument("paths", nargs="+", metavar="PATH")
    analyze.add_argument("--json", action="store_true", help="one JSON object per article per line")
    analyze.set_defaults(handler=run_analyze)

    enrich = sub.add_parser("enrich", help="run the enrichment consumer (raw -> enriched topic)")
    add_service_options(enrich, "newsmon-enricher")
    enrich.set_defaults(handler=run_enrich)


def run_analyze(args: argparse.Namespace, settings: Settings) -> int:
    """Segment and enrich files offline; one JSON line (or a summary) per article."""
    from consumers.enrich.enricher import EnrichFailure, Enricher
    from consumers.enrich.report import analysis_row, readable
    from newsmon.messages import RawArticle
    from newsmon.reporting import SkipReport
    from producers.replay.replayer import page_articles

    enricher = Enricher.from_settings(settings)
    skips = SkipReport()
    pending: list[tuple[str, RawArticle]] = []  # articles of several pages go through the model together

    def enrich_pending() -> None:
        for (path, _), result in zip(pending, enricher.enrich_each([article for _, article in pending])):
            if isinstance(result, EnrichFailure):
                skips(result.problem(path))
                continue
            row = analysis_row(path, result)
            print(json.dumps(row, ensure_ascii=False) if args.json else readable(row))
        pending.clear()

    for path, articles in page_articles(args.paths, on_skip=skips):
        pending.extend((str(path), article) for article in articles)
        if len(pending) >= enricher.batch_size:
            enrich_pending()
    enrich_pending()
    return skips.exit_code


def run_enrich(args: argparse.Namespace, settings: Settings) -> int:
    """Run the enrichment consumer until stopped."""
    from consumers.enrich.enricher import Enricher
    from consumers.enrich.step import EnrichStep
    from newsmon.messages import RawArticle
    from newsmon.service import run_service

    stats = run_service(args, settings, inputs={settings.topic_raw: RawArticle},
                        build_step=lambda: EnrichStep(Enricher.from_settings(settings), output_topic=settings.topic_enriched),
                        group=settings.group_enricher, dedupe_from=settings.topic_enriched, loading="loading the model")
    print(f"enricher: {stats.line()}")
    return exitcodes.OK
