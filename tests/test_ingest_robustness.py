"""Real-world bad input through the real reader: each bad file is reported in
errors.csv with its name and the problem, no traceback, and the good documents
of the same run come out unaffected."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from extract.ingest import ingest

from test_ingest_helpers import NON_ASCII_NAME, lock, make_robustness_inputs, read_only_document

pytest.importorskip("extract.reader", reason="the reader stage is not there yet")

MUST_FAIL = ["zero-byte", "not a PDF", "encrypted", "image-only", "duplicate id", "unreadable"]
MAY_RECOVER = ["truncated", "bit-flipped"]  # a tolerant parser may rescue some pages
GOOD = ["good PDF", "name with spaces and non-ASCII", "plain text"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("robust")
    paths = make_robustness_inputs(root)
    mp = pytest.MonkeyPatch()
    try:
        lock(paths["unreadable"], mp)
        err = io.StringIO()
        summary = ingest([root / "in"], root / "out", fn=read_only_document, jobs=2, timeout=120, stderr=err)
    finally:
        mp.undo()
        paths["unreadable"].chmod(0o644)
    errors = pd.read_csv(root / "out" / "errors.csv", dtype=str, keep_default_na=False)
    return paths, summary, errors, err.getvalue(), root / "out"


def _row(errors: pd.DataFrame, path) -> pd.Series | None:
    hits = errors[errors["message"].str.startswith(f"{path}:")]  # the message starts with the file
    return hits.iloc[0] if len(hits) else None


def test_good_documents_unaffected(run):
    paths, summary, errors, _, out = run
    for label in GOOD:
        assert _row(errors, paths[label]) is None
    assert {"good", NON_ASCII_NAME, "notes"} <= set(summary.succeeded)
    data = json.loads((out / f"{NON_ASCII_NAME}.json").read_text(encoding="utf-8"))
    assert data["doc"] == NON_ASCII_NAME and data["pages"] == 2
    assert json.loads((out / "good.json").read_text())["pages"] == 3


@pytest.mark.parametrize("label", MUST_FAIL)
def test_bad_input_reported_with_file_and_problem(run, label):
    paths, summary, errors, _, out = run
    row = _row(errors, paths[label])
    assert row is not None, f"{label} not reported"
    assert row["stage"] in ("read", "input")
    problem = row["message"].split(str(paths[label]), 1)[1]
    assert len(problem.strip(" :")) > 5  # says what is wrong, not just the name
    assert "\n" not in row["message"] and "Traceback" not in row["message"]


@pytest.mark.parametrize("label", MAY_RECOVER)
def test_damaged_pdf_either_recovered_or_reported(run, label):
    paths, summary, errors, _, out = run
    row = _row(errors, paths[label])
    if row is None:
        assert paths[label].stem in summary.succeeded and (out / f"{paths[label].stem}.json").exists()
    else:
        assert row["stage"] == "read" and paths[label].stem not in summary.succeeded


def test_specific_problems_named(run):
    paths, _, errors, _, _ = run
    msg = {label: _row(errors, paths[label])["message"].lower() for label in MUST_FAIL}
    assert "encrypt" in msg["encrypted"] or "password" in msg["encrypted"]
    assert "duplicate document id" in msg["duplicate id"]
    assert "permission denied" in msg["unreadable"]
    assert "text" in msg["image-only"]  # e.g. "no text layer"


def test_no_traceback_on_stderr_and_one_line_per_failure(run):
    _, summary, errors, stderr, _ = run
    assert "Traceback" not in stderr
    lines = [ln for ln in stderr.splitlines() if ln.startswith("extract ingest:") and "documents ok" not in ln]
    assert len(lines) == len(errors) == len(summary.errors)


def test_pdf_with_hundreds_of_pages(tmp_path):
    paths = make_robustness_inputs(tmp_path, big_pages=300)
    s = ingest([paths["300 pages"], paths["good PDF"]], tmp_path / "out", fn=read_only_document,
               jobs=2, quiet=True)
    assert sorted(s.succeeded) == ["good", "long"]
    assert json.loads((tmp_path / "out" / "long.json").read_text())["pages"] == 300


def test_full_pipeline_on_a_mixed_folder(tmp_path):
    """The default document function (reader + NLP + relations) with good and bad files."""
    pytest.importorskip("extract.nlp", reason="NLP stage not there yet")
    try:
        from extract.nlp import annotate, build_nlp, collect_entities  # noqa: F401
        from extract.relations import extract_trials  # noqa: F401
    except ImportError:
        pytest.skip("pipeline stages not complete yet")
    paths = make_robustness_inputs(tmp_path)
    out = tmp_path / "out"
    s = ingest([paths["good PDF"], paths["zero-byte"], paths["plain text"]], out, jobs=1, quiet=True)
    assert sorted(s.succeeded) == ["good", "notes"]
    trials = pd.read_csv(out / "trials.csv")
    assert set(trials["doc"]) <= {"good", "notes"}
    assert [e["doc"] for e in s.errors] == ["zero"]
