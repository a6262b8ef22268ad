"""Documents of any length: one corpus PDF repeated to 20, 200 and 1,000 pages, and a
plain-text file of several MB, each through the whole pipeline in a fresh process.

Prints, per input: pages, characters, NLP pieces, seconds (read / NLP / relations),
pages/s, peak RSS of the process, and whether the repeated document yields the
same trials and the same (trial, endpoint, statistic, value) outcomes as one copy.

    .venv/bin/python benchmarks/long_documents.py [--pages 20 200 1000] [--source corpus/pdf/000_....pdf]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO / "corpus" / "pdf" / "000_9be4795360e6a4b5.pdf"


def repeat_pdf(source: Path, copies: int, out: Path) -> Path:
    """`copies` copies of `source`, one after the other (pikepdf)."""
    import pikepdf

    with pikepdf.open(source) as src, pikepdf.new() as dst:
        for _ in range(copies):
            dst.pages.extend(src.pages)
        dst.save(out)
    return out


def child(path: str) -> int:
    """Run one document in this (fresh) process and print what it gave as JSON."""
    import resource

    from extract.pipeline import Pipeline
    from extract.reader import load_document

    pipe = Pipeline()
    pipe.nlp  # start-up is not part of the document's time
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    dt = load_document(path)
    t1 = time.perf_counter()
    timings: dict = {}
    rec = pipe.process_text(dt, timings)
    from extract.export import record_json_bytes

    json_bytes = len(record_json_bytes(rec))  # what a worker sends back (peak RSS includes it)
    t2 = time.perf_counter()
    print(json.dumps({
        "pages": dt.n_pages, "chars": len(dt.text), "pieces": timings["pieces"],
        "read": t1 - t0, "nlp": timings.get("nlp", 0.0), "relations": timings.get("relations", 0.0),
        "seconds": t2 - t0, "json_mb": json_bytes / 1e6, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "start_rss_mb": base_rss,
        "trials": sorted({t.key for t in rec.trials}),
        "outcomes": sorted({json.dumps([t.key, o.endpoint, o.statistic, o.value]) for t in rec.trials
                            for o in t.outcomes}),
    }))
    return 0


def run(path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                         cwd=REPO, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{path}: child failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[20, 200, 1000])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the PDF to repeat")
    ap.add_argument("--text-mb", type=float, default=5.0, help="size of the plain-text input (0: none)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child)
    import pikepdf

    tmp = Path(tempfile.mkdtemp(prefix="long-docs-"))
    with pikepdf.open(args.source) as src:
        per_copy = len(src.pages)
    inputs = [("one copy", tmp / "copy1.pdf", 1)]
    repeat_pdf(args.source, 1, inputs[0][1])
    for n in args.pages:
        copies = max(1, round(n / per_copy))
        inputs.append((f"{copies * per_copy} pages", repeat_pdf(args.source, copies, tmp / f"rep{copies}.pdf"), copies))
    if args.text_mb > 0:
        from extract.reader import load_document

        one = load_document(args.source).text
        (tmp / "copy1.txt").write_text(one, encoding="utf-8")
        copies = max(1, int(args.text_mb * 1e6 // (len(one.encode("utf-8")) + 2)))
        (tmp / "long.txt").write_text("\n\n".join([one] * copies), encoding="utf-8")
        inputs += [("text, one copy", tmp / "copy1.txt", 1), (f"text, {args.text_mb:g} MB", tmp / "long.txt", copies)]

    print(f"source: {args.source.relative_to(REPO) if args.source.is_relative_to(REPO) else args.source} "
          f"({per_copy} pages), each input in a fresh process (pipeline built first: start-up excluded "
          "from the seconds, included in the RSS), the record serialised as a worker does\n")
    print("| input | pages | chars | pieces | read s | NLP s | relations s | total s | pages/s | chars/ms "
          "| JSON MB | peak RSS MB | same trials | same outcomes |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    ref: dict[str, dict] = {}
    for label, path, copies in inputs:
        r = run(path)
        kind = "txt" if path.suffix == ".txt" else "pdf"
        if copies == 1:
            ref[kind] = r
        base = ref.get(kind)
        same_t = "ref" if copies == 1 else ("yes" if base and r["trials"] == base["trials"] else
                                            f"no ({len(r['trials'])} vs {len(base['trials'])})")
        same_o = "ref" if copies == 1 else ("yes" if base and r["outcomes"] == base["outcomes"] else
                                            f"no ({len(r['outcomes'])} vs {len(base['outcomes'])})")
        pps = r["pages"] / r["seconds"] if r["seconds"] else 0.0
        print(f"| {label} | {r['pages']} | {r['chars']:,} | {r['pieces']} | {r['read']:.1f} | {r['nlp']:.1f} "
              f"| {r['relations']:.1f} | {r['seconds']:.1f} | {pps:.2f} | {r['chars'] / r['seconds'] / 1000:.1f} "
              f"| {r['json_mb']:.1f} | {r['rss_mb']:.0f} | {same_t} | {same_o} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
