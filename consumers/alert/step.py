"""The alerting step: EnrichedArticle in; Alert records out (the deliverer sends them as webhooks).

Per article: match the watch rules, find the article's story, and for each matching rule either raise
a new alert or revision (`stories.decide`) or attach the article silently. The step never waits on an
HTTP endpoint. Alert ids and bodies are deterministic, so a repeat after a crash is the same webhook.
"""

from __future__ import annotations

import logging
import time
from typing import Iterable, Sequence

from consumers.alert.rules import Rule, RuleMatch, match_rules
from consumers.alert.stories import AlertState, StoryIndex, decide, lead_text, webhook_id
from consumers.catalog import Catalog
from newsmon.messages import Alert, AlertArticle, EnrichedArticle, EventFacts
from newsmon.step import Output, Reject

log = logging.getLogger(__name__)
MAX_ARTICLES_PER_ALERT = 10


class AlertStep:
    """Turns enriched articles into story-level alerts."""

    name = "alerter"

    def __init__(self, *, rules: list[Rule], catalog: Catalog, output_topic: str, similarity: float = 0.5,
                 story_window_s: float = 72 * 3600.0) -> None:
        self._rules = rules
        self._catalog = catalog
        self._topic = output_topic
        self._stories = StoryIndex(threshold=similarity, window_s=story_window_s)
        self._states: dict[tuple[str, str], AlertState] = {}
        self._last_sweep = time.monotonic()

    def restore(self, alerts: Iterable[Alert]) -> int:
        """Rebuild story and alert state from alerts already published; returns how many were read."""
        count = 0
        for alert in sorted(alerts, key=lambda a: a.revision):
            count += 1
            for article in alert.articles:
                self._stories.remember(article.id, alert.story_id, text=article.lead or article.title)
            state = self._states.setdefault((alert.rule_id, alert.story_id), AlertState())
            if alert.revision >= state.revision:
                state.revision = alert.revision
                state.killed = alert.event.killed
                state.actors = set(alert.matched_actors)
                state.claimed = bool(alert.event.claimed)
                state.articles = list(alert.articles)
        return count

    def handle(self, batch: Sequence[EnrichedArticle]) -> list[list[Output | Reject]]:
        """Outputs per article; an article that breaks the step is rejected alone, not the batch."""
        results = []
        for enriched in batch:
            try:
                results.append(self._one(enriched))
            except Exception as exc:  # noqa: BLE001 - one bad article must not hold back its batch
                log.exception("The alerter could not process article %s.", enriched.id)
                results.append([Reject("process", f"{exc.__class__.__name__}: {exc}")])
        return results

    def _sweep(self) -> None:
        """Every minute, forget stories idle longer than the window, so memory stays bounded."""
        if time.monotonic() - self._last_sweep < 60:
            return
        self._last_sweep = time.monotonic()
        stale = set(self._stories.forget_idle())
        if stale:
            self._states = {key: state for key, state in self._states.items() if key[1] not in stale}
            log.info("Forgot %d stories idle longer than the story window.", len(stale))

    def _one(self, enriched: EnrichedArticle) -> list[Output | Reject]:
        self._sweep()
        matches = match_rules(self._rules, enriched, self._catalog)
        if not matches:
            return []
        raw = enriched.article
        lead = lead_text(raw.title, raw.summary, raw.body)
        story_id = self._stories.story_for(enriched.id, lead)
        claimed = bool(enriched.event.claimed)
        card = AlertArticle(id=enriched.id, title=raw.title, url=raw.url, outlet=raw.outlet, published=raw.published, lead=lead)
        outputs: list[Output | Reject] = []
        for match in matches:
            outputs += self._for_rule(match, enriched, story_id, card, claimed)
        return outputs

    def _for_rule(self, match: RuleMatch, enriched: EnrichedArticle, story_id: str, card: AlertArticle,
                  claimed: bool) -> list[Output | Reject]:
        state = self._states.setdefault((match.rule.id, story_id), AlertState())
        if state.has(enriched.id):
            return []  # already part of this rule's story (a replay)
        actor_ids = {a.id for a in match.actors}
        reason = decide(state, killed=enriched.event.killed, actors=actor_ids, claimed=claimed)
        state.articles.append(card)
        if reason is None:
            log.info("Article %s joins story %s of rule %s without a material change.", enriched.id, story_id, match.rule.id)
            return []
        revision = state.revision + 1
        killed = max((k for k in (state.killed, enriched.event.killed) if k is not None), default=None)
        alert = Alert(
            id=webhook_id(match.rule.id, story_id, revision),
            produced_at=enriched.produced_at,  # deterministic body: a redelivery is byte-identical
            rule_id=match.rule.id, rule_name=match.rule.name, severity=match.rule.severity,
            story_id=story_id, revision=revision, reason=reason,
            articles=tuple(state.articles[-MAX_ARTICLES_PER_ALERT:]),
            actors=(*match.actors, *(a for a in enriched.actors if a.id not in actor_ids)),
            matched_actors=tuple(a.id for a in match.actors), categories=match.categories,
            event=EventFacts(type=enriched.event.type, killed=killed, injured=enriched.event.injured,
                             date=enriched.event.date, claimed=claimed or state.claimed),
            destinations=match.rule.destinations,
        )
        log.info("Rule %s raises alert %s for story %s revision %d (%s).", match.rule.id, alert.id, story_id, revision, reason)
        state.revision = revision
        state.killed = killed
        state.actors |= actor_ids
        state.claimed = state.claimed or claimed
        return [Output(self._topic, alert.id, alert)]
