"""Results tables read the way a reviewer reads them: one `TableFact` per reported number.

Classes of table handled (no trial column; the document's own study):
- arms in columns ("Moxidectin (n = 978)", also wrapped over two header lines), measures or
  adverse-event terms in rows;
- header bands: an endpoint ("Overall survival") or a timepoint ("6 months") or a population
  ("Adolescents") spanning the columns under it; a band centred over a repeated
  "HR | 95% CI | P" group names the whole group;
- HR / OR / RR, difference ("Est. of effect", "β") CI and p columns (a p column is also known by
  its content); a row's p belongs to that row's comparison;
- row groups: a label row with no numbers heads the rows under it ("Ocular reactions" /
  "Any grade"; "PS 0-1" / "Before 3 months"; "Median weekly activity" / "No of weeks:" / "4");
- baseline tables (caption, label-column head or rows) are not outcomes; in a characteristics
  table only the rows that name an outcome measure are;
- cells or row labels wrapped onto the next line continue their row.

Endpoint of a number: an ENDPOINT mention in its row label, else in its column band, else in
its row group; else the measure the row label names (`measure_name`), as written, lowercased.
Cells are parsed by `cell_grammar.parse_cell`; `read_results` works on plain strings, so the
tests call it directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.relations.cell_grammar import Cell, parse_cell, strip_footnotes
from extract.relations.cues import alternation

_CI_HEAD = re.compile(r"\bCI\b|confidence|interval", re.IGNORECASE)
_P_HEAD = re.compile(r"^\s*(?:two-sided\s+|adjusted\s+)?p(?:[\s-]*values?)?\s*(?:\W.*)?$|\bp[\s-]*values?\b",
                     re.IGNORECASE)
_TIME_BAND = re.compile(r"^\W*(?:at\s+|month\s+|week\s+|day\s+|year\s+)?\d+(?:\.\d+)?\s*(?:-|\s)?"
                        r"(?:months?|mo|weeks?|wk|years?|yr|days?|h|hours?)?\W*$|^\W*(?:month|week|day|year)\s+\d+\W*$",
                        re.IGNORECASE)
_N_IN_HEAD = re.compile(r"[(\[,]?\s*\b[nN]\s*=\s*\d[\d,]*\s*[)\]]?")
_NPCT_CONTEXT = re.compile(r"\bn\s*\(\s*%\s*\)|\bno\.?\s*\(\s*%\s*\)|number\s*\(\s*%\s*\)|\(%\)", re.IGNORECASE)
_SPREAD = re.compile(r"\bIQR\b|interquartile|\branges?\b|\bSD\b|standard deviation", re.IGNORECASE)
_CI_WORDS = re.compile(r"\d+\s*%\s*(?:CI|confidence\s+intervals?)", re.IGNORECASE)
_STAT_PREFIX = re.compile(r"^\s*(?:mean|median|no\.?|n|number)\s*(?:\([^)]*\))?\s*(?:of\s+)?", re.IGNORECASE)
_TIME_GROUP = re.compile(r"^(?:no\.?\s+of\s+)?(?:weeks?|months?|days?|years?|visits?|time\s*points?|assessment\s+times?)\b"
                         r"|\b(?:weeks?|months?|days?|visits?)\b[^:]{0,30}:\s*$", re.IGNORECASE)
_HAS_STAT = re.compile(r"\b(?:mean|median|no\.?|number|sd|iqr|interquartile|score|rate|%)\b|\(%\)", re.IGNORECASE)
_TIME_ROW = re.compile(r"^(?:baseline|end\s+of\s+\w+|\d+[\s-]*(?:months?|weeks?|days?|years?)(?:\s+follow[\s-]*up)?|"
                       r"(?:month|week|day|visit)\s+\d+|follow[\s-]*up|post[\s-]*\w+)\b", re.IGNORECASE)
_MONTHS = re.compile(r"\bmonths?\b|\bmo\b", re.IGNORECASE)
_CONTINUED = re.compile(r"^\s*\((?:continued|cont)[^)]*\)\s*", re.IGNORECASE)
_GRADE_ONLY = re.compile(r"^\s*(?:grade\s*)?[1-5]\s*$", re.IGNORECASE)
_LABEL_TAIL = re.compile(r"\s*(?:,\s*)?(?:\(\s*95\s*%\s*CI\s*\)|\(\s*%\s*\)|\bn\s*\(\s*%\s*\)|,\s*(?:months?|%|n)"
                         r"|\(\s*months?\s*\))\s*$", re.IGNORECASE)


def _cue(cue_id: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{alternation(cue_id)})(?![\w-])", re.IGNORECASE)


@dataclass
class TableFact:
    """One number of a results table, with where it stands."""

    endpoint: str
    value: float
    statistic: str | None = None
    unit: str | None = None
    arm: str | None = None
    population: str | None = None
    relation: str | None = None
    denominator: int | None = None
    timepoint: str | None = None
    row: int = -1
    col: int = -1


@dataclass
class _Column:
    band: str = ""
    leaf: str = ""
    role: str = "arm"  # arm, ratio, difference, ci, p, label
    endpoint: str | None = None  # from an ENDPOINT mention in the band or leaf
    timepoint: str | None = None
    population: str | None = None

    @property
    def size(self) -> int | None:
        m = re.search(r"\b[nN]\s*=\s*(\d[\d,]*)", f"{self.band} {self.leaf}")
        return int(m.group(1).replace(",", "")) if m else None

    @property
    def arm(self) -> str | None:
        leaf = self.leaf or ""
        if self.band and not self.endpoint and re.match(r"[a-z(]", leaf):
            leaf = f"{self.band} {leaf}"  # a header cell wrapped over two rows: "Physical activity / group (n=391)"
        name = _N_IN_HEAD.sub("", leaf).strip(" ,;:")
        if not name or re.fullmatch(r"(?:n|no\.?|number)?\s*\(?%?\)?|%|mean|median|value|estimate", name, re.I):
            name = _N_IN_HEAD.sub("", self.band).strip(" ,;:") if self.band and not self.endpoint else ""
        return strip_footnotes(name) or None


@dataclass
class ResultsTable:
    """The facts of one table and the endpoint names they use (in row order)."""

    facts: list[TableFact] = field(default_factory=list)
    endpoints: list[str] = field(default_factory=list)


def _numeric(cell: str) -> bool:
    return parse_cell(cell) is not None


def header_depth(rows: list[list[str]]) -> int:
    """Leading rows that hold labels but no numbers (a row with only its first cell is a row group)."""
    depth = 0
    for row in rows:
        cells = [c for c in row[1:] if c.strip()]
        if not cells or any(_numeric(c) for c in row[1:]):
            break
        depth += 1
    return depth


_SIZE_HEAD = re.compile(r"(?:(?:no\.?|number|n)\s*(?:of\s+)?)?(?:studies|trials|patients|participants|subjects|cases)"
                        r"|n|no\.?", re.IGNORECASE)


def _columns(rows: list[list[str]], depth: int, width: int, endpoint_of, known=lambda text: None) -> list[_Column]:
    cols = [_Column() for _ in range(width)]
    band_at: dict[tuple[int, int], str] = {}  # (header row, column) -> the band over it
    band_named: set[int] = set()  # header rows where a band names an endpoint
    ratio, diff = _cue("table_ratio_head"), _cue("table_difference_head")
    leaves = [rows[depth - 1][c].strip().lower() if depth else "" for c in range(width)]
    groups = _leaf_groups(leaves)
    for r in range(depth):
        row = rows[r]
        band, band_ep = "", None
        for c in range(1, width):
            cell = row[c].strip() if c < len(row) else ""
            if r < depth - 1:
                if groups:
                    # a band centred over a repeated group of columns ("HR | 95% CI | P") names the group
                    g = next(gr for gr in groups if c in gr)
                    hit = next(((row[x].strip(), x) for x in g if x < len(row) and row[x].strip()), ("", -1))
                    band, band_ep = hit[0], (endpoint_of(r, hit[1]) if hit[1] >= 0 else None)
                elif cell:
                    band, band_ep = cell, endpoint_of(r, c)
                cols[c].band = " ".join(x for x in (cols[c].band, band) if x)
                band_at[r, c] = band
                if band_ep:
                    cols[c].endpoint = band_ep  # a band names the endpoint of every column under it
                    band_named.add(r)
            else:
                cols[c].leaf = cell
                if cell and endpoint_of(r, c):
                    cols[c].endpoint = endpoint_of(r, c)
    for (r, c), band in band_at.items():
        # sibling bands are of one kind: beside "Overall survival", the band "Early deaths within
        # 12 weeks" names the measure of the columns under it too
        b = strip_footnotes(band)
        if r in band_named and b and not cols[c].endpoint and not _TIME_BAND.match(b):
            cols[c].endpoint = known(b) or _lower(measure_name(b))
    cols[0].role = "label"
    for c in range(1, width):
        col = cols[c]
        leaf = " ".join(x for x in (col.band if not col.endpoint else "", col.leaf) if x) or col.band
        if _P_HEAD.search(leaf):
            col.role = "p"
        elif ratio.search(leaf):
            col.role = "ratio"
        elif diff.search(leaf):
            col.role = "difference"
        elif _CI_HEAD.search(leaf) and not re.search(r"median|mean|rate|%", _CI_WORDS.sub("", leaf), re.I):
            col.role = "ci"
        if col.role == "arm" and _SIZE_HEAD.fullmatch(strip_footnotes(col.leaf or col.band).strip()):
            col.role = "size"  # "No. of studies", "Patients": how many an estimate pools, not an outcome
        elif col.role == "arm" and _p_like(rows[depth:], c):
            col.role = "p"  # "Time | Group | Interaction" under a "P values" band set off-centre
        elif col.role == "p" and _estimates(rows[depth:], c):
            # "HR (95% CI); p-value" cells: an estimate with its CI (and p) in one cell
            col.role = "ratio" if ratio.search(f"{col.band} {col.leaf}") else "arm"
        if col.band and not col.endpoint:
            band = strip_footnotes(col.band)
            if _TIME_BAND.match(band):
                col.timepoint = band
            elif col.role != "arm" or (col.leaf and not re.match(r"[a-z(]", col.leaf)):
                col.population = band  # not when the leaf is the band's wrapped second line
    return cols


_EP_HEAD = re.compile(r"\b(?:end\s*-?points?|outcomes?|measures?|variables?|events?)\b", re.IGNORECASE)


def _one_label_column(rows: list[list[str]], endpoint_of):
    """Leading label columns ("Subgroup | Endpoint | arm | arm"): keep the one naming endpoints as the
    row label, the others become each row's population. Returns rows, a re-mapped `endpoint_of`,
    and the population per row."""
    width = len(rows[0])
    n_label = 0
    for c in range(width - 1):
        body = [r[c] for r in rows[1:] if r[c].strip()]
        if not body or sum(1 for x in body if _numeric(x)) > 0.2 * len(body):
            break
        n_label += 1
    if n_label <= 1:
        return rows, endpoint_of, [""] * len(rows)
    hits = [sum(1 for r in range(len(rows)) if endpoint_of(r, c)) for c in range(n_label)]
    ep_col = next((c for c in range(n_label) if _EP_HEAD.search(rows[0][c])), None)
    if ep_col is None:
        ep_col = max(range(n_label), key=lambda c: (hits[c], -c))
    others = [c for c in range(n_label) if c != ep_col]
    pops = [" ".join(r[c].strip() for c in others if r[c].strip()) if i else "" for i, r in enumerate(rows)]
    new_rows = [[r[ep_col]] + r[n_label:] for r in rows]

    def mapped(r: int, c: int):
        return endpoint_of(r, ep_col if c == 0 else c + n_label - 1)

    return new_rows, mapped, pops


_MARKS = re.compile(r"[*\u2020\u2021\u00a7\u00b6#]+")
_LEAD_STAT = re.compile(r"^(?:(?:no\.?|n|number)(?=[\s,])(?:\s+of\b)?)?\s*,?\s*(?:(?:adjusted\s+|geometric\s+)?(?:mean|median)s?\b)?\s*"
                        r"(?:\((?:sd|se|iqr|interquartile\s+range|range|95\s*%\s*ci|%)\)|,)?\s*", re.IGNORECASE)
_TRAIL_PAREN = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def measure_name(label: str) -> str:
    """The measure a row label names, as written, without its statistic, unit or definition:
    "Mean (SD) birth weight (g)" -> "birth weight", "Preterm birth§ (<37 weeks' gestation)" ->
    "preterm birth", "ORR, %" -> "ORR". Lowercased by the caller unless an abbreviation."""
    t = _MARKS.sub("", label).strip()
    t = _LABEL_TAIL.sub("", t).strip() or t
    lead = _LEAD_STAT.match(t)
    if lead and lead.end() < len(t) and lead.group(0).strip():
        t = t[lead.end():]
    while _TRAIL_PAREN.search(t) and _TRAIL_PAREN.sub("", t).strip():
        t = _TRAIL_PAREN.sub("", t)
    t = re.sub(r"\s*,\s*(?:n|%|months?|mins?|minutes|kg|g|cm|mm|years?|weeks?|days?|score|mean|median)\s*$", "", t, flags=re.I)
    return t.strip(" ,;:") or label


def _lower(name: str) -> str:
    """Lowercase a measure as written, keeping its abbreviations ("self reported weekly MVPA")."""
    return " ".join(w if sum(c.isupper() for c in w) >= 2 else w.lower() for w in name.split())


def _p_like(body: list[list[str]], c: int) -> bool:
    """A column of p-values by its content: bare numbers within (0, 1], some written "<0.0001"."""
    cells = [parse_cell(r[c]) for r in body if c < len(r) and r[c].strip()]
    cells = [x for x in cells if x is not None]
    return len(cells) >= 2 and all(x.grammar == "value" and x.value is not None and 0 < x.value <= 1
                                   and not x.percent_sign for x in cells) and any(x.relation == "<" for x in cells)


def _estimates(body: list[list[str]], c: int) -> bool:
    """Most cells of the column are an estimate with its interval ("1.53 (1.03-2.28); p = 0.035")."""
    cells = [parse_cell(r[c]) for r in body if c < len(r) and r[c].strip()]
    cells = [x for x in cells if x is not None]
    return bool(cells) and sum(1 for x in cells if x.grammar.startswith("value_interval")) > len(cells) / 2


def _join_wrapped_labels(rows: list[list[str]], depth: int) -> list[list[str]]:
    """A row label wrapped onto the next line ("Moderate-to-vigorous" / "activity, mins/day"): both
    rows carry the whole label (each keeps its own numbers)."""
    out = [list(r) for r in rows]
    for r in range(depth + 1, len(out)):
        label, prev = out[r][0].strip(), out[r - 1][0].strip()
        if not label and prev and any(_numeric(x) for x in out[r - 1][1:]) and any(x.strip() for x in out[r][1:]) \
                and all(not x.strip() or not _numeric(x) or re.match(r"\s*p\b", x, re.I) for x in out[r][1:]):
            # "1.53 (1.03-2.28);" / "p = 0.035": a cell wrapped onto the next line continues its row
            out[r - 1] = [out[r - 1][0]] + [f"{a} {b}".strip() for a, b in zip(out[r - 1][1:], out[r][1:])]
            out[r] = [""] * len(out[r])
            continue
        if label and prev and re.match(r"[a-z(]", label) and not re.search(r"[.:;]$", prev) \
                and any(_numeric(x) for x in out[r][1:]):  # a label-only row is a new row group
            whole = f"{prev} {label}"
            out[r - 1][0] = out[r][0] = whole
    return out


def _leaf_groups(leaves: list[str]) -> list[range]:
    """Column groups of a leaf header that repeats ("HR, 95% CI, P, HR, 95% CI, P"), else []."""
    first = leaves[1] if len(leaves) > 1 else ""
    starts = [c for c in range(1, len(leaves)) if first and leaves[c] == first]
    if len(starts) < 2:
        return []
    bounds = starts + [len(leaves)]
    groups = [range(bounds[i], bounds[i + 1]) for i in range(len(starts))]
    if len({len(g) for g in groups}) != 1 or len(groups[0]) < 2:
        return []  # not a repeated pattern of several columns
    return groups


def read_results(rows: list[list[str]], endpoint_of, caption: str = "", known=lambda text: None
                 ) -> ResultsTable | None:
    """Facts of a results table; None for a baseline table or one with no outcome.

    `rows` are the table's rows (header rows included) as cell strings; `endpoint_of(r, c)`
    gives the canonical endpoint named in cell (r, c) or None; `known(text)` the canonical
    endpoint a bare label stands for (an abbreviation the document uses elsewhere), or None.
    """
    if not rows:
        return None
    width = max(len(r) for r in rows)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    rows, endpoint_of, row_pops = _one_label_column(rows, endpoint_of)
    width = max(len(r) for r in rows)
    depth = header_depth(rows)
    rows = _join_wrapped_labels(rows, depth)
    cols = _columns(rows, depth, width, endpoint_of, known)
    has_stats = any(c.role in ("ratio", "difference", "p") for c in cols)
    has_ratio = any(c.role == "ratio" for c in cols)  # a table of hazard ratios by factor (Cox model)
    base_rows = _cue("table_baseline_row")
    labels = [strip_footnotes(r[0]) for r in rows[depth:]]
    # a characteristics table (by its caption, its label column's head, or its rows): only the rows that
    # name an outcome measure are outcomes ("OS, median, mo." in a table of patients by NLR group)
    heads = caption + " " + " ".join(r[0] for r in rows[:depth])
    if _cue("table_baseline_caption").search(heads):
        return None
    characteristics = bool(_cue("table_characteristics_caption").search(heads)) \
        or (not has_ratio and sum(1 for x in labels if base_rows.match(_STAT_PREFIX.sub("", x))) >= 2)
    head_text = " ".join(c.band + " " + c.leaf for c in cols) + " " + caption
    npct = bool(_NPCT_CONTEXT.search(head_text + " " + " ".join(labels[:2])))
    generic, population_row = _cue("table_generic_row"), _cue("table_population_row")
    not_outcome, ratio = _cue("table_non_outcome_row"), _cue("table_ratio_head")
    counts = _count_columns(rows[depth:], width)
    out = ResultsTable()
    groups: list[tuple[str, str | None, str]] = []  # (label, endpoint, kind) of the row groups above
    after_group = False
    for r in range(depth, len(rows)):
        row = rows[r]
        label = strip_footnotes(_CONTINUED.sub("", row[0]))
        if not any(_numeric(c) for c in row[1:]):
            if label:
                # nested under the group just above, else a new group at the top
                gep = endpoint_of(r, 0) or known(label)
                kind = "time" if _TIME_GROUP.search(label) else "measure" if gep or _HAS_STAT.search(label) else "population"
                keep = groups if after_group else [g for g in groups if kind == "time" and g[2] == "measure"]
                groups = keep + [(label, gep, kind)]  # a time heading stays under its measure
                after_group = True
            continue
        after_group = False
        spaced = re.sub(r"(?<=[a-z])(?=[\u03b1-\u03c9])|(?<=[\u03b1-\u03c9])(?=[(\[])", " ", label)  # "Kendallτ(95% CI)"
        measure = next(((g, gep) for g, gep, kind in reversed(groups) if kind == "measure"), None)
        time_group = next((g for g, _, kind in reversed(groups) if kind == "time"), None)
        # "12 months" under a measure; not "12-month OS rate", a measure of its own
        time_row = measure is not None and not endpoint_of(r, 0) and (bool(_TIME_ROW.search(label)) or (
            time_group is not None and bool(re.fullmatch(r"\d+(?:\.\d+)?", label))))
        if not label or population_row.fullmatch(label) or (_GRADE_ONLY.match(label) and not time_row) \
                or not_outcome.search(spaced):
            continue
        row_stat = None
        rm = re.match(rf"^(?:{alternation('table_ratio_head')})", label)
        after = label[rm.end():] if rm else ""
        rest = after.lstrip("_ ")
        if rm and (not after or re.match(r"[\s_(]|[A-Z][a-z]", after) or known(rest)):
            # "HR_OS", "HR (95% CI)", "HRSurrogate": a row of ratios; the rest names its endpoint
            row_stat = "HR"
            row_ep = known(rest) if rest else None
        else:
            row_ep = endpoint_of(r, 0) or known(label)
        if characteristics and not row_ep:
            continue
        if _reference_row(row, cols):
            continue
        row_ratio = any(parse_cell(row[c]) is not None for c in range(1, width) if cols[c].role in ("ratio", "difference"))
        if not row_ratio and not row_ep and (base_rows.match(_STAT_PREFIX.sub("", label)) or any(
                kind == "population" and base_rows.match(_STAT_PREFIX.sub("", g)) for g, _, kind in groups)):
            continue  # a baseline characteristic (or a category under one) compared between groups

        group_ep = next((gep for _, gep, _k in reversed(groups) if gep), None)
        group_label = groups[-1][0] if groups else None
        pop_parts = [g for g, _gep, kind in groups if kind == "population"]
        row_time = None
        if time_row and measure is not None:
            # "no, median (IQR) weekly MVPA" / "No of weeks post-quit day:" / "4": the measure at a time
            row_ep = measure[1] or _lower(measure_name(measure[0]))
            row_time = label if not re.fullmatch(r"\d+(?:\.\d+)?", label) or not time_group else \
                f"{label} {time_group.rstrip(' :')}"
        name = measure_name(label)
        qualifier = bool(generic.fullmatch(name)) or row_stat is not None
        if qualifier and group_label and not group_ep:
            name = group_label
        prev_stat: tuple[str | None, TableFact | None] = (None, None)
        band_measure = None
        for c in range(1, width):
            col = cols[c]
            cell = parse_cell(row[c])
            if cell is None or col.role == "size":
                continue
            if cell.grammar == "value" and col.role == "arm" and cell.value is not None and counts[c] and \
                    float(cell.value).is_integer() and not cell.percent_sign:
                cell = Cell(grammar="n_pct", n=int(cell.value))  # "0" in a column of "n (%)" cells
            if col.endpoint:
                endpoint, pop = col.endpoint, " ".join(pop_parts + [label]) or None
            elif _TIME_ROW.match(label) and not row_ep and measure is None and (
                    band_measure or (col.population and col.role == "arm")):
                # "EPDS score" over the arms, times in the rows: the band's measure at each time;
                # the statistic columns of the row report the same measure
                if col.role == "arm" and col.population:
                    band_measure = known(col.population) or _lower(measure_name(col.population))
                endpoint, pop = band_measure, None
                row_time = label
            else:
                endpoint = row_ep or (group_ep if qualifier else None) or _lower(name)
                pop = " ".join(pop_parts) or None
            pop = " ".join(x for x in (row_pops[r], pop, col.population) if x) or None
            unit = _unit(cell, col, "" if row_time else label, caption, npct)
            context = " ".join([col.leaf, col.band, label, caption] + [g[0] for g in groups])
            if cell.grammar == "value_interval" and _SPREAD.search(context) and not _CI_HEAD.search(label):
                cell = Cell(grammar="value", value=cell.value, relation=cell.relation, percent_sign=cell.percent_sign)
            base = dict(endpoint=endpoint, population=pop, timepoint=col.timepoint or row_time, row=r, col=c)
            facts = _cell_facts(cell, col, unit, base, npct, prev_stat, row_stat)
            if facts:
                prev_stat = (col.role, facts[0])
            out.facts.extend(facts)
            if facts and endpoint not in out.endpoints:
                out.endpoints.append(endpoint)
    return out if out.facts else None


def _reference_row(row: list[str], cols: list[_Column]) -> bool:
    """The reference level of a regression table ("Women | 1.00 | | 1.00 |"): its only numbers are
    bare ratios of 1, with no interval or p. It is the baseline of the comparison, not a result."""
    cells = [(cols[c].role, parse_cell(row[c])) for c in range(1, len(row))]
    cells = [(role, x) for role, x in cells if x is not None and x.grammar != "missing"]
    return bool(cells) and all(role == "ratio" and x.grammar == "value" and x.value == 1 and not x.relation
                               and not x.percent_sign for role, x in cells)


def _unit(cell: Cell, col: _Column, label: str, caption: str, npct: bool) -> str | None:
    if col.role in ("ratio", "p"):
        return None
    if cell.percent_sign or "%" in _CI_WORDS.sub("", col.leaf + " " + col.band + " " + label):
        return "%"
    if _MONTHS.search(col.leaf + " " + col.band + " " + label) or (
            _MONTHS.search(caption) and re.search(r"median|survival|time", label + " " + caption, re.I)):
        return "months"
    return None


def _pct_of(cell: Cell, size: int | None) -> bool:
    """"30 (8)" under "(n=392)": a count and its percentage when 30/392 rounds to 8."""
    return bool(size) and cell.pct is not None and abs(100 * cell.n / size - cell.pct) <= 0.6


def _count_columns(rows: list[list[str]], width: int) -> list[bool]:
    """Per column: do most of its numeric cells read as "n (%)"?"""
    out = []
    for c in range(width):
        cells = [parse_cell(r[c]) for r in rows if c < len(r)]
        cells = [x for x in cells if x is not None]
        out.append(bool(cells) and sum(1 for x in cells if x.grammar in ("n_pct", "n_of_N_pct")) >= len(cells) / 2)
    return out


def _cell_facts(cell: Cell, col: _Column, unit, base: dict, npct: bool, prev, row_stat=None) -> list[TableFact]:
    """The facts one parsed cell gives, by its column's role (or its row's, "HR" rows)."""
    arm = col.arm if col.role == "arm" else None
    if col.role == "p":
        v = cell.value if cell.value is not None else None
        return [TableFact(statistic="p", value=v, relation=cell.relation, **base)] if v is not None else []
    if col.role == "ci" and cell.grammar == "value_interval":
        col = _Column(band=col.band, leaf=col.leaf, role="difference")  # "Est. (95% CI)": an estimate with its CI
    if col.role == "ci":
        lo, hi = cell.lo, cell.hi
        prev_role, prev_fact = prev
        if prev_fact is None or (lo is None and hi is None):
            return []
        ci_unit = None if prev_role == "ratio" else prev_fact.unit
        out = []
        for stat, v in (("CI_low", lo), ("CI_high", hi)):
            if v is not None:
                out.append(TableFact(statistic=stat, value=v, unit=ci_unit, arm=prev_fact.arm, **base))
        return out
    stat = "HR" if cell.ratio else {"ratio": "HR", "difference": "difference"}.get(col.role) or row_stat
    if stat == "HR" and cell.value is not None and (cell.value <= 0 or cell.percent_sign):
        stat = "difference"  # no ratio is negative or a percentage: a difference printed in a ratio column
    if stat:
        arm = None
    out: list[TableFact] = []
    if cell.n is not None and (cell.grammar != "n_pct_bare" or npct or _pct_of(cell, col.size)):
        out.append(TableFact(statistic="n", value=cell.n, denominator=cell.den, arm=arm, **base))
        if cell.pct is not None:
            out.append(TableFact(value=cell.pct, unit="%", arm=arm, relation=cell.relation, **base))
        return out
    value = cell.value if cell.value is not None else (cell.n if cell.grammar == "n_pct_bare" else None)
    if value is None and cell.grammar == "missing_interval":  # "NR (9.2-NE)": only the bounds are numbers
        ci_unit = None if stat == "HR" else unit
        return [TableFact(statistic=s, value=v, unit=ci_unit, arm=arm, **base)
                for s, v in (("CI_low", cell.lo), ("CI_high", cell.hi)) if v is not None]
    if value is None:
        return []
    out.append(TableFact(statistic=stat, value=value, unit=None if stat == "HR" else unit, arm=arm,
                         relation=cell.relation, **base))
    if cell.grammar.startswith("value_interval"):  # an estimate printed with its interval
        ci_unit = None if stat == "HR" else unit
        for s, v in (("CI_low", cell.lo), ("CI_high", cell.hi)):
            if v is not None:
                out.append(TableFact(statistic=s, value=v, unit=ci_unit, arm=arm, **base))
    if cell.p is not None:
        out.append(TableFact(statistic="p", value=cell.p, relation=cell.p_relation, **base))
    return out
