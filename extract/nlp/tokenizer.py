"""Tokenizer rules for trial prose on top of spaCy's English defaults.

Decisions (tested in tests/test_nlp_tokenizer.py):
- Drug and trial codes stay ONE token: "T-DM1", "T-DXd", "MK-2206", "TQ-B3525",
  "DESTINY-Breast03", "PD-L1", "CNS-PFS". spaCy's default splits every hyphen
  between letters; here a hyphen splits only when one side is an ordinary
  lowercase word ("HER2-positive", "anti-HER2", "trastuzumab-based", "3-year").
- Numbers stay parseable: "62.7%" -> "62.7" "%"; a range "0.48–0.93" -> "0.48" "–" "0.93"
  (but "U3-1402" stays whole); "P=0.051" / "P<0.001" -> "P" "=" "0.051".
- "+" is always its own token ("HER2+" -> "HER2" "+", "Palbociclib+letrozole" ->
  three tokens) so that regimens split; "NCT04873362" is one token.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex

# The default rule that splits every letter-hyphen-letter sequence.
_DEFAULT_HYPHEN_MARKER = "(?:-|–|—|--|---|——|~)"

_DEFAULT_DIGIT_OPERATOR = r"(?<=[0-9])[+\-\*^](?=[0-9-])"

_EXTRA_INFIXES = [
    r"\+",  # regimens: "Palbociclib+letrozole", "KN026+KN046"
    r"(?<![A-Za-z][0-9])(?<=[0-9])[*^](?=[0-9])",
    # hyphen/dash when the left side ends in a lowercase word (>= 2 letters): anti-HER2, pan-PI3K
    # (not before a digit: "Keyriched-1", "day-8" stay whole)
    r"(?<=[a-z]{2})[-–—‐‑](?=[A-Za-z])",
    # hyphen/dash when the right side starts with a lowercase word: HER2-positive, 3-year, pCR-rate
    r"(?<=[A-Za-z0-9)])[-–—‐‑](?=[a-z]{2})",
    # numeric ranges: 0.48–0.93, 80-82 (not inside codes such as U3-1402)
    r"(?<![A-Za-z][0-9])(?<![A-Za-z])(?<=[0-9])[-–—‐‑−](?=[0-9])",
    # comparison signs glued to a number or a letter: P=0.051, P<0.001, n=743, ≥3
    r"(?<=[^\s])[=<>≤≥](?=[^\s])",
    r"(?<=[^\s=<>])[=<>≤≥]",
]


def customize_tokenizer(nlp: Language) -> None:
    """Replace the letter-hyphen-letter infix rule and add the number rules."""
    infixes = []
    for pattern in nlp.Defaults.infixes:
        if _DEFAULT_HYPHEN_MARKER in pattern and "(?=[" in pattern:
            continue  # the default letter-hyphen-letter split
        if pattern == _DEFAULT_DIGIT_OPERATOR:
            continue  # replaced: it split codes such as U3-1402
        infixes.append(pattern)
    infixes.extend(_EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer

