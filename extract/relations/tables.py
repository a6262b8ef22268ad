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
from extract.relations.drafts import Draft, norm_name
from extract.relations.mentions import Mention
from extract.relations.numbers import integers_in
from extract.relations.outcomes import EP, find_outcomes

ROLES = ("id", "phase", "n", "endpoint", "result", "treatment")  # tried in this order per header cell


def _role_patterns() -> tuple[tuple[str, str], ...]:
    def words(role: str) -> str:
        alt = alternation("table_role_" + role)
        return f"{alt}|{alternation('table_result_measures')}" if role == "result" else alt

    return tuple((role, rf"(?<![\w.])(?:{words(role)})(?![\w])") for role in ROLES)


_STAGE = r"\bstage\b"
_AGENT = r"\b(?:agents?)\b"
_NAME_SHAPE = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:[- ]?\d+[A-Za-z]?)?|[A-Z]{2,}[A-Za-z]*-?\d{2,}")
_LEGEND_PAIR = re.compile(r"(?:^|;\s*)(?P<abbr>[^,;]{1,12}?),\s*(?P<long>[^;]+?)(?=;|\.?\s*$)")


@dataclass
class Columns:
    roles: dict[str, int]
    measure: str | None = None  # the measure a result column's head names ("Incidence (95% CI)")

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
            if role == "id" and re.search(r"^\W*(?:no\b\.?|number|n)\s*(?:of\s+)?(?:trials|studies)\b"
                                          r"|\bstudy\s+(?:type|design|quality)|\btype\s+of\s+study", hl):
                continue  # "No. of studies", "Study type": how many or what kind, not which study a row is
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
    measure = None
    if "result" in roles:
        m = re.match(rf"^\W*({alternation('table_result_measures')})\b", header[roles["result"]].strip(), re.IGNORECASE)
        measure = m.group(1).lower() if m else None
    return Columns(roles, measure)


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
               prev_cols: Columns | None = None, caption: str = "") -> tuple[list[Draft], Columns]:
    """One draft per body row of the table in block `bi`."""
    block = doc_text.blocks[bi]
    table = block.table
    assert table is not None
    start, end = doc_text.block_span(bi)
    in_table = [m for m in mentions if start <= m.start < end]
    table = _header_without_records(doc_text, bi, table, in_table)
    header = table.header
    cols = map_columns(header, table.body) if header and table.header_rows else (prev_cols or Columns({}))
    # a table without study or treatment columns continues the previous one, unless a caption of
    # its own ("Table 2 Main results ...") makes it a new table
    own_caption = bool(caption) and not re.search(r"\bcontinued\b|\(cont", caption, re.IGNORECASE)
    if prev_cols and not own_caption and not (cols.get("id") is not None or cols.get("treatment") is not None):
        cols = prev_cols
    if cols.get("id") is None and not any(m.label in ("NCT", "TRIAL") for m in in_table):
        # no study column and no study named: a results table of the document's own study, or no trial table
        known = {norm_name(m.text): m.name for m in mentions if m.label == "ENDPOINT"}
        known.update({norm_name(m.name): m.name for m in mentions if m.label == "ENDPOINT"})
        res = read_results_table(doc_text, bi, in_table, caption, known)
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
        if not local and not any(m.label == "ENDPOINT" for m in ms) and cols.measure:
            # "Incidence (95% CI)" over "58.8% (42.2-75.3)": the head names the cell's measure and grammar
            d.outcomes.extend(_measure_cell(t, cols.measure, a, page, row_text))
            d.endpoints.append(cols.measure)
            return d
        local += [EP(m.start - a, m.end - a, m.name) for m in ms if m.label == "ENDPOINT"]
        masks = [(m.start - a, m.end - a) for m in ms if m.label != "ENDPOINT"]
        arms = None
        if tr_cells and tr is not None:
            arms = [x.strip() for x in re.split(r"\s+(?:vs\.?|versus)\s+", tr_cells[0][2]) if x.strip()]
        for o in find_outcomes(t, local, masks, arms=arms, paired_endpoints=bool(col_eps)):
            o.at = a + o.at if o.at >= 0 else -1
            o.page = page
            o.evidence = row_text
            d.outcomes.append(o)
    return d


def _measure_cell(text: str, measure: str, at: int, page: int, evidence: str) -> list:
    """The value (and interval) of one study's result cell under a head naming its measure."""
    from extract.records import Outcome
    from extract.relations.cell_grammar import parse_cell

    cell = parse_cell(text)
    if cell is None or cell.value is None or not cell.grammar.startswith("value"):
        return []
    unit = "%" if cell.percent_sign else None
    out = [Outcome(endpoint=measure, value=cell.value, unit=unit, relation=cell.relation)]
    for stat, v in (("CI_low", cell.lo), ("CI_high", cell.hi)):
        if v is not None:
            out.append(Outcome(endpoint=measure, statistic=stat, value=v, unit=unit))
    for o in out:
        o.page, o.evidence, o.at = page, evidence, at
    return out


def read_results_table(doc_text: DocumentText, bi: int, in_table: list[Mention], caption: str = "",
                       known: dict[str, str] | None = None) -> Draft | None:
    """A results table of the document's own study (no trial column): one draft holding its outcomes.

    The reading itself is `results_table.read_results`; this maps cells to their ENDPOINT
    mentions and the facts back to outcomes with page and row evidence.
    """
    from extract.records import Outcome
    from extract.relations.results_table import read_results

    table = doc_text.blocks[bi].table
    assert table is not None
    page = doc_text.blocks[bi].page

    def endpoint_of(r: int, c: int) -> str | None:
        try:
            a, b = doc_text.cell_span(bi, r, c)
        except IndexError:
            return None
        return next((m.name for m in in_table if m.label == "ENDPOINT" and m.start >= a and m.end <= b), None)

    known = known or {}
    res = read_results([list(r) for r in table.rows], endpoint_of, caption,
                       lambda label: known.get(norm_name(label)))
    if res is None:
        return None
    d = Draft(order=doc_text.starts[bi], source="results")
    for f in res.facts:
        try:
            rpage = doc_text.page_at(doc_text.cell_span(bi, f.row, 0)[0])
        except IndexError:
            rpage = page
        try:
            at = doc_text.cell_span(bi, f.row, f.col)[0]  # the value is read from this cell
        except IndexError:
            at = -1
        d.outcomes.append(Outcome(endpoint=f.endpoint, statistic=f.statistic, value=f.value, unit=f.unit, arm=f.arm,
                                  population=f.population, relation=f.relation, denominator=f.denominator,
                                  timepoint=f.timepoint, page=rpage, evidence="\t".join(table.rows[f.row]), at=at))
    d.endpoints.extend(res.endpoints)
    d.evidence.append(doc_text.text[doc_text.starts[bi]:doc_text.block_span(bi)[1]][:2000])
    d.pages.append(page)
    return d
