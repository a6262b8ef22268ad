"""Results-table cells read the way a reviewer reads them: `16.4 (14.1–NR)`, `12 (2.4%)`, `<0.001`.

The grammars are data (`data/cell_grammars.jsonl`), tried in order; the first
that matches the whole cleaned cell wins. `parse_cell` returns a plain
`Cell` (value, interval, count, denominator, percentage, relation) or None
for a cell that holds no number (`NR`, `NE`, `–`, words).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extract.errors import LexiconError
from extract.nlp.lexicons import data_line_numbers, parse_jsonl
from extract.relations.numbers import normalize

DATA_PACKAGE = "extract.relations.data"
GRAMMAR_FILE = "cell_grammars.jsonl"
GROUPS = frozenset({"v", "lo", "hi", "n", "den", "pct", "rel", "p", "stat"})
_NUM = r"-?(?:\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?|\.\d+)"
# footnote marks after a value or a label: *, †, ‡, §, ¶, #, a superscript letter or [n]
_FOOTNOTE = re.compile(r"(?:\s*(?:[*\u2020\u2021\u00a7\u00b6#]+|\[\d{1,2}\]))+\s*$|(?<=\d)\s?[a-e]\s*$")
_FONT_EQUALS = re.compile(r"\b(p\s*)(?:1\u20444|\u00bc|1/4)\s*", re.IGNORECASE)
_REL = {"\u2264": "<=", "\u2265": ">=", "=": None}


@dataclass(frozen=True)
class Cell:
    """The numbers of one cell; fields absent from its grammar are None."""

    grammar: str
    value: float | None = None
    lo: float | None = None
    hi: float | None = None
    n: int | None = None
    den: int | None = None
    pct: float | None = None
    relation: str | None = None
    percent_sign: bool = False
    p: float | None = None  # a p-value printed in the same cell
    p_relation: str | None = None
    ratio: bool = False  # the cell names its estimate a ratio ("HR 2.05 (1.51-2.77)")


@lru_cache(maxsize=1)
def load_grammars() -> tuple[tuple[str, re.Pattern], ...]:
    text = resources.files(DATA_PACKAGE).joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")
    return parse_grammars(text, GRAMMAR_FILE)


def parse_grammars(text: str, file: str) -> tuple[tuple[str, re.Pattern], ...]:
    """Validate the grammar file: each pattern compiles and uses only the known group names."""
    rows = parse_jsonl(text, file, {"id": "str", "pattern": "str"}, {"note": "str"})
    lines = data_line_numbers(text)
    out = []
    for n, obj in zip(lines, rows):
        try:
            rx = re.compile(r"\s*(?:" + obj["pattern"].replace("{NUM}", _NUM) + r")\s*", re.IGNORECASE)
        except re.error as exc:
            raise LexiconError(file, n, "pattern", f"not a valid regular expression ({exc})") from None
        unknown = set(rx.groupindex) - GROUPS
        if unknown:
            raise LexiconError(file, n, "pattern", f"unknown group name(s) {sorted(unknown)}")
        out.append((obj["id"], rx))
    return tuple(out)


def clean(text: str) -> str:
    """ASCII number punctuation, no footnote marks, one space."""
    t = normalize(text).replace("\u2264", "<=").replace("\u2265", ">=")
    t = _FONT_EQUALS.sub(r"\1=", t)  # "p 1⁄4 0.035": an "=" some publisher fonts map to "¼"
    t = re.sub(r"\s+", " ", t).strip()
    t = t.rstrip(";,").strip()  # "1.53 (1.03-2.28);" before a p on the next line
    prev = None
    while prev != t:
        prev, t = t, _FOOTNOTE.sub("", t).strip()
    return t


def strip_footnotes(label: str) -> str:
    """A row or column label without its footnote marks ("PS 0-1 c" -> "PS 0-1", "Sex*" -> "Sex")."""
    t = re.sub(r"\s+", " ", label).strip()
    t = re.sub(r"(?:\s*(?:[*\u2020\u2021\u00a7\u00b6#]+|\[\d{1,2}\]))+$", "", t)
    t = re.sub(r"(?<=\S)\s[a-e]$", "", t)
    return t.strip()


def _num(s: str | None) -> float | None:
    if s is None or not re.match(r"-?[\d.]", s):
        return None
    return float(s.replace(",", ""))


def parse_cell(text: str) -> Cell | None:
    """The first grammar that matches the whole cell, or None (no number, or not a cell grammar)."""
    t = clean(text)
    if not t:
        return None
    for gid, rx in load_grammars():
        m = rx.fullmatch(t)
        if not m:
            continue
        if gid == "missing" or (gid == "missing_interval" and _num(m.group("lo")) is None and _num(m.group("hi")) is None):
            return None
        g = m.groupdict()
        rel = g.get("rel")
        rel = _REL.get(rel, rel) if rel else None
        n = g.get("n")
        den = g.get("den")
        return Cell(grammar=gid, value=_num(g.get("v")), lo=_num(g.get("lo")), hi=_num(g.get("hi")),
                    n=int(n) if n else None, den=int(den) if den else None,
                    pct=_num(g.get("pct")) if g.get("pct") not in (None, "%") else None,
                    relation=None if g.get("p") else rel, percent_sign=g.get("pct") == "%" or "%" in t,
                    p=_num(g.get("p")), p_relation=rel if g.get("p") else None, ratio=bool(g.get("stat")))
    return None
