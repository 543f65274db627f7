"""Enricher: RawArticle -> EnrichedArticle (language, entities, actors with roles, categories, places, the main
event and the related events, each fact with the sentence it came from).

Pure with respect to I/O: the service and `newsmon analyze` both call `enrich_batch`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from consumers.catalog import Catalog, load_catalog
from consumers.enrich.actor_linker import ActorLinker
from consumers.enrich.classify import Taxonomy, TopicClassifier, load_taxonomy
from consumers.enrich.events import ActorMention, PlaceMention, extract_events
from consumers.enrich.events import article_text as join_parts
from consumers.enrich.facts_message import event_facts
from consumers.enrich.nlp import detect_language, index_sentences, load_nlp
from consumers.enrich.places import PlaceFinder, distinct
from newsmon.messages import Actor, Category, EnrichedArticle, Entity, Place, RawArticle
from newsmon.settings import Settings

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "DATE", "PRODUCT"}


def article_text(article: RawArticle) -> str:
    """The text the pipeline reads: title, summary and body, as paragraphs."""
    return join_parts(article.title, article.summary, article.body)


@dataclass
class Enricher:
    """Holds the loaded model and the linkers built from the data files."""

    nlp: Language
    linker: ActorLinker
    classifier: TopicClassifier
    places: PlaceFinder
    batch_size: int = 8

    @classmethod
    def load(cls, *, model: str = "en_core_web_sm", catalog: Catalog | None = None,
             taxonomy: Taxonomy | None = None, batch_size: int = 8) -> "Enricher":
        """Load the spaCy model and the catalog, taxonomy and gazetteer."""
        nlp = load_nlp(model)
        catalog = catalog or load_catalog()
        return cls(
            nlp=nlp,
            linker=ActorLinker(nlp, catalog),
            classifier=TopicClassifier(nlp, taxonomy or load_taxonomy()),
            places=PlaceFinder(nlp, catalog),
            batch_size=batch_size,
        )

    @classmethod
    def from_settings(cls, settings: Settings, *, catalog: Catalog | None = None) -> "Enricher":
        """The enricher every command uses: the configured model and batch size."""
        return cls.load(model=settings.nlp_model, catalog=catalog, batch_size=settings.nlp_batch_size)

    def enrich_batch(self, articles: list[RawArticle]) -> list[EnrichedArticle]:
        """Enrich several articles with one nlp.pipe call."""
        texts = [article_text(a) for a in articles]
        docs = self.nlp.pipe(texts, batch_size=self.batch_size)
        return [self._enriched(article, doc, text) for article, doc, text in zip(articles, docs, texts)]

    def _enriched(self, article: RawArticle, doc, text: str) -> EnrichedArticle:
        index_sentences(doc)
        language = detect_language(text)
        # The English NER is unreliable on other languages: link names and acronyms without it.
        linked = self.linker.link(doc, use_ner=language in ("en", "und"))
        mentioned = self.places.mentions(doc)
        found_places = distinct(mentioned)
        mentions = [ActorMention(a.id, a.kind, start, end) for a in linked for start, end in a.spans]
        events = extract_events(
            doc, title=article.title, summary=article.summary, body=article.body, published=article.published,
            actors=mentions, places=[PlaceMention(p.name, p.country, p.admin1, p.kind, p.start, p.end) for p in mentioned])
        entities = {(e.text, e.label_) for e in doc.ents if e.label_ in _ENTITY_LABELS}
        catalog = self.linker.catalog
        return EnrichedArticle(
            id=article.id,
            article=article,
            language=language,
            actors=tuple(Actor.model_construct(id=a.id, name=a.name, kind=a.kind, mentions=a.mentions, evidence=a.evidence,
                                               role=events.roles.get(a.id, "mentioned"),
                                               salience=events.salience.get(a.id, "body")) for a in linked),
            categories=tuple(Category.model_construct(label=c.label, score=c.score, evidence=c.evidence)
                             for c in self.classifier.classify(doc)),
            event=event_facts(events.main, catalog),
            related_events=tuple(event_facts(e, catalog) for e in events.related),
            places=tuple(Place.model_construct(name=p.name, country=p.country, admin1=p.admin1, kind=p.kind)
                         for p in found_places),
            entities=tuple(Entity.model_construct(text=t, label=lab) for t, lab in sorted(entities)),
        )
