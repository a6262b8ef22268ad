"""`extract review DIR`: static HTML pages to check every extracted number against its page.

DIR is the output folder of `extract ingest`. For each `<doc>.json` it writes
`DIR/review/<doc>.html`: the document's trials, one row per outcome, and beside them the
PDF pages that hold the outcomes, rendered once (pypdfium2) into `DIR/review/pages/`, with
each value's box drawn on its page. Clicking a row scrolls to its box, highlights it and
shows the evidence under the row. `DIR/review/index.html` lists every document with its
counts and the batch's errors. With `--gold`, each value is marked correct, wrong or
spurious and the gold values nobody found are listed with their evidence.

Static files only: inline CSS and a few lines of plain JavaScript, nothing fetched.
"""
from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from extract.review_html import document_page, index_page

PAGE_SCALE = 1.5  # rendering scale: 72 dpi x 1.5 = 108 dpi, sharp enough for 7-point table text
JPEG_QUALITY = 70


@dataclass
class DocView:
    """What one review page shows: the record, its verdicts, its rendered pages."""

    doc: str
    record: dict
    verdicts: list[list[str]] | None = None  # per trial, per outcome (with --gold)
    missed: list[tuple[str, dict, str]] = field(default_factory=list)
    pages: dict[int, tuple[str, float, float]] = field(default_factory=dict)  # page -> (image, width, height)
    note: str = ""  # why there are no page images


def load_records(out_dir: Path) -> list[tuple[str, dict]]:
    """The `<doc>.json` records of an ingest folder (other JSON files are skipped)."""
    out = []
    for path in sorted(out_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "trials" in data and "doc" in data:
            out.append((path.stem, data))
    return out


def read_errors(out_dir: Path) -> list[dict]:
    path = out_dir / "errors.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def render_pages(pdf_path: Path, numbers: set[int], dest: Path, stem: str) -> dict[int, tuple[str, float, float]]:
    """JPEGs of the given 1-based pages, rendered once: an image newer than the PDF is reused."""
    import pypdfium2 as pdfium

    dest.mkdir(parents=True, exist_ok=True)
    out: dict[int, tuple[str, float, float]] = {}
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for n in sorted(numbers):
            if not 1 <= n <= len(pdf):
                continue
            page = pdf[n - 1]
            width, height = page.get_size()
            img = dest / f"{stem}-p{n}.jpg"
            if not img.exists() or img.stat().st_mtime < pdf_path.stat().st_mtime:
                bitmap = page.render(scale=PAGE_SCALE)
                bitmap.to_pil().convert("RGB").save(img, "JPEG", quality=JPEG_QUALITY, optimize=True)
            out[n] = (f"pages/{img.name}", float(width), float(height))
            page.close()
    finally:
        pdf.close()
    return out


def gold_verdicts(record: dict, gold_path: Path) -> tuple[list[list[str]], list[tuple[str, dict, str]]]:
    """Per-outcome verdicts and the missed gold outcomes, by the scorer's own matching."""
    from extract.evaluate.annotations import parse_document, read_json
    from extract.evaluate.scoring import _outcome_text, outcome_verdicts

    gold = parse_document(read_json(gold_path), str(gold_path))
    pred = parse_document(record, "prediction", gold=False)
    verdicts, missed = outcome_verdicts(gold, pred)
    return verdicts, [(label, {"text": _outcome_text(o), "page": o.page}, ev) for label, o, ev in missed]


def build_view(doc: str, record: dict, review_dir: Path, gold_dir: Path | None) -> DocView:
    view = DocView(doc=doc, record=record)
    if gold_dir is not None and (gold_dir / f"{doc}.json").exists():
        view.verdicts, view.missed = gold_verdicts(record, gold_dir / f"{doc}.json")
    source = Path(record.get("source") or "")
    wanted = {o["page"] for t in record["trials"] for o in t.get("outcomes", []) if o.get("bbox") and o.get("page")}
    if source.suffix.lower() != ".pdf":
        view.note = "text input: no pages to show"
    elif not source.exists():
        view.note = f"the PDF is not at {source} any more: no page images"
    elif wanted:
        try:
            view.pages = render_pages(source, wanted, review_dir / "pages", doc)
        except Exception as exc:  # a page that will not render must not lose the review of the rest
            view.note = f"pages could not be rendered: {exc}"
    return view


def run_review(args) -> int:
    out_dir = Path(args.dir)
    if not out_dir.is_dir():
        print(f"extract review: {out_dir}: not a folder (give the --out folder of `extract ingest`)", file=sys.stderr)
        return 2
    records = load_records(out_dir)
    errors = read_errors(out_dir)
    if not records and not errors:
        print(f"extract review: {out_dir}: no <doc>.json records here (run `extract ingest ... --out {out_dir}`)",
              file=sys.stderr)
        return 1
    gold_dir = Path(args.gold) if args.gold else None
    if gold_dir is not None and not gold_dir.is_dir():
        print(f"extract review: --gold {gold_dir}: not a folder", file=sys.stderr)
        return 2
    review_dir = out_dir / "review"
    review_dir.mkdir(exist_ok=True)
    views = []
    for k, (doc, record) in enumerate(records, 1):
        if not args.quiet:
            print(f"[{k}/{len(records)}] {doc}", file=sys.stderr)
        view = build_view(doc, record, review_dir, gold_dir)
        (review_dir / f"{doc}.html").write_text(document_page(view), encoding="utf-8")
        views.append(view)
    index = review_dir / "index.html"
    index.write_text(index_page(views, errors, gold=gold_dir is not None), encoding="utf-8")
    print(f"extract review: wrote {index} ({len(views)} documents)", file=sys.stderr)
    if args.open:
        import webbrowser

        webbrowser.open(index.resolve().as_uri())
    return 0

