"""Estimates a sentence labels by their statistic, whatever their unit.

Arm values elsewhere in `outcomes.py` need a unit ("%", "months") to count as results; a
continuous measure is often reported without one the schema knows, but named by its statistic:

- "adjusted geometric mean 0.6 [95% CI 0.3-1.0]", "mean 5.2 (4.1-6.3)", "adjusted GM 0.6
  microfilariae per mg": a value (statistic null) and, when the interval is bare, its bounds;
- "than in the ivermectin group (4.5 [3.5-5.9]; ...": the other group's value, written in the
  same "value [interval]" shape after a labelled one;
- "difference 3.9 [3.2-4.9]", "treatment difference 86%", "mean difference -2.1 (-3.0 to -1.2)",
  "with 86% treatment difference", "SmfD was also lower at month 1 (by 86%)": a between-arm
  difference;
- "The difference in SmfD was independent of sex (men 82%, women 91%)": a sentence about the
  difference reports differences (`about_difference`).

The unit is "%" when the value carries one, else null: the schema's units are "%", "months" or
null, so "microfilariae per mg" is read over. Ages, follow-up and other baseline numbers never
take these labels directly ("mean age 62" has a word between label and number).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"-?(?:\d+(?:\.\d+)?|\.\d+)"
_WORDS = r"(?:\s+(?!(?:and|or|vs|versus|than|in|for|with)\b)[A-Za-zµμ/][^\s\d()\[\];,]*){0,3}"
_INTERVAL = (rf"\s*[\[(]\s*(?P<ci>\d{{2}}\s*%\s*CI\s*[,:]?\s*)?(?P<lo>{_NUM})\s*%?\s*(?:-|to|,)\s*(?P<hi>{_NUM})\s*%?"
             rf"\s*[\])]")
_MEAN = r"(?:(?:adjusted|unadjusted|estimated)\s+)?(?:geometric\s+mean|arithmetic\s+mean|least[\s-]squares?\s+mean|LS\s*mean|GM|mean)"
_DIFF = (r"(?:(?:adjusted|unadjusted|absolute|relative|estimated|mean|GM|treatment|between[\s-]groups?|risk)\s+)*"
         r"(?:difference|change)")
_LABELLED = re.compile(
    rf"(?<![\w-])(?P<label>{_MEAN}(?:\s+(?P<d1>difference|change))?|(?P<d2>{_DIFF}))"
    rf"(?:\s+(?:in\s+)?[A-Za-z]{{2,12}}(?=\s+(?:of|was|=|:)?\s*-?\d))?"  # "difference in SmfD 3.9"
    rf"\s*(?:of|was|were|=|:)?\s*(?P<v>{_NUM})(?![\d.])(?:\s*(?P<pct>%))?(?!\s*(?:years?|yrs?|days?|weeks?|months?)\b)"
    rf"(?P<unit>{_WORDS})(?:{_INTERVAL})?",
    re.IGNORECASE,
)
_PARALLEL = re.compile(rf"[(\[;]\s*(?P<v>{_NUM})(?![\d.])(?:\s*(?P<pct>%))?(?P<unit>{_WORDS}){_INTERVAL}")
_GROUP_ARM = re.compile(r"\b(?:in|for|with|among)\s+(?:the\s+)?(?P<arm>[A-Za-z][\w-]*(?:\s+[\w-]+)?)\s+(?:group|arm)s?\s*"
                        r"[(\[][^()\[\]]*$", re.IGNORECASE)


_PCT_DIFF = re.compile(rf"(?<![\w.])(?P<v>{_NUM})\s*%\s+(?:(?:treatment|absolute|relative|mean|risk)\s+)?difference\b",
                       re.IGNORECASE)
_COMPARATIVE = re.compile(r"\b(?:lower|higher|reduced|increased|decreased|greater|smaller|improved|fewer|more|less)\b",
                          re.IGNORECASE)
_BY_PCT = re.compile(rf"\bby\s+(?P<v>{_NUM})\s*%", re.IGNORECASE)
_ABOUT_DIFFERENCE = re.compile(r"^\W*(?:the\s+)?(?:(?:treatment|absolute|relative|mean|between[\s-]group)\s+)?"
                               r"differences?\s+(?:in|of|between)\b", re.IGNORECASE)


def about_difference(s: str) -> bool:
    """A sentence whose subject is the between-arm difference: its shares are differences."""
    return bool(_ABOUT_DIFFERENCE.match(s))


@dataclass(frozen=True)
class Estimate:
    """One labelled number: position in the sentence, its schema statistic and value."""

    pos: int
    end: int
    statistic: str | None  # None (a value), "difference", "CI_low", "CI_high"
    value: float
    unit: str | None
    arm: str | None = None


def _arm(s: str, pos: int) -> str | None:
    m = _GROUP_ARM.search(s[max(0, pos - 80):pos])
    return m.group("arm") if m else None


def _interval(m: re.Match, arm: str | None) -> list[Estimate]:
    """The bounds of a bare interval ("[3.5-5.9]"); a "95% CI" one is read by the CI rule."""
    if m.group("lo") is None or m.group("ci"):
        return []
    unit = "%" if m.group("pct") else None
    return [Estimate(m.start("lo"), m.end("lo"), "CI_low", float(m.group("lo")), unit, arm),
            Estimate(m.start("hi"), m.end("hi"), "CI_high", float(m.group("hi")), unit, arm)]


def labelled_estimates(s: str, free) -> list[Estimate]:
    """Estimates in normalised sentence `s`; `free(a, b)` says whether a range is still unread."""
    out: list[Estimate] = []
    for m in _LABELLED.finditer(s):
        if not free(m.start("v"), m.end("v")):
            continue
        diff = bool(m.group("d1") or m.group("d2"))
        arm = None if diff else _arm(s, m.start())
        unit = "%" if m.group("pct") else None
        out.append(Estimate(m.start("v"), m.end("v"), "difference" if diff else None, float(m.group("v")), unit, arm))
        out.extend(_interval(m, arm))
        if not diff:
            # "... than in the ivermectin group (4.5 [3.5-5.9]; difference ...": the other group's value
            nxt = _LABELLED.search(s, m.end())
            stop = nxt.start() if nxt else len(s)
            for p in _PARALLEL.finditer(s, m.end(), stop):
                if not free(p.start("v"), p.end("v")):
                    continue
                parm = _arm(s, p.start("v"))
                out.append(Estimate(p.start("v"), p.end("v"), None, float(p.group("v")),
                                    "%" if p.group("pct") else None, parm))
                out.extend(_interval(p, parm))
    comp = _COMPARATIVE.search(s)  # "by 12%" is a difference only after a comparison
    for m in [*_PCT_DIFF.finditer(s), *_BY_PCT.finditer(s, comp.end() if comp else len(s))]:
        if free(m.start("v"), m.end("v")):
            out.append(Estimate(m.start("v"), m.end("v"), "difference", float(m.group("v")), "%"))
    return out
