"""One document through the pipeline, with the failing stage named.

`run_task` is what every runner (local processes, Dask) calls for a document:
it runs a *document function* `fn(path, doc_id, model) -> DocumentRecord`,
serialises the record, and returns a small picklable result dict, never
raising. The default document function uses one `extract.pipeline.Pipeline`
per worker process (one per concurrent thread on Dask), built once and kept.
"""
from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from typing import Any, Callable

from extract.errors import InputError

DocFunction = Callable[[str, str, "str | None"], Any]
STAGES = ("read", "nlp", "relations", "export")
# Module prefixes -> stage, for exceptions raised deep inside a stage.
_STAGE_OF_MODULE = (("extract.reader", "read"), ("extract.pdf", "read"), ("extract.nlp", "nlp"),
                    ("extract.relations", "relations"), ("extract.export", "export"),
                    ("extract.records", "export"))


# Idle pipelines of this process, per model: a worker thread borrows one for a
# document and gives it back, so each process builds as many pipelines as it
# runs documents at once (one in a local worker), never one per document.
_IDLE: dict = {}
_IDLE_LOCK = threading.Lock()


def take_pipeline(model: str | None = None):
    with _IDLE_LOCK:
        stack = _IDLE.setdefault(model, [])
        if stack:
            return stack.pop()
    from extract.pipeline import Pipeline

    pipe = Pipeline(model=model)
    pipe.nlp  # build now
    return pipe


def give_back(pipe, model: str | None = None) -> None:
    with _IDLE_LOCK:
        _IDLE.setdefault(model, []).append(pipe)


class StageFailure(Exception):
    """An exception tagged with the stage it came from."""

    def __init__(self, stage: str, error: BaseException):
        self.stage, self.error = stage, error
        super().__init__(str(error))


def pipeline_document(path: str, doc_id: str, model: str | None = None):
    """The default document function: the real reader, NLP and relations stages."""
    from extract.reader import load_document

    try:
        doc_text = load_document(path)
    except Exception as err:  # noqa: BLE001 - any reader failure is a read failure
        raise StageFailure(getattr(err, "stage", None) or "read", err) from err
    try:
        pipe = take_pipeline(model)
    except Exception as err:  # noqa: BLE001 - the pipeline cannot be built
        raise StageFailure("nlp", err) from err
    try:
        record = pipe.process_text(doc_text)
    finally:
        give_back(pipe, model)
    record.doc = doc_id
    return record


def init_worker(fn: DocFunction, model: str | None) -> None:
    """Warm up a worker: build the pipeline when the default function is used."""
    if fn is pipeline_document:
        give_back(take_pipeline(model), model)


def _stage_from_traceback(err: BaseException) -> str | None:
    stage = None
    for frame, _ in traceback.walk_tb(err.__traceback__):
        mod = frame.f_globals.get("__name__", "")
        for prefix, name in _STAGE_OF_MODULE:
            if mod == prefix or mod.startswith(prefix + "."):
                stage = name  # the deepest extract frame wins
    return stage


def describe(err: BaseException, path: str) -> str:
    """One line naming the file and the problem."""
    if isinstance(err, InputError):
        msg = str(err)
    else:
        text = str(err).strip() or "(no message)"
        msg = f"{path}: {type(err).__name__}: {text}"
        if path not in msg:
            msg = f"{path}: {msg}"
    return " ".join(msg.split())


def classify(err: BaseException) -> str:
    if isinstance(err, StageFailure):
        return err.stage
    explicit = getattr(err, "stage", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    return _stage_from_traceback(err) or "nlp"


def peak_rss_mb() -> float:
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb / 1024.0 if sys.platform != "darwin" else kb / 1048576.0
    except Exception:  # noqa: BLE001 - not on every platform
        return 0.0


def run_task(fn: DocFunction, path: str, doc_id: str, model: str | None,
             shown_as: str | None = None) -> dict[str, Any]:
    """Run one document; the result says ok/failed, never raises (except interrupts).

    `shown_as`: the path as the user gave it, when `path` is the absolute path a
    remote worker reads; outputs then read exactly as in a local run.
    """
    from extract.export import record_json_bytes

    t0, c0 = time.perf_counter(), time.process_time()
    result: dict[str, Any] = {"doc": doc_id, "path": path, "ok": False, "stage": None,
                              "message": "", "json": None, "pages": 0, "pid": os.getpid()}
    try:
        try:
            record = fn(path, doc_id, model)
        except StageFailure as failure:
            err = failure.error
            result["stage"] = failure.stage
            raise err from None
        try:
            record.doc = doc_id
            if shown_as and getattr(record, "source", None) == path:
                record.source = shown_as
            result["json"] = record_json_bytes(record)  # UTF-8: half the size of a wide str
            result["pages"] = int(getattr(record, "n_pages", 0) or 0)
        except Exception as err:  # noqa: BLE001
            result["stage"] = "export"
            raise err from None
        result["ok"] = True
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # noqa: BLE001 - a document must never stop the batch
        result["stage"] = result["stage"] or classify(err)
        result["message"] = describe(err, path)
        if shown_as:
            result["message"] = result["message"].replace(path, shown_as)
            result["path"] = shown_as
        result["traceback"] = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    result["seconds"] = time.perf_counter() - t0
    result["cpu_seconds"] = time.process_time() - c0
    result["rss_mb"] = peak_rss_mb()
    return result
