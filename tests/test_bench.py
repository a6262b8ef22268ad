"""`extract bench`: behaviour only (what is measured and reported), never timings."""
from __future__ import annotations

import argparse
import json

import pytest

from extract import bench
from extract.records import DocumentRecord

from test_ingest_helpers import SAMPLE_PAGE, make_pdf


class FakePipeline:
    """Fills the same timing keys as `Pipeline.process_path`; fails on one file."""

    nlp = object()

    def __init__(self):
        self.calls = []

    def process_path(self, path, timings=None):
        self.calls.append(path.name)
        if "broken" in path.name:
            raise ValueError("cannot parse")
        timings.update(read=0.01, nlp=0.02, relations=0.005, pages=2, words=300)
        return DocumentRecord(doc=path.stem, n_pages=2)


@pytest.fixture
def pdfs(tmp_path):
    return [make_pdf(tmp_path / "one.pdf", [SAMPLE_PAGE, SAMPLE_PAGE]),
            make_pdf(tmp_path / "two.pdf", [SAMPLE_PAGE, "second page"])]


def test_bench_reports_every_stage_and_reference(pdfs):
    pipe = FakePipeline()
    res = bench.bench([("mine", pdfs)], runs=3, pipeline=pipe)
    assert pipe.calls == ["one.pdf", "two.pdf"] * 3
    data = res["sets"]["mine"]
    assert data["documents"] == 2 and data["pages"] == 4 and data["words"] == 600
    assert set(data["stages"]) == {"read", "nlp", "relations", "export", "end_to_end",
                                   "pdfplumber_extract_text", "pypdfium2_text"}
    assert data["stages"]["nlp"]["seconds"] == pytest.approx(0.04)
    assert data["stages"]["nlp"]["pages_per_s"] == pytest.approx(100.0)
    assert data["stages"]["pdfplumber_extract_text"]["seconds"] > 0
    assert data["stages"]["pypdfium2_text"]["seconds"] > 0
    assert "x bare pdfplumber text" in bench.format_table(res)
    assert res["machine"]["cores"] >= 1 and res["machine"]["python"]
    assert "spacy" in res["machine"]["versions"] and res["runs"] == 3


def test_bench_failure_is_reported_not_fatal(pdfs, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    res = bench.bench([("mine", [*pdfs, broken])], runs=1, pipeline=FakePipeline())
    data = res["sets"]["mine"]
    assert data["documents"] == 2 and data["files"] == 3
    assert "cannot parse" in data["errors"]["broken.pdf"]
    assert "failed: broken.pdf" in bench.format_table(res)


def test_run_bench_prints_table_and_writes_json(pdfs, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("extract.pipeline.Pipeline", lambda *a, **k: FakePipeline())
    out = tmp_path / "bench.json"
    args = argparse.Namespace(paths=[str(p) for p in pdfs], runs=1, out=str(out))
    assert bench.run_bench(args) == 0
    table = capsys.readouterr().out
    assert "end_to_end" in table and "reference: pdfplumber" in table
    data = json.loads(out.read_text())
    assert {"date", "machine", "sets", "peak_rss_mb"} <= set(data)


def test_run_bench_missing_file_is_one_line(tmp_path, capsys):
    args = argparse.Namespace(paths=[str(tmp_path / "nope.pdf")], runs=1, out=None)
    assert bench.run_bench(args) == 2
    assert "nope.pdf: no such file" in capsys.readouterr().err


def test_bench_adds_read_and_end_to_end_rows_per_backend(pdfs):
    pipe = FakePipeline()
    res = bench.bench([("mine", pdfs)], runs=1, pipeline=pipe, backends=("pdfplumber", "pdfium"))
    assert pipe.calls == ["one.pdf", "one.pdf", "one.pdf", "two.pdf", "two.pdf", "two.pdf"]
    data = res["sets"]["mine"]
    assert {"read[pdfplumber]", "end_to_end[pdfplumber]", "read[pdfium]", "end_to_end[pdfium]"} <= set(data["stages"])
    assert data["pdfium_pages_read_by_pdfplumber"] == 0
    assert "read by pdfplumber instead" in bench.format_table(res)
