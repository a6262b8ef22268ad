"""Table finding on small PDFs typeset by the tests (tests/table_fixtures.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import table_fixtures as F  # noqa: E402

from extract.pdf.tables import FoundTable, find_tables, stitch_tables, to_table  # noqa: E402

EXPECTED = [F.HEADER] + F.plain(F.ROWS)


def tables_of(path: Path) -> list[tuple[int, list[FoundTable]]]:
    with pdfplumber.open(path) as pdf:
        return [(p.page_number, find_tables(p)) for p in pdf.pages]


def only_table(path: Path) -> FoundTable:
    found = [t for _, ts in tables_of(path) for t in ts]
    assert len(found) == 1, [t.rows for t in found]
    return found[0]


def test_ruled_table_rows_cells_and_header(tmp_path):
    t = only_table(F.build_ruled(tmp_path / "ruled.pdf"))
    assert t.rows == EXPECTED
    assert t.header_rows == 1
    assert t.page == 1
    x0, top, x1, bottom = t.bbox
    assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 842


def test_empty_first_cells_keep_their_columns(tmp_path):
    t = only_table(F.build_ruled(tmp_path / "ruled.pdf"))
    assert t.rows[2][0] == "" and t.rows[2][2] == "88"
    assert all(len(r) == 4 for r in t.rows)


def test_superscript_marker_is_a_separate_token(tmp_path):
    t = only_table(F.build_ruled(tmp_path / "ruled.pdf"))
    assert t.rows[1][2] == "120 b"
    assert "120b" not in t.rows[1][2]


def test_multi_line_cell_is_joined_and_rows_are_not_fused(tmp_path):
    path = F.build_ruled(tmp_path / "ruled.pdf")
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words()
    tops = {w["text"]: w["top"] for w in words}
    assert tops["progression"] > tops["Barinib"] + 5  # the fixture really wraps this cell
    t = only_table(path)
    assert t.rows[2][1] == "Barinib plus fooximab given every three weeks until progression"
    assert t.rows[3][0] == "GAMMA-3"


def test_words_passed_in_give_the_same_table(tmp_path):
    path = F.build_ruled(tmp_path / "ruled.pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["size", "fontname"])
        assert [t.rows for t in find_tables(page, words=words)] == [EXPECTED]


def test_long_table_over_two_pages_is_stitched_with_header_once(tmp_path):
    per_page = tables_of(F.build_long(tmp_path / "long.pdf", n=70))
    assert [len(ts) for _, ts in per_page] == [1, 1]
    assert per_page[1][1][0].rows[0] == F.HEADER  # the header really repeats on page 2
    stitched = stitch_tables(per_page)
    assert len(stitched) == 1
    st = stitched[0]
    assert st.pages == (1, 2) and st.page == 1 and [p for p, _ in st.bboxes] == [1, 2]
    assert st.rows == [F.HEADER] + F.long_rows(70)
    table = to_table(st)
    assert table.header == tuple(F.HEADER) and len(table.body) == 70 and table.pages == (1, 2)


def test_rules_only_table(tmp_path):
    path = F.build_rules_only(tmp_path / "rules.pdf")
    with pdfplumber.open(path) as pdf:
        edges = pdf.pages[0].edges
    assert edges and all(e["orientation"] == "h" for e in edges)
    t = only_table(path)
    assert t.rows == EXPECTED
    assert t.header_rows == 1


def test_header_stops_at_the_first_rule_when_wordy_rows_follow(tmp_path):
    # rules under every row: body rows with a few numbers must not be read as header lines
    t = only_table(F.build_rules_between_rows(tmp_path / "wordy.pdf"))
    assert t.header_rows == 1
    assert t.rows[0] == F.WORDY_HEADER
    assert [r[0] for r in t.rows[1:]] == ["Alpha study", "Beta study", "Gamma study"]


def test_unruled_whitespace_table_with_wrapped_cell(tmp_path):
    path = F.build_unruled(tmp_path / "unruled.pdf")
    with pdfplumber.open(path) as pdf:
        assert not pdf.pages[0].edges
    t = only_table(path)
    assert t.rows == [F.UNRULED_HEADER] + F.UNRULED_ROWS
    assert t.header_rows == 1


def test_two_column_prose_is_not_a_table(tmp_path):
    per_page = tables_of(F.build_two_column_prose(tmp_path / "prose.pdf"))
    assert len(per_page) >= 1
    assert all(ts == [] for _, ts in per_page)


@pytest.mark.parametrize("via_page_rotate", [False, True])
def test_landscape_table_reads_upright(tmp_path, via_page_rotate):
    path = F.build_rotated(tmp_path / "rot.pdf", via_page_rotate=via_page_rotate)
    if not via_page_rotate:
        with pdfplumber.open(path) as pdf:
            assert not any(c["upright"] for c in pdf.pages[0].chars)  # text really runs sideways
    t = only_table(path)
    assert t.rows == EXPECTED


def _ft(rows, page, top=60.0, bottom=780.0):
    return FoundTable((50.0, top, 540.0, bottom), [list(r) for r in rows], 1, page)


def test_stitch_joins_continuation_without_repeated_header():
    head = ["Trial", "Arm", "N"]
    a = _ft([head, ["T-1", "Drug A", "10"], ["T-2", "Drug B", "12"]], 3)
    b = _ft([["T-3", "Drug C", "14"], ["T-4", "Drug D", "9"]], 4, top=50, bottom=200)
    st = stitch_tables([(3, [a]), (4, [b])])
    assert len(st) == 1 and st[0].pages == (3, 4) and len(st[0].rows) == 5 and st[0].header_rows == 1


def test_stitch_keeps_different_tables_apart():
    a = _ft([["Trial", "Arm", "N"], ["T-1", "Drug A", "10"]], 3)
    other_header = _ft([["Outcome", "Value", "Unit"], ["ORR", "45", "%"]], 4)
    other_width = _ft([["T-2", "Drug B", "12", "extra"]], 4)
    gap_page = _ft([["T-2", "Drug B", "12"]], 6)
    assert len(stitch_tables([(3, [a]), (4, [other_header])])) == 2
    assert len(stitch_tables([(3, [a]), (4, [other_width])])) == 2
    assert len(stitch_tables([(3, [a]), (6, [gap_page])])) == 2


def test_stitch_only_links_last_table_to_first_table_of_next_page():
    head = ["Trial", "Arm", "N"]
    first = _ft([head, ["T-1", "Drug A", "10"]], 1, bottom=300)
    second = _ft([["Outcome", "Value", "Unit"], ["ORR", "45", "%"]], 1, top=400)
    cont = _ft([head, ["T-2", "Drug B", "12"]], 2)
    st = stitch_tables([(1, [first, second]), (2, [cont])])
    assert len(st) == 3


def test_stitch_needs_table_low_on_one_page_and_high_on_the_next():
    head = ["Trial", "Arm", "N"]
    mid_page = FoundTable((50.0, 100.0, 540.0, 300.0), [head, ["T-1", "Drug A", "10"]], 1, 6, 792.0)
    top_next = FoundTable((50.0, 60.0, 540.0, 200.0), [["T-2", "Drug B", "12"]], 1, 7, 792.0)
    assert len(stitch_tables([(6, [mid_page]), (7, [top_next])])) == 2
    low = FoundTable((50.0, 400.0, 540.0, 750.0), [head, ["T-1", "Drug A", "10"]], 1, 6, 792.0)
    assert len(stitch_tables([(6, [low]), (7, [top_next])])) == 1


def test_group_label_rows_and_wrapped_label_keep_their_own_rows(tmp_path):
    path = F.build_grouped(tmp_path / "grouped.pdf")
    with pdfplumber.open(path) as pdf:
        tops = {w["text"]: w["top"] for w in pdf.pages[0].extract_words()}
    assert tops["enrolment"] > tops["Former"] + 5  # the label really wraps
    t = only_table(path)
    assert t.rows == [F.GROUPED_HEADER] + F.GROUPED_ROWS


def test_caption_above_the_table_is_kept(tmp_path):
    t = only_table(F.build_ruled(tmp_path / "ruled.pdf"))
    assert t.caption.startswith("Table 1.")


def test_a_new_numbered_caption_stops_stitching_but_continued_does_not():
    head = ["Trial", "Arm", "N"]
    low = FoundTable((50.0, 400.0, 540.0, 750.0), [head, ["T-1", "Drug A", "10"]], 1, 6, 792.0)
    nxt = FoundTable((50.0, 60.0, 540.0, 200.0), [head, ["T-2", "Drug B", "12"]], 1, 7, 792.0)
    assert len(stitch_tables([(6, [low]), (7, [nxt])])) == 1
    nxt.caption = "Table 3 Adverse events"
    assert len(stitch_tables([(6, [low]), (7, [nxt])])) == 2
    nxt.caption = "Table 2 (continued)"
    assert len(stitch_tables([(6, [low]), (7, [nxt])])) == 1


def test_table_without_a_foot_rule_runs_down_to_the_text(tmp_path):
    t = only_table(F.build_open_bottom(tmp_path / "open.pdf"))
    assert t.rows == [F.GROUPED_HEADER] + F.GROUPED_ROWS


def test_stitch_joins_a_table_carried_on_in_the_next_column():
    head = ["Event", "Arm A", "Arm B"]
    left = FoundTable((40.0, 100.0, 290.0, 700.0), [head, ["Any grade", "39", "17"]], 1, 3, 792.0)
    right = FoundTable((305.0, 100.0, 555.0, 400.0), [head, ["Grade 3", "21", "4"]], 1, 3, 792.0)
    below = FoundTable((40.0, 720.0, 290.0, 760.0), [head, ["Other", "1", "2"]], 1, 3, 792.0)
    st = stitch_tables([(3, [left, right])])
    assert len(st) == 1 and st[0].rows == [head, ["Any grade", "39", "17"], ["Grade 3", "21", "4"]]
    assert len(stitch_tables([(3, [left, below])])) == 2


def test_blank_page_has_no_tables(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 200)  # a lone box is not a table either
    c.showPage()
    c.save()
    assert tables_of(path) == [(1, [])]


def test_unruled_table_inside_one_column_of_a_two_column_page(tmp_path):
    per_page = tables_of(F.build_column_table(tmp_path / "coltable.pdf"))
    found = [t for _, ts in per_page for t in ts]
    assert [t.rows for t in found] == [[F.COLUMN_HEADER] + F.COLUMN_ROWS]


def test_a_value_under_a_closed_value_opens_a_row_even_without_padding(tmp_path):
    t = only_table(F.build_tight_values(tmp_path / "tight.pdf"))
    assert t.rows == [F.TIGHT_HEADER] + F.TIGHT_ROWS
