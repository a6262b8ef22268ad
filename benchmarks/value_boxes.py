"""How exactly the provenance boxes enclose their values (issue 11's figure).

For every outcome of every PDF, the characters pdfplumber reports inside the outcome's `bbox`
(centre inside, spaces dropped, normalised like the text stage; compared as a multiset, so
rotated tables count too) are compared with the value's characters as printed; for every entity mention, with the
mention's text. Prints per document: outcomes, with a box, exact; mentions, with a box, exact.

    python benchmarks/value_boxes.py [PDF ...]   # default: corpus/pdf and ../shared/gold-real's PDFs
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def inside_text(page, box) -> str:
    from extract.normalize import normalize_text

    x0, top, x1, bottom = box
    chars = [c for c in page.chars if x0 - 0.5 <= (c["x0"] + c["x1"]) / 2 <= x1 + 0.5
             and top - 0.5 <= (c["top"] + c["bottom"]) / 2 <= bottom + 0.5]
    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
    return normalize_text("".join(c["text"] for c in chars)).replace(" ", "")


def check(path: Path, pipe) -> dict:
    import pdfplumber

    from extract.provenance import value_span
    from extract.reader import load_document

    dt = load_document(path)
    rec = pipe.process_text(dt)
    out = {"doc": path.stem, "outcomes": 0, "o_box": 0, "o_exact": 0, "mentions": 0, "m_box": 0, "m_exact": 0}
    bad: list[str] = []
    with pdfplumber.open(path) as pdf:
        for t in rec.trials:
            for o in t.outcomes:
                out["outcomes"] += 1
                if not o.bbox:
                    continue
                out["o_box"] += 1
                span = value_span(dt.text, o.at, o.value)
                want = dt.text[span[0]:span[1]].replace(" ", "") if span else ""
                got = inside_text(pdf.pages[o.page - 1], o.bbox)
                if sorted(got) == sorted(want):
                    out["o_exact"] += 1
                elif len(bad) < 5:
                    bad.append(f"value {want!r} boxed {got[:40]!r} (page {o.page})")
        for m in rec.mentions:
            out["mentions"] += 1
            if not m.bbox:
                continue
            out["m_box"] += 1
            if sorted(inside_text(pdf.pages[m.page - 1], m.bbox)) == sorted(m.text.replace(" ", "").replace("\n", "")):
                out["m_exact"] += 1
    out["bad"] = bad
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--show", action="store_true", help="print a few mismatches per document")
    ap.add_argument("--backend", choices=("pdfplumber", "pdfium"), default=None,
                    help="PDF backend of the stage whose boxes are checked (the check itself reads "
                         "pdfplumber's chars); default: the package default")
    args = ap.parse_args(argv)
    if args.backend:
        import os

        os.environ["EXTRACT_PDF_BACKEND"] = args.backend
    pdfs = args.pdfs
    if not pdfs:
        gold = ROOT.parent / "shared" / "gold-real"
        evals = ROOT.parent / "shared" / "eval-pdfs"
        pdfs = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
        pdfs += [evals / f"{g.stem}.pdf" for g in sorted(gold.glob("*.json"))
                 if (evals / f"{g.stem}.pdf").exists() and not (ROOT / "corpus" / "pdf" / f"{g.stem}.pdf").exists()]
    from extract.pipeline import Pipeline

    pipe = Pipeline()
    tot = dict.fromkeys(("outcomes", "o_box", "o_exact", "mentions", "m_box", "m_exact"), 0)
    print(f"{'document':36} {'outcomes':>8} {'boxed':>6} {'exact':>6} {'mentions':>8} {'boxed':>6} {'exact':>6}")
    t0 = time.perf_counter()
    for p in pdfs:
        r = check(p, pipe)
        for k in tot:
            tot[k] += r[k]
        print(f"{r['doc'][:36]:36} {r['outcomes']:8} {r['o_box']:6} {r['o_exact']:6} "
              f"{r['mentions']:8} {r['m_box']:6} {r['m_exact']:6}")
        if args.show:
            for b in r["bad"]:
                print("    ", b)
    share = lambda a, b: f"{a / b:.1%}" if b else "-"  # noqa: E731
    print(f"{'all':36} {tot['outcomes']:8} {tot['o_box']:6} {tot['o_exact']:6} "
          f"{tot['mentions']:8} {tot['m_box']:6} {tot['m_exact']:6}")
    print(f"outcomes with a box {share(tot['o_box'], tot['outcomes'])}, exact {share(tot['o_exact'], tot['outcomes'])} "
          f"of all; mentions with a box {share(tot['m_box'], tot['mentions'])}, exact "
          f"{share(tot['m_exact'], tot['mentions'])} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
