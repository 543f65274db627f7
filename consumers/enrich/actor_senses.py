"""Where the document decides what a name means: a bare "Taliban", a title-case "Isis", a spelled-out acronym.

The rules, chosen for a desk that would rather miss a group than link the wrong one:

Bare "Taliban" (the word alone, or "Taleban") is the Afghan Taliban, as the catalog says, except in
a document that names the TTP explicitly (by one of its names or acronyms, or one of its factions)
and names the Afghan Taliban by no explicit name of theirs (Afghan Taliban, Afghanistan's Taliban,
Taliban government/authorities, Islamic Emirate, the Haqqani network). There:
  * if the document does not mention Afghanistan at all (Afghanistan, Afghan, Kabul), the bare
    "Taliban" is the writer's short form of the TTP they named, and counts as a TTP mention;
  * otherwise, in a document that mentions Afghanistan more often than it names the TTP (talks,
    border clashes: Afghanistan is the story, the TTP a topic), it is the Afghan Taliban, and so is
    a bare "Taliban" whose own sentence mentions Afghanistan or names the TTP beside it (two groups
    set apart);
  * any other bare "Taliban" there (a TTP story that mentions Afghanistan in passing) could be
    either group and is not linked at all.
"Taliban" is never read as the TTP in a document that does not name the TTP: "Pakistan urged the
Taliban to act" is about Kabul.

Context forms (actor_context.yaml `only_near`: "Isis", "Isil" for the Islamic State) name the actor
only when one of their context words (attack, claimed, fighters, militants, jihadist, group, ...)
stands in the same sentence, or two different ones in the document, and it is nowhere in the
document a word of a longer name ("Isis Moore", "Queen Isis"; the NER's own reading of a lone "Isil"
is not trusted: it calls "Isil claimed the bombing" a person). The trap words of `not_near`
(goddess, Osiris, temple, ...) are checked first, as for every form.

A spelled-out acronym: when the document writes "Institute for Science and International Security
(ISIS)", the capitals before the parenthesis spell the acronym and are not one of the actor's own
names, so "ISIS" in that document is that institute, everywhere in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from consumers.catalog import Catalog, CatalogActor

AFGHAN_TALIBAN, TTP, AFGHANISTAN = "afghan-taliban", "ttp", "AF"
BARE_TALIBAN = {("taliban",), ("taleban",), ("طالبان",), ("طالبانو",)}  # and Urdu/Persian, Pashto oblique
BARE_KHAWARIJ = {("khawarij",), ("خوارج",)}
ISLAMIC_STATE = "islamic-state"
_EXPANSION_WINDOW = 14


@dataclass(frozen=True)
class Mention:
    """A candidate: the tokens of the document, the actor and role it matched, and its normal words."""

    span: Span
    actor_id: str
    role: str
    words: tuple[str, ...]  # as written, after names.normal_words (case kept)
    prev: str  # the normal word just before it, "" at the start

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(w.lower() for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def in_context(mention: Mention, actor: CatalogActor, doc_words: set[str]) -> bool:
    """A context form ("Isis") with one of its words in the sentence, or two in the document."""
    words = set(actor.context_words)
    span = mention.span
    doc = span.doc
    sentence = span.sent if doc.has_annotation("SENT_START") else doc[max(0, span.start - 10) : span.end + 10]
    return bool({t.lower_ for t in sentence} & words) or len(doc_words & words) >= 2


def in_longer_names(mentions: list[Mention]) -> set[str]:
    """Context forms written, somewhere in the document, as a word of a longer name ("Isis Moore")."""
    found = set()
    for m in mentions:
        if m.role != "context":
            continue
        doc, start, end = m.span.doc, m.span.start, m.span.end
        after = doc[end] if end < len(doc) else None
        before = doc[start - 1] if start > 0 and not doc[start].is_sent_start else None
        if any(t is not None and t.is_alpha and t.is_title for t in (before, after)) and not _title_case_line(m.span):
            found.add(m.text)
    return found


def _title_case_line(span: Span) -> bool:
    """A headline in title case ("Isis Fighters Seize Town"), where capitals say nothing about names."""
    sentence = span.sent if span.doc.has_annotation("SENT_START") else span.doc[span.start : span.end + 6]
    words = [t for t in sentence if t.is_alpha and not t.is_stop]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def redefined_acronyms(doc: Doc, mentions: list[Mention]) -> set[tuple[str, str]]:
    """(actor id, acronym) pairs that the document spells out as something else than the actor."""
    found = set()
    for m in mentions:
        if m.role not in ("acronym", "context"):
            continue
        start, end = m.span.start, m.span.end
        if start < 2 or end >= len(doc) or doc[start - 1].text != "(" or doc[end].text != ")":
            continue
        first = _spelled_from(doc, start - 1, [ch.upper() for ch in m.text if ch.isalpha()])
        if first is None:
            continue
        own = any(o.actor_id == m.actor_id and o.span.start < start - 1 and o.span.end > first for o in mentions)
        if not own:
            found.add((m.actor_id, m.span.text))
    return found


def _spelled_from(doc: Doc, paren: int, letters: list[str]) -> int | None:
    """Where the capitalised words just before `paren` start, if their initials spell `letters`."""
    initials: list[str] = []
    j = paren - 1
    while j >= max(0, paren - _EXPANSION_WINDOW) and len(initials) < len(letters):
        token = doc[j]
        if token.text[:1].isupper():
            initials.insert(0, token.text[0].upper())
        elif not (token.is_lower or token.text in ("-", "–", "&")):
            return None  # punctuation or a number: the phrase ended
        j -= 1
    return j + 1 if initials == letters else None


def bare_taliban(accepted: list[tuple[Mention, str]], catalog: Catalog) -> list[tuple[Mention, str]]:
    """The accepted mentions with each bare "Taliban" read as the module docstring says."""

    def bare(m: Mention, actor_id: str) -> bool:
        return actor_id == AFGHAN_TALIBAN and m.role == "alias" and m.key in BARE_TALIBAN

    def named(actor_id: str, group: str) -> bool:
        return actor_id == group or group in catalog.ancestors(actor_id)

    if not any(bare(m, a) for m, a in accepted) or TTP not in catalog.actors:
        return accepted
    ttp = [m for m, a in accepted if named(a, TTP)]
    afghan_named = any(named(a, AFGHAN_TALIBAN) and not bare(m, a) for m, a in accepted)
    if not ttp or afghan_named:
        return accepted
    afghanistan = [m for m, a in accepted if a == AFGHANISTAN]
    out = []
    for m, a in accepted:
        if not bare(m, a):
            out.append((m, a))
        elif not afghanistan:
            out.append((m, TTP))
        elif len(afghanistan) > len(ttp) or any(_same_sentence(m, o) for o in (*afghanistan, *ttp)):
            out.append((m, AFGHAN_TALIBAN))
    return out


def bare_khawarij(accepted: list[tuple[Mention, str]], catalog: Catalog) -> list[tuple[Mention, str]]:
    """A bare "Khawarij" is the TTP in Pakistan's usage, but the Afghan Taliban call the ISKP so too: in a document
    that names the Islamic State (or a branch) and no TTP by a longer name, it is not linked."""

    def bare(m: Mention, actor_id: str) -> bool:
        return actor_id == TTP and m.key in BARE_KHAWARIJ

    if not any(bare(m, a) for m, a in accepted):
        return accepted
    islamic_state = any(a == ISLAMIC_STATE or ISLAMIC_STATE in catalog.ancestors(a) for _, a in accepted)
    ttp_named = any(a == TTP and not bare(m, a) for m, a in accepted)
    if not islamic_state or ttp_named:
        return accepted
    return [(m, a) for m, a in accepted if not bare(m, a)]


def _same_sentence(a: Mention, b: Mention) -> bool:
    if not a.span.doc.has_annotation("SENT_START"):
        return abs(a.span.start - b.span.start) < 30
    return a.span.sent.start == b.span.sent.start
