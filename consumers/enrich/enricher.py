"""Enricher: RawArticle -> EnrichedArticle (language, entities, actors with roles, categories, places, the main
event and the related events, each fact with the sentence it came from).

Pure with respect to I/O: the service and `newsmon analyze` both call `enrich_batch`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language

from consumers.catalog import Catalog, load_catalog
from consumers.enrich.actor_linker import ActorLinker
from consumers.enrich.classify import Taxonomy, TopicClassifier, event_kind, load_taxonomy, with_event_labels
from consumers.enrich.events import (ActorMention, PlaceMention, branches_take_part, extract_events, load_types,
                                     state_of_place, to_parse)
from consumers.enrich.events import article_text as join_parts
from consumers.enrich.facts_message import event_facts
from consumers.enrich.nlp import detect_language, index_sentences, load_nlp
from consumers.enrich.reading.parse import Parse, parser_of
from consumers.enrich.places import PlaceFinder, distinct
from newsmon.arabic_script import Normalized, normalize, unify
from newsmon.errors import InputError
from newsmon.messages import Actor, Category, EnrichedArticle, Entity, EventFacts, Place, RawArticle
from newsmon.settings import Settings
from newsmon.sizes import MAX_ARTICLE_CHARS, fit_article

log = logging.getLogger(__name__)
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "DATE", "PRODUCT"}


def article_text(article: RawArticle) -> str:
    """The text the pipeline reads: title, summary and body, as paragraphs."""
    return join_parts(article.title, article.summary, article.body)


@dataclass(frozen=True)
class EnrichFailure:
    """An article the enricher could not read: an internal error, named in one line."""

    article: RawArticle
    reason: str

    def problem(self, source: str) -> InputError:
        """The failure as a skipped input: 'SOURCE: article ID ("title"): internal error REASON'."""
        return InputError(source, f'article {self.article.id} ("{self.article.title[:60]}"): internal error {self.reason}')


@dataclass
class Enricher:
    """Holds the loaded model and the linkers built from the data files."""

    nlp: Language
    linker: ActorLinker
    classifier: TopicClassifier
    places: PlaceFinder
    batch_size: int = 8
    max_chars: int = MAX_ARTICLE_CHARS  # a longer article is cut first (memory stays bounded on any input)
    parse: Parse | None = None  # parses the English sentences the facts come from (consumers/enrich/reading)

    @classmethod
    def load(cls, *, model: str = "en_core_web_sm", catalog: Catalog | None = None,
             taxonomy: Taxonomy | None = None, batch_size: int = 8, max_chars: int = MAX_ARTICLE_CHARS,
             places_cache_dir: Path | None = None) -> "Enricher":
        """Load the spaCy model and the catalog, taxonomy and gazetteer (from the places cache in places_cache_dir;
        default: places-cache in the default state dir)."""
        nlp = load_nlp(model)
        catalog = catalog or load_catalog()
        return cls(
            nlp=nlp,
            linker=ActorLinker(nlp, catalog),
            classifier=TopicClassifier(nlp, taxonomy or load_taxonomy()),
            places=PlaceFinder(nlp, catalog, cache_dir=places_cache_dir),
            batch_size=batch_size,
            max_chars=max_chars,
            parse=parser_of(nlp),
        )

    @classmethod
    def from_settings(cls, settings: Settings, *, catalog: Catalog | None = None) -> "Enricher":
        """The enricher every command uses: the configured model and batch size."""
        return cls.load(model=settings.nlp_model, catalog=catalog, batch_size=settings.nlp_batch_size,
                        max_chars=settings.max_article_chars,
                        places_cache_dir=settings.places_cache_dir or settings.state_dir / "places-cache")

    def enrich_batch(self, articles: list[RawArticle]) -> list[EnrichedArticle]:
        """Enrich several articles with one nlp.pipe call."""
        articles = [fit_article(a, self.max_chars) for a in articles]
        texts = [normalize(article_text(a)) for a in articles]
        docs = list(self.nlp.pipe([t.text for t in texts], batch_size=self.batch_size))
        parse = self._parse_together([_read_form(a, t) for a, t in zip(articles, texts)], docs)
        return [self._enriched(article, doc, text, parse) for article, doc, text in zip(articles, docs, texts)]

    def _parse_together(self, articles: list[RawArticle], docs: list) -> Parse | None:
        """One parse of every sentence the batch's articles will read by their grammar: the parser is much faster
        on the batch's sentences together than article by article."""
        if self.parse is None:
            return None
        wanted = list(dict.fromkeys(text for article, doc in zip(articles, docs) for text in to_parse(
            doc, title=article.title, summary=article.summary, body=article.body)))
        parsed = dict(zip(wanted, self.parse(wanted)))  # empty when the model has no parser
        return lambda texts: [parsed[t] for t in texts] if all(t in parsed for t in texts) else self.parse(texts)

    def enrich_each(self, articles: list[RawArticle]) -> list[EnrichedArticle | EnrichFailure]:
        """Like enrich_batch, but an article whose enrichment raises becomes an EnrichFailure and the others go on
        (the offline commands report it in one line; the services' runner dead-letters it)."""
        try:
            return list(self.enrich_batch(articles))
        except Exception:  # noqa: BLE001 - find the article that failed, one at a time below
            if len(articles) == 1:
                return [self._one(articles[0])]
        return [self._one(article) for article in articles]

    def _one(self, article: RawArticle) -> EnrichedArticle | EnrichFailure:
        try:
            return self.enrich_batch([article])[0]
        except Exception as exc:  # noqa: BLE001 - an internal error on this article: reported, never fatal
            log.debug("Enriching article %s failed.", article.id, exc_info=True)
            return EnrichFailure(article, f"{exc.__class__.__name__}: {exc}".splitlines()[0][:300])


    def _enriched(self, original: RawArticle, doc, text: Normalized, parse: Parse | None) -> EnrichedArticle:
        """One article's enrichment. Urdu, Persian and Pashto text is read in its one form (newsmon/arabic_script.py),
        and every sentence quoted as evidence is then taken from the original text."""
        index_sentences(doc)
        language = detect_language(text.original)
        article = _read_form(original, text)
        # The English NER is unreliable on other languages: link names and acronyms without it.
        linked = self.linker.link(doc, use_ner=language in ("en", "und"))
        mentioned = self.places.mentions(doc)
        found_places = distinct(mentioned)
        day = article.published.date() if article.published else None
        # the group that governs a state on the article's day speaks for it (the Taliban for AF since 2021)
        governs = {a.id: side for a in linked if (side := self.linker.catalog.side(a.id, on=day)) != a.id}
        mentions = [ActorMention(a.id, a.kind, start, end, governs.get(a.id)) for a in linked for start, end in a.spans]
        events = extract_events(
            doc, title=article.title, summary=article.summary, body=article.body, published=article.published,
            parse=parse, actors=mentions, places=[PlaceMention(p.name, p.country, p.admin1, p.kind, p.start, p.end) for p in mentioned])
        entities = {(e.text, e.label_) for e in doc.ents if e.label_ in _ENTITY_LABELS}
        catalog = self.linker.catalog
        events = replace(events, roles=branches_take_part(events.roles, catalog.ancestors))
        kinds = {a.id: a.kind for a in linked}
        by_words = self.classifier.classify(doc)
        families = load_types().family
        place_role = state_of_place(events.main, families)
        categories = with_event_labels(
            by_words, self.classifier.taxonomy,
            event_kind(families.get(events.main.type or ""), _with_place_role(events.roles, place_role, kinds), kinds,
                       kind=events.main.type, governing=frozenset(governs), answered=_answered(events, families),
                       basis=events.main.perpetrator.basis if events.main.perpetrator else None,
                       after_attack=any(_one_attack_referred_to(e, families) for e in events.related),
                       labels=frozenset(c.label for c in by_words)),
            events.main.evidence["type"].sentence.text if "type" in events.main.evidence else None, article.title)
        enriched = EnrichedArticle(
            id=article.id,
            article=original,
            language=language,
            actors=_governments_take_part(_with_state_of_place([Actor.model_construct(
                id=a.id, name=a.name, kind=a.kind, mentions=a.mentions, evidence=a.evidence,
                role=events.roles.get(a.id, "mentioned"), salience=events.salience.get(a.id, "body"))
                for a in linked], events, place_role, catalog, families, {c.label for c in by_words}), governs),
            categories=tuple(Category.model_construct(label=c.label, score=c.score, evidence=c.evidence)
                             for c in categories),
            event=event_facts(events.main, catalog),
            related_events=tuple(event_facts(e, catalog) for e in events.related),
            places=tuple(Place.model_construct(name=p.name, country=p.country, admin1=p.admin1, kind=p.kind)
                         for p in found_places),
            entities=tuple(Entity.model_construct(text=t, label=lab) for t, lab in sorted(entities)),
        )
        return _quoted_from_original(enriched, text) if text.changed else enriched


