"""Plain text and markdown go through the same block structure as PDFs."""
from __future__ import annotations

from extract.plaintext import parse_text, read_text_file, resolve_markup
from extract.reader import load_document


def kinds(blocks):
    return [b.kind for b in blocks]


def test_paragraphs_headings_and_captions():
    text = (
        "Background of the widget study\n\n"
        "Widgets were given to forty people. They all\nliked them.\n\n"
        "Table 2. Widget counts by arm\n\n"
        "Figure 3 shows the flow of people.\n"
    )
    blocks = parse_text(text)
    assert kinds(blocks) == ["heading", "body", "caption", "caption"]
    assert blocks[1].text == "Widgets were given to forty people. They all liked them."


def test_sentence_shaped_short_line_is_not_a_heading():
    blocks = parse_text("The widget failed.\n\nred, green, blue and yellow\n")
    assert kinds(blocks) == ["body", "body"]


def test_markdown_headings_and_pipe_table():
    text = (
        "# Widget trial report\n\n"
        "## Results\n\n"
        "| Arm | n | Response |\n"
        "|---|---:|---|\n"
        "| Widgetmab | 40 | 55% |\n"
        "| Placebo | 38 | 10% |\n\n"
        "After the table.\n"
    )
    blocks = parse_text(text, markdown=True)
    assert kinds(blocks) == ["heading", "heading", "table", "body"]
    assert blocks[0].text == "Widget trial report"
    table = blocks[2].table
    assert table.rows == (("Arm", "n", "Response"), ("Widgetmab", "40", "55%"), ("Placebo", "38", "10%"))
    assert table.header_rows == 1


def test_tab_separated_lines_are_a_table_with_empty_cells_kept():
    text = "Intro line here.\n\nDrug\tTarget\tTrial\nAlphamab\tX1\tNCT00000001\n\t\tNCT00000002\n"
    blocks = parse_text(text)
    assert kinds(blocks) == ["body", "table"]
    assert blocks[1].table.rows[2] == ("", "", "NCT00000002")
    assert blocks[1].text == "Drug\tTarget\tTrial\nAlphamab\tX1\tNCT00000001\n\t\tNCT00000002"


def test_list_items_are_separate_blocks():
    blocks = parse_text("- first point here.\n- second point\n  continues here.\n")
    assert [b.text for b in blocks] == ["- first point here.", "- second point continues here."]


def test_markup_resolution():
    assert resolve_markup("**Bold** and *italic* words") == "Bold and italic words"
    assert resolve_markup("difference ($P=0.042$) seen") == "difference (P=0.042) seen"
    assert resolve_markup("TGF- $\\beta$ /SMAD and $\\geq 2$ lines") == "TGF-β/SMAD and ≥ 2 lines"
    assert resolve_markup("CD4<sup>+</sup> cells") == "CD4+ cells"
    assert resolve_markup("Smith^{a,b}, Jones^{c}") == "Smith [a,b], Jones [c]"
    assert resolve_markup("G<sub>1</sub> arrest") == "G1 arrest"
    assert resolve_markup("a [licence](https://x.org) \\*note") == "a licence *note"


def test_superscript_never_glues_into_a_number():
    assert resolve_markup("after 12 months^{15} of follow-up") == "after 12 months [15] of follow-up"


def test_read_text_file_and_markdown_file(tmp_path):
    md = tmp_path / "report.md"
    md.write_text("# Gadget results\n\nThe gadget\u00a0worked \ufb01ne.\n", encoding="utf-8")
    doc = read_text_file(md)
    assert doc.doc_id == "report" and doc.title == "Gadget results" and doc.n_pages == 1
    assert doc.text == "Gadget results\n\nThe gadget worked fine."
    assert all(b.page == 1 for b in doc.blocks)
    txt = tmp_path / "notes.txt"
    txt.write_text("Plain words only.\n")
    assert load_document(txt).text == "Plain words only."


def test_windows_line_endings_and_bom(tmp_path):
    p = tmp_path / "win.txt"
    p.write_bytes("\ufeffFirst para line.\r\n\r\nSecond para.\r\n".encode("utf-8"))
    assert [b.text for b in read_text_file(p).blocks] == ["First para line.", "Second para."]
