"""Dictionary words in a text, left to right, without overlaps: at each place the longest.

What a longest-first regex alternation of every word finds, without trying every word at every
character: a character class of the words' first characters lets the regex engine skip, in C,
the characters no word starts with, and the words' first two characters drop most of the rest.
Used for the unit-function lexicon (kg.extract.resources.lexicon) and the gazetteer's names (kg.extract.metadata).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


class LongestFirst:
    def __init__(self, words: Iterable[str]):
        self._words = frozenset(w for w in words if w)
        sizes: dict[str, set[int]] = {}
        for word in self._words:
            sizes.setdefault(word[0], set()).add(len(word))
        self._sizes = {ch: tuple(sorted(n, reverse=True)) for ch, n in sizes.items()}
        self._starts = re.compile("[" + "".join(re.escape(ch) for ch in sorted(sizes)) + "]") if sizes else None
        # what a match can open with: a word's first two characters (a one-character word whole)
        self._openings = frozenset(word[:2] for word in self._words)

    def finditer(self, text: str) -> Iterator[str]:
        if self._starts is None:
            return
        words, sizes, openings = self._words, self._sizes, self._openings
        after = 0
        for m in self._starts.finditer(text):
            i = m.start()
            if i < after or (text[i:i + 2] not in openings and text[i] not in openings):
                continue
            for size in sizes[text[i]]:
                word = text[i:i + size]
                if word in words:
                    yield word
                    after = i + size
                    break
