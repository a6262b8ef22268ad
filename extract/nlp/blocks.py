"""Block layout seen from the joined text: blocks, table rows/cells, scope.

`DocumentText` joins blocks with a blank line and renders tables one row per
line with tab-separated cells. The NLP components only get a spaCy Doc, so
this module recovers that layout from the text (or takes it from
`doc.user_data` when `annotate` recorded it from the DocumentText), and says
which character ranges are out of scope for entities: the reference list and
back matter (acknowledgements, funding, conflicts, author contributions ...),
found by their headings and by the shape of citation entries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

BLOCKS_KEY = "extract.blocks"  # doc.user_data: list[BlockInfo] set by annotate()
TEXT_KEY = "extract.text"
TOKENS_KEY = "extract.tokens"

_BACK_MATTER = re.compile(
    r"^(references?( and (recommended|suggested) reading)?|bibliography|literature cited|works cited"
    r"|acknowledge?ments?|funding( information| sources?)?|financial support( and sponsorship)?|sources? of funding"
    r"|conflicts? of interests?( statement| disclosures?)?|competing interests?|declaration of (competing )?interests?"
    r"|disclosures?( statement)?|authors?'? contributions?|contributions|publisher'?s note|data availability( statement)?"
    r"|ethics (statement|approval.*)|consent for publication|keywords?|key ?words|abbreviations used"
    r"|supplementary (material|data|information)|orcid)\s*:?$",
    re.IGNORECASE,
)
_REFERENCES = re.compile(r"^(references?|bibliography|literature cited|works cited)\b", re.IGNORECASE)
_CAPTION = re.compile(r"^(table|figure|fig\.?)\s*\d+", re.IGNORECASE)
# One citation entry: "12. Smith AB, Jones C, et al. Title. J Clin Oncol 2020; 38:1-9."
# or "- Smith, A. B., and Jones, C. (2020). Title. Journal 3, 1-9."
_CITATION_START = re.compile(
    r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.?|[-•*])?\s*"
    r"(?:[A-Z][A-Za-z'’\-]+(?: [A-Z][A-Za-z'’\-]+)?,? (?:[A-Z]{1,3}\b|[A-Z]\.(?: ?[A-Z]\.)*))"
)
_CITATION_TAIL = re.compile(r"\b(19|20)\d\d\b.*(\d+\s*[:(]\s*\d+|doi|\bet al\b|\d+\s*[–-]\s*\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class BlockInfo:
    start: int
    end: int
    kind: str  # body, heading, caption, table (furniture never reaches the text)


def blocks_from_text(text: str) -> list[BlockInfo]:
    """Blocks separated by blank lines; a block whose lines carry tabs is a table."""
    out: list[BlockInfo] = []
    for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        chunk = m.group(0)
        if not chunk.strip():
            continue
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        if lines and sum("\t" in ln for ln in lines) >= max(1, len(lines) // 2):
            kind = "table"
        elif _looks_like_heading(chunk):
            kind = "heading"
        else:
            kind = "body"
        out.append(BlockInfo(m.start(), m.end(), kind))
    return out


def _looks_like_heading(chunk: str) -> bool:
    s = chunk.strip().lstrip("#").strip().strip("*").strip()
    if not s or "\n" in s or len(s) > 90:
        return False
    return not s.endswith((".", ",", ";")) and (s[0].isupper() or s[0].isdigit())


@dataclass
class Tokens:
    """Plain per-token lists (creating spaCy Token objects in hot loops is slow)."""

    text: list[str]
    lower: list[str]
    idx: list[int]
    ws: list[bool]  # followed by whitespace
    space: list[bool]  # a whitespace token


def tokens_of(doc: Doc) -> Tokens:
    cached = doc.user_data.get(TOKENS_KEY)
    if cached is not None and len(cached.text) == len(doc):
        return cached
    text, lower, idx, ws, space = [], [], [], [], []
    for t in doc:
        text.append(t.text)
        lower.append(t.lower_)
        idx.append(t.idx)
        ws.append(bool(t.whitespace_))
        space.append(t.is_space)
    cached = Tokens(text, lower, idx, ws, space)
    doc.user_data[TOKENS_KEY] = cached
    return cached


def text_of(doc: Doc) -> str:
    """doc.text, computed once (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get(TEXT_KEY)
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if text is None or len(text) != end:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def doc_blocks(doc: Doc) -> list[BlockInfo]:
    blocks = doc.user_data.get(BLOCKS_KEY)
    if blocks is None:
        blocks = blocks_from_text(text_of(doc))
        doc.user_data[BLOCKS_KEY] = blocks
    return blocks


def heading_text(text: str) -> str:
    return re.sub(r"^[#*\s\d.IVX]*(?=[A-Za-z])", "", text.strip()).strip().strip("*").strip()


def is_citation_block(text: str) -> bool:
    """A reference-list entry (or a block of them), by its shape."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return False
    hits = sum(bool(_CITATION_START.match(ln) and _CITATION_TAIL.search(ln)) for ln in lines)
    return hits >= max(1, (len(lines) + 1) // 2)


_ARTICLE_START = re.compile(
    r"^(abstract|summary|introduction|background|(patients?|materials?|subjects?) and methods|methods?|results?)\s*:?$",
    re.IGNORECASE,
)


def scope_ranges(text: str, blocks: list[BlockInfo]) -> list[tuple[int, int]]:
    """Character ranges whose entities are not reported (references, back matter).

    A reference list runs to the next heading that opens an article's own text
    ("Abstract", "Introduction", "Methods", ...): in a collection of articles
    (a supplement, a conference book, a thesis of papers) the next chapter
    starts there, and some journals print Methods after the references.
    """
    ranges: list[tuple[int, int]] = []
    mode = None  # None (in scope), "back" (until next heading), "refs" (to the next article's text)
    for b in blocks:
        chunk = text[b.start:b.end]
        if b.kind == "table" or (b.kind in ("caption", "body") and _CAPTION.match(chunk.strip().lstrip("#*").strip())):
            continue  # tables and captions are always in scope
        head = heading_text(chunk)
        is_heading = b.kind == "heading" or _looks_like_heading(chunk)
        if is_heading and _BACK_MATTER.match(head):
            mode = "refs" if _REFERENCES.match(head) else "back"
            ranges.append((b.start, b.end))
            continue
        if mode == "back" and is_heading and len(head) > 3 and not is_citation_block(chunk):
            mode = None
        elif mode == "refs" and is_heading and _ARTICLE_START.match(head):
            mode = None
        if mode is not None or is_citation_block(chunk):
            ranges.append((b.start, b.end))
    return ranges


def out_of_scope_ranges(doc: Doc) -> list[tuple[int, int]]:
    """`scope_ranges` of a Doc (set by `annotate` for a piece of a longer document)."""
    cached = doc.user_data.get("extract.out_of_scope")
    if cached is None:
        cached = scope_ranges(text_of(doc), doc_blocks(doc))
        doc.user_data["extract.out_of_scope"] = cached
    return cached


def in_scope(doc: Doc, start_char: int) -> bool:
    from extract.nlp.annotation import in_ranges

    return not in_ranges(out_of_scope_ranges(doc), start_char)


# ---- tables -----------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    block: int  # index into doc_blocks
    row: int
    col: int
    start: int
    end: int
    header: str  # text of the column header (first row), "" for the header row


def table_cells(doc: Doc) -> list[Cell]:
    """Every cell of every table block, with its column header."""
    cached = doc.user_data.get("extract.cells")
    if cached is not None:
        return cached
    text = text_of(doc)
    cells: list[Cell] = []
    for bi, b in enumerate(doc_blocks(doc)):
        if b.kind != "table":
            continue
        pos = b.start
        header: list[str] = []
        for r, line in enumerate(text[b.start:b.end].split("\n")):
            parts = line.split("\t")
            if r == 0:
                header = [p.strip() for p in parts]
            cpos = pos
            for c, part in enumerate(parts):
                head = "" if r == 0 else (header[c] if c < len(header) else "")
                cells.append(Cell(bi, r, c, cpos, cpos + len(part), head))
                cpos += len(part) + 1
            pos += len(line) + 1
    doc.user_data["extract.cells"] = cells
    return cells


def cell_at(doc: Doc, char: int) -> Cell | None:
    import bisect

    cells = table_cells(doc)
    k = bisect.bisect_right([c.start for c in cells], char) - 1
    if k >= 0 and cells[k].start <= char <= cells[k].end:
        return cells[k]
    return None
