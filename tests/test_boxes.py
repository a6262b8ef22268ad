"""Value and mention boxes: word placement, value finding, and boxes checked against the PDF's characters."""
from pathlib import Path

import pytest

from extract.boxes import Placed, TextBoxes, align, align_table
from extract.provenance import value_span

ROOT = Path(__file__).resolve().parents[1]


def _w(text, x0, glyphs=False, page=1):
    box = (x0, 10.0, x0 + 5.0 * len(text), 20.0)
    g = tuple((x0 + 5.0 * i, 10.0, x0 + 5.0 * (i + 1), 20.0) for i in range(len(text))) if glyphs else ()
    return (text, page, box, g)


def test_words_are_placed_in_order_and_a_line_end_fragment_as_its_stem():
    text = "the subgroup had 16.4 months"
    tb = align(text, [_w("the", 0), _w("sub-", 20), _w("group", 0), _w("had", 30), _w("16.4", 50), _w("months", 80)])
    placed = [text[w.start:w.end] for w in tb.words]
    assert placed == ["the", "sub", "group", "had", "16.4", "months"]


def test_a_number_inside_a_word_gets_the_box_of_its_own_characters():
    tb = align("OS 16.4(14.1-NR)", [_w("OS", 0), _w("16.4(14.1-NR)", 20, glyphs=True)])
    page, box = tb.box(8, 12)  # "14.1"
    assert page == 1 and box == (45.0, 10.0, 65.0, 20.0)


def test_a_value_broken_over_two_lines_gets_no_box():
    tb = TextBoxes((Placed(0, 7, 1, (300.0, 10.0, 330.0, 20.0)), Placed(7, 12, 1, (40.0, 22.0, 60.0, 32.0))))
    assert tb.box(0, 12, one_line=True) is None
    assert tb.box(0, 12) == (1, (40.0, 10.0, 330.0, 32.0))  # a mention keeps the box of both parts


def test_without_character_boxes_the_width_is_shared_out():
    tb = TextBoxes((Placed(0, 4, 2, (0.0, 0.0, 40.0, 10.0)),))
    assert tb.box(1, 3) == (2, (10.0, 0.0, 30.0, 10.0))
    assert tb.box(5, 9) is None


def test_table_words_match_free_standing_occurrences_longest_first():
    text = "Any grade\t39 (4%)\t4\nGrade 1\t4\t17"
    words = [_w("Any", 0), _w("grade", 20), _w("39", 50), _w("(4%)", 60), _w("4", 90), _w("Grade", 0, page=1),
             _w("1", 30), _w("4", 50), _w("17", 90)]
    tb = align_table(text, words)
    fours = [w for w in tb.words if text[w.start:w.end] == "4"]
    assert [w.start for w in fours] == [text.index("\t4\n") + 1, text.index("\t4\t") + 1]
    assert [w.box[0] for w in fours] == [90, 50]
    assert any(text[w.start:w.end] == "(4%)" for w in tb.words)


@pytest.mark.parametrize("text,at,value,expected", [
    ("median PFS 16.4 months", 0, 16.4, "16.4"),
    ("difference -2.81 (-21.74, 16.19)", 11, -21.74, "-21.74"),
    ("a total of 1,499 participants", 0, 1499, "1,499"),
    ("Forty-six patients achieved a pCR", 0, 46, "Forty-six"),
    ("Fewer than 1% of participants had eyelid swelling", 40, 1, "1"),
    ("p<0.0001 overall", 0, 0.0001, "0.0001"),
])
def test_value_span_finds_the_number_as_printed(text, at, value, expected):
    a, b = value_span(text, at, value)
    assert text[a:b] == expected


def test_value_span_stays_in_its_cell():
    assert value_span("NR\t12.1", 0, 12.1) is None
    assert value_span("HR 0.5", 0, 0.7) is None


def _inside(page, box):
    from extract.normalize import normalize_text

    x0, top, x1, bottom = box
    chars = [c for c in page.chars if x0 - 0.5 <= (c["x0"] + c["x1"]) / 2 <= x1 + 0.5
             and top - 0.5 <= (c["top"] + c["bottom"]) / 2 <= bottom + 0.5]
    return sorted(normalize_text("".join(c["text"] for c in chars)).replace(" ", ""))


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "corpus" / "pdf").glob("*.pdf")))
def test_every_outcome_box_holds_exactly_its_value_on_corpus_pdfs(name):
    import pdfplumber

    from extract.pipeline import Pipeline
    from extract.reader import load_document

    path = ROOT / "corpus" / "pdf" / name
    dt = load_document(path)
    rec = Pipeline().process_text(dt)
    outs = [o for t in rec.trials for o in t.outcomes]
    boxed = [o for o in outs if o.bbox]
    # a value printed as a number (not a zero read from "no serious adverse events") has a box
    printed = [o for o in outs if value_span(dt.text, o.at, o.value) is not None]
    assert outs and len([o for o in printed if o.bbox]) >= 0.95 * len(printed)
    with pdfplumber.open(path) as pdf:
        for o in boxed:
            a, b = value_span(dt.text, o.at, o.value)
            assert _inside(pdf.pages[o.page - 1], o.bbox) == sorted(dt.text[a:b]), (o.value, o.evidence[:80])
        for m in rec.mentions:
            if m.bbox and "\n" not in m.text:
                assert m.page >= 1 and m.bbox[0] < m.bbox[2] and m.bbox[1] < m.bbox[3]


def test_text_inputs_have_no_boxes(tmp_path):
    from extract.pipeline import Pipeline
    from extract.reader import load_document

    f = tmp_path / "a.txt"
    f.write_text("The phase III HERON trial randomized 812 patients. Median PFS was 8.1 vs 6.9 months.\n")
    rec = Pipeline().process_text(load_document(f))
    assert all(o.bbox is None for t in rec.trials for o in t.outcomes)
    assert all(m.bbox is None for m in rec.mentions)
