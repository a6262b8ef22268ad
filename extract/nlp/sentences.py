"""Sentence boundaries for trial prose and tables.

Rules (no statistical model needed):
- a blank line (block boundary) always ends a sentence;
- each line of a table block (a line with a tab) is its own sentence, as is a
  line that follows a line ending in ".", ":" or ";" or that starts a bullet;
- ".", "!" and "?" end a sentence when the next word starts with a capital,
  a digit or an opening bracket -- except after abbreviations that do not end
  sentences ("vs.", "et al.", "Fig.", "i.e.", "e.g.", ... from the data file
  sentence_abbreviations.jsonl) and after single-letter initials.
Decimals ("0.05") and "P < 0.05" never contain a boundary because the
tokenizer keeps numbers whole and "<" is not an end mark.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import SENT_START

from spacy.language import Language
from spacy.tokens import Doc

from extract.nlp.blocks import text_of, tokens_of
from extract.nlp.lexicons import load

_END = {".", "!", "?"}
_CLOSERS = {")", "]", '"', "”", "’", "'"}
_BULLETS = ("- ", "• ", "* ", "– ")
BOUNDS_KEY = "extract.sent_bounds"


@lru_cache(maxsize=1)
def nonfinal_abbreviations() -> frozenset[str]:
    """Lowercase abbreviations (without final ".") after which a sentence goes on."""
    return frozenset(e["id"].lower().rstrip(".") for e in load("sentence_abbreviations.jsonl"))


def _line_starts(text: str) -> set[int]:
    """Character offsets where a line-based boundary starts a new sentence."""
    starts: set[int] = set()
    lines = text.split("\n")
    pos = 0
    prev = ""
    for line in lines:
        stripped = line.strip()
        if stripped:
            first = pos + (len(line) - len(line.lstrip()))
            if (
                "\t" in line
                or "\t" in prev
                or not prev.strip()
                or prev.rstrip().endswith((".", ":", ";", "?", "!"))
                or stripped.startswith(_BULLETS)
            ):
                starts.add(first)
        prev = line
        pos += len(line) + 1
    return starts


_CITATION_INNER = re.compile(r"^[\d\s,\u2013\u2014-]+$")


def _citation_end(tk, i: int) -> int | None:
    """Index of the "]" closing a reference-number bracket opened at token i ("[9–13]", "[3, 5]")."""
    for j in range(i + 1, min(i + 12, len(tk.text))):
        if tk.text[j] == "]":
            inner = "".join(tk.text[k] + (" " if tk.ws[k] else "") for k in range(i + 1, j))
            return j if inner.strip() and _CITATION_INNER.match(inner) else None
    return None


@Language.component("clinical_sentencizer")
def clinical_sentencizer(doc: Doc) -> Doc:
    """Set sentence starts on every token (see the module docstring)."""
    if len(doc) == 0:
        return doc
    abbrevs = nonfinal_abbreviations()
    line_starts = _line_starts(text_of(doc))
    tk = tokens_of(doc)
    n = len(tk.text)
    flags = [False] * n
    pending = True  # the next non-space token starts a sentence
    skip_to = -1
    for i in range(n):
        if tk.space[i] or i <= skip_to:
            continue
        t = tk.text[i]
        if pending and i > 0 and t in _CLOSERS and not tk.ws[i - 1]:
            continue  # ")" or a quote closing the sentence just ended
        if pending and i > 0 and t == "[":
            close = _citation_end(tk, i)
            if close is not None:  # "treatment.[19] Grade 4 ...": a superscript citation after the period
                skip_to = close
                continue
        flags[i] = pending or tk.idx[i] in line_starts
        pending = False
        if t in _END and _ends_sentence(tk, i, abbrevs):
            pending = True
        elif t.endswith(".") and len(t) > 1 and t.lower().rstrip(".") not in abbrevs \
                and not any(ch.isdigit() for ch in t) and _next_starts_sentence(tk, i):
            # a token that swallowed its period ("etc.") ends a sentence unless it is a known abbreviation
            pending = t.count(".") == 1 and t[:-1].isalpha() and len(t) > 3
    flags[0] = True
    arr = numpy.array([[1 if f else -1] for f in flags], dtype="int32").astype("uint64")
    doc.from_array([SENT_START], arr)
    doc.user_data.pop(BOUNDS_KEY, None)
    return doc


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token range of the sentence of every token, computed once per Doc."""
    bounds = doc.user_data.get(BOUNDS_KEY)
    if bounds is None or len(bounds) != len(doc):
        bounds = []
        if doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                bounds.extend([(sent.start, sent.end)] * (sent.end - sent.start))
        else:
            bounds = [(0, len(doc))] * len(doc)
        doc.user_data[BOUNDS_KEY] = bounds
    return bounds


def sentence_text(doc: Doc, start: int, end: int) -> str:
    """Text of the sentence(s) covering tokens [start, end)."""
    bounds = sentence_bounds(doc)
    if not bounds:
        return ""
    s, _ = bounds[start]
    _, e = bounds[max(start, end - 1)]
    return doc[s:e].text.strip()


def _ends_sentence(tk, i: int, abbrevs: frozenset[str]) -> bool:
    if tk.text[i] == "." and i > 0 and not tk.ws[i - 1]:
        prev = tk.text[i - 1]
        if prev.lower().rstrip(".") in abbrevs:
            return False
        if len(prev) == 1 and prev.isalpha() and prev.isupper():
            return False  # an initial: "J. Smith"
    return _next_starts_sentence(tk, i)


def _next_starts_sentence(tk, i: int) -> bool:
    n = len(tk.text)
    j = i + 1
    while j < n and tk.text[j] in _CLOSERS and not tk.ws[j - 1]:
        j += 1
    while j < n and tk.space[j]:
        j += 1
    if j >= n:
        return True
    if not tk.ws[j - 1] and not tk.space[j - 1]:
        return False  # "0.5.3" or a glued token: not a boundary
    first = tk.text[j][0]
    return first.isupper() or first.isdigit() or first in "([\"“'‘"
