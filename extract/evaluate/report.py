"""Render a scoring Result: stdout table, markdown (for the README), error report, JSON."""
from __future__ import annotations

import json
from typing import Any

from extract.evaluate.scoring import KEYS, Counts, ErrorItem, Result

# Short column heads for the per-document F1 grid (keeps it under ~100 columns).
_SHORT = {
    "ent_NCT": "NCT", "ent_TRIAL": "TRIAL", "ent_DRUG": "DRUG", "ent_ENDPOINT": "ENDPT",
    "trials": "trials", "outcomes": "outcms", "phase": "phase", "sample_size": "n",
    "drugs": "drugs", "endpoints": "endpts",
}
_KINDS = (
    ("missed", "Missed (false negatives)"),
    ("spurious", "Spurious (false positives)"),
    ("wrong value", "Wrong value (one false positive + one false negative each)"),
)


def to_json(result: Result) -> dict[str, Any]:
    """The contract's `{"scores": {KEY: {p, r, f, tp, fp, fn}}}`, plus per-document scores."""
    total = result.total
    return {
        "scores": {k: total[k].as_dict() for k in KEYS},
        "documents": {d.doc: {k: d.counts[k].as_dict() for k in KEYS} for d in result.docs},
    }


_FIELDS_NOTE = ("phase, sample_size, drugs, endpoints: scored on matched trials only; not compared "
               "(gold trial missed): phase {phase}, sample_size {sample_size}, drugs {drugs}, "
               "endpoints {endpoints}")


def _row(key: str, c: Counts) -> list[str]:
    return [key, f"{c.p:.3f}", f"{c.r:.3f}", f"{c.f:.3f}", str(c.tp), str(c.fp), str(c.fn)]


def _doc_label(d) -> str:
    return d.doc + (" (no prediction)" if d.missing_prediction else "")


def render_table(result: Result) -> str:
    """Plain-text table for stdout: the ten keys, then per-document F1."""
    total = result.total
    head = ["key", "P", "R", "F1", "tp", "fp", "fn"]
    rows = [_row(k, total[k]) for k in KEYS]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(cells))

    n = len(result.docs)
    out = [f"Scores micro-averaged over {n} document{'s' if n != 1 else ''}", line(head),
           "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out += ["", "Per document (F1)"]
    names = [_doc_label(d) for d in result.docs]
    w0 = max([len("document"), *map(len, names)])
    cols = [_SHORT[k] for k in KEYS]
    cw = [max(5, len(h)) for h in cols]
    out.append("  ".join(["document".ljust(w0), *(h.rjust(w) for h, w in zip(cols, cw))]))
    out.append("  ".join(["-" * w0, *("-" * w for w in cw)]))
    for name, d in zip(names, result.docs):
        out.append("  ".join([name.ljust(w0), *(f"{d.counts[k].f:.3f}".rjust(w) for k, w in zip(KEYS, cw))]))
    out.append("(NCT/TRIAL/DRUG/ENDPT = entities; n = sample_size)")
    out.append(_FIELDS_NOTE.format(**{k: total[k].unscored for k in ("phase", "sample_size", "drugs", "endpoints")}))
    return "\n".join(out)


def render_markdown(result: Result) -> str:
    """The same two tables as markdown, for the README's Accuracy section."""
    total = result.total
    out = ["| key | P | R | F1 | tp | fp | fn |", "|---|---:|---:|---:|---:|---:|---:|"]
    out += ["| " + " | ".join(_row(k, total[k])) + " |" for k in KEYS]
    out += ["", "| document | " + " | ".join(KEYS) + " |", "|---|" + "---:|" * len(KEYS)]
    for d in result.docs:
        out.append("| " + " | ".join([_doc_label(d), *(f"{d.counts[k].f:.3f}" for k in KEYS)]) + " |")
    unscored = {k: total[k].unscored for k in ("phase", "sample_size", "drugs", "endpoints")}
    out += ["", _FIELDS_NOTE.format(**unscored)]
    return "\n".join(out)


def _item(e: ErrorItem) -> str:
    text = f"- `{e.doc}` **{e.key}**: {e.what}"
    if e.evidence:
        ev = " ".join(e.evidence.split())
        text += f"\n  - evidence{f' (page {e.page})' if e.page is not None else ''}: \u201c{ev}\u201d"
    elif e.page is not None:
        text += f" (page {e.page})"
    return text


def render_report(result: Result, header: str = "") -> str:
    """Markdown report: the tables, then every error grouped by type, then by key."""
    errors = [e for d in result.docs for e in d.errors]
    out = ["# Evaluation report", ""]
    if header:
        out += [header, ""]
    out += [render_markdown(result), "", "## Per document", ""]
    for d in result.docs:
        out += [f"### {_doc_label(d)}", "", "| key | P | R | F1 | tp | fp | fn |",
                "|---|---:|---:|---:|---:|---:|---:|"]
        out += ["| " + " | ".join(_row(k, d.counts[k])) + " |" for k in KEYS]
        out.append("")
    missing = [d.doc for d in result.docs if d.missing_prediction]
    if missing:
        out += ["No prediction file for: " + ", ".join(f"`{m}`" for m in missing)
                + " (every gold item counted as a false negative).", ""]
    for kind, title in _KINDS:
        items = [e for e in errors if e.kind == kind]
        out += [f"## {title}: {len(items)}", ""]
        for key in KEYS:
            group = [e for e in items if e.key == key]
            if group:
                out += [f"### {key} ({len(group)})", ""]
                out += [_item(e) for e in group]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def dumps_json(result: Result) -> str:
    return json.dumps(to_json(result), indent=2)
