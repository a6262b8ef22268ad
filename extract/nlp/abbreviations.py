"""Abbreviations the document defines, as (short form, long form) pairs.

Three sources, merged by `definitions(doc)`:
1. scispaCy's `AbbreviationDetector` (Schwartz & Hearst): "trastuzumab
   deruxtecan (T-DXd)" -> T-DXd = trastuzumab deruxtecan. Added to the
   pipeline as "abbreviation_detector".
2. Parenthesised aliases the detector rejects because the letters do not
   match: "Trastuzumab (H)", "MCLA-128 (zenocutuzumab)", "T-DM1
   (Ado-trastuzumab emtansine)". These are only used when one side is already
   an entity (the drug and endpoint normalisers check that).
3. Legend / glossary definitions: "AEs, adverse events; DI, dose-limiting
   toxicities" and "H = trastuzumab", "L: lapatinib".
4. An abbreviation that opens a longer parenthesis, followed by a gloss or a
   unit: "skin microfilarial density (SmfD; microfilariae per mg skin)",
   "haemoglobin A1c (HbA1c, %)". The detector only sees parentheses holding
   the short form alone; the same Schwartz & Hearst letter match is applied to
   the words before the parenthesis.
The normalisers (drugs.py, endpoints.py) turn a pair into an alias when the
long form is an entity they know.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

DEFS_KEY = "extract.definitions"


@dataclass(frozen=True)
class Definition:
    short: str  # the abbreviation as written
    long: str  # its long form as written
    short_start: int  # char offsets in doc.text (-1 when unknown)
    short_end: int
    long_start: int
    long_end: int
    source: str  # "detector", "parenthesis", "legend", "glossed"


def add_abbreviation_detector(nlp: Language) -> None:
    """Add scispaCy's detector (registers the factory on import)."""
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)

    if "abbreviation_detector" not in nlp.pipe_names:
        detector = nlp.add_pipe("abbreviation_detector")
        # Same candidates as scispaCy's "( anything )" pattern, whose matches longer than 8
        # tokens the detector discards anyway, without enumerating every "(" ... ")" pair.
        from spacy.matcher import Matcher

        detector.matcher = Matcher(nlp.vocab)
        detector.matcher.add("parenthesis", [[{"ORTH": "("}, {"ORTH": {"NOT_IN": ["(", ")"]}, "OP": "{1,9}"},
                                              {"ORTH": ")"}]])
        # a pattern that never matches keeps the detector's global matcher from warning (W036)
        # on documents without abbreviations
        detector.global_matcher.add("extract-never-matches", [[{"ORTH": "\u0000"}]])


# "ABBR, long form" or "ABBR = long form" or "ABBR: long form", items separated by ";"
_LEGEND_ITEM = re.compile(
    r"^\s*(?P<short>[A-Za-z][A-Za-z0-9+/\-]{0,11})\s*(?:,|=|:|—|–)\s*(?P<long>[A-Za-z][^;=]{2,80}?)\s*\.?\s*$"
)
_LEGEND_LABEL = re.compile(r"^\s*[A-Z][A-Za-z ]{2,30}:\s*(?=\S{1,12}\s*[,=:])")
_PAREN = re.compile(r"\(\s*([^()\s][^()]{0,40}?)\s*\)")


def _legend_definitions(text: str, offset: int) -> list[Definition]:
    """Definitions in one block that is a glossary/legend: >= 2 ';'-separated items."""
    items = text.split(";")
    if len(items) < 2 and not re.match(r"^\s*\S{1,12}\s*=\s*\S", text):
        return []
    out: list[Definition] = []
    pos = offset
    for k, item in enumerate(items):
        label = _LEGEND_LABEL.match(item) if k == 0 else None
        if label:  # "Abbreviations: AE, adverse event" / "Note: ..."
            pos += label.end()
            item = item[label.end():]
        m = _LEGEND_ITEM.match(item)
        if m:
            s0 = pos + m.start("short")
            l0 = pos + m.start("long")
            long = m.group("long").rstrip(".")
            out.append(Definition(m.group("short"), long, s0, s0 + len(m.group("short")),
                                  l0, l0 + len(long), "legend"))
        pos += len(item) + 1
    return out


def definitions(doc: Doc) -> list[Definition]:
    """All definitions of the document (cached in doc.user_data)."""
    cached = doc.user_data.get(DEFS_KEY)
    if cached is not None:
        return cached
    out: list[Definition] = []
    seen: set[tuple[str, str]] = set()

    def add(d: Definition) -> None:
        key = (d.short, d.long.lower())
        if key not in seen and d.short.lower() != d.long.lower():
            seen.add(key)
            out.append(d)

    if Doc.has_extension("abbreviations"):
        for short in sorted(doc._.abbreviations, key=lambda s: s.start_char):  # the defining one first
            long = short._.long_form
            if isinstance(long, Span):
                add(Definition(short.text, long.text, short.start_char, short.end_char,
                               long.start_char, long.end_char, "detector"))
    from extract.nlp import blocks
    from extract.nlp.blocks import doc_blocks

    for d in _glossed(doc):
        add(d)
    text = blocks.text_of(doc)
    for b in doc_blocks(doc):
        chunk = text[b.start:b.end]
        if b.kind != "table" and (";" in chunk or "=" in chunk):
            for d in _legend_definitions(chunk, b.start):
                add(d)
    doc.user_data[DEFS_KEY] = out
    return out


def _glossed(doc: Doc) -> list[Definition]:
    """Source 4: "(SmfD; microfilariae per mg skin)", the short form first, then ";" or ","."""
    from scispacy.abbreviation import find_abbreviation, short_form_filter

    out = []
    for o, s, e in parenthesised(doc):
        if e - s < 3 or doc[s + 1].text not in (";", ","):
            continue
        short = doc[s:s + 1]
        if not short_form_filter(short) or sum(c.isupper() for c in short.text) < 2:
            continue
        n = len(short.text)
        window = doc[max(0, o - min(n + 5, 2 * n)):o]
        if any(t.text in (".", ";", "(", ")") for t in window):  # stay in the clause
            cut = max(i for i, t in enumerate(window) if t.text in (".", ";", "(", ")"))
            window = window[cut + 1:]
        if not len(window):
            continue
        _, long = find_abbreviation(window, short)
        if long is not None:
            out.append(Definition(short.text, long.text, short.start_char, short.end_char,
                                  long.start_char, long.end_char, "glossed"))
    return out


def parenthesised(doc: Doc) -> list[tuple[int, int, int]]:
    """(open-paren token index, inner start token, inner end token) for every "( ... )"."""
    from extract.nlp.blocks import tokens_of

    out = []
    stack: list[int] = []
    for i, w in enumerate(tokens_of(doc).text):
        if w == "(":
            stack.append(i)
        elif w == ")" and stack:
            o = stack.pop()
            if i - o > 1:
                out.append((o, o + 1, i))
    return out
