"""The text of one document as the NLP stage sees it: ordered blocks with pages.

Every reader (PDF, .txt, .md) produces a `DocumentText`. Its `text` is the
blocks joined by blank lines; each block knows its character range in that
text, so any later span (an entity, a sentence, a number) maps back to its
block, page and, inside a table, its row and cell.

Table blocks are rendered one row per line with cells separated by tabs, so a
table row is always its own sentence for the NLP stage.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Literal

from extract.boxes import Box, TextBoxes

BlockKind = Literal["body", "heading", "caption", "table", "furniture"]
BLOCK_KINDS: tuple[str, ...] = ("body", "heading", "caption", "table", "furniture")
BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = "\t"
ROW_SEPARATOR = "\n"


@dataclass(frozen=True)
class Table:
    """A table as rows of cell strings; `header_rows` leading rows are headers."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 1
    pages: tuple[int, ...] = ()

    @property
    def header(self) -> tuple[str, ...]:
        if not self.rows or self.header_rows == 0:
            return ()
        if self.header_rows == 1:
            return self.rows[0]
        width = max(len(r) for r in self.rows[: self.header_rows])
        return tuple(
            " ".join(r[i] for r in self.rows[: self.header_rows] if i < len(r) and r[i]).strip()
            for i in range(width)
        )

    @property
    def body(self) -> tuple[tuple[str, ...], ...]:
        return self.rows[self.header_rows:]

    def render(self) -> str:
        return ROW_SEPARATOR.join(CELL_SEPARATOR.join(c.replace("\n", " ") for c in row) for row in self.rows)


@dataclass(frozen=True)
class Block:
    """One run of text of one kind on one page (a table block may span pages)."""

    kind: BlockKind
    text: str
    page: int  # 1-based page where the block starts
    table: Table | None = None
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom on `page`
    boxes: TextBoxes | None = field(default=None, compare=False, repr=False)  # word boxes (PDF input only)

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if self.kind == "table" and self.table is None:
            raise ValueError("a table block needs its Table")


@dataclass(frozen=True)
class CellRef:
    block_index: int
    row: int
    col: int


@dataclass
class DocumentText:
    """Blocks in reading order plus the joined text and offset maps."""

    doc_id: str
    blocks: list[Block]
    n_pages: int = 0
    source: str = ""
    title: str = ""
    include_furniture: bool = False
    text: str = field(init=False)
    starts: list[int] = field(init=False)  # start offset of each included block; -1 if excluded

    def __post_init__(self) -> None:
        parts: list[str] = []
        self.starts = []
        pos = 0
        for block in self.blocks:
            if block.kind == "furniture" and not self.include_furniture:
                self.starts.append(-1)
                continue
            body = block.table.render() if block.table is not None else block.text
            if parts:
                parts.append(BLOCK_SEPARATOR)
                pos += len(BLOCK_SEPARATOR)
            self.starts.append(pos)
            parts.append(body)
            pos += len(body)
        self.text = "".join(parts)
        self._index = [(s, i) for i, s in enumerate(self.starts) if s >= 0]
        self._keys = [s for s, _ in self._index]
        if not self.n_pages:
            self.n_pages = max((b.page for b in self.blocks), default=0)

    # ---- offset maps -------------------------------------------------
    def block_at(self, offset: int) -> int:
        """Index (into `blocks`) of the block containing character `offset`."""
        if not self._index:
            raise IndexError("empty document")
        k = bisect.bisect_right(self._keys, offset) - 1
        return self._index[max(k, 0)][1]

    def page_at(self, offset: int) -> int:
        return self.blocks[self.block_at(offset)].page

    def box_at(self, start: int, end: int, one_line: bool = False) -> tuple[int, Box] | None:
        """(page, [x0, top, x1, bottom]) of the characters start..end, from the PDF's word
        boxes; None for text inputs or where no word was placed."""
        if start < 0 or end <= start or not self._index:
            return None
        bi = self.block_at(start)
        boxes = self.blocks[bi].boxes
        if boxes is None:
            return None
        base = self.starts[bi]
        return boxes.box(start - base, end - base, one_line)

    def block_span(self, index: int) -> tuple[int, int]:
        start = self.starts[index]
        block = self.blocks[index]
        body = block.table.render() if block.table is not None else block.text
        return start, start + len(body)

    def cell_at(self, offset: int) -> CellRef | None:
        """Row and column of `offset` when it falls inside a table block."""
        bi = self.block_at(offset)
        block = self.blocks[bi]
        if block.table is None:
            return None
        start, _ = self.block_span(bi)
        rel = offset - start
        for r, row in enumerate(block.table.rows):
            line = CELL_SEPARATOR.join(c.replace("\n", " ") for c in row)
            if rel <= len(line):
                col = line[:rel].count(CELL_SEPARATOR)
                return CellRef(bi, r, col)
            rel -= len(line) + len(ROW_SEPARATOR)
        return None

    def cell_span(self, block_index: int, row: int, col: int) -> tuple[int, int]:
        """Character range of one table cell in `text`."""
        block = self.blocks[block_index]
        assert block.table is not None
        pos = self.starts[block_index]
        for r, cells in enumerate(block.table.rows):
            if r == row:
                for c, cell in enumerate(cells):
                    n = len(cell.replace("\n", " "))
                    if c == col:
                        return pos, pos + n
                    pos += n + len(CELL_SEPARATOR)
                raise IndexError(f"no column {col} in row {row}")
            pos += len(CELL_SEPARATOR.join(c.replace("\n", " ") for c in cells)) + len(ROW_SEPARATOR)
        raise IndexError(f"no row {row}")

    def iter_blocks(self, *kinds: str) -> Iterator[tuple[int, Block]]:
        for i, b in enumerate(self.blocks):
            if self.starts[i] >= 0 and (not kinds or b.kind in kinds):
                yield i, b

    def pages(self) -> Iterable[tuple[int, list[Block]]]:
        by_page: dict[int, list[Block]] = {}
        for b in self.blocks:
            by_page.setdefault(b.page, []).append(b)
        for p in sorted(by_page):
            yield p, by_page[p]
