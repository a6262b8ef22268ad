"""How faithfully the PDF stage reads the corpus PDFs (and whether it survives real ones).

Measures, for each corpus/pdf/<doc>.pdf against corpus/text/<doc>.txt (the text it
was typeset from), on alphanumeric word tokens (`corpus/source.py:words_of`):
- recall / precision of the word multiset (superscripts excluded on both sides:
  the source's `source_words` leaves them out, and so do we here);
- reading order: longest common subsequence of the word sequences / source words;
- furniture leaks: running header/footer lines (3-word shingles) or page numbers
  found in the body text but not in the source;
- table cells: each source table row is matched to the output table row sharing
  most cells; the share of source cells equal to their matched cell.
With --eval DIR it also reads every PDF there and prints pages, words, tables,
seconds, or the one-line error.

Run: .venv/bin/python benchmarks/pdf_fidelity.py [--eval ../shared/eval-pdfs]
It prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import bisect
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "corpus"))

from source import parse_source, source_words, words_of  # noqa: E402

from extract.errors import InputError  # noqa: E402
from extract.pdf import read_pdf  # noqa: E402

def lcs_length(a: list[str], b: list[str]) -> int:
    """Hunt-Szymanski LCS length (fast when few positions match)."""
    where: dict[str, list[int]] = defaultdict(list)
    for j, w in enumerate(b):
        where[w].append(j)
    tails: list[int] = []
    for w in a:
        for j in reversed(where.get(w, ())):
            k = bisect.bisect_left(tails, j)
            if k == len(tails):
                tails.append(j)
            else:
                tails[k] = j
    return len(tails)


def body_words(doc, drop_superscripts: bool = True) -> list[str]:
    """Output words in order, superscript tokens removed (they are not source words)."""
    out: list[str] = []
    for i, block in doc.iter_blocks():
        text = block.table.render() if block.table is not None else block.text
        if drop_superscripts and block.table is None:
            text = _sup_free(block)
        out += words_of(text)
    return out


def _sup_free(block) -> str:
    """Block text without superscript letter markers ("Zagami [a,b]", "PIK3CA [mut]").

    The stage writes superscripts as "[x]" (extract/pdf/chars.render_sup); the
    source's word list leaves superscripts out, so letter markers are dropped
    here. Numeric brackets stay: in-text citations "[12]" are source words.
    """
    return re.sub(r"\[[A-Za-z*][A-Za-z,*]{0,11}\]", " ", block.text)


def _norm_cell(c: str) -> str:
    return " ".join(words_of(c)).lower()


def table_cell_accuracy(src_tables: list[list[list[str]]], out_rows: list[tuple[str, ...]]) -> tuple[int, int]:
    total = equal = 0
    out_norm = [[_norm_cell(c) for c in r] for r in out_rows]
    for table in src_tables:
        for row in table:
            cells = [_norm_cell(c) for c in row]
            total += len(cells)
            best = 0
            for orow in out_norm:
                n = sum(1 for i, c in enumerate(cells) if i < len(orow) and orow[i] == c)
                best = max(best, n)
            equal += best
    return equal, total


def furniture_leaks(doc, src_words: list[str]) -> tuple[int, list[str]]:
    body = body_words(doc)
    body_text = " " + " ".join(body) + " "
    src_text = " " + " ".join(src_words) + " "
    leaks: list[str] = []
    seen: set[str] = set()
    for block in doc.blocks:
        if block.kind != "furniture":
            continue
        ws = words_of(block.text)
        shingles = [" ".join(ws[i:i + 3]) for i in range(max(1, len(ws) - 2))] if len(ws) >= 3 else []
        for s in shingles:
            key = f" {s} "
            if key in seen:
                continue
            seen.add(key)
            if body_text.count(key) > src_text.count(key):
                leaks.append(s)
        if len(ws) == 1 and ws[0].isdigit():  # a page number
            key = f" {ws[0]} "
            if key not in seen:
                seen.add(key)
                if body_text.count(key) > src_text.count(key):
                    leaks.append(ws[0])
    return len(leaks), leaks[:10]


def corpus_report(pdf_dir: Path, text_dir: Path) -> None:
    print("## corpus PDFs vs source text (alphanumeric tokens)")
    print("| doc | pages | recall | precision | order (LCS/src) | furniture leaks | table cells | s |")
    print("|---|---|---|---|---|---|---|---|")
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        src = text_dir / f"{pdf.stem}.txt"
        if not src.exists():
            continue
        t0 = time.perf_counter()
        doc = read_pdf(pdf)
        secs = time.perf_counter() - t0
        sw = source_words(src)
        ow = body_words(doc)
        sc, oc = Counter(sw), Counter(ow)
        common = sum((sc & oc).values())
        recall = common / max(1, len(sw))
        precision = common / max(1, len(ow))
        order = lcs_length(ow, sw) / max(1, len(sw))
        n_leaks, leaks = furniture_leaks(doc, sw)
        src_tables = [b.rows for b in parse_source(src) if b.kind == "table"]
        out_rows = [r for b in doc.blocks if b.table is not None for r in b.table.rows]
        eq, tot = table_cell_accuracy(src_tables, out_rows)
        cells = f"{eq / tot:.3f} ({eq}/{tot})" if tot else "n/a"
        print(f"| {pdf.stem} | {doc.n_pages} | {recall:.4f} | {precision:.4f} | {order:.4f} | {n_leaks} | {cells} | {secs:.2f} |")
        missing = (sc - oc).most_common(12)
        extra = (oc - sc).most_common(12)
        print(f"<!-- missing: {missing} -->")
        print(f"<!-- extra: {extra} -->")
        if leaks:
            print(f"<!-- leaks: {leaks} -->")


def xml_words(path: Path) -> list[str]:
    """Words of the abstract and body of a publisher XML (BMC article.dtd or JATS)."""
    import xml.etree.ElementTree as ET

    raw = path.read_text(encoding="utf-8", errors="replace")
    raw = re.sub(r"<!DOCTYPE[^>]*>", "", raw)
    root = ET.fromstring(raw)
    parts = []
    for tag in ("abs", "abstract", "bdy", "body"):
        for el in root.iter(tag):
            parts.append(" ".join(el.itertext()))
    return words_of(" ".join(parts))


def eval_report(folder: Path) -> None:
    print()
    print(f"## {folder}")
    print("| file | pages | words | tables | furniture blocks | s | result |")
    print("|---|---|---|---|---|---|---|")
    xml_lines: list[str] = []
    for pdf in sorted(folder.glob("*.pdf")):
        t0 = time.perf_counter()
        try:
            doc = read_pdf(pdf)
        except InputError as exc:
            print(f"| {pdf.name} | | | | | {time.perf_counter() - t0:.2f} | error: {exc.problem} |")
            continue
        secs = time.perf_counter() - t0
        n_words = len(words_of(doc.text))
        n_tables = sum(1 for b in doc.blocks if b.kind == "table")
        n_furn = sum(1 for b in doc.blocks if b.kind == "furniture")
        print(f"| {pdf.name} | {doc.n_pages} | {n_words} | {n_tables} | {n_furn} | {secs:.2f} | text |")
        xml = pdf.with_suffix(".xml")
        if xml.exists():
            xw = xml_words(xml)
            ow = body_words(doc)
            common = sum((Counter(xw) & Counter(ow)).values())
            order = lcs_length(ow, xw) / max(1, len(xw))
            xml_lines.append(f"{pdf.name} vs its publisher XML (abstract + body, {len(xw)} words): "
                             f"recall {common / max(1, len(xw)):.4f}, order (LCS/XML words) {order:.4f}")
    if xml_lines:
        print()
        for line in xml_lines:
            print(line)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pdf-dir", default=str(ROOT / "corpus" / "pdf"))
    ap.add_argument("--text-dir", default=str(ROOT / "corpus" / "text"))
    ap.add_argument("--eval", default=None, metavar="DIR", help="also read every PDF in DIR")
    ap.add_argument("--backend", choices=("pdfplumber", "pdfium"), default=None,
                    help="PDF backend (default: the package default)")
    args = ap.parse_args(argv)
    if args.backend:
        import os

        os.environ["EXTRACT_PDF_BACKEND"] = args.backend
    corpus_report(Path(args.pdf_dir), Path(args.text_dir))
    if args.eval:
        eval_report(Path(args.eval))
    return 0


if __name__ == "__main__":
    sys.exit(main())
