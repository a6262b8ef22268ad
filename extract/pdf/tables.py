"""Find tables on a PDF page and join tables that continue over pages or columns.

Three kinds of table are read, in this order of trust:
1. ruled grids (tall vertical and horizontal rules): pdfplumber's lines strategy
   on our own edge list gives the cells, our own words fill them;
2. rule-bounded tables (booktabs style: horizontal rules only): the region
   between rules of one width with no running text between them (a header-only
   region runs down to the text), columns from word gaps, header = lines above
   the last rule before the first line of numbers;
3. unruled tables: runs of lines whose word gaps line up down the rows, with
   at least three columns, so that two-column prose never reads as a table.
Figures (plot marks, flow-chart boxes), captions and notes inside a table's frame,
prose columns and numbered lists set in columns are rejected. Cells are filled
from words (superscripts kept as separate tokens), wrapped cell lines are joined
with a space (line-end hyphens decided by extract.normalize), and a landscape
table printed sideways on a portrait page is read in its own upright frame.
Row/column assembly lives in table_rows.py, geometry in table_rules.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .table_rules import BBox, Frame, Line, Rule, Word, group_lines, join_words, page_edges, page_frames
from .table_rows import (NUMBER_START, assemble, columns, drop_trailing_notes, looks_like_prose,
                         split_phrases)

try:  # the stage's single normalisation step and its line-end hyphen rule
    from extract.normalize import dehyphenate as _dehyphenate  # type: ignore
    from extract.normalize import normalize_text as _normalize  # type: ignore
    from extract.normalize import vocabulary as _vocabulary  # type: ignore
except Exception:  # pragma: no cover - without it cells stay raw and hyphens stay
    _normalize = _dehyphenate = _vocabulary = None


def _hyphen_rule(frame: Frame):
    """`dehyphenate(left, right)` against the words of this page, or None."""
    if _dehyphenate is None or _vocabulary is None:
        return None
    vocab = _vocabulary(w.text for w in frame.words)
    return lambda left, right: _dehyphenate(left, right, vocab)


@dataclass
class FoundTable:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom (page space)
    rows: list[list[str]]
    header_rows: int = 1
    page: int = 0
    page_height: float = 0.0  # lets stitching check the table ends low / starts high on its page
    caption: str = ""  # a "Table N ..." line just above the table, when there is one


@dataclass
class StitchedTable:
    page: int
    pages: tuple[int, ...]
    bboxes: list[tuple[int, tuple[float, float, float, float]]]
    rows: list[list[str]]
    header_rows: int = 1


_CID = re.compile(r"\(cid:\d+\)")


def _clean(text: str) -> str:
    """One cell's text: glyphs without a Unicode mapping dropped, spaces collapsed, normalised."""
    if "(cid:" in text:
        text = _CID.sub("", text)
    text = " ".join(text.split())
    if _normalize is not None:
        try:
            text = _normalize(text)
        except Exception:
            pass
    return text


# ---------------------------------------------------------------- helpers
def _inside(w: Word, b: BBox, tol: float = 1.0) -> bool:
    return b[0] - tol <= w.xc <= b[2] + tol and b[1] - tol <= w.yc <= b[3] + tol


