"""Which sentences are parsed, and the parsing pipeline.

The NER pipeline (consumers/enrich/nlp.py) runs on every article without the tagger and the parser, which would
double its cost. Only the sentences the facts come from are parsed: English sentences of the summary and the lead
(not the headline, whose telegraphic grammar parses badly), and any other English sentence that speaks of dying, injury, a claim, a denial or blame. They are parsed
together, one `nlp.pipe` call per article, by a second pipeline made of the same model's tok2vec, tagger, parser,
attribute ruler and lemmatizer (no NER).
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import Callable, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsmon.arabic_script import has_arabic_script

log = logging.getLogger(__name__)
PARSE_COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
_WORTH_PARSING = re.compile(r"kill|dead|die|death|slain|martyr|perish|lives|injur|wound|hurt|hospital|toll|lynch|"
                            r"behead|claim|responsib|deni|deny|reject|blame|accus|behind|condemn", re.I)
Parse = Callable[[Sequence[str]], list[Doc]]


def load_parser(model_name: str) -> Language:
    """The model's tagging and parsing components alone (the NER has its own embedding layer in en_core_web_sm)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = spacy.load(model_name, exclude=[c for c in ("ner", "senter") if c])
    missing = [c for c in ("tagger", "parser", "lemmatizer") if c not in nlp.pipe_names]
    if missing:
        log.warning("The spaCy model %s has no %s: sentences are read by the word rules alone.", model_name,
                    ", ".join(missing))
    return nlp


def worth_parsing(text: str, section: str) -> bool:
    """An English sentence the facts may come from. Not a headline: its telegraphic grammar ("16 killed, 30
    injured in blast", "ISKP claims bombing") parses badly, and the word rules read it well."""
    if has_arabic_script(text) or section == "title":
        return False
    return section in ("summary", "lead") or _WORTH_PARSING.search(text) is not None


def parser_of(nlp: Language, *, batch_size: int = 32) -> Parse:
    """A function that parses sentences (one Doc each) with this pipeline."""
    if "parser" not in nlp.pipe_names:
        return lambda texts: []
    return lambda texts: list(nlp.pipe(texts, batch_size=batch_size))
