"""`extract bench`: seconds, pages/s and words/s per stage, with plain pdfplumber as reference.

Stages: read (PDF -> DocumentText), nlp, relations, export (JSON + CSV rows),
and end to end, with the default PDF backend; then read and end to end once per
backend (`--backend`, default both: "read[pdfium]", "end_to_end[pdfplumber]", ...). Each run goes over every document once, the reference and the
pipeline interleaved per document (alternating order between runs) so machine
noise hits both alike; the median over runs is reported. Figures are measured
and printed, never asserted.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

STAGES = ("read", "nlp", "relations", "export", "end_to_end")
REFERENCE = "pdfplumber_extract_text"
PDFIUM = "pypdfium2_text"  # the fast text floor a character backend could approach (issue 10)
REFERENCES = (REFERENCE, PDFIUM)
SUFFIXES = (".pdf", ".txt", ".md")


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


def default_sets() -> list[tuple[str, list[Path]]]:
    """corpus/pdf, plus the shared eval PDFs when they are present."""
    sets = []
    corpus = _repo_root() / "corpus" / "pdf"
    for name, folder in (("corpus", corpus), ("eval-pdfs", _repo_root().parent / "shared" / "eval-pdfs")):
        files = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
        if files and name not in {n for n, _ in sets}:
            sets.append((name, files))
    return sets


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out


def peak_rss_mb() -> float:
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb / 1024.0 if sys.platform != "darwin" else kb / 1048576.0
    except ImportError:  # Windows
        import psutil

        return psutil.Process().memory_info().peak_wset / 1048576.0


def reference_seconds(path: Path) -> tuple[float, int]:
    """Plain pdfplumber `page.extract_text()` over every page: the yardstick."""
    import pdfplumber

    t0 = time.perf_counter()
    with pdfplumber.open(str(path)) as pdf:
        n = 0
        for page in pdf.pages:
            page.extract_text()
            n += 1
            page.close()
    return time.perf_counter() - t0, n


def pdfium_seconds(path: Path) -> tuple[float, int]:
    """Bare pypdfium2 text of every page (already installed: pdfplumber depends on it)."""
    import pypdfium2 as pdfium

    t0 = time.perf_counter()
    pdf = pdfium.PdfDocument(str(path))
    try:
        n = len(pdf)
        for i in range(n):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
    finally:
        pdf.close()
    return time.perf_counter() - t0, n


_REFERENCE_FUNCS = {REFERENCE: reference_seconds, PDFIUM: pdfium_seconds}


def _pipeline_once(pipe, path: Path) -> dict[str, float]:
    from extract.export import record_json_text, records_to_frames

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    rec = pipe.process_path(path, timings)
    t1 = time.perf_counter()
    record_json_text(rec)
    for df in records_to_frames([rec]):
        df.to_csv(index=False)
    t2 = time.perf_counter()
    timings["export"] = t2 - t1
    timings["end_to_end"] = t2 - t0
    timings.setdefault("pages", rec.n_pages)
    return timings


def _backend_timings(pipeline, path: Path, backend: str) -> dict[str, float]:
    """One pipeline pass reading the PDF with `backend` (set as `extract ingest --backend` does)."""
    from extract.pdf.backends import ENV

    before = os.environ.get(ENV)
    os.environ[ENV] = backend
    try:
        return _pipeline_once(pipeline, path)
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before


def bench(sets: list[tuple[str, list[Path]]], runs: int = 3, pipeline=None,
          backends: tuple[str, ...] = ()) -> dict[str, Any]:
    """Measure every set; returns the results structure that `--out` writes.

    With `backends` ("pdfplumber", "pdfium"), each PDF also goes through the pipeline once
    per backend, giving rows "read[backend]" (the PDF stage) and "end_to_end[backend]",
    and each set reports how many pdfium pages were handed to pdfplumber."""
    if pipeline is None:
        from extract.pipeline import Pipeline

        pipeline = Pipeline()
    t0 = time.perf_counter()
    getattr(pipeline, "nlp", None)  # build once, reported as start-up, not per document
    from extract.export import records_to_frames

    records_to_frames([])  # imports pandas: start-up, not export time
    startup = time.perf_counter() - t0

    from extract.pdf.backends import FALLBACK, STATS

    per_backend = tuple(f"{kind}[{b}]" for b in backends for kind in ("read", "end_to_end"))
    fallbacks = {name: 0 for name, _ in sets}
    per_run: dict[str, list[dict[str, float]]] = {name: [] for name, _ in sets}
    errors: dict[str, dict[str, str]] = {name: {} for name, _ in sets}
    counts: dict[str, dict[str, int]] = {name: {"documents": 0, "pages": 0, "words": 0} for name, _ in sets}
    for r in range(max(1, runs)):
        for name, files in sets:
            tot = {s: 0.0 for s in (*STAGES, *per_backend)} | {k: 0.0 for k in REFERENCES}
            ok_docs = pages = words = 0
            for f in files:
                order = (0, 1) if r % 2 == 0 else (1, 0)
                timing: dict[str, float] | None = None
                ref = dict.fromkeys(REFERENCES, 0.0)
                for which in order:
                    if which == 0 and f.suffix.lower() == ".pdf":
                        for k, func in _REFERENCE_FUNCS.items():
                            try:
                                ref[k], _ = func(f)
                            except Exception:  # noqa: BLE001 - a reference may fail where we do not
                                ref[k] = 0.0
                    elif which == 1:
                        try:
                            timing = _pipeline_once(pipeline, f)
                            if f.suffix.lower() == ".pdf":
                                for b in backends:
                                    fallback = STATS[FALLBACK]
                                    t = _backend_timings(pipeline, f, b)
                                    timing[f"read[{b}]"] = t.get("read", 0.0)
                                    timing[f"end_to_end[{b}]"] = t.get("end_to_end", 0.0)
                                    if r == 0:
                                        fallbacks[name] += STATS[FALLBACK] - fallback
                        except Exception as err:  # noqa: BLE001 - reported, bench goes on
                            errors[name][f.name] = " ".join(f"{type(err).__name__}: {err}".split())
                if timing is None:
                    continue
                ok_docs += 1
                pages += int(timing.get("pages", 0))
                words += int(timing.get("words", 0))
                for s in (*STAGES, *per_backend):
                    tot[s] += timing.get(s, 0.0)
                for k in REFERENCES:
                    tot[k] += ref[k]
            per_run[name].append(tot)
            counts[name] = {"documents": ok_docs, "pages": pages, "words": words}

    out_sets: dict[str, Any] = {}
    for name, files in sets:
        c = counts[name]
        stages = {}
        for s in (*STAGES, *per_backend, *REFERENCES):
            secs = statistics.median(run[s] for run in per_run[name])
            stages[s] = {"seconds": round(secs, 4),
                         "pages_per_s": round(c["pages"] / secs, 2) if secs > 0 else None,
                         "words_per_s": round(c["words"] / secs, 1) if secs > 0 else None}
        out_sets[name] = {**c, "files": len(files), "stages": stages, "errors": errors[name]}
        if backends:
            out_sets[name]["pdfium_pages_read_by_pdfplumber"] = fallbacks[name]
    return {"date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine_info(), "runs": max(1, runs), "startup_seconds": round(startup, 3),
            "peak_rss_mb": round(peak_rss_mb(), 1), "sets": out_sets}


def machine_info() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for pkg in ("trial-extract", "spacy", "scispacy", "pdfplumber", "pdfminer.six", "pandas"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    try:
        import psutil

        physical = psutil.cpu_count(logical=False)
    except ImportError:
        physical = None
    return {"cpu": cpu, "cores": os.cpu_count(), "physical_cores": physical,
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions}


def format_table(results: dict[str, Any]) -> str:
    lines = [f"{'set':<10} {'stage':<24} {'seconds':>9} {'pages/s':>9} {'words/s':>10}"]
    for name, data in results["sets"].items():
        for stage, v in data["stages"].items():
            label = {REFERENCE: "reference: pdfplumber", PDFIUM: "reference: pypdfium2"}.get(stage, stage)
            pps = "-" if v["pages_per_s"] is None else f"{v['pages_per_s']:.1f}"
            wps = "-" if v["words_per_s"] is None or stage in REFERENCES else f"{v['words_per_s']:.0f}"
            lines.append(f"{name:<10} {label:<24} {v['seconds']:>9.3f} {pps:>9} {wps:>10}")
        ref = data["stages"][REFERENCE]["seconds"]
        if ref:
            lines.append(f"{name:<10} end to end = {data['stages']['end_to_end']['seconds'] / ref:.2f}x "
                         f"bare pdfplumber text; PDF stage (read) = {data['stages']['read']['seconds'] / ref:.2f}x")
        lines.append(f"{name:<10} {data['documents']}/{data['files']} documents, {data['pages']} pages, "
                     f"{data['words']} words")
        if "pdfium_pages_read_by_pdfplumber" in data:
            lines.append(f"{name:<10} pdfium backend: {data['pdfium_pages_read_by_pdfplumber']} pages "
                         f"read by pdfplumber instead (rotated pages)")
        for fname, msg in data["errors"].items():
            lines.append(f"{name:<10} failed: {fname}: {msg}")
    lines.append(f"median of {results['runs']} interleaved runs; pipeline start-up "
                 f"{results['startup_seconds']:.2f} s; peak RSS {results['peak_rss_mb']:.0f} MB; "
                 f"{results['machine']['cores']} cores, {results['machine']['cpu']}")
    return "\n".join(lines)


def run_bench(args) -> int:
    sets = [("given", _files(args.paths))] if args.paths else default_sets()
    sets = [(n, fs) for n, fs in sets if fs]
    if not sets:
        print("extract bench: no documents to measure (give PATHs, or build corpus/pdf)", file=sys.stderr)
        return 2
    missing = [str(f) for _, fs in sets for f in fs if not f.is_file()]
    if missing:
        print(f"extract bench: {missing[0]}: no such file", file=sys.stderr)
        return 2
    from extract.pdf.backends import NAMES

    results = bench(sets, runs=args.runs, backends=tuple(getattr(args, "backend", None) or NAMES))
    print(format_table(results))
    if args.out:
        from extract.export import atomic_write_text

        atomic_write_text(args.out, json.dumps(results, indent=2) + "\n")
    failed = all(not d["documents"] for d in results["sets"].values())
    return 1 if failed else 0
