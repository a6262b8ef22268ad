"""The reference backend: pdfplumber (pdfminer) pages, used as they are.

A pdfplumber page already has every attribute the stage reads (`chars`,
`rects`, `lines`, `curves`, `images`, `width`, `height`, `bbox`,
`page_number`), so this module only opens the file and drops pdfminer's cache
of parsed objects between page windows.
"""
from __future__ import annotations

import logging

from extract.pdf.backends import STATS

NAME = "pdfplumber"


class PlumberDocument:
    """An open PDF read by pdfplumber."""

    name = NAME

    def __init__(self, path):
        import pdfplumber

        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        self._pdf = pdfplumber.open(path)

    @property
    def pages(self):
        return self._pdf.pages

    @property
    def metadata(self) -> dict:
        return dict(self._pdf.metadata or {})

    def count(self, page) -> None:  # noqa: ARG002 - same hook as the pdfium backend
        STATS["pdfplumber pages"] += 1

    def forget(self) -> None:
        """Drop pdfminer's cache of parsed objects (decoded content streams)."""
        cache = getattr(getattr(self._pdf, "doc", None), "_cached_objs", None)
        if isinstance(cache, dict):
            cache.clear()

    def close(self) -> None:
        self._pdf.close()


def open_document(path) -> PlumberDocument:
    return PlumberDocument(path)
