"""ActorLinker: find the catalog's actors in a spaCy Doc, with precision checks.

Names are matched as people write them: the text and every catalog form are brought to one normal
form (names.py: diacritics folded, apostrophes dropped, stray spacing removed, glued words split),
and each group name also gets its transliteration variants (particles hyphenated, spaced or joined,
e/i exchanged), so "Tehrik i Taliban Pakistan", "Tahrik-e-Taleban" and "Jama'at Nasr al-Islam wal
Muslimin" match without listing every spelling. Phrase matchers run on that normal form: aliases,
names, demonyms and capitals case-insensitively, acronyms (and all-capital aliases) and context
forms case-sensitively. Overlaps keep the longest span, so "Tehreek-e-Taliban Pakistan" is the group
and not the state, and "Pakistani Taliban", "Pakistan's Taliban" are the TTP while "Afghan Taliban",
"Afghanistan's Taliban" are the Afghan Taliban. Each candidate then has to pass the checks in
`_accept`: the case of its first letter agrees with the catalog, the statistical NER does not call
it a person, product or work of art, it is not a place elsewhere ("Atlanta, Georgia", "ATHENS, Ga."),
no trap word from actor_context.yaml stands near it (for EG and GR only near the demonym: "Egyptian
goddess"), no state is linked in a match report ("Afghanistan's spinners"), a capital is an actor
only when not used as a location ("in Kabul", "در کابل", "په کابل کې", "کابل میں"), a short acronym that is also an English word is ignored in an all-caps headline, and
an acronym the document spells out as something else ("Institute for Science and International
Security (ISIS)") is that thing throughout. Names in the Arabic script (Urdu, Persian, Pashto) pass the same
checks except those that ask the English NER, whose labels on these scripts say nothing.

Two readings depend on the document (actor_senses.py has the full rules):
  * a title-case "Isis" or "Isil" is the Islamic State only with a militant word (attack, claimed,
    fighters, jihadist, group, ...) in its sentence or two in the document, never beside the
    goddess's words, never as a word of a longer name ("Isis Moore"). "Daesh" has no other sense
    and needs no context; capitalised ISIS/ISIL are acronyms as before.
  * a bare "Taliban" is the Afghan Taliban unless the document names the TTP: then, with no word of
    Afghanistan in the document, it is the TTP's short form; with Afghanistan in it, it is the
    Afghan Taliban where its sentence or the document's weight says so, and otherwise it is not
    linked. A wrong group link is worse than none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.attrs import LOWER, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from consumers.catalog import Catalog, CatalogActor
from consumers.enrich.actor_senses import (
    Mention,
    bare_khawarij,
    bare_taliban,
    in_context,
    in_longer_names,
    redefined_acronyms,
)
from consumers.enrich.names import FormSplitter, normal_words, spellings
from consumers.enrich.phrases import Phrases
from newsmon.arabic_script import has_arabic_script, unify

_NOT_ACTOR_LABELS = {"PERSON", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT"}
_STATE_LABELS = {"GPE", "NORP", "LOC", "ORG"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "into", "to", "across", "around", "within", "toward", "towards", "via", "through"}
# The same in Urdu, Persian and Pashto (in their one form): Persian "در", "به", "از", Pashto "په", "له" before the
# name; Urdu "میں", "سے" and Pashto "ته" after it.
_NATIVE_LOCATIVE_BEFORE = frozenset(unify(w) for w in ("در", "به", "از", "په", "له", "نزدیک", "قریب"))
_NATIVE_LOCATIVE_AFTER = frozenset(unify(w) for w in ("میں", "سے", "ته"))
_MAX_EVIDENCE = 3


@dataclass(frozen=True)
class LinkedActor:
    """An actor found in a text: how often and the sentences that mention it."""

    id: str
    name: str
    kind: str
    mentions: int
    evidence: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()  # character offsets of each mention in the doc's text


class ActorLinker:
    """Links mentions in a Doc to catalog actors."""

    def __init__(self, nlp: Language, catalog: Catalog) -> None:
        self.catalog = catalog
        self._vocab = nlp.vocab
        self._lower_forms: set[tuple[str, ...]] = set()  # forms the catalog writes in lower case ("al-Qaeda")
        ci_terms: dict[tuple[str, ...], str] = {}
        cs_terms: dict[tuple[str, ...], str] = {}
        split = FormSplitter(nlp.tokenizer)
        for generated in (False, True):  # the catalog's own spellings first: a variant never takes one
            for actor in catalog.actors.values():
                roles = {"alias": (actor.name, *actor.aliases), "demonym": actor.demonyms, "capital": actor.capitals,
                         "acronym": actor.acronyms, "context": actor.context_forms}
                for role, forms in roles.items():
                    for form in forms:
                        if not generated:
                            variants = [form]
                        elif has_arabic_script(form):
                            variants = _glued_article(form)
                        elif actor.kind == "group" and role == "alias":
                            variants = spellings(form)[1:]
                        else:
                            continue
                        key = f"{actor.id}|{role}"
                        exact = role in ("acronym", "context") or _is_acronym(form)
                        for variant in variants:
                            words = tuple(normal_words(split(variant))[0])
                            if exact:
                                cs_terms.setdefault(words, key)
                            else:
                                lower = tuple(w.lower() for w in words)
                                ci_terms.setdefault(lower, key)
                                if variant[:1].islower():
                                    self._lower_forms.add(lower)
        self._ci = Phrases(ci_terms)
        self._cs = Phrases(cs_terms)

    def mentions(self, doc: Doc) -> list[Mention]:
        """Candidate mentions, matched on the normal form of the text (see names.py); overlaps keep the longest."""
        strings = self._vocab.strings
        words, index = normal_words([strings[h] for h in doc.to_array(ORTH).tolist()])
        candidates = [*self._ci.find([w.lower() for w in words]), *self._cs.find(words)]
        taken: set[int] = set()
        found = []
        for key, start, end in sorted(candidates, key=lambda m: (m[1] - m[2], m[1])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                actor_id, role = key.split("|")
                original = Span(doc, index[start], index[end - 1] + 1)
                prev = words[start - 1] if start else ""
                found.append(Mention(original, actor_id, role, tuple(words[start:end]), prev))
        return sorted(found, key=lambda m: m.span.start)

    def link(self, doc: Doc, *, use_ner: bool = True) -> list[LinkedActor]:
        """Actors mentioned in the doc, most mentioned first."""
        mentions = self.mentions(doc)
        context = _DocContext.of(doc, mentions, self.catalog)
        accepted = [
            (m, m.actor_id) for m in mentions
            if (m.actor_id, m.span.text) not in context.redefined
            and _accept(m, self.catalog.actors[m.actor_id], context=context, use_ner=use_ner,
                        lower_forms=self._lower_forms)
        ]
        # One sense per document: a form once shown to be a place elsewhere is that place throughout.
        accepted = [(m, a) for m, a in accepted if m.span.text.lower() not in context.elsewhere_forms]
        accepted = bare_taliban(bare_khawarij(accepted, self.catalog), self.catalog)
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        evidence: dict[str, list[str]] = defaultdict(list)
        for mention, actor_id in accepted:
            span = mention.span
            spans[actor_id].append((span.start_char, span.end_char))
            sentence = span.sent.text.strip() if doc.has_annotation("SENT_START") else span.text
            if sentence not in evidence[actor_id] and len(evidence[actor_id]) < _MAX_EVIDENCE:
                evidence[actor_id].append(sentence)
        found = [
            LinkedActor(a, self.catalog.actors[a].name, self.catalog.actors[a].kind, len(s), tuple(evidence[a]), tuple(s))
            for a, s in spans.items()
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
    redefined: set[tuple[str, str]]
    named_forms: set[str]
    match_report: bool = False

    @classmethod
    def of(cls, doc: Doc, mentions: list[Mention], catalog: Catalog) -> _DocContext:
        entity_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        states = [m.span for m in mentions if catalog.actors[m.actor_id].kind == "state"]
        state_tokens = {i for span in states for i in range(span.start, span.end)}
        # Words of multi-word person names ("Jordan Ellis"): a bare "Jordan" later is that person.
        person_words = {t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
        strings = doc.vocab.strings
        doc_words = {strings[h] for h in set(doc.to_array(LOWER).tolist())}
        context = cls(entity_at, state_tokens, person_words, doc_words, set(),
                      redefined_acronyms(doc, mentions), in_longer_names(mentions))
        context.elsewhere_forms = {span.text.lower() for span in states if _elsewhere(span, context)}
        context.match_report = len(doc_words & catalog.team_words) >= 2
        return context

    def entity(self, span: Span) -> Span | None:
        return next((self.entity_at[i] for i in range(span.start, span.end) if i in self.entity_at), None)


def _glued_article(form: str) -> list[str]:
    """A name in the Arabic script with its article glued on, as Persian writes it: "جیش العدل" -> "جیشالعدل"."""
    glued = form.replace(" ال", "ال")
    return [glued] if glued != form else []


def _is_acronym(form: str) -> bool:
    letters = [ch for ch in form if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 6


def _shouting(span: Span) -> bool:
    """True when the words around the span are written in capitals ("WHAT IS NEXT", "IS THIS THE")."""
    doc = span.doc
    near = [t.text for t in doc[max(0, span.start - 3) : span.start]] + [t.text for t in doc[span.end : span.end + 3]]
    words = [w for w in near if w.isalpha()]
    return len(words) >= 2 and sum(w.isupper() for w in words) / len(words) >= 0.66


def _accept(mention: Mention, actor: CatalogActor, *, context: _DocContext, use_ner: bool,
            lower_forms: set[tuple[str, ...]]) -> bool:
    """Whether a candidate really names the actor (see the module docstring)."""
    span, role, text = mention.span, mention.role, mention.text
    doc = span.doc
    lower_case = role not in ("acronym", "context") and text[:1].islower() and not text.isupper()
    if lower_case and mention.key not in lower_forms:
        return False  # "turkey", "china": a lower-case common noun, unless the catalog spells it so ("al-Qaeda")
    if role == "acronym" and _shouting(span) and text.lower() in STOP_WORDS:
        return False  # "WHAT IS NEXT", "LET US" in an all-caps headline
    if actor.kind == "state" and context.match_report:
        return False  # "Afghanistan's spinners": a national team
    if actor.not_near and (not actor.not_near_roles or role in actor.not_near_roles):
        trap_words = set(actor.not_near)
        sentence = span.sent if doc.has_annotation("SENT_START") else doc[max(0, span.start - 5) : span.end + 5]
        if {t.lower_ for t in sentence} & trap_words or len(context.doc_words & trap_words) >= 2:
            return False  # food, product, myth... in the sentence, or throughout the document
    if actor.kind == "state" and role != "acronym" and text in context.person_words and not has_arabic_script(text):
        return False  # "Jordan" after "Jordan Ellis" is the person
    if role == "context" and (text in context.named_forms or not in_context(mention, actor, context.doc_words)):
        return False  # "Isis" in "Isis Moore", or with nothing militant around it
    native = has_arabic_script(text)
    if role == "capital" and (_native_location(span, mention.prev) if native else _as_location(span, mention.prev)):
        return False
    if not use_ner or native:
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
    return after is not None and after[0].text == "," and after[1].text in _US_STATES | _US_ABBREVIATIONS


def _as_location(span: Span, prev: str) -> bool:
    """A capital used as a place ('in Kabul', 'Kabul-based') rather than as its government."""
    doc = span.doc
    prev = prev.lower()
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return prev in _LOCATIVE or nxt in ("-", "’s", "'s") and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in ("based", "sector")


def _native_location(span: Span, prev: str) -> bool:
    """A capital in the Arabic script used as a place: "در کابل", "په کابل کې", "کابل میں"."""
    doc = span.doc
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return prev in _NATIVE_LOCATIVE_BEFORE or nxt in _NATIVE_LOCATIVE_AFTER


_US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "Wisconsin", "Wyoming",
}
# The abbreviations of US states in datelines ("ATHENS, Ga.", "PARIS, Tenn.").
_US_ABBREVIATIONS = {
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Ky.", "La.",
    "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.",
    "N.D.", "Okla.", "Ore.", "Pa.", "R.I.", "S.C.", "S.D.", "Tenn.", "Tex.", "Vt.", "Va.", "Wash.", "W.Va.", "Wis.",
    "Wyo.",
}
