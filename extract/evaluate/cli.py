"""`extract evaluate --pred DIR --gold DIR [--report FILE.md] [--json] [--docs a,b] [--text DIR]`.

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
from extract.evaluate.scoring import Result, score_corpus


def _fail(message: str) -> int:
    print(f"extract evaluate: error: {message}", file=sys.stderr)
    return 2


def evaluate_dirs(pred_dir: str | Path, gold_dir: str | Path, docs: list[str] | None = None,
                  text_dir: str | Path | None = None) -> tuple[Result, list[str]]:
    """Load both folders and score them: (result, warnings). Raises AnnotationError.

    Reusable outside the CLI, e.g. to regenerate the README's accuracy table
    with `report.render_markdown(evaluate_dirs("out", "annotations")[0])`.
    """
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    for label, folder in (("--gold", gold_dir), ("--pred", pred_dir)):
        if not folder.is_dir():
            raise AnnotationError(f"{folder}: {label} folder does not exist")
    warnings: list[str] = []
    gold = load_dir(gold_dir, gold=True, texts=text_dir, warnings=warnings)
    if not gold:
        raise AnnotationError(f"{gold_dir}: no annotation files (*.json)")
    if docs:
        unknown = [d for d in docs if d not in gold]
        if unknown:
            raise AnnotationError(f"--docs: no gold annotation for {', '.join(unknown)} in {gold_dir}")
        gold = {d: gold[d] for d in docs}
    pred: dict[str, Document | None] = {}
    for doc in sorted(gold):
        path = pred_dir / f"{doc}.json"
        if path.is_file():
            pred[doc] = load_document(path, gold=False)
        else:
            warnings.append(f"{path}: no prediction for {doc}; every gold item counts as a false negative")
            pred[doc] = None
    if pred and all(v is None for v in pred.values()):  # one warning instead of one per document
        warnings = [w for w in warnings if "no prediction for" not in w]
        names = sorted(p.stem for p in pred_dir.glob("*.json"))
        seen = f"it holds {len(names)} other .json files ({_first_few(names)})" if names else "it holds no .json files"
        warnings.append(f"{pred_dir}: no prediction matches any of the {len(gold)} gold documents "
                        f"({_first_few(sorted(gold))}); {seen}. "
                        "Every score below is 0: is --pred the output folder of `extract ingest` on the same documents?")
    return score_corpus(gold, pred), warnings


def _first_few(names: list[str], n: int = 3) -> str:
    return ", ".join(names[:n]) + (", ..." if len(names) > n else "")


def run_evaluate(args) -> int:
    docs = [d.strip() for d in (getattr(args, "docs", None) or "").split(",") if d.strip()] or None
    try:
        result, warnings = evaluate_dirs(args.pred, args.gold, docs, getattr(args, "text", None))
    except AnnotationError as exc:
        return _fail(str(exc))
    for w in warnings:
        print(f"extract evaluate: warning: {w}", file=sys.stderr)
    if getattr(args, "report", None):
        header = f"Predictions `{args.pred}` against gold `{args.gold}`."
        try:
            Path(args.report).write_text(render_report(result, header), encoding="utf-8")
        except OSError as exc:
            return _fail(f"{args.report}: cannot write report: {exc.strerror or exc}")
        print(f"extract evaluate: wrote {args.report}", file=sys.stderr)
    print(dumps_json(result) if args.json else render_table(result))  # last: a closed pipe loses nothing
    return 0
