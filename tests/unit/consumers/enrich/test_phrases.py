"""Phrases: every occurrence of every phrase, overlaps included, as a PhraseMatcher finds them."""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from consumers.enrich.phrases import Phrases

TABLE = {("north",): "n", ("north", "waziristan"): "nw", ("waziristan",): "w", ("south", "waziristan", "agency"): "swa"}


def test_every_occurrence_is_found_with_overlaps_by_start_then_length():
    words = "north waziristan and south waziristan agency and north".split()
    assert Phrases(TABLE).find(words) == [("n", 0, 1), ("nw", 0, 2), ("w", 1, 2), ("swa", 3, 6), ("w", 4, 5),
                                          ("n", 7, 8)]


def test_a_phrase_cut_short_by_the_end_of_the_text_is_not_found():
    assert Phrases(TABLE).find(["south", "waziristan"]) == [("w", 1, 2)]
    assert Phrases(TABLE).find([]) == []


def test_it_finds_what_a_spacy_phrase_matcher_finds():
    text = "north waziristan agency south waziristan north north waziristan waziristan south".split()
    vocab = Vocab()
    matcher = PhraseMatcher(vocab)
    for words, key in TABLE.items():
        matcher.add(key, [Doc(vocab, words=list(words))])
    expected = sorted((vocab.strings[k], s, e) for k, s, e in matcher(Doc(vocab, words=text)))
    assert sorted(Phrases(TABLE).find(text)) == expected


def test_tables_compare_by_their_phrases():
    assert Phrases(TABLE) == Phrases(dict(TABLE))
    assert Phrases(TABLE) != Phrases({("north",): "n"})
