"""Trial names made of a cooperative-group name and a protocol code, and "Study N".

Cooperative groups (NSABP, CALGB, SWOG, NCIC CTG, ...; kind "cooperative_group"
in non_entities.jsonl) are not trials on their own, but a group followed by a
protocol code is a trial name by its shape: "NSABP B-31", "CALGB 40601",
"SWOG S1826", "ECOG-ACRIN E1609", "NCIC CTG MA.17", "CALGB/SWOG 80405",
"BIG 1-98", and written as one token "GOG-0218", "JCOG0603", "NRG-BR003".
A code needs two digits or a letter before its digits, so performance status
("ECOG 0-1", "ECOG PS 2") and a year alone ("EORTC 2019") are not codes.

"Study 19", "Study 301": capitalised "Study" with a number is the name of a
sponsor's study (not a year, not a percentage or a count of something).
"""
from __future__ import annotations

import re
from functools import lru_cache

from extract.nlp.lexicons import load

# protocol codes after a group: B-31, S1826, E1199, N9831, Z0011, 0617, 40601, MA.17, 1-98, 22-00, BR003
CODE = re.compile(r"^(?:[A-Z]{1,3}[-.‐]?\d{2,6}[A-Za-z]?|[A-Z]{1,2}\.\d{1,3}|\d{2,6}[A-Za-z]?|\d{1,2}-\d{2})$")
YEAR = re.compile(r"^(19|20)\d\d$")
STUDY_NUMBER = re.compile(r"^\d{1,4}$")
_TRIAL_WORDS = {"trial", "trials", "study", "studies"}
_NOT_AFTER_STUDY = {"%", "patients", "participants", "subjects", "months", "weeks", "years", "days", "sites",
                    "centres", "centers", "cases", "mg", "x", "×"}


@lru_cache(maxsize=1)
def cooperative_groups() -> frozenset[str]:
    """Names of cooperative trial groups, as written in capitals."""
    return frozenset(e["id"] for e in load("non_entities.jsonl") if e["kind"] == "cooperative_group")


def _is_group(word: str) -> bool:
    groups = cooperative_groups()
    if word in groups:
        return True
    up = word.upper()
    return up in groups and len(word) >= 8 and word.istitle()  # "Alliance A011202"


@lru_cache(maxsize=1)
def _glued() -> re.Pattern:
    """One token of group + code: "GOG-0218", "JCOG0603", "NRG-BR003"."""
    names = "|".join(sorted((re.escape(g) for g in cooperative_groups()), key=len, reverse=True))
    return re.compile(rf"^(?:{names})[-‐]?(?P<code>[A-Z]{{0,3}}\d{{2,6}}[A-Za-z]?)$")


def is_group_code(word: str) -> bool:
    """One token of a group and a protocol code ("GOG-0218", "JCOG0603")."""
    return bool(cooperative_groups()) and _glued().match(word) is not None


def group_code_names(text: list[str], ws: list[bool], lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) token ranges of group + protocol-code names."""
    out: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n:
        m = _glued().match(text[i]) if text[i][:1].isupper() and any(c.isdigit() for c in text[i]) else None
        if m and not (YEAR.match(m.group("code")) and not _trial_word_after(lower, i + 1)):
            out.append((i, i + 1))
            i += 1
            continue
        if not _is_group(text[i]):
            i += 1
            continue
        # group [/ group | group]* code
        j = i + 1
        while j < n and (_is_group(text[j]) or (text[j] == "/" and j + 1 < n and _is_group(text[j + 1]))):
            j += 1
        end = _code_end(text, ws, j)
        if end is not None and ws[j - 1] and not (YEAR.match(text[j]) and not _trial_word_after(lower, end)):
            out.append((i, end))
            i = end
        else:
            i = j
    return out


def _code_end(text: list[str], ws: list[bool], j: int) -> int | None:
    """End token of a protocol code starting at token j ("B-31" may be one token or three)."""
    n = len(text)
    if j >= n:
        return None
    written = text[j]
    end = j + 1
    while end < n and not ws[end - 1] and len(written) < 12 and not text[end].isspace() \
            and text[end] not in (",", ";", ")", "(", ":", "/"):
        if text[end] == "." and (end + 1 >= n or not text[end + 1][:1].isdigit()):
            break  # a full stop after the code
        written += text[end]
        end += 1
    return end if CODE.match(written) else None


def is_code_name(name: str) -> bool:
    """A group + code name ("NSABP B-31", "GOG-0218"): an acronym beside it names the trial better."""
    first = name.split()[0] if name.split() else ""
    return _is_group(first) or is_group_code(first)


def _trial_word_after(lower: list[str], k: int) -> bool:
    return k < len(lower) and lower[k] in _TRIAL_WORDS


def study_number_names(text: list[str], lower: list[str]) -> list[tuple[int, int]]:
    """"Study 19 (NCT...)", "In Study 301, ...": capitalised Study + a number."""
    out = []
    n = len(text)
    for i in range(n - 1):
        if text[i] != "Study" or not STUDY_NUMBER.match(text[i + 1]) or YEAR.match(text[i + 1]):
            continue
        nxt = lower[i + 2] if i + 2 < n else ""
        if nxt in _NOT_AFTER_STUDY or nxt in (".", ",", "-", "–") and i + 3 < n and text[i + 3][:1].isdigit():
            continue  # a count ("Study 12 patients"), a list or a decimal ("Study 1.5 mg")
        out.append((i, i + 2))
    return out
