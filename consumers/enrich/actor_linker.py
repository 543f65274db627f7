"""ActorLinker: find the catalog's actors in a spaCy Doc, with precision checks.

Candidate spans come from phrase matchers: aliases, names, demonyms and capitals case-insensitively,
acronyms (and all-capital aliases) case-sensitively. Overlaps keep the longest span, so
"Tehreek-e-Taliban Pakistan" is the group and not the state, "Pakistani Taliban" is the TTP and
"Taliban" alone is the Afghan Taliban. Each candidate then has to pass the checks in `_accept`:
the case of its first letter agrees with the catalog, the statistical NER does not call it a
person, product or work of art, it is not a place elsewhere ("Atlanta, Georgia"), no context word
from actor_context.yaml stands near it, a capital is an actor only when not used as a location
("in Kabul"), and a short acronym that is also an English word is ignored in an all-caps headline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from consumers.catalog import Catalog, CatalogActor

_NOT_ACTOR_LABELS = {"PERSON", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT"}
_STATE_LABELS = {"GPE", "NORP", "LOC", "ORG"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "into", "to", "across", "around", "within", "toward", "towards", "via", "through"}
_MAX_EVIDENCE = 3


@dataclass(frozen=True)
class LinkedActor:
    """An actor found in a text: how often and the sentences that mention it."""

    id: str
    name: str
    kind: str
    mentions: int
    evidence: tuple[str, ...]


class ActorLinker:
    """Links mentions in a Doc to catalog actors."""

    def __init__(self, nlp: Language, catalog: Catalog) -> None:
        self.catalog = catalog
        self._ci = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._cs = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._forms: dict[str, str] = {}  # lower-cased form -> catalog spelling, for the case check
        ci_terms: dict[str, list[str]] = defaultdict(list)
        cs_terms: dict[str, list[str]] = defaultdict(list)
        for actor in catalog.actors.values():
            roles = {"alias": (actor.name, *actor.aliases), "demonym": actor.demonyms, "capital": actor.capitals}
            for role, forms in roles.items():
                for form in forms:
                    key = f"{actor.id}|{role}"
                    (cs_terms if _is_acronym(form) else ci_terms)[key].append(form)
                    self._forms.setdefault(form.lower(), form)
            for form in actor.acronyms:
                cs_terms[f"{actor.id}|acronym"].append(form)
        for matcher, terms in ((self._ci, ci_terms), (self._cs, cs_terms)):
            for key, forms in terms.items():
                # Pages print both straight and curly apostrophes: "al-Qa'ida", "al-Qa’ida".
                spelled = list(dict.fromkeys(v for f in forms for v in (f, f.replace("'", "’"))))
                matcher.add(key, list(nlp.tokenizer.pipe(spelled)))

    def link(self, doc: Doc, *, use_ner: bool = True) -> list[LinkedActor]:
        """Actors mentioned in the doc, most mentioned first."""
        candidates = []
        for matcher in (self._ci, self._cs):
            for match_id, start, end in matcher(doc):
                candidates.append(Span(doc, start, end, label=match_id))
        spans = filter_spans(candidates)
        context = _DocContext.of(doc, spans, self.catalog)
        accepted = []
        for span in spans:
            actor_id, role = span.label_.split("|")
            actor = self.catalog.actors[actor_id]
            if _accept(span, actor, role, context=context, use_ner=use_ner):
                accepted.append((span, actor_id))
        # One sense per document: a form once shown to be a place elsewhere is that place throughout.
        accepted = [(span, a) for span, a in accepted if span.text.lower() not in context.elsewhere_forms]
        counts: dict[str, int] = defaultdict(int)
        evidence: dict[str, list[str]] = defaultdict(list)
        for span, actor_id in accepted:
            counts[actor_id] += 1
            sentence = span.sent.text.strip() if doc.has_annotation("SENT_START") else span.text
            if sentence not in evidence[actor_id] and len(evidence[actor_id]) < _MAX_EVIDENCE:
                evidence[actor_id].append(sentence)
        found = [
            LinkedActor(a, self.catalog.actors[a].name, self.catalog.actors[a].kind, n, tuple(evidence[a]))
            for a, n in counts.items()
        ]
        return sorted(found, key=lambda linked: (-linked.mentions, linked.id))


@dataclass
class _DocContext:
    """Facts about the whole document that the per-mention checks use."""

    entity_at: dict[int, Span]
    state_tokens: set[int]
    person_words: set[str]
    doc_words: set[str]
    elsewhere_forms: set[str]

    @classmethod
    def of(cls, doc: Doc, spans: list[Span], catalog: Catalog) -> "_DocContext":
        entity_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        state_tokens = {
            i for span in spans if catalog.actors[span.label_.split("|")[0]].kind == "state"
            for i in range(span.start, span.end)
        }
        # Words of multi-word person names ("Jordan Ellis"): a bare "Jordan" later is that person.
        person_words = {t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
        context = cls(entity_at, state_tokens, person_words, {t.lower_ for t in doc}, set())
        context.elsewhere_forms = {
            span.text.lower() for span in spans
            if catalog.actors[span.label_.split("|")[0]].kind == "state" and _elsewhere(span, context)
        }
        return context

    def entity(self, span: Span) -> Span | None:
        return next((self.entity_at[i] for i in range(span.start, span.end) if i in self.entity_at), None)


def _is_acronym(form: str) -> bool:
    letters = [ch for ch in form if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 6


def _shouting(span: Span) -> bool:
    """True when the words around the span are written in capitals ("WHAT IS NEXT", "IS THIS THE")."""
    doc = span.doc
    near = [t.text for t in doc[max(0, span.start - 3) : span.start]] + [t.text for t in doc[span.end : span.end + 3]]
    words = [w for w in near if w.isalpha()]
    return len(words) >= 2 and sum(w.isupper() for w in words) / len(words) >= 0.66


def _accept(span: Span, actor: CatalogActor, role: str, *, context: _DocContext, use_ner: bool) -> bool:
    """Whether a candidate span really names the actor (see the module docstring)."""
    doc = span.doc
    text = span.text
    if role != "acronym" and text[:1].islower() and not text.isupper():
        # "turkey", "china": a lower-case common noun, unless the catalog spells it so ("al-Qaeda").
        catalog_form = actor.name if role == "alias" else ""
        if not any(form[:1].islower() and form.lower() == text.lower() for form in (catalog_form, *actor.aliases)):
            return False
    if role == "acronym" and _shouting(span) and text.lower() in STOP_WORDS:
        return False  # "WHAT IS NEXT", "LET US" in an all-caps headline
    if actor.not_near:
        trap_words = set(actor.not_near)
        sentence = span.sent if doc.has_annotation("SENT_START") else doc[max(0, span.start - 5) : span.end + 5]
        if {t.lower_ for t in sentence} & trap_words or len(context.doc_words & trap_words) >= 2:
            return False  # food, product, myth... in the sentence, or throughout the document
    if actor.kind == "state" and role != "acronym" and text in context.person_words:
        return False  # "Jordan" after "Jordan Ellis" is the person
    if role == "capital" and _as_location(span):
        return False
    if not use_ner:
        return True
    ent = context.entity(span)
    if ent is not None and ent.label_ in _NOT_ACTOR_LABELS and (ent.start < span.start or ent.end > span.end):
        return False  # part of a person's name or a product's
    if ent is not None and ent.label_ == "PERSON" and actor.kind == "state":
        return False
    if actor.kind == "state" and role in ("alias", "capital"):
        return ent is not None and ent.label_ in _STATE_LABELS
    return True


def _elsewhere(span: Span, context: _DocContext) -> bool:
    """A country name used for a place in the US: 'Atlanta, Georgia', 'Lebanon, Pennsylvania'.

    Only names that collide with a US state, or are followed by one, qualify: 'Peshawar, Pakistan'
    is a city and its country, not a place elsewhere.
    """
    doc = span.doc
    if span.text.title() in _US_STATES and span.start >= 2 and doc[span.start - 1].text == ",":
        town = doc[span.start - 2]
        if town.is_alpha and (town.is_title or town.is_upper) and town.i not in context.state_tokens:
            return True
    after = doc[span.end : span.end + 2] if span.end + 2 <= len(doc) else None
    return after is not None and after[0].text == "," and after[1].text in _US_STATES


def _as_location(span: Span) -> bool:
    """A capital used as a place ('in Kabul', 'Kabul-based') rather than as its government."""
    doc = span.doc
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return prev in _LOCATIVE or nxt in ("-", "’s", "'s") and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in ("based", "sector")


_US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "Wisconsin", "Wyoming",
}
