"""Trial tables: map columns by their header words, read each row as one trial.

Header words decide what a column holds (id/name, phase, enrolment,
treatment, primary endpoint, main result). Cells are read with the sentence
rules (phase, "(n = 99)", outcomes). Abbreviations defined in the table
("Trastuzumab (H)") or in its legend ("H, trastuzumab") count as the drug or
endpoint they stand for, inside that table only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extract.document import DocumentText
from extract.relations.attributes import PHASE_RE, normalize_phase, sample_sizes
from extract.relations.cues import alternation
from extract.relations.drafts import Draft
from extract.relations.mentions import Mention
from extract.relations.numbers import integers_in
from extract.relations.outcomes import EP, find_outcomes

ROLES = ("id", "phase", "n", "endpoint", "result", "treatment")  # tried in this order per header cell


def _role_patterns() -> tuple[tuple[str, str], ...]:
    return tuple((role, rf"(?<![\w.])(?:{alternation('table_role_' + role)})(?![\w])") for role in ROLES)


_STAGE = r"\bstage\b"
_AGENT = r"\b(?:agents?)\b"
_NAME_SHAPE = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:[- ]?\d+[A-Za-z]?)?|[A-Z]{2,}[A-Za-z]*-?\d{2,}")
_LEGEND_PAIR = re.compile(r"(?:^|;\s*)(?P<abbr>[^,;]{1,12}?),\s*(?P<long>[^;]+?)(?=;|\.?\s*$)")


@dataclass
class Columns:
    roles: dict[str, int]

    def get(self, role: str) -> int | None:
        return self.roles.get(role)


def map_columns(header: tuple[str, ...], body: tuple[tuple[str, ...], ...]) -> Columns:
    """Column index per role from header words; a "stage" column holding phases counts as phase."""
    roles: dict[str, int] = {}
    role_words = _role_patterns()
    for i, h in enumerate(header):
        hl = h.lower()
        if "prior" in hl or "previous" in hl:
            continue
        for role, rx in role_words:
            if role in roles:
                continue
            if role == "result" and re.search(r"outcome\s+measure|primary\s+outcome", hl):
                continue
            if role == "n" and re.search(r"\b(?:trial|stud)", hl):
                continue
            if re.search(rx, hl):
                roles[role] = i
                break
    if "phase" not in roles:
        for i, h in enumerate(header):
            col = [r[i] for r in body if i < len(r) and r[i].strip()]
            looks = sum(1 for c in col if normalize_phase(c) or c.strip().upper() == "RCT")
            if col and looks / len(col) >= 0.6 and (re.search(_STAGE, h.lower()) or looks == len(col)):
                roles["phase"] = i
                break
    if "treatment" not in roles:
        for i, h in enumerate(header):
            if re.search(_AGENT, h.lower()):
                roles["treatment"] = i
                break
    if "id" not in roles and header:
        roles["id"] = 0 if "study" in header[0].lower() or "trial" in header[0].lower() else roles.get("id", -1)
        if roles["id"] < 0:
            del roles["id"]
    return Columns(roles)


def legend_abbreviations(text: str, mentions: list[Mention], offset: int) -> dict[str, Mention]:
    """"H, trastuzumab; DI, dose-limiting toxicities" -> {"H": drug mention, "DI": endpoint mention}."""
    out: dict[str, Mention] = {}
    for m in _LEGEND_PAIR.finditer(text):
        abbr = m.group("abbr").strip()
        a, b = offset + m.start("long"), offset + m.end("long")
        for mention in mentions:
            if mention.label in ("DRUG", "ENDPOINT") and mention.start >= a and mention.end <= b:
                out[abbr] = mention
                break
    return out


_LEGEND_SEGMENT = re.compile(r"^\s*[^,\s:]{1,12}(?:\s[^,\s:]{1,8})?,\s*[A-Za-z][^,]{1,80}?\.?\s*$")


def looks_like_legend(text: str) -> bool:
    """"AEs, adverse events; H, trastuzumab; ..." — mostly "ABBR, long form" segments."""
    segments = [x for x in text.split(";") if x.strip()]
    pairs = sum(1 for x in segments if _LEGEND_SEGMENT.match(x))
    return pairs >= 3 and pairs >= 0.6 * len(segments)


def _inline_abbreviations(text: str, start: int, mentions: list[Mention]) -> dict[str, Mention]:
    out: dict[str, Mention] = {}
    for m in mentions:
        if m.label != "DRUG":
            continue
        rel = m.end - start
        am = re.match(r"\s*\((?P<a>[A-Za-z][\w-]{0,4})\)", text[rel:rel + 12]) if rel >= 0 else None
        if am and am.group("a").lower() != m.text.lower():
            out[am.group("a")] = m
    return out


def _abbr_mentions(cell: str, cstart: int, abbrs: dict[str, Mention], have: list[Mention]) -> list[Mention]:
    out = []
    for abbr, target in abbrs.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", cell):
            a, b = cstart + m.start(), cstart + m.end()
            if any(h.start <= a < h.end for h in have):
                continue
            out.append(Mention(target.label, a, b, cell[m.start():m.end()], target.name))
    return out


def read_table(doc_text: DocumentText, bi: int, mentions: list[Mention], abbrs: dict[str, Mention],
               prev_cols: Columns | None = None) -> tuple[list[Draft], Columns]:
    """One draft per body row of the table in block `bi`."""
    block = doc_text.blocks[bi]
    table = block.table
    assert table is not None
    start, end = doc_text.block_span(bi)
    in_table = [m for m in mentions if start <= m.start < end]
    table = _header_without_records(doc_text, bi, table, in_table)
    header = table.header
    cols = map_columns(header, table.body) if header and table.header_rows else (prev_cols or Columns({}))
    if prev_cols and not (cols.get("id") is not None or cols.get("treatment") is not None):
        cols = prev_cols
    if cols.get("id") is None and not any(m.label in ("NCT", "TRIAL") for m in in_table):
        # no study column and no study named: a results table of the document's own study, or no trial table
        res = read_results_table(doc_text, bi, in_table)
        return ([res] if res is not None else []), (prev_cols or cols)
    abbrs = dict(abbrs)
    abbrs.update(_inline_abbreviations(doc_text.text[start:end], start, in_table))
    drafts: list[Draft] = []
    for r in range(table.header_rows, len(table.rows)):
        row = table.rows[r]
        cells = []
        for c in range(len(row)):
            try:
                a, b = doc_text.cell_span(bi, r, c)
            except IndexError:
                continue
            ms = [m for m in in_table if m.start >= a and m.end <= b]
            cells.append((c, a, b, doc_text.text[a:b], ms))
        if not cells:
            continue
        row_text = "\t".join(x[3] for x in cells)
        if not row_text.strip():
            continue
        d = _row_draft(doc_text, cols, cells, abbrs, row_text)
        if d is None:
            continue
        id_col = cols.get("id") if cols.get("id") is not None else 0
        id_empty = not (row[id_col].strip() if id_col < len(row) else "")
        if not d.ncts and not d.names and drafts and not d.outcomes and id_empty:
            drafts[-1].absorb(d)  # a continuation line of the row above (its study cell is empty)
            continue
        drafts.append(d)
    return drafts, cols


def _header_without_records(doc_text: DocumentText, bi: int, table, in_table: list[Mention]):
    """A "header" row that names a registry id is a body row: the header ends above the first such row."""
    for r in range(1, table.header_rows):
        for c in range(len(table.rows[r])):
            try:
                a, b = doc_text.cell_span(bi, r, c)
            except IndexError:
                continue
            if any(m.label == "NCT" and a <= m.start and m.end <= b for m in in_table):
                return replace(table, header_rows=r)
    return table


def _row_draft(doc_text: DocumentText, cols: Columns, cells, abbrs, row_text: str) -> Draft | None:
    by_col = {c: (a, b, t, ms) for c, a, b, t, ms in cells}
    all_ms = [m for _, _, _, _, ms in cells for m in ms]
    page = doc_text.page_at(cells[0][1])
    d = Draft(order=cells[0][1], source="table")
    d.evidence.append(row_text)
    d.pages.append(page)
    id_col = cols.get("id")
    id_cells = [by_col[id_col]] if id_col is not None and id_col in by_col else []
    id_ms = [m for _, _, _, ms in id_cells for m in ms] if id_cells else all_ms
    for m in id_ms:
        if m.label == "NCT" and m.name not in d.ncts:
            d.ncts.append(m.name)
    for m in id_ms:
        if m.label == "TRIAL":
            d.add_name(m.name, m.text)
    if id_cells and not any(m.label == "TRIAL" for m in id_ms):
        # "NCT01 (NAME)" / "NCT01 NAME / OTHER" without a tagged name: the rest of the id cell
        a, _, t, ms = id_cells[0]
        rest = t
        for m in sorted(ms, key=lambda x: -x.start):
            rest = rest[:m.start - a] + " " + rest[m.end - a:]
        for part in re.split(r"\s*/\s*", rest.strip(" ()[],;")):
            part = part.strip(" ()[],;")
            if d.ncts and re.search(r"[A-Za-z]{2}", part) and len(part) <= 40 and part.upper() != "NR":
                d.add_name(None, part)
    ph = cols.get("phase")
    if ph is not None and ph in by_col:
        cell = by_col[ph][2]
        d.phase = normalize_phase(cell)
        # "Phase 2 (PIVOT-10)": a study name printed in the phase cell (merged columns)
        rest = PHASE_RE.sub(" ", cell).strip(" ()[],;")
        if (d.ncts or d.names) and PHASE_RE.search(cell) and len(rest) >= 4 and _NAME_SHAPE.fullmatch(rest) \
                and not normalize_phase(rest) and not any(m.label in ("DRUG", "ENDPOINT")
                                                                       for m in by_col[ph][3]):
            d.add_name(None, rest)
    n_col = cols.get("n")
    if n_col is not None and n_col in by_col:
        ints = integers_in(by_col[n_col][2])
        if ints:
            d.sample_size = sum(ints)
    tr = cols.get("treatment")
    tr_cells = [by_col[tr]] if tr is not None and tr in by_col else [x for c, x in by_col.items() if c != id_col]
    if d.sample_size is None:
        for _, _, t, _ in tr_cells:
            ss = sample_sizes(t)
            if ss and "=" in t:
                d.sample_size = ss[0][0]
    for a, _, t, ms in tr_cells:
        extra = _abbr_mentions(t, a, {k: v for k, v in abbrs.items() if v.label == "DRUG"}, ms)
        for m in sorted(ms + extra, key=lambda x: x.start):
            if m.label == "DRUG" and m.name not in d.drugs:
                d.drugs.append(m.name)
    ep_col, res_col = cols.get("endpoint"), cols.get("result")
    col_eps: list[str] = []
    for c in (ep_col, res_col):
        if c is None or c not in by_col:
            continue
        a, _, t, ms = by_col[c]
        extra = _abbr_mentions(t, a, {k: v for k, v in abbrs.items() if v.label == "ENDPOINT"}, ms)
        for m in sorted(ms + extra, key=lambda x: x.start):
            if m.label == "ENDPOINT":
                if m.name not in d.endpoints:
                    d.endpoints.append(m.name)
                if c == ep_col and m.name not in col_eps:
                    col_eps.append(m.name)
    if res_col is not None and res_col in by_col:
        a, _, t, ms = by_col[res_col]
        local = [EP(-1, -1, n) for n in col_eps]
        local += [EP(m.start - a, m.end - a, m.name) for m in ms if m.label == "ENDPOINT"]
        masks = [(m.start - a, m.end - a) for m in ms if m.label != "ENDPOINT"]
        arms = None
        if tr_cells and tr is not None:
            arms = [x.strip() for x in re.split(r"\s+(?:vs\.?|versus)\s+", tr_cells[0][2]) if x.strip()]
        for o in find_outcomes(t, local, masks, arms=arms, paired_endpoints=bool(col_eps)):
            o.page = page
            o.evidence = row_text
            d.outcomes.append(o)
    return d


_CELL_CI = re.compile(r"\(\s*(?P<a>-?\d+(?:\.\d+)?)\s*%?\s*(?:-|\u2013|to|,)\s*(?P<b>-?\d+(?:\.\d+)?)\s*%?\s*\)")
_NOT_REACHED = re.compile(r"^\s*(?:NR|NE|NA|not\s+(?:reached|estimable|evaluable|reported)|-|\u2013)\b", re.IGNORECASE)


_POP_HEAD = re.compile(r"\b(?:population|subgroup|subset|cohort|stratum|group)s?\b", re.IGNORECASE)
_EP_HEAD = re.compile(rf"(?<![\w.])(?:{alternation('table_role_endpoint')}|outcome|outcomes|variable|measure)(?![\w])",
                      re.IGNORECASE)
_HR_HEAD = re.compile(r"hazard|\bhr\b|\bratio\b", re.IGNORECASE)
_P_HEAD = re.compile(r"^\s*(?:two-sided\s+)?p(?:[\s-]*values?)?\s*$|\bp[\s-]*values?\b", re.IGNORECASE)
_CI_HEAD = re.compile(r"\bCI\b|confidence", re.IGNORECASE)


def _row_unit(label: str) -> str | None:
    """"Median PFS, months" -> months; "ORR, %" or "response rate" -> %; "6-month PFS" is a rate, not months."""
    if re.search(r"\bmonths?\b|\bmo\b", label, re.IGNORECASE) and not re.search(r"\d+[\s-]*months?\b", label, re.I):
        return "months"
    if "%" in label or re.search(r"\brates?\b|\d+[\s-]*(?:months?|years?)\b", label, re.IGNORECASE):
        return "%"
    return None


def read_results_table(doc_text: DocumentText, bi: int, in_table: list[Mention]) -> Draft | None:
    """A table whose rows are endpoints and whose columns are arms: one draft holding its outcomes.

    The endpoint comes from the endpoint column (header "Endpoint"/"Outcome", else the first column
    naming endpoints); a "Population"/"Subgroup" column gives the population; "HR", "P value" and
    "95% CI" columns give statistics; every other column with numbers is an arm (its header is the arm).
    "Median PFS, months (95% CI) | 18.5 (10.2-NE) | 14.1 (9.0-20.4)" gives a value per arm and,
    when the row or column says CI, the bounds in parentheses.
    """
    from extract.relations.numbers import scan_numbers, scan_p_values

    table = doc_text.blocks[bi].table
    assert table is not None
    header = list(table.header)
    page = doc_text.blocks[bi].page
    d = Draft(order=doc_text.starts[bi], source="results")
    n_cols = max((len(r) for r in table.rows), default=0)

    def cell_eps(r: int, c: int) -> list[Mention]:
        try:
            a, b = doc_text.cell_span(bi, r, c)
        except IndexError:
            return []
        return [m for m in in_table if m.label == "ENDPOINT" and m.start >= a and m.end <= b]

    body = range(table.header_rows, len(table.rows))
    ep_col = next((c for c, h in enumerate(header) if _EP_HEAD.search(h)), None)
    if ep_col is None:
        ep_col = next((c for c in range(n_cols) if any(cell_eps(r, c) for r in body)), None)
    if ep_col is None:
        return None
    pop_col = next((c for c, h in enumerate(header) if c != ep_col and _POP_HEAD.search(h)), None)
    labels = {ep_col} | ({pop_col} if pop_col is not None else set())
    rows_with_ep = 0
    for r in body:
        row = table.rows[r]
        eps = cell_eps(r, ep_col)
        if not eps:
            continue
        rows_with_ep += 1
        label = row[ep_col] if ep_col < len(row) else ""
        ep = eps[0].name
        pop = row[pop_col].strip() if pop_col is not None and pop_col < len(row) and row[pop_col].strip() else None
        row_unit = _row_unit(label)
        row_text = "\t".join(row)
        last_ratio = False
        for c in range(len(row)):
            cell = row[c]
            if c in labels or not cell.strip() or _NOT_REACHED.match(cell):
                continue
            head = header[c] if c < len(header) else ""
            ps = scan_p_values(cell)
            if ps or _P_HEAD.search(head):
                if ps:
                    d.outcomes.append(_o(ep, "p", ps[0].value, None, page, row_text, relation=ps[0].relation, pop=pop))
                else:
                    pm = re.match(r"\s*(?P<rel>[<>\u2264\u2265]=?)?\s*(?P<v>0?\.\d+|1(?:\.0+)?)\s*$", cell)
                    if pm:
                        rel = {"\u2264": "<=", "\u2265": ">="}.get(pm.group("rel") or "", pm.group("rel"))
                        d.outcomes.append(_o(ep, "p", float(pm.group("v")), None, page, row_text, relation=rel, pop=pop))
                continue
            if _CI_HEAD.search(head) and not _HR_HEAD.search(head):
                ci = _CELL_CI.search("(" + cell.strip(" ()[]") + ")")
                if ci and last_ratio:
                    d.outcomes.append(_o(ep, "CI_low", float(ci.group("a")), None, page, row_text, pop=pop))
                    d.outcomes.append(_o(ep, "CI_high", float(ci.group("b")), None, page, row_text, pop=pop))
                continue
            nums = scan_numbers(cell)
            if not nums:
                continue
            first = nums[0]
            stat = "HR" if _HR_HEAD.search(head) else None
            unit = None if stat else (first.unit or row_unit)
            if stat is None and unit not in ("%", "months"):
                continue
            last_ratio = stat == "HR"
            d.outcomes.append(_o(ep, stat, first.value, unit, page, row_text, arm=None if stat else head or None,
                                 pop=pop))
            ci = _CELL_CI.search(cell[first.end:]) if first.end <= len(cell) else None
            if ci and (stat == "HR" or re.search(r"\bCI\b|confidence", label + " " + head, re.IGNORECASE)):
                d.outcomes.append(_o(ep, "CI_low", float(ci.group("a")), None, page, row_text, pop=pop))
                d.outcomes.append(_o(ep, "CI_high", float(ci.group("b")), None, page, row_text, pop=pop))
        if ep not in d.endpoints:
            d.endpoints.append(ep)
    if not d.outcomes or rows_with_ep < 1:
        return None
    d.evidence.append(doc_text.text[doc_text.starts[bi]:doc_text.block_span(bi)[1]][:2000])
    d.pages.append(page)
    return d


def _o(ep, stat, value, unit, page, evidence, arm=None, relation=None, pop=None):
    from extract.records import Outcome

    return Outcome(endpoint=ep, statistic=stat, value=value, unit=unit, arm=arm, relation=relation,
                   page=page, evidence=evidence, population=pop)
