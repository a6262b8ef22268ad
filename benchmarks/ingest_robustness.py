"""The robustness table: bad and good inputs in one `extract ingest` run, with the
real pipeline; prints input | file | outcome | stage | message (markdown).

    .venv/bin/python benchmarks/ingest_robustness.py [--pages 300] [--long-copies 50] [--text-mb 5]

Besides the damaged files: a corpus article repeated --long-copies times, a
plain-text file of --text-mb MB, a stray MANIFEST.md beside the PDFs (then a
second run with --glob '*.pdf' that leaves it out), and file names holding a
newline and a control byte.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def main(argv=None) -> int:
    import pytest

    from extract.ingest import ingest
    from test_ingest_helpers import lock, make_robustness_inputs

    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300, help="pages of the long PDF")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--long-copies", type=int, default=50, help="copies of a corpus article in the long PDF (0: none)")
    ap.add_argument("--text-mb", type=float, default=5.0, help="size of the long plain-text file (0: none)")
    args = ap.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="ingest-robust-"))
    paths = make_robustness_inputs(root, big_pages=args.pages)
    paths.update(_long_and_odd_inputs(root / "in", args.long_copies, args.text_mb))
    mp = pytest.MonkeyPatch()
    err = io.StringIO()
    try:
        lock(paths["unreadable"], mp)
        t0 = time.perf_counter()
        s = ingest([root / "in"], root / "out", jobs=args.jobs, quiet=True, stderr=err)
        wall = time.perf_counter() - t0
    finally:
        mp.undo()
    from extract.errors import readable, safe_name

    by_doc_msg = {(e["doc"], e["message"]): e for e in s.errors}
    secs = {r["doc"]: r.get("seconds") for r in s.results if r.get("ok")}
    print("| input | file | outcome | stage | message |")
    print("|---|---|---|---|---|")
    for label, p in paths.items():
        shown = readable(str(p))
        name = readable(p.name).replace("|", "\\|")
        hit = next((e for (d, m), e in by_doc_msg.items() if m.startswith(shown + ":")), None)
        if hit:
            msg = hit["message"].replace(readable(str(root / "in")) + "/", "").replace("|", "\\|")
            print(f"| {label} | {name} | reported | {hit['stage']} | {msg} |")
        elif safe_name(p.stem) in s.succeeded:
            t = secs.get(safe_name(p.stem))
            note = f"{t:.1f} s" if t is not None else ""
            if safe_name(p.stem) != p.stem:
                note += f"; outputs named {safe_name(p.stem)!r}"
            print(f"| {label} | {name} | ok | - | {note} |")
        else:
            print(f"| {label} | {p.name} | MISSING | - | not in output nor errors |")
    print(f"\n{len(s.succeeded)} ok, {len(s.errors)} reported, {wall:.1f} s; "
          f"traceback on stderr: {'yes' if 'Traceback' in err.getvalue() else 'no'}; "
          f"control bytes on stderr or in errors.csv: {'yes' if _has_control(err.getvalue(), root) else 'no'}")
    from extract.batch.inputs import describe_selection

    print(f"summary line of the folder: {describe_selection(s.selection)}")
    if "stray MANIFEST.md" in paths:
        again = ingest([root / "in"], root / "out-glob", jobs=args.jobs, quiet=True, stderr=io.StringIO(),
                       globs=["*.pdf"], fn=_no_pipeline)
        print(f"with --glob '*.pdf': {describe_selection(again.selection)}; MANIFEST taken: "
              f"{'yes' if 'MANIFEST' in again.succeeded else 'no'}")
    return 0


def _no_pipeline(path: str, doc_id: str, model=None):
    """The second run only shows what the folder gives: no document is processed."""
    from extract.records import DocumentRecord

    return DocumentRecord(doc=doc_id, source=path)


def _has_control(stderr: str, root: Path) -> bool:
    from extract.errors import CONTROL

    text = stderr + (root / "out" / "errors.csv").read_text(encoding="utf-8", errors="replace")
    return bool(CONTROL.search(text))


def _long_and_odd_inputs(src: Path, copies: int, text_mb: float) -> dict[str, Path]:
    out: dict[str, Path] = {}
    article = REPO / "corpus" / "pdf" / "000_9be4795360e6a4b5.pdf"
    if copies:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from long_documents import repeat_pdf

        out[f"corpus article x{copies}"] = repeat_pdf(article, copies, src / "repeated.pdf")
    if text_mb:
        from extract.reader import load_document

        one = load_document(article).text
        n = max(1, int(text_mb * 1e6 // (len(one.encode("utf-8")) + 2)))
        out[f"{text_mb:g} MB plain text"] = src / "big.txt"
        out[f"{text_mb:g} MB plain text"].write_text("\n\n".join([one] * n), encoding="utf-8")
    out["stray MANIFEST.md"] = src / "MANIFEST.md"
    out["stray MANIFEST.md"].write_text("# Manifest\n\nFiles fetched from GitHub on 2026-11-30.\n", encoding="utf-8")
    good = src / "good.pdf"
    for label, name in (("newline in name", "two\nlines.pdf"), ("control byte in name", "bell\x07.pdf")):
        out[label] = src / name
        out[label].write_bytes(good.read_bytes())
    return out


if __name__ == "__main__":
    sys.exit(main())
