"""Geometry for table finding: reading frames, words, text lines and rule lines.

A *frame* is one reading orientation of a page. Most pages have one upright
frame; a portrait page carrying a landscape table (text running up or down the
page) gets a second frame in which that text is upright, so the same
row/column logic reads it. Everything inside a frame uses frame coordinates
(x grows along the reading direction, top grows down the lines); `to_page`
maps a frame bbox back to page space for the caller.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

BBox = tuple[float, float, float, float]

MIN_RULE = 30.0  # shorter horizontal strokes are glyph parts or ticks, not table rules
BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demi")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    bold: bool = False
    sup: bool = False  # raised and smaller than its neighbours: a footnote/citation marker

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Rule:
    """A horizontal stroke in frame space (merged from touching segments)."""

    x0: float
    x1: float
    y: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Frame:
    kind: str  # "upright", "ccw" (text reads bottom-to-top), "cw" (top-to-bottom)
    width: float
    height: float
    words: list[Word]
    hrules: list[Rule]
    vrules: list[Rule]  # vertical strokes stored as (top, bottom, x) in Rule(x0=top, x1=bottom, y=x)
    to_page: Callable[[BBox], BBox] = field(repr=False, default=lambda b: b)
    from_page: Callable[[BBox], BBox] = field(repr=False, default=lambda b: b)
    boxes: list[BBox] = field(default_factory=list)  # stroked rectangles (frame space)
    marks: list[BBox] = field(default_factory=list)  # plot marks: non-flat curves, small boxes, slanted lines
    _lines: list | None = field(repr=False, default=None)

    def lines(self) -> list["Line"]:
        """All text lines of the frame (computed once)."""
        if self._lines is None:
            self._lines = group_lines(self.words)
        return self._lines


def _transforms(kind: str, width: float, height: float) -> tuple[Callable[[BBox], BBox], Callable[[BBox], BBox]]:
    """(from_page, to_page) bbox maps for a frame orientation."""
    if kind == "ccw":  # glyph tops point left; reading goes up the page
        def fwd(b: BBox) -> BBox:
            x0, top, x1, bottom = b
            return (height - bottom, x0, height - top, x1)

        def back(b: BBox) -> BBox:
            fx0, ftop, fx1, fbottom = b
            return (ftop, height - fx1, fbottom, height - fx0)
    elif kind == "cw":  # glyph tops point right; reading goes down the page
        def fwd(b: BBox) -> BBox:
            x0, top, x1, bottom = b
            return (top, width - x1, bottom, width - x0)

        def back(b: BBox) -> BBox:
            fx0, ftop, fx1, fbottom = b
            return (width - fbottom, fx0, width - ftop, fx1)
    else:
        def fwd(b: BBox) -> BBox:
            return b

        back = fwd
    return fwd, back


def char_kind(ch: dict) -> str:
    """Orientation of one char from its text matrix."""
    m = ch.get("matrix")
    if not m or ch.get("upright", True):
        return "upright"
    a, b = m[0], m[1]
    if abs(b) > abs(a):
        return "ccw" if b > 0 else "cw"
    return "upright"


def _is_bold(fontname: str) -> bool:
    name = (fontname or "").lower()
    return any(k in name for k in BOLD_MARKERS)


def _words_from_chars(chars: list[dict]) -> list[Word]:
    """Group frame-space chars into words, splitting where the font size changes."""
    if not chars:
        return []
    from pdfplumber.utils.text import WordExtractor  # here: the pdfium path rarely needs pdfminer

    extractor = WordExtractor(x_tolerance_ratio=0.15, y_tolerance=3, extra_attrs=["size"],
                              use_text_flow=False)
    out = []
    for word, wchars in extractor.iter_extract_tuples(chars):
        bold = sum(_is_bold(c.get("fontname", "")) for c in wchars) * 2 > len(wchars)
        out.append(Word(word["text"], word["x0"], word["x1"], word["top"], word["bottom"],
                        float(word.get("size") or 0.0), bold))
    return out


def words_from_dicts(words: Iterable[dict]) -> list[Word]:
    """Adopt pdfplumber-style word dicts the caller already extracted (upright frame)."""
    out = []
    for w in words:
        if w.get("upright", True) is False:
            continue
        out.append(Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
                        float(w.get("size") or (w["bottom"] - w["top"])),
                        _is_bold(w.get("fontname", "")) or bool(w.get("bold", False))))
    return out


def mark_superscripts(line_words: list[Word]) -> None:
    """Flag words of one line that sit raised and smaller than the line's text."""
    sized = [w for w in line_words if w.size]
    if len(sized) < 2:
        return
    big = max(w.size for w in sized)
    base = max(w.bottom for w in sized if w.size >= big * 0.9)
    for w in sized:
        if w.size < big * 0.85 and w.bottom < base - 0.2 * big:
            w.sup = True


