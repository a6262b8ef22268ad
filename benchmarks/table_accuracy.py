"""Table finding figures: corpus cell accuracy, tables found on real PDFs, seconds per page.

Usage: python benchmarks/table_accuracy.py [--corpus corpus] [--eval /work/shared/eval-pdfs] [--runs 3]

Cell accuracy: the corpus source tables (corpus/source.py `parse_source`; a table
continued under a repeated header is one logical table) against the stitched
tables found in the corpus PDF; each source cell counts when the extracted cell
at the same (row, col) is equal after whitespace and Unicode (NFKC)
normalisation. Superscripts in source cells are expected as separate tokens
("PIK3CA mut"), which is how the PDF stage keeps them. A benchmark: it prints
figures and never fails.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from pathlib import Path

import pdfplumber

from extract.pdf.tables import find_tables, stitch_tables


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def source_tables(src_path: Path, corpus: Path) -> list[list[list[str]]]:
    sys.path.insert(0, str(corpus))
    from source import parse_source  # type: ignore

    logical: list[list[list[str]]] = []
    for block in parse_source(src_path):
        if block.kind != "table" or not block.rows:
            continue
        rows = []
        for r, cells in enumerate(block.rows):
            runs = block.cell_runs[r] if r < len(block.cell_runs) else []
            row = []
            for c, text in enumerate(cells):
                if c < len(runs) and runs[c]:
                    text = " ".join((" " + run.text + " ") if run.style == "sup" else run.text
                                    for run in runs[c] if run.text != "\n")
                row.append(norm(text))
            rows.append(row)
        if logical and [norm(c) for c in logical[-1][0]] == rows[0]:
            logical[-1].extend(rows[1:])  # a continuation under the repeated header
        else:
            logical.append(rows)
    return logical


def extract(pdf_path: Path) -> tuple[list, int, float]:
    with pdfplumber.open(pdf_path) as pdf:
        per = []
        t0 = time.perf_counter()
        for page in pdf.pages:
            per.append((page.page_number, find_tables(page)))
        return stitch_tables(per), len(pdf.pages), time.perf_counter() - t0


def accuracy(src: list[list[str]], got: list[list[str]]) -> tuple[int, int]:
    total = ok = 0
    for r, row in enumerate(src):
        for c, cell in enumerate(row):
            total += 1
            if r < len(got) and c < len(got[r]) and norm(got[r][c]) == cell:
                ok += 1
    return ok, total


def corpus_figures(corpus: Path) -> None:
    print("== corpus cell accuracy (source tables vs stitched extracted tables)")
    all_ok = all_total = 0
    for pdf_path in sorted((corpus / "pdf").glob("*.pdf")):
        src_path = corpus / "text" / (pdf_path.stem + ".txt")
        if not src_path.exists():
            src_path = next((corpus / "text").glob(pdf_path.stem + ".*"), src_path)
        expected = source_tables(src_path, corpus)
        found, pages, secs = extract(pdf_path)
        got = [t.rows for t in found]
        used: set[int] = set()
        for k, src in enumerate(expected):
            best, best_ok, total = -1, -1, 0
            for j, g in enumerate(got):
                if j in used:
                    continue
                ok, total = accuracy(src, g)
                if ok > best_ok:
                    best, best_ok = j, ok
            total = sum(len(r) for r in src)
            best_ok = max(best_ok, 0)
            if best >= 0:
                used.add(best)
            shape = f"{len(got[best])}x{len(got[best][0])} pages {found[best].pages}" if best >= 0 else "none"
            print(f"  {pdf_path.name} table {k + 1}: source {len(src)}x{len(src[0])}, found {shape}: "
                  f"{best_ok}/{total} = {best_ok / total:.3f}")
            all_ok += best_ok
            all_total += total
        print(f"  {pdf_path.name}: {len(found)} tables found, {pages} pages, {secs / pages:.3f} s/page")
    if all_total:
        print(f"  ALL: {all_ok}/{all_total} = {all_ok / all_total:.3f} (target >= 0.98)")


def eval_figures(folder: Path, runs: int) -> None:
    print(f"== tables found on {folder} (median of {runs} runs; find_tables alone, words extracted "
          "inside, vs plain page.extract_text())")
    tot_t = tot_plain = 0.0
    tot_pages = 0
    for pdf_path in sorted(folder.glob("*.pdf")):
        times, plain = [], []
        found: list = []
        pages = 0
        for _ in range(runs):
            with pdfplumber.open(pdf_path) as pdf:
                t0 = time.perf_counter()
                for page in pdf.pages:
                    page.extract_text()
                plain.append(time.perf_counter() - t0)
            found, pages, secs = extract(pdf_path)
            times.append(secs)
        t, pl = statistics.median(times), statistics.median(plain)
        tot_t += t
        tot_plain += pl
        tot_pages += pages
        shapes = ", ".join(f"p{'-'.join(map(str, s.pages))}:{len(s.rows)}x{max(len(r) for r in s.rows)}"
                           for s in found)
        print(f"  {pdf_path.name}: {pages} pages, {len(found)} tables [{shapes}] "
              f"{t / pages:.3f} s/page (plain extract_text {pl / pages:.3f})")
    if tot_pages:
        print(f"  ALL: {tot_pages} pages, tables {tot_t / tot_pages:.3f} s/page, "
              f"plain extract_text {tot_plain / tot_pages:.3f} s/page, ratio {tot_t / tot_plain:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "corpus")
    ap.add_argument("--eval", type=Path, default=Path("/work/shared/eval-pdfs"))
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    corpus_figures(args.corpus)
    if args.eval.is_dir():
        eval_figures(args.eval, args.runs)


if __name__ == "__main__":
    main()
