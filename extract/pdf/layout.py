"""Rows of words -> reading order -> line groups (paragraphs, headings, captions).

Reading order is found by cutting the page at its gutter: the vertical strip
that the fewest rows cross. Rows that cross it (a title, a full-width table,
a caption across the page) form full-width bands; between them, runs of rows
that do not cross it are split into a left and a right column when both sides
look like text columns, and each column is read top to bottom (recursively,
so three columns and nested layouts work). Bands are read top to bottom.
This handles single-column, two-column and mixed pages with one rule.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from extract.pdf.chars import Row, Word

MAX_DEPTH = 4


def _median(values: list[float], default: float = 0.0) -> float:
    if not values:
        return default
    values = sorted(values)
    return values[len(values) // 2]


def _side(rows: list[Row], keep) -> list[Row]:
    out = []
    for r in rows:
        ws = [w for w in r.words if keep(w)]
        if ws:
            out.append(r if len(ws) == len(r.words) else Row(ws, r.baseline, full=r.full))
    return out


def mark_table_captions(rows: list[Row], table_rows: list[Row]) -> None:
    """A "Table N" caption just above a table belongs to the table's band, not to a column."""
    for t in table_rows:
        tw = t.words[0]
        for r in rows:
            if r.full or r.bottom > tw.top + 1 or tw.top - r.bottom > 4 * r.size:
                continue
            if r.x0 >= tw.x0 - 2 * r.size and r.x1 <= tw.x1 + 2 * r.size:
                if _CAPTION.match(row_text(r)):
                    r.full = True
                    # the caption's further lines, down to the table
                    for r2 in rows:
                        if r.baseline < r2.baseline and r2.bottom <= tw.top + 1 and r2.x0 >= tw.x0 - 2 * r2.size:
                            r2.full = True


SPACE = 0.75  # gaps narrower than this many font sizes are word spaces, not gutters


def _spans(row: Row) -> list[tuple[float, float]]:
    """Horizontal extents of a row's runs of words (word spaces bridged)."""
    out: list[list[float]] = []
    for w in row.words:
        if out and w.x0 - out[-1][1] <= SPACE * max(w.size, row.size):
            out[-1][1] = max(out[-1][1], w.x1)
        else:
            out.append([w.x0, w.x1])
    return [(a, b) for a, b in out]


def _gutter(rows: list[Row], x0: float, x1: float) -> tuple[float, float, int] | None:
    """The gutter strip (g0, g1, rows crossing it), or None.

    Candidates are the strips few rows cross (local minima of row coverage);
    the winner is the one most rows end just left of and start just right of,
    so a narrow keyword column beside an abstract, or a sidebar, is found
    even when another strip is crossed by fewer rows.
    """
    width = x1 - x0
    n = int(width) + 2
    spans = [_spans(r) for r in rows]
    diff = [0] * (n + 1)
    for row_spans in spans:
        last_end = -1
        for sx0, sx1 in row_spans:  # left to right; count each row once per bin
            s = max(int(sx0 - x0), last_end + 1, 0)
            e = min(int(sx1 - x0) + 1, n)
            if e > s:
                diff[s] += 1
                diff[e] -= 1
                last_end = e - 1
    cov = []
    acc = 0
    for i in range(n):
        acc += diff[i]
        cov.append(acc)
    lo = int(0.15 * width)
    hi = int(0.85 * width)
    size = _median([r.size for r in rows], 10.0)
    k = int(max(4.0, 0.5 * size))
    if hi - lo < k + 2:
        return None
    wmax = [max(cov[i:i + k]) for i in range(lo, hi - k + 1)]
    limit = len(rows) - 3  # rows that cross a gutter form full-width bands
    reach = 3.0 * size
    cands: list[tuple[int, int, float, float]] = []  # (score, crossing rows, g0, g1)
    i = 0
    while i < len(wmax):
        c = wmax[i]
        j = i
        while j + 1 < len(wmax) and wmax[j + 1] == c:
            j += 1
        local_min = (i == 0 or wmax[i - 1] > c) and (j == len(wmax) - 1 or wmax[j + 1] > c)
        if c <= limit and local_min:
            a, b = lo + i, lo + j + k
            while a > 0 and cov[a - 1] <= c:
                a -= 1
            while b < n and cov[b] <= c:
                b += 1
            g0, g1 = x0 + a, x0 + b
            left = sum(1 for rs in spans if any(g0 - reach <= e <= g0 + 0.5 for _, e in rs))
            right = sum(1 for rs in spans if any(g1 - 0.5 <= s <= g1 + reach for s, _ in rs))
            cands.append((min(left, right), c, g0, g1))
        i = j + 1
    if not cands:
        return None
    top = max(sc for sc, _, _, _ in cands)
    good = [cd for cd in cands if cd[0] >= max(2, 0.25 * top)]
    if not good:
        return None
    # the least-crossed strip among those that really separate text on both sides
    score, c, g0, g1 = min(good, key=lambda cd: (cd[1], -cd[0]))
    return g0, g1, c


