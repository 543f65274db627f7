"""Wiring of the alerter: rules and catalog from the settings, story state restored from the alerts topic."""

from __future__ import annotations

import logging
import time

from consumers.alert.rules import DEFAULT_RULES_FILE, load_rules
from consumers.alert.step import AlertStep
from consumers.catalog import load_catalog
from newsmon import kafka_io
from newsmon.messages import Alert, decode
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def build_alert_step(settings: Settings) -> AlertStep:
    """The alert step with its rules and catalog, its state restored from the alerts topic."""
    rules = load_rules(settings.rules_file or DEFAULT_RULES_FILE)
    step = AlertStep(rules=rules, catalog=load_catalog(), output_topic=settings.topic_alerts,
                     similarity=settings.story_similarity, story_window_s=settings.story_window_s)
    # Stories idle past the window would be forgotten at the first sweep: do not restore them at all.
    since_ms = int((time.time() - settings.story_window_s) * 1000)
    alerts = [decode(r.value, Alert) for r in kafka_io.read_topic(settings, settings.topic_alerts, timeout_s=30)
              if r.timestamp_ms >= since_ms]
    restored = step.restore(alerts)
    log.info("The alerter loaded %d rules and restored %d earlier alerts.", len(rules), restored)
    return step