def _overlap_share(a: BBox, b: BBox) -> float:
    """Share of `a`'s area that lies inside `b`."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / max((a[2] - a[0]) * (a[3] - a[1]), 1e-6)


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(bounds: list[float], v: float, tol: float) -> int:
    best = min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))
    return best if abs(bounds[best] - v) <= tol else -1


_CONTINUED = re.compile(r"\bcont(inued|inuation|\.|d)", re.I)
_CAPTION = re.compile(r"^\s*(table|tab\.)\s*[0-9ivxlc]+\b", re.I)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _header_rows(rows: list[list[str]], first: int) -> int:
    """Extend the header over leading rows of labels (two or more cells, no numbers) that
    sit above the first row of numbers."""
    k = max(first, 1)
    if not any(any(_has_digit(c) for c in r[1:]) for r in rows[k:]):
        return k
    while k < len(rows) - 1:
        r = rows[k]
        if sum(1 for c in r if c) >= 2 and not any(_has_digit(c) for c in r[1:]):
            k += 1
        else:
            break
    return k if k < len(rows) else first


def _header_by_bold(rows_words: list[list[list[Word]]]) -> int:
    """Leading rows set entirely in bold, when the body is not."""
    def bold(row: list[list[Word]]) -> bool | None:
        ws = [w for cell in row for w in cell]
        return None if not ws else all(w.bold for w in ws)
    flags = [bold(r) for r in rows_words]
    k = 0
    while k < len(flags) and flags[k]:
        k += 1
    if 0 < k < len(flags) and any(f is False for f in flags[k:]):
        return k
    return 1


def _plausible(rows: list[list[str]]) -> bool:
    """Reject grids that are page decoration or figure lettering rather than tables."""
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return False
    if sum(1 for r in rows if sum(1 for c in r if c) >= 2) < 2:
        return False
    cells = [c for r in rows for c in r if c]
    tiny = sum(1 for c in cells if len(c) <= 1 or c.startswith("(cid:"))
    return tiny * 2 < len(cells)


def _diagram(frame: Frame, bbox: BBox) -> bool:
    """A figure, not a table: many plot marks inside (a forest plot, a chart), or separate
    outlined boxes that do not tile the region (a flow chart)."""
    marks = sum(1 for m in frame.marks
                if bbox[0] <= (m[0] + m[2]) / 2 <= bbox[2] and bbox[1] <= (m[1] + m[3]) / 2 <= bbox[3])
    if marks >= 15:
        return True
    area = max((bbox[2] - bbox[0]) * (bbox[3] - bbox[1]), 1.0)
    inside = [b for b in frame.boxes
              if b[0] >= bbox[0] - 3 and b[2] <= bbox[2] + 3 and b[1] >= bbox[1] - 3 and b[3] <= bbox[3] + 3
              and (b[2] - b[0]) * (b[3] - b[1]) < 0.6 * area]
    if len(inside) < 3:
        return False
    covered = sum((b[2] - b[0]) * (b[3] - b[1]) for b in inside)
    return covered < 0.7 * area


def _strip_caption_rows(rows: list[list[list[Word]]]) -> list[list[list[Word]]]:
    """Drop a caption above or a note below the table drawn inside its frame: a row with
    one long run of text and nothing in the other cells."""
    def caption(row: list[list[Word]]) -> bool:
        filled = [c for c in row if c]
        if not filled:
            return False
        return (len(filled) == 1 and len(filled[0]) >= 8) or bool(_CAPTION.match(" ".join(
            w.text for w in sorted(filled[0], key=lambda w: (round(w.top), w.x0)))))
    while len(rows) > 2 and caption(rows[0]):
        rows = rows[1:]
    while len(rows) > 2 and caption(rows[-1]):
        rows = rows[:-1]
    return rows


# ---------------------------------------------------------------- grid tables
def _grid_table(frame: Frame, cells_page: list[BBox], page_no: int) -> FoundTable | None:
    """Rows and cells of a ruled grid, filled with the frame's words."""
    cells = [frame.from_page(c) for c in cells_page]
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells], 1.5)
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells], 1.5)
    ncol, nrow = len(xs) - 1, len(ys) - 1
    if ncol < 2 or nrow < 2:
        return None
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    if _diagram(frame, bbox):
        return None
    words = [w for w in frame.words if _inside(w, bbox)]
    grid: list[list[list[Word]]] = [[[] for _ in range(ncol)] for _ in range(nrow)]
    placed = []
    for c in cells:
        ci, ri = _index(xs, c[0], 1.5), _index(ys, c[1], 1.5)
        if 0 <= ci < ncol and 0 <= ri < nrow:
            placed.append((c, ri, ci))
    for w in words:
        for c, ri, ci in placed:
            if c[0] - 0.5 <= w.xc <= c[2] + 0.5 and c[1] - 0.5 <= w.yc <= c[3] + 0.5:
                grid[ri][ci].append(w)
                break
    # drop rows with no text at all (rule-only strips)
    keep = [r for r in grid if any(cell for cell in r)]
    if len(keep) < 2:
        return None
    filled_cols = sum(1 for ci in range(ncol) if any(r[ci] for r in keep))
    if filled_cols < 2:
        return None
    keep = _strip_caption_rows(keep)
    keep_cols = [ci for ci in range(ncol) if any(r[ci] for r in keep)]
    keep = [[r[ci] for ci in keep_cols] for r in keep]
    dehyph = _hyphen_rule(frame)
    rows = [[_clean(join_words(cell, dehyph)) for cell in r] for r in keep]
    if not _plausible(rows):
        return None
    return FoundTable(frame.to_page(bbox), rows, _header_rows(rows, _header_by_bold(keep)), page_no)


