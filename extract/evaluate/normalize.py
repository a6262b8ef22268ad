"""Name and value normalisation used by the scorer (CONTRACT.md, "Scoring").

Names: lowercase, drop whitespace, hyphens and punctuation, so that
"IMpassion 050", "IMpassion-050" and "impassion050" compare equal.

Values: "equal when they agree to the precision written in the text". The
gold value is what the text wrote, so *its* precision decides: the prediction
is rounded (half up) to the number of decimals of the gold literal and then
compared. Hence 62.7 == 62.70 (either way round), 0.48 == 0.480, and a float
artefact like 0.30000000000000004 equals a gold 0.3; a prediction 62.66
against a gold 62.7 is correct (it agrees to the written precision), but a
prediction 62.7 against a gold 62.66 is wrong (it lost a written digit).
Values are read from JSON as Decimal so that the written precision survives.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

_DROP = re.compile(r"[\W_]+", re.UNICODE)


def norm_name(name: str) -> str:
    """Lowercase; drop whitespace, hyphens (any dash) and punctuation."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return _DROP.sub("", text)


def norm_phase(phase: Any) -> str | None:
    """Phases compare exactly, ignoring case, spaces and a leading word "phase".

    Punctuation is kept: "I/II" and "III" must stay different.
    """
    if phase is None:
        return None
    text = re.sub(r"\s+", "", str(phase)).casefold()
    if text.startswith("phase"):
        text = text[len("phase"):]
    return text or None


def norm_statistic(stat: Any) -> str | None:
    """Absent, null and "" all mean an arm's own value."""
    return stat or None


def to_decimal(value: Any) -> Decimal | None:
    """A JSON number as Decimal (floats through repr, which keeps the written digits)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        if isinstance(value, float):
            return Decimal(repr(value))
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def value_equal(gold: Any, pred: Any) -> bool:
    """True when `pred` agrees with `gold` to the precision written in gold."""
    g, p = to_decimal(gold), to_decimal(pred)
    if g is None or p is None or not g.is_finite() or not p.is_finite():
        return False
    exponent = g.as_tuple().exponent
    quantum = Decimal(1).scaleb(exponent)
    try:
        return p.quantize(quantum, rounding=ROUND_HALF_UP) == g
    except InvalidOperation:  # absurd magnitudes
        return p == g


def format_value(value: Any) -> str:
    """A value as written (Decimal keeps trailing zeros)."""
    d = to_decimal(value)
    return str(value) if d is None else str(d)
