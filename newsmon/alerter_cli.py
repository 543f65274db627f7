"""`newsmon alert` (the alerting consumer), `newsmon alerts redeliver` and `newsmon sink`."""

from __future__ import annotations

import argparse
import base64
import logging
import os
import signal
import time

from newsmon import exitcodes, kafka_io
from newsmon.errors import ConfigError
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def make_sender(settings: Settings):
    """The webhook sender for the configured endpoints, or None when none are configured."""
    from consumers.webhooks import WebhookSender, load_endpoints

    if settings.endpoints_file is None:
        return None
    return WebhookSender(
        load_endpoints(settings.endpoints_file), timeout_s=settings.webhook_timeout_s,
        retry_delays_s=settings.webhook_retry_delays_s, max_retry_after_s=settings.webhook_max_retry_after_s,
        allow_private=settings.webhook_allow_private,
    )


def build_alert_step(settings: Settings):
    """The alert step with rules, catalog and sender, its state restored from the alerts topic."""
    from consumers.alert_service import AlertStep
    from consumers.catalog import load_catalog
    from consumers.rules import DEFAULT_RULES_FILE, load_rules
    from newsmon.messages import Alert, decode

    rules = load_rules(settings.rules_file or DEFAULT_RULES_FILE)
    step = AlertStep(rules=rules, catalog=load_catalog(), sender=make_sender(settings),
                     output_topic=settings.topic_alerts, similarity=settings.story_similarity,
                     story_window_s=settings.story_window_s)
    # Stories idle past the window would be forgotten at the first sweep: do not restore them at all.
    since_ms = int((time.time() - settings.story_window_s) * 1000)
    alerts = [decode(r.value, Alert) for r in kafka_io.read_topic(settings, settings.topic_alerts, timeout_s=30)
              if r.timestamp_ms >= since_ms]
    restored = step.restore(alerts)
    log.info("The alerter loaded %d rules and restored %d earlier alerts.", len(rules), restored)
    return step


def run_alert(args: argparse.Namespace, settings: Settings) -> int:
    """Run the alerting consumer until stopped."""
    from newsmon.service import run_service

    stats = run_service(args, settings, build_step=lambda: build_alert_step(settings), input_topic=settings.topic_enriched,
                        group=settings.group_alerter, dedupe_from=None, loading="loading rules")
    print(f"alerter: {stats.line()}")
    return exitcodes.OK


def run_redeliver(args: argparse.Namespace, settings: Settings) -> int:
    """Send dead-lettered alerts again; those that fail again go back to the dead-letter topic."""
    from newsmon.messages import Alert, DeadLetter, decode, encode

    sender = make_sender(settings)
    if sender is None:
        raise ConfigError("setting endpoints_file (NEWSMON_ENDPOINTS_FILE): no webhook endpoints are configured")
    subscriber = kafka_io.Subscriber(settings, group=args.group, topics=[settings.topic_deadletter],
                                     client_id=f"{settings.kafka_client_id}-redeliver")
    delivered = failed = skipped = 0
    deadline = time.monotonic() + args.timeout
    try:
        with kafka_io.Publisher(settings, client_id=f"{settings.kafka_client_id}-redeliver") as publisher:
            idle_since = time.monotonic()
            while time.monotonic() < deadline and time.monotonic() - idle_since < args.idle_timeout:
                records = subscriber.poll(timeout_s=0.5)
                if records:
                    idle_since = time.monotonic()
                futures, offsets = [], {}
                for record in records:
                    offsets[(record.topic, record.partition)] = record.offset + 1
                    letter = decode(record.value, DeadLetter)
                    if letter.stage != "alerter.deliver" or (args.endpoint and letter.endpoint != args.endpoint):
                        skipped += 1
                        continue
                    alert = decode(base64.b64decode(letter.value_b64), Alert)
                    outcome = sender.deliver(alert, [letter.endpoint] if letter.endpoint else [])[0]
                    print(f"{'delivered' if outcome.delivered else 'FAILED'} {alert.id} to {outcome.endpoint}: {outcome.reason}")
                    if outcome.delivered:
                        delivered += 1
                        continue
                    failed += 1
                    again = letter.model_copy(update={"id": f"{letter.id}:retry{letter.attempts + outcome.attempts}",
                                                      "attempts": letter.attempts + outcome.attempts,
                                                      "error": f"{outcome.endpoint}: {outcome.reason}"})
                    futures.append(publisher.send(settings.topic_deadletter, again.id, encode(again)))
                publisher.wait(futures)
                subscriber.commit(offsets)
    finally:
        subscriber.close()
        sender.close()
    print(f"redeliver: {delivered} delivered, {failed} failed again, {skipped} other dead letters left alone")
    return exitcodes.OK if not failed else exitcodes.UNAVAILABLE


def run_sink(args: argparse.Namespace, settings: Settings) -> int:
    """Print the alerts a local webhook receiver gets, verifying signatures."""
    from newsmon.sink import WebhookSink

    secret = os.environ.get(args.secret_env) if args.secret_env else None
    sink = WebhookSink(port=args.port, secret=secret, on_alert=lambda line: print(line, flush=True)).start()
    print(f"webhook sink listening on {sink.url}", flush=True)
    deadline = time.monotonic() + args.timeout if args.timeout else None
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping and (deadline is None or time.monotonic() < deadline) \
                and (not args.count or len(sink.received) < args.count):
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()
    print(f"sink: {len(sink.received)} requests, {len(sink.distinct_ids())} distinct webhook-ids", flush=True)
    return exitcodes.OK
