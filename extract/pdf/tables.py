"""Find tables on a PDF page and join tables that continue over pages.

Three kinds of table are read, in this order of trust:
1. ruled grids (vertical and horizontal rules): pdfplumber's lines strategy
   gives the cells, our own words fill them;
2. rule-bounded tables (booktabs style: horizontal rules only): the region
   between rules of the same width, columns from word gaps;
3. unruled tables: runs of lines whose word gaps line up down the rows, with
   at least three columns, so that two-column prose never reads as a table.
Cells are filled from words (superscripts kept as separate tokens), wrapped
cell lines are joined with a space, and a landscape table printed sideways on a
portrait page is read in its own upright frame.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .table_rules import BBox, Frame, Line, Rule, Word, group_lines, join_words, page_edges, page_frames

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


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


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


# ---------------------------------------------------------------- word-gap columns
def _gaps(lines: list[Line], x0: float, x1: float, min_gap: float, allowed: int = 0) -> list[tuple[float, float]]:
    """x ranges the lines' words leave open (up to `allowed` lines may cross): the
    whitespace between columns."""
    step = 0.5
    n = int((x1 - x0) / step) + 2
    diff = [0] * (n + 1)
    lo, hi = n, 0
    for ln in lines:
        for w in ln.words:
            a = max(0, int((w.x0 - x0) / step))
            b = min(n, int((w.x1 - x0) / step) + 1)
            if a < b:
                diff[a] += 1
                diff[b] -= 1
                lo, hi = min(lo, a), max(hi, b)
    gaps = []
    cover = 0
    start = None
    for i in range(lo, hi):
        cover += diff[i] if i > lo else sum(diff[: lo + 1])
        if cover <= allowed:
            if start is None:
                start = i
        elif start is not None:
            if (i - start) * step >= min_gap:
                gaps.append((x0 + start * step, x0 + i * step))
            start = None
    return gaps


def _phrases(line: Line, gap: float) -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in line.words:
        if out and w.x0 - out[-1][-1].x1 < gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _columns(lines: list[Line], x0: float, x1: float) -> list[tuple[float, float]]:
    """Column x-ranges from gaps that the multi-phrase lines leave open."""
    if not lines:
        return []
    size = sorted(ln.size for ln in lines)[len(lines) // 2]
    multi = [ln for ln in lines if len(_phrases(ln, 0.6 * size)) >= 2]
    basis = multi if len(multi) >= 2 else lines
    min_gap = max(2.0, 0.42 * size) if len(basis) >= 4 else 0.6 * size
    gaps = _gaps(basis, x0, x1, min_gap)
    if not gaps and len(basis) >= 10:  # a note or spanning label set inside the table may cross
        gaps = _gaps(basis, x0, x1, min_gap, allowed=len(basis) // 10)
    lo = min(ln.x0 for ln in lines)
    hi = max(ln.x1 for ln in lines)
    cols = []
    start = lo
    for a, b in gaps:
        cols.append((start, a))
        start = b
    cols.append((start, hi))
    return cols


def _crosses(line: Line, cols: list[tuple[float, float]]) -> bool:
    """True when a word of the line runs through the gap between two columns."""
    gaps = [(a[1], b[0]) for a, b in zip(cols, cols[1:])]
    return any(w.x0 < g1 - 0.5 and w.x1 > g0 + 0.5 for w in line.words for g0, g1 in gaps)


def _drop_trailing_notes(lines: list[Line], cols: list[tuple[float, float]]) -> list[Line]:
    """Cut a note or caption under the table: lines running across the columns, with their
    one-column continuation lines."""
    k = len(lines) - 1
    while k > 0:
        ln = lines[k]
        if _crosses(ln, cols):
            lines = lines[:k]
            k = len(lines) - 1
            continue
        used = {_col_of(w, cols) for w in ln.words}
        if len(used) >= 2:
            break
        k -= 1
    return lines


def _col_of(w: Word, cols: list[tuple[float, float]]) -> int:
    best, best_ov = -1, 0.0
    for i, (a, b) in enumerate(cols):
        ov = min(b, w.x1) - max(a, w.x0)
        if ov > best_ov:
            best, best_ov = i, ov
    if best >= 0:
        return best
    return min(range(len(cols)), key=lambda i: min(abs(cols[i][0] - w.xc), abs(cols[i][1] - w.xc)))


def _split_line(line: Line, cols: list[tuple[float, float]], spanning: bool = False) -> list[list[Word]]:
    """Words of a line by column; with `spanning`, a run of words set with ordinary spaces
    stays whole in the column where it starts (a header spanning several columns)."""
    cells: list[list[Word]] = [[] for _ in cols]
    if not spanning:
        for w in line.words:
            cells[_col_of(w, cols)].append(w)
        return cells
    narrowest = min((b[0] - a[1] for a, b in zip(cols, cols[1:])), default=line.size)
    for ph in _phrases(line, min(0.45 * line.size, 0.95 * narrowest)):
        first = ph[0]
        home = next((i for i, (a, b) in enumerate(cols) if a - 0.5 <= first.xc <= b + 0.5), -1)
        if home < 0:
            span = Word("", first.x0, ph[-1].x1, first.top, first.bottom)
            home = _col_of(span, cols)
        cells[home].extend(ph)
    return cells


_NUMBER_START = re.compile(r"^[<>\u2264\u2265\u00b1\u2212+-]?\d")


def _starts_number(cell: list[Word]) -> bool:
    """A cell opening with a number is a new value, not the tail of wrapped text."""
    return bool(_NUMBER_START.match(min(cell, key=lambda w: w.x0).text))


def _outdented(above: list[Word], here: list[Word]) -> bool:
    """Continuation lines never stick out left of the cell's text above."""
    return min(w.x0 for w in here) < min(w.x0 for w in above) - 2.0


