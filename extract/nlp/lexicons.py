"""Rule and lexicon data files of the NLP stage, loaded and validated once.

Every data file lives in `extract/nlp/data/` as JSON Lines: one JSON object per
line, `id` is the canonical name. A schema (key -> expected type) says which
keys are required and which are optional; a bad line raises
`LexiconError(file, line, key, problem)` so the user sees exactly what to fix.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from extract.errors import LexiconError

DATA_PACKAGE = "extract.nlp.data"

# Type tags of a schema: "str", "bool", "int", "list[str]".
_CHECKS = {
    "str": lambda v: isinstance(v, str) and v.strip() != "",
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "list[str]": lambda v: isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v),
}

SCHEMAS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    # file: (required keys, optional keys)
    "drugs_oncology.jsonl": (
        {"id": "str"},
        {"aliases": "list[str]", "codes": "list[str]", "identifier": "str", "note": "str"},
    ),
    "drug_exclusions.jsonl": ({"id": "str", "kind": "str"}, {"variants": "list[str]", "note": "str"}),
    "endpoints.jsonl": (
        {"id": "str", "long": "list[str]"},
        {"aliases": "list[str]", "ambiguous": "bool", "ambiguous_aliases": "list[str]", "timepoint": "bool",
         "report_long": "list[str]", "kind": "str", "own_when_defined": "list[str]", "note": "str"},
    ),
    "adverse_events.jsonl": ({"id": "str", "long": "list[str]"}, {"aliases": "list[str]", "kind": "str", "note": "str"}),
    "non_entities.jsonl": ({"id": "str", "kind": "str"}, {"note": "str"}),
    "sentence_abbreviations.jsonl": ({"id": "str"}, {"note": "str"}),
    "registry_patterns.jsonl": (
        {"id": "str", "label": "str", "pattern": "str"},
        {"digits": "int", "canonical": "str", "note": "str"},
    ),
    "trial_cues.jsonl": ({"id": "str", "kind": "str"}, {"note": "str"}),
}


def parse_jsonl(
    text: str,
    file: str,
    required: dict[str, str],
    optional: dict[str, str] | None = None,
    unique_key: str = "id",
) -> list[dict[str, Any]]:
    """Parse and validate JSONL text; errors name file, line and key."""
    optional = optional or {}
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LexiconError(file, lineno, "-", f"not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise LexiconError(file, lineno, "-", "a line must be a JSON object")
        for key, kind in required.items():
            if key not in obj:
                raise LexiconError(file, lineno, key, "required key is missing")
            if not _CHECKS[kind](obj[key]):
                raise LexiconError(file, lineno, key, f"expected {kind}, got {obj[key]!r}")
        for key, value in obj.items():
            if key in required:
                continue
            if key not in optional:
                raise LexiconError(file, lineno, key, "unknown key")
            if not _CHECKS[optional[key]](value):
                raise LexiconError(file, lineno, key, f"expected {optional[key]}, got {value!r}")
        ident = obj.get(unique_key)
        if isinstance(ident, str):
            norm = ident.strip().lower()
            if norm in seen:
                raise LexiconError(file, lineno, unique_key,
                                   f"duplicate id {ident!r} (first on line {seen[norm]})")
            seen[norm] = lineno
        out.append(obj)
    return out


def data_line_numbers(text: str) -> list[int]:
    """1-based line numbers of the JSON lines of a data file (blank lines and // comments skipped),
    in the order `parse_jsonl` returns their objects, for errors that name the line."""
    return [n for n, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("//")]


@lru_cache(maxsize=None)
def load(name: str) -> tuple[dict[str, Any], ...]:
    """Load one packaged data file by name (validated, cached, immutable tuple)."""
    if name not in SCHEMAS:
        raise LexiconError(name, 0, "-", "no schema for this data file")
    required, optional = SCHEMAS[name]
    try:
        text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(name, 0, "-", "data file is missing from the package") from None
    return tuple(parse_jsonl(text, name, required, optional))
