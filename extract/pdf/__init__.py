"""The PDF stage: born-digital PDF -> `DocumentText` (ordered, typed blocks with pages).

`read_pdf(path)` is the entry point; no PDF library is imported until it runs.
Modules: backends (where characters and rules come from: pdfium or pdfplumber),
chars (characters -> words, superscripts, rotated text), layout (reading order,
paragraphs), furniture (headers/footers/watermarks), checks (bad-input errors),
tables (table finding, owned separately), stage (wiring).
"""
from __future__ import annotations

__all__ = ["read_pdf"]


def read_pdf(path, backend: str | None = None):
    """Read a PDF into a `DocumentText`; raises `InputError` for unreadable files.

    `backend`: "pdfium" or "pdfplumber" (see `extract.pdf.backends`); None = the default.
    """
    from extract.pdf.stage import read_pdf as _read

    return _read(path, backend=backend)
