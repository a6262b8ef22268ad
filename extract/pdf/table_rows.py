"""Rows and columns of a table region from its words: the word-gap half of table finding.

Columns are the x ranges the lines' words leave open; rows start where the anchor
column (filled on row starts only) has text, where a rule or a wider line step
separates lines, or where a line cannot be the wrapped tail of the cell text above.
"""
from __future__ import annotations

import re

from .table_rules import Line, Word, group_lines

def column_gaps(lines: list[Line], x0: float, x1: float, min_gap: float, allowed: int = 0) -> list[tuple[float, float]]:
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


def split_phrases(line: Line, gap: float) -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in line.words:
        if out and w.x0 - out[-1][-1].x1 < gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def columns(lines: list[Line], x0: float, x1: float) -> list[tuple[float, float]]:
    """Column x-ranges from gaps that the multi-phrase lines leave open."""
    if not lines:
        return []
    size = sorted(ln.size for ln in lines)[len(lines) // 2]
    multi = [ln for ln in lines if len(split_phrases(ln, 0.6 * size)) >= 2]
    basis = multi if len(multi) >= 2 else lines
    min_gap = max(2.0, 0.42 * size) if len(basis) >= 4 else 0.6 * size
    gaps = column_gaps(basis, x0, x1, min_gap)
    if not gaps and len(basis) >= 10:  # a note or spanning label set inside the table may cross
        gaps = column_gaps(basis, x0, x1, min_gap, allowed=len(basis) // 10)
    lo = min(ln.x0 for ln in lines)
    hi = max(ln.x1 for ln in lines)
    cols = []
    start = lo
    for a, b in gaps:
        cols.append((start, a))
        start = b
    cols.append((start, hi))
    return cols


def crosses(line: Line, cols: list[tuple[float, float]]) -> bool:
    """True when a word of the line runs through the gap between two columns."""
    gaps = [(a[1], b[0]) for a, b in zip(cols, cols[1:])]
    return any(w.x0 < g1 - 0.5 and w.x1 > g0 + 0.5 for w in line.words for g0, g1 in gaps)


def drop_trailing_notes(lines: list[Line], cols: list[tuple[float, float]]) -> list[Line]:
    """Cut a note or caption under the table: lines running across the columns, with their
    one-column continuation lines."""
    k = len(lines) - 1
    while k > 0:
        ln = lines[k]
        if crosses(ln, cols):
            lines = lines[:k]
            k = len(lines) - 1
            continue
        used = {col_of(w, cols) for w in ln.words}
        if len(used) >= 2:
            break
        k -= 1
    return lines


def col_of(w: Word, cols: list[tuple[float, float]]) -> int:
    best, best_ov = -1, 0.0
    for i, (a, b) in enumerate(cols):
        ov = min(b, w.x1) - max(a, w.x0)
        if ov > best_ov:
            best, best_ov = i, ov
    if best >= 0:
        return best
    return min(range(len(cols)), key=lambda i: min(abs(cols[i][0] - w.xc), abs(cols[i][1] - w.xc)))


def split_line(line: Line, cols: list[tuple[float, float]], spanning: bool = False) -> list[list[Word]]:
    """Words of a line by column; with `spanning`, a run of words set with ordinary spaces
    stays whole in the column where it starts (a header spanning several columns)."""
    cells: list[list[Word]] = [[] for _ in cols]
    if not spanning:
        for w in line.words:
            cells[col_of(w, cols)].append(w)
        return cells
    narrowest = min((b[0] - a[1] for a, b in zip(cols, cols[1:])), default=line.size)
    for ph in split_phrases(line, min(0.45 * line.size, 0.95 * narrowest)):
        first = ph[0]
        home = next((i for i, (a, b) in enumerate(cols) if a - 0.5 <= first.xc <= b + 0.5), -1)
        if home < 0:
            span = Word("", first.x0, ph[-1].x1, first.top, first.bottom)
            home = col_of(span, cols)
        cells[home].extend(ph)
    return cells


NUMBER_START = re.compile(r"^[<>\u2264\u2265\u00b1\u2212+-]?\d")


def starts_number(cell: list[Word]) -> bool:
    """A cell opening with a number is a new value, not the tail of wrapped text."""
    return bool(NUMBER_START.match(min(cell, key=lambda w: w.x0).text))


def open_end(cell: list[Word]) -> bool:
    """The cell's text stops mid-value: a range, a bracket or a list left open ("0.70–", "(", "3,")."""
    last = max(cell, key=lambda w: (w.top, w.x0)).text
    return bool(re.search(r"[-\u2013\u2014(\[,;/]$|\bto$", last))


def outdented(above: list[Word], here: list[Word]) -> bool:
    """Continuation lines never stick out left of the cell's text above."""
    return min(w.x0 for w in here) < min(w.x0 for w in above) - 2.0


def can_wrap(above: list[Word], here: list[Word], col: tuple[float, float], width: float, size: float) -> bool:
    """Could `here` be the wrapped continuation of the cell text `above`?"""
    if not above or outdented(above, here):
        return False
    first = min(here, key=lambda w: w.x0)
    need = max(w.x1 for w in above) - col[0] + 0.25 * size + first.x1 - first.x0
    # the first word here would not have fitted on the line above; text going on in lower
    # case reads as a wrap more readily than a capitalised start (often a new label)
    return need >= (0.97 if first.text[:1].isupper() else 0.8) * width


def anchor_column(split: list[list[list[Word]]], ncol: int) -> int:
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


def assemble(lines: list[Line], cols: list[tuple[float, float]], cuts: list[float],
              header: bool = False) -> list[list[list[Word]]]:
    """Group lines into rows; a line continues the row above only when it fills wrapped cells."""
    ncol = len(cols)
    split = [split_line(ln, cols, spanning=True) for ln in lines]
    anchor = -1 if header else anchor_column(split, ncol)
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
                wraps = [can_wrap(prev[c], cells[c], cols[c], widths[c], ln.size) for c in here]
                together = (len(here) >= 2 and any(wraps)
                            and all(prev[c] and not outdented(prev[c], cells[c])
                                    and not starts_number(cells[c]) for c in here))
                if anchor in here:  # the anchor opens rows, unless it visibly wraps with the rest
                    lead = min(cells[anchor], key=lambda w: w.x0).text[:1]
                    new = not (together and wraps[here.index(anchor)] and not lead.isupper())
                else:
                    # a value under a closed value is a new row's value ("14.9 [11.8-18.1]" over
                    # "56.5 [54.0-59.1]"); a range left open above ("0.82 (0.70-") goes on
                    fresh = any(prev[c] and starts_number(prev[c]) and starts_number(cells[c])
                                and not open_end(prev[c]) for c in here)
                    new = not (together or (all(wraps) and not fresh))
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


def looks_like_prose(rows: list[list[list[Word]]]) -> bool:
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