def _transform_char(ch: dict, fwd: Callable[[BBox], BBox], kind: str) -> dict:
    x0, top, x1, bottom = fwd((ch["x0"], ch["top"], ch["x1"], ch["bottom"]))
    size = ch.get("size", 0.0)
    if kind != "upright":  # pdfplumber's size is the horizontal extent here; the glyph box height is the size
        size = bottom - top
    c = dict(ch)
    c.update(x0=x0, x1=x1, top=top, bottom=bottom, doctop=top, upright=True, size=round(size, 2),
             matrix=(1, 0, 0, 1, x0, bottom))
    return c


def _rules(edges: Iterable[dict], fwd: Callable[[BBox], BBox]) -> tuple[list[Rule], list[Rule]]:
    hs: list[Rule] = []
    vs: list[Rule] = []
    for e in edges:
        x0, top, x1, bottom = fwd((e["x0"], e["top"], e["x1"], e["bottom"]))
        if x1 - x0 >= bottom - top:
            if x1 - x0 >= 3:
                hs.append(Rule(x0, x1, (top + bottom) / 2))
        elif bottom - top >= 3:
            vs.append(Rule(top, bottom, (x0 + x1) / 2))
    return merge_rules(hs), merge_rules(vs)


def merge_rules(rules: list[Rule], ytol: float = 1.5, gap: float = 3.0) -> list[Rule]:
    """Join collinear touching segments (double strokes, per-cell rule pieces) into one rule."""
    rules = sorted(rules, key=lambda r: (r.y, r.x0))
    out: list[Rule] = []
    for r in rules:
        for o in reversed(out[-8:]):
            if abs(o.y - r.y) <= ytol and r.x0 <= o.x1 + gap and r.x1 >= o.x0 - gap:
                o.x0, o.x1 = min(o.x0, r.x0), max(o.x1, r.x1)
                break
        else:
            out.append(Rule(r.x0, r.x1, r.y))
    return out


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top}


def page_edges(page) -> list[dict]:
    """Straight horizontal and vertical strokes (page space) from rects, lines and flat curves.

    Thin filled rectangles (how many PDFs draw rules) count as one stroke. Curves are read
    from their bounding box only, which keeps figure-heavy pages cheap."""
    out: list[dict] = []
    for r in page.rects:
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        if bottom - top < 2.0:
            y = (top + bottom) / 2
            out.append(_edge(x0, y, x1, y))
        elif x1 - x0 < 2.0:
            x = (x0 + x1) / 2
            out.append(_edge(x, top, x, bottom))
        elif r.get("stroke", True) or not r.get("fill", False):  # an outlined box; plain shading is no rule
            out += [_edge(x0, top, x1, top), _edge(x0, bottom, x1, bottom),
                    _edge(x0, top, x0, bottom), _edge(x1, top, x1, bottom)]
    for obj in list(page.lines) + list(page.curves):
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        if bottom - top < 1.5 and x1 - x0 >= 3:
            y = (top + bottom) / 2
            out.append(_edge(x0, y, x1, y))
        elif x1 - x0 < 1.5 and bottom - top >= 3:
            x = (x0 + x1) / 2
            out.append(_edge(x, top, x, bottom))
    return out


