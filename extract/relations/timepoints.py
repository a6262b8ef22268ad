"""Timepoints of endpoints: landmark rates ("36-month EFS") and their time-to-event endpoint ("EFS")."""
from __future__ import annotations

import re

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
