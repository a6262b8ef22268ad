"""Entity mentions and sentences as plain values, read once from the NLP stage's Annotation.

The relation rules work on character offsets of `DocumentText.text`; keeping
them off spaCy objects makes every rule testable with a plain string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

LABELS = ("NCT", "REGISTRY", "TRIAL", "DRUG", "ENDPOINT")


@dataclass(frozen=True, slots=True)
class Mention:
    label: str  # NCT (any registry id), TRIAL, DRUG, ENDPOINT
    start: int  # offsets in DocumentText.text
    end: int
    text: str
    kb: str  # canonical name ("" when the NER layer gave none)
    malformed: bool = False

    @property
    def name(self) -> str:
        return self.kb or self.text


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    block: int
    mentions: list[Mention] = field(default_factory=list)
    seams: tuple[tuple[int, int], ...] = ()  # (local offset, document offset) where a joined part starts

    def local(self, m: Mention) -> tuple[int, int]:
        return m.start - self.start, m.end - self.start

    def doc_offset(self, pos: int) -> int:
        """Document offset of local position `pos` (a sentence joined across a page break
        continues elsewhere in the text)."""
        for at, doc in reversed(self.seams):
            if pos >= at:
                return doc + pos - at
        return self.start + pos

    def of(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions if m.label in labels]


_AUTHOR_YEAR = re.compile(r"\bet\s+al\b|\(\s*(?:19|20)\d\d|\b(?:19|20)\d\d[a-z]?\s*\)?\s*$|[:=]", re.IGNORECASE)


def mentions_from(ann) -> list[Mention]:
    """The entity spans of an `extract.nlp.annotation.Annotation` the relation rules use."""
    out = []
    for sp in ann.spans:
        label = sp.label
        if label not in LABELS:
            continue
        kb = sp.kb
        if label == "ENDPOINT" and sp.text.strip() == "CI":
            continue  # "95% CI" is a confidence interval, never an endpoint here
        if label == "TRIAL" and (_AUTHOR_YEAR.search(sp.text) or len(sp.text.strip()) < 3):
            continue  # "Smith et al. (2015": a citation, not a study name
        if label in ("NCT", "REGISTRY"):
            kb = kb or sp.text
            label = "NCT"  # any registry id (ISRCTN, ACTRN, EudraCT, ChiCTR, ...) identifies a trial like an NCT id
        out.append(Mention(label=label, start=sp.start, end=sp.end, text=sp.text, kb=kb, malformed=sp.malformed))
    out.sort(key=lambda m: (m.start, -m.end))
    return _drop_nested(out)


def _drop_nested(ms: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping spans of one label family."""
    kept: list[Mention] = []
    for m in ms:
        if kept and m.start < kept[-1].end:
            prev = kept[-1]
            if (m.end - m.start) > (prev.end - prev.start):
                kept[-1] = m
            continue
        kept.append(m)
    return kept


_SENT_END = re.compile(r"(?<=[.!?])[\])]?\s+(?=[A-Z(\[])")


def sentence_ranges(ann, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside [start, end): the NLP stage's sentences, else a regex split."""
    ranges = [(a, b) for a, b in ann.sentences_in(start, end) if text[a:b].strip()]
    if ranges:
        return _repair(text, ranges)
    return _repair(text, _regex_split(text, start, end))


_NO_END = re.compile(r"(?:\bet\s+al|\be\.g|\bi\.e|\bvs|\bref|\bFig|\bNo|\bapprox|\bca)\.[,;]?\s*$", re.IGNORECASE)
_NO_START = re.compile(r"^\s*(?:\d{4}[a-z]?\s*[);\]]|[)\]]|[a-z]{3,}\b)")


def _repair(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo splits after "et al." / "vs." and before "2020)." or a lowercase word."""
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        if out and (_NO_END.search(text[out[-1][0]:out[-1][1]]) or _NO_START.match(text[a:b])):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _regex_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    pos = start
    chunk = text[start:end]
    for m in _SENT_END.finditer(chunk):
        cut = start + m.start()
        if text[pos:cut].strip():
            ranges.append((pos, cut))
        pos = start + m.end()
    if text[pos:end].strip():
        ranges.append((pos, end))
    return ranges


def sentence_around(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence holding text[start:end], cut to the section [lo, hi): from the last ". " or
    line break before it to the next ". " after it (a cheap split for section-level rules)."""
    s0 = max(text.rfind(". ", lo, start) + 2, text.rfind("\n", lo, start) + 1, lo)
    e0 = text.find(". ", end, hi)
    return s0, (e0 + 1 if e0 >= 0 else hi)


def in_range(ms: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions inside [start, end) of a list sorted by start."""
    import bisect

    k = bisect.bisect_left(ms, start, key=lambda m: m.start)
    out = []
    while k < len(ms) and ms[k].start < end:
        if ms[k].end <= end:
            out.append(ms[k])
        k += 1
    return out
