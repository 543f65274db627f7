"""Helpers of the correction tests on the real broker: settings with a corrections topic of the test's own,
enriched reports published as the enricher routes them, the alerter run as the service runs it (articles and
corrections), and what the topics then hold."""

from __future__ import annotations

import uuid

from consumers.alert.service import alert_inputs, build_alert_step
from consumers.enrich.routing import route_of
from newsmon import kafka_io
from newsmon.messages import Alert, EnrichedArticle, StoryState, decode, encode
from newsmon.runner import Runner, RunStats
from newsmon.settings import Settings
from tests.conftest import fresh_settings
from tests.unit.consumers.alert.helpers import T0, enriched, event, hours, place  # noqa: F401 - re-exported

QUETTA = place("Quetta", "PK", "Balochistan")
TURBAT = place("Turbat", "PK", "Balochistan")


def correction_settings(bootstrap: str, tmp_path, **overrides) -> Settings:
    """Fresh topics, a corrections topic of this test's own, state (console store, slots) under tmp_path."""
    return fresh_settings(bootstrap, topic_corrections=f"t-{uuid.uuid4().hex[:8]}.corrections", state_dir=tmp_path,
                          **overrides)


def publish_enriched(settings: Settings, *articles: EnrichedArticle) -> None:
    """Enriched reports into the enriched topic, each in the partition of its route, as the enricher sends them."""
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([publisher.send(settings.topic_enriched, a.id, encode(a), route=route_of(a)) for a in articles])


def run_alerter(settings: Settings, *, idle: float = 3.0) -> RunStats:
    """One alerter, started afresh (its stories read back from the stories topic), until idle."""
    return Runner(settings, build_alert_step(settings), inputs=alert_inputs(settings),
                  group=f"{settings.kafka_client_id}-alerter").run(idle_timeout_s=idle, timeout_s=120)


def story_states(settings: Settings) -> dict[str, StoryState]:
    states = {}
    for record in kafka_io.read_topic(settings, settings.topic_stories):
        state = decode(record.value, StoryState)
        states[state.id] = state
    return states


def alerts_sent(settings: Settings) -> list[Alert]:
    return sorted((decode(r.value, Alert) for r in kafka_io.read_topic(settings, settings.topic_alerts)),
                  key=lambda a: (a.produced_at, a.revision))


def quetta_reports() -> list[EnrichedArticle]:
    """A bombing in Quetta and its toll update, and a grenade attack in Turbat the same day: two stories."""
    return [enriched("q1", "Blast at Quetta railway station kills nine",
                     event("bombing", killed=9, where=QUETTA, date="2026-11-02")),
            enriched("t1", "Grenade attack in Turbat market wounds five",
                     event("bombing", injured=5, where=TURBAT, date="2026-11-02"), seen=T0 + hours(1)),
            enriched("q2", "Quetta station blast toll rises to 14",
                     event("bombing", killed=14, where=QUETTA, date="2026-11-02"), seen=T0 + hours(5))]
