"""Phrases: word sequences found in a list of words, as a spaCy PhraseMatcher finds them, but made in no time.

A PhraseMatcher needs a Doc per pattern, and making thousands of them is most of a start. Here a phrase is a tuple
of words and the table is a dict: a start's first word says how many words a phrase from there can have, and each
length is one lookup. Reads: a dict of phrases (tuples of words) to values. Gives: every occurrence, overlaps
included, in order of start and then length.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

V = TypeVar("V")


class Phrases(Generic[V]):
    """A table of phrases (tuples of words) and the value each stands for."""

    __slots__ = ("_longest", "_phrases")

    def __init__(self, phrases: dict[tuple[str, ...], V]) -> None:
        self._phrases = dict(phrases)
        self._longest: dict[str, int] = {}  # a phrase's first word -> the most words a phrase starting so has
        for words in self._phrases:
            if words and len(words) > self._longest.get(words[0], 0):
                self._longest[words[0]] = len(words)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrases) and self._phrases == other._phrases

    __hash__ = None  # type: ignore[assignment] - a table, compared by its phrases

    def find(self, words: Sequence[str]) -> list[tuple[V, int, int]]:
        """Each phrase in words: its value, its first and its past-the-end word."""
        found = []
        phrases, longest, total = self._phrases, self._longest, len(words)
        for start, word in enumerate(words):
            most = longest.get(word)
            if most is None:
                continue
            for end in range(start + 1, min(start + most, total) + 1):
                value = phrases.get(tuple(words[start:end]))
                if value is not None:
                    found.append((value, start, end))
        return found
