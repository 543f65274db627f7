"""Wiring of the alerter: rules checked as `rules check` checks them, stories restored from their topic, and
its inputs: the enriched articles and the analysts' corrections, co-partitioned."""

from __future__ import annotations

import functools
import logging
import time
from datetime import datetime, timezone
from typing import Callable

from consumers.alert.rule_model import Rule
from consumers.alert.rules import DEFAULT_RULES_FILE, default_known, load_rules
from consumers.alert.step import AlertStep
from newsmon import kafka_io
from newsmon.errors import ConfigError, DecodeError
from newsmon.messages import Correction, EnrichedArticle, Message, StoryState, decode
from newsmon.metrics import observe_seen_to_alert
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def read_stories(settings: Settings) -> list[StoryState]:
    """Every story state in the compacted topic updated within the story window, oldest first. The read waits
    for transactions open when it began (an alerter's batch whose commit markers are not yet written), so a
    story's last committed state is never hidden behind one; the wait stays within half the poll interval."""
    since_ms = int((time.time() - settings.story_window_s) * 1000)
    settle_s = min(30.0, settings.max_poll_interval_ms / 2000)
    states: dict[str, StoryState] = {}
    for record in kafka_io.read_topic(settings, settings.topic_stories, timeout_s=60, settle_s=settle_s):
        if record.value is None and record.key:  # a tombstone: the story is gone
            states.pop(record.key.decode("utf-8", "replace"), None)
            continue
        if record.timestamp_ms < since_ms:
            continue
        try:
            state = decode(record.value, StoryState)
        except DecodeError as exc:
            log.warning("Skipped a record of %s that is not a story state: %s", settings.topic_stories, exc)
            continue
        states[state.id] = state  # the latest of each, where the story first appeared
    return list(states.values())


def alert_inputs(settings: Settings) -> dict[str, type[Message]]:
    """The topics the alerter reads: enriched articles, and the corrections analysts make on the console. Both have
    the same partitions, and the group's range assignor gives a member the same partition numbers of each, so the
    alerter that owns a story's articles is the one that reads its corrections."""
    return {settings.topic_enriched: EnrichedArticle, settings.topic_corrections: Correction}


def check_copartitioned(settings: Settings) -> None:
    """A corrections topic with another partition count than the enriched topic would take a story's corrections
    to another alerter than its articles: a configuration error, named."""
    articles = len(kafka_io.end_offsets(settings, settings.topic_enriched))
    corrections = len(kafka_io.end_offsets(settings, settings.topic_corrections))
    if articles and corrections and articles != corrections:
        raise ConfigError(f"setting topic_corrections (NEWSMON_TOPIC_CORRECTIONS): {settings.topic_corrections} has "
                          f"{corrections} partitions and {settings.topic_enriched} {articles}; they must be equal so "
                          "that a story's corrections reach the alerter of its articles (recreate the corrections "
                          "topic with as many partitions)")


def route_partitions(settings: Settings) -> Callable[[str], int]:
    """A story's route -> its partition of the enriched topic, as the enricher's routing picks it: among the
    topic's partitions, or the ones it will be created with."""
    count = len(kafka_io.end_offsets(settings, settings.topic_enriched)) or settings.article_partitions
    # Asked for every story an article might join: hash each route (a country, a handful) once.
    return functools.lru_cache(maxsize=None)(lambda route: kafka_io.route_partition(route, count))


def build_alert_step(settings: Settings, rules: list[Rule] | None = None) -> AlertStep:
    """The alert step with its checked rules (read here unless given). It reads its stories from the stories topic
    when the first records of its partitions arrive (the runner calls partitions_assigned then), not here: at
    start a stalled previous owner may still hold a transaction open."""
    known = default_known()
    if rules is None:
        rules = load_rules(settings.rules_file or DEFAULT_RULES_FILE, known=known)  # a mistake is exit 3
    check_copartitioned(settings)
    step = AlertStep(rules=rules, known=known, output_topic=settings.topic_alerts, stories_topic=settings.topic_stories,
                     similarity=settings.story_similarity, story_window_s=settings.story_window_s,
                     reload=lambda: read_stories(settings), partition_of=route_partitions(settings),
                     on_alert=lambda alert: observe_seen_to_alert(alert, datetime.now(timezone.utc)))
    log.info("The alerter loaded %d rules; it reads the stories when its partitions' first records arrive.", len(rules))
    return step
