"""The fast backend: pypdfium2 (pdfium's C++ parser) read into pdfplumber's shapes.

pdfminer parses every glyph in Python, which bounds the whole PDF stage at
about ten pages a second; pdfium parses in C++ and this module only copies
each character out. It copies them as pdfminer would have made them, so the
layout, table and box code downstream read the same words either way:

- boxes: pdfminer's box is the glyph's advance along the line and
  [descent, descent + size] across it (font descriptor metrics), in the top-left
  frame of `pdfplumber` (top = page height - y1). The font's width for the char
  gives the advance (pdfium's loose box joins the advance with the ink, so an
  italic f or N would come out wide); origin, text matrix, size and descent
  give the rest;
- text: pdfium's generated characters (spaces and line breaks it inserts) are
  dropped, a ligature it expands ("ffi" -> f, f, i at one spot) is one char
  again, its line-end hyphen marker is the "-" that is printed, a glyph without
  a Unicode mapping reads "(cid:N)" like pdfminer's, and a space drawn as a text
  object of its own (which pdfium's text page drops) is put back;
- rules: path objects (also inside form XObjects) become pdfplumber's `rects`,
  `lines` and `curves` by pdfminer's own classification of subpaths.

A page with a /Rotate entry is read with pdfplumber instead (pdfminer turns
such pages upright; the counts are in `backends.STATS`). Known differences from
pdfminer: fractional font widths are whole thousandths in pdfium (boxes drift a
little along a line), two consecutive spaces become one, and text rise (Ts)
is part of a glyph's origin; see README "PDF backends".
"""
from __future__ import annotations

import ctypes
import logging
import re
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as R

from extract.pdf.backends import FALLBACK, STATS

log = logging.getLogger(__name__)
_LOCK = threading.RLock()

NAME = "pdfium"
_SPACES = frozenset(" \r\n\t\x00")


class PdfiumDocument:
    """An open PDF read by pdfium; `pages[i]` is a `PdfiumPage` (or a pdfplumber page)."""

    name = NAME

    def __init__(self, path):
        self.path = str(path)
        _LOCK.acquire()  # pdfium is not thread-safe: one document at a time per process
        try:
            self._pdf = pdfium.PdfDocument(self.path)
        except BaseException:
            _LOCK.release()
            raise
        self._plumber = None
        self.pages = _Pages(self)

    @property
    def metadata(self) -> dict:
        try:
            meta = self._pdf.get_metadata_dict(skip_empty=True)
        except Exception:  # noqa: BLE001 - metadata is optional
            return {}
        return {k: v for k, v in meta.items() if v}

    def plumber_page(self, index: int):
        """pdfplumber's page `index`, opening the file with pdfplumber once."""
        if self._plumber is None:
            from extract.pdf.backends.pdfplumber_pages import PlumberDocument

            self._plumber = PlumberDocument(self.path)
        STATS[FALLBACK] += 1
        return self._plumber.pages[index]

    def count(self, page) -> None:
        STATS["pdfium pages"] += 1

    def forget(self) -> None:
        if self._plumber is not None:
            self._plumber.forget()

    def close(self) -> None:
        if self._pdf is None:
            return
        try:
            if self._plumber is not None:
                self._plumber.close()
            self._pdf.close()
        finally:
            if self._pdf is not None:
                self._pdf = None
                _LOCK.release()


class _Pages:
    """Lazy page sequence: a page is loaded when it is asked for."""

    def __init__(self, doc: PdfiumDocument):
        self._doc = doc
        self._n = len(doc._pdf)

    def __len__(self) -> int:
        return self._n

    def __bool__(self) -> bool:
        return self._n > 0

    def __getitem__(self, i: int):
        if not 0 <= i < self._n:
            raise IndexError(i)
        page = self._doc._pdf[i]
        if page.get_rotation() % 360:
            page.close()
            return self._doc.plumber_page(i)
        return PdfiumPage(page, i + 1)

    def __iter__(self):
        for i in range(self._n):
            yield self[i]


