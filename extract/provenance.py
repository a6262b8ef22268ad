"""Boxes for the provenance of every value and mention: where it is printed on its page.

The relation layer remembers where each outcome's number was read (`Outcome.at`, a
document offset: the number itself in a sentence, the cell of a table row); here the
number is found again from there and its characters are boxed through the PDF stage's
word boxes (`DocumentText.box_at`). Text and markdown inputs get no boxes.
"""
from __future__ import annotations

import re

from extract.document import DocumentText
from extract.records import EntityMention, Trial

WINDOW = 240  # characters after the reading position searched for the number


def value_span(text: str, at: int, value: float, window: int = WINDOW) -> tuple[int, int] | None:
    """Character range of the number `value` at or after offset `at` (digits, else a number word),
    never past the cell or line it was read in; else the nearest such number earlier on that line
    (a value read at its measure, printed before it: "fewer than 1% had eyelid swelling, ...")."""
    if at < 0 or at >= len(text):
        return None
    end = min(len(text), at + window)
    end = min((k for k in (text.find("\t", at, end), text.find("\n", at, end)) if k >= 0), default=end)
    after = _equal_numbers(text, at, end, value)
    if after:
        return after[0]
    start = max(0, at - window, text.rfind("\n", 0, at) + 1, text.rfind("\t", 0, at) + 1)
    before = _equal_numbers(text, start, at, value)
    return before[-1] if before else None


def _equal_numbers(text: str, start: int, end: int, value: float) -> list[tuple[int, int]]:
    """Ranges of the numbers in text[start:end] equal to `value`, digits first, then number
    words; a minus sign printed before a negative value is part of it. Unlike the relation
    layer's reader, a number after "/" counts ("HR 2.43 (1.16-5.09)/0.018")."""
    from extract.relations.numbers import DIGIT_NUM, WORD_NUM, words_to_number

    out = []
    for m in re.finditer(rf"(?<![\w.])[-\u2212]?{DIGIT_NUM}(?!\d)", text[start:end]):
        num = float(m.group().replace(",", "").replace("\u2212", "-"))
        if _same(abs(num), abs(value)):
            a, b = start + m.start(), start + m.end()
            if (num < 0) != (value < 0):
                a += 1 if num < 0 else 0  # the sign the reader dropped stays out of the box
            out.append((a, b))
    if out or not float(value).is_integer() or value < 0:
        return out
    return [(start + m.start(), start + m.end()) for m in re.finditer(rf"\b{WORD_NUM}\b", text[start:end], re.I)
            if words_to_number(m.group()) == value]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def add_boxes(doc_text: DocumentText, trials: list[Trial], mentions: list[EntityMention]) -> None:
    """Set `bbox`, and `page` from it, on every outcome and mention that has a box."""
    if not any(b.boxes is not None for b in doc_text.blocks):
        return
    text = doc_text.text
    for t in trials:
        for o in t.outcomes:
            span = value_span(text, o.at, o.value)
            hit = doc_text.box_at(*span, one_line=True) if span else None
            if hit is None:
                continue
            # the box's page is the exact one (a table row continued overleaf is on the next page)
            o.page, o.bbox = hit[0], list(hit[1])
    for m in mentions:
        hit = doc_text.box_at(m.start, m.end)
        if hit is not None:
            m.page, m.bbox = hit[0], list(hit[1])
