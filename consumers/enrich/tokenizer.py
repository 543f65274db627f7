"""The tokenizer the enricher loads: the model's own, which also splits Urdu, Persian and Pashto punctuation off words
("پاکستان،" -> "پاکستان" "،"; also between two words: "کردیا۔یاد", and a bracket glued between two words: "نیوز)مردان"),
as it splits "," off "Kabul,", and splits at the horizontal bar ("45―were") as the model does at an em dash.

Reads: the model's saved tokenizer (its special cases and its prefix, suffix and infix patterns). Gives: the spaCy
config that makes spacy.load fill a ModelTokenizer (FROM_MODEL), and split_arabic_punctuation for a tokenizer that
is already made. spacy.load would otherwise build the language's default tokenizer, replace all of it with the
model's, and then the punctuation would be added: three loads of some 1,300 special cases, a quarter of a second
of every start. Here they load once.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

ARABIC_PUNCTUATION = r"[،؛؟۔٫٬«»]"
# between two words with no space ("شروع کردیا۔یاد رہے"): a full stop or comma still ends the word (not the
# decimal and thousands separators, which sit between digits)
ARABIC_INFIXES = r"[،؛؟۔]"
# a bracket glued between two words of the script ("مردان (صباح نیوز)مردان میں", an agency's name before the lead)
GLUED_BRACKET = r"(?<=[\u0600-\u06ff])[()](?=[\u0600-\u06ff])"
BAR = "\u2015"  # the horizontal bar, some outlets' dash: "Satish Sharma, 45\u2015were declared dead"
FROM_MODEL = {"nlp": {"tokenizer": {"@tokenizers": "newsmon.model_tokenizer.v1"}}}


class ModelTokenizer(Tokenizer):
    """Empty until the model's saved tokenizer fills it; the Arabic-script punctuation is added to the saved
    patterns before they are set (spaCy writes a prefix pattern as "^a|^b", a suffix pattern as "a$|b$")."""

    def from_bytes(self, bytes_data: bytes, *, exclude=tuple()) -> Tokenizer:
        data = srsly.msgpack_loads(bytes_data)
        if isinstance(data.get("prefix_search"), str):
            data["prefix_search"] = "|".join(filter(None, [data["prefix_search"], f"^{ARABIC_PUNCTUATION}"]))
        if isinstance(data.get("suffix_search"), str):
            data["suffix_search"] = "|".join(filter(None, [data["suffix_search"], f"{ARABIC_PUNCTUATION}$"]))
        if isinstance(data.get("infix_finditer"), str):
            data["infix_finditer"] = "|".join(filter(None, [data["infix_finditer"], BAR, ARABIC_INFIXES,
                                                             GLUED_BRACKET]))
        return super().from_bytes(srsly.msgpack_dumps(data), exclude=exclude)

    @property
    def filled(self) -> bool:
        return bool(self.rules) or self.prefix_search is not None


@spacy.registry.tokenizers("newsmon.model_tokenizer.v1")
def model_tokenizer() -> Callable[[Language], Tokenizer]:
    return lambda nlp: ModelTokenizer(nlp.vocab)


def split_arabic_punctuation(nlp: Language) -> None:
    """Add the punctuation to a tokenizer already made (one whose model saved none: the language's default).
    Each change of a pattern makes the tokenizer load its special cases again: they are set aside meanwhile."""
    tokenizer = nlp.tokenizer
    rules, tokenizer.rules = tokenizer.rules, {}
    tokenizer.prefix_search = compile_prefix_regex([*nlp.Defaults.prefixes, ARABIC_PUNCTUATION]).search
    tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, ARABIC_PUNCTUATION]).search
    tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or []), BAR, ARABIC_INFIXES,
                                                    GLUED_BRACKET]).finditer
    tokenizer.rules = rules