class PdfiumPage:
    """One page with pdfplumber's attributes, computed on first use."""

    def __init__(self, page, number: int):
        self._page = page
        self.page_number = number
        x0, y0, x1, y1 = page.get_mediabox()
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        self._mb = (x0, y0, x1, y1)
        h = y1 - y0
        self._h = h  # pdfplumber: top = mediabox height - y (see module docstring)
        self.bbox = (x0, -y0, x1, h - y0)
        self.width = x1 - x0
        self.height = h
        self._chars: list[dict] | None = None
        self._objects: tuple[list, list, list, list, list] | None = None

    @property
    def chars(self) -> list[dict]:
        if self._chars is None:
            tp = self._page.get_textpage()
            try:
                self._chars = _page_chars(tp.raw, self._h, self._objs()[4])
            finally:
                tp.close()
        return self._chars

    def _objs(self):
        """(rects, lines, curves, images, text objects) from one walk over the page."""
        if self._objects is None:
            self._objects = _page_objects(self._page.raw, self._h)
        return self._objects

    @property
    def rects(self) -> list[dict]:
        return self._objs()[0]

    @property
    def lines(self) -> list[dict]:
        return self._objs()[1]

    @property
    def curves(self) -> list[dict]:
        return self._objs()[2]

    @property
    def images(self) -> list[dict]:
        return self._objs()[3]

    def close(self) -> None:
        self._page.close()


# ---------------------------------------------------------------- characters
_CID = "(cid:%d)"
_GAP = "\ufffe"  # pdfium's text-buffer stand-in for a hyphen marker or an unmapped glyph


def _page_text(tp, n: int) -> list[str] | None:
    """The page's characters in one call (one UTF-16 unit per char), or None."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = R.FPDFText_GetText(tp, 0, n, buf)
    if got - 1 != n:
        return None
    units = buf[:n]
    if any(0xD800 <= u <= 0xDFFF for u in units):
        return None
    return [chr(u) for u in units]


class _Font:
    """What one text object tells about its chars: matrix, size, descent, name."""

    __slots__ = ("a", "b", "c", "d", "size", "descent", "name", "key", "font", "font_key",
                 "flat", "v0", "v1", "upright")

    def __init__(self, tp, i: int, obj, key, cache: dict):
        m = R.FS_MATRIX()
        R.FPDFText_GetMatrix(tp, i, m)
        self.a, self.b, self.c, self.d = m.a, m.b, m.c, m.d
        self.size = R.FPDFText_GetFontSize(tp, i)
        self.key = key
        font = R.FPDFTextObj_GetFont(obj) if obj else None
        self.font = font or None
        self.font_key = ctypes.cast(font, ctypes.c_void_p).value if font else None
        self.descent, self.name = _font_facts(font, self.font_key, cache)
        self.facts()

    def facts(self) -> None:
        """Per-object constants of `_char`'s upright case."""
        v0 = self.descent * self.size
        lo, hi = sorted((self.d * v0, self.d * (v0 + self.size)))
        self.flat = self.b == 0 and self.c == 0
        self.v0, self.v1 = lo, hi
        self.upright = self.a * self.d > 0 and self.b * self.c <= 0


def _raw_function(name: str, restype, *argtypes):
    """A pdfium function called with plain addresses (cheaper than pypdfium2's typed pointers)."""
    from pypdfium2_raw.bindings import _libs

    fn = getattr(_libs["pdfium"], name)
    fn.restype, fn.argtypes = restype, list(argtypes)
    return fn


