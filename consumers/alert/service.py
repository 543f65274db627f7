"""Wiring of the alerter: rules checked as `rules check` checks them, stories restored from their topic."""

from __future__ import annotations

import logging
import time

from consumers.alert.rule_model import Rule
from consumers.alert.rules import DEFAULT_RULES_FILE, default_known, load_rules
from consumers.alert.step import AlertStep
from newsmon import kafka_io
from newsmon.errors import DecodeError
from newsmon.messages import StoryState, decode
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def read_stories(settings: Settings) -> list[StoryState]:
    """Every story state in the compacted topic updated within the story window, oldest first."""
    since_ms = int((time.time() - settings.story_window_s) * 1000)
    states = []
    for record in kafka_io.read_topic(settings, settings.topic_stories, timeout_s=60):
        if record.timestamp_ms < since_ms:
            continue
        try:
            states.append(decode(record.value, StoryState))
        except DecodeError as exc:
            log.warning("Skipped a record of %s that is not a story state: %s", settings.topic_stories, exc)
    return states


def build_alert_step(settings: Settings, rules: list[Rule] | None = None) -> AlertStep:
    """The alert step with its checked rules (read here unless given), its stories restored from the stories
    topic."""
    known = default_known()
    if rules is None:
        rules = load_rules(settings.rules_file or DEFAULT_RULES_FILE, known=known)  # a mistake is exit 3
    step = AlertStep(rules=rules, known=known, output_topic=settings.topic_alerts, stories_topic=settings.topic_stories,
                     similarity=settings.story_similarity, story_window_s=settings.story_window_s,
                     reload=lambda: read_stories(settings))
    restored = step.restore(read_stories(settings))
    log.info("The alerter loaded %d rules and restored %d stories.", len(rules), restored)
    return step
