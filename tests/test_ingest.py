"""Batch ingest machinery with a fake document function: cache, errors, exit codes,
timeouts, crashes, interrupts, duplicate ids. (The real reader is in
test_ingest_robustness.py.)"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from extract.cli import main
from extract.export import ENTITY_COLUMNS, OUTCOME_COLUMNS, TMP_PREFIX, TRIAL_COLUMNS
from extract.ingest import ingest

from test_ingest_helpers import calls_made, fake_document

TESTS_DIR = Path(__file__).resolve().parent


def _inputs(root: Path, **files: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return root


def _errors(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch):
    """The package is being edited while tests run: pin the code part of the cache key."""
    monkeypatch.setenv("EXTRACT_CACHE_CODE", "pinned-for-tests")


@pytest.fixture
def calls(tmp_path, monkeypatch):
    d = tmp_path / "calls"
    d.mkdir()
    monkeypatch.setenv("EXTRACT_TEST_CALLS", str(d))
    return d


def test_outputs_columns_and_one_json_per_document(tmp_path):
    src = _inputs(tmp_path / "in", one__txt="first text", two__md="# second\nbody")
    out = tmp_path / "out"
    s = ingest([src], out, fn=fake_document, jobs=2, quiet=True)
    assert sorted(s.succeeded) == ["one", "two"] and s.exit_code == 0
    assert json.loads((out / "one.json").read_text())["doc"] == "one"
    assert list(pd.read_csv(out / "trials.csv").columns) == TRIAL_COLUMNS
    assert list(pd.read_csv(out / "outcomes.csv").columns) == OUTCOME_COLUMNS
    assert list(pd.read_csv(out / "entities.csv").columns) == ENTITY_COLUMNS
    assert list(_errors(out).columns) == ["doc", "stage", "message"] and len(_errors(out)) == 0
    trials = pd.read_csv(out / "trials.csv")
    assert list(trials["doc"]) == ["one", "two"]  # sorted by document id, whatever finished first


def test_cache_reuses_finished_documents_and_force_recomputes(tmp_path, calls):
    src = _inputs(tmp_path / "in", a__txt="alpha", b__txt="beta")
    out = tmp_path / "out"
    ingest([src], out, fn=fake_document, jobs=2, quiet=True)
    assert calls_made(calls) == ["a", "b"]
    csv_before = (out / "trials.csv").read_bytes()
    (out / "trials.csv").unlink()  # CSVs are recomputed from the JSON files

    s = ingest([src], out, fn=fake_document, jobs=2, quiet=True)
    assert calls_made(calls) == ["a", "b"]  # no new call
    assert sorted(s.cached) == ["a", "b"]
    assert (out / "trials.csv").read_bytes() == csv_before

    (src / "b.txt").write_text("beta, edited", encoding="utf-8")  # content changed -> recomputed
    s = ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    assert calls_made(calls) == ["a", "b", "b"] and s.cached == ["a"]

    s = ingest([src], out, fn=fake_document, jobs=1, quiet=True, force=True)
    assert calls_made(calls) == ["a", "a", "b", "b", "b"] and s.cached == []


def test_cache_key_includes_model(tmp_path, calls):
    src = _inputs(tmp_path / "in", a__txt="alpha")
    out = tmp_path / "out"
    ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    ingest([src], out, fn=fake_document, jobs=1, quiet=True, model="some_model")
    assert calls_made(calls) == ["a", "a"]


def test_code_change_invalidates_the_cache(tmp_path, calls, monkeypatch):
    src = _inputs(tmp_path / "in", a__txt="alpha")
    out = tmp_path / "out"
    ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    monkeypatch.setenv("EXTRACT_CACHE_CODE", "rules-edited")
    ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    assert calls_made(calls) == ["a", "a"]


def test_failing_document_is_reported_and_the_batch_goes_on(tmp_path, capsys):
    src = _inputs(tmp_path / "in", good__txt="fine", bad__txt="RAISE please")
    out = tmp_path / "out"
    s = ingest([src], out, fn=fake_document, jobs=2)
    assert s.succeeded == ["good"] and s.exit_code == 0
    err = _errors(out)
    assert list(err["doc"]) == ["bad"]
    assert "bad.txt" in err["message"][0] and "deliberate failure" in err["message"][0]
    stderr = capsys.readouterr().err
    assert "bad.txt" in stderr and "Traceback" not in stderr
    assert not (out / "bad.json").exists()
    assert list(pd.read_csv(out / "trials.csv")["doc"]) == ["good"]


def test_debug_env_shows_the_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("EXTRACT_DEBUG", "1")
    src = _inputs(tmp_path / "in", bad__txt="RAISE")
    ingest([src], tmp_path / "out", fn=fake_document, jobs=1)
    assert "Traceback" in capsys.readouterr().err


def test_previous_output_of_a_now_failing_document_is_removed(tmp_path):
    src = _inputs(tmp_path / "in", a__txt="ok", b__txt="ok too")
    out = tmp_path / "out"
    ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    (src / "b.txt").write_text("RAISE now", encoding="utf-8")
    s = ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    assert s.succeeded == ["a"] and not (out / "b.json").exists()
    assert list(pd.read_csv(out / "trials.csv")["doc"]) == ["a"]


def test_timeout_stops_the_document_and_others_finish(tmp_path):
    src = _inputs(tmp_path / "in", hang__txt="SLEEP", a__txt="a", b__txt="b")
    out = tmp_path / "out"
    s = ingest([src], out, fn=fake_document, jobs=2, timeout=1.5, quiet=True)
    assert sorted(s.succeeded) == ["a", "b"]
    err = _errors(out)
    assert list(err["stage"]) == ["timeout"] and "hang.txt" in err["message"][0]


def test_worker_crash_is_one_failed_document(tmp_path):
    src = _inputs(tmp_path / "in", dies__txt="EXIT", a__txt="a", b__txt="b", c__txt="c")
    out = tmp_path / "out"
    s = ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    assert sorted(s.succeeded) == ["a", "b", "c"]
    err = _errors(out)
    assert list(err["stage"]) == ["crash"] and "dies.txt" in err["message"][0]


def test_workers_are_recycled_without_losing_documents(tmp_path, calls):
    src = _inputs(tmp_path / "in", **{f"d{i}__txt": f"doc {i}" for i in range(5)})
    s = ingest([src], tmp_path / "out", fn=fake_document, jobs=1, quiet=True, max_tasks_per_worker=2)
    assert len(s.succeeded) == 5
    assert len({r["pid"] for r in s.results}) == 3  # 2 + 2 + 1 documents per worker


def test_exit_code_nonzero_only_when_nothing_succeeded(tmp_path):
    src = _inputs(tmp_path / "in", bad__txt="RAISE")
    assert ingest([src], tmp_path / "o1", fn=fake_document, jobs=1, quiet=True).exit_code == 1
    (src / "good.txt").write_text("fine")
    assert ingest([src], tmp_path / "o2", fn=fake_document, jobs=1, quiet=True).exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert ingest([empty], tmp_path / "o3", fn=fake_document, jobs=1, quiet=True).exit_code == 1


def test_duplicate_document_ids_second_is_an_error(tmp_path):
    a = _inputs(tmp_path / "a", same__txt="from folder a")
    b = _inputs(tmp_path / "b", same__md="from folder b", other__txt="x")
    out = tmp_path / "out"
    s = ingest([a, b], out, fn=fake_document, jobs=1, quiet=True)
    assert sorted(s.succeeded) == ["other", "same"]
    assert json.loads((out / "same.json").read_text())["source"].endswith("same.txt")  # first one kept
    err = _errors(out)
    assert list(err["doc"]) == ["same"] and "duplicate document id" in err["message"][0]
    assert str(b / "same.md") in err["message"][0]


def test_missing_path_and_unsupported_file(tmp_path):
    src = _inputs(tmp_path / "in", ok__txt="x", notes__docx="binary?")
    out = tmp_path / "out"
    s = ingest([src / "ok.txt", src / "notes.docx", tmp_path / "nowhere.pdf"], out,
               fn=fake_document, jobs=1, quiet=True)
    assert s.succeeded == ["ok"]
    msgs = " | ".join(_errors(out)["message"])
    assert "nowhere.pdf: no such file" in msgs and "notes.docx: unsupported file type" in msgs


def test_folder_scan_skips_other_files_hidden_files_and_the_output_folder(tmp_path):
    src = _inputs(tmp_path / "in", a__txt="x", b__csv="1,2", _hidden__txt="x")
    (src / "_hidden.txt").rename(src / ".hidden.txt")
    out = src / "out"
    ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    s = ingest([src], out, fn=fake_document, jobs=1, quiet=True)  # out/ now holds .json and .csv
    assert s.succeeded == ["a"] and s.errors == []


def _ingest_script(tmp_path: Path, src: Path, out: Path) -> Path:
    script = tmp_path / "run_ingest.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(TESTS_DIR)!r})\n"
        "from test_ingest_helpers import fake_document\n"
        "from extract.ingest import ingest\n"
        "if __name__ == '__main__':\n"
        f"    ingest([{str(src)!r}], {str(out)!r}, fn=fake_document, jobs=1, quiet=True)\n",
        encoding="utf-8")
    return script


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_run_leaves_no_partial_file_and_resumes(tmp_path, calls, sig):
    src = _inputs(tmp_path / "in", a__txt="a", b__txt="b", c__txt="c")
    out = tmp_path / "out"
    env = {**os.environ, "EXTRACT_TEST_SLOW": "b"}
    proc = subprocess.Popen([sys.executable, str(_ingest_script(tmp_path, src, out))], env=env,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / ".extract-cache" / "a.key").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else "slow"
        time.sleep(0.05)
    time.sleep(0.3)  # b is hanging now
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert proc.returncode != 0
    assert json.loads((out / "a.json").read_text())["doc"] == "a"
    assert not (out / "b.json").exists() and not (out / "trials.csv").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(TMP_PREFIX)]

    s = ingest([src], out, fn=fake_document, jobs=1, quiet=True)  # resumes
    assert s.cached == ["a"] and sorted(s.succeeded) == ["a", "b", "c"]
    assert calls_made(calls).count("a") == 1


def test_cli_ingest_on_text_files_with_fake_pipeline(tmp_path, monkeypatch, capsys):
    import extract.batch.worker as worker

    monkeypatch.setattr(worker, "pipeline_document", fake_document)
    monkeypatch.setattr("extract.ingest.pipeline_document", fake_document)
    src = _inputs(tmp_path / "in", x__txt="x")
    out = tmp_path / "out"
    assert main(["ingest", str(src), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    assert (out / "x.json").exists() and (out / "trials.csv").exists()
    assert capsys.readouterr().err == ""  # --quiet: nothing unless something fails
    (src / "x.txt").write_text("RAISE")
    assert main(["ingest", str(src), "--out", str(out), "--jobs", "1", "--quiet"]) == 1


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path):
    src = _inputs(tmp_path / "in", a__txt="a", b__txt="b")
    term = _Terminal()
    ingest([src], tmp_path / "o1", fn=fake_document, jobs=1, stderr=term)
    shown = term.getvalue()
    assert "2/2" in shown and "doc" in shown and "pages=" in shown
    pipe = io.StringIO()  # not a terminal: only the summary line
    ingest([src], tmp_path / "o2", fn=fake_document, jobs=1, stderr=pipe)
    assert "2/2" not in pipe.getvalue() and "2 documents ok" in pipe.getvalue()
    quiet = _Terminal()
    ingest([src], tmp_path / "o3", fn=fake_document, jobs=1, stderr=quiet, quiet=True)
    assert quiet.getvalue() == ""
