"""The PDF stage: born-digital PDF -> `DocumentText` (ordered, typed blocks with pages).

`read_pdf(path)` is the entry point; pdfplumber is imported only when it runs.
Modules: chars (characters -> words, superscripts, rotated text), layout
(reading order, paragraphs), furniture (headers/footers/watermarks), checks
(bad-input errors), tables (table finding, owned separately), stage (wiring).
"""
from __future__ import annotations

__all__ = ["read_pdf"]


def read_pdf(path):
    """Read a PDF into a `DocumentText`; raises `InputError` for unreadable files."""
    from extract.pdf.stage import read_pdf as _read

    return _read(path)
