"""What a folder means (--glob, --exclude, the per-type count), --max-pages, and
messages and output names a person can read."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from extract.cli import main
from extract.errors import readable, safe_name
from extract.ingest import ingest

from test_ingest_helpers import fake_document

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch):
    monkeypatch.setenv("EXTRACT_CACHE_CODE", "pinned-for-tests")


def _folder(root: Path, *names: str) -> Path:
    for n in names:
        p = root / n
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"text of {n}", encoding="utf-8")
    return root


def _errors(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)


def test_a_folder_without_patterns_says_what_it_took(tmp_path, capsys):
    src = _folder(tmp_path / "in", "a.txt", "b.txt", "MANIFEST.md", "notes.csv")
    s = ingest([src], tmp_path / "out", fn=fake_document, jobs=1, quiet=False)
    assert sorted(s.succeeded) == ["MANIFEST", "a", "b"]
    err = capsys.readouterr().err
    assert "from folders: 2 .txt, 1 .md" in err  # the stray MANIFEST.md is visible


def test_glob_takes_only_matching_files_and_exclude_drops(tmp_path, capsys):
    src = _folder(tmp_path / "in", "a.txt", "b.txt", "MANIFEST.md", "sub/c.txt", "sub/draft-c.txt")
    s = ingest([src], tmp_path / "out", fn=fake_document, jobs=1, globs=["*.txt"], excludes=["draft-*"])
    assert sorted(s.succeeded) == ["a", "b", "c"]
    assert s.selection.left_out == 2
    assert "3 .txt (2 left out by --glob/--exclude)" in capsys.readouterr().err


def test_patterns_match_the_relative_path(tmp_path):
    src = _folder(tmp_path / "in", "reviews/a.txt", "trials/b.txt")
    s = ingest([src], tmp_path / "out", fn=fake_document, jobs=1, quiet=True, globs=["reviews/*"])
    assert s.succeeded == ["a"]


def test_a_file_named_on_the_command_line_is_always_taken(tmp_path):
    src = _folder(tmp_path / "in", "a.txt", "b.md")
    s = ingest([src / "b.md"], tmp_path / "out", fn=fake_document, jobs=1, quiet=True, globs=["*.txt"])
    assert s.succeeded == ["b"]


def test_cli_glob_and_exclude(tmp_path, monkeypatch, capsys):
    import extract.batch.worker as worker

    monkeypatch.setattr(worker, "pipeline_document", fake_document)
    monkeypatch.setattr("extract.ingest.pipeline_document", fake_document)
    src = _folder(tmp_path / "in", "a.txt", "b.txt", "MANIFEST.md")
    code = main(["ingest", str(src), "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet",
                 "--glob", "*.txt", "--glob", "*.md", "--exclude", "MANIFEST*"])
    assert code == 0
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.json")) == ["a", "b"]
    code = main(["ingest", str(src), "--out", str(tmp_path / "out2"), "--quiet", "--glob", "*.pdf"])
    assert code == 1
    assert "no .pdf, .txt or .md files found matching --glob/--exclude" in capsys.readouterr().err


def test_max_pages_reports_a_longer_pdf_and_reads_the_rest(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(ROOT / "corpus" / "pdf" / "000_9be4795360e6a4b5.pdf", src / "ten_pages.pdf")
    (src / "short.txt").write_text("a short text", encoding="utf-8")
    out = tmp_path / "out"
    s = ingest([src], out, fn=fake_document, jobs=1, quiet=True, max_pages=5)
    assert s.succeeded == ["short"]
    err = _errors(out)
    assert list(err["doc"]) == ["ten_pages"]
    assert err["message"][0].endswith("ten_pages.pdf: 10 pages, more than --max-pages 5; not read")
    s = ingest([src], out, fn=fake_document, jobs=1, quiet=True, max_pages=10)
    assert sorted(s.succeeded) == ["short", "ten_pages"]


def test_control_bytes_never_reach_messages_or_output_names(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "bad\x17name.txt").write_text("RAISE", encoding="utf-8")
    (src / "two\nlines.txt").write_text("fine", encoding="utf-8")
    out = tmp_path / "out"
    s = ingest([src], out, fn=fake_document, jobs=1, quiet=False)
    assert s.succeeded == ["two_lines"]
    assert (out / "two_lines.json").is_file()
    err_csv = (out / "errors.csv").read_text(encoding="utf-8")
    assert "\x17" not in err_csv and "bad\\x17name.txt" in err_csv
    assert list(_errors(out)["doc"]) == ["bad_name"]
    stderr = capsys.readouterr().err
    assert "\x17" not in stderr
    assert "its outputs are named 'two_lines'" in stderr and "its outputs are named 'bad_name'" in stderr


def test_readable_and_safe_name():
    assert readable("a\x17b\x00c\n  d\te\x9b") == "a\\x17b\\x00c d e\\x9b"
    assert safe_name("x\ny/z\x07") == "x_y_z_"
    assert safe_name("plain-name_1") == "plain-name_1"


def test_ingest_help_states_errors_csv_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    out = capsys.readouterr().out
    assert "errors.csv" in out and "Exit code" in out
    for opt in ("--glob", "--exclude", "--max-pages"):
        assert opt in out
