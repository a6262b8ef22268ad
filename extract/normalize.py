"""All Unicode clean-up of extracted text, in one place.

Every reader (PDF, .txt, .md) sends its text through `normalize_text`, so the
NLP stage sees one spelling of each character whatever the source:

- ligatures (U+FB00-FB06) and other compatibility forms are expanded (NFKC);
- soft hyphens, U+FFFE/U+FFFD noise and zero-width characters are deleted;
- Unicode minus, hyphen and non-breaking hyphen become "-";
  en and em dashes are KEPT ("0.48–0.93", "[6–9]" stay as written; number
  parsers decide what a dash means);
- a middle dot between digits is a decimal point ("0·6" -> "0.6");
- "¼" between a short name and a number is an equals sign drawn from a math
  font that maps "=" to the quarter code ("p ¼ 0.013" -> "p = 0.013");
- non-breaking, thin and other Unicode spaces become a plain space (tabs
  stay: they separate table cells);
- curly quotes become straight quotes;
- "≥", "≤", "±", "×" and Greek letters are kept (NFKC keeps them; the micro
  sign becomes Greek mu, which is the same letter).

`dehyphenate` decides whether a word broken at a line end ("progres-" +
"sion") is rejoined, using the document's own vocabulary so that real
hyphens (T-DM1, MK-2206, anti-HER2, PD-L1-positive) stay.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

# Characters mapped before NFKC (NFKC would leave them or map them badly).
_CHAR_MAP = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2043": "-",  # hyphen bullet
    "\ufe63": "-",  # small hyphen-minus
    "\uff0d": "-",  # fullwidth hyphen-minus
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",  # prime (NFKC keeps it)
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ad": "",  # soft hyphen
    "\ufffe": "",  # noncharacter left by some extractors at hyphen breaks
    "\ufffd": "",  # replacement character: a glyph with no Unicode mapping
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\r\f\v]+")
_MIDDOT = re.compile(r"(?<=\d)[\u00b7\u2219\u22c5](?=\d)")
_TRANS = str.maketrans(_CHAR_MAP)
# an Elsevier math font maps "=" to the "¼" code: "p ¼ 0.01"; a word normalised alone reads "1⁄4"
_QUARTER_EQ = re.compile(r"(\b[A-Za-z]{1,4} )(?:\u00bc|1\u20444)(?= [-\u2212]?\d)")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def quarter_equals(text: str) -> str:
    """"p ¼ 0.013" / "p 1⁄4 0.013" -> "p = 0.013" (between a short label and a number only)."""
    if "\u00bc" in text or "\u2044" in text:
        return _QUARTER_EQ.sub(r"\1=", text)
    return text


def normalize_text(text: str, keep_newlines: bool = True) -> str:
    """Normalise one string (a word, a line or a whole text)."""
    if not _NON_ASCII.search(text) and "\r" not in text and "\f" not in text and "\v" not in text:
        return text if keep_newlines else text.replace("\n", " ")
    text = _MIDDOT.sub(".", text)
    text = quarter_equals(text)
    text = text.translate(_TRANS)
    text = unicodedata.normalize("NFKC", text)
    # NFKC turns U+2024 ONE DOT LEADER etc. into dots and keeps ≥ ≤ ± × Greek.
    text = _SPACES.sub(" ", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return text


_CID = re.compile(r"\(cid:\d+\)")


def normalize_word(word: str) -> str:
    """Normalise one extracted word; glyphs without a Unicode mapping ("(cid:127)") are dropped."""
    if "(cid:" in word:
        word = _CID.sub("", word)
    return normalize_text(word).replace(" ", "")


_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def vocabulary(words: Iterable[str]) -> Counter:
    """Lowercased word counts used to decide line-end hyphens."""
    counts: Counter = Counter()
    for w in words:
        for m in _WORD.finditer(w):
            tok = m.group(0).lower()
            counts[tok] += 1
            if "-" in tok:
                for part in tok.split("-"):
                    counts[part] += 0  # make the parts known without counting them
    return counts


_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_UNITS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}


def dehyphenate(left: str, right: str, vocab: Counter) -> str | None:
    """Join `left` (ending in "-") with `right` across a line break.

    Returns the joined word without the hyphen when the break was made by the
    typesetter, or None when the hyphen is real and must stay (caller then
    joins "left" + "right" keeping the hyphen, without a space).
    """
    if not left.endswith("-") or len(left) < 2 or not right:
        return None
    stem = left[:-1]
    head = re.sub(r"^[^\w]+", "", stem)  # drop leading punctuation like "("
    tail_word = re.sub(r"[^\w\-].*$", "", right)
    if not head or not tail_word:
        return None
    last_part = head.split("-")[-1]
    first_part = tail_word.split("-")[0]
    joined = (head + tail_word).lower()
    hyphened = (head + "-" + tail_word).lower()
    n_joined = vocab.get(joined, 0)
    n_hyph = vocab.get(hyphened, 0)
    if n_joined or n_hyph:
        return stem + right if n_joined >= n_hyph else None
    # Real hyphens: a digit or capital on either side (T-DM1, MK-2206,
    # anti-HER2, HER2-positive, DESTINY-Breast03) or an earlier hyphen in the
    # left part (PD-L1-positive).
    if not last_part.isalpha() or not first_part.isalpha():
        return None
    if "-" in head or not first_part.islower():
        return None
    if any(c.isupper() for c in last_part[1:]):
        return None
    # English compound numbers keep their hyphen ("Twenty-seven").
    if last_part.lower() in _TENS and first_part.lower() in _UNITS:
        return None
    # Both halves are words of this document but the joined form is not:
    # a compound ("cyclin-dependent", "dose-dense").
    if (
        len(last_part) > 2
        and len(first_part) > 2
        and vocab.get(last_part.lower(), 0) > 0
        and vocab.get(first_part.lower(), 0) > 0
    ):
        return None
    return stem + right
