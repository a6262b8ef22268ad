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
    """find_tables on every page of the chosen PDF backend (--backend), then stitching."""
    from extract.pdf.backends import open_pdf

    pdf = open_pdf(pdf_path)
    try:
        pages = pdf.pages
        per = []
        t0 = time.perf_counter()
        for i in range(len(pages)):
            page = pages[i]
            per.append((page.page_number, find_tables(page)))
            page.close()
        return stitch_tables(per), len(pages), time.perf_counter() - t0
    finally:
        pdf.close()


def accuracy(src: list[list[str]], got: list[list[str]]) -> tuple[int, int]:
    total = ok = 0
    for r, row in enumerate(src):
        for c, cell in enumerate(row):
            total += 1
            if r < len(got) and c < len(got[r]) and norm(got[r][c]) == cell:
                ok += 1
    return ok, total


def via_stage(pdf_path: Path) -> tuple[list, int, float]:
    """Tables as the whole PDF stage emits them (find_tables on the stage's own words)."""
    from types import SimpleNamespace

    from extract.reader import load_document

    t0 = time.perf_counter()
    doc = load_document(pdf_path)
    secs = time.perf_counter() - t0
    found = [SimpleNamespace(rows=[list(r) for r in b.table.rows], pages=b.table.pages or (b.page,))
             for b in doc.blocks if b.table is not None]
    return found, doc.n_pages, secs


def corpus_figures(corpus: Path, stage: bool = False) -> None:
    how = "the PDF stage's table blocks" if stage else "find_tables + stitch_tables"
    print(f"== corpus cell accuracy (source tables vs {how})")
    all_ok = all_total = 0
    for pdf_path in sorted((corpus / "pdf").glob("*.pdf")):
        src_path = corpus / "text" / (pdf_path.stem + ".txt")
        if not src_path.exists():
            src_path = next((corpus / "text").glob(pdf_path.stem + ".*"), src_path)
        if not src_path.exists():
            continue  # a real publisher PDF: no source text to compare against
        expected = source_tables(src_path, corpus)
        found, pages, secs = via_stage(pdf_path) if stage else extract(pdf_path)
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


def _timed_pass(pdf_path: Path) -> tuple[list, int, float, float]:
    """Stitched tables, pages, seconds of find_tables given the page's words, and seconds
    of find_tables extracting words itself (each on a freshly opened PDF)."""
    with pdfplumber.open(pdf_path) as pdf:
        given = 0.0
        per = []
        for page in pdf.pages:
            words = page.extract_words(x_tolerance_ratio=0.15, extra_attrs=["size", "fontname"])
            t0 = time.perf_counter()
            per.append((page.page_number, find_tables(page, words=words)))
            given += time.perf_counter() - t0
    found, pages, alone = extract(pdf_path)
    return stitch_tables(per), pages, given, alone


def eval_figures(folder: Path, runs: int) -> None:
    print(f"== tables found on {folder}; seconds per page, median of {runs} interleaved runs:")
    print("   plain = page.extract_text(); tables(words) = find_tables given the page's words "
          "(how the stage calls it); tables(alone) = find_tables extracting words itself")
    tot = {"plain": 0.0, "given": 0.0, "alone": 0.0}
    tot_pages = 0
    for pdf_path in sorted(folder.glob("*.pdf")):
        times: dict[str, list[float]] = {"plain": [], "given": [], "alone": []}
        found: list = []
        pages = 0
        for _ in range(runs):
            with pdfplumber.open(pdf_path) as pdf:
                t0 = time.perf_counter()
                for page in pdf.pages:
                    page.extract_text()
                times["plain"].append(time.perf_counter() - t0)
            found, pages, given, alone = _timed_pass(pdf_path)
            times["given"].append(given)
            times["alone"].append(alone)
        med = {k: statistics.median(v) for k, v in times.items()}
        for k in tot:
            tot[k] += med[k]
        tot_pages += pages
        shapes = ", ".join(f"p{'-'.join(map(str, s.pages))}:{len(s.rows)}x{max(len(r) for r in s.rows)}"
                           for s in found)
        print(f"  {pdf_path.name}: {pages} pages, {len(found)} tables [{shapes}]; plain "
              f"{med['plain'] / pages:.3f}, tables(words) {med['given'] / pages:.3f}, "
              f"tables(alone) {med['alone'] / pages:.3f}")
    if tot_pages:
        print(f"  ALL: {tot_pages} pages; plain {tot['plain'] / tot_pages:.3f} s/page, "
              f"tables(words) {tot['given'] / tot_pages:.3f} s/page = {tot['given'] / tot['plain']:.2f}x plain, "
              f"tables(alone) {tot['alone'] / tot_pages:.3f} s/page = {tot['alone'] / tot['plain']:.2f}x plain")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "corpus")
    ap.add_argument("--eval", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval-pdfs")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--backend", choices=("pdfplumber", "pdfium"), default=None,
                    help="PDF backend of the corpus figures (default: the package default); the eval "
                         "timings always compare pdfplumber pages")
    ap.add_argument("--no-eval", action="store_true", help="corpus figures only")
    args = ap.parse_args()
    if args.backend:
        import os

        os.environ["EXTRACT_PDF_BACKEND"] = args.backend
    corpus_figures(args.corpus)
    try:
        corpus_figures(args.corpus, stage=True)
    except ImportError as exc:
        print(f"  (PDF stage not available: {exc})")
    if args.eval.is_dir() and not args.no_eval:
        eval_figures(args.eval, args.runs)


if __name__ == "__main__":
    main()
