"""Characters -> words and rows, with superscripts split off.

pdfplumber gives characters with a box, a size and a text matrix. Here they
become words grouped into rows by baseline, in one upright "frame":
characters drawn rotated (a landscape table on a portrait page) are turned
upright first, so the layout code only ever sees left-to-right text.

Superscripts are characters clearly smaller than their row and raised above
its baseline. They become separate words flagged `sup`, so that a citation
marker is never glued into a number ("months15"); `render_sup` decides how a
superscript is written (see there).
"""
from __future__ import annotations

import bisect
import functools
import operator
import re
import unicodedata
from dataclasses import dataclass, field

from extract.normalize import normalize_word

_BASELINE = operator.itemgetter(5)
_LEFT = operator.itemgetter(1)
_LEFT_RIGHT = operator.itemgetter(1, 2)
WORD_GAP = 0.15  # a gap wider than this many font sizes separates two words
ROW_TOL = 0.2  # baselines closer than this many font sizes share a row


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    sup: bool = False
    obox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # box on the unrotated page
    glyphs: tuple = ()  # per-character boxes on the unrotated page, kept for words with a digit


@dataclass(slots=True)
class Row:
    """Words sharing a baseline, left to right (may span several columns)."""

    words: list[Word]
    baseline: float
    size: float = 0.0  # 0: computed from the words
    full: bool = False  # belongs with a full-width element (a table's caption)
    top: float = field(init=False)
    bottom: float = field(init=False)
    x0: float = field(init=False)
    x1: float = field(init=False)

    def __post_init__(self) -> None:
        if not self.size:  # size of a row's own words (a split row must not keep its parent's)
            main = [w.size for w in self.words if not w.sup] or [w.size for w in self.words]
            self.size = sorted(main)[len(main) // 2]
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)
        self.x0 = min(w.x0 for w in self.words)
        self.x1 = max(w.x1 for w in self.words)


# a char here is a tuple:
# (text, x0, x1, top, bottom, baseline, size, bold, ox0, otop, ox1, obottom)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|[,-]b$|-bd", re.I)


_normalize_word = functools.lru_cache(maxsize=1 << 16)(normalize_word)  # words repeat: "the", "95%", "CI"


@functools.lru_cache(maxsize=512)
def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname))


def orientation(ch: dict) -> str:
    """'up', 'btt' (reads bottom to top), 'ttb' (top to bottom) or 'other'."""
    if ch.get("upright", True):
        a, b, c, d = ch["matrix"][:4]
        return "up" if a > 0 else "other"
    a, b, c, d = ch["matrix"][:4]
    if b > 0 and c < 0:
        return "btt"
    if b < 0 and c > 0:
        return "ttb"
    return "other"


def frame_chars(chars: list[dict], orient: str, width: float, height: float) -> list[tuple]:
    """`frame_char` for many chars; upright ones (nearly all) in one tight loop."""
    if orient != "up":
        return [frame_char(c, orient, width, height) for c in chars]
    out = []
    append_ = out.append
    for ch in chars:
        x0, x1, top, bottom, size = ch["x0"], ch["x1"], ch["top"], ch["bottom"], ch["size"]
        desc = ch["matrix"][5] - ch["y0"]
        base = bottom - desc if 0 <= desc <= size else bottom - 0.2 * size
        append_((ch["text"], x0, x1, top, bottom, base, size, _is_bold(ch.get("fontname") or ""),
                 x0, top, x1, bottom))
    return out


