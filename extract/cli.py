"""Command line: `extract ingest | text | evaluate | review | bench`.

`main(argv)` parses arguments and hands each command to the module that owns
it, imported only when that command runs (so `extract text` never loads spaCy).
It returns the process exit code.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from extract import __version__


BACKENDS = ("pdfplumber", "pdfium")  # extract.pdf.backends.NAMES, without importing it


def _backend_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help="where PDF characters come from: pdfium (fast, the default) or pdfplumber "
                             "(the reference); also $EXTRACT_PDF_BACKEND")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="extract",
        description="Clinical-trial records from review PDFs, with provenance and accuracy scores.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # ---- ingest (owner: extract/ingest.py) ----------------------------------
    ing = sub.add_parser(
        "ingest", help="PDF/text/markdown files or folders -> JSON + CSV records",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read every document, write DIR/<doc>.json per document and DIR/trials.csv, "
                    "DIR/outcomes.csv, DIR/entities.csv for all of them.",
        epilog="A document that cannot be read (encrypted, truncated, scanned, not a PDF, too long for\n"
               "--max-pages, ...) is reported on stderr and in DIR/errors.csv (columns doc, stage,\n"
               "message) and skipped; the batch goes on. Exit code: 0 when at least one document\n"
               "succeeded, 1 when none did, 2 when nothing could run (bad options, no pipeline).")
    ing.add_argument("paths", nargs="+", metavar="PATH",
                     help="files or folders (recursed: .pdf, .txt and .md files, unless --glob says otherwise)")
    ing.add_argument("--out", required=True, metavar="DIR", help="output folder")
    ing.add_argument("--jobs", type=int, default=None, help="parallel worker processes (default: cores)")
    ing.add_argument("--force", action="store_true", help="ignore the cache and recompute every document")
    ing.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per document (default 600)")
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.add_argument("--model", default=None, help="optional installed scispaCy model, e.g. en_core_sci_sm")
    ing.add_argument("--dask", default=None, metavar="ADDRESS",
                     help="run on a Dask cluster at ADDRESS (or 'local' for a local cluster)")
    ing.add_argument("--glob", action="append", metavar="PATTERN",
                     help="take only folder files whose name or relative path matches PATTERN, e.g. '*.pdf' "
                          "(repeatable)")
    ing.add_argument("--exclude", action="append", metavar="PATTERN",
                     help="leave out folder files whose name or relative path matches PATTERN (repeatable)")
    ing.add_argument("--max-pages", type=int, default=None, metavar="N",
                     help="report and skip PDFs of more than N pages (default: no limit)")
    _backend_option(ing)
    ing.set_defaults(func="extract.ingest:run_ingest")

    # ---- text (owner: extract/reader.py) ------------------------------------
    txt = sub.add_parser("text", help="print the cleaned text the NLP stage sees, page by page")
    txt.add_argument("file", metavar="FILE")
    txt.add_argument("--furniture", action="store_true", help="also show removed headers/footers")
    _backend_option(txt)
    txt.set_defaults(func="extract.reader:run_text")

    # ---- evaluate (owner: extract/evaluate/) --------------------------------
    ev = sub.add_parser("evaluate", help="score predictions against hand annotations",
                        description="Precision, recall and F1 per field and per document: each "
                                    "--gold DIR/<doc>.json against --pred DIR/<doc>.json.")
    ev.add_argument("--pred", required=True, metavar="DIR",
                    help="the output folder of `extract ingest` (its <doc>.json files are the predictions)")
    ev.add_argument("--gold", required=True, metavar="DIR",
                    help="a folder of hand annotations, one <doc>.json per document (e.g. annotations/)")
    ev.add_argument("--report", metavar="FILE.md", help="also write every false positive / negative")
    ev.add_argument("--json", action="store_true", help="print scores as JSON")
    ev.add_argument("--docs", default=None, help="comma-separated document ids to score")
    ev.add_argument("--text", default=None, metavar="DIR",
                    help="folder of <doc>.txt texts: warn about gold aliases that do not occur in them")
    ev.set_defaults(func="extract.evaluate.cli:run_evaluate")

    # ---- review (owner: extract/review.py) ----------------------------------
    rv = sub.add_parser("review", help="HTML pages showing every extracted value boxed on its PDF page",
                        description="Write DIR/review/index.html and DIR/review/<doc>.html for the records of an "
                                    "ingest folder: each document's trials and outcomes beside its rendered pages, "
                                    "every value boxed where it is printed. Static files; nothing is fetched.")
    rv.add_argument("dir", metavar="DIR", help="the --out folder of `extract ingest`")
    rv.add_argument("--gold", metavar="DIR", default=None,
                    help="hand annotations (e.g. annotations/): mark each value correct, wrong or spurious "
                         "and list the gold values that were missed")
    rv.add_argument("--open", action="store_true", help="open the index in a web browser")
    rv.add_argument("--quiet", action="store_true", help="no per-document progress lines")
    rv.set_defaults(func="extract.review:run_review")

    # ---- bench (owner: extract/bench.py) ------------------------------------
    b = sub.add_parser("bench", help="speed per stage on the corpus (and eval PDFs when present)")
    b.add_argument("paths", nargs="*", metavar="PATH", help="PDF files or folders (default: corpus/pdf)")
    b.add_argument("--runs", type=int, default=3, help="interleaved runs; the median is reported")
    b.add_argument("--out", metavar="FILE", help="also write results (JSON) here")
    b.add_argument("--backend", choices=BACKENDS, action="append", default=None,
                   help="PDF backend(s) to measure (repeatable; default: both)")
    b.set_defaults(func="extract.bench:run_bench")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    backend = getattr(args, "backend", None)
    if isinstance(backend, str):  # read by extract.pdf.backends, here and in worker processes
        import os

        os.environ["EXTRACT_PDF_BACKEND"] = backend
    module_name, func_name = args.func.split(":")
    import importlib

    func = getattr(importlib.import_module(module_name), func_name)
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
