"""`extract ingest PATH... --out DIR`: many documents in, records and CSVs out.

Finished documents are written as soon as they come back (`DIR/<doc>.json`,
atomically) and remembered in a content-hash cache, so an interrupted run
loses nothing and a re-run only recomputes the CSVs. One bad document goes
to `DIR/errors.csv` and stderr; the batch goes on. The CSVs are built at the
end from the per-document JSON files, one file at a time.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from extract.batch.cache import Cache, cache_key, code_fingerprint, file_sha256
from extract.batch.inputs import Selection, collect_inputs, describe_selection
from extract.batch.worker import DocFunction, pipeline_document
from extract.errors import ExtractError, readable

ERROR_COLUMNS = ["doc", "stage", "message"]


@dataclass
class IngestSummary:
    out_dir: Path
    succeeded: list[str] = field(default_factory=list)  # new + cached, document ids
    cached: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)  # per processed doc, without JSON
    pages: int = 0  # pages of the documents processed in this run
    selection: Selection = field(default_factory=Selection)  # what the folders gave

    @property
    def exit_code(self) -> int:
        return 0 if self.succeeded else 1


def _debug() -> bool:
    return os.environ.get("EXTRACT_DEBUG", "") not in ("", "0")


def _function_name(fn: Callable) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


def _pdf_backend() -> str:
    """The PDF backend this run reads with (cheap: imports no PDF library)."""
    from extract.pdf.backends import backend_name

    return backend_name()


def _read_problem(path: str, err: OSError) -> str:
    reason = err.strerror or type(err).__name__
    return f"{path}: cannot read file: {reason}"


def ingest(paths: Sequence[str | Path], out_dir: str | Path, *, jobs: int | None = None,
           force: bool = False, timeout: float | None = 600.0, quiet: bool = False,
           model: str | None = None, dask: str | None = None, fn: DocFunction | None = None,
           max_tasks_per_worker: int = 200, dask_client=None, stderr=None,
           globs: Sequence[str] = (), excludes: Sequence[str] = (), max_pages: int | None = None) -> IngestSummary:
    """Run the batch; return what happened. Raises ExtractError only when nothing can run."""
    from extract.export import atomic_write_text, clean_stale_temp_files, write_tables_streaming

    stderr = stderr or sys.stderr
    fn = fn or pipeline_document
    jobs = max(1, jobs or os.cpu_count() or 1)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    clean_stale_temp_files(out)
    cache = Cache(out)
    summary = IngestSummary(out, selection=Selection(tuple(globs), tuple(excludes)))

    docs, problems = collect_inputs(paths, out, summary.selection)
    summary.errors.extend({"doc": p.doc, "stage": p.stage, "message": readable(p.message)} for p in problems)
    if max_pages is not None:
        docs, too_long = _within_page_limit(docs, max_pages)
        summary.errors.extend(too_long)
        for e in too_long:
            cache.forget(e["doc"])

    show_bar = not quiet and hasattr(stderr, "isatty") and stderr.isatty()
    from tqdm import tqdm

    bar = tqdm(total=len(docs), unit="doc", desc="ingest", file=stderr, disable=not show_bar,
               dynamic_ncols=True)

    def say(line: str) -> None:
        line = readable(line)
        if show_bar:
            bar.write(line, file=stderr)
        else:
            print(line, file=stderr)

    for e in summary.errors:
        say(f"extract ingest: {e['stage']}: {e['message']}")
    for path, name in summary.selection.renamed:
        say(f"extract ingest: input: {path!r}: the file name holds control characters or separators; "
            f"its outputs are named {name!r}")

    keys: dict[str, str] = {}
    todo: list[tuple[str, str]] = []
    fname = _function_name(fn)
    code = code_fingerprint() + "/" + _pdf_backend()  # outputs depend on the PDF backend
    for d in docs:
        try:
            keys[d.doc_id] = cache_key(file_sha256(d.path), model, fname, code)
        except OSError as err:
            summary.errors.append({"doc": d.doc_id, "stage": "read", "message": _read_problem(d.path, err)})
            say(f"extract ingest: read: {summary.errors[-1]['message']}")
            cache.forget(d.doc_id)
            bar.update(1)
            continue
        if not force and cache.hit(d.doc_id, keys[d.doc_id]):
            summary.cached.append(d.doc_id)
            summary.succeeded.append(d.doc_id)
            bar.update(1)
        else:
            todo.append((d.path, d.doc_id))

    def on_result(res: dict[str, Any]) -> None:
        doc = res["doc"]
        if res["ok"]:
            try:
                cache.store(doc, res["json"], keys[doc])
            except OSError as err:
                res.update(ok=False, stage="export",
                           message=f"{out / (doc + '.json')}: cannot write: {err.strerror or err}")
            else:
                summary.succeeded.append(doc)
                summary.pages += res.get("pages", 0)
        if not res["ok"]:
            cache.forget(doc)
            summary.errors.append({"doc": doc, "stage": res["stage"], "message": readable(res["message"])})
            say(f"extract ingest: {res['stage']}: {res['message']}")
            if _debug() and res.get("traceback"):
                say(res["traceback"].rstrip())
        summary.results.append({k: v for k, v in res.items() if k not in ("json", "traceback")})
        bar.set_postfix(pages=summary.pages, failed=len(summary.errors), refresh=False)
        bar.update(1)

    try:
        if todo:
            if dask:
                from extract.batch.dask_runner import run_dask

                run_dask(todo, fn, model, dask, jobs, timeout, on_result, client=dask_client)
            else:
                from extract.batch.pool import run_local

                run_local(todo, fn, model, min(jobs, len(todo)), timeout, on_result,
                          max_tasks=max_tasks_per_worker)
    finally:
        bar.close()

    ok = sorted(set(summary.succeeded))
    write_tables_streaming([cache.json_path(d) for d in ok], out)
    import pandas as pd

    errors = sorted(summary.errors, key=lambda e: (e["doc"], e["stage"], e["message"]))
    atomic_write_text(out / "errors.csv",
                      pd.DataFrame(errors, columns=ERROR_COLUMNS).to_csv(index=False))
    if not quiet:
        new = len(summary.succeeded) - len(summary.cached)
        taken = describe_selection(summary.selection)
        print(f"extract ingest: {len(ok)} documents ok ({new} processed, {len(summary.cached)} cached), "
              f"{len(summary.errors)} failed -> {out}" + (f"; {taken}" if taken else ""), file=stderr)
    return summary


def _within_page_limit(docs, max_pages: int):
    """PDFs with more than `max_pages` pages are reported and not read (never silently cut)."""
    kept, errors = [], []
    for d in docs:
        n = _page_count(d.path) if d.path.lower().endswith(".pdf") else None
        if n is not None and n > max_pages:
            errors.append({"doc": d.doc_id, "stage": "input",
                           "message": readable(f"{d.path}: {n} pages, more than --max-pages {max_pages}; not read")})
        else:
            kept.append(d)
    return kept, errors


def _page_count(path: str) -> int | None:
    """Pages of a PDF by its page tree (pypdfium2, fast), or None when it cannot tell (the reader reports why)."""
    try:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path)
        try:
            return len(pdf)
        finally:
            pdf.close()
    except Exception:  # noqa: BLE001 - damaged or encrypted: the reader names the problem
        return None


def _terminate_as_interrupt(signum, frame):  # noqa: ARG001
    raise KeyboardInterrupt


def run_ingest(args) -> int:
    import signal

    # `kill` (SIGTERM) unwinds like Ctrl-C: workers are stopped, no file is left half-written.
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    try:
        summary = ingest(args.paths, args.out, jobs=args.jobs, force=args.force,
                         timeout=args.timeout if args.timeout and args.timeout > 0 else None,
                         quiet=args.quiet, model=args.model, dask=args.dask,
                         globs=args.glob or (), excludes=args.exclude or (), max_pages=args.max_pages)
    except ExtractError as err:
        print(f"extract ingest: error: {err}", file=sys.stderr)
        return 2
    if not summary.succeeded and not summary.errors:
        print("extract ingest: no .pdf, .txt or .md files found"
              + (" matching --glob/--exclude" if args.glob or args.exclude else ""), file=sys.stderr)
    return summary.exit_code
