"""Incremental cache: a document is reused when its file content, the package
version and code, the model and the per-document function are unchanged.

One small sidecar per document, `DIR/.extract-cache/<doc>.key`, is written
(atomically) only after `DIR/<doc>.json`; a run killed between the two simply
recomputes that document next time.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from extract import __version__
from extract.export import atomic_write_text

CACHE_DIR = ".extract-cache"
_CHUNK = 1 << 20


def file_sha256(path: str | Path) -> str:
    """Content hash, read in 1 MB chunks (memory stays flat on large PDFs)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def code_fingerprint() -> str:
    """Hash of the package's source and data files, so a changed rule invalidates the cache
    even before the version number is bumped (computed once per run: a few ms).

    EXTRACT_CACHE_CODE, when set, replaces it: to keep a cache across deliberate code
    edits, or to pin it in tests while the code is being edited.
    """
    pinned = os.environ.get("EXTRACT_CACHE_CODE")
    if pinned:
        return pinned
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".json", ".jsonl") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cache_key(content_hash: str, model: str | None, function: str, code: str) -> str:
    return json.dumps({"sha256": content_hash, "version": __version__, "code": code,
                       "model": model, "function": function}, sort_keys=True)


class Cache:
    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.dir = self.out_dir / CACHE_DIR

    def _key_path(self, doc_id: str) -> Path:
        return self.dir / f"{doc_id}.key"

    def json_path(self, doc_id: str) -> Path:
        return self.out_dir / f"{doc_id}.json"

    def hit(self, doc_id: str, key: str) -> bool:
        kp = self._key_path(doc_id)
        try:
            return kp.read_text(encoding="utf-8") == key and self.json_path(doc_id).is_file()
        except (OSError, UnicodeDecodeError):
            return False

    def store(self, doc_id: str, json_text: str | bytes, key: str) -> Path:
        """Write the document JSON, then its key (both atomic)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        path = atomic_write_text(self.json_path(doc_id), json_text)
        atomic_write_text(self._key_path(doc_id), key)
        return path

    def forget(self, doc_id: str) -> None:
        """Drop a document's outputs (its input now fails, so they would be stale)."""
        for p in (self._key_path(doc_id), self.json_path(doc_id)):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
