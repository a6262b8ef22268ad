"""Numbers and mentions that are not results: what the outcome rules must leave out.

Confidence levels ("95% CI"), statistics of something other than an endpoint's effect
(odds ratios, correlations, heterogeneity), patient history and baseline characteristics,
durations, labels ("stage 2") and values of measures the lexicon does not know.
"""
from __future__ import annotations

import re

Span = tuple[int, int]

# "95% CI", "99.5% CI", "95.05% confidence interval": the level is never a result
CI_LEVEL = re.compile(r"(?<![\d.])\d{2}(?:\.\d{1,2})?\s*%\s*(?:confidence\s+(?:intervals?|limits?)|C\.?I\b|CrI\b)",
                       re.IGNORECASE)

# statistics of something other than an endpoint's effect: odds/risk ratios, correlations, heterogeneity and
# publication-bias tests; their estimates, intervals and P values are not outcomes
_FOREIGN = re.compile(
    r"\b(?:RR|OR|aOR|IRR|SMD|WMD|I2|I\u00b2|Q)\b\s*[:=,(]?|\b[rR][WSsw]?\s*=|\u03c1|\u03c7\s*2|\u03c4\s*2|"
    r"(?i:\b(?:relative\s+risk|odds\s+ratio|risk\s+ratio|rate\s+ratio|correlation|spearman|pearson|kappa|"
    r"chi[\s-]*squared?|heterogeneity|egger'?s?|begg'?s?|publication\s+bias|mean\s+difference)\b)")

# "3 months of treatment": a duration, not a result
DURATION_OF = re.compile(r"\s+of\s+(?:treatment|therapy|exposure|follow[\s-]*up|observation)\b", re.IGNORECASE)
# "73.2% experienced POD24 at baseline", "41% had received prior X": a characteristic of the patients
AT_BASELINE = re.compile(r"\s*(?:of\s+(?:the\s+)?(?:patients|pts|participants|women|men)\s+)?(?:had|experienced|presented|were|was)\b"
                          r"[^;.]{0,60}?\bat\s+(?:baseline|diagnosis|enrol?lment|study\s+entry)\b", re.IGNORECASE)

# "PD within 24 months of first-line therapy", "discontinued due to progressive disease": patient history
# or a reason, not a result
WITHIN = re.compile(r"\s*(?:\([^()]{0,20}\)\s*)?within\s+\d+\s*(?:mo|mos|months?|years?|yrs?)\b", re.IGNORECASE)
DUE_TO = re.compile(r"\b(?:due\s+to|because\s+of|owing\s+to)\s+(?:\w+\s+)?$", re.IGNORECASE)
_MEASURE = re.compile(r"\b(?:median|mean)\s+(?!(?:of|was|were|is|value)\b)(?P<w>[A-Za-z][\w-]*)(?:\s+[\w-]+){0,2}?\s*"
                      r"(?:was|were|is|of|:)", re.IGNORECASE)


def unknown_measure(s: str, a: int, b: int, eps: list[tuple[int, int]]) -> bool:
    """"... and median TNT was": the value after s[a:b] measures something that is not a known endpoint;
    "... ranging from": the bound of a range."""
    if re.search(r"\branging\s+from\s*$", s[a:b], re.IGNORECASE):
        return True
    for m in _MEASURE.finditer(s, a, b):
        w0, w1 = m.start("w"), m.end("w")
        if not any(ea < w1 and eb > w0 for ea, eb in eps):
            return True
    return False


# "stage 2", "grade 3", "cycle 4", "arm 1": a label, not a number of interest
LABEL_NUM = re.compile(r"\b(?:stage|grade|cycle|phase|cohort|arm|part|day|level|step|line|period)\s+(?P<n>\d+)\b(?!\s*%)",
                        re.IGNORECASE)


def foreign_spans(s: str) -> list[Span]:
    """From an odds ratio, correlation or heterogeneity statistic to the end of its parenthesis or clause."""
    out = []
    for m in _FOREIGN.finditer(s):
        end = len(s)
        stop = re.compile(r"[)\];]|\bHR\b|hazard\s+ratio", re.IGNORECASE).search(s, m.end())
        if stop:
            end = stop.start() + (1 if stop.group(0) in ")];" else 0)
        out.append((m.start(), end))
    return out


# a study-design sentence: power, alpha and the difference a sample size is calculated to detect
DESIGN = re.compile(r"\b(?:\d+\s*%\s*power|power\s+(?:of\s+\d|to\s+detect)|sample[\s-]+sizes?\b[^.;]{0,40}?\b(?:calculat|estimat|detect)|"
                    r"to\s+detect\s+(?:a|an)\s+(?:\w+\s+){0,3}?(?:difference|reduction|increase)|"
                    r"(?:alpha|\u03b1)\s*(?:=|of)\s*0?\.\d)", re.IGNORECASE)
# an attrition analysis: those who completed the study compared with those who dropped out
ATTRITION = re.compile(r"\b(?:who\s+dropped\s+out|drop-?outs?\b|who\s+were\s+retained|who\s+completed\s+the\s+(?:study|trial)|"
                       r"completers\s+(?:and|vs\.?|versus)\s+non-?completers)", re.IGNORECASE)
# "to 18-month follow-up", "at the 6-week visit": a time of assessment, not a value
ASSESSMENT_TIME = re.compile(r"(?<![\d.])(?P<n>\d+)[\s-]*(?:months?|weeks?|years?|days?)[\s-]+(?:follow[\s-]*ups?|visits?|"
                             r"assessments?|time[\s-]*points?)\b", re.IGNORECASE)
