"""Time and size of `extract review` per document, and the README's screenshots.

Ingests the given PDFs (default: corpus/pdf), reviews them against annotations/, and prints
per document: pages, boxed outcomes, seconds for the review (rendering included; a second run
reuses the images), the HTML size and the size of its page images. With --screenshots DOC...,
Debian's chromium (through playwright) clicks one outcome row of each named document and saves
a PNG in docs/.

    python benchmarks/review_pages.py [--screenshots 002_8ea926c7ac5e80ba rct_moxidectin_lancet2018]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def screenshot(page_file: Path, pick: int, dest: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1280, "height": 760})
        tab.goto(page_file.as_uri())
        tab.click(f"#o{pick}")
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(dest))
        browser.close()
    try:  # keep the repository's PNGs small
        from PIL import Image

        img = Image.open(dest)
        img.convert("P", palette=Image.ADAPTIVE, colors=128).save(dest, optimize=True)
    except Exception:
        pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--screenshots", nargs="*", default=[], metavar="DOC")
    args = ap.parse_args(argv)
    from extract.cli import main as cli
    from extract.review import build_view
    from extract.review_html import document_page

    pdfs = args.pdfs or sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / "in", Path(tmp) / "out"
        inp.mkdir()
        for p in pdfs:
            shutil.copy(p, inp / p.name)
        cli(["ingest", str(inp), "--out", str(out), "--quiet"])
        review = out / "review"
        review.mkdir()
        print(f"{'document':36} {'pages':>5} {'boxed':>6} {'first s':>8} {'again s':>8} {'html KB':>8} {'images MB':>9}")
        for p in pdfs:
            rec = json.loads((out / f"{p.stem}.json").read_text())
            runs = []
            for _ in range(2):
                t0 = time.perf_counter()
                view = build_view(p.stem, rec, review, ROOT / "annotations")
                (review / f"{p.stem}.html").write_text(document_page(view), encoding="utf-8")
                runs.append(time.perf_counter() - t0)
            boxed = sum(1 for t in rec["trials"] for o in t["outcomes"] if o.get("bbox"))
            images = sum(f.stat().st_size for f in (review / "pages").glob(f"{p.stem}-p*.jpg"))
            print(f"{p.stem[:36]:36} {rec.get('pages', 0):5} {boxed:6} {runs[0]:8.2f} {runs[1]:8.2f} "
                  f"{(review / f'{p.stem}.html').stat().st_size / 1024:8.0f} {images / 1e6:9.2f}")
        for doc in args.screenshots:
            rec = json.loads((out / f"{doc}.json").read_text())
            outs = [o for t in rec["trials"] for o in t["outcomes"]]
            pick = next(i for i, o in enumerate(outs, 1) if o.get("bbox") and o.get("statistic") in ("HR", "n", None)
                        and i > 2)
            dest = ROOT / "docs" / f"review-{doc}.png"
            dest.parent.mkdir(exist_ok=True)
            screenshot(review / f"{doc}.html", pick, dest)
            print(f"wrote {dest.relative_to(ROOT)} ({dest.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