# the char's text object as an int: the key of the per-object font facts
_object_address = _raw_function("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


def _font_facts(font, key, cache: dict) -> tuple[float, str]:
    """(descent, name) of a font, once per font of a page (`cache`: per page, as a
    font's address is only sure to name the same font while the page holds it)."""
    if not font:
        return 0.0, ""
    facts = cache.get(key)
    if facts is None:
        facts = cache[key] = (_descent(font), _font_name(font))
    return facts


def _descent(font) -> float:
    d = ctypes.c_float()
    if not R.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), d):
        return 0.0
    v = d.value / 1000.0
    return v if v <= 0 else -v  # pdfminer: "some PDFs have the descent set as positive"


def _font_name(font) -> str:
    buf = ctypes.create_string_buffer(256)
    n = R.FPDFFont_GetBaseFontName(font, buf, 256)
    return buf.value.decode("utf-8", "replace") if n else ""


def _page_chars(tp, height: float, text_objects=()) -> list[dict]:
    """pdfminer-shaped chars of a text page; `text_objects` are (object, matrix) pairs
    of the page's text objects, for the space-only ones pdfium's text page leaves out."""
    widths: dict = {}  # (font address, char) -> advance at size 1, for this page's fonts
    n = R.FPDFText_CountChars(tp)
    texts = _page_text(tp, n) if n > 0 else []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    is_generated = R.FPDFText_IsGenerated
    get_object, get_origin = _object_address, R.FPDFText_GetCharOrigin
    tp_addr = ctypes.cast(tp, ctypes.c_void_p).value
    fonts: dict = {}
    font_facts: dict = {}
    prev = None  # [text, x, y, font, index] of the last char kept
    raw: list[list] = []
    append = raw.append
    for i in range(max(n, 0)):
        u = texts[i] if texts is not None else chr(R.FPDFText_GetUnicode(tp, i))
        if u in _SPACES and (u != " " or is_generated(tp, i)):
            continue
        key = get_object(tp_addr, i)
        f = fonts.get(key)
        if f is None:
            f = fonts[key] = _Font(tp, i, R.FPDFText_GetTextObject(tp, i), key, font_facts)
        get_origin(tp, i, ox, oy)
        x, y = ox.value, oy.value
        if prev is not None and prev[3] is f and prev[1] == x and prev[2] == y and u != " " != prev[0][-1:]:
            prev[0] += u  # a ligature pdfium expanded into several chars at one spot
            continue
        if u == _GAP or u < " ":
            code = R.FPDFText_GetUnicode(tp, i)
            if R.FPDFText_IsHyphen(tp, i):
                u = "-"  # pdfium's mark for a hyphen at a line end
            elif code == 0:
                continue
            elif code < 0x20 or R.FPDFText_HasUnicodeMapError(tp, i):
                u = _CID % code
            else:
                u = chr(code)
        prev = [u, x, y, f, i]
        append(prev)
    loose = R.FS_RECTF()
    out: list[dict] = []
    add = out.append
    for k, (u, x, y, f, i) in enumerate(raw):
        unit = widths.get((f.font_key, u))  # advance of a size-1 glyph
        if unit is None and len(u) == 1:
            unit = _unit_advance(f, u)
            if unit is not None:
                widths[(f.font_key, u)] = unit
        if unit is not None:
            adv = unit * f.size
        else:  # a ligature: its loose box joins ink and advance; the next glyph bounds it
            adv = _loose_advance(f, tp, i, x, y, loose)
            nxt = raw[k + 1] if k + 1 < len(raw) else None
            if nxt is not None and nxt[3] is f and nxt[2] == y and f.b == 0 and f.a > 0 and x < nxt[1] < x + f.a * adv:
                adv = (nxt[1] - x) / f.a
        if f.flat:  # upright (or mirrored) text: the common case, inlined
            x1 = x + f.a * adv
            y0, y1 = y + f.v0, y + f.v1
            if x1 < x:
                x, x1 = x1, x
            top = height - y1
            ext = y1 - y0
            add({"text": u, "x0": x, "x1": x1, "y0": y0, "top": top, "bottom": height - y0, "doctop": top,
                 "height": ext, "size": ext, "matrix": (f.a, 0.0, 0.0, f.d, x if f.a > 0 else x1, y),
                 "fontname": f.name, "upright": f.upright})
        else:
            add(_char(u, x, y, adv, f, height))
    if text_objects:
        out.extend(_lost_spaces(tp, text_objects, set(fonts), out, height))
    return out