def frame_char(ch: dict, orient: str, width: float, height: float) -> tuple:
    """The char as an upright tuple in the frame of its orientation."""
    x0, x1, top, bottom, size = ch["x0"], ch["x1"], ch["top"], ch["bottom"], ch["size"]
    e, f = ch["matrix"][4], ch["matrix"][5]
    if orient != "up":  # pdfminer gives a rotated glyph's advance as its size;
        size = (x1 - x0) or size  # its height is its extent across the line
    if orient == "up":
        desc = f - ch["y0"]
        base = bottom - desc if 0 <= desc <= size else bottom - 0.2 * size
        fx0, fx1, ftop, fbottom = x0, x1, top, bottom
    elif orient == "btt":
        fx0, fx1, ftop, fbottom = height - bottom, height - top, x0, x1
        base = e if x0 - size <= e <= x1 + 1 else x1 - 0.2 * size
    else:  # ttb
        fx0, fx1, ftop, fbottom = top, bottom, width - x1, width - x0
        base = width - e if x0 - 1 <= e <= x1 + size else fbottom - 0.2 * size
    bold = _is_bold(ch.get("fontname") or "")
    return (ch["text"], fx0, fx1, ftop, fbottom, base, size, bold, x0, top, x1, bottom)


def _clusters(chars: list[tuple]) -> list[list[tuple]]:
    """Group chars into rows by baseline (greedy over sorted baselines)."""
    chars = sorted(chars, key=_BASELINE)
    out: list[list[tuple]] = []
    cur: list[tuple] = []
    anchor = first_size = 0.0
    for c in chars:
        if cur:
            size = c[6] if c[6] < first_size else first_size
            tol = ROW_TOL * size
            if c[5] - anchor <= (tol if tol > 0.8 else 0.8):
                cur.append(c)
                continue
        cur = [c]
        anchor, first_size = c[5], c[6]
        out.append(cur)
    return out


