"""Entity-only predictions for scoring the NER layer before relations exist.

Usage: python benchmarks/nlp_predict.py [PATH ...] [--out /tmp/nerpred] [--model NAME]
Reads each document (default: corpus/text/*.txt) with extract.reader.load_document,
runs build_nlp/annotate/collect_entities, and writes DocumentRecord JSON
(entities only) to OUT/<doc>.json, ready for `extract evaluate --pred OUT`.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--out", default="/tmp/nerpred")
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    from extract.nlp import annotate, build_nlp, collect_entities
    from extract.reader import load_document
    from extract.records import DocumentRecord

    paths = [Path(p) for p in args.paths] or sorted((ROOT / "corpus" / "text").glob("*.txt"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    nlp = build_nlp(args.model)
    print(f"pipeline load {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    for p in paths:
        dt = load_document(p)
        t1 = time.perf_counter()
        ann = annotate(nlp, dt)
        mentions, entities = collect_entities(ann, dt)
        t2 = time.perf_counter()
        rec = DocumentRecord(doc=dt.doc_id, title=dt.title, entities=entities, mentions=mentions,
                             source=str(p), n_pages=dt.n_pages)
        (out / f"{dt.doc_id}.json").write_text(json.dumps(rec.to_json(), indent=1, ensure_ascii=False))
        print(f"{dt.doc_id}: {len(ann.sentences)} sentences, {len(mentions)} mentions, {t2 - t1:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
