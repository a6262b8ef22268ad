"""Cue words of the relation rules, kept as data (`data/cues.jsonl`) and validated on load.

Each line is {"id": <cue set>, "words": [...], "note": "..."}; a phrase's
spaces match any whitespace. `alternation(id)` gives a regex alternation,
longest phrase first.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from extract.errors import LexiconError
from extract.nlp.lexicons import data_line_numbers, parse_jsonl

DATA_PACKAGE = "extract.relations.data"
CUES_FILE = "cues.jsonl"


@lru_cache(maxsize=1)
def load_cues() -> dict[str, tuple[str, ...]]:
    """All cue sets by id; a bad line raises LexiconError naming file, line and key."""
    text = resources.files(DATA_PACKAGE).joinpath(CUES_FILE).read_text(encoding="utf-8")
    return parse_cues(text, CUES_FILE)


def parse_cues(text: str, file: str) -> dict[str, tuple[str, ...]]:
    """Validate with the NLP stage's JSONL schema checker, then the cue-set rules."""
    out: dict[str, tuple[str, ...]] = {}
    rows = parse_jsonl(text, file, {"id": "str", "words": "list[str]"}, {"note": "str"})
    lines = data_line_numbers(text)
    for n, obj in zip(lines, rows):
        words = obj["words"]
        if not words:
            raise LexiconError(file, n, "words", "must be a non-empty list of non-empty strings")
        if len({w.lower() for w in words}) != len(words):
            raise LexiconError(file, n, "words", "duplicate word")
        out[obj["id"].strip()] = tuple(w.strip() for w in words)
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