def _unit_advance(f, u: str) -> float | None:
    """The font's advance of char `u` at size 1 (pdfminer's box width before size and
    matrix), or None where the font cannot say (ligatures, unmapped glyphs)."""
    if len(u) != 1 or not f.font:
        return None
    w = ctypes.c_float()
    if R.FPDFFont_GetGlyphWidth(f.font, ord(u), ctypes.c_float(1.0), w) and (w.value > 0 or u == " "):
        return w.value
    return None


def _loose_advance(f, tp, i: int, x: float, y: float, loose) -> float:
    """The advance from pdfium's loose box (its advance box joined with the ink)."""
    R.FPDFText_GetLooseCharBox(tp, i, loose)
    scale = max(abs(f.a), abs(f.b)) or 1.0
    if abs(f.a) >= abs(f.b):
        return (loose.right - x if f.a > 0 else x - loose.left) / scale
    return (loose.top - y if f.b > 0 else y - loose.bottom) / scale


def _char(text, x, y, adv, f: _Font, height) -> dict:
    a, b, c, d, fs = f.a, f.b, f.c, f.d, f.size
    v0 = f.descent * fs
    v1 = v0 + fs
    adv = adv or 0.0
    if b == 0 and c == 0:  # upright or mirrored text: the common case
        x0, x1 = sorted((x, x + a * adv))
        y0, y1 = sorted((y + d * v0, y + d * v1))
    else:
        xs = [x + a * u_ + c * v_ for u_ in (0.0, adv) for v_ in (v0, v1)]
        ys = [y + b * u_ + d * v_ for u_ in (0.0, adv) for v_ in (v0, v1)]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = height - y1
    return {"text": text, "x0": x0, "x1": x1, "y0": y0, "top": top, "bottom": height - y0, "doctop": top,
            "height": y1 - y0, "size": y1 - y0, "matrix": (a, b, c, d, x, y), "fontname": f.name,
            "upright": a * d > 0 and b * c <= 0}


def _lost_spaces(tp, text_objects, seen: set, chars: list[dict], height: float) -> list[dict]:
    """Spaces drawn as text objects of their own: pdfium's text page drops them (their ink
    box is empty), pdfminer keeps them, and they separate words set closer than a gap."""
    out = []
    buf = (ctypes.c_ushort * 64)()
    l_, b_, r_, t_ = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for obj, m in text_objects:
        key = ctypes.cast(obj, ctypes.c_void_p).value
        if key in seen:
            continue
        got = R.FPDFTextObj_GetText(obj, tp, buf, 128) // 2  # bytes -> UTF-16 units
        text = "".join(map(chr, buf[: max(got - 1, 0)])).rstrip("\x00")
        if text and not text.isspace():
            continue
        if not text:  # the text page kept nothing of it: a space has no ink box
            R.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_)
            if r_.value - l_.value > 0.01 or t_.value - b_.value > 0.01:
                continue
            text = " "
        size = ctypes.c_float()
        R.FPDFTextObj_GetFontSize(obj, size)
        font = R.FPDFTextObj_GetFont(obj)
        f = _Font.__new__(_Font)
        a, b, c, d, e, g = m
        f.a, f.b, f.c, f.d, f.size, f.key, f.font, f.font_key = a, b, c, d, size.value, key, font or None, None
        f.descent = _descent(font) if font else 0.0
        f.name = _font_name(font) if font else ""
        f.facts()
        w = ctypes.c_float()
        ok = font and R.FPDFFont_GetGlyphWidth(font, 32, ctypes.c_float(f.size), w)
        adv = (w.value if ok else 0.25 * f.size) * len(text)
        out.append(_char(" ", e, g, adv, f, height))
    return out


