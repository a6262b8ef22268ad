"""Accuracy on real publisher PDFs: every real PDF that has a hand annotation.

Run from the repository root:  python benchmarks/real_papers.py [--report FILE.md]

Sources, all read in place (nothing is copied into the repository):
- `corpus/pdf/<doc>.pdf` with `annotations/<doc>.json` for the open-access real papers the
  corpus ships (the two typeset HER2 reviews are left out: their rules were built on them);
- `../shared/eval-pdfs/<doc>.pdf` with `../shared/gold-real/<doc>.json`, which also holds
  the two papers that are not open access and so must stay in ../shared;
- `../shared/eval-pdfs/<doc>.pdf` with `benchmarks/real_blind/<doc>.json`: papers annotated
  blind here whose PDFs may not be committed (see that folder's README).

Prints the `extract evaluate` table (micro-averaged, then one row per document). A
measurement, not a test.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TYPESET = {"000_9be4795360e6a4b5", "002_8ea926c7ac5e80ba"}  # the bundled reviews, not real layouts
EXTRACT = [sys.executable, "-m", "extract"]


def pairs() -> dict[str, tuple[Path, Path]]:
    """doc -> (pdf, gold annotation); ../shared wins where both have a document."""
    out: dict[str, tuple[Path, Path]] = {}
    for gold in sorted((ROOT / "annotations").glob("*.json")):
        pdf = ROOT / "corpus" / "pdf" / f"{gold.stem}.pdf"
        if gold.stem not in TYPESET and pdf.is_file():
            out[gold.stem] = (pdf, gold)
    blind = sorted((ROOT / "benchmarks" / "real_blind").glob("*.json"))
    for gold in sorted((SHARED / "gold-real").glob("*.json")) + blind:
        pdf = SHARED / "eval-pdfs" / f"{gold.stem}.pdf"
        if pdf.is_file():
            out[gold.stem] = (pdf, gold)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", help="also write the error report (every false positive / negative) here")
    args = ap.parse_args(argv)
    docs = pairs()
    if not docs:
        print("real_papers: no real PDF with a hand annotation found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        src, gold, out = Path(tmp) / "pdf", Path(tmp) / "gold", Path(tmp) / "out"
        src.mkdir()
        gold.mkdir()
        for doc, (pdf, ann) in docs.items():
            (src / pdf.name).symlink_to(pdf.resolve())
            shutil.copy(ann, gold / ann.name)
        subprocess.run([*EXTRACT, "ingest", str(src), "--out", str(out), "--quiet", "--force"], check=True)
        cmd = [*EXTRACT, "evaluate", "--pred", str(out), "--gold", str(gold)]
        if args.report:
            cmd += ["--report", args.report]
        print(f"Real publisher PDFs with hand annotations: {len(docs)} ({', '.join(docs)})\n")
        return subprocess.run(cmd).returncode


if __name__ == "__main__":
    raise SystemExit(main())
