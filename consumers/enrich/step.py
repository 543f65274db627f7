"""The enrichment step: RawArticle in, EnrichedArticle out (the runner does the Kafka part)."""

from __future__ import annotations

from typing import Sequence

from consumers.enrich.enricher import EnrichFailure, Enricher
from consumers.enrich.routing import route_of
from newsmon.messages import RawArticle
from newsmon.step import Output, Reject


class EnrichStep:
    """Enriches each batch of raw articles with one nlp.pipe call."""

    name = "enricher"

    def __init__(self, enricher: Enricher, *, output_topic: str) -> None:
        self._enricher = enricher
        self._topic = output_topic

    def handle(self, batch: Sequence[RawArticle]) -> list[list[Output | Reject]]:
        """One EnrichedArticle per article, keyed by the article id, in the partition of its event's country; an
        article the enricher fails on is dead-lettered with the error, and the others go on."""
        return [[Reject("enrich", f"internal error {e.reason}")] if isinstance(e, EnrichFailure)
                else [Output(self._topic, e.id, e, route=route_of(e))] for e in self._enricher.enrich_each(list(batch))]
