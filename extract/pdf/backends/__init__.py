"""Character backends: where the PDF stage gets its characters, rules and page facts.

A backend opens a PDF and yields one page object per page with what the layout
and table code read: `chars` (pdfplumber-shaped dicts with at least `CHAR_KEYS`),
`rects` / `lines` / `curves` (pdfplumber-shaped path dicts), `images`, `width`,
`height`, `bbox`, `page_number` and `close()`. Two backends exist:

- "pdfplumber": the reference (pdfminer parses every character in Python);
- "pdfium": pypdfium2's C++ parser, read into the same shapes; pages it cannot
  match (a rotated page) are read with pdfplumber and counted in `STATS`.

The default is `DEFAULT`; the `EXTRACT_PDF_BACKEND` environment variable (set
by `extract ingest --backend`, inherited by worker processes) overrides it.
Nothing here imports a PDF library; a backend module is imported when used.
"""
from __future__ import annotations

import importlib
import os
from collections import Counter

NAMES = ("pdfplumber", "pdfium")
# what chars.frame_char / orientation, table_rules and pdfplumber's WordExtractor read of a char:
# pdfplumber's page frame (top-left origin, top = page height - y1), pdfminer's box and size
CHAR_KEYS = ("text", "x0", "x1", "y0", "top", "bottom", "doctop", "height", "size", "matrix",
             "fontname", "upright")
DEFAULT = "pdfium"
ENV = "EXTRACT_PDF_BACKEND"

# pages read per backend in this process, and pages the pdfium backend handed to pdfplumber
STATS: Counter = Counter()
FALLBACK = "pdfium pages read by pdfplumber"  # the STATS key of the latter


class BackendUnavailable(RuntimeError):
    """The requested backend cannot run here (its library is missing or broken)."""


def backend_name(name: str | None = None) -> str:
    """The backend to use: `name`, else $EXTRACT_PDF_BACKEND, else DEFAULT."""
    name = (name or os.environ.get(ENV) or DEFAULT).strip().lower()
    if name not in NAMES:
        raise ValueError(f"unknown PDF backend {name!r}: expected one of {', '.join(NAMES)}")
    return name


def open_pdf(path, name: str | None = None):
    """Open `path` with the chosen backend: an object with `pages` (a sequence of
    page objects), `metadata`, `forget()` (drop parsed-object caches) and `close()`.

    A pdfium backend that cannot be imported falls back to pdfplumber when it was
    only the default; asked for by name, it raises `BackendUnavailable`.
    """
    explicit = name is not None or bool(os.environ.get(ENV))
    name = backend_name(name)
    if name == "pdfium":
        try:
            pdfium_pages = importlib.import_module("extract.pdf.backends.pdfium_pages")
        except Exception as exc:  # pragma: no cover - pypdfium2 ships with pdfplumber
            if explicit:
                raise BackendUnavailable(f"the pdfium backend is unavailable: {exc}") from exc
            name = "pdfplumber"
        else:
            return pdfium_pages.open_document(path)
    from extract.pdf.backends import pdfplumber_pages

    return pdfplumber_pages.open_document(path)
