"""The same per-document function on a Dask distributed cluster.

Each task is `run_task(fn, path, doc_id, model)`, exactly what a local worker
runs; results come back to this process, which writes them, so the output is
identical to a local run. Input paths must be readable by the Dask workers
(shared storage, same absolute path). A worker process builds the pipeline once per thread and
keeps it. A document past the timeout is reported as "timeout"; Dask cannot
kill a running thread, so its work finishes in the background and is dropped.
"""
from __future__ import annotations

import os
import threading
import uuid
from typing import Any, Callable, Iterable

from extract.batch.worker import DocFunction, run_task
from extract.errors import ExtractError


def _import_distributed():
    try:
        import distributed
    except ImportError as err:
        raise ExtractError("--dask needs the optional Dask extra: "
                           "pip install 'trial-extract[dask]' (dask[distributed])") from err
    return distributed


def run_task_with_timeout(fn: DocFunction, path: str, doc_id: str, model: str | None,
                          timeout: float | None, shown_as: str | None = None) -> dict[str, Any]:
    """`run_task` on a helper thread, given up after `timeout` seconds."""
    if not timeout:
        return run_task(fn, path, doc_id, model, shown_as)
    box: dict[str, Any] = {}
    t = threading.Thread(target=lambda: box.update(r=run_task(fn, path, doc_id, model, shown_as)),
                         daemon=True)
    t.start()
    t.join(timeout)
    if "r" in box:
        return box["r"]
    shown = shown_as or path
    return {"doc": doc_id, "path": shown, "ok": False, "stage": "timeout",
            "message": f"{shown}: stopped after {timeout:g} s (--timeout)", "json": None, "pages": 0}


def run_dask(tasks: Iterable[tuple[str, str]], fn: DocFunction, model: str | None, address: str,
             jobs: int, timeout: float | None, on_result: Callable[[dict[str, Any]], None],
             client=None) -> None:
    """Submit every task to the cluster at `address` ('local' starts a local cluster)."""
    distributed = _import_distributed()
    own_cluster = own_client = None
    try:
        if client is None:
            if address == "local":
                own_cluster = distributed.LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1,
                                                       processes=True, dashboard_address=None)
                own_client = client = distributed.Client(own_cluster)
            else:
                own_client = client = distributed.Client(address)
        tasks = list(tasks)
        run_id = uuid.uuid4().hex[:12]
        # Workers may run elsewhere (another cwd): they read absolute paths, and
        # results name the files as given here.
        futures = [client.submit(run_task_with_timeout, fn, os.path.abspath(path), doc_id, model,
                                 timeout, path, key=f"extract-{run_id}-{i}", pure=False)
                   for i, (path, doc_id) in enumerate(tasks)]
        by_key = {f.key: t for f, t in zip(futures, tasks)}
        for fut in distributed.as_completed(futures):
            path, doc_id = by_key[fut.key]
            try:
                result = fut.result()
            except Exception as err:  # noqa: BLE001 - a lost worker fails one document
                result = {"doc": doc_id, "path": path, "ok": False, "stage": "crash",
                          "message": f"{path}: Dask task failed: {type(err).__name__}: {err}",
                          "json": None, "pages": 0}
            on_result(result)
            fut.release()
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