def _dominant_size(chars: list[tuple]) -> float:
    counts: dict[float, int] = {}
    for c in chars:
        s = round(c[6], 1)
        counts[s] = counts.get(s, 0) + 1
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _runs(chars: list[tuple], gap: float) -> list[list[tuple]]:
    chars = sorted(chars, key=_LEFT)
    runs: list[list[tuple]] = []
    for c in chars:
        if runs and c[1] - runs[-1][-1][2] <= gap:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _attach_scripts(clusters: list[list[tuple]]) -> list[tuple[list[tuple], set[int]]]:
    """Move small raised/lowered runs onto the row they belong to.

    Returns rows as (chars, ids of superscript chars).
    """
    info = []
    for cl in clusters:
        size = _dominant_size(cl)
        base = sorted(c[5] for c in cl)[len(cl) // 2]
        info.append((cl, size, base))
    bases = [b for _, _, b in info]
    keep: list[list[tuple]] = [list(cl) for cl, _, _ in info]
    sups: list[set[int]] = [set() for _ in info]
    edges: list[tuple[list[float], list[float]] | None] = [None] * len(info)

    def row_edges(j: int) -> tuple[list[float], list[float]]:
        if edges[j] is None:
            cs = sorted(keep[j], key=lambda c: c[1])
            edges[j] = ([c[2] for c in sorted(keep[j], key=lambda c: c[2])], [c[1] for c in cs])
        return edges[j]  # type: ignore[return-value]

    for i, (cl, size, base) in enumerate(info):
        moved = False
        for run in _runs(cl, 0.5 * size):
            if len(run) > 15:
                continue
            rsize = max(c[6] for c in run)
            # candidate rows: a larger row whose baseline is a little below (sup) or above (sub)
            lo = bisect.bisect_left(bases, base - 0.45 * 24)
            hi = bisect.bisect_right(bases, base + 0.75 * 24)
            best = None
            for j in range(lo, hi):
                if j == i:
                    continue
                _, jsize, jbase = info[j]
                if rsize > 0.88 * jsize:
                    continue
                d = jbase - base
                if not (0.12 * jsize <= d <= 0.7 * jsize or -0.4 * jsize <= d <= -0.1 * jsize):
                    continue
                rights, lefts = row_edges(j)
                x0, x1 = run[0][1], run[-1][2]
                k = bisect.bisect_right(rights, x0 + 0.5)
                near_left = k > 0 and x0 - rights[k - 1] <= 0.6 * jsize
                k2 = bisect.bisect_left(lefts, x1 - 0.5)
                near_right = k2 < len(lefts) and lefts[k2] - x1 <= 0.6 * jsize
                if near_left or near_right:
                    if best is None or abs(d) < abs(best[1]):
                        best = (j, d)
            if best is None:
                continue
            j, d = best
            for c in run:
                keep[i].remove(c)
            keep[j].extend(run)
            if d > 0:
                sups[j].update(id(c) for c in run)
            moved = True
        if moved:
            edges[i] = None
    return [(k, s) for k, s in zip(keep, sups) if k]


def _small_caps(chars: list[tuple]) -> bool:
    """Capitals drawn at two sizes in one word ("ObjeCtive"): a small-caps font."""
    big = [c[6] for c in chars if c[0].isupper()]
    small = [c[6] for c in chars if c[0].islower()]
    return bool(big and small) and max(small) < 0.9 * min(big)


def _make_word(chars: list[tuple], sup: bool) -> Word | None:
    raw = "".join(c[0] for c in chars)
    text = _normalize_word(raw)
    # small caps need capitals and lower case in one word: skip the test on the common
    # all-lower / all-upper / uncased words (the test would say no)
    if not sup and len(chars) > 1 and not (raw.islower() or raw.isupper()) and _small_caps(chars):
        text = text.upper()
    if not text:
        return None
    n = len(chars)
    if n == 1:
        c = chars[0]
        glyphs = ((c[8], c[9], c[10], c[11]),) if len(text) == 1 and text.isdigit() else ()
        return Word(text, c[1], c[2], c[3], c[4], c[5], c[6], c[7], sup, (c[8], c[9], c[10], c[11]), glyphs)
    _, cx0, cx1, ctop, cbottom, cbase, csize, cbold, ox0, otop, ox1, obottom = zip(*chars)  # one pass per field, in C
    base = sorted(cbase)[n // 2]
    bold = sum(cbold) * 2 > n
    obox = (min(ox0), min(otop), max(ox1), max(obottom))
    # a number's own characters get boxes ("16.4" inside "16.4(14.1-NR)"); words are short
    glyphs = tuple(zip(ox0, otop, ox1, obottom)) if len(text) == n and any(ch.isdigit() for ch in text) else ()
    return Word(text, min(cx0), max(cx1), min(ctop), max(cbottom), base, max(csize), bold, sup, obox, glyphs)


# spacing accents that some PDFs draw as separate glyphs over a letter ("Ho^pital")
_ACCENTS = {
    "^": "\u0302", "\u02c6": "\u0302", "\u00b4": "\u0301", "\u02ca": "\u0301", "`": "\u0300",
    "\u02cb": "\u0300", "\u00a8": "\u0308", "~": "\u0303", "\u02dc": "\u0303", "\u02c7": "\u030c",
    "\u00b8": "\u0327", "\u02da": "\u030a", "\u00af": "\u0304", "\u02d8": "\u0306", "\u02d9": "\u0307",
    "\u02dd": "\u030b",
}


def _compose_accents(cl: list[tuple]) -> list[tuple]:
    """Fold an accent glyph drawn over the previous or next letter into that letter."""
    if not any(c[0] in _ACCENTS for c in cl):
        return cl
    out: list[tuple] = []
    i = 0
    while i < len(cl):
        c = cl[i]
        mark = _ACCENTS.get(c[0])
        if mark is not None:
            mid = (c[1] + c[2]) / 2
            for j in (len(out) - 1, -1):  # the letter before, else the letter after
                base = out[j] if j >= 0 else (cl[i + 1] if i + 1 < len(cl) else None)
                if base is not None and base[0].isalpha() and base[1] - 0.5 <= mid <= base[2] + 0.5:
                    letter = "i" if base[0] == "\u0131" else base[0]
                    new = (unicodedata.normalize("NFC", letter + mark),) + base[1:]
                    if j >= 0:
                        out[j] = new
                    else:
                        out.append(new)
                        i += 1
                    break
            else:
                out.append(c)
            i += 1
            continue
        out.append(c)
        i += 1
    return out


def _drop_overlapped_spaces(cl: list[tuple]) -> list[tuple]:
    """Remove space glyphs that a neighbouring letter overlaps.

    Some typesetters put zero-advance spaces inside URLs and DOIs as line-break
    hints ("doi. org/ 10. 1056/"); the next glyph is drawn over them, so they
    separate nothing on the page.
    """
    if not any(c[0] == " " for c in cl):
        return cl
    out = []
    n = len(cl)
    for k, c in enumerate(cl):
        if c[0].isspace():
            width = max(c[2] - c[1], 0.01)
            over = 0.0
            for j in (k - 1, k + 1):
                if 0 <= j < n and not cl[j][0].isspace():
                    over = max(over, min(c[2], cl[j][2]) - max(c[1], cl[j][1]))
            if over > 0.4 * width:
                continue
        out.append(c)
    return out


def rows_from_chars(chars: list[tuple]) -> list[Row]:
    """Rows of words (top to bottom) from upright char tuples."""
    if not chars:
        return []
    rows: list[Row] = []
    for cl, sup_ids in _attach_scripts(_clusters(chars)):
        cl.sort(key=_LEFT_RIGHT)
        cl = _drop_overlapped_spaces(_compose_accents(cl))
        words: list[Word] = []
        cur: list[tuple] = []
        cur_sup = False
        prev = None
        for c in cl:
            is_sup = id(c) in sup_ids
            if c[0].isspace() or not c[0]:
                if cur:
                    w = _make_word(cur, cur_sup)
                    if w:
                        words.append(w)
                cur, prev = [], None
                continue
            if prev is not None:
                # drop a char drawn twice at the same spot (fake bold)
                if c[0] == prev[0] and abs(c[1] - prev[1]) < 0.5 and abs(c[3] - prev[3]) < 0.5:
                    continue
                gap = c[1] - prev[2]
                if gap > WORD_GAP * (c[6] if c[6] > prev[6] else prev[6]) or is_sup != cur_sup:
                    w = _make_word(cur, cur_sup)
                    if w:
                        words.append(w)
                    cur = []
            if not cur:
                cur_sup = is_sup
            cur.append(c)
            prev = c
        if cur:
            w = _make_word(cur, cur_sup)
            if w:
                words.append(w)
        words = [w for w in words]
        if not words:
            continue
        main = [w for w in words if not w.sup] or words
        size = sorted(w.size for w in main)[len(main) // 2]
        base = sorted(w.baseline for w in main)[len(main) // 2]
        rows.append(Row(words, base, size))
    rows.sort(key=lambda r: r.baseline)
    return rows


_CITE = re.compile(r"^[\d,;\-–—\s]+$")
_EXP_BASE = re.compile(r"(?:^|[×x*])10$")
_AREA_UNIT = re.compile(r"(?:^|/)[cmkμu]?m$")
_ORDINAL = {"st", "nd", "rd", "th"}


def render_sup(prev: str, sup: str) -> tuple[str, bool]:
    """How a superscript is written after the word `prev`.

    Returns (text, glue): glue=True appends it to the previous word.
    - no letter or digit ("+", "*", "†") -> glued: "CD8+", "HER2+";
    - a power of ten or an area/volume unit -> glued: "10^9", "mg/m2";
    - an ordinal suffix after a number -> glued: "1st";
    - anything else (citation numbers, footnote letters, "mut") -> a separate
      token in square brackets, "[15]", "[a,b]", so that it is never read as
      part of a number or a word.
    """
    if not any(ch.isalnum() for ch in sup):
        return sup, True
    if sup.isdigit() and _EXP_BASE.search(prev):
        return "^" + sup, True
    if sup in ("2", "3") and _AREA_UNIT.search(prev):
        return sup, True
    if sup.lower() in _ORDINAL and prev[-1:].isdigit():
        return sup, True
    return "[" + sup.strip(",;") + "]", False
