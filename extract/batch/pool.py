"""Local worker processes with a per-document timeout.

A `concurrent.futures` pool cannot stop one running task, so this is a small
pool of its own: each worker process builds the pipeline once, then takes one
document at a time over a pipe. A document that runs past the timeout gets
its worker killed and replaced; a worker that dies (segfault, out of memory)
is reported for its document and replaced. Workers ignore Ctrl-C; the parent
kills them on the way out. Workers are recycled after `max_tasks` documents so
memory cannot creep up over a long run.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable

from extract.batch.worker import DocFunction, describe, init_worker, run_task
from extract.errors import ExtractError


class WorkerStartError(ExtractError):
    """The pipeline could not be built in a worker: no document can succeed."""


def _exit_with_parent(parent_pid: int) -> None:
    """A worker whose parent was killed (kill -9) must not run on alone."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:
            os._exit(1)


def _worker_main(conn, fn: DocFunction, model: str | None, parent_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    try:
        init_worker(fn, model)
    except BaseException as err:  # noqa: BLE001 - reported to the parent
        conn.send(("init_error", describe(err, "pipeline")))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, doc_id = task
        result = run_task(fn, path, doc_id, model)
        try:
            conn.send(("result", result))
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    proc: Any
    conn: Any
    ready: bool = False
    task: tuple[str, str] | None = None
    started: float = 0.0
    done: int = 0
    spawned: float = field(default_factory=time.monotonic)


def _failure(path: str, doc_id: str, stage: str, message: str) -> dict[str, Any]:
    return {"doc": doc_id, "path": path, "ok": False, "stage": stage, "message": message,
            "json": None, "pages": 0}


def run_local(tasks: Iterable[tuple[str, str]], fn: DocFunction, model: str | None, jobs: int,
              timeout: float | None, on_result: Callable[[dict[str, Any]], None],
              max_tasks: int = 200, start_method: str = "spawn") -> None:
    """Run every (path, doc_id) task; call `on_result` in the parent as each one finishes."""
    ctx = mp.get_context(start_method)
    pending = deque(tasks)
    workers: list[_Worker] = []
    start_failures = 0

    def spawn() -> None:
        parent, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_worker_main, args=(child, fn, model, os.getpid()), daemon=True,
                           name="extract-worker")
        proc.start()
        child.close()
        workers.append(_Worker(proc, parent))

    def retire(w: _Worker, kill: bool) -> None:
        workers.remove(w)
        try:
            if kill:
                w.proc.kill()
            else:
                w.conn.send(None)
        except (OSError, ValueError):
            pass
        w.proc.join(timeout=None if kill else 5)
        if w.proc.is_alive():
            w.proc.kill()
            w.proc.join()
        w.conn.close()

    def top_up() -> None:
        busy_or_idle = len(workers)
        need = min(jobs, busy_or_idle + len(pending)) - busy_or_idle
        for _ in range(max(need, 0)):
            spawn()

    try:
        top_up()
        while pending or any(w.task for w in workers):
            for w in workers:
                if w.ready and w.task is None and pending:
                    w.task = pending.popleft()
                    w.started = time.monotonic()
                    w.conn.send(w.task)
            busy = [w for w in workers if w.task]
            wait_for = None
            if timeout and busy:
                wait_for = max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
            ready = set(wait([w.conn for w in workers] + [w.proc.sentinel for w in workers],
                             timeout=wait_for))
            for w in list(workers):
                if w.conn in ready:
                    try:
                        kind, payload = w.conn.recv()
                    except (EOFError, OSError):
                        kind, payload = "dead", None
                elif w.proc.sentinel in ready:
                    kind, payload = "dead", None
                else:
                    continue
                if kind == "ready":
                    w.ready, start_failures = True, 0
                elif kind == "init_error":
                    raise WorkerStartError(f"cannot build the NLP pipeline: {payload}")
                elif kind == "result":
                    w.task = None
                    w.done += 1
                    on_result(payload)
                    if w.done >= max_tasks:
                        retire(w, kill=False)
                        top_up()
                elif kind == "dead":
                    w.proc.join(timeout=1)
                    code = w.proc.exitcode
                    if w.task:
                        path, doc_id = w.task
                        on_result(_failure(path, doc_id, "crash",
                                           f"{path}: worker process died (exit code {code}) "
                                           "while processing this document"))
                    elif not w.ready:
                        start_failures += 1
                        if start_failures > 3:
                            raise WorkerStartError(f"worker processes die on start (exit code {code})")
                    w.task = None
                    retire(w, kill=True)
                    top_up()
            if timeout:
                now = time.monotonic()
                for w in [w for w in workers if w.task and now - w.started >= timeout]:
                    path, doc_id = w.task
                    w.task = None
                    retire(w, kill=True)
                    on_result(_failure(path, doc_id, "timeout",
                                       f"{path}: stopped after {timeout:g} s (--timeout)"))
                    top_up()
    finally:
        for w in list(workers):
            retire(w, kill=True)
