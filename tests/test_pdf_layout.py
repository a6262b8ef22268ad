"""The PDF stage on small built PDFs: reading order, furniture, hyphens, superscripts, rotation."""
from __future__ import annotations

import re

import pytest

import pdf_fixtures as F
from extract.pdf import read_pdf


def _order(text: str, prefix: str) -> list[str]:
    return re.findall(rf"\b{prefix}\d\d[a-f]\b", text)


def test_two_columns_read_left_column_then_right(tmp_path):
    doc = read_pdf(F.two_columns(tmp_path))
    text = doc.text
    assert text.index("Titleword") < text.index("L01a") < text.index("L30f") < text.index("R01a")
    left = _order(text, "L")
    assert left == sorted(left) and len(left) == 180
    right = _order(text, "R")
    assert right == sorted(right) and len(right) == 180
    assert doc.blocks[0].kind == "heading"
    assert doc.title.startswith("Titleword")


def test_mixed_layout_reads_columns_then_full_width_then_columns(tmp_path):
    text = read_pdf(F.mixed_layout(tmp_path)).text
    positions = [text.index(t) for t in ("A01a", "A12f", "B01a", "B12f", "Wide01", "C01a", "C12f", "D01a", "D12f")]
    assert positions == sorted(positions)


def test_running_header_footer_and_page_numbers_are_furniture(tmp_path):
    doc = read_pdf(F.header_footer(tmp_path, pages=4))
    assert doc.n_pages == 4
    for bad in ("Journal of Fixture", "Smith et al", "Fixture Press", "101", "104"):
        assert bad not in doc.text
    furniture = [b for b in doc.blocks if b.kind == "furniture"]
    assert {b.page for b in furniture} == {1, 2, 3, 4}
    assert any(b.text == "103" and b.page == 3 for b in furniture)
    # the body of every page survives, on its page
    for p in range(1, 5):
        body = [b for b in doc.blocks if b.kind == "body" and b.page == p]
        assert body and f"Page{p} body sentence number 8" in body[-1].text


def test_furniture_is_not_guessed_on_a_single_page(tmp_path):
    # one page: nothing repeats, so ordinary lines near the edges stay body text
    doc = read_pdf(F.header_footer(tmp_path, pages=1))
    assert "Journal of Fixture Studies" in doc.text
    assert "101" not in doc.text  # a bare number at the page edge is still a page number


def test_line_end_hyphens_rejoined_real_hyphens_kept(tmp_path):
    text = read_pdf(F.hyphenation(tmp_path)).text
    assert "progression after" in text
    assert "conjugate T-DM1" in text
    assert "anti-HER2" in text
    assert "PD-L1-positive" in text
    assert "MK-2206" in text
    assert "progres-" not in text and "conju-" not in text


def test_superscripts_split_off_and_never_glued_into_numbers(tmp_path):
    text = read_pdf(F.superscripts(tmp_path)).text
    assert "months15" not in text and "14.215" not in text
    assert "14.2 months [15] in the trial" in text
    assert "CD8+ cells" in text  # a sign is glued, it is part of the name
    assert "45% [3,4] overall" in text


def test_sideways_page_is_read_upright(tmp_path):
    doc = read_pdf(F.rotated_text(tmp_path))
    text = doc.text
    assert text.index("Sideways first") < text.index("Sideways second") < text.index("Sideways third")
    assert "Sideways first line reads here" in text


def test_landscape_page(tmp_path):
    doc = read_pdf(F.landscape_page(tmp_path))
    assert doc.text.index("alpha line one") < doc.text.index("beta line two")


def test_margin_watermark_is_furniture(tmp_path):
    doc = read_pdf(F.margin_watermark(tmp_path))
    assert "Downloaded" not in doc.text
    assert any(b.kind == "furniture" and "Downloaded from" in b.text for b in doc.blocks)
    assert "Body line 9 of the abstract text." in doc.text


def test_blocks_have_pages_bboxes_and_offsets(tmp_path):
    doc = read_pdf(F.header_footer(tmp_path, pages=3))
    assert doc.doc_id == "header_footer"
    for i, b in doc.iter_blocks():
        start, end = doc.block_span(i)
        assert doc.text[start:end] == b.text
        assert doc.page_at(start) == b.page
        x0, top, x1, bottom = b.bbox
        assert 0 <= x0 < x1 and 0 <= top < bottom
    off = doc.text.index("Page3 body")
    assert doc.page_at(off) == 3


def test_ruled_table_becomes_a_table_block(tmp_path):
    pytest.importorskip("extract.pdf.tables")
    doc = read_pdf(F.ruled_table(tmp_path))
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].table.rows[1] == ("Drugzumab", "120", "45%")
    # table words are not repeated as body text
    body = " ".join(b.text for b in doc.blocks if b.kind == "body")
    assert "Drugzumab" not in body
    assert "Drugzumab\t120\t45%" in doc.text


def test_accent_glyph_drawn_over_a_letter_is_composed(tmp_path):
    text = read_pdf(F.accents(tmp_path)).text
    assert "Centre Hôpital de la ville." in text
    assert "Press ^ to continue." in text  # a caret standing alone stays


def test_alternating_running_heads_are_furniture(tmp_path):
    doc = read_pdf(F.alternating_heads(tmp_path, pages=6))
    assert "Doe and Roe" not in doc.text and "Widget outcomes in adults" not in doc.text
    assert all(f"Sheet{p} statement 5 about widgets." in doc.text for p in range(1, 7))


def test_full_width_table_and_its_caption_come_after_both_columns(tmp_path):
    pytest.importorskip("extract.pdf.tables")
    doc = read_pdf(F.columns_then_table(tmp_path))
    kinds = [b.kind for b in doc.blocks]
    assert kinds[-2:] == ["caption", "table"]
    text = doc.text
    assert text.index("L15f") < text.index("R01a") < text.index("R15f") < text.index("Table 1. Widget")
    assert doc.blocks[-1].table.rows[1] == ("Widgetmab", "120", "54", "14.2")


def test_keyword_column_beside_abstract_is_its_own_column(tmp_path):
    doc = read_pdf(F.keyword_column_abstract(tmp_path))
    text = doc.text
    assert "Immunotherapies Gadgetologies Gizmometrics Sprocketology" in text
    abstract = _order(text, "K")
    assert abstract == sorted(abstract) and len(abstract) == 60  # 10 lines x 6 checked tokens
    assert text.index("Affiliation15") < text.index("Keywords") < text.index("Sprocketology") < text.index("K01a")
    assert not any("Sprocketology" in b.text and "K01a" in b.text for b in doc.blocks)


def test_title_is_the_article_title_not_the_masthead(tmp_path):
    title = "Gadget therapy improves widget outcomes in adults"
    # metadata title confirmed by the page text
    assert read_pdf(F.masthead_and_title(tmp_path, title, "a.pdf")).title == title
    # stale metadata (not on the page): the largest type with a few words
    assert read_pdf(F.masthead_and_title(tmp_path, "Draft manuscript version three final", "b.pdf")).title == title
    # no usable metadata
    assert read_pdf(F.masthead_and_title(tmp_path, "", "c.pdf")).title == title
