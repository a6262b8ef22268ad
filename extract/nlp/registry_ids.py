"""Trial registry identifiers: NCT ids and other registries (REGISTRY label).

Patterns are data (registry_patterns.jsonl). An id whose digit count differs
from its registry's format ("NCT0519873": 7 digits) is still reported with
`span.id_ == "malformed"`, because a misprint must stay visible. The canonical
id (`kb_id_`) drops separators typesetters put inside it ("NCT 02425891",
"NCT-02425891" -> "NCT02425891"); the mention keeps the text as written.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp.blocks import text_of
from extract.nlp.lexicons import load

CANDIDATES = "cand_registry"


@lru_cache(maxsize=1)
def registry_patterns() -> tuple[tuple[str, str, re.Pattern, int | None, re.Pattern | None], ...]:
    out = []
    for e in load("registry_patterns.jsonl"):
        canon = re.compile(e["canonical"]) if "canonical" in e else None
        out.append((e["id"], e["label"], re.compile(e["pattern"]), e.get("digits"), canon))
    return tuple(out)


def canonical_id(written: str) -> str:
    """The registry id without separators or labels: "NCT 02425891" -> "NCT02425891"."""
    for name, _label, rx, digits, canon in registry_patterns():
        if not rx.fullmatch(written):
            continue
        if canon is not None:
            m = canon.search(written)
            return m.group(0) if m else written
        if digits is not None:
            return name + "".join(ch for ch in written if ch.isdigit())
        return written
    return written


def find_registry_ids(text: str) -> list[tuple[int, int, str, str, bool]]:
    """(start, end, label, id as written, malformed) for every registry id in text."""
    found: list[tuple[int, int, str, str, bool]] = []
    taken: list[tuple[int, int]] = []
    for name, label, rx, digits, _canon in registry_patterns():
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            written = m.group(0)
            malformed = False
            if digits is not None:
                n = sum(ch.isdigit() for ch in written)
                malformed = n != digits
            found.append((m.start(), m.end(), label, written, malformed))
            taken.append((m.start(), m.end()))
    found.sort()
    return found


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    span = doc.char_span(start, end, label=label, alignment_mode="contract")
    if span is None or len(span) == 0:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span


@Language.component("registry_ids")
def registry_ids(doc: Doc) -> Doc:
    """Put NCT / REGISTRY candidate spans in doc.spans["cand_registry"]."""
    spans = []
    for start, end, label, written, malformed in find_registry_ids(text_of(doc)):
        span = _span(doc, start, end, label)
        if span is None:
            continue
        span = Span(doc, span.start, span.end, label=label, kb_id=canonical_id(written),
                    span_id="malformed" if malformed else "")
        spans.append(span)
    doc.spans[CANDIDATES] = spans
    return doc
