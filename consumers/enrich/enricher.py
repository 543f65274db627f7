"""Enricher: RawArticle -> EnrichedArticle (language, entities, actors, categories, event, places).

Pure with respect to I/O: the service and `newsmon analyze` both call `enrich_batch`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from consumers.catalog import Catalog, load_catalog
from consumers.enrich.actor_linker import ActorLinker
from consumers.enrich.classify import Taxonomy, TopicClassifier, load_taxonomy
from consumers.enrich.event_facts import extract_event
from consumers.enrich.nlp import detect_language, load_nlp
from consumers.enrich.places import find_places, load_gazetteer
from newsmon.messages import Actor, Category, EnrichedArticle, Entity, EventFacts, Place, RawArticle
from newsmon.settings import Settings

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "DATE", "PRODUCT"}


def article_text(article: RawArticle) -> str:
    """The text the pipeline reads: title, summary and body, as paragraphs."""
    return "\n\n".join(part for part in (article.title, article.summary, article.body) if part)


@dataclass
class Enricher:
    """Holds the loaded model and the linkers built from the data files."""

    nlp: Language
    linker: ActorLinker
    classifier: TopicClassifier
    gazetteer: dict[str, str]
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
            gazetteer=load_gazetteer(catalog),
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
        return [self._enriched(article, doc) for article, doc in zip(articles, docs)]

    def _enriched(self, article: RawArticle, doc) -> EnrichedArticle:
        language = detect_language(doc.text)
        # The English NER is unreliable on other languages: link names and acronyms without it.
        actors = self.linker.link(doc, use_ner=language in ("en", "und"))
        facts = extract_event(article.title, article.summary, article.body, published=article.published)
        entities = {(e.text, e.label_) for e in doc.ents if e.label_ in _ENTITY_LABELS}
        return EnrichedArticle(
            id=article.id,
            article=article,
            language=language,
            actors=tuple(Actor(id=a.id, name=a.name, kind=a.kind, mentions=a.mentions, evidence=a.evidence) for a in actors),
            categories=tuple(Category(label=c.label, score=c.score, evidence=c.evidence) for c in self.classifier.classify(doc)),
            event=EventFacts(type=facts.type, killed=facts.killed, injured=facts.injured, date=facts.date,
                             claimed=facts.claimed),
            places=tuple(Place(name=p.name, country=p.country) for p in find_places(doc, self.gazetteer)),
            entities=tuple(Entity(text=t, label=lab) for t, lab in sorted(entities)),
        )