def _wraps(above: list[Word], here: list[Word], col: tuple[float, float], width: float, size: float) -> bool:
    """Could `here` be the wrapped continuation of the cell text `above`?"""
    if not above or _outdented(above, here):
        return False
    first = min(here, key=lambda w: w.x0)
    need = max(w.x1 for w in above) - col[0] + 0.25 * size + first.x1 - first.x0
    # the first word here would not have fitted on the line above; text going on in lower
    # case reads as a wrap more readily than a capitalised start (often a new label)
    return need >= (0.97 if first.text[:1].isupper() else 0.8) * width


def _anchor(split: list[list[list[Word]]], ncol: int) -> int:
    """The column that marks where rows begin: filled on the fullest lines (row starts) and
    on as few other lines as possible (it never wraps)."""
    fill = [sum(1 for cell in r if cell) for r in split]
    top = max(fill, default=0)
    full = [r for r, f in zip(split, fill) if f >= top]
    best, best_count = 0, None
    for c in range(ncol):
        if sum(1 for r in full if r[c]) < 0.9 * len(full):
            continue
        count = sum(1 for r in split if r[c])
        if best_count is None or count < best_count:
            best, best_count = c, count
    return best


def _assemble(lines: list[Line], cols: list[tuple[float, float]], cuts: list[float],
              header: bool = False) -> list[list[list[Word]]]:
    """Group lines into rows; a line continues the row above only when it fills wrapped cells."""
    ncol = len(cols)
    split = [_split_line(ln, cols, spanning=True) for ln in lines]
    anchor = -1 if header else _anchor(split, ncol)
    # a column's text width, not counting runs that span into the next columns
    widths = [max(1.0, min(cols[c][1] - cols[c][0],
                           max((max(w.x1 for w in r[c]) - cols[c][0] for r in split if r[c]), default=1.0)))
              for c in range(ncol)]
    # the tightest line pitch in the table is the pitch inside a wrapped cell: a clearly
    # wider step down starts a new row
    pitches = [b.base - a.base for a, b in zip(lines, lines[1:]) if b.base - a.base >= 0.7 * b.size]
    small = min(pitches) if pitches else 0.0
    rows: list[list[list[Word]]] = []
    for k, (ln, cells) in enumerate(zip(lines, split)):
        new = k == 0
        if not new:
            prev, prev_line = split[k - 1], lines[k - 1]
            if any(prev_line.bottom <= y <= ln.top for y in cuts):
                new = True
            elif not header and small and ln.base - prev_line.base > 1.25 * small:
                new = True
            elif header:  # header lines stack unless every cell carries on a cell above
                new = not all(prev[c] for c in range(ncol) if cells[c])
            else:
                here = [c for c in range(ncol) if cells[c]]
                wraps = [_wraps(prev[c], cells[c], cols[c], widths[c], ln.size) for c in here]
                together = (len(here) >= 2 and any(wraps)
                            and all(prev[c] and not _outdented(prev[c], cells[c])
                                    and not _starts_number(cells[c]) for c in here))
                if anchor in here:  # the anchor opens rows, unless it visibly wraps with the rest
                    lead = min(cells[anchor], key=lambda w: w.x0).text[:1]
                    new = not (together and wraps[here.index(anchor)] and not lead.isupper())
                else:
                    new = not (together or all(wraps))
        if new:
            rows.append([list(c) for c in cells])
        else:
            for c in range(ncol):
                rows[-1][c].extend(cells[c])
    if cuts and not header:
        bands: list[list[list[Word]]] = []
        edges = sorted(cuts)
        last_band = -1
        for ln, cells in zip(lines, split):
            band = sum(1 for y in edges if y < ln.top)
            if band != last_band:
                bands.append([list(c) for c in cells])
                last_band = band
            else:
                for c in range(ncol):
                    bands[-1][c].extend(cells[c])
        if len(bands) >= 2 and len(bands) >= 0.6 * len(rows):
            return bands  # rules between (almost) every row: they, not the text, define rows
    return rows


