"""Collect input documents: files and folders (recursed), one id per file stem.

A second input with an already-used id is an error for that second file,
never a silent overwrite. Folders contribute .pdf/.txt/.md files (or, with
`--glob`, only the files matching a pattern; `--exclude` drops files), and
skip hidden entries and the output folder itself. A pattern is matched
against the file name and against its path relative to the folder given
("*.pdf", "reviews/*.pdf", "*supplement*"). A file named on the command line
is always taken.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Iterable

from extract.errors import safe_name

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


@dataclass
class Selection:
    """What the user asked a folder for: file-name patterns to take and to leave out."""

    globs: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    taken: Counter = field(default_factory=Counter)  # suffix -> files taken from folders
    left_out: int = 0  # supported files a pattern left out
    renamed: list = field(default_factory=list)  # (path, output name) for names made safe

    def wants(self, path: Path, folder: Path) -> bool:
        rel = path.relative_to(folder).as_posix()
        hit = lambda pats: any(fnmatch(path.name, g) or fnmatch(rel, g) for g in pats)  # noqa: E731
        if self.globs and not hit(self.globs):
            return False
        return not hit(self.excludes)


def _walk(folder: Path, skip: Path | None, sel: Selection) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder, onerror=None):
        rootp = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or not _same(rootp / d, skip)))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            if sel.wants(rootp / name, folder):
                sel.taken[Path(name).suffix.lower()] += 1
                yield rootp / name
            else:
                sel.left_out += 1


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def collect_inputs(paths: Iterable[str | Path], out_dir: str | Path | None = None,
                   selection: Selection | None = None) -> tuple[list[InputDoc], list[InputProblem]]:
    """Input documents in command-line order (folders sorted), plus problems found.

    `selection` filters folder contents and counts what was taken, by file type."""
    sel = selection if selection is not None else Selection()
    skip = Path(out_dir) if out_dir is not None else None
    docs: list[InputDoc] = []
    problems: list[InputProblem] = []
    seen: dict[str, str] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            candidates = list(_walk(p, skip, sel))
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
            doc_id = safe_name(c.stem)
            if doc_id != c.stem:
                sel.renamed.append((str(c), doc_id))
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


def describe_selection(sel: Selection) -> str:
    """'from folders: 12 .pdf, 1 .md (3 left out by --glob/--exclude)', or '' when no folder was read."""
    if not sel.taken and not sel.left_out:
        return ""
    kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(sel.taken.items(), key=lambda kv: (-kv[1], kv[0])))
    out = f"from folders: {kinds or 'no files'}"
    if sel.left_out:
        out += f" ({sel.left_out} left out by --glob/--exclude)"
    return out
