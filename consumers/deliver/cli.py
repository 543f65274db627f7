"""Subcommands of the deliverer: `deliver`, `alerts test|redeliver|enable|endpoints` and `sink`."""

from __future__ import annotations

import argparse
import os

from newsmon import exitcodes
from newsmon.service import add_service_options
from newsmon.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the deliverer's subcommands to the newsmon parser."""
    deliver = sub.add_parser("deliver", help="run the webhook deliverer (alerts topic -> signed webhooks, retries)")
    add_service_options(deliver, "newsmon-deliverer")
    deliver.set_defaults(handler=run_deliver)

    alerts = sub.add_parser("alerts", help="webhook endpoint tools")
    alerts_sub = alerts.add_subparsers(dest="alerts_command", required=True)
    test = alerts_sub.add_parser("test", help="send one signed test alert and print what happened")
    test.add_argument("endpoint", metavar="ENDPOINT", help="endpoint name in the endpoints file")
    test.set_defaults(handler=run_alerts_test)
    again = alerts_sub.add_parser("redeliver", help="send dead-lettered alerts again (same webhook-id and body)")
    again.add_argument("--endpoint", help="only alerts that failed for this endpoint")
    again.add_argument("--group", default="newsmon-redeliver", help="consumer group on the dead-letter topic")
    again.add_argument("--timeout", type=float, default=300.0, help="stop after this many seconds")
    again.set_defaults(handler=run_redeliver)
    enable = alerts_sub.add_parser("enable", help="re-enable an endpoint disabled after it answered 410 Gone")
    enable.add_argument("endpoint", metavar="ENDPOINT")
    enable.set_defaults(handler=run_enable)
    listing = alerts_sub.add_parser("endpoints", help="list the endpoints and whether each is enabled")
    listing.set_defaults(handler=run_endpoints)

    sink = sub.add_parser("sink", help="a local webhook receiver that prints the alerts it gets")
    sink.add_argument("--port", type=int, default=8765)
    sink.add_argument("--secret-env", help="environment variable holding the whsec_ secret to verify signatures")
    sink.add_argument("--count", type=int, help="stop after this many requests")
    sink.add_argument("--timeout", type=float, help="stop after this many seconds")
    sink.set_defaults(handler=run_sink)


def run_deliver(args: argparse.Namespace, settings: Settings) -> int:
    """Run the deliverer until stopped."""
    from consumers.deliver.endpoints import load_endpoints
    from consumers.deliver.overdue import RetryWatch
    from consumers.deliver.service import NO_ENDPOINTS, build_step, deliver_runners, retry_group, run_together
    from newsmon import kafka_io
    from newsmon.errors import ConfigError
    from newsmon.health import maybe_serve
    from newsmon.runloop import StopFlag

    # No endpoints file, or a broken one, is exit 3 before any wait for Kafka. (`newsmon run` leaves the
    # deliverer out when there is no endpoints file, so only a deliverer started on its own gets here.)
    if settings.endpoints_file is None:
        raise ConfigError(NO_ENDPOINTS)
    load_endpoints(settings.endpoints_file)
    stop = StopFlag()
    runners: list = []
    health = maybe_serve(settings, lambda: (all(r.ready[0] for r in runners), "delivering") if runners
                         else (False, "loading endpoints"))
    try:
        kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
        step = build_step(settings)
        group = args.group or settings.group_deliverer
        runners += deliver_runners(settings, step, group=group, stop=stop)
        RetryWatch(settings, group=retry_group(group), stop=stop).start()
        stats = run_together(runners, stop=stop, timeout_s=args.timeout, idle_timeout_s=args.idle_timeout,
                             max_messages=args.max_messages)
    finally:
        if health:
            health.stop()
    print(f"deliverer: {step.delivered} delivered, {step.failed} failed (dead-lettered); "
          f"alerts: {stats[0].line()}; retries: {stats[1].line() if len(stats) > 1 else 'none'}")
    return exitcodes.OK


def run_redeliver(args: argparse.Namespace, settings: Settings) -> int:
    """Send dead-lettered alerts again; exit 2 when some failed again."""
    from consumers.deliver.service import redeliver

    step = redeliver(settings, endpoint=args.endpoint, group=args.group, timeout_s=args.timeout)
    print(f"redeliver: {step.delivered} delivered, {step.failed} failed again (back in the dead-letter topic)")
    return exitcodes.OK if not step.failed else exitcodes.UNAVAILABLE


def run_enable(args: argparse.Namespace, settings: Settings) -> int:
    """Lift the 410 disablement of an endpoint; running deliverers pick it up within seconds."""
    from consumers.deliver.service import publish_endpoint_state
    from newsmon.messages import EndpointState

    publish_endpoint_state(settings, EndpointState(id=args.endpoint, disabled=False, reason="re-enabled by a user"))
    print(f"endpoint {args.endpoint} is enabled; `newsmon alerts redeliver --endpoint {args.endpoint}` sends "
          f"what it missed")
    return exitcodes.OK


def run_endpoints(args: argparse.Namespace, settings: Settings) -> int:
    """Print each configured endpoint and its state."""
    from consumers.deliver.endpoints import load_endpoints
    from consumers.deliver.service import read_endpoint_states
    from newsmon.errors import ConfigError

    if settings.endpoints_file is None:
        raise ConfigError("setting endpoints_file (NEWSMON_ENDPOINTS_FILE) is not set")
    states = {state.id: state for state in read_endpoint_states(settings)}
    for name, endpoint in sorted(load_endpoints(settings.endpoints_file).items()):
        state = states.get(name)
        shown = f"DISABLED ({state.reason})" if state and state.disabled else "enabled"
        print(f"{name:<20} {endpoint.format:<6} {shown}  {endpoint.url}")
    return exitcodes.OK


def run_alerts_test(args: argparse.Namespace, settings: Settings) -> int:
    """Send one signed test alert to an endpoint and print the request and the answer."""
    from consumers.deliver.probe import probe_endpoint

    return probe_endpoint(args, settings)


def run_sink(args: argparse.Namespace, settings: Settings) -> int:
    """Print the alerts a local webhook receiver gets, verifying signatures, until stopped."""
    from consumers.deliver.sink import WebhookSink
    from newsmon.runloop import StopFlag, run_until_stopped

    secret = os.environ.get(args.secret_env) if args.secret_env else None
    sink = WebhookSink(port=args.port, secret=secret, on_alert=lambda line: print(line, flush=True)).start()
    print(f"webhook sink listening on {sink.url}", flush=True)
    try:
        run_until_stopped(lambda: bool(args.count) and len(sink.received) >= args.count, stop=StopFlag(),
                          timeout_s=args.timeout, interval_s=0.2)
    finally:
        sink.stop()
    print(f"sink: {len(sink.received)} requests, {len(sink.distinct_ids())} distinct webhook-ids", flush=True)
    return exitcodes.OK
