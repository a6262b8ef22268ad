"""Cue words of the relation rules, kept as data (`data/cues.jsonl`) and validated on load.

Each line is {"id": <cue set>, "words": [...], "note": "..."}; a phrase's
spaces match any whitespace. `alternation(id)` gives a regex alternation,
longest phrase first.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from extract.errors import LexiconError

DATA_PACKAGE = "extract.relations.data"
CUES_FILE = "cues.jsonl"
_KEYS = {"id": str, "words": list, "note": str}


@lru_cache(maxsize=1)
def load_cues() -> dict[str, tuple[str, ...]]:
    """All cue sets by id; a bad line raises LexiconError naming file, line and key."""
    text = resources.files(DATA_PACKAGE).joinpath(CUES_FILE).read_text(encoding="utf-8")
    return parse_cues(text, CUES_FILE)


def parse_cues(text: str, file: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise LexiconError(file, n, "", f"not JSON: {e.msg}") from None
        if not isinstance(obj, dict):
            raise LexiconError(file, n, "", "a line must be a JSON object")
        for key in obj:
            if key not in _KEYS:
                raise LexiconError(file, n, key, "unknown key")
        for key in ("id", "words"):
            if key not in obj:
                raise LexiconError(file, n, key, "missing")
        for key, typ in _KEYS.items():
            if key in obj and not isinstance(obj[key], typ):
                raise LexiconError(file, n, key, f"must be {typ.__name__}")
        cid = obj["id"].strip()
        if not cid:
            raise LexiconError(file, n, "id", "empty")
        if cid in out:
            raise LexiconError(file, n, "id", f"duplicate id {cid!r}")
        words = obj["words"]
        if not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise LexiconError(file, n, "words", "must be a non-empty list of non-empty strings")
        if len({w.lower() for w in words}) != len(words):
            raise LexiconError(file, n, "words", "duplicate word")
        out[cid] = tuple(w.strip() for w in words)
    return out


def words(cue_id: str) -> tuple[str, ...]:
    try:
        return load_cues()[cue_id]
    except KeyError:
        raise LexiconError(CUES_FILE, 0, cue_id, "cue set missing") from None


def alternation(cue_id: str) -> str:
    """Regex alternation (no group) of a cue set's phrases, longest first."""
    phrases = sorted(words(cue_id), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
