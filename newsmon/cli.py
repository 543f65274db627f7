"""The `newsmon` console script: one parser, each subcommand a thin wrapper around a function."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Callable

from newsmon import exitcodes
from newsmon.errors import BrokerUnavailable, ConfigError, DeliveryError, NewsmonError
from newsmon.settings import Settings, load_settings

log = logging.getLogger("newsmon")

Handler = Callable[[argparse.Namespace, Settings], int]


def lazy(module: str, function: str) -> Handler:
    """A handler that imports its module only when its command runs (spaCy and friends load slowly)."""

    def handler(args: argparse.Namespace, settings: Settings) -> int:
        return getattr(importlib.import_module(module), function)(args, settings)

    return handler


# Commands whose modules load only when they run.
cmd_replay = lazy("newsmon.replay_cli", "run_replay")
cmd_poll = lazy("newsmon.poll_cli", "run_poll")
cmd_feeds_check = lazy("newsmon.poll_cli", "run_feeds_check")
cmd_analyze = lazy("newsmon.enrich_cli", "run_analyze")
cmd_eval = lazy("newsmon.enrich_cli", "run_eval")
cmd_enrich = lazy("newsmon.enrich_cli", "run_enrich")
cmd_alert = lazy("newsmon.alerter_cli", "run_alert")
cmd_alerts_test = lazy("newsmon.alerts_cli", "run_alerts_test")
cmd_redeliver = lazy("newsmon.alerter_cli", "run_redeliver")
cmd_rules_check = lazy("newsmon.rules_cli", "run_rules_check")
cmd_rules_test = lazy("newsmon.rules_cli", "run_rules_test")
cmd_sink = lazy("newsmon.alerter_cli", "run_sink")
cmd_import_un = lazy("newsmon.enrich_cli", "run_import_un")


def _err(line: str) -> None:
    print(f"newsmon: {line}", file=sys.stderr)


def cmd_kafka(args: argparse.Namespace, settings: Settings) -> int:
    """Start, stop or report the local single-node broker."""
    from newsmon.broker import BrokerError, LocalBroker, port_of

    broker = LocalBroker(home=settings.kafka_home, cache_dir=settings.cache_dir, version=settings.kafka_version)
    broker.home.mkdir(parents=True, exist_ok=True)
    if args.action == "start":
        try:
            address = broker.start(port=port_of(settings.kafka_bootstrap), startup_timeout_s=args.timeout)
        except BrokerError as exc:
            _err(f"kafka start failed: {exc}")
            return exitcodes.UNAVAILABLE
        print(f"Kafka {settings.kafka_version} is running at {address} (pid {broker.pid()}, data in {broker.home})")
        print(f"bootstrap: {address}")
        return exitcodes.OK
    if args.action == "stop":
        stopped = broker.stop()
        print("Kafka stopped." if stopped else "No local Kafka was running.")
        return exitcodes.OK
    address = broker.bootstrap()
    if address:
        print(f"Kafka is running at {address} (pid {broker.pid()}).")
        return exitcodes.OK
    print("Kafka is not running.")
    return exitcodes.UNAVAILABLE


def cmd_topics(args: argparse.Namespace, settings: Settings) -> int:
    """Create the pipeline's topics, or show what landed in them."""
    from newsmon import kafka_io
    from newsmon.topic_view import describe_record

    if args.action == "create":
        created = kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
        print(f"Created {len(created)} topics: {', '.join(created) or 'none (all existed)'}")
        return exitcodes.OK
    topics = args.topic or list(kafka_io.standard_topics(settings))
    for topic in topics:
        records = list(kafka_io.read_topic(settings, topic, timeout_s=args.timeout))
        print(f"{topic}: {len(records)} records")
        for record in records[: args.limit]:
            print(f"  [p{record.partition}@{record.offset}] {describe_record(record)}")
        if len(records) > args.limit:
            print(f"  ... {len(records) - args.limit} more")
    return exitcodes.OK


















