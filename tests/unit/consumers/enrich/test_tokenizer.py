"""The enricher's tokenizer: the model's own, loaded once, which also splits Arabic-script punctuation off words."""

from __future__ import annotations

import warnings

import pytest
import spacy

from consumers.enrich.nlp import MIRROR_MODEL
from consumers.enrich.tokenizer import ModelTokenizer, split_arabic_punctuation


@pytest.fixture(scope="module")
def stock():
    """The model as spaCy loads it by default, with the punctuation added afterwards (the old, slower way)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = spacy.load(MIRROR_MODEL, exclude=["senter"])
    split_arabic_punctuation(nlp)
    return nlp


def words(nlp, text: str) -> list[str]:
    return [t.text for t in nlp.make_doc(text)]


def test_the_enricher_loads_the_models_tokenizer_filled(enricher):
    tokenizer = enricher.nlp.tokenizer
    assert isinstance(tokenizer, ModelTokenizer) and tokenizer.filled
    assert len(tokenizer.rules) > 1000  # the model's special cases ("don't", "U.S.")


@pytest.mark.parametrize("text", [
    "«پاکستان»، افغانستان۔ کابل؟ هو؛",
    "Don't say the U.S. didn't know: 12 killed (3 children) in N. Waziristan, Pakistan's north-west.",
    "پولیس کے مطابق دھماکے میں ۱۲ افراد ہلاک ہوئے۔ Police said.",
    "Mr. Khan's 5km-long convoy—hit at 3:30pm—was e-mailed about https://example.com/a?b=c.",
])
def test_it_splits_as_the_stock_tokenizer_with_the_punctuation_added(enricher, stock, text):
    assert words(enricher.nlp, text) == words(stock, text)


def test_arabic_script_punctuation_comes_off_the_words(enricher):
    assert words(enricher.nlp, "«پاکستان»، افغانستان۔") == ["«", "پاکستان", "»", "،", "افغانستان", "۔"]


def test_it_agrees_with_the_stock_tokenizer_on_the_seed_pages(enricher, stock, seeds_dir):
    for page in sorted(seeds_dir.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        assert words(enricher.nlp, text) == words(stock, text), page.name


def test_the_horizontal_bar_splits_as_an_em_dash_does(enricher):
    assert words(enricher.nlp, "Satish Sharma, 45\u2015were declared dead") == [
        "Satish", "Sharma", ",", "45", "\u2015", "were", "declared", "dead"]


def test_an_urdu_full_stop_or_comma_between_two_words_ends_the_first(enricher):
    assert words(enricher.nlp, "شروع کردیا۔یاد رہے") == ["شروع", "کردیا", "۔", "یاد", "رہے"]
    assert words(enricher.nlp, "٢٫٥") == ["٢٫٥"]  # the decimal separator stays inside its number


def test_a_bracket_glued_between_two_words_of_the_script_comes_off_them(enricher, stock):
    text = "مردان (صباح نیوز)مردان میں دھماکہ"
    assert words(enricher.nlp, text) == ["مردان", "(", "صباح", "نیوز", ")", "مردان", "میں", "دھماکہ"]
    assert words(stock, text) == words(enricher.nlp, text)  # the tokenizer made afterwards splits alike
    assert words(enricher.nlp, "Khan (AP)said") == words(stock, "Khan (AP)said")  # English as before


def test_mardan_is_read_after_a_glued_bracket_and_stays_a_word_in_persian(enricher):
    from tests.unit.consumers.enrich.event_helpers import enrich_one

    urdu = enrich_one(enricher, "مردان میں دھماکہ", "مردان (صباح نیوز)مردان میں رنگ روڈ پر پولیس چوکی پر دھماکہ ہوا۔")
    assert [p.name for p in urdu.places] == ["Mardan"]
    persian = enrich_one(enricher, "حمله مردان مسلح", "مردان مسلح به یک پاسگاه پلیس حمله کردند.")
    assert "Mardan" not in [p.name for p in persian.places]
