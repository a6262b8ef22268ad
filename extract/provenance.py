"""Boxes for the provenance of every value and mention: where it is printed on its page.

The relation layer remembers where each outcome's number was read (`Outcome.at`, a
document offset: the number itself in a sentence, the cell of a table row); here the
number is found again from there and its characters are boxed through the PDF stage's
word boxes (`DocumentText.box_at`). A table value whose characters cannot be told
apart gets its cell's words. Text and markdown inputs get no boxes.
"""
from __future__ import annotations

import re

from extract.document import DocumentText
from extract.records import EntityMention, Trial

_NUMBER = re.compile(r"(?<![\w.])[-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])")
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
         "sixteen seventeen eighteen nineteen".split()
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SPELLED = re.compile(r"\b(?:(?P<tens>" + "|".join(_TENS) + r")(?:[-\s](?P<unit>" + "|".join(_UNITS[1:10]) + r"))?"
                      r"|(?P<small>" + "|".join(_UNITS) + r"))\b", re.IGNORECASE)


def _spelled_value(m: re.Match) -> int:
    if m.group("small"):
        return _UNITS.index(m.group("small").lower())
    return _TENS[m.group("tens").lower()] + (_UNITS.index(m.group("unit").lower()) if m.group("unit") else 0)
WINDOW = 240  # characters after the reading position searched for the number


def value_span(text: str, at: int, value: float, window: int = WINDOW) -> tuple[int, int] | None:
    """Character range of the number `value` at or after offset `at` (digits, else a number word)."""
    if at < 0 or at >= len(text):
        return None
    end = min(len(text), at + window)
    cut = min((k for k in (text.find("\t", at, end), text.find("\n", at, end)) if k >= 0), default=end)
    end = cut  # never past the cell or the line it was read in
    for m in _NUMBER.finditer(text, at, end):
        num = float(m.group().replace(",", "").replace("\u2212", "-"))
        if _same(num, value):
            return m.start(), m.end()
        if _same(-num, value) or (num < 0 and _same(abs(num), value)):
            return m.start() + (1 if num < 0 else 0), m.end()  # a sign the reader kept or dropped
    if float(value).is_integer() and 0 <= value < 100:
        for m in _SPELLED.finditer(text, at, end):
            if _spelled_value(m) == value:
                return m.start(), m.end()
    # read at its measure, printed before it ("fewer than 1% had eyelid swelling, ..."): the
    # nearest such number earlier on the same line
    start = max(0, at - window, text.rfind("\n", 0, at) + 1, text.rfind("\t", 0, at) + 1)
    before = [m for m in _NUMBER.finditer(text, start, at) if _same(float(m.group().replace(",", "")), value)]
    return (before[-1].start(), before[-1].end()) if before else None


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def add_boxes(doc_text: DocumentText, trials: list[Trial], mentions: list[EntityMention]) -> None:
    """Set `bbox` (and a missing `page`) on every outcome and mention that has a box."""
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
