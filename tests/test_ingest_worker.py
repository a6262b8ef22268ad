"""The per-document wrapper: failing stage named, one-line messages, pipelines reused."""
from __future__ import annotations

import pytest

from extract.batch import worker
from extract.errors import InputError
from extract.records import DocumentRecord


def _raiser_in(module: str, exc: Exception):
    ns = {"__name__": module, "exc": exc}
    exec("def stage_code():\n    raise exc\n", ns)
    return ns["stage_code"]


@pytest.mark.parametrize("module,stage", [("extract.relations.outcomes", "relations"),
                                          ("extract.nlp.sentences", "nlp"),
                                          ("extract.pdf.layout", "read"),
                                          ("somewhere.else", "nlp")])
def test_stage_named_from_where_the_exception_came(module, stage):
    boom = _raiser_in(module, KeyError("missing key"))
    res = worker.run_task(lambda p, d, m: boom(), "dir/paper one.pdf", "paper one", None)
    assert not res["ok"] and res["stage"] == stage
    assert res["message"] == "dir/paper one.pdf: KeyError: 'missing key'"
    assert "Traceback" in res["traceback"]  # kept for EXTRACT_DEBUG only


def test_input_error_is_read_stage_with_its_own_message():
    def fn(p, d, m):
        raise InputError(p, "encrypted (a password is needed)")

    res = worker.run_task(fn, "x/secret.pdf", "secret", None)
    assert (res["stage"], res["message"]) == ("read", "x/secret.pdf: encrypted (a password is needed)")


def test_multiline_message_becomes_one_line():
    def fn(p, d, m):
        raise ValueError("first line\n  second line")

    assert worker.run_task(fn, "a.pdf", "a", None)["message"] == "a.pdf: ValueError: first line second line"


def test_export_failure_is_export_stage():
    class Unserialisable(DocumentRecord):
        def to_json(self):
            return {"x": object()}

    res = worker.run_task(lambda p, d, m: Unserialisable(doc="a"), "a.pdf", "a", None)
    assert res["stage"] == "export" and "a.pdf" in res["message"]


def test_ok_result_carries_json_and_pages():
    res = worker.run_task(lambda p, d, m: DocumentRecord(doc="other", n_pages=4), "a.pdf", "a", None)
    assert res["ok"] and res["pages"] == 4 and b'"doc": "a"' in res["json"]  # the id is the file stem


def test_pipelines_are_reused_not_rebuilt(monkeypatch):
    built = []

    class FakePipeline:
        def __init__(self, model=None):
            built.append(model)

        @property
        def nlp(self):
            return "nlp"

    monkeypatch.setattr("extract.pipeline.Pipeline", FakePipeline)
    monkeypatch.setattr(worker, "_IDLE", {})
    p1 = worker.take_pipeline("m")
    p2 = worker.take_pipeline("m")  # p1 is busy: a second one
    worker.give_back(p1, "m")
    worker.give_back(p2, "m")
    for _ in range(5):
        p = worker.take_pipeline("m")
        worker.give_back(p, "m")
    assert built == ["m", "m"]
    worker.take_pipeline(None)
    assert built == ["m", "m", None]
