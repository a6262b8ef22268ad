"""Number parsing for result sentences and table cells.

Plain functions over strings, no spaCy. Every scanner returns character
offsets into the string it was given, so callers can map a number back to
its sentence, page and table cell. Dashes, middle dots and minus signs are
normalised here only (the document text itself is never rewritten).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# One-for-one character replacements keep offsets stable.
_CHAR_MAP = str.maketrans({
    "\u00b7": ".",  # middle dot decimal (Lancet style): 0·6
    "\u2219": ".",
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2264": "\u2264",
})

UNITS_PERCENT = ("%", "percent", "per cent")
MONTH_WORDS = ("months", "month", "mos", "mo", "m", "M")
OTHER_UNITS = (
    "weeks", "week", "wk", "wks", "years", "year", "yrs", "yr", "days", "day", "hours", "hour", "h",
    "cycles", "cycle", "mg/kg", "mg/m2", "mg/m^2", "mg", "g", "kg", "ml", "mL", "cm", "mm", "Gy",
)

_NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# "Twentyseven": a hyphenated number whose line-break hyphen was removed by dehyphenation
_WORD_ATOM = rf"(?:(?:{_TENS})(?:{_UNITS})|{_NUMBER_WORDS})"
WORD_NUM = rf"(?:{_WORD_ATOM}(?:[\s-]+(?:and[\s-]+)?{_WORD_ATOM})*)"
_DIGIT_NUM = r"(?:\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?|\.\d+)"
DIGIT_NUM = _DIGIT_NUM  # a number in digits ("1,499", "0.6"), for readers outside this module
_UNIT_RE = (
    r"(?:\s*(?P<pct>%|percent\b|per cent\b)"
    r"|[\s-]*(?P<mon>months?\b|mos?\b)|\s*(?P<monabbr>m\b|M\b)"
    r"|[\s-]*(?P<other>weeks?\b|wks?\b|years?\b|yrs?\b|days?\b|hours?\b|cycles?\b|mg/kg\b|mg/m\^?2|mg\b|kg\b|Gy\b))?"
)
_NUM_RE = re.compile(
    rf"(?<![\w.^/])(?P<num>{_DIGIT_NUM})(?P<unitpart>{_UNIT_RE})(?![A-Za-z0-9])"
    rf"|(?<![\w-])(?P<word>{WORD_NUM})(?P<wunit>[\s-]+(?:percent\b|per cent\b|months?\b|weeks?\b|years?\b))?(?![\w])",
    re.IGNORECASE,
)


def normalize(text: str) -> str:
    """Same-length copy with number punctuation made ASCII (offsets unchanged)."""
    return text.translate(_CHAR_MAP)


@dataclass(frozen=True)
class Num:
    """One number found in a string: value, unit and its character range."""

    value: float
    start: int
    end: int  # end of the number and its unit
    unit: str | None  # "%", "months", or another unit word ("weeks", "mg", ...)
    text: str
    spelled: bool = False
    decimals: int = 0

    @property
    def is_int(self) -> bool:
        return float(self.value).is_integer() and self.decimals == 0


def parse_number(text: str) -> float | None:
    """Parse "1,486", "0·6", "62.7", "Forty-six", "twenty seven" into a float; None if not a number."""
    s = normalize(text).strip()
    if not s:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        return float(s.replace(",", ""))
    if re.fullmatch(r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)", s):
        return float(s)
    return words_to_number(s)


def words_to_number(text: str) -> float | None:
    """Spelled-out English number ("Forty-six", "twenty seven") to a float via word2number."""
    words = re.sub(r"[\s-]+", " ", text.strip().lower())
    words = re.sub(rf"\b({_TENS})({_UNITS})\b", r"\1 \2", words)
    if not re.fullmatch(rf"{WORD_NUM}", words, re.IGNORECASE):
        return None
    return _w2n(words)


@lru_cache(maxsize=512)
def _w2n(words: str) -> float | None:
    from word2number import w2n

    try:
        return float(w2n.word_to_num(words))
    except ValueError:
        return None


def _unit_of(m: re.Match) -> str | None:
    if m.group("num") is not None:
        if m.group("pct"):
            return "%"
        if m.group("mon") or m.group("monabbr"):
            return "months"
        if m.group("other"):
            return re.sub(r"s$", "", m.group("other").lower()) if m.group("other").lower() not in ("mos",) else "months"
        return None
    wunit = (m.group("wunit") or "").strip(" -").lower()
    if not wunit:
        return None
    if wunit.startswith("per"):
        return "%"
    if wunit.startswith("month"):
        return "months"
    return wunit.rstrip("s")


def scan_numbers(text: str) -> list[Num]:
    """Every number in `text` with the unit written right after it.

    Numbers glued to letters (HER2, Ki67, PAM50, KN026) are not numbers here.
    "m"/"M"/"mo" directly after a number mean months (tables write "8.8M").
    """
    s = normalize(text)
    out: list[Num] = []
    for m in _NUM_RE.finditer(s):
        if m.group("num") is not None:
            raw = m.group("num")
            value = parse_number(raw)
            spelled = False
            decimals = len(raw.split(".")[1]) if "." in raw else 0
        else:
            raw = m.group("word")
            if raw.lower() in ("one",) and not m.group("wunit"):
                # "one" is far more often a pronoun than a count
                continue
            value = words_to_number(raw)
            spelled = True
            decimals = 0
        if value is None:
            continue
        unit = _unit_of(m)
        end = m.end()
        # a bare "m"/"M" that begins a word ("M phase", "MBC") is not a unit
        if unit == "months" and m.group("num") is not None and m.group("monabbr"):
            nxt = s[end:end + 1]
            if nxt and (nxt.isalnum() or nxt in "-/"):
                unit, end = None, m.start("unitpart")
        out.append(Num(value=value, start=m.start(), end=end, unit=unit,
                       text=text[m.start():end], spelled=spelled, decimals=decimals))
    return out


_RANGE_RE = re.compile(
    rf"(?P<a>{_DIGIT_NUM})\s*(?:%\s*)?(?:-|to|,)\s*(?P<b>{_DIGIT_NUM})",
)


def parse_range(text: str) -> tuple[float, float] | None:
    """"0.48–0.93", "0.48-0.93", "0.48 to 0.93", "[0.42–0.83]", "0·3–1·0" -> (low, high)."""
    m = _RANGE_RE.search(normalize(text))
    if not m:
        return None
    return float(m.group("a").replace(",", "")), float(m.group("b").replace(",", ""))


_P_RE = re.compile(
    rf"(?<![A-Za-z])[Pp](?:\s*-?\s*value)?\s*(?P<rel><=|>=|=|<|>|\u2264|\u2265)\s*(?P<v>{_DIGIT_NUM})"
    # "(P,0.00001)": a publisher font that maps "<" to a comma (no space, then a decimal below 1)
    r"|(?<![A-Za-z])[Pp](?P<rel2>,)(?P<v2>0?\.\d+)(?![\d.])"
)
_REL_MAP = {"\u2264": "<=", "\u2265": ">=", "=": None, ",": "<"}


@dataclass(frozen=True)
class PValue:
    value: float
    relation: str | None  # None for "=", else "<", ">", "<=", ">="
    start: int
    end: int
    decimals: int = 0


def scan_p_values(text: str) -> list[PValue]:
    """"P=0.051", "p < 0.001", "P-value = .03" -> PValue with relation ("<" kept, "=" dropped)."""
    out = []
    for m in _P_RE.finditer(normalize(text)):
        rel = m.group("rel") or m.group("rel2")
        raw = m.group("v") or m.group("v2")
        out.append(PValue(value=float(raw), relation=_REL_MAP.get(rel, rel), start=m.start(), end=m.end(),
                          decimals=len(raw.split(".")[1]) if "." in raw else 0))
    return out


_FRACTION_RE = re.compile(r"(?<![\w./])(?P<n>\d+)\s*/\s*(?P<d>\d+)(?![\w./])")


def scan_fractions(text: str) -> list[tuple[int, int, int, int]]:
    """"7/20" -> (7, 20, start, end): a count with its denominator."""
    out = []
    for m in _FRACTION_RE.finditer(normalize(text)):
        n, d = int(m.group("n")), int(m.group("d"))
        if 0 <= n <= d:
            out.append((n, d, m.start(), m.end()))
    return out


_INT_RE = re.compile(r"(?<![A-Za-z0-9.])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.%])")


def integers_in(text: str) -> list[int]:
    """Integer counts in an enrolment cell: "144 HER2+/HR-156 HER2+/HR+" -> [144, 156]; "NR" -> []."""
    s = normalize(text)
    return [int(m.group(1).replace(",", "")) for m in _INT_RE.finditer(s)]
