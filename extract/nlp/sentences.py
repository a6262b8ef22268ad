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

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extract.nlp.lexicons import load

_END = {".", "!", "?"}
_CLOSERS = {")", "]", '"', "”", "’", "'"}
_BULLETS = ("- ", "• ", "* ", "– ")


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


@Language.component("clinical_sentencizer")
def clinical_sentencizer(doc: Doc) -> Doc:
    """Set `is_sent_start` on every token (see the module docstring)."""
    if len(doc) == 0:
        return doc
    abbrevs = nonfinal_abbreviations()
    line_starts = _line_starts(doc.text)
    pending = True  # the next non-space token starts a sentence
    for i, tok in enumerate(doc):
        if tok.is_space:
            tok.is_sent_start = False if i > 0 else True
            continue
        if pending and i > 0 and tok.text in _CLOSERS and not doc[i - 1].whitespace_:
            tok.is_sent_start = False  # ")" or a quote closing the sentence just ended
            continue
        starts = pending or tok.idx in line_starts
        tok.is_sent_start = bool(starts) or i == 0
        pending = False
        if tok.text in _END and _ends_sentence(doc, i, abbrevs):
            pending = True
        elif tok.text.endswith(".") and len(tok) > 1 and tok.text.lower().rstrip(".") not in abbrevs \
                and not any(ch.isdigit() for ch in tok.text) and _next_starts_sentence(doc, i):
            # a token that swallowed its period ("etc.") ends a sentence unless it is a known abbreviation
            pending = tok.text.count(".") == 1 and tok.text[:-1].isalpha() and len(tok) > 3
    return doc


def _ends_sentence(doc: Doc, i: int, abbrevs: frozenset[str]) -> bool:
    tok = doc[i]
    if tok.text == "." and i > 0 and not doc[i - 1].whitespace_:
        prev = doc[i - 1].text
        if prev.lower().rstrip(".") in abbrevs:
            return False
        if len(prev) == 1 and prev.isalpha() and prev.isupper():
            return False  # an initial: "J. Smith"
    return _next_starts_sentence(doc, i)


def _next_starts_sentence(doc: Doc, i: int) -> bool:
    j = i + 1
    while j < len(doc) and doc[j].text in _CLOSERS and not doc[j - 1].whitespace_:
        j += 1
    while j < len(doc) and doc[j].is_space:
        j += 1
    if j >= len(doc):
        return True
    if not doc[j - 1].whitespace_ and not doc[j - 1].is_space:
        return False  # "0.5.3" or a glued token: not a boundary
    first = doc[j].text[0]
    return first.isupper() or first.isdigit() or first in "([\"“'‘"
