"""Errors users see: each names the file and the problem, never a traceback."""
from __future__ import annotations

import re
from pathlib import Path

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # control bytes, tab and newline aside


def readable(message: str) -> str:
    """One line a person can read: control bytes shown as \\xNN, whitespace runs as one space."""
    shown = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", message)
    return " ".join(shown.split())


def safe_name(stem: str) -> str:
    """A file stem usable as an output name: control characters and path separators become '_'."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f/\\]", "_", stem)


class ExtractError(Exception):
    """Base class for errors reported to the user as one line."""


class InputError(ExtractError):
    """A document that cannot be read (encrypted, truncated, scanned, not a PDF, ...)."""

    def __init__(self, path: str | Path, problem: str, stage: str = "read"):
        self.path = str(path)
        self.problem = problem
        self.stage = stage
        super().__init__(f"{self.path}: {problem}")


class LexiconError(ExtractError):
    """A bad entry in a rule or lexicon data file; names file, line and key."""

    def __init__(self, file: str, line: int, key: str, problem: str):
        self.file, self.line, self.key, self.problem = file, line, key, problem
        super().__init__(f"{file}:{line}: key {key!r}: {problem}")


class AnnotationError(ExtractError):
    """An annotation file that does not follow the schema."""
