"""Tests of the corpus source-text parser (corpus/source.py) on strings written for the tests."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))
import source  # noqa: E402


def kinds(blocks):
    return [(b.kind, b.text) for b in blocks]


def test_inline_math_becomes_typography():
    runs = source.parse_inline("no change ($P=0.042$) and  $\\geq 3$  lines; $P<0.01$")
    text = source.runs_text(runs)
    assert text == "no change (P=0.042) and \u22653 lines; P<0.01"
    assert source.Run("P", "i") in runs
    assert not any(c in text for c in "$\\{}")


def test_single_space_padding_around_math_is_dropped_double_kept():
    assert source.runs_text(source.parse_inline("IL- $\\alpha$ /JAK path")) == "IL-\u03b1/JAK path"
    assert source.runs_text(source.parse_inline("an  $\\text{Ig-}\\kappa$  chain")) == "an Ig-\u03ba chain"


def test_superscripts_are_split_off_and_listed():
    runs = source.parse_inline("Ada Lovelace^{a,c}, shown earlier [12^{*}] and CD4<sup>+</sup> cells")
    assert source.runs_text(runs) == "Ada Lovelace, shown earlier [12] and CD4 cells"
    assert [r.text for r in runs if r.style == "sup"] == ["a,c", "*", "+"]


def test_single_character_superscript_and_subscript():
    runs = source.parse_inline("^bSchool of Physics, G<sub>2</sub> phase")
    assert source.runs_text(runs) == "School of Physics, G2 phase"
    assert runs[0] == source.Run("b", "sup")


def test_bold_italic_escape_link():
    runs = source.parse_inline("**Note** *in vivo* \\*starred [the licence](#) Smith\\* and")
    assert source.runs_text(runs) == "Note in vivo *starred the licence Smith and"
    assert source.Run("Note", "b") in runs and source.Run("in vivo", "i") in runs
    assert source.Run("*", "sup") in runs  # author marker after a name


TEXT_PLAIN = """

A study of widgets in the wild

Jane Roe^{a}, Rick Moe^{b}

Background

Widgets matter. They are everywhere
and nobody counts them.

METHODS AND MATERIALS

We counted widgets in 2019, 2020 and 2021 in three towns.

^aDepartment of Widgetry, University of Nowhere, ^bInstitute of Counting

Correspondence to Jane Roe, e-mail: jane@example.org

Widget Rev 2024, 3:1-9

This is an open access article under the Creative Commons Attribution licence.

Table 2. Widgets per town

Town\tCount\tNote
Alpha\t12\tP<sup>a</sup>
\t7\t

n, number; P, provisional; Q, quarterly.

- first point
- second point

1. Roe J. Widgets. *Widget Rev* 2020; 1:1-2.
2. Moe R. More widgets. 2021.
"""


def test_plain_text_structure_by_shape():
    blocks = source.parse_text(TEXT_PLAIN)
    got = kinds(blocks)
    assert got[0] == ("title", "A study of widgets in the wild")
    assert got[1] == ("front", "Jane Roe, Rick Moe")
    assert got[2] == ("heading", "Background")
    assert got[3] == ("body", "Widgets matter. They are everywhere and nobody counts them.")
    assert got[4] == ("heading", "METHODS AND MATERIALS") and blocks[4].level == 1
    assert blocks[2].level == 2
    assert got[5][0] == "body"  # a sentence, not a heading
    # affiliations, correspondence, journal line (between front lines), licence
    assert [k for k, _ in got[6:10]] == ["front"] * 4
    assert got[10] == ("caption", "Table 2. Widgets per town")


def test_table_rows_cells_and_legend():
    blocks = source.parse_text(TEXT_PLAIN)
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows == [["Town", "Count", "Note"], ["Alpha", "12", "P"], ["", "7", ""]]
    assert table.superscripts == ["a"]
    after = blocks[blocks.index(table) + 1]
    assert after.kind == "caption" and after.text.startswith("n, number;")


def test_lists_split_into_items():
    blocks = source.parse_text(TEXT_PLAIN)
    bullets = [b.text for b in blocks if b.bullet]
    assert bullets == ["first point", "second point"]
    refs = [b.text for b in blocks if b.text.startswith(("1. ", "2. "))]
    assert refs == ["1. Roe J. Widgets. Widget Rev 2020; 1:1-2.", "2. Moe R. More widgets. 2021."]


TEXT_MD = """## OPEN ACCESS

EDITED BY  
Sam Editor,  
Some University, Elsewhere

# Gadgets: a review

Ann Author\\* and Bob Writer

Faculty of Gadgets, Example University, Testville

## Introduction

Gadgets are *small*. TGF- $\\beta$  signals.

### Sub topic

**FIGURE 2**

Gadget anatomy. Parts are shown.

More body text here.
"""


def test_markdown_headings_front_matter_and_figure_captions():
    blocks = source.parse_text(TEXT_MD)
    got = kinds(blocks)
    assert got[0] == ("front", "OPEN ACCESS")
    assert got[1] == ("front", "EDITED BY Sam Editor, Some University, Elsewhere")
    assert any(r.style == "\n" for r in blocks[1].runs)  # hard line breaks kept for layout
    assert got[2] == ("title", "Gadgets: a review")
    assert got[3] == ("front", "Ann Author and Bob Writer") and blocks[3].superscripts == ["*"]
    assert got[4][0] == "front"  # affiliation under the authors
    assert got[5] == ("heading", "Introduction") and blocks[5].level == 2
    assert got[6] == ("body", "Gadgets are small. TGF-\u03b2 signals.")
    assert got[7] == ("heading", "Sub topic") and blocks[7].level == 3
    assert got[8] == ("caption", "FIGURE 2")
    assert got[9] == ("caption", "Gadget anatomy. Parts are shown.")
    assert got[10] == ("body", "More body text here.")


def test_source_words_exclude_superscripts_and_split_hyphens(tmp_path):
    p = tmp_path / "doc.txt"
    p.write_text("Title here\n\nAl Bo^{a}\n\nUse of T-DM1 in HER2+ cases[3^{*}].\n\nA\tB\nx-1\ty<sup>2</sup>\n",
                 encoding="utf-8")
    assert source.source_words(p) == ["Title", "here", "Al", "Bo", "Use", "of", "T", "DM1", "in",
                                      "HER2", "cases", "3", "A", "B", "x", "1", "y"]


@pytest.mark.parametrize("line", ["Results were positive.", "the role of widgets",
                                  "Widget Rev 2024, 3:1-9", "red, green, blue, yellow"])
def test_heading_shape_rejects_sentences_fragments_and_lists(line):
    blocks = source.parse_text(f"Title\n\nAuthor\n\nBody text.\n\n{line}\n\nMore body.\n")
    assert blocks[3].kind != "heading"
