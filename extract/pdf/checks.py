"""Cheap, explicit checks that turn unreadable files into one clear InputError.

They run before pdfplumber parses anything (zero bytes, not a PDF, truncated)
or translate pdfminer's and pdfium's exceptions (encrypted, damaged) into a sentence a
user can act on.
"""
from __future__ import annotations

from pathlib import Path

from extract.errors import InputError

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript file"),
    (b"\x1f\x8b", "a gzip archive"),
)


def _kind(head: bytes) -> str:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    low = head[:200].lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if low.startswith(b"<?xml"):
        return "an XML file"
    try:
        head.decode("utf-8")
        return "a text file"
    except UnicodeDecodeError:
        return "an unknown binary file"


def check_pdf_file(path: Path) -> None:
    """Raise InputError for a missing, empty, non-PDF or truncated file."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "empty file (0 bytes)")
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise InputError(path, f"not a PDF (it looks like {_kind(head)})")
    if b"%%EOF" not in tail:
        raise InputError(path, "truncated PDF (the end-of-file marker is missing; was the download cut short?)")


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        out.append(e)
        todo.extend([e.__cause__, e.__context__])  # type: ignore[list-item]
        todo.extend(a for a in e.args if isinstance(a, BaseException))
    return out


def open_error(path: Path, exc: BaseException, where: str = "") -> InputError:
    """Translate a pdfminer/pdfplumber or pdfium exception into an InputError."""
    names = {type(e).__name__ for e in _chain(exc)}
    said = " ".join(str(e) for e in _chain(exc)).lower()  # pdfium says it in the message
    if "PDFPasswordIncorrect" in names or "incorrect password" in said:
        return InputError(path, "encrypted PDF: it needs a password to open; save an unprotected copy first")
    if names & {"PDFEncryptionError", "PDFEncryptionWarning"} or "unsupported security" in said:
        return InputError(path, "encrypted PDF with an unsupported protection method")
    inner = [e for e in _chain(exc) if not type(e).__name__.startswith("Pdfminer")]
    detail = inner[-1] if inner else exc
    msg = str(detail).strip().splitlines()[0][:120] if str(detail).strip() else ""
    what = f"{type(detail).__name__}{': ' + msg if msg else ''}"
    place = f" {where}" if where else ""
    return InputError(path, f"damaged PDF:{place} cannot be read ({what})")