def _column_like(rows: list[Row], edge: float, side: str) -> bool:
    """Do these rows read as a text column whose inner edge is `edge`?"""
    if len(rows) < 2:
        return False
    if side == "left":
        left = min(r.x0 for r in rows)
        span = edge - left
        near = sum(1 for r in rows if r.x1 >= edge - 0.3 * span)
    else:
        right = max(r.x1 for r in rows)
        span = right - edge
        near = sum(1 for r in rows if r.x0 <= edge + 0.3 * span)
    return span > 40 and near * 2 >= len(rows)


def _table_like(left: list[Row], right: list[Row]) -> bool:
    """Rows on both sides of a gap that pair up baseline by baseline and are short: a table."""
    bases = sorted(r.baseline for r in right)
    short_right = {round(r.baseline, 1) for r in right if len(r.words) <= 4}
    paired = 0
    for r in left:
        if len(r.words) > 4:
            continue
        k = bisect.bisect_left(bases, r.baseline - 1.5)
        if k < len(bases) and bases[k] <= r.baseline + 1.5:
            partner = min((b for b in bases[k:k + 3]), key=lambda b: abs(b - r.baseline))
            if round(partner, 1) in short_right:
                paired += 1
    return paired * 2 >= min(len(left), len(right))


def order_rows(rows: list[Row], depth: int = 0) -> list[list[Row]]:
    """Split rows into flows (lists of rows read top to bottom), in reading order."""
    rows = sorted(rows, key=lambda r: (r.baseline, r.x0))
    if len(rows) < 4 or depth >= MAX_DEPTH:
        return [rows] if rows else []
    x0 = min(r.x0 for r in rows)
    x1 = max(r.x1 for r in rows)
    if x1 - x0 < 120:
        return [rows]
    g = _gutter(rows, x0, x1)
    if g is None:
        return [rows]
    g0, g1, _ = g
    bands: list[tuple[bool, list[Row]]] = []
    for r in rows:
        crosses = r.full or any(a < g1 - 0.5 and b > g0 + 0.5 for a, b in _spans(r))
        if bands and bands[-1][0] == crosses:
            bands[-1][1].append(r)
        else:
            bands.append((crosses, [r]))
    flows: list[list[Row]] = []
    single: list[Row] = []

    def flush() -> None:
        if single:
            flows.append(list(single))
            single.clear()

    for crosses, band in bands:
        if crosses:
            # a full-width band may hold columns of its own at another gutter
            # (an abstract box with a narrow keyword column beside it)
            sub = order_rows(band, depth + 1) if len(band) >= 6 and not any(r.full for r in band) else [band]
            if len(sub) > 1:
                flush()
                flows.extend(sub)
            else:
                single.extend(band)
            continue
        left = _side(band, lambda w: w.x1 <= g0 + 0.5)
        right = _side(band, lambda w: w.x0 >= g1 - 0.5)
        if (
            len(left) >= 2
            and len(right) >= 2
            and (_column_like(left, g0, "left") or _column_like(right, g1, "right"))
            and not _table_like(left, right)
        ):
            flush()
            flows.extend(order_rows(left, depth + 1))
            flows.extend(order_rows(right, depth + 1))
        elif (len(left) >= 3 and not right and _column_like(left, g0, "left")) or (
            len(right) >= 3 and not left and _column_like(right, g1, "right")
        ):
            flush()
            flows.extend(order_rows(left or right, depth + 1))
        else:
            single.extend(band)
    flush()
    return flows


# ---------------------------------------------------------------- grouping
_CAPTION = re.compile(
    r"^(?:(?:supplementary|supplemental|extended data)\s+)?(?:table|fig\.?|figure|box|chart|scheme)\s*"
    r"(?:[A-Z]?\d+[A-Za-z]?|[IVX]+)\b",
    re.I,
)
_SENT_END = re.compile(r"[.!?:;]['\")\]]*$")


@dataclass
class Group:
    """Consecutive rows of one kind: a paragraph, a heading, a caption or a table slot."""

    kind: str
    rows: list[Row] = field(default_factory=list)
    table_index: int | None = None

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        ws = [w for r in self.rows for w in r.words]
        return (
            min(w.obox[0] for w in ws),
            min(w.obox[1] for w in ws),
            max(w.obox[2] for w in ws),
            max(w.obox[3] for w in ws),
        )


def row_text(row: Row) -> str:
    return " ".join(w.text for w in row.words)