def page_frames(page, words: list[dict] | None = None, edges: list[dict] | None = None) -> list[Frame]:
    """The upright frame plus one frame per rotated text direction with enough text."""
    chars = page.chars
    width, height = float(page.width), float(page.height)
    # pdfplumber page coordinates start at the crop box origin; edges and chars share them.
    x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
    by_kind: dict[str, list[dict]] = {"upright": [], "ccw": [], "cw": []}
    for ch in chars:
        by_kind[char_kind(ch)].append(ch)
    if edges is None:
        edges = page_edges(page)
    marks = [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in list(page.curves) + list(page.lines)
             if o["x1"] - o["x0"] >= 1.5 and o["bottom"] - o["top"] >= 1.5]
    marks += [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects
              if 1.5 <= r["x1"] - r["x0"] < 15 and 1.5 <= r["bottom"] - r["top"] < 15]
    frames = []
    for kind, kchars in by_kind.items():
        if kind != "upright" and len(kchars) < 40:
            continue
        fwd, back = _transforms(kind, width + x_off, height + y_off)
        if kind == "upright":
            fwords = words_from_dicts(words) if words is not None else _words_from_chars(kchars)
        else:
            fwords = _words_from_chars([_transform_char(c, fwd, kind) for c in kchars])
        hs, vs = _rules(edges, fwd)
        fw, fh = (width, height) if kind == "upright" else (height, width)
        boxes = [fwd((r["x0"], r["top"], r["x1"], r["bottom"])) for r in page.rects
                 if r.get("stroke") and r["x1"] - r["x0"] >= 20 and r["bottom"] - r["top"] >= 8]
        frames.append(Frame(kind, fw, fh, fwords, hs, vs, back, fwd, boxes, [fwd(m) for m in marks]))
    return frames


class Line:
    """One text line: its words left to right and their bounding box."""

    __slots__ = ("words", "top", "bottom", "x0", "x1")

    def __init__(self, words: list[Word]):
        self.words = words
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        self.x0 = min(w.x0 for w in words)
        self.x1 = max(w.x1 for w in words)

    def add(self, w: Word) -> None:
        self.words.append(w)
        self.top, self.bottom = min(self.top, w.top), max(self.bottom, w.bottom)
        self.x0, self.x1 = min(self.x0, w.x0), max(self.x1, w.x1)

    @property
    def base(self) -> float:
        """Median word bottom: the line's position, robust to a taller glyph or a marker."""
        bs = sorted(w.bottom for w in self.words if not w.sup) or sorted(w.bottom for w in self.words)
        return bs[len(bs) // 2]

    @property
    def size(self) -> float:
        sizes = sorted(w.size or (w.bottom - w.top) for w in self.words if not w.sup) or [8.0]
        return sizes[len(sizes) // 2]


def group_lines(words: list[Word]) -> list[Line]:
    """Words into text lines: a word joins the line its vertical centre falls in."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        yc = w.yc
        for ln in reversed(lines[-4:]):
            if ln.top - 0.5 <= yc <= ln.bottom + 0.5 and (ln.bottom - ln.top) < 2.5 * (w.bottom - w.top):
                ln.add(w)
                break
        else:
            lines.append(Line([w]))
    lines.sort(key=lambda ln: ln.top)
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
        mark_superscripts(ln.words)
    return lines


def join_words(words: list[Word], dehyphenate: Callable[[str, str], str | None] | None = None) -> str:
    """Text of a run of words in reading order; wrapped lines join with a space.

    A line ending in a hyphen joins the next without a space; `dehyphenate(left, right)`
    (when given) decides whether the hyphen was the typesetter's and goes.
    """
    if not words:
        return ""
    lines = group_lines(words)
    parts: list[str] = []
    for ln in lines:
        text = " ".join(w.text for w in ln.words)
        if parts and parts[-1].endswith("-") and len(parts[-1]) > 1 and parts[-1][-2].isalpha():
            head, _, last = parts[-1].rpartition(" ")
            first, _, rest = text.partition(" ")
            joined = dehyphenate(last, first) if dehyphenate is not None else None
            word = joined if joined is not None else last + first
            parts[-1] = " ".join(p for p in (head, word, rest) if p)
        else:
            parts.append(text)
    return " ".join(parts)