def _looks_like_prose(rows: list[list[list[Word]]]) -> bool:
    """Mostly long cells, or a column of paragraphs (an abstract beside a keyword list)."""
    cells = [c for r in rows for c in r if c]
    if not cells:
        return True
    long = sum(1 for c in cells if len(c) >= 7)
    if long * 2 > len(cells):
        return True
    for c in range(max(len(r) for r in rows)):
        lens = sorted(len(r[c]) for r in rows if c < len(r) and r[c])
        if len(lens) >= 2 and lens[len(lens) // 2] >= 20:
            return True
        lines = group_lines([w for r in rows if c < len(r) for w in r[c]])
        if len(lines) >= 4:  # justified text: many-word lines ending flush at the same x
            right = max(ln.x1 for ln in lines)
            flush = sum(1 for ln in lines if ln.x1 >= right - 1.5 and len(ln.words) >= 6)
            if flush * 2 > len(lines):
                return True
    return False


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
    if inner:
        above = [ln for ln in lines if ln.bottom <= inner[0] + 1]
        if above and len(above) < len(lines):
            head_lines, body_lines = above, [ln for ln in lines if ln.bottom > inner[0] + 1]
    cols = _columns(body_lines, bbox[0] - 2, bbox[2] + 2)
    if len(cols) < min_cols:
        return None
    body_lines = _drop_trailing_notes(body_lines, cols)
    lines = head_lines + body_lines
    body = _assemble(body_lines, cols, inner[1:] if head_lines else inner)
    if head_lines:
        head = _assemble(head_lines, cols, [], header=True)
        rows_w = head + body
        header_rows = len(head)
    else:
        rows_w = body
        header_rows = _header_by_bold(rows_w)
        if header_rows > 1:  # several bold lines make one header row
            merged = [[w for r in rows_w[:header_rows] for w in r[c]] for c in range(len(cols))]
            rows_w = [merged] + rows_w[header_rows:]
            header_rows = 1
    if len(rows_w) - header_rows < 1 or _looks_like_prose(rows_w[header_rows:]):
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
    phrases = _phrases(line, 0.8 * line.size)
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
    if not inside or len(inside) > 3 or any(_NUMBER_START.match(w.text) for ln in inside for w in ln.words):
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
def _unruled(frame: Frame, taken: list[BBox], page_no: int) -> list[FoundTable]:
    if taken:
        lines = group_lines([w for w in frame.words if not any(_inside(w, t, 2.0) for t in taken)])
    else:
        lines = frame.lines()
    out: list[FoundTable] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if len(_phrases(ln, 0.8 * ln.size)) < 3:
            i += 1
            continue
        j = i + 1
        singles = 0
        while j < len(lines):
            nxt = lines[j]
            if nxt.top - lines[j - 1].bottom > 1.5 * nxt.size:
                break
            if len(_phrases(nxt, 0.8 * nxt.size)) >= 2:
                singles = 0
            else:
                singles += 1
                if singles > 3:
                    break
            j += 1
        j -= singles
        block = lines[i:j]
        multi = [b for b in block if len(_phrases(b, 0.8 * b.size)) >= 3]
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


def find_tables(page, words: list[dict] | None = None) -> list[FoundTable]:
    """Tables on one pdfplumber page, each as rows of cell strings in reading order.

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
        for t in page.find_tables(settings):
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
