"""Which sentences are parsed, and the parsing pipeline.

The NER pipeline (consumers/enrich/nlp.py) runs on every article without the tagger and the parser, which would
double its cost. Only the sentences the facts come from are parsed: English sentences of the summary and the lead
(not the headline, whose telegraphic grammar parses badly), and any other English sentence that speaks of dying, injury, a claim, a denial or blame. They are parsed
together, once per article, by the model's own tok2vec, tagger, parser, attribute ruler and lemmatizer, which the
pipeline loads but keeps disabled for the whole-text pass.

A dateline that opens a sentence ("Karachi, Apr 19 (PTI)", "QUETTA, Pakistan (AP) —", "RAWALPINDI (MNN);") is
blanked out before parsing, the offsets kept: the parser would take the city for the subject of the sentence
("Karachi ... have been killed").
"""

from __future__ import annotations

import logging
import re
from typing import Callable, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from consumers.enrich.nlp import PARSE_COMPONENTS
from newsmon.arabic_script import has_arabic_script

log = logging.getLogger(__name__)
_WORTH_PARSING = re.compile(r"kill|dead|die|death|slain|martyr|perish|lives|injur|wound|hurt|hospital|toll|lynch|"
                            r"behead|claim|responsib|deni|deny|reject|blame|accus|behind|condemn", re.I)
# an all-capitals place, or a place set off by the agency in brackets; then an optional date, and a colon or dash
_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){0,2}(?:,\s*[A-Z][A-Za-z]+)?(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
                       r"\s*(?:\([^()]{1,40}\))?\s*[:;—–-]"
                       r"|[A-Z][A-Za-z.'-]+(?:\s[A-Z][A-Za-z.'-]+){0,2}(?:,\s*[A-Z][A-Za-z]+\.?(?:\s+\d{1,2})?)?"
                       r"\s*\((?:[A-Z][A-Za-z.]*\s?){1,3}\)\s*[:;—–-]?)(?=\s+\S)")
Parse = Callable[[Sequence[str]], list[Doc]]


def worth_parsing(text: str, section: str) -> bool:
    """An English sentence the facts may come from. Not a headline: its telegraphic grammar ("16 killed, 30
    injured in blast", "ISKP claims bombing") parses badly, and the word rules read it well."""
    if has_arabic_script(text) or section == "title":
        return False
    return section in ("summary", "lead") or _WORTH_PARSING.search(text) is not None


def parser_of(nlp: Language, *, batch_size: int = 32) -> Parse:
    """A function that parses sentences (one Doc each) with the model's tagging and parsing components, which the
    pipeline keeps disabled for the whole-text pass (consumers/enrich/nlp.py)."""
    names = [c for c in PARSE_COMPONENTS if c in nlp.component_names]
    if "parser" not in names:
        log.warning("The spaCy model has no parser: sentences are read by the word rules alone.")
        return lambda texts: []
    components = [nlp.get_pipe(c) for c in names]

    def parse(texts: Sequence[str]) -> list[Doc]:
        docs = (nlp.make_doc(without_dateline(text)) for text in texts)
        for component in components:
            docs = component.pipe(docs, batch_size=batch_size)
        return list(docs)

    return parse


def without_dateline(text: str) -> str:
    """The sentence with the dateline that opens it (see the module docstring) turned to spaces."""
    match = _DATELINE.match(text)
    return " " * match.end() + text[match.end():] if match else text
