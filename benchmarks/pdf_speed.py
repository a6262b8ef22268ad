"""Speed of the PDF stage against plain pdfplumber `page.extract_text()`.

Both read the same PDFs in interleaved runs (plain, stage, plain, stage, ...,
with the order flipped every run so neither side always goes first); the
median time per file is reported, and overall pages per second for both.
Times are CPU seconds of this process (`time.process_time`), which other
programs competing for the cores disturb much less than wall-clock time;
wall-clock totals are printed too.
The stage does more (layout, furniture, tables); the target is at most 1.5x.

Run: .venv/bin/python benchmarks/pdf_speed.py [PDF or folder ...] [--runs 5]
Default: corpus/pdf and ../shared/eval-pdfs when present. Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.errors import InputError  # noqa: E402
from extract.pdf import read_pdf  # noqa: E402


def plain(path: Path) -> int:
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
            n += 1
    return n


def stage(path: Path) -> int:
    try:
        return read_pdf(path).n_pages
    except InputError:
        return 0


def files_of(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    paths = args.paths or [str(ROOT / "corpus" / "pdf")] + (
        [str(ROOT.parent / "shared" / "eval-pdfs")] if (ROOT.parent / "shared" / "eval-pdfs").exists() else []
    )
    files = files_of(paths)
    times: dict[Path, dict[str, list[float]]] = {f: {"plain": [], "stage": []} for f in files}
    wall: dict[str, float] = {"plain": 0.0, "stage": 0.0}
    pages: dict[Path, int] = {}
    plain(files[0])  # warm imports
    stage(files[0])
    for run in range(args.runs):
        for f in files:
            order = ("plain", "stage") if run % 2 == 0 else ("stage", "plain")
            for which in order:
                w0, t0 = time.perf_counter(), time.process_time()
                n = plain(f) if which == "plain" else stage(f)
                times[f][which].append(time.process_time() - t0)
                wall[which] += time.perf_counter() - w0
                if which == "plain":
                    pages[f] = n
    print(f"runs: {args.runs} (median CPU seconds per file)")
    print("| file | pages | plain s | stage s | ratio |")
    print("|---|---|---|---|---|")
    tot_p = tot_s = 0.0
    tot_pages = 0
    for f in files:
        mp = statistics.median(times[f]["plain"])
        ms = statistics.median(times[f]["stage"])
        tot_p += mp
        tot_s += ms
        tot_pages += pages[f]
        print(f"| {f.name} | {pages[f]} | {mp:.2f} | {ms:.2f} | {ms / mp:.2f} |")
    print(f"| **total** | {tot_pages} | {tot_p:.2f} | {tot_s:.2f} | {tot_s / tot_p:.2f} |")
    print(f"pages/s: plain {tot_pages / tot_p:.2f}, stage {tot_pages / tot_s:.2f}; "
          f"stage/plain time ratio {tot_s / tot_p:.2f} (target <= 1.5)")
    print(f"wall-clock over all runs: plain {wall['plain']:.1f} s, stage {wall['stage']:.1f} s, "
          f"ratio {wall['stage'] / wall['plain']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