def _read_form(original: RawArticle, text: Normalized) -> RawArticle:
    """The article as it is read: in the one form of the Arabic script when its text has other forms."""
    return original if not text.changed else original.model_copy(update={
        "title": unify(original.title), "summary": unify(original.summary), "body": unify(original.body)})


_SECURITY_LABELS = frozenset({"terrorism", "counter-terrorism", "military", "border", "intelligence", "arms-trade"})


def _with_place_role(roles: dict[str, str], found: tuple[str, str] | None, kinds: dict[str, str]) -> dict[str, str]:
    """The roles, with the state of the main event's place (`found`, state_of_place) in its part when the text gave
    it none (so that a strike by Afghan forces in Chaman is between two states)."""
    if found is None or roles.get(found[0], "mentioned") != "mentioned":
        return roles
    kinds.setdefault(found[0], "state")
    return {**roles, found[0]: found[1]}


def _with_state_of_place(actors: list[Actor], events, found: tuple[str, str] | None, catalog: Catalog,
                         families: dict[str, str], labels: set[str]) -> tuple[Actor, ...]:
    """The actors, with the state of the main event's place given its part (state_of_place) when the text did
    not already give it one: added when the text names only the place, in an article about security (a match
    report's "attack" in Sharjah is no event of the UAE's). `found`: state_of_place of the main event."""
    armed = families.get(events.main.type or "") == "armed"  # a strike, a clash, an operation: security as it stands
    if found is None or found[0] not in catalog.actors or not (armed or labels & _SECURITY_LABELS):
        return tuple(actors)
    country, role = found
    known = next((a for a in actors if a.id == country), None)
    if known is not None:
        if known.role == "mentioned":
            actors[actors.index(known)] = known.model_copy(update={"role": role})
        return tuple(actors)
    if events.main.where.kind == "country":
        return tuple(actors)  # the text named the country itself, and the linker found it is not the state here
    unit = events.main.evidence.get("where")
    evidence = (unit.sentence.text,) if unit is not None else ()
    return (*actors, Actor.model_construct(id=country, name=catalog.actors[country].name, kind="state", mentions=0,
                                           evidence=evidence, role=role, salience="lead"))


