"""Subcommands of the enricher: `enrich` (the service), `analyze` (offline) and `eval` (against a gold set)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsmon import exitcodes
from newsmon.service import add_service_options
from newsmon.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the enricher's subcommands to the newsmon parser."""
    analyze = sub.add_parser("analyze", help="enrich article files offline (no Kafka)")
    analyze.add_argument("paths", nargs="+", metavar="PATH")
    analyze.add_argument("--json", action="store_true", help="one JSON object per article per line")
    analyze.set_defaults(handler=run_analyze)

    evaluate = sub.add_parser("eval", help="precision and recall of the enricher on a gold set")
    evaluate.add_argument("gold_dir", metavar="GOLD_DIR")
    evaluate.add_argument("--mistakes", dest="verbose_mistakes", action="store_true", help="list every mistake")
    evaluate.set_defaults(handler=run_eval)

    enrich = sub.add_parser("enrich", help="run the enrichment consumer (raw -> enriched topic)")
    add_service_options(enrich, "newsmon-enricher")
    enrich.set_defaults(handler=run_enrich)


def run_analyze(args: argparse.Namespace, settings: Settings) -> int:
    """Segment and enrich files offline; one JSON line (or a summary) per article."""
    from consumers.enrich.enricher import Enricher
    from consumers.enrich.report import analysis_row, readable
    from newsmon.reporting import SkipReport
    from producers.replay.replayer import page_articles

    enricher = Enricher.from_settings(settings)
    skips = SkipReport()
    for path, articles in page_articles(args.paths, on_skip=skips):
        for result in enricher.enrich_batch(articles):
            row = analysis_row(str(path), result)
            print(json.dumps(row, ensure_ascii=False) if args.json else readable(row))
    return skips.exit_code


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Print precision and recall per actor and category over a gold directory."""
    from consumers.enrich.enricher import Enricher
    from consumers.enrich.evaluate import format_report, load_gold, score

    cases = load_gold(Path(args.gold_dir))
    enricher = Enricher.from_settings(settings)
    report = score(cases, enricher.enrich_batch([c.article for c in cases]))
    print(f"{len(cases)} gold cases in {args.gold_dir}\n")
    print(format_report(report))
    if args.verbose_mistakes:
        print("\n" + "\n".join(report.mistakes))
    return exitcodes.OK


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
