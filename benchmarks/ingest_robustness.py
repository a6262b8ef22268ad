"""The robustness table: bad and good inputs in one `extract ingest` run, with the
real pipeline; prints input | file | outcome | stage | message (markdown).

    .venv/bin/python benchmarks/ingest_robustness.py [--pages 300]
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
    args = ap.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="ingest-robust-"))
    paths = make_robustness_inputs(root, big_pages=args.pages)
    mp = pytest.MonkeyPatch()
    err = io.StringIO()
    try:
        lock(paths["unreadable"], mp)
        t0 = time.perf_counter()
        s = ingest([root / "in"], root / "out", jobs=args.jobs, quiet=True, stderr=err)
        wall = time.perf_counter() - t0
    finally:
        mp.undo()
    by_doc_msg = {(e["doc"], e["message"]): e for e in s.errors}
    secs = {r["doc"]: r.get("seconds") for r in s.results if r.get("ok")}
    print("| input | file | outcome | stage | message |")
    print("|---|---|---|---|---|")
    for label, p in paths.items():
        hit = next((e for (d, m), e in by_doc_msg.items() if m.startswith(str(p) + ":")), None)
        if hit:
            msg = hit["message"].replace(str(root / "in") + "/", "").replace("|", "\\|")
            print(f"| {label} | {p.name} | reported | {hit['stage']} | {msg} |")
        elif p.stem in s.succeeded:
            t = secs.get(p.stem)
            print(f"| {label} | {p.name} | ok | - | {'' if t is None else f'{t:.1f} s'} |")
        else:
            print(f"| {label} | {p.name} | MISSING | - | not in output nor errors |")
    print(f"\n{len(s.succeeded)} ok, {len(s.errors)} reported, {wall:.1f} s; "
          f"traceback on stderr: {'yes' if 'Traceback' in err.getvalue() else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