def _label_line(line: Line, cols: list[tuple[float, float]]) -> bool:
    """One run of words starting in the first column: a section label, not a header line."""
    return line.x0 <= cols[0][1] and len(split_phrases(line, 0.8 * line.size)) == 1


def _numeric_share(line: Line, left: float) -> float:
    """Share of the words right of `left` that are numbers: high on data rows."""
    words = [w for w in line.words if w.x0 > left]
    if not words:
        return 0.0
    count = 0
    for k, w in enumerate(words):
        # "(N = 196)" in a header is a group size, not a data value
        tail_of_paren = w.text.endswith(")") and "(" not in w.text
        after_equals = k > 0 and words[k - 1].text in ("=", "n=", "N=")
        if NUMBER_START.match(w.text) and not tail_of_paren and not after_equals:
            count += 1
    return count / len(words)


def _region_table(frame: Frame, bbox: BBox, cuts: list[float], page_no: int,
                  min_cols: int = 2) -> FoundTable | None:
    """Read the words inside `bbox` as a table; `cuts` are rule y's (first one under the header)."""
    words = [w for w in frame.words if _inside(w, bbox, 2.0)]
    lines = group_lines(words)
    if len(lines) < 2:
        return None
    sizes = sorted(ln.size for ln in lines)
    lines = [ln for ln in lines if ln.size >= 0.6 * sizes[len(sizes) // 2]]  # stray glyph specks
    if len(lines) < 2:
        return None
    inner = sorted(y for y in cuts if bbox[1] + 2 < y < bbox[3] - 2)
    head_lines: list[Line] = []
    body_lines = lines
    head_cut = bbox[1]
    if inner:
        # the header ends at the last rule above the first line of numbers (sub-rules under
        # spanning headings come earlier)
        left = bbox[0] + 0.15 * (bbox[2] - bbox[0])
        first_data = next((ln.top for ln in lines if _numeric_share(ln, left) >= 0.25), None)
        above_data = [y for y in inner if first_data is not None and y < first_data]
        if above_data:
            # sub-rules under spanning headings sit between label-only lines; a rule
            # with a line holding numbers above it is already inside the body
            label_only = [y for y in above_data
                          if all(_numeric_share(ln, left) == 0 for ln in lines if ln.bottom <= y + 1)]
            head_cut = max(label_only) if label_only else min(above_data)
        elif first_data is not None:  # no rule between header and data: the data line decides
            head_cut = first_data - 1.5
        else:
            head_cut = inner[0]
        above = [ln for ln in lines if ln.bottom <= head_cut + 1]
        if above and len(above) < len(lines):
            head_lines, body_lines = above, [ln for ln in lines if ln.bottom > head_cut + 1]
            inner = [y for y in inner if y > head_cut + 0.5]  # rules inside the body
    cols = columns(body_lines, bbox[0] - 2, bbox[2] + 2)
    if len(cols) < min_cols:
        return None
    while len(head_lines) > 1 and _label_line(head_lines[-1], cols):
        body_lines = [head_lines.pop()] + body_lines  # a section label above the header's rule
        inner = sorted(set(inner) | {head_cut})
    body_lines = drop_trailing_notes(body_lines, cols)
    lines = head_lines + body_lines
    body = assemble(body_lines, cols, inner)
    if head_lines:
        head = assemble(head_lines, cols, [], header=True)
        rows_w = head + body
        header_rows = len(head)
    else:
        rows_w = body
        header_rows = _header_by_bold(rows_w)
        if header_rows > 1:  # several bold lines make one header row
            merged = [[w for r in rows_w[:header_rows] for w in r[c]] for c in range(len(cols))]
            rows_w = [merged] + rows_w[header_rows:]
            header_rows = 1
    while (len(rows_w) > 2 and len(cols) >= 3 and header_rows >= 2
           and [c for c, ws in enumerate(rows_w[0]) if ws] == [0]
           and len(rows_w[0][0]) >= 4 and max(w.x1 for w in rows_w[0][0]) > cols[1][0] + 5):
        rows_w = rows_w[1:]  # a title set inside the rules, running from column 0 across the table
        header_rows = max(1, header_rows - 1)
    if len(rows_w) - header_rows < 1 or looks_like_prose(rows_w[header_rows:]):
        return None
    used_cols = [c for c in range(len(cols)) if any(r[c] for r in rows_w)]
    rows_w = [[r[c] for c in used_cols] for r in rows_w]  # a gap found inside long labels
    dehyph = _hyphen_rule(frame)
    rows = [[_clean(join_words(c, dehyph)) for c in r] for r in rows_w]
    if not _plausible(rows):
        return None
    used = [w for ln in lines for w in ln.words]
    tb = (min(w.x0 for w in used), min(bbox[1], min(w.top for w in used)),
          max(w.x1 for w in used), max(bbox[3], max(w.bottom for w in used)))
    return FoundTable(frame.to_page(tb), rows, header_rows, page_no)


# ---------------------------------------------------------------- rule-bounded regions
def _is_prose_line(line: Line, x0: float, extent: float) -> bool:
    """A line of running text: starts at the left edge and every phrase is a long run of words."""
    phrases = split_phrases(line, 0.8 * line.size)
    if len(phrases) == 1 and len(phrases[0]) >= 5 and line.x1 - line.x0 >= 0.85 * extent:
        return True  # running text straight across the region
    if line.x0 > x0 + 0.05 * extent or line.x1 - line.x0 < 0.4 * extent:
        return False
    return all(len(ph) >= 6 for ph in phrases)


def _extend_down(frame: Frame, bbox: BBox) -> BBox:
    """A region that holds only a header (rules above and under it, none at the foot, as
    where a table runs on to the next page or column) takes in the lines below it, down to
    running text or a wide vertical gap."""
    x0, top, x1, bottom = bbox
    clipped = [Line(ws) for ln in frame.lines()
               for ws in [[w for w in ln.words if x0 - 3 <= w.xc <= x1 + 3]] if ws]
    inside = [ln for ln in clipped if top < (ln.top + ln.bottom) / 2 < bottom]
    if not inside or len(inside) > 3 or any(NUMBER_START.match(w.text) for ln in inside for w in ln.words):
        return bbox  # numbers between the rules (or many lines): a table in itself
    new_bottom = bottom
    prev_bottom = bottom
    for ln in sorted((ln for ln in clipped if ln.top > bottom - 1), key=lambda ln: ln.top):
        if ln.top - prev_bottom > 1.5 * ln.size or _is_prose_line(ln, x0, x1 - x0):
            break
        new_bottom = prev_bottom = ln.bottom
    return (x0, top, x1, new_bottom) if new_bottom > bottom else bbox


def _rule_regions(frame: Frame, taken: list[BBox]) -> list[tuple[BBox, list[float]]]:
    """Runs of horizontal rules of one width with no prose between them."""
    rules = [r for r in frame.hrules if r.width >= max(60.0, 0.12 * frame.width)]
    rules = [r for r in rules if not any(t[0] - 3 <= r.x0 and r.x1 <= t[2] + 3 and t[1] - 3 <= r.y <= t[3] + 3
                                         for t in taken)]
    tol = max(12.0, 0.03 * frame.width)
    groups: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: (-r.width, r.y)):
        for g in groups:
            if abs(g[0].x0 - r.x0) <= tol and abs(g[0].x1 - r.x1) <= tol:
                g.append(r)
                break
        else:
            groups.append([r])
    lines = frame.lines()
    out = []
    for g in groups:
        g.sort(key=lambda r: r.y)
        x0, x1 = min(r.x0 for r in g), max(r.x1 for r in g)
        run = [g[0]]
        for r in g[1:] + [None]:
            if r is not None:
                between = [Line(ws) for ln in lines if run[-1].y < ln.top and ln.bottom < r.y
                           for ws in [[w for w in ln.words if x0 - 3 <= w.xc <= x1 + 3]] if ws]
                prose = sum(1 for ln in between if _is_prose_line(ln, x0, x1 - x0))
                if prose < 3:
                    run.append(r)
                    continue
            if len(run) >= 2 and any(run[0].y < ln.top and ln.bottom < run[-1].y for ln in lines):
                top, bottom = run[0].y, run[-1].y
                subs = [s for s in frame.hrules if top - 1 <= s.y <= bottom + 1 and s.x1 > x0 and s.x0 < x1]
                rx0 = min([x0] + [s.x0 for s in subs if s.x0 > x0 - 40])
                rx1 = max([x1] + [s.x1 for s in subs if s.x1 < x1 + 40])
                cuts = sorted(s.y for s in subs if s.width >= 0.6 * (x1 - x0))
                out.append(((rx0, top, rx1, bottom), cuts))
            run = [r] if r is not None else []
    return out


# ---------------------------------------------------------------- unruled tables
def _gutter(lines: list[Line], width: float) -> tuple[float, float] | None:
    """The widest x range in the middle third of the frame that almost no line crosses."""
    lo, hi = int(width / 3), int(2 * width / 3)
    if hi - lo < 10 or len(lines) < 10:
        return None
    cover = [0] * (hi - lo + 1)
    for ln in lines:
        for w in ln.words:
            for x in range(max(lo, int(w.x0)), min(hi, int(w.x1)) + 1):
                cover[x - lo] += 1
    limit = len(lines) // 20
    best: tuple[float, float] | None = None
    start = None
    for i, c in enumerate(cover + [limit + 1]):
        if c <= limit and start is None:
            start = i
        elif c > limit and start is not None:
            if i - start >= 6 and (best is None or i - start > best[1] - best[0]):
                best = (float(lo + start), float(lo + i))
            start = None
    return best


def _unruled(frame: Frame, taken: list[BBox], page_no: int) -> list[FoundTable]:
    """Unruled tables across the frame, then inside each text column of a two-column page."""
    words = [w for w in frame.words if not any(_inside(w, t, 2.0) for t in taken)] if taken else frame.words
    lines = group_lines(words) if taken else frame.lines()
    out = _unruled_blocks(frame, lines, page_no)
    gutter = _gutter(lines, frame.width)
    if gutter is not None:
        done = [frame.from_page(t.bbox) for t in out]
        for keep in (lambda w: w.x1 <= gutter[0] + 1, lambda w: w.x0 >= gutter[1] - 1):
            side = [w for w in words if keep(w) and not any(_inside(w, b, 2.0) for b in done)]
            out += _unruled_blocks(frame, group_lines(side), page_no)
    return out


def _unruled_blocks(frame: Frame, lines: list[Line], page_no: int) -> list[FoundTable]:
    out: list[FoundTable] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if len(split_phrases(ln, 0.8 * ln.size)) < 3:
            i += 1
            continue
        j = end = i + 1  # `end`: just after the last line of two or more phrases
        while j < len(lines) and j - end <= 3:  # up to three one-phrase lines (wrapped cells)
            nxt = lines[j]
            if nxt.top - lines[j - 1].bottom > 1.5 * nxt.size:
                break
            if len(split_phrases(nxt, 0.8 * nxt.size)) >= 2:
                end = j + 1
            j += 1
        j = end
        block = lines[i:j]
        multi = [b for b in block if len(split_phrases(b, 0.8 * b.size)) >= 3]
        if len(multi) >= 3:
            bbox = (min(b.x0 for b in block), block[0].top - 0.5, max(b.x1 for b in block), block[-1].bottom + 0.5)
            t = _region_table(frame, bbox, [], page_no, min_cols=3)
            if t is not None and len(t.rows) >= 3 and _aligned(t, block):
                out.append(t)
        i = max(j, i + 1)
    return out


def _aligned(t: FoundTable, block: list[Line]) -> bool:
    """Most multi-cell rows must fill at least three columns, and the columns must not be
    a numbered list set in columns (affiliations, references, footnotes)."""
    body = t.rows[t.header_rows:]
    full = sum(1 for r in body if sum(1 for c in r if c) >= 3)
    if full < 2 or full * 2 < len(body):
        return False
    for c in range(len(t.rows[0]) - 1):
        marks = [r[c] for r in t.rows if r[c]]
        nums = [int(m) for m in marks if m.isdigit()]
        text = [r[c + 1] for r in t.rows if r[c + 1]]
        numbered = len(nums) >= 3 and len(nums) * 2 >= len(marks) and nums == sorted(nums) \
            and nums[-1] - nums[0] == len(nums) - 1
        if numbered and text and sum(len(x) for x in text) / len(text) > 30:
            return False
    return True


# ---------------------------------------------------------------- entry points
def _has_grid(frame: Frame) -> bool:
    """Vertical rules at least two text lines tall (after joining per-cell pieces): worth
    pdfplumber's lines strategy. Row shading alone (one-line-tall boxes) is not."""
    return sum(1 for v in frame.vrules if v.x1 - v.x0 >= 24) >= 3 and len(frame.hrules) >= 2


def _caption_above(frame: Frame, bbox: BBox) -> str:
    """A "Table N ..." line set just above the table (within about three lines), or ""."""
    above = [ln for ln in frame.lines()
             if bbox[1] - 40 <= ln.bottom <= bbox[1] + 2 and ln.x1 > bbox[0] and ln.x0 < bbox[2]]
    for ln in sorted(above, key=lambda ln: -ln.top):
        text = " ".join(w.text for w in ln.words if bbox[0] - 20 <= w.xc <= bbox[2] + 20)
        if _CAPTION.match(text):
            return _clean(text)
    return ""


def _ruled_tables(page, settings: dict) -> list:
    """pdfplumber's table finder on explicit edges: it needs no pdfplumber page then,
    so any backend's page object serves (the cells come from the edges alone)."""
    from pdfplumber.table import TableFinder, TableSettings

    return TableFinder(page, TableSettings.resolve(settings)).tables


def find_tables(page, words: list[dict] | None = None) -> list[FoundTable]:
    """Tables on one page (pdfplumber's or a backend's, see extract.pdf.backends), each as
    rows of cell strings in reading order.

    `words` (pdfplumber word dicts, optional) saves re-extracting the upright text.
    """
    page_no = int(getattr(page, "page_number", 0) or 0)
    edges = page_edges(page)
    frames = page_frames(page, words, edges)
    found: list[FoundTable] = []
    grid_by_frame: dict[int, list[list[BBox]]] = {}
    if any(_has_grid(f) for f in frames):
        hs = [e for e in edges if e["height"] == 0]
        vs = [e for e in edges if e["width"] == 0]
        settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": vs, "explicit_horizontal_lines": hs}
        for t in _ruled_tables(page, settings):
            cells = [tuple(c) for c in t.cells]
            best = max(range(len(frames)),
                       key=lambda k: sum(1 for w in frames[k].words if _inside(w, frames[k].from_page(t.bbox))))
            grid_by_frame.setdefault(best, []).append(cells)
    first_of_frame = 0
    for k, frame in enumerate(frames):
        taken: list[BBox] = []
        for cells in grid_by_frame.get(k, []):
            ft = _grid_table(frame, cells, page_no)
            if ft is not None:
                found.append(ft)
                taken.append(frame.from_page(ft.bbox))
        for bbox, cuts in _rule_regions(frame, taken):
            if any(_overlap_share(bbox, t) > 0.3 for t in taken):
                continue  # a rule group inside a table already read (e.g. a header's sub-rules)
            if _diagram(frame, bbox):
                taken.append(bbox)
                continue
            bbox = _extend_down(frame, bbox)
            ft = _region_table(frame, bbox, cuts, page_no)
            if ft is not None:
                found.append(ft)
                taken.append(frame.from_page(ft.bbox))
        found.extend(_unruled(frame, taken, page_no))
        for t in found[first_of_frame:]:
            t.caption = _caption_above(frame, frame.from_page(t.bbox))
        first_of_frame = len(found)
    for t in found:
        t.page_height = float(page.height)
    found.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return found


# ---------------------------------------------------------------- stitching
def _norm_row(row: list[str]) -> tuple[str, ...]:
    return tuple("".join(ch for ch in c.lower() if ch.isalnum()) for c in row)


def _looks_like_body(row: list[str], header: list[str]) -> bool:
    digits = sum(1 for c in row if any(ch.isdigit() for ch in c))
    head_digits = sum(1 for c in header if any(ch.isdigit() for ch in c))
    return digits > head_digits


def _continues(prev: StitchedTable, prev_t: FoundTable, t: FoundTable) -> list[list[str]] | None:
    """Rows of `t` to append to `prev` when `t` carries it on, else None."""
    ncol = len(prev.rows[0]) if prev.rows else 0
    if not t.rows or len(t.rows[0]) != ncol or not prev.header_rows:
        return None
    if prev_t.page_height and t.page_height:  # runs to the foot of one page, restarts at the head of the next
        if prev_t.bbox[3] < 0.7 * prev_t.page_height or t.bbox[1] > 0.3 * t.page_height:
            return None
    if t.caption and not _CONTINUED.search(t.caption):
        return None  # a new numbered table starts here
    head = prev.rows[: prev.header_rows]
    if t.header_rows == len(head) and all(_norm_row(a) == _norm_row(b) for a, b in zip(head, t.rows)):
        return t.rows[t.header_rows:]
    same_place = abs(prev_t.bbox[0] - t.bbox[0]) <= 20 and abs(prev_t.bbox[2] - t.bbox[2]) <= 20
    if same_place and _looks_like_body(t.rows[0], head[0]):
        return t.rows
    return None


def _next_column(prev: StitchedTable, prev_t: FoundTable, t: FoundTable) -> bool:
    """`t` carries `prev` on in the next column of the same page: beside it, level with its
    top, under the same header repeated."""
    if not t.rows or not prev.rows or len(t.rows[0]) != len(prev.rows[0]) or not t.header_rows:
        return False
    if t.bbox[0] < prev_t.bbox[2] - 5 or abs(t.bbox[1] - prev_t.bbox[1]) > 30:
        return False
    if t.caption and not _CONTINUED.search(t.caption):
        return False
    head = prev.rows[: prev.header_rows]
    return t.header_rows == len(head) and all(_norm_row(a) == _norm_row(b) for a, b in zip(head, t.rows))


def stitch_tables(per_page: list[tuple[int, list[FoundTable]]]) -> list[StitchedTable]:
    """Join a table ending page N with the first table of page N+1 when it continues it:
    same number of columns and either the header repeated (dropped) or, in the same place
    on the page, a first row that reads as body rather than header. A table carried on in
    the next column of the same page under its repeated header is joined too."""
    out: list[StitchedTable] = []
    last_page_tail: StitchedTable | None = None
    last_found: FoundTable | None = None
    last_page_no = None
    for page_no, tables in sorted(per_page, key=lambda x: x[0]):
        tail: StitchedTable | None = None
        tail_found: FoundTable | None = None
        for idx, t in enumerate(tables):
            cont = None
            if (idx == 0 and last_page_tail is not None and last_found is not None
                    and last_page_no == page_no - 1):
                cont = _continues(last_page_tail, last_found, t)
            if cont is not None:
                assert last_page_tail is not None
                last_page_tail.rows.extend([list(r) for r in cont])
                last_page_tail.pages = last_page_tail.pages + (page_no,)
                last_page_tail.bboxes.append((page_no, t.bbox))
                tail, tail_found = last_page_tail, t
                continue
            if tail is not None and tail_found is not None and _next_column(tail, tail_found, t):
                tail.rows.extend([list(r) for r in t.rows[t.header_rows:]])
                tail.bboxes.append((page_no, t.bbox))
                tail_found = t
                continue
            st = StitchedTable(page_no, (page_no,), [(page_no, t.bbox)], [list(r) for r in t.rows], t.header_rows)
            out.append(st)
            tail, tail_found = st, t
        last_page_tail = tail if tables else None
        last_found = tail_found if tables else None
        last_page_no = page_no
    return out


def to_table(stitched: StitchedTable):
    """The document model's immutable Table for a stitched table."""
    from extract.document import Table

    width = max((len(r) for r in stitched.rows), default=0)
    rows = tuple(tuple(r) + ("",) * (width - len(r)) for r in stitched.rows)
    return Table(rows=rows, header_rows=stitched.header_rows, pages=stitched.pages)
