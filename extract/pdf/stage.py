"""PDF -> DocumentText: the whole PDF stage, page by page.

Each page is opened once: its characters become rows of words (chars.py),
tables are found on it (tables.py, another module) and their words removed
from the running text, and the page is closed. When every page is read, the
document-level passes run: furniture (headers/footers repeated across pages),
reading order and paragraphs per page, the vocabulary used to rejoin words
hyphenated at line ends, and finally the text of each block.

Choices visible in the text: superscripts are kept as separate tokens in
square brackets ("months [15]", "Smith [a,b]") or glued when they are signs
or exponents ("CD8+", "10^9", "mg/m2"), see `chars.render_sup`; words broken
at line, column and page ends are rejoined against the document's own
vocabulary (`extract.normalize.dehyphenate`); furniture stays in `blocks` as
kind "furniture" and never reaches `DocumentText.text`.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from extract.document import Block, DocumentText
from extract.errors import InputError
from extract.boxes import TextBoxes, align, align_table
from extract.normalize import dehyphenate, normalize_text, quarter_equals, vocabulary
from extract.pdf import furniture as furn
from extract.pdf.chars import Row, Word, frame_chars, orientation, render_sup, rows_from_chars
from extract.pdf.checks import check_pdf_file, open_error
from extract.pdf.layout import Group, group_rows, mark_table_captions, order_rows, table_slot

log = logging.getLogger(__name__)

MAX_CHARS_PER_PAGE = 250_000  # far beyond any text page; guards pathological files
MIN_TEXT_CHARS = 20  # fewer characters than this and a page has no text layer


@dataclass
class PageData:
    number: int
    width: float
    height: float
    main: str  # orientation of the page's text: 'up', 'btt' or 'ttb'
    rows: list[Row]
    side: dict[str, list[Row]] = field(default_factory=dict)  # text in other directions
    found: list = field(default_factory=list)  # FoundTable objects from extract.pdf.tables
    n_chars: int = 0
    n_images: int = 0
    table_words: dict = field(default_factory=dict)  # found table's bbox -> its words (for value boxes)


def _table_api():
    """(find_tables, stitch_tables, to_table) or None when the table module is missing."""
    try:
        from extract.pdf import tables
    except Exception as exc:  # the stage works without tables
        log.warning("table finding unavailable: %s", exc)
        return None
    funcs = tuple(getattr(tables, n, None) for n in ("find_tables", "stitch_tables", "to_table"))
    return funcs if all(funcs) else None


def _frame_box(box: tuple, orient: str, width: float, height: float) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = box
    if orient == "btt":
        return (height - bottom, x0, height - top, x1)
    if orient == "ttb":
        return (top, width - x1, bottom, width - x0)
    return (x0, top, x1, bottom)


def _word_dicts(rows: list[Row]) -> list[dict]:
    return [
        {"text": w.text, "x0": w.x0, "x1": w.x1, "top": w.top, "bottom": w.bottom,
         "size": w.size, "bold": w.bold, "upright": True}
        for r in rows for w in r.words
    ]


def _read_page(page, number: int, path: Path, api) -> PageData:
    chars = page.chars
    if len(chars) > MAX_CHARS_PER_PAGE:
        raise InputError(path, f"page {number} holds {len(chars)} characters: not a text page this tool can read")
    width = float(page.width) + float(page.bbox[0])
    height = float(page.height) + float(page.bbox[1])
    by_orient: dict[str, list[dict]] = {}
    for ch in chars:
        by_orient.setdefault(orientation(ch), []).append(ch)
    by_orient.pop("other", None)
    n_text = sum(1 for ch in chars if not ch["text"].isspace())
    main = max(by_orient, key=lambda o: (len(by_orient[o]), o == "up")) if by_orient else "up"
    data = PageData(number, width, height, main, [], n_chars=n_text)
    for orient, ochars in by_orient.items():
        rows = rows_from_chars(frame_chars(ochars, orient, width, height))
        if orient == main:
            data.rows = rows
        else:
            data.side[orient] = rows
    if n_text < MIN_TEXT_CHARS:
        data.n_images = len(page.images)
    if api is not None and n_text >= MIN_TEXT_CHARS:
        words = _word_dicts(data.rows) if main == "up" else None
        try:
            data.found = list(api[0](page, words=words))
        except Exception as exc:  # a table bug must not lose the page's text
            log.warning("%s: page %d: table finding failed: %s", path, number, exc)
    return data


def _drop_table_words(data: PageData) -> None:
    """Words inside a found table leave the page's rows; each table keeps its own (`table_words`)."""
    boxes = [tuple(t.bbox) for t in data.found]
    if not boxes:
        return

    def owner(w: Word):
        cx = (w.obox[0] + w.obox[2]) / 2
        cy = (w.obox[1] + w.obox[3]) / 2
        return next((b for b in boxes if b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1), None)

    def keep(rows: list[Row]) -> list[Row]:
        out = []
        for r in rows:
            ws = []
            for w in r.words:
                b = owner(w)
                if b is None:
                    ws.append(w)
                else:
                    data.table_words.setdefault(b, []).append(w)
            if ws:
                out.append(r if len(ws) == len(r.words) else Row(ws, r.baseline))
        return out

    data.rows = keep(data.rows)
    data.side = {o: keep(rs) for o, rs in data.side.items()}


