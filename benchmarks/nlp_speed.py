"""Speed of the entity layer: pipeline load time and words/second of the NLP stage.

Usage: python benchmarks/nlp_speed.py [PATH ...] [--runs 5] [--model NAME]

- load time: `build_nlp()` in a fresh interpreter (imports included), median of
  --runs, with the drug-lexicon cache warm; plus one cold build with the cache
  disabled (EXTRACT_NO_CACHE=1), which is what a first run on a machine costs.
- NLP stage: annotate + collect_entities on each document (default: the corpus
  texts, read once with extract.reader.load_document), median over --runs
  passes; words = whitespace-separated words of the document text.
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_LOAD_SNIPPET = (
    "import time; t=time.perf_counter(); from extract.nlp import build_nlp; "
    "build_nlp({model!r}); print(time.perf_counter()-t)"
)


def load_time(model: str | None, cold: bool = False) -> float:
    env = dict(os.environ)
    if cold:
        env["EXTRACT_NO_CACHE"] = "1"
    out = subprocess.run([sys.executable, "-c", _LOAD_SNIPPET.format(model=model)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--model", default=None)
    ap.add_argument("--no-cold", action="store_true", help="skip the cold (no cache) load measurement")
    args = ap.parse_args(argv)

    from extract.nlp import annotate, build_nlp, collect_entities
    from extract.reader import load_document

    loads = [load_time(args.model) for _ in range(args.runs)]
    print(f"pipeline load (warm lexicon cache, fresh process): median {statistics.median(loads):.2f} s "
          f"(min {min(loads):.2f}, max {max(loads):.2f}, n={len(loads)})")
    if not args.no_cold:
        print(f"pipeline load (cold, EXTRACT_NO_CACHE=1): {load_time(args.model, cold=True):.2f} s")

    t0 = time.perf_counter()
    nlp = build_nlp(args.model)
    print(f"pipeline load (this process): {time.perf_counter() - t0:.2f} s")
    paths = [Path(p) for p in args.paths] or sorted((ROOT / "corpus" / "text").glob("*.txt"))
    docs = [load_document(p) for p in paths]
    words = sum(len(d.text.split()) for d in docs)
    annotate(nlp, docs[0])  # warm-up (first-call allocations)
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        for d in docs:
            collect_entities(annotate(nlp, d), d)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(f"NLP stage: {len(docs)} documents, {words} words; median {med:.3f} s per pass "
          f"-> {words / med:,.0f} words/s (runs: {', '.join(f'{x:.3f}' for x in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
