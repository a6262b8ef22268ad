"""Page furniture: running headers and footers, page numbers, margin watermarks.

Furniture is found per document, not per page: a line near the top or bottom
edge whose text (digits masked, so "Page 3" = "Page 7") repeats on at least
40% of the pages, or on most even or most odd pages (running heads that
alternate between left and right pages), is a running header or footer. A bare page number at an edge,
and publisher watermarks ("Downloaded from ...", also when printed sideways
down the margin), are furniture on any page. Furniture is kept as blocks of
kind "furniture" so `extract text --furniture` can show it, but it never
reaches the body text.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extract.pdf.chars import Row, Word

EDGE_BAND = 0.1  # top/bottom share of the page height searched for headers/footers
EDGE_ROWS = 6  # at most this many rows from each edge
REPEAT_SHARE = 0.4

_PAGE_NO = re.compile(
    r"^(?:page|p\.?|pg\.?)?\s*#(?:\s*(?:of|/)\s*#)?$|^[-–—|]?\s*#\s*[-–—|]?$|^[ivxlc]{1,6}$", re.I
)
_WATERMARK = re.compile(
    r"downloaded from|for personal use only|this article is protected by copyright|"
    r"all rights reserved\.? ?(?:no|not) (?:reuse|further)",
    re.I,
)


@dataclass
class Segment:
    """Part of a row separated from its neighbours by a wide gap."""

    words: list[Word]
    page: int
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def key(self) -> str:
        return mask(self.text)


def mask(text: str) -> str:
    """Comparison key: lowercase, digits runs -> '#', whitespace collapsed."""
    t = re.sub(r"\d+", "#", text.lower())
    return re.sub(r"\s+", " ", t).strip()


def segments(row: Row, page: int) -> list[Segment]:
    out: list[list[Word]] = []
    for w in row.words:
        if out and w.x0 - out[-1][-1].x1 <= 1.5 * max(w.size, row.size):
            out[-1].append(w)
        else:
            out.append([w])
    return [Segment(ws, page, min(w.top for w in ws), max(w.bottom for w in ws)) for ws in out]


def edge_segments(rows: list[Row], page: int, height: float) -> list[Segment]:
    """Segments of the rows nearest the top and bottom edges of a page."""
    rows = sorted(rows, key=lambda r: r.baseline)
    picked: list[Row] = []
    for r in rows[:EDGE_ROWS]:
        if r.bottom <= EDGE_BAND * height:
            picked.append(r)
    for r in rows[-EDGE_ROWS:]:
        if r.top >= (1 - EDGE_BAND) * height and r not in picked:
            picked.append(r)
    return [s for r in picked for s in segments(r, page)]


def furniture_keys(candidates: list[list[Segment]], n_pages: int) -> set[str]:
    """Masked texts that repeat at the page edges on enough pages."""
    pages_with: dict[str, set[int]] = {}
    for segs in candidates:
        for s in segs:
            pages_with.setdefault(s.key, set()).add(s.page)
    need = max(2, math.ceil(REPEAT_SHARE * n_pages))
    n_even = n_pages // 2
    n_odd = n_pages - n_even

    def alternating(pages: set[int]) -> bool:
        # running heads that alternate between left and right pages
        even = sum(1 for p in pages if p % 2 == 0)
        odd = len(pages) - even
        return (even >= max(2, math.ceil(0.6 * n_even))) or (odd >= max(2, math.ceil(0.6 * n_odd)))

    return {k for k, pages in pages_with.items() if k and (len(pages) >= need or alternating(pages))}


def is_furniture(seg: Segment, keys: set[str]) -> bool:
    key = seg.key
    return key in keys or bool(_PAGE_NO.match(key)) or bool(_WATERMARK.search(seg.text))


_WATERMARK_LINE = re.compile(r"^downloaded from\b.*\b[\w-]+\.(?:com|org|net|edu|gov|[a-z]{2})\b", re.I)
_WATERMARK_ANY = re.compile(
    r"\bdownloaded from\b.*(?:\b\d{1,3}(?:\.\d{1,3}){3}\b|personal use|\bguest\b)|for personal use only", re.I
)


def watermark_row(row: Row, anywhere: bool = True) -> bool:
    """A download stamp ("Downloaded from x.com by 10.1.2.3 on ...").

    In running text only a row that starts with the stamp counts (anywhere=True
    means the row is in body position); `anywhere=False` is for rows already
    outside the text flow (margins, upright lines on a sideways page), where
    the stamp may sit mid-line.
    """
    text = " ".join(w.text for w in row.words)
    if _WATERMARK_LINE.search(text):
        return True
    return not anywhere and bool(_WATERMARK_ANY.search(text))
