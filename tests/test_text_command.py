"""`extract text FILE`: page-by-page output, one-line errors, and no spaCy import."""
from __future__ import annotations

import subprocess
import sys

import pytest

import pdf_fixtures as F
from extract.cli import main


def test_text_command_prints_pages_and_kinds(tmp_path, capsys):
    pdf = F.header_footer(tmp_path, pages=2)
    assert main(["text", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "=== page 1 ===" in out and "=== page 2 ===" in out
    assert out.index("=== page 1 ===") < out.index("Page1 body") < out.index("=== page 2 ===") < out.index("Page2 body")
    assert "[body] Page1 body sentence number 1" in out
    assert "Journal of Fixture" not in out


def test_text_command_furniture_flag_shows_furniture(tmp_path, capsys):
    pdf = F.header_footer(tmp_path, pages=2)
    assert main(["text", "--furniture", str(pdf)]) == 0
    assert "[furniture] Journal of Fixture Studies" in capsys.readouterr().out


def test_text_command_prints_tables_as_tab_separated_rows(tmp_path, capsys):
    pytest.importorskip("extract.pdf.tables")
    assert main(["text", str(F.ruled_table(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "[table]" in out
    assert "\nDrugzumab\t120\t45%\n" in out


def test_text_command_on_markdown(tmp_path, capsys):
    md = tmp_path / "m.md"
    md.write_text("# Head line\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert main(["text", str(md)]) == 0
    out = capsys.readouterr().out
    assert "[heading] Head line" in out and "\na\tb\n1\t2\n" in out


def test_text_command_error_is_one_line_with_exit_code_1(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"")
    assert main(["text", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"extract: {bad}: ") and "empty" in lines[0]


def test_text_command_never_imports_spacy(tmp_path):
    pdf = F.two_columns(tmp_path)
    code = (
        "import sys\n"
        "from extract.cli import main\n"
        f"rc = main(['text', {str(pdf)!r}])\n"
        "assert rc == 0\n"
        "print('SPACY_LOADED' if 'spacy' in sys.modules else 'SPACY_ABSENT', file=sys.stderr)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "SPACY_ABSENT" in res.stderr
    assert "L01a" in res.stdout


def test_text_command_subprocess_error_has_no_traceback(tmp_path):
    bad = tmp_path / "fake.pdf"
    bad.write_text("hello")
    res = subprocess.run([sys.executable, "-m", "extract", "text", str(bad)], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert res.stderr.strip() == f"extract: {bad}: not a PDF (it looks like a text file)"
