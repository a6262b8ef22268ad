"""Collect input documents: files and folders (recursed), one id per file stem.

A second input with an already-used id is an error for that second file,
never a silent overwrite. Folders contribute only .pdf/.txt/.md files and
skip hidden entries and the output folder itself.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

SUFFIXES = (".pdf", ".txt", ".md")


@dataclass(frozen=True)
class InputDoc:
    doc_id: str
    path: str


@dataclass(frozen=True)
class InputProblem:
    doc: str
    stage: str
    message: str


def _walk(folder: Path, skip: Path | None) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder, onerror=None):
        rootp = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or not _same(rootp / d, skip)))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield rootp / name


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def collect_inputs(paths: Iterable[str | Path], out_dir: str | Path | None = None
                   ) -> tuple[list[InputDoc], list[InputProblem]]:
    """Input documents in command-line order (folders sorted), plus problems found."""
    skip = Path(out_dir) if out_dir is not None else None
    docs: list[InputDoc] = []
    problems: list[InputProblem] = []
    seen: dict[str, str] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            candidates = list(_walk(p, skip))
        elif p.is_file():
            if p.suffix.lower() not in SUFFIXES:
                problems.append(InputProblem(p.stem, "input", f"{p}: unsupported file type "
                                             f"{p.suffix or '(none)'!r} (expected .pdf, .txt or .md)"))
                continue
            candidates = [p]
        elif p.exists() or p.is_symlink():
            problems.append(InputProblem(p.stem, "input", f"{p}: not a regular file or folder"))
            continue
        else:
            problems.append(InputProblem(p.stem, "input", f"{p}: no such file or folder"))
            continue
        for c in candidates:
            doc_id = c.stem
            if doc_id in seen:
                if _same(Path(seen[doc_id]), c):
                    continue  # the same file named twice (e.g. a file and its folder)
                problems.append(InputProblem(
                    doc_id, "input",
                    f"{c}: duplicate document id {doc_id!r} (already used by {seen[doc_id]}); skipped"))
                continue
            seen[doc_id] = str(c)
            docs.append(InputDoc(doc_id, str(c)))
    return docs, problems
