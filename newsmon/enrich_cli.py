"""`newsmon analyze`, `newsmon eval`, `newsmon enrich` and `newsmon actors import-un`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from newsmon import exitcodes
from newsmon.errors import InputError
from newsmon.settings import Settings


def run_analyze(args: argparse.Namespace, settings: Settings) -> int:
    """Segment and enrich files offline; one JSON line (or a summary) per article."""
    from consumers.enrich import Enricher
    from producers.replay import page_articles

    enricher = Enricher.load(model=settings.nlp_model, batch_size=settings.nlp_batch_size)
    skipped = []
    for path, articles in page_articles(args.paths, on_skip=lambda exc: report_skip(exc, skipped)):
        for result in enricher.enrich_batch(articles):
            row = analysis_row(str(path), result)
            print(json.dumps(row, ensure_ascii=False) if args.json else readable(row))
    return exitcodes.INPUT_SKIPPED if skipped else exitcodes.OK


def report_skip(problem: InputError, skipped: list) -> None:
    """Print one line naming a skipped input and remember it for the exit code."""
    print(f"newsmon: skipped {problem}", file=sys.stderr)
    skipped.append(problem)


def analysis_row(source: str, result) -> dict:
    """The JSON object `analyze --json` prints for one article."""
    return {
        "source": source,
        "id": result.id,
        "title": result.article.title,
        "language": result.language,
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "mentions": a.mentions} for a in result.actors],
        "categories": [{"label": c.label, "score": c.score, "evidence": list(c.evidence)} for c in result.categories],
        "event": {"type": result.event.type, "killed": result.event.killed, "injured": result.event.injured,
                  "date": result.event.date},
        "places": [{"name": p.name, "country": p.country} for p in result.places],
    }


def readable(row: dict) -> str:
    """A short human summary of one analysed article."""
    event = row["event"]
    facts = ", ".join(f"{event[k]} {k}" for k in ("killed", "injured") if event[k] is not None)
    return "\n".join([
        f"{row['source']}: {row['title']} [{row['language']}]",
        "  actors:     " + (", ".join(f"{a['id']} x{a['mentions']}" for a in row["actors"]) or "none"),
        "  categories: " + ", ".join(f"{c['label']} {c['score']:.2f}" for c in row["categories"]),
        f"  event:      {event['type'] or 'unknown'}" + (f" ({facts})" if facts else "") + (f" on {event['date']}" if event["date"] else ""),
        "  places:     " + (", ".join(f"{p['name']} ({p['country'] or '?'})" for p in row["places"][:8]) or "none"),
    ])


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Print precision and recall per actor and category over a gold directory."""
    from consumers.enrich import Enricher
    from consumers.evaluate import format_report, load_gold, score

    cases = load_gold(Path(args.gold_dir))
    enricher = Enricher.load(model=settings.nlp_model, batch_size=settings.nlp_batch_size)
    report = score(cases, enricher.enrich_batch([c.article for c in cases]))
    print(f"{len(cases)} gold cases in {args.gold_dir}\n")
    print(format_report(report))
    if args.verbose_mistakes:
        print("\n" + "\n".join(report.mistakes))
    return exitcodes.OK


def run_enrich(args: argparse.Namespace, settings: Settings) -> int:
    """Run the enrichment consumer until stopped."""
    from consumers.enrich import Enricher
    from consumers.enrich_service import EnrichStep
    from newsmon.service import run_service

    def build_step() -> EnrichStep:
        enricher = Enricher.load(model=settings.nlp_model, batch_size=settings.nlp_batch_size)
        return EnrichStep(enricher, output_topic=settings.topic_enriched)

    stats = run_service(args, settings, build_step=build_step, input_topic=settings.topic_raw,
                        group=settings.group_enricher, dedupe_from=settings.topic_enriched, loading="loading the model")
    print(f"enricher: {stats.line()}")
    return exitcodes.OK


def run_import_un(args: argparse.Namespace, settings: Settings) -> int:
    """Refresh the actor catalog's aliases from the UN Security Council consolidated list."""
    from consumers.catalog import CATALOG_FILE
    from consumers.un_import import merge_into_catalog, parse_un_entities

    source = Path(args.xml)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InputError(str(source), f"cannot be read ({exc.strerror})") from exc
    entities = parse_un_entities(data, source=str(source))
    catalog_path = Path(args.catalog) if args.catalog else CATALOG_FILE
    catalog = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    report = merge_into_catalog(catalog, entities, add_new=args.add_new)
    for actor_id, aliases in sorted(report.added_aliases.items()):
        print(f"{actor_id}: +{len(aliases)} aliases: {', '.join(aliases)}")
    print(f"{len(entities)} UN entities: {len(report.matched)} matched, {len(report.new_actors)} new, "
          f"{len(report.unmatched)} unmatched")
    out = Path(args.out) if args.out else catalog_path
    if args.dry_run:
        print("dry run: nothing written")
    else:
        out.write_text(yaml.safe_dump(report.catalog, sort_keys=False, allow_unicode=True), encoding="utf-8")
        print(f"wrote {out}")
    return exitcodes.OK