def _headingish(row: Row, body_size: float) -> bool:
    main = [w for w in row.words if not w.sup]
    if not main or len(main) > 14:
        return False
    size = _median([w.size for w in main])
    if size >= body_size * 1.15:
        return True
    if all(w.bold for w in main):
        # bold body-size text ending in "," or ";" is a run-in list (affiliations), not a heading
        return not main[-1].text.endswith((",", ";"))
    # an all-capitals line ("INTRODUCTION"), not a fragment like "HER2+/HR+ EBC) [63]."
    text = " ".join(w.text for w in main)
    alpha = [c for c in text if c.isalpha()]
    return (
        len(alpha) >= 4
        and all(c.isupper() for c in alpha)
        and len(main) <= 10
        and size >= body_size * 0.95
        and any(w.text.isalpha() and len(w.text) >= 4 for w in main)
        and not re.search(r"[.,;:)\]]$", text)
    )


def table_slot(row: Row) -> int | None:
    if len(row.words) == 1 and row.words[0].text.startswith("\x00T"):
        return int(row.words[0].text[2:])
    return None


def group_rows(flows: list[list[Row]], body_size: float) -> list[Group]:
    """Paragraph-level groups in reading order for one page."""
    groups: list[Group] = []
    last_flow_right = last_flow_width = 0.0
    for flow in flows:
        if not flow:
            continue
        left = _median([r.x0 for r in flow])
        right = max(r.x1 for r in flow)
        pitches = [b.baseline - a.baseline for a, b in zip(flow, flow[1:])]
        sizes = [a.size for a in flow[:-1]]
        normal = [p for p, s in zip(pitches, sizes) if 0.9 * s <= p <= 2.0 * s]
        pitch = _median(normal, 1.25 * body_size)
        first_in_flow = True
        prev: Row | None = None
        prev_right, prev_width = last_flow_right, last_flow_width
        last_flow_right, last_flow_width = right, right - left
        for row in flow:
            slot = table_slot(row)
            if slot is not None:
                groups.append(Group("table", [row], slot))
                prev = None
                first_in_flow = False
                continue
            head = _headingish(row, body_size)
            text = row_text(row)
            kind = "caption" if _CAPTION.match(text) else ("heading" if head else "body")
            new = True
            cur = groups[-1] if groups else None
            if cur is not None and cur.kind != "table":
                last = cur.rows[-1]
                if prev is not None:
                    gap = row.baseline - prev.baseline
                    same_style = head == _headingish(prev, body_size)
                    indent = (
                        row.x0 - left > 0.8 * row.size
                        and prev.x0 - left < 0.4 * row.size
                        and bool(_SENT_END.search(row_text(prev)))
                    )
                    short_prev = prev.x1 < right - 2.0 * prev.size and _SENT_END.search(row_text(prev))
                    # "Table 1" opens a caption unless it merely continues a sentence
                    caption_start = kind == "caption" and (
                        bool(_SENT_END.search(row_text(prev))) or row.words[0].bold
                    )
                    new = (
                        caption_start
                        or not same_style
                        or abs(row.size - prev.size) > 0.08 * prev.size
                        or gap > max(pitch, 1.3 * max(row.size, prev.size)) + 0.45 * row.size
                        or gap < 0
                        or (cur.kind == "body" and (indent or short_prev))
                    )
                elif (
                    first_in_flow
                    and cur.kind == kind
                    and abs(row.size - last.size) <= 0.08 * last.size
                    and 0 < row.baseline - last.baseline <= 1.6 * max(row.size, last.size)
                    and row.x0 < last.x1 and last.x0 < row.x1
                ):
                    new = False  # the next line right below, cut off by a column split (a title's last line)
                elif first_in_flow and cur.kind == "body" and kind == "body" and row.baseline < last.baseline:
                    # a paragraph running on from the previous column (which ended lower down
                    # with a full line, not with the short last line of a paragraph or a list)
                    ends = row_text(last)
                    same_width = abs((right - left) - prev_width) <= 0.2 * max(right - left, prev_width)
                    full_line = last.x1 >= prev_right - 2.5 * last.size and same_width
                    new = (
                        (bool(_SENT_END.search(ends)) or not full_line)
                        and not ends.endswith("-")
                        and not row.words[0].text[:1].islower()
                    )
            if not new and kind == "caption" and cur is not None:
                kind = cur.kind
            if new:
                groups.append(Group(kind, [row]))
            else:
                assert cur is not None
                cur.rows.append(row)
                if cur.kind == "heading" and len(cur.rows) > 3:
                    cur.kind = "body"
            prev = row
            first_in_flow = False
        # a heading that turns out long is body text
    for g in groups:
        if g.kind == "heading" and sum(len(r.words) for r in g.rows) > 30:
            g.kind = "body"
    return groups
