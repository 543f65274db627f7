"""Subcommands of the alerter: `alert` (the service) and `rules check|test`."""

from __future__ import annotations

import argparse

from newsmon import exitcodes
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
    check.add_argument("file", metavar="FILE")
    check.set_defaults(handler=run_rules_check)
    rtest = rules_sub.add_parser("test", help="run rules over article files offline and show what would fire")
    rtest.add_argument("file", metavar="FILE")
    rtest.add_argument("paths", nargs="+", metavar="PATH")
    rtest.add_argument("--against", metavar="OLD_FILE", help="print the alerts a change adds and drops")
    rtest.set_defaults(handler=run_rules_test)


def run_alert(args: argparse.Namespace, settings: Settings) -> int:
    """Run the alerting consumer until stopped."""
    from consumers.alert.service import build_alert_step
    from newsmon.messages import EnrichedArticle
    from newsmon.service import run_service

    stats = run_service(args, settings, build_step=lambda: build_alert_step(settings),
                        inputs={settings.topic_enriched: EnrichedArticle}, group=settings.group_alerter,
                        dedupe_from=None, loading="loading rules")
    print(f"alerter: {stats.line()}")
    return exitcodes.OK