def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the whole pipeline as one supervised process group."""
    from newsmon.supervisor import Component, Supervisor

    base = args.health_base_port or None
    components = []
    if not args.no_poll:
        components.append(Component("poller", ["poll"] + (["--feeds", args.feeds] if args.feeds else []), base))
    components += [Component("enricher", ["enrich"], base + 1 if base else None),
                   Component("alerter", ["alert"], base + 2 if base else None)]
    if args.replay:
        components.append(Component("replay", ["replay", "--no-progress", *args.replay], service=False))
    return Supervisor(components, grace_s=args.grace).run(timeout_s=args.timeout)


def add_service_options(parser: argparse.ArgumentParser, default_group: str) -> None:
    """Debug stops shared by every consumer service."""
    parser.add_argument("--group", help=f"consumer group (default: {default_group})")
    parser.add_argument("--max-messages", type=int, help="stop after consuming this many records")
    parser.add_argument("--timeout", type=float, help="stop after this many seconds")
    parser.add_argument("--idle-timeout", type=float, help="stop after this many seconds without records")


def cmd_schemas(args: argparse.Namespace, settings: Settings) -> int:
    """Write (or check) the JSON Schema files of the message types."""
    from newsmon.schema_files import check_schemas, write_schemas

    if args.check:
        stale = check_schemas()
        for name in stale:
            _err(f"{name} is out of date; run `newsmon schemas`")
        return exitcodes.CONFIG if stale else exitcodes.OK
    for path in write_schemas():
        print(f"wrote {path}")
    return exitcodes.OK


def cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    """Print the effective settings (secrets masked)."""
    for key, value in settings.masked().items():
        print(f"{key} = {value}")
    return exitcodes.OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="newsmon", description="Streaming monitor for security news.")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument("--log-format", choices=["text", "json"], help="log lines as text (default) or JSON")
    sub = parser.add_subparsers(dest="command", required=True)

    kafka = sub.add_parser("kafka", help="run a local single-node Kafka broker")
    kafka.add_argument("action", choices=["start", "stop", "status"])
    kafka.add_argument("--timeout", type=float, default=120.0, help="start-up budget in seconds")
    kafka.set_defaults(handler=cmd_kafka)

    topics = sub.add_parser("topics", help="create the topics or show what landed in them")
    topics.add_argument("action", choices=["create", "show"])
    topics.add_argument("--topic", action="append", help="topic to show (repeatable; default: all)")
    topics.add_argument("--limit", type=int, default=20, help="records to print per topic")
    topics.add_argument("--timeout", type=float, default=10.0, help="seconds to read each topic")
    topics.set_defaults(handler=cmd_topics)

    replay = sub.add_parser("replay", help="replay saved article pages into Kafka")
    replay.add_argument("paths", nargs="+", metavar="PATH", help="page files or directories of .txt files")
    replay.add_argument("--rate", type=float, default=None, help="articles per second (default: as fast as possible)")
    replay.add_argument("--loop", action="store_true", help="replay again and again until interrupted")
    replay.add_argument("--no-progress", action="store_true", help="no progress bar")
    replay.set_defaults(handler=cmd_replay)

    run = sub.add_parser("run", help="run poller, enricher and alerter as one supervised process group")
    run.add_argument("--replay", nargs="+", metavar="PATH", help="also replay these pages once")
    run.add_argument("--feeds", help="feeds file for the poller")
    run.add_argument("--no-poll", action="store_true", help="do not start the feed poller")
    run.add_argument("--health-base-port", type=int, default=9101,
                     help="poller, enricher, alerter serve health/metrics on this port and the next two (0: off)")
    run.add_argument("--grace", type=float, default=30.0, help="seconds to finish in-flight work on SIGTERM")
    run.add_argument("--timeout", type=float, help="stop after this many seconds")
    run.set_defaults(handler=cmd_run)

    poll = sub.add_parser("poll", help="poll RSS/Atom feeds on their schedules and publish new entries")
    poll.add_argument("--feeds", help="feeds file (default: NEWSMON_FEEDS_FILE or the shipped one)")
    poll.add_argument("--once", action="store_true", help="poll every feed once and exit")
    poll.add_argument("--timeout", type=float, help="stop after this many seconds")
    poll.set_defaults(handler=cmd_poll)

    feeds = sub.add_parser("feeds", help="feeds file tools")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True)
    fcheck = feeds_sub.add_parser("check", help="validate a feeds file and fetch each feed once")
    fcheck.add_argument("file", metavar="FILE")
    feeds.set_defaults(handler=cmd_feeds_check)

    analyze = sub.add_parser("analyze", help="enrich article files offline (no Kafka)")
    analyze.add_argument("paths", nargs="+", metavar="PATH")
    analyze.add_argument("--json", action="store_true", help="one JSON object per article per line")
    analyze.set_defaults(handler=cmd_analyze)

    evaluate = sub.add_parser("eval", help="precision and recall of the enricher on a gold set")
    evaluate.add_argument("gold_dir", metavar="GOLD_DIR")
    evaluate.add_argument("--mistakes", dest="verbose_mistakes", action="store_true", help="list every mistake")
    evaluate.set_defaults(handler=cmd_eval)

    enrich = sub.add_parser("enrich", help="run the enrichment consumer (raw -> enriched topic)")
    add_service_options(enrich, "newsmon-enricher")
    enrich.set_defaults(handler=cmd_enrich)

    alert = sub.add_parser("alert", help="run the alerting consumer (enriched topic -> alerts + webhooks)")
    add_service_options(alert, "newsmon-alerter")
    alert.set_defaults(handler=cmd_alert)

    alerts = sub.add_parser("alerts", help="webhook endpoint tools")
    alerts_sub = alerts.add_subparsers(dest="alerts_command", required=True)
    test = alerts_sub.add_parser("test", help="send one signed test alert and print what happened")
    test.add_argument("endpoint", metavar="ENDPOINT", help="endpoint name in the endpoints file")
    test.set_defaults(handler=cmd_alerts_test)
    redeliver = alerts_sub.add_parser("redeliver", help="send dead-lettered alerts again")
    redeliver.add_argument("--endpoint", help="only alerts that failed for this endpoint")
    redeliver.add_argument("--group", default="newsmon-redeliver", help="consumer group on the dead-letter topic")
    redeliver.add_argument("--idle-timeout", type=float, default=5.0, help="stop after this many seconds without records")
    redeliver.add_argument("--timeout", type=float, default=300.0, help="stop after this many seconds")
    redeliver.set_defaults(handler=cmd_redeliver)

    rules = sub.add_parser("rules", help="check or test watch rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    check = rules_sub.add_parser("check", help="validate a rules file, naming the line of each mistake")
    check.add_argument("file", metavar="FILE")
    check.set_defaults(handler=cmd_rules_check)
    rtest = rules_sub.add_parser("test", help="run rules over article files offline and show what would fire")
    rtest.add_argument("file", metavar="FILE")
    rtest.add_argument("paths", nargs="+", metavar="PATH")
    rtest.add_argument("--against", metavar="OLD_FILE", help="print the alerts a change adds and drops")
    rtest.set_defaults(handler=cmd_rules_test)

    sink = sub.add_parser("sink", help="a local webhook receiver that prints the alerts it gets")
    sink.add_argument("--port", type=int, default=8765)
    sink.add_argument("--secret-env", help="environment variable holding the whsec_ secret to verify signatures")
    sink.add_argument("--count", type=int, help="stop after this many requests")
    sink.add_argument("--timeout", type=float, help="stop after this many seconds")
    sink.set_defaults(handler=cmd_sink)

    actors = sub.add_parser("actors", help="maintain the actor catalog")
    actors_sub = actors.add_subparsers(dest="actors_command", required=True)
    import_un = actors_sub.add_parser("import-un", help="add aliases from the UN Security Council consolidated list XML")
    import_un.add_argument("xml", metavar="XML")
    import_un.add_argument("--catalog", help="catalog to extend (default: the shipped one)")
    import_un.add_argument("--out", help="where to write (default: over the catalog)")
    import_un.add_argument("--add-new", action="store_true", help="add UN entities the catalog lacks as new groups")
    import_un.add_argument("--dry-run", action="store_true", help="report only")
    import_un.set_defaults(handler=cmd_import_un)

    schemas = sub.add_parser("schemas", help="write the JSON Schema files of the messages")
    schemas.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    schemas.set_defaults(handler=cmd_schemas)

    show = sub.add_parser("settings", help="print the effective settings")
    show.set_defaults(handler=cmd_settings)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    from newsmon import logs

    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        logs.configure(verbose=args.verbose, fmt=args.log_format or settings.log_format)
        return args.handler(args, settings)
    except ConfigError as exc:
        _err(f"configuration error: {exc}")
        return exitcodes.CONFIG
    except (BrokerUnavailable, DeliveryError) as exc:
        _err(str(exc))
        return exitcodes.UNAVAILABLE
    except NewsmonError as exc:
        _err(str(exc))
        return exitcodes.INPUT_SKIPPED
    except KeyboardInterrupt:
        _err("interrupted")
        return exitcodes.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