def _body_size(pages: list[PageData]) -> float:
    """The font size of running text: the commonest per-page modal word size.

    Per page first, so that long small-print reference lists do not outvote
    the body text.
    """
    modes: Counter = Counter()
    for p in pages:
        sizes: Counter = Counter()
        for r in p.rows:
            for w in r.words:
                if not w.sup:
                    sizes[round(w.size * 2) / 2] += len(w.text)
        if sizes:
            modes[max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]] += 1
    if not modes:
        return 10.0
    return max(modes.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _assemble(rows: list[Row], vocab) -> str:
    """Text of a group: words joined by spaces, line-end hyphens resolved, superscripts rendered."""
    parts: list[str] = []
    row_end = -1  # index in parts of the previous row's last word
    sup_last = False
    for r in rows:
        first = True
        for w in r.words:
            if w.sup:
                base = parts[-1] if parts else ""
                piece, glue = render_sup(base, w.text)
                if glue and parts:
                    parts[-1] += piece
                else:
                    parts.append(piece)
                first = False
                sup_last = True
                continue
            if first and parts and row_end == len(parts) - 1 and parts[-1].endswith("-"):
                joined = dehyphenate(parts[-1], w.text, vocab)
                parts[-1] = joined if joined is not None else parts[-1] + w.text
            elif parts and sup_last and w.text[:1] in ",.;:)]":
                parts[-1] += w.text  # "Zagami [a,b]," not "Zagami [a,b] ,"
            else:
                parts.append(w.text)
            first = False
            sup_last = False
        row_end = len(parts) - 1
    return quarter_equals(" ".join(parts))  # words were normalised one by one


def _vocab_words(groups_by_page: list[list[Group]]):
    """All words except the halves of words broken at a line end."""
    for groups in groups_by_page:
        for g in groups:
            skip_next = False
            for r in g.rows:
                n = len(r.words)
                for i, w in enumerate(r.words):
                    if w.sup:
                        continue
                    if skip_next:
                        skip_next = False
                        continue
                    if i == n - 1 and w.text.endswith("-"):
                        skip_next = True
                        continue
                    yield w.text


def _title_candidates(groups: list[Group], texts: list[str], body_size: float) -> list[tuple[float, str]]:
    """(size, text) of a page's text groups set clearly larger than body text."""
    out = []
    for g, t in zip(groups, texts):
        if g.kind == "table" or len(t.split()) < 2:
            continue
        sizes = sorted(w.size for r in g.rows for w in r.words if not w.sup)
        if sizes and sizes[len(sizes) // 2] >= 1.2 * body_size:
            out.append((sizes[len(sizes) // 2], t))
    return out


_NOT_A_TITLE = re.compile(r"\.(?:docx?|pdf|indd|tex|dvi)$|^microsoft word|^untitled|^\S+$", re.I)


def _title(candidates: list[list[tuple[float, str]]], metadata: dict, front_text: str) -> str:
    """The document title.

    The PDF's own Title entry wins when it reads like a title and its words are
    on the first pages (metadata can be stale); otherwise the largest type on
    the first page with a few words, then on the next pages (cover sheets);
    a short masthead ("International Immunopharmacology") comes last.
    """
    meta = " ".join(normalize_text(str(metadata.get("Title") or "")).split())
    if len(meta.split()) >= 4 and not _NOT_A_TITLE.search(meta):
        words = {w.lower() for w in re.findall(r"[^\W_]+", meta)}
        found = {w.lower() for w in re.findall(r"[^\W_]+", front_text)}
        if words and len(words & found) >= 0.8 * len(words):
            return meta
    for page in candidates:
        long = [c for c in page if len(c[1].split()) >= 4]
        if long:
            return max(long, key=lambda c: c[0])[1]
    first = candidates[0] if candidates else []
    return max(first, key=lambda c: c[0])[1] if first else ""


PAGE_WINDOW = 20  # pages whose layout is held at once; a longer PDF is assembled window by window


def read_pdf(path: str | Path, window: int = PAGE_WINDOW, backend: str | None = None) -> DocumentText:
    """Read a born-digital PDF into ordered, typed text blocks with pages.

    `backend` names the character backend (`extract.pdf.backends`: "pdfium" or
    "pdfplumber"; None takes the default). Layout passes that look across
    pages (running headers, table stitching, the dehyphenation vocabulary) run
    on windows of `window` pages, so a 1,000-page PDF holds no more layout in
    memory than a 20-page one; a paper of up to 29 pages is one window. A
    window ends after a page without a table (a table is stitched only inside
    a window) and at most 20 pages late, and never leaves fewer than half a
    window for the last one.
    """
    from extract.pdf.backends import open_pdf

    path = Path(path)
    check_pdf_file(path)
    api = _table_api()
    pages: list[PageData] = []
    stats: list[tuple[int, int]] = []  # (text chars, images) of every page
    blocks: list[Block] = []
    candidates: list[list[tuple[float, str]]] = []
    try:
        pdf = open_pdf(path, backend)
    except Exception as exc:
        raise open_error(path, exc) from None
    try:
        try:
            page_list = pdf.pages
        except Exception as exc:
            raise open_error(path, exc) from None
        if not page_list:
            raise InputError(path, "the PDF has no pages (empty or damaged page tree)")
        metadata = pdf.metadata
        n_pages = len(page_list)
        for i in range(1, n_pages + 1):
            page = None
            try:
                page = page_list[i - 1]
                pdf.count(page)
                data = _read_page(page, i, path, api)
            except InputError:
                raise
            except Exception as exc:
                raise open_error(path, exc, f"page {i}") from None
            finally:
                if page is not None:
                    page.close()
            pages.append(data)
            stats.append((data.n_chars, data.n_images))
            rest = n_pages - i  # a window is never followed by a short one
            if rest >= window // 2 and len(pages) >= window and (not data.found or len(pages) >= window + 20):
                _add_window(path, pages, api, blocks, candidates)
                pages = []
                pdf.forget()
    finally:
        try:
            pdf.close()
        except Exception:  # closing a damaged file re-parses it; the error is already reported
            pass
    _check_text_layer(path, stats)
    _add_window(path, pages, api, blocks, candidates)
    return _document(path, blocks, candidates, metadata, len(stats))


def _check_text_layer(path: Path, stats: list[tuple[int, int]]) -> None:
    n_pages = len(stats)
    if not any(n >= MIN_TEXT_CHARS for n, _ in stats):
        if any(img for _, img in stats):
            raise InputError(path, "no text layer (scanned?) — OCR it first")
        raise InputError(path, "no text on any page (blank, drawn-only or damaged pages)")
    scanned = sum(1 for n, img in stats if n < MIN_TEXT_CHARS and img)
    if scanned * 2 > n_pages:  # e.g. a scan behind a publisher's text cover page
        raise InputError(path, f"{scanned} of {n_pages} pages have no text layer (scanned?) — OCR it first")


def _add_window(path: Path, pages: list[PageData], api, blocks: list[Block],
                candidates: list[list[tuple[float, str]]]) -> None:
    if pages:
        more, cands = _window_blocks(path, pages, api)
        blocks.extend(more)
        candidates.extend(cands)


def _document(path: Path, blocks: list[Block], candidates, metadata: dict, n_pages: int) -> DocumentText:
    front = " ".join(b.text for b in blocks if b.page <= 3 and b.kind != "table")
    title = _title(candidates, metadata, front)
    return DocumentText(doc_id=path.stem, blocks=blocks, n_pages=n_pages, source=str(path), title=title)


def build_document(path: Path, pages: list[PageData], metadata: dict, api=None) -> DocumentText:
    """Document-level passes over read pages (all in one window): furniture, order, paragraphs, text."""
    _check_text_layer(path, [(p.n_chars, p.n_images) for p in pages])
    blocks, candidates = _window_blocks(path, pages, api)
    return _document(path, blocks, candidates, metadata, len(pages))


def _window_blocks(path: Path, pages: list[PageData], api) -> tuple[list[Block], list]:
    """Blocks of consecutive pages, and the title candidates of the document's first pages."""
    n_pages = len(pages)
    # tables: stitch pages, remember which found table starts a block
    stitched = []
    if api is not None and any(p.found for p in pages):
        try:
            stitched = list(api[1]([(p.number, p.found) for p in pages if p.found]))
        except Exception as exc:
            log.warning("%s: table stitching failed: %s", path, exc)
            stitched = [
                _Single(p.number, t) for p in pages for t in p.found
            ]
    starts: dict[tuple[int, int], object] = {}
    for st in stitched:
        first_page, first_box = st.bboxes[0]
        starts[(first_page, id(_match(pages, first_page, first_box)))] = st

    for p in pages:
        _drop_table_words(p)
    body_size = _body_size(pages)

    # furniture: edge rows in the page's own (upright) frame
    def candidates(p: PageData) -> list[furn.Segment]:
        if p.main == "up":
            return furn.edge_segments(p.rows, p.number, p.height)
        # a sideways page: its upright lines are the running header/footer, wherever they sit
        return [s for r in p.side.get("up", []) for s in furn.segments(r, p.number)]

    cands = [candidates(p) for p in pages]
    keys = furn.furniture_keys(cands, n_pages)

    groups_by_page: list[list[Group]] = []
    furniture_by_page: list[list[tuple[float, list[Word]]]] = []
    tables_by_page: list[dict[int, object]] = []
    for p, segs in zip(pages, cands):
        furn_words: set[int] = set()
        furniture: list[tuple[float, list[Word]]] = []
        for s in segs:
            if furn.is_furniture(s, keys):
                furniture.append((s.top, s.words))
                furn_words.update(id(w) for w in s.words)
        rows: list[Row] = []
        by_base = sorted(p.rows, key=lambda r: r.baseline)
        edge_ids = {id(r) for r in by_base[: furn.EDGE_ROWS] + by_base[-furn.EDGE_ROWS:]}
        for r in p.rows:
            if furn.watermark_row(r, anywhere=id(r) not in edge_ids):
                furniture.append((r.top if p.main == "up" else 0.0, r.words))
                continue
            ws = [w for w in r.words if id(w) not in furn_words]
            if ws:
                rows.append(r if len(ws) == len(r.words) else Row(ws, r.baseline))
        lead: list[Row] = []
        for orient, srows in p.side.items():
            if orient == "up":  # upright text on a sideways page: header, footer, caption
                for r in srows:
                    ws = [w for w in r.words if id(w) not in furn_words]
                    if ws and not furn.watermark_row(r, anywhere=False):
                        lead.append(Row(ws, r.baseline))
                    elif ws:
                        furniture.append((r.top, ws))
            else:  # sideways text on an upright page: margin stamps, figure labels
                for r in srows:
                    furniture.append((0.0, r.words))
        # table slots
        slots: dict[int, object] = {}
        for k, t in enumerate(p.found):
            st = starts.get((p.number, id(t)))
            if st is None:
                continue
            fx0, ftop, fx1, fbottom = _frame_box(t.bbox, p.main, p.width, p.height)
            size = body_size
            w = Word(f"\x00T{k}", fx0, fx1, ftop, fbottom, ftop + 0.01, size, False, False, tuple(t.bbox))
            rows.append(Row([w], ftop + 0.01, size))
            slots[k] = st
        mark_table_captions(rows, [r for r in rows if table_slot(r) is not None])
        groups = group_rows(order_rows(lead), body_size) if lead else []
        groups += group_rows(order_rows(rows), body_size)
        groups_by_page.append(groups)
        furniture_by_page.append(furniture)
        tables_by_page.append(slots)

    vocab = vocabulary(_vocab_words(groups_by_page))
    blocks: list[Block] = []
    title_candidates: list[list[tuple[float, str]]] = []
    for p, groups, furniture, slots in zip(pages, groups_by_page, furniture_by_page, tables_by_page):
        top_f = [f for f in furniture if f[0] < p.height / 2]
        bottom_f = [f for f in furniture if f[0] >= p.height / 2]
        for _, ws in sorted(top_f, key=lambda f: f[0]):
            blocks.append(_furniture_block(ws, p.number))
        texts = []
        for g in groups:
            if g.kind == "table":
                st = slots.get(g.table_index)  # type: ignore[arg-type]
                if st is None:
                    texts.append("")
                    continue
                table = _to_table(api, st)
                if not table.rows:
                    texts.append("")
                    continue
                rendered = table.render()
                texts.append(rendered)
                blocks.append(Block("table", rendered, p.number, table=table,
                                    bbox=tuple(st.bboxes[0][1]), boxes=_table_boxes(rendered, st, pages)))
                continue
            text = _assemble(g.rows, vocab)
            texts.append(text)
            if text.strip():
                boxes = align(text, [(w.text, p.number, w.obox, w.glyphs) for r in g.rows for w in r.words])
                blocks.append(Block(g.kind, text, p.number, bbox=g.bbox, boxes=boxes))  # type: ignore[arg-type]
        if p.number <= 3:
            title_candidates.append(_title_candidates(groups, texts, body_size))
        for _, ws in sorted(bottom_f, key=lambda f: f[0]):
            blocks.append(_furniture_block(ws, p.number))
    return _join_broken_words(blocks, vocab), title_candidates


def _table_boxes(rendered: str, st, pages: list[PageData]) -> TextBoxes:
    """A table's words placed in its rendered text, page by page, top to bottom."""
    by_number = {p.number: p for p in pages}
    words = []
    for number, box in st.bboxes:
        p = by_number.get(number)
        ws = p.table_words.get(tuple(box), []) if p is not None else []
        words += [(w.text, number, w.obox, w.glyphs) for w in sorted(ws, key=lambda w: (round(w.top, 1), w.x0))]
    return align_table(rendered, words)


def _join_broken_words(blocks: list[Block], vocab) -> list[Block]:
    """Rejoin a word hyphenated at the end of a column or page ("mecha-" ... "nisms").

    The completed word goes to the earlier block; the later block loses its
    first fragment. Only body text continues like this.
    """
    out = list(blocks)
    last = None
    for i, b in enumerate(out):
        if b.kind != "body":
            continue
        if last is not None:
            prev = out[last]
            head, _, frag = prev.text.rpartition(" ")
            first, _, rest = b.text.partition(" ")
            if frag.endswith("-") and frag[:-1][-1:].isalpha() and first[:1].islower():
                joined = dehyphenate(frag, first, vocab)
                word = joined if joined is not None else frag + first
                new_prev = (head + " " + word).strip()
                kept = prev.boxes.shifted(0, 0, len(head)) if prev.boxes is not None else None
                out[last] = replace(prev, text=new_prev, boxes=kept)
                moved = b.boxes.shifted(-(len(first) + 1), len(first) + 1) if b.boxes is not None else None
                out[i] = replace(b, text=rest, boxes=moved)
        last = i
    return [b for b in out if b.kind != "body" or b.text]


@dataclass
class _Single:
    """Fallback when stitching fails: each found table on its own."""

    page: int
    found: object

    @property
    def bboxes(self):
        return [(self.page, self.found.bbox)]  # type: ignore[attr-defined]

    @property
    def rows(self):
        return self.found.rows  # type: ignore[attr-defined]

    @property
    def header_rows(self):
        return self.found.header_rows  # type: ignore[attr-defined]

    @property
    def pages(self):
        return (self.page,)


def _match(pages: list[PageData], number: int, box) -> object | None:
    for p in pages:
        if p.number == number:
            for t in p.found:
                if tuple(t.bbox) == tuple(box):
                    return t
    return None


def _to_table(api, st):
    from extract.document import Table

    if api is not None and not isinstance(st, _Single):
        try:
            return api[2](st)
        except Exception as exc:
            log.warning("table conversion failed: %s", exc)
    width = max((len(r) for r in st.rows), default=0)
    rows = tuple(tuple(r) + ("",) * (width - len(r)) for r in st.rows)
    return Table(rows=rows, header_rows=st.header_rows, pages=tuple(st.pages))


def _furniture_block(words: list[Word], page: int) -> Block:
    text = " ".join(w.text for w in words)
    bbox = (min(w.obox[0] for w in words), min(w.obox[1] for w in words),
            max(w.obox[2] for w in words), max(w.obox[3] for w in words))
    return Block("furniture", text, page, bbox=bbox)
