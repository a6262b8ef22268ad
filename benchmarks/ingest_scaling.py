"""Ingest throughput: documents/minute and pages/s at --jobs 1 and --jobs 2 on the
corpus PDFs copied N times, peak memory per worker, and the time of a second
(cached) run. Prints a table; `--out FILE.json` also saves the figures.

    .venv/bin/python benchmarks/ingest_scaling.py --copies 25 --jobs 1 2

Measures wall time of `extract.ingest.ingest` (the code behind `extract ingest`),
including worker start-up and the pipeline build in each worker.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_folder(src: Path, copies: int, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for pdf in sorted(src.glob("*.pdf")):
        for i in range(copies):
            target = dest / f"{pdf.stem}__copy{i:03d}.pdf"
            shutil.copyfile(pdf, target)
            out.append(target)
    return out


def _burn(n: int) -> float:
    t0 = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t0


def machine_headroom(jobs: int, n: int = 20_000_000) -> float:
    """Speed-up a pure-CPU Python loop gets from `jobs` processes right now: the
    ceiling for any scaling figure on a machine shared with other work."""
    import multiprocessing as mp

    one = _burn(n)
    t0 = time.perf_counter()
    with mp.get_context("spawn").Pool(jobs) as pool:
        pool.map(_burn, [n] * jobs)
    return round(one * jobs / (time.perf_counter() - t0), 2)


def run_once(folder: Path, out: Path, jobs: int) -> dict:
    from extract.ingest import ingest

    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    s = ingest([folder], out, jobs=jobs, quiet=True, timeout=600)
    wall = time.perf_counter() - t0
    workers: dict[int, float] = {}
    for r in s.results:
        if "pid" in r and r.get("rss_mb"):
            workers[r["pid"]] = max(workers.get(r["pid"], 0.0), r["rss_mb"])
    n_new = len(s.succeeded) - len(s.cached)
    return {"jobs": jobs, "seconds": round(wall, 2), "documents": len(s.succeeded), "processed": n_new,
            "cached": len(s.cached), "failed": len(s.errors), "pages": s.pages,
            "docs_per_min": round(n_new / wall * 60, 1) if n_new else None,
            "pages_per_s": round(s.pages / wall, 2) if s.pages else None,
            "doc_seconds_sum": round(sum(r.get("seconds", 0.0) for r in s.results), 2),
            "doc_cpu_seconds_sum": round(sum(r.get("cpu_seconds", 0.0) for r in s.results), 2),
            "peak_rss_mb_per_worker": round(max(workers.values()), 1) if workers else None,
            "workers": len(workers), "load_avg_1min_before": round(load_before, 2),
            "load_avg_1min_after": round(os.getloadavg()[0], 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=REPO / "corpus" / "pdf")
    ap.add_argument("--copies", type=int, default=25)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    from extract.batch.cache import code_fingerprint
    from extract.bench import machine_info

    # Others may edit the package while this runs: pin the code part of the cache key so
    # the second run measures the cache, not an edit.
    os.environ.setdefault("EXTRACT_CACHE_CODE", code_fingerprint())

    work = args.workdir or Path(tempfile.mkdtemp(prefix="ingest-scaling-"))
    folder = work / "pdfs"
    files = make_folder(args.src, args.copies, folder)
    if not files:
        print(f"no PDFs in {args.src}", file=sys.stderr)
        return 2
    headroom_before = machine_headroom(max(args.jobs))
    rows = []
    for jobs in args.jobs:
        out = work / f"out-jobs{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        rows.append({"run": "first", **run_once(folder, out, jobs)})
    rows.append({"run": "second (cached)", **run_once(folder, work / f"out-jobs{args.jobs[-1]}", args.jobs[-1])})

    print(f"{len(files)} PDFs ({args.copies} copies of {len(files) // args.copies}) in {folder}")
    print(f"{'run':<16} {'jobs':>4} {'seconds':>8} {'docs/min':>9} {'pages/s':>8} {'ok':>4} {'failed':>6} "
          f"{'peak RSS/worker MB':>19} {'busy/wall':>9} {'cpu/wall':>8} {'load':>9}")
    for r in rows:
        dpm = "-" if r["docs_per_min"] is None else f"{r['docs_per_min']:.1f}"
        pps = "-" if r["pages_per_s"] is None else f"{r['pages_per_s']:.2f}"
        rss = "-" if r["peak_rss_mb_per_worker"] is None else f"{r['peak_rss_mb_per_worker']:.0f}"
        busy = r["doc_seconds_sum"] / r["seconds"] if r["seconds"] else 0.0
        cpu = r["doc_cpu_seconds_sum"] / r["seconds"] if r["seconds"] else 0.0
        load = f"{r['load_avg_1min_before']:.1f}->{r['load_avg_1min_after']:.1f}"
        print(f"{r['run']:<16} {r['jobs']:>4} {r['seconds']:>8.2f} {dpm:>9} {pps:>8} {r['documents']:>4} "
              f"{r['failed']:>6} {rss:>19} {busy:>9.2f} {cpu:>8.2f} {load:>9}")
    first = [r for r in rows if r["run"] == "first"]
    if len(first) >= 2 and first[0]["seconds"]:
        print(f"speed-up jobs {first[-1]['jobs']} vs {first[0]['jobs']}: "
              f"{first[0]['seconds'] / first[-1]['seconds']:.2f}x")
    print("busy/wall: sum of per-document seconds in the workers / wall time (ideal = jobs); "
          "cpu/wall: the same in CPU seconds (below busy/wall = waiting for a core); "
          "load: 1-min load average before -> after (other processes share the machine)")
    headroom_after = machine_headroom(max(args.jobs))
    print(f"machine headroom (pure-CPU loop speed-up with {max(args.jobs)} processes): "
          f"{headroom_before:.2f}x before, {headroom_after:.2f}x after")
    print(f"cached run: {rows[-1]['seconds'] / first[-1]['seconds']:.1%} of the first run's time")
    if args.out:
        args.out.write_text(json.dumps({"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                        "machine": machine_info(), "copies": args.copies,
                                        "files": len(files), "rows": rows,
                                        "headroom": [headroom_before, headroom_after]}, indent=2) + "\n")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
