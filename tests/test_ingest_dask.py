"""`--dask`: the same per-document function on a Dask cluster gives the same files."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import ingest

from test_ingest_helpers import fake_document

distributed = pytest.importorskip("distributed")


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch):
    monkeypatch.setenv("EXTRACT_CACHE_CODE", "pinned-for-tests")


def _inputs(root: Path) -> Path:
    root.mkdir()
    for name, text in {"a.txt": "alpha", "b.md": "# beta", "c.txt": "gamma text", "bad.txt": "RAISE"}.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_dask_output_identical_to_local(tmp_path, client):
    src = _inputs(tmp_path / "in")
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    s1 = ingest([src], local, fn=fake_document, jobs=2, quiet=True)
    s2 = ingest([src], dask_out, fn=fake_document, dask="unused", dask_client=client, quiet=True)
    assert sorted(s1.succeeded) == sorted(s2.succeeded) == ["a", "b", "c"]
    assert _files(local) == _files(dask_out)  # JSON, CSVs and errors.csv byte for byte
    assert "bad.txt" in (dask_out / "errors.csv").read_text()


def test_dask_run_uses_the_same_cache(tmp_path, client):
    src = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    ingest([src], out, fn=fake_document, jobs=1, quiet=True)
    s = ingest([src], out, fn=fake_document, dask="unused", dask_client=client, quiet=True)
    assert sorted(s.cached) == ["a", "b", "c"]


def test_dask_timeout_reported(tmp_path, client):
    src = tmp_path / "in"
    src.mkdir()
    (src / "hang.txt").write_text("SLEEP")
    (src / "ok.txt").write_text("fine")
    s = ingest([src], tmp_path / "out", fn=fake_document, dask="unused", dask_client=client,
               timeout=1.0, quiet=True)
    assert s.succeeded == ["ok"]
    assert [(e["doc"], e["stage"]) for e in s.errors] == [("hang", "timeout")]


def test_missing_distributed_is_a_clear_error(monkeypatch):
    import builtins

    from extract.batch import dask_runner
    from extract.errors import ExtractError

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "distributed":
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ExtractError, match=r"pip install 'trial-extract\[dask\]'"):
        dask_runner._import_distributed()


def test_relative_paths_read_the_same_as_local(tmp_path, client, monkeypatch):
    """Dask workers read absolute paths, but outputs name files as the user gave them."""
    _inputs(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    ingest(["in"], "local", fn=fake_document, jobs=1, quiet=True)
    ingest(["in"], "dask", fn=fake_document, dask="unused", dask_client=client, quiet=True)
    assert _files(tmp_path / "local") == _files(tmp_path / "dask")
    assert '"source": "in/a.txt"' in (tmp_path / "dask" / "a.json").read_text()
    assert "in/bad.txt: RuntimeError" in (tmp_path / "dask" / "errors.csv").read_text()
