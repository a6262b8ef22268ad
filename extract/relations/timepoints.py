"""Timepoints of endpoints: landmark rates ("36-month EFS") and their time-to-event endpoint ("EFS")."""
from __future__ import annotations

import re

from extract.nlp.endpoint_context import DECLARATION

_LANDMARK = re.compile(r"^\d+(?:\.\d+)?[\s-]*(?:months?|years?|yrs?|weeks?|days?)[\s-]+(?P<base>\S.*?)(?:\s+rates?)?$",
                       re.IGNORECASE)


def time_to_event(endpoint: str) -> str:
    """"36-month EFS" -> "EFS": a hazard ratio or follow-up is of the time-to-event endpoint, not its landmark rate."""
    m = _LANDMARK.match(endpoint)
    return m.group("base") if m else endpoint


_TIME_TO_EVENT = re.compile(r"^(?:[A-Za-z-]*FS|OS|TTP|TTF|TTR)$")
_AT_TIME = re.compile(r"\b(?:at|after|by)\s+(?P<n>\d+)\s*(?P<u>months?|years?)\b", re.IGNORECASE)


def landmark_endpoint(s: str, pos: int, endpoint: str) -> str:
    """"After 18 months, the PFS rate was 63%": a percentage of a time-to-event endpoint at a time is "18-month PFS"."""
    if not _TIME_TO_EVENT.match(endpoint):
        return endpoint
    start = max(s.rfind(";", 0, pos), s.rfind(". ", 0, pos)) + 1
    found = list(_AT_TIME.finditer(s, start, pos))
    if not found:
        return endpoint
    m = found[-1]
    unit = "month" if m.group("u").lower().startswith("month") else "year"
    return f"{m.group('n')}-{unit} {endpoint}"


# ---- endpoints the paper declares at a time ("The primary endpoint was SmfD at 12 months")
_DECLARATION = re.compile(DECLARATION, re.IGNORECASE)
_UNIT_WORD = r"(?P<u>months?|weeks?|years?|days?)"
_LISTED = rf"(?P<list>\d+(?:\s*,\s*\d+)*(?:\s*,?\s*(?:and|or)\s+\d+)?)"
# "at months 1, 6, and 18" / "at month 12" / "at 12 months" / "12 months post treatment"
_TIMES_AFTER = re.compile(rf"^\s*(?:at\s+{_UNIT_WORD}\s+{_LISTED}|(?:at\s+)?{_LISTED.replace('list', 'list2')}\s*[\s-]"
                          rf"(?P<u2>months?|weeks?|years?|days?)\b(?!\s+(?:of|before)\b))", re.IGNORECASE)
# a time in a results sentence: "Month 12", "at month 1", "At 12 months", "12-month"
_TIME_IN = re.compile(r"\b(?:(?P<u>month|week|year|day)s?\s+(?P<n>\d+)|(?P<n2>\d+)[\s-]*(?P<u2>month|week|year|day)s?)\b",
                      re.IGNORECASE)
_RANGE_FROM = re.compile(r"\bfrom\s+(?:month|week|year|day)s?\s+\d+\s+(?:to|until|through)\s*$", re.IGNORECASE)


def _time_label(n: str, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    return f"{int(n)} {unit}" + ("" if int(n) == 1 else "s")


def declared_times(text: str, endpoints: list[tuple[int, int, str]]) -> dict[str, set[str]]:
    """measure -> the times the paper declares it as an outcome at. `endpoints`: (start, end, name)
    of ENDPOINT mentions. "The primary efficacy endpoint was SmfD at 12 months. Secondary efficacy
    measures were SmfD at months 1, 6, and 18" -> {"SmfD": {"12 months", "1 month", ...}}."""
    out: dict[str, set[str]] = {}
    for d in _DECLARATION.finditer(text):
        stop = text.find(". ", d.end())
        stop = len(text) if stop < 0 else stop
        for a, b, name in endpoints:
            if not d.end() <= a < stop:
                continue
            m = _TIMES_AFTER.match(text[b:b + 60])
            if m is None:
                continue
            raw = m.group("list") or m.group("list2")
            unit = m.group("u") or m.group("u2")
            for n in re.findall(r"\d+", raw):
                out.setdefault(name, set()).add(_time_label(n, unit))
    return out


def timed_endpoint(s: str, pos: int, endpoint: str, declared: dict[str, set[str]]) -> tuple[str, str | None]:
    """(endpoint, timepoint) of a value at `pos` of sentence `s`: a measure the paper declares at
    times takes the time the sentence gives before the value ("Month 12 SmfD was lower ... 0.6",
    "lower at month 1 (by 86%)") -> ("SmfD at 12 months", "12 months"); "from month 1 to month 12"
    is a period, not one of the times."""
    times = declared.get(endpoint)
    if not times:
        return endpoint, None
    start = max(s.rfind(". ", 0, pos), -1) + 1
    found = [m for m in _TIME_IN.finditer(s, start, pos) if not _RANGE_FROM.search(s[:m.start()])
             and not re.match(r"\s*(?:to|until|through)\s+(?:month|week|year|day)", s[m.end():], re.IGNORECASE)]
    if not found:
        return endpoint, None
    m = found[-1]
    label = _time_label(m.group("n") or m.group("n2"), m.group("u") or m.group("u2"))
    return (f"{endpoint} at {label}", label) if label in times else (endpoint, None)