# ---------------------------------------------------------------- rules and images
_PATH, _IMAGE, _FORM, _TEXT = R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE, R.FPDF_PAGEOBJ_FORM, R.FPDF_PAGEOBJ_TEXT
_MOVE, _LINE, _BEZIER = R.FPDF_SEGMENT_MOVETO, R.FPDF_SEGMENT_LINETO, R.FPDF_SEGMENT_BEZIERTO
_SUBPATH = re.compile(r"m[^m]+")


def _mul(m1, m2):
    """m1 then m2 (PDF row-vector convention: p' = p * m1 * m2)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _matrix(obj):
    m = R.FS_MATRIX()
    if not R.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _page_objects(page, height: float):
    rects: list[dict] = []
    lines: list[dict] = []
    curves: list[dict] = []
    images: list[dict] = []
    texts: list = []
    todo = [(R.FPDFPage_GetObject(page, k), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
            for k in range(R.FPDFPage_CountObjects(page))]
    todo.reverse()
    while todo:
        obj, outer = todo.pop()
        kind = R.FPDFPageObj_GetType(obj)
        if kind == _PATH:
            _add_path(obj, _mul(_matrix(obj), outer), height, rects, lines, curves)
        elif kind == _TEXT:
            texts.append((obj, _mul(_matrix(obj), outer)))
        elif kind == _IMAGE:
            images.append({"object_type": "image"})
        elif kind == _FORM:
            m = _mul(_matrix(obj), outer)
            inner = [(R.FPDFFormObj_GetObject(obj, k), m) for k in range(R.FPDFFormObj_CountObjects(obj))]
            todo.extend(reversed(inner))
    return rects, lines, curves, images, texts


def _add_path(obj, m, height, rects, lines, curves) -> None:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not R.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return
    fill, stroke_ = fill_mode.value != 0, bool(stroke.value)
    if not fill and not stroke_:
        return  # a clipping path only: pdfminer paints nothing
    a, b, c, d, e, f = m
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    n = R.FPDFPath_CountSegments(obj)
    bez = 0
    for k in range(n):
        seg = R.FPDFPath_GetPathSegment(obj, k)
        R.FPDFPathSegment_GetPoint(seg, x, y)
        p = (x.value * a + y.value * c + e, x.value * b + y.value * d + f)
        t = R.FPDFPathSegment_GetType(seg)
        if t == _BEZIER:
            bez += 1
            if bez % 3:
                continue  # control points: pdfminer keeps a curve's end points only
            ops.append("c")
        else:
            bez = 0
            ops.append("m" if t == _MOVE else "l")
        pts.append(p)
        if R.FPDFPathSegment_GetClose(seg):
            start = next((pts[j] for j in range(len(ops) - 1, -1, -1) if ops[j] == "m"), pts[0])
            ops.append("h")
            pts.append(start)
    shape = "".join(ops)
    for sub in _SUBPATH.finditer(shape):
        _classify(shape[sub.start():sub.end()], pts[sub.start():sub.end()], fill, stroke_, height,
                  rects, lines, curves)


def _classify(shape, pts, fill, stroke, height, rects, lines, curves) -> None:
    """pdfminer's `paint_path` for one subpath: a line, a rectangle or a curve."""
    pts = list(pts)
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        pts = pts[:2]
        kind, out = "line", lines
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            kind, out = "rect", rects
            pts = [pts[0], pts[2]]
        else:
            kind, out = "curve", curves
    else:
        kind, out = "curve", curves
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    out.append({"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
                "top": height - y1, "bottom": height - y0, "doctop": height - y1,
                "width": x1 - x0, "height": y1 - y0, "stroke": stroke, "fill": fill})


def open_document(path) -> PdfiumDocument:
    return PdfiumDocument(path)
