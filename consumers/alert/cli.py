"""Subcommands of the alerter: `alert` (the service), `rules check|test`, and `eval` (enricher and alerts
against a gold set)."""

from __future__ import annotations

import argparse

from newsmon import exitcodes
from newsmon.errors import ConfigError
from newsmon.service import add_service_options
from newsmon.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the alerter's subcommands to the newsmon parser."""
    from consumers.alert.rules_cli import run_rules_check, run_rules_test

    alert = sub.add_parser("alert", help="run the alerting consumer (enriched topic -> alerts topic)")
    add_service_options(alert, "newsmon-alerter")
    alert.set_defaults(handler=run_alert)

    rules = sub.add_parser("rules", help="check or test watch rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    check = rules_sub.add_parser("check", help="validate a rules file, naming the line of each mistake")
    check.add_argument("file", metavar="FILE", nargs="?", help="default: NEWSMON_RULES_FILE or the shipped rules")
    check.set_defaults(handler=run_rules_check)
    rtest = rules_sub.add_parser(
        "test", help="read saved pages in order as one stream and print the alerts raised",
        description="Read saved pages in the order given (a folder: by file name) as one stream through the enricher "
        "and the alert step, and print one alert per story revision. Pages are read at once, so arrival says "
        "nothing of when: a page's date is its date line under the headline (or the dates its text gives), and a "
        "page whose date is unknown joins a story by its event only when its toll pins that one story (the same dead "
        "and wounded, the same militants killed, or five dead or more where one report gives no wounded, in the same "
        "town or district; or ten dead or more by the same "
        "group named on both sides), else only as a near-duplicate text, so pages of different years are not "
        "pulled together.")
    rtest.add_argument("paths", nargs="+", metavar="PATH")
    rtest.add_argument("--rules", metavar="FILE", help="rules file (default: NEWSMON_RULES_FILE or the shipped one)")
    rtest.add_argument("--against", metavar="OLD_FILE", help="print the alerts a change from OLD_FILE adds and drops")
    rtest.add_argument("--json", action="store_true", help="one JSON object per alert per line")
    rtest.add_argument("--stories", action="store_true",
                       help="also one line per article: the story it went into and the revision it raised, if any")
    rtest.set_defaults(handler=run_rules_test)

    evaluate = sub.add_parser("eval", help="the enricher's facts and the alerts against a labelled gold set")
    evaluate.add_argument("gold_dir", metavar="GOLD_DIR", nargs="?")
    evaluate.add_argument("--export-corrections", metavar="DIR", dest="export_dir",
                          help="instead: write every analyst correction in the topics as a labelled case (gold-set "
                          "format) into DIR, for `newsmon eval DIR`")
    evaluate.add_argument("--rules", metavar="FILE", help="rules file (default: NEWSMON_RULES_FILE or the shipped one)")
    evaluate.add_argument("--mistakes", dest="verbose_mistakes", action="store_true", help="list every mistake")
    evaluate.set_defaults(handler=run_eval)


def run_alert(args: argparse.Namespace, settings: Settings) -> int:
    """Run the alerting consumer until stopped."""
    from consumers.alert.rules import DEFAULT_RULES_FILE, default_known, load_rules

    # The rules first, as `rules check` reads them: a broken file is exit 3 before any wait for Kafka.
    from consumers.alert.rules_cli import destination_mistakes
    from consumers.alert.service import alert_inputs, build_alert_step
    from newsmon.service import run_service

    rules_file = settings.rules_file or DEFAULT_RULES_FILE
    rules = load_rules(rules_file, known=default_known())
    mistakes = destination_mistakes(rules_file, rules, settings)
    if mistakes:
        raise ConfigError(f"rules file {mistakes[0]}")
    stats = run_service(args, settings, build_step=lambda: build_alert_step(settings, rules),
                        inputs=alert_inputs(settings), group=settings.group_alerter,
                        dedupe_from=None, loading="loading rules")
    print(f"alerter: {stats.line()}")
    return exitcodes.OK


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Print the enricher's precision, recall and fact accuracy, then the alert figures, over a gold directory;
    or, with --export-corrections, write the desk's corrections as such a directory."""
    from pathlib import Path

    if args.export_dir:
        return run_export(Path(args.export_dir), settings)
    if not args.gold_dir:
        raise ConfigError("eval needs GOLD_DIR (or --export-corrections DIR)")
    from consumers.alert.evaluate import AlertReport, format_alert_report, load_streams, score_cases, score_streams
    from consumers.alert.rules import default_known, load_rules
    from consumers.alert.rules_cli import rules_path
    from consumers.enrich.enricher import EnrichFailure, Enricher
    from consumers.enrich.evaluate import format_report, load_gold, score
    from newsmon.reporting import SkipReport

    gold = Path(args.gold_dir)
    cases, streams = load_gold(gold), load_streams(gold)
    known = default_known()
    rules = load_rules(rules_path(args.rules, settings), known=known)
    enricher = Enricher.from_settings(settings, catalog=known.catalog)
    skips = SkipReport()
    read = list(zip(cases, enricher.enrich_each([c.article for c in cases])))
    for case, result in read:
        if isinstance(result, EnrichFailure):
            skips(result.problem(str(case.path)))
    cases, results = [c for c, r in read if not isinstance(r, EnrichFailure)], [r for _, r in read
                                                                                 if not isinstance(r, EnrichFailure)]
    report = score(cases, results)
    alerts = AlertReport()
    score_cases(cases, results, rules, known, alerts)
    score_streams(streams, enricher.enrich_each, rules, known, alerts)
    for failure in alerts.failures:
        skips(failure)
    print(f"{len(cases)} gold cases and {len(streams)} story streams in {args.gold_dir}\n")
    print(format_report(report))
    print()
    print(format_alert_report(alerts, len(cases), len(streams)))
    if args.verbose_mistakes:
        print("\n" + "\n".join(report.mistakes + alerts.mistakes))
    return skips.exit_code


def run_export(directory, settings: Settings) -> int:
    """Write every correction as a case or a story stream; each one that cannot be is named on stderr (exit 1)."""
    import sys

    from consumers.alert.export_corrections import read_export, write_export
    from newsmon.errors import InputError
    from newsmon.reporting import SkipReport

    export = read_export(settings)
    written = write_export(export, directory)
    skips = SkipReport()
    for key, why in export.skipped:
        skips(InputError(f"correction {key}", why))
    print(f"wrote {len(export.cases)} cases and {len(export.streams)} story streams from {settings.topic_corrections} "
          f"to {directory} ({len(written)} files); run `newsmon eval {directory}`")
    if export.streams and not export.cases:
        print("note: `newsmon eval` needs at least one case besides the streams", file=sys.stderr)
    return skips.exit_code
