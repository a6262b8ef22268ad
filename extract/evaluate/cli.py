"""`extract evaluate --pred DIR --gold DIR [--report FILE.md] [--json] [--docs a,b]`.

Exit codes: 0 scored (even with missing prediction files, which are warned
about on stderr and score as empty); 2 bad input (a folder that does not
exist, no gold files, an unknown --docs id, an unreadable or invalid file),
reported as one line naming the file and the problem.
"""
from __future__ import annotations

import sys
from pathlib import Path

from extract.errors import AnnotationError
from extract.evaluate.annotations import Document, load_dir, load_document
from extract.evaluate.report import dumps_json, render_report, render_table
from extract.evaluate.scoring import score_corpus


def _fail(message: str) -> int:
    print(f"extract evaluate: error: {message}", file=sys.stderr)
    return 2


def run_evaluate(args) -> int:
    gold_dir, pred_dir = Path(args.gold), Path(args.pred)
    text_dir = getattr(args, "text", None)
    for label, folder in (("--gold", gold_dir), ("--pred", pred_dir)):
        if not folder.is_dir():
            return _fail(f"{folder}: {label} folder does not exist")
    warnings: list[str] = []
    try:
        gold = load_dir(gold_dir, gold=True, texts=text_dir, warnings=warnings)
    except AnnotationError as exc:
        return _fail(str(exc))
    if not gold:
        return _fail(f"{gold_dir}: no annotation files (*.json)")
    if getattr(args, "docs", None):
        wanted = [d.strip() for d in args.docs.split(",") if d.strip()]
        unknown = [d for d in wanted if d not in gold]
        if unknown:
            return _fail(f"--docs: no gold annotation for {', '.join(unknown)} in {gold_dir}")
        gold = {d: gold[d] for d in wanted}

    pred: dict[str, Document | None] = {}
    for doc in sorted(gold):
        path = pred_dir / f"{doc}.json"
        if not path.is_file():
            warnings.append(f"{path}: no prediction for {doc}; every gold item counts as a false negative")
            pred[doc] = None
            continue
        try:
            pred[doc] = load_document(path, gold=False)
        except AnnotationError as exc:
            return _fail(str(exc))
    for w in warnings:
        print(f"extract evaluate: warning: {w}", file=sys.stderr)

    result = score_corpus(gold, pred)
    if getattr(args, "report", None):
        header = f"Predictions `{pred_dir}` against gold `{gold_dir}`."
        try:
            Path(args.report).write_text(render_report(result, header), encoding="utf-8")
        except OSError as exc:
            return _fail(f"{args.report}: cannot write report: {exc.strerror or exc}")
        print(f"extract evaluate: wrote {args.report}", file=sys.stderr)
    print(dumps_json(result) if args.json else render_table(result))  # last: a closed pipe loses nothing
    return 0
