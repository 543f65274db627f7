"""The `newsmon` console script: one parser, each subcommand a thin wrapper around a function."""

from __future__ import annotations

import argparse
import atexit
import logging
import os
import sys
from importlib.metadata import entry_points
from typing import Callable

from newsmon import exitcodes
from newsmon.errors import BrokerUnavailable, ConfigError, DeliveryError, NewsmonError
from newsmon.settings import Settings, load_settings

log = logging.getLogger("newsmon")

PLUGIN_GROUP = "newsmon.commands"


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
    from newsmon.supervisor import Supervisor, pipeline_components

    components = pipeline_components(poll=not args.no_poll, feeds=args.feeds, enrichers=args.enrichers,
                                     health_base_port=args.health_base_port or None, replay=args.replay,
                                     console=not args.no_console)
    return Supervisor(components, grace_s=args.grace).run(timeout_s=args.timeout)


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


def plugin_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """The `register` functions of the producers' and consumers' subcommands, from the package's entry points.

    They are declared in pyproject.toml under [project.entry-points."newsmon.commands"], so the core never
    imports a plugin by name. Each register function only adds argument parsers; its handlers import their
    heavy modules (spaCy, httpx, ...) when they run.
    """
    found = list(entry_points(group=PLUGIN_GROUP))  # in the order pyproject.toml lists them
    if not found:
        raise ConfigError(f"no `{PLUGIN_GROUP}` entry points are installed; reinstall newsmon (pip install -e .)")
    return [ep.load() for ep in found]


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

    run = sub.add_parser("run", help="run the poller, enrichers, alerter and deliverer as one supervised process group")
    run.add_argument("--replay", nargs="+", metavar="PATH", help="also replay these pages once")
    run.add_argument("--feeds", help="feeds file for the poller")
    run.add_argument("--no-poll", action="store_true", help="do not start the feed poller")
    run.add_argument("--no-console", action="store_true", help="do not start the desk console")
    run.add_argument("--enrichers", type=int, default=os.cpu_count() or 1,
                     help="enricher processes, the CPU-bound stage (default: one per core)")
    run.add_argument("--health-base-port", type=int, default=9101,
                     help="poller, enricher, alerter, deliverer serve health/metrics from this port up (0: off)")
    run.add_argument("--grace", type=float, default=30.0, help="seconds to finish in-flight work on SIGTERM")
    run.add_argument("--timeout", type=float, help="stop after this many seconds")
    run.set_defaults(handler=cmd_run)

    for register in plugin_commands():
        register(sub)

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


def run() -> None:
    """The console script: main, then exit without tearing the interpreter down. The exit handlers run (logs and
    temporary folders are closed), but the hundreds of thousands of objects a command loads (the model, the
    gazetteer) are not freed one by one: that took a tenth of a second of every `analyze` or `rules test`."""
    try:
        code = main()
    except BrokenPipeError:  # the reader went away ("newsmon analyze ... | head"): nothing more to write
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = exitcodes.PIPE_CLOSED
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away before the last lines
            code = exitcodes.PIPE_CLOSED
        except (OSError, ValueError):  # the output could not be written (a full disk): as Python says it
            code = code or exitcodes.OUTPUT_FAILED
    os._exit(code)


if __name__ == "__main__":
    run()