def _governments_take_part(actors: tuple[Actor, ...], governs: dict[str, str]) -> tuple[Actor, ...]:
    """A governing group the article names (the Taliban, since they govern Afghanistan) takes part where its state
    takes part and it has no part of its own: the government in talks, a closure, a clash or an operation is the
    state acting (tests/gold/README.md: "a government acting as one"). Where the state is hit, the government
    named stays mentioned: the people hit are the state's."""
    roles = {a.id: a.role for a in actors}
    return tuple(a.model_copy(update={"role": "participant"})
                 if a.role == "mentioned" and roles.get(governs.get(a.id, "")) == "participant" else a
                 for a in actors)


def _quoted_from_original(enriched: EnrichedArticle, text: Normalized) -> EnrichedArticle:
    """The same enrichment with every evidence sentence (and its offsets) taken from the original text."""
    def facts(event: EventFacts) -> EventFacts:
        evidence = tuple(e.model_copy(update={"sentence": text.original_span(e.start, e.end),
                                              "start": text.to_original(e.start),
                                              "end": text.to_original(e.end - 1) + 1}) for e in event.evidence)
        return event.model_copy(update={"evidence": evidence})

    return enriched.model_copy(update={
        "actors": tuple(a.model_copy(update={"evidence": tuple(text.original_of(s) for s in a.evidence)})
                        for a in enriched.actors),
        "categories": tuple(c.model_copy(update={"evidence": tuple(text.original_of(s) for s in c.evidence)})
                            for c in enriched.categories),
        "event": facts(enriched.event),
        "related_events": tuple(facts(e) for e in enriched.related_events),
    })


def _one_attack_referred_to(event, families: dict[str, str]) -> bool:
    """An attack the main event acts on that the article tells as one event, by its place, day, toll or doer ("arrested
    for the Sehwan blast"); not a record of attacks ("had been involved in attacks on coal mines")."""
    return event.relation == "referenced" and families.get(event.type or "") == "attack" and any(
        (event.where, event.when, event.killed, event.injured, event.perpetrator))


def _answered(events, families: dict[str, str]) -> bool:
    """The article tells of arrests, an operation or a strike beside its attack: in a clause of the main event
    ("blast probe: two arrested") or as an event of its own."""
    told = [t for unit in events.main.units for t in unit.types] + [e.type for e in events.related]
    return any(families.get(t or "") in ("armed", "legal") for t in told)
