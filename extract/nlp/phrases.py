"""Multi-word lexicon names matched on lowercased tokens, with a plain dict.

Does what spaCy's `PhraseMatcher(attr="LOWER")` does for the drug lexicon's
~25,000 multi-word names and blockers, but builds in milliseconds instead of
most of a second (the PhraseMatcher needs one pattern Doc per name), which is
most of the pipeline's start-up. Matching is one dict lookup per token and
candidate length.
"""
from __future__ import annotations

from typing import Iterable, Sequence


class PhraseIndex:
    def __init__(self) -> None:
        self._label: dict[tuple[str, ...], str] = {}
        self._lengths: dict[str, set[int]] = {}  # first token -> pattern lengths starting with it

    def add(self, label: str, patterns: Iterable[Sequence[str]]) -> None:
        """Token sequences (compared lowercased); a sequence added twice keeps its first label."""
        for words in patterns:
            key = tuple(w.lower() for w in words)
            if not key or key in self._label:
                continue
            self._label[key] = label
            self._lengths.setdefault(key[0], set()).add(len(key))

    def __len__(self) -> int:
        return len(self._label)

    def matches(self, lower: Sequence[str]) -> list[tuple[str, int, int]]:
        """(label, start, end) of every pattern occurrence in the lowercased tokens, by start then end."""
        out = []
        for i, w in enumerate(lower):
            lengths = self._lengths.get(w)
            if not lengths:
                continue
            for n in sorted(lengths):
                label = self._label.get(tuple(lower[i:i + n])) if i + n <= len(lower) else None
                if label is not None:
                    out.append((label, i, i + n))
        return out
