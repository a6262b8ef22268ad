"""Any supported file -> DocumentText, and the `extract text` command.

`load_document` picks the reader by suffix, or by the first bytes when the
suffix says nothing (a PDF saved as .bin is still read as a PDF). Nothing
here imports spaCy: `extract text` shows exactly what the NLP stage will see
without loading it.
"""
from __future__ import annotations

import sys
from pathlib import Path

from extract.document import DocumentText
from extract.errors import ExtractError, InputError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUPPORTED = (".pdf",) + TEXT_SUFFIXES


def load_document(path: str | Path) -> DocumentText:
    """Read a PDF, .txt or .md file; raises InputError with a clear problem."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from extract.pdf import read_pdf

        return read_pdf(path)
    if suffix in TEXT_SUFFIXES:
        from extract.plaintext import read_text_file

        return read_text_file(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:
        from extract.pdf import read_pdf

        return read_pdf(path)
    raise InputError(path, f"unsupported file type {suffix or '(no suffix)'!r}: expected .pdf, .txt or .md")


def format_document(doc: DocumentText, furniture: bool = False) -> str:
    """Page-by-page listing: '=== page N ===', then '[kind] text' per block, tables as TSV rows."""
    out: list[str] = []
    for page, blocks in doc.pages():
        out.append(f"=== page {page} ===")
        for b in blocks:
            if b.kind == "furniture" and not furniture:
                continue
            if b.table is not None:
                out.append(f"[table] {len(b.table.rows)} rows, {b.table.header_rows} header")
                out.append(b.table.render())
            else:
                out.append(f"[{b.kind}] {b.text}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def run_text(args) -> int:
    """`extract text FILE`: print the cleaned text; errors as one line on stderr."""
    try:
        doc = load_document(args.file)
    except ExtractError as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug must still give one line, not a traceback
        print(f"extract: {args.file}: unexpected error ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
    sys.stdout.write(format_document(doc, furniture=getattr(args, "furniture", False)))
    return 0
