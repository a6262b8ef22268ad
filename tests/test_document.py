"""DocumentText offset maps: every span maps back to its block, page and table cell."""
import pytest

from extract.document import Block, DocumentText, Table


def _doc():
    table = Table(rows=(("Trial", "Phase", "N"), ("ALPHA-1", "III", "450"), ("BETA", "", "12")), pages=(2,))
    blocks = [
        Block("heading", "Results", 1),
        Block("furniture", "Journal of Tests 2024 | 3", 1),
        Block("body", "The ALPHA-1 trial enrolled 450 patients.", 1),
        Block("table", "", 2, table=table),
        Block("caption", "Table 1. Trials.", 2),
    ]
    return DocumentText("d", blocks)


def test_furniture_is_excluded_from_text():
    doc = _doc()
    assert "Journal of Tests" not in doc.text
    assert doc.starts[1] == -1


def test_offsets_map_to_block_and_page():
    doc = _doc()
    off = doc.text.index("enrolled")
    assert doc.blocks[doc.block_at(off)].kind == "body"
    assert doc.page_at(off) == 1
    assert doc.page_at(doc.text.index("Table 1.")) == 2


def test_table_rendered_as_tab_rows_and_cells_map_back():
    doc = _doc()
    assert "ALPHA-1\tIII\t450" in doc.text
    off = doc.text.index("450\n")  # the table cell, not the body sentence
    cell = doc.cell_at(off)
    assert (cell.row, cell.col) == (1, 2)
    start, end = doc.cell_span(cell.block_index, 1, 0)
    assert doc.text[start:end] == "ALPHA-1"
    # an empty cell keeps its column
    start, end = doc.cell_span(cell.block_index, 2, 2)
    assert doc.text[start:end] == "12"
    assert doc.cell_at(doc.text.index("enrolled")) is None


def test_block_validation():
    with pytest.raises(ValueError):
        Block("sidebar", "x", 1)
    with pytest.raises(ValueError):
        Block("table", "x", 1)


def test_multi_row_header_joins_columns():
    t = Table(rows=(("Primary", "Sample"), ("endpoint", "size"), ("PFS", "10")), header_rows=2)
    assert t.header == ("Primary endpoint", "Sample size")
    assert t.body == (("PFS", "10"),)
