"""Numeric outcomes in one sentence or table cell, each tied to an endpoint.

Input is a string plus the endpoint mentions in it (local offsets) and the
ranges that are not numbers of interest (drug codes, trial names, citations,
sample sizes). Output is a list of `records.Outcome` without page: the caller
adds page and evidence.

Order of work: statistics with a label first (CI, HR, P, follow-up, counts,
differences), then chains of arm values ("62.7 vs. 62.4%", "86 and 50%",
"Arm A: 33%; B1: 42.8%"), then each chain gets its endpoint from the text
before it, or right after it, or by pairing "median OS and PFS were 22 and 5.6 m".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.records import Outcome
from extract.relations.cues import alternation
from extract.relations.estimates import about_difference, labelled_estimates
from extract.relations.filters import (
    ASSESSMENT_TIME, AT_BASELINE, CI_LEVEL, DUE_TO, DURATION_OF, LABEL_NUM, WITHIN, foreign_spans, unknown_measure,
)
from extract.relations.numbers import WORD_NUM, Num, normalize, parse_number, scan_fractions, scan_numbers, scan_p_values
from extract.relations.timepoints import landmark_endpoint, time_to_event, timed_endpoint

Span = tuple[int, int]


@dataclass(frozen=True)
class EP:
    """An endpoint mention, offsets local to the analysed string."""

    start: int
    end: int
    name: str


_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)"
_CI_RE = re.compile(
    rf"(?<![\d.])(?P<lvl>\d{{2}}(?:\.\d{{1,2}})?)\s*%\s*(?:confidence\s+intervals?|CI)(?:\s*[(\[][^()\[\]]{{0,20}}[)\]])?"
    rf"\s*(?:[:=,]|of|was)?\s*"
    rf"[\[(]?\s*(?P<a>-?{_NUM})\s*%?\s*(?:-|to|,|;)\s*(?:(?P<b>-?{_NUM})\s*%?|(?P<ne>NE|NR|NA|not\s+(?:estimable|reached|evaluable)))"
    rf"\s*[\])]?",
    re.IGNORECASE,
)
# "CI 95% 1.16-3.50": the level written after "CI"
_CI_REV = re.compile(
    rf"\bC\.?I\s*(?P<lvl>\d{{2}}(?:\.\d{{1,2}})?)\s*%\s*[:=,]?\s*[\[(]?\s*(?P<a>-?{_NUM})\s*%?\s*(?:-|to|,|;)\s*"
    rf"(?:(?P<b>-?{_NUM})\s*%?|(?P<ne>NE|NR|NA))\s*[\])]?")
_HR_RE = re.compile(
    rf"(?:hazard\s+ratio|\bHR)(?:\s*\((?:HR|aHR)\))?(?:\s+for\s+[\w\s-]{{1,30}}?)?\s*(?:[:=,]|of|was|was\s+of)?\s*(?:\[|\()?\s*(?P<v>{_NUM})",
    re.IGNORECASE,
)
# a period of time, not a value: "during the first 6 months", "within 30 days of", "over 12 weeks"
_PERIOD = re.compile(r"\b(?:during|within|over|throughout|following|up\s+to)\s+(?:the\s+)?(?:first\s+|initial\s+|"
                     r"last\s+|next\s+|subsequent\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?:months?|weeks?|days?|years?|hours?|h)\b",
                     re.IGNORECASE)
_COUNT_BEFORE_SHARE = re.compile(rf"(?<![\w.,/])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|(?i:{WORD_NUM}))\s*[(\[]\s*(?:<\s*)?$")
_OF_TOTAL = re.compile(r"[\d.]*\s*%\s*[)\]]\s*of\s+(?P<d>\d{1,3}(?:,\d{3})+|\d+)\b")
_FOLLOW_RE = re.compile(
    rf"median\s+(?:duration\s+of\s+|\w+\s+){{0,2}}?follow[\s-]*up(?:\s+time)?\s*(?:of|was|:|=)?\s*(?P<v>{_NUM})\s*(?:months?|mos?|m)\b",
    re.IGNORECASE,
)
_ASSESSABLE = re.compile(r"\b(?:assessable|evaluable|analy[sz]able)\s+(?:\w+\s+){0,2}?(?:for|in)\b", re.IGNORECASE)
_GROUP_FOLLOW = re.compile(rf"(?<![\d.])(?P<v>{_NUM})\s*(?:months?|mos?)\s*(?P<paren>[(\[](?:[^()\[\]]|\[[^\]]*\])*[)\]])?\s*"
                           r"(?:in|for)\s+the\s+(?P<arm>[\w\s+-]{1,30}?)\s+(?:group|arm|cohort)\b", re.IGNORECASE)
_COUNT_RE = re.compile(
    r"(?P<v>\S+(?:-\S+)?)\s+(?:\(\d+(?:\.\d+)?%\)\s+)?(?:of\s+(?:the\s+)?(?:\d+\s+)?)?(?:patients|participants|women|men|subjects|pts)\s+"
    rf"(?:\w+\s+)?(?:{alternation('count_verbs')})\s+(?:an?\s+|the\s+)?$"
    # "28 (34.2%) complete responses"
    r"|(?<![\w.])(?P<v2>\d+)\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+(?:(?:had|achieved|with)\s+)?(?:an?\s+)?$",
    re.IGNORECASE,
)
_DIED = re.compile(rf"(?<![\w.,])(?P<v>\d+|(?i:{WORD_NUM}))\s+(?:\(\d+(?:\.\d+)?\s*%\)\s+)?(?:patients|participants|"
                   r"people|women|men|children|infants|subjects|pts)\s+(?:\w+\s+)?died\b", re.IGNORECASE)
# "46 deaths and 27 deaths were observed in the two groups": counts of deaths
_DEATHS = re.compile(rf"(?<![\w.,])(?P<v>\d+|(?i:{WORD_NUM}))\s+deaths\b(?=[^.;]{{0,60}}?\b(?:were|was)\s+"
                     r"(?:observed|recorded|reported|seen)\b)", re.IGNORECASE)
_NO_RE = re.compile(r"\b(?:no|without\s+any|zero)\s+$", re.IGNORECASE)
_NO_BLOCK_AFTER = re.compile(r"^\s*(?:differences?|benefit|improvement|advantage|effect|impact|change)", re.IGNORECASE)
_DIFF_AFTER = re.compile(rf"^\s*(?:\([^()]{{0,60}}\)\s*)?(?:{alternation('difference_nouns')})", re.IGNORECASE)
_EVENT_BEFORE = re.compile(r"\bevents?\s+(?:\w+\s+){0,3}?(?:in|among|for)\s+(?:only\s+)?$", re.IGNORECASE)
_THRESHOLD_BEFORE = re.compile(
    rf"(?:\b(?:{alternation('threshold_words')})|>=|<=|\u2265|\u2264|[<>])\s*$", re.IGNORECASE,
)
# "PD-L1 expression of 1% or more": a threshold of a biomarker or eligibility, not a result
_THRESHOLD_AFTER = re.compile(r"^\s*%?\s*or\s+(?:more|greater|higher|above|less|lower|fewer|below)\b", re.IGNORECASE)
# "observed in 46 patients (37.1%": the count of the patients behind a rate
_RATE_COUNT = re.compile(r"\b(?:in|among|for|by)\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:of\s+(?:the\s+)?\d+\s+)?"
                         r"(?:patients|participants|women|men|subjects|pts)\s*\(\s*(?P<p>\d+(?:\.\d+)?)\s*%", re.IGNORECASE)
# "HR for death 0.58": the event named after the ratio gives its endpoint
_HR_EVENT = ((re.compile(r"^\s*for\s+(?:(?:disease\s+)?progression\s+or\s+death|death\s+or\s+(?:disease\s+)?progression)\b",
                         re.IGNORECASE), "PFS"),
             (re.compile(r"^\s*for\s+(?:death|dying)\b(?!\s+or\b)", re.IGNORECASE), "OS"))
_BARE_INTERVAL = re.compile(rf"^\s*[(\[]\s*(?P<a>{_NUM})\s*(?:-|to|,)\s*(?P<b>{_NUM})\s*[)\]]")
_CONNECTOR = re.compile(r"^\s*(?:\([^()]{0,60}\)\s*)?(?:,\s*)?(?:vs\.?|versus|v\.?|and|or|to|compared\s+(?:with|to))\s*"
                        r"(?:\(?\s*)?$|^\s*,\s*$",
                        re.IGNORECASE)
_ARM_LABEL = re.compile(r"(?<![\w-])(?:(?:arms?|cohorts?|groups?|parts?)\s+)?(?P<lab>[A-Z][A-Za-z]?\d?|\d)\s*:\s*$", re.IGNORECASE)
_ARM_GAP = re.compile(r"^\s*[;,]\s*(?:(?:arms?|cohorts?|groups?|parts?)\s+)?(?P<lab>[A-Z][A-Za-z]?\d?|\d)\s*:\s*$", re.IGNORECASE)
_CITATION_RES = (
    re.compile(r"\[[\d,\s\-\u2013\u2014;]+\]"),
    re.compile(r"\^\{[^}]*\}"),
    re.compile(r"\([^()]*\bet\s+al\.?[^()]*\)"),
    re.compile(r"\([^()]*\b(?:19|20)\d\d[a-z]?\s*\)"),
    # spreads are not results: "(range, 1.2-20.3 months)", "(IQR 4-9)"
    re.compile(r"\(\s*(?:range|IQR|interquartile\s+range)\b[^()]*\)", re.IGNORECASE),
)


def _hr_event(text: str) -> str | None:
    """The endpoint of the last hazard ratio in `text` when the event is named: "HR for death" -> OS."""
    hms = list(re.finditer(r"(?:hazard\s+ratio|\bHR)(?:\s*\((?:HR|aHR)\))?", text, re.IGNORECASE))
    if not hms:
        return None
    for rx, name in _HR_EVENT:
        if rx.match(text[hms[-1].end():]):
            return name
    return None


def _masked(pos: tuple[int, int], masks: list[Span]) -> bool:
    a, b = pos
    return any(a < e and b > s for s, e in masks)


def _ep_after(eps: list[EP], pos: int, text: str, max_gap: int = 3) -> EP | None:
    for ep in eps:
        if ep.start >= pos and ep.start - pos <= max_gap and re.fullmatch(r"[\s()]*", text[pos:ep.start]):
            return ep
    return None


def _eps_between(eps: list[EP], a: int, b: int) -> list[EP]:
    out: list[EP] = []
    for ep in eps:
        if ep.start >= a and ep.end <= b and (not out or out[-1].name != ep.name):
            out.append(ep)
    return out


@dataclass
class _Chain:
    nums: list[Num]
    labels: list[str | None]

    @property
    def start(self) -> int:
        return self.nums[0].start

    @property
    def end(self) -> int:
        return self.nums[-1].end


def citation_spans(text: str) -> list[Span]:
    """Reference markers and author-year citations: numbers in them are never results."""
    out = []
    for rx in _CITATION_RES:
        out.extend((m.start(), m.end()) for m in rx.finditer(text))
    return out


_UNIT_AFTER = {"m": "months", "%": "%"}
_GAIN_IN = re.compile(rf"^[\s-]*(?:\w+\s+)?(?:{alternation('difference_nouns')})\s+(?:in|of)\s+"
                      r"(?:the\s+)?", re.IGNORECASE)
_BARE_GAIN = re.compile(rf"^[\s-]*(?:{alternation('difference_nouns')})\b(?!\s+(?:in|of)\b)", re.IGNORECASE)
# "stopped due to progressive disease" is a reason; "stopped due to adverse events" is itself an outcome
_PROGRESSION = re.compile(r"^(?:PD|[A-Za-z-]*PFS|OS|progression|progressive\s+disease|death)$", re.IGNORECASE)
_ARM_PHRASE = re.compile(r"\s*(?:[(\[][^()\[\]]{0,60}[)\]]\s*)?,?\s*(?:for|in|with)\s+(?:the\s+)?[^,;()\[\]\d]{1,40}?,?\s+"
                         r"(?:and|vs\.?|versus|(?:as\s+)?compared\s+with)\s+", re.IGNORECASE)
_EVENT_COUNT = re.compile(r"(?<![\w.])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:patients|participants|women|men|subjects|pts)"
                          r"\s*\(\s*(?P<p>\d+(?:\.\d+)?)\s*%\s*\)", re.IGNORECASE)
# "median OS and PFS were 19 and 7.5 months": endpoints coordinated in one phrase pair with values in order
_COORD = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(?:,|;|/|,?\s*(?:and|or|&))\s*(?:(?:the|an?|median|mean)\s+)*", re.IGNORECASE)
_POINTS = re.compile(rf"(?P<v>{_NUM})\s*(?:percentage|%)[\s-]*points?\b", re.IGNORECASE)
# a relative change of risk: "the risk of death was about 40% lower", "a 30% reduction in the risk of
# progression", "an increased risk of death of 125%", "reduced the risk of death by 25%"
_RISK = r"(?:instant(?:aneous)?\s+)?(?:risk|hazard|odds|rate)s?\s+of\s+(?:\w+\s+){0,4}?"
# "Fewer than 1% of participants had A, B, and C": one share for every measure listed after it
_SHARE_HAD = re.compile(rf"(?:(?P<rel>fewer\s+than|less\s+than|more\s+than|under|over|up\s+to|<|>)\s*)?(?P<v>{_NUM})\s*%\s+"
                        rf"of\s+(?:the\s+)?(?:\w+\s+)?(?:{alternation('patient_nouns')}|people)\s+"
                        r"(?:\w+\s+)?(?:had|experienced|reported|developed)\b", re.IGNORECASE)
_SHARE_REL = {"fewer than": "<", "less than": "<", "under": "<", "more than": ">", "over": ">", "up to": "<="}
# "Such hypotension was reported in up to 22% of participants": a bounded share of the measure before it
_SHARE_IN = re.compile(rf"\b(?:occurred|reported|observed|seen|noted|developed)\s+in\s+"
                       rf"(?P<rel>up\s+to|more\s+than|fewer\s+than|less\s+than|over|under)\s+(?P<v>{_NUM})\s*%\s+of\b",
                       re.IGNORECASE)
_AND_SHARE = re.compile(rf"\s*%?\s*(?:\([^()]{{0,30}}\)\s*)?(?:,|and|or)\s+(?P<v>{_NUM})\s*%")
_RISK_CHANGE = re.compile(
    rf"\b{_RISK}(?:\w+\s+){{0,6}}?(?:was|were|is)\s+(?:about\s+|approximately\s+|nearly\s+|almost\s+)?"
    rf"(?P<v>{_NUM})\s*%\s+(?:\w+\s+)?(?:lower|higher|reduced|increased|smaller|greater)"
    rf"|\b(?:increased|decreased|reduced|higher|lower|elevated)\s+{_RISK}(?:of|by)\s+(?P<v2>{_NUM})\s*%"
    rf"|\breduced\s+(?:the\s+)?{_RISK}by\s+(?P<v3>{_NUM})\s*%"
    rf"|\b(?P<v4>{_NUM})\s*%\s+(?:relative\s+)?(?:reduction|decrease|increase|lower|higher)\s+(?:in\s+(?:the\s+)?)?{_RISK}",
    re.IGNORECASE)
# a sentence end inside a run-on "sentence" (missing space after a period): endpoints do not carry over it
_BOUNDARY = re.compile(r"[a-z]{2}[.!?]\s*[A-Z][a-z]")
_LEAD_MONTHS = re.compile(r"^(?P<v>\S+?)[\s-]+months?[\s-]+", re.IGNORECASE)


_LIST_ITEM = re.compile(r"[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,4}")


def share_list(s: str, start: int, known: list[EP]) -> list[EP]:
    """The measures listed after "1% of participants had": the known ones, and the other items
    of the same comma list ("eyelid swelling, ocular discomfort, tearing or watery eyes, blurred
    vision, and photophobia"), named as written, when the list holds a known measure."""
    end = min([k for k in (s.find(".", start), s.find(";", start)) if k >= 0] + [len(s)])
    spans, pos = [], start
    for piece in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+", s[start:end]):
        k = s.find(piece, pos)
        spans.append((k, k + len(piece), piece.strip()))
        pos = k + len(piece)
    items = [(a, b, t) for a, b, t in spans if t]
    if len(items) < 3 or not all(_LIST_ITEM.fullmatch(t) for _, _, t in items):
        return known
    inside = [e for e in known if e.end <= end]
    if not inside:
        return known
    out = []
    for a, b, t in items:
        hit = next((e for e in inside if a <= e.start < b), None)
        out.append(hit if hit is not None else EP(a + (len(s[a:b]) - len(s[a:b].lstrip())), b, t.lower()))
    return out + [e for e in known if e.start >= end]


def difference_endpoints(text: str, endpoints: list[EP]) -> list[EP]:
    """"a seven-month PFS benefit" tagged as the endpoint "7-month PFS": it is PFS with a difference.

    Returns the endpoints with such a timepoint prefix taken off the name.
    """
    s = normalize(text)
    out = []
    for ep in endpoints:
        surface = s[ep.start:ep.end] if ep.start >= 0 else ""
        if surface and _LEAD_MONTHS.match(surface) and _DIFF_AFTER.match(s[ep.end:]):
            name = re.sub(r"^\S+?[\s-]+months?[\s-]+", "", ep.name, flags=re.IGNORECASE)
            if name != ep.name:
                # keep the number outside the endpoint span so the difference rule sees it
                cut = _LEAD_MONTHS.match(surface).end()
                out.append(EP(ep.start + cut, ep.end, name))
                continue
        out.append(ep)
    return out


def find_outcomes(text: str, endpoints: list[EP], masks: list[Span] = (), *,
                  arms: list[str] | None = None, paired_endpoints: bool = False,
                  default_endpoint: str | None = None, timed: dict[str, set[str]] | None = None) -> list[Outcome]:
    """Outcomes in `text`. `masks`: ranges whose numbers are not results (entity names, sizes).
    `timed`: measures the paper declares at times (`timepoints.declared_times`).

    `paired_endpoints`: a table cell whose endpoints come from another column
    (`endpoints` then have offsets -1); chains pair with them in order.
    """
    s = normalize(text)
    eps = sorted(difference_endpoints(text, endpoints), key=lambda e: e.start)
    # "PD within 24 months of first-line therapy", "discontinued due to progressive disease": patient history
    # or a reason, not a result; values tied to these mentions are dropped (name "")
    eps = [EP(e.start, e.end, "") if e.start >= 0 and (
        WITHIN.match(s[e.end:]) or (DUE_TO.search(s[:e.start]) and _PROGRESSION.match(e.name)))
        else e for e in eps]
    masks = list(masks) + citation_spans(s) + [(e.start, e.end) for e in eps if e.start >= 0]
    masks += [(m.start(), m.end()) for m in CI_LEVEL.finditer(s)]
    masks += [(m.start(), m.start("a")) for m in _CI_REV.finditer(s)]
    masks += [(m.start("n"), m.end("n")) for m in LABEL_NUM.finditer(s)]
    masks += [(m.start("n"), m.end()) for m in _PERIOD.finditer(s)]  # "during the first 6 months": a time
    masks += [(m.start("n"), m.end()) for m in ASSESSMENT_TIME.finditer(s)]  # "to 18-month follow-up": a time
    foreign = foreign_spans(s)
    body_eps = [e for e in eps if e.start >= 0]
    out: list[tuple[int, Outcome]] = []
    used: list[Span] = []
    voids: list[int] = []  # positions of values dropped for an unknown measure

    def add(pos: int, **kw) -> None:
        out.append((pos, Outcome(**kw, at=pos)))

    def ep_before(pos: int) -> EP | None:
        prev = [e for e in body_eps if e.end <= pos]
        return prev[-1] if prev else None

    def ep_after_any(pos: int) -> EP | None:
        nxt = [e for e in body_eps if e.start >= pos]
        return nxt[0] if nxt else None

    def stat_endpoint(pos: int) -> str | None:
        # the endpoint of the nearest value before, else the nearest mention before, else after
        before = sorted(((p, o) for p, o in out if p < pos and o.statistic is None and o.endpoint), key=lambda t: t[0])
        void = [v for v in voids if v < pos]
        if void and (not before or void[-1] > before[-1][0]):
            return ""  # the interval of a value that was dropped (an unknown measure)
        if before:
            return before[-1][1].endpoint
        ep = ep_before(pos) or ep_after_any(pos)
        if ep:
            return ep.name
        return eps[0].name if eps else None

    # ---- labelled statistics
    for m in [*_CI_RE.finditer(s), *_CI_REV.finditer(s)]:
        if _masked((m.start("a"), m.end()), masks):
            continue
        used.append((m.start(), m.end()))
        ep = None  # resolved at the end, from the value the interval follows
        add(m.start("a"), endpoint=ep, statistic="CI_low", value=float(m.group("a").replace(",", "")))
        if m.group("b"):
            add(m.start("b"), endpoint=ep, statistic="CI_high", value=float(m.group("b").replace(",", "")))
        # an estimate right before "(95% CI ...)" is the ratio when a hazard ratio is named in the clause
        pre = s[:m.start()]
        em = re.search(rf"(?P<v>{_NUM})\s*[(\[,;]?\s*$", pre)
        if em and re.search(r"hazard\s+ratio|\bHR\b", pre[max(0, em.start() - 80):em.start()], re.IGNORECASE):
            if not _masked((em.start("v"), em.end("v")), masks) and not any(a <= em.start("v") < b for a, b in used):
                used.append((em.start("v"), em.end("v")))
                add(em.start("v"), endpoint=_hr_event(pre[max(0, em.start() - 80):em.start()]),
                    statistic="HR", value=float(em.group("v")))
    for m in _HR_RE.finditer(s):
        v = (m.start("v"), m.end("v"))
        if _masked(v, masks) or any(o.statistic == "HR" and p == v[0] for p, o in out):
            continue
        if any(a <= v[0] < b for a, b in used):
            continue
        used.append(v)
        hr_ep = _hr_event(m.group(0))
        add(v[0], endpoint=hr_ep, statistic="HR", value=float(m.group("v")))
        bi = _BARE_INTERVAL.match(s[v[1]:])
        if bi and not any(a <= v[1] + bi.start("a") < b for a, b in used):
            # "HR for death 0.58 (0.42-0.79)", "HR 0.61 (0.45-0.83)": the interval of the ratio
            used.append((v[1], v[1] + bi.end()))
            add(v[1] + bi.start("a"), endpoint=hr_ep, statistic="CI_low", value=float(bi.group("a").replace(",", "")))
            add(v[1] + bi.start("b"), endpoint=hr_ep, statistic="CI_high", value=float(bi.group("b").replace(",", "")))
    for pv in scan_p_values(s):
        used.append((pv.start, pv.end))
        add(pv.start, endpoint=None, statistic="p", value=pv.value, relation=pv.relation)
    for m in _FOLLOW_RE.finditer(s):
        used.append((m.start("v"), m.end()))
        # a follow-up is the analysis' time, not a result of the measure reported at it ("At a median
        # follow-up of 13.3 months, median PFS was 18.5"): tied only where its own words name one
        # ("median OS follow-up of 50 months")
        ep = next((e for e in body_eps if m.start() <= e.start and e.end <= m.start("v")), None)
        add(m.start("v"), endpoint=ep.name if ep else None, statistic="median_follow_up",
            value=float(m.group("v")), unit="months")
        paren = re.match(r"\s*[(\[][^()\[\]]{0,60}[)\]]", s[m.end():])
        if paren:
            foreign.append((m.end(), m.end() + paren.end()))  # "(95% CI 10.4-13.3)" of the follow-up itself
        # "..., ranging from 13.8 months (95% CI ...) for the ICI group, to 22.9 months for the other group"
        stop = s.find(". ", m.end())
        for g in _GROUP_FOLLOW.finditer(s, m.end(), len(s) if stop < 0 else stop):
            used.append((g.start("v"), g.end("v")))
            add(g.start("v"), endpoint=ep.name if ep else None, statistic="median_follow_up",
                value=float(g.group("v")), unit="months", arm=g.group("arm"))
            if g.group("paren"):
                foreign.append((g.start("paren"), g.end("paren")))
    for m in _POINTS.finditer(s):
        if _masked((m.start(), m.end()), masks):
            continue
        used.append((m.start("v"), m.end()))
        add(m.start("v"), endpoint=None, statistic="difference", value=float(m.group("v")), unit="%")
    for e in labelled_estimates(s, lambda a, b: not _masked((a, b), masks) and not any(x <= a < y for x, y in used)):
        used.append((e.pos, e.end))
        ep = ep_before(e.pos)
        add(e.pos, endpoint=ep.name if ep else None, statistic=e.statistic, value=e.value, unit=e.unit, arm=e.arm)
    for m in _SHARE_HAD.finditer(s):
        a = m.start("v")
        listed = share_list(s, m.end(), [e for e in body_eps if e.start >= m.end() and e.name])
        if _masked((a, m.end("v")), masks) or any(x <= a < y for x, y in used) or len(listed) < 2:
            continue
        used.append((m.start(), m.end()))
        rel = m.group("rel")
        rel = _SHARE_REL.get(re.sub(r"\s+", " ", rel.lower()), rel) if rel else None
        for e in listed:
            add(e.start, endpoint=e.name, value=float(m.group("v")), unit="%", relation=rel)
    for m in _SHARE_IN.finditer(s):
        a, ep = m.start("v"), ep_before(m.start())
        if ep is None or not ep.name or _masked((a, m.end("v")), masks) or any(x <= a < y for x, y in used):
            continue
        used.append((a, m.end("v")))
        add(a, endpoint=ep.name, value=float(m.group("v")), unit="%",
            relation=_SHARE_REL[re.sub(r"\s+", " ", m.group("rel").lower())])
    for m in _RISK_CHANGE.finditer(s):
        g = next(k for k in ("v", "v2", "v3", "v4") if m.group(k))
        a, b = m.start(g), m.end(g)
        if _masked((a, b), masks) or any(x <= a < y for x, y in used):
            continue
        used.append((a, b + 1))
        ep = ep_before(a) or ep_after_any(m.start())
        add(a, endpoint=time_to_event(ep.name) if ep else None, statistic="difference", value=float(m.group(g)),
            unit="%")
        nxt = _AND_SHARE.match(s[b:])  # "of 63% (model 1) and 65% (model 2)"
        if nxt and not any(x <= b + nxt.start("v") < y for x, y in used):
            used.append((b + nxt.start("v"), b + nxt.end("v") + 1))
            add(b + nxt.start("v"), endpoint=time_to_event(ep.name) if ep else None, statistic="difference",
                value=float(nxt.group("v")), unit="%")
    # "events occurred in 171 patients (7.1%)": a count and an event rate per arm
    ev = re.search(r"\bevents?\b", s)
    for m in _EVENT_COUNT.finditer(s):
        if ev is None or ev.start() > m.start() or _masked((m.start(), m.end()), masks):
            continue
        used.extend([(m.start("n"), m.end("n")), (m.start("p"), m.end())])
        add(m.start("n"), endpoint=None, statistic="n", value=float(m.group("n").replace(",", "")))
        add(m.start("p"), endpoint=None, statistic="event_rate", value=float(m.group("p")), unit="%")
    for n, d, a, b in scan_fractions(s):
        if _masked((a, b), masks) or any(x <= a < y for x, y in used):
            continue
        used.append((a, b))
        if _ASSESSABLE.search(s[:a]):
            continue  # "response was assessable for 132/141 ... and 97/102 patients": who was analysed
        add(a, endpoint=None, statistic="n", value=float(n), denominator=d)
    # "two participants died": a count of deaths, though no measure is named
    for m in [*_DIED.finditer(s), *_DEATHS.finditer(s)]:
        v = parse_number(m.group("v"))
        if v is None or v != int(v) or _masked((m.start("v"), m.end("v")), masks) or \
                any(x <= m.start("v") < y for x, y in used):
            continue
        used.append((m.start("v"), m.end("v")))
        add(m.start("v"), endpoint="deaths", statistic="n", value=v)
    # counts and "no responses": "Forty-six patients achieved a pCR", "no objective responses"
    for ep in body_eps:
        head = s[max(0, ep.start - 80):ep.start]
        cm = _COUNT_RE.search(head)
        if cm:
            g = "v" if cm.group("v") is not None else "v2"
            v = parse_number(cm.group(g))
            if v is not None and v == int(v):
                a = ep.start - len(head) + cm.start(g)
                used.append((a, a + len(cm.group(g))))
                add(a, endpoint=ep.name, statistic="n", value=v)
                continue
        if _NO_RE.search(head[-20:]) and not _NO_BLOCK_AFTER.match(s[ep.end:]):
            add(ep.start, endpoint=ep.name, statistic="n", value=0.0)

    # ---- arm values
    nums = [n for n in scan_numbers(s)
            if not _masked((n.start, n.end), masks) and not any(a <= n.start < b for a, b in used)]
    # "18.5 (95% CI, 10.2-NE) months": the unit after a parenthesis
    nums = [Num(n.value, n.start, n.end, _UNIT_AFTER[um.group(1).lower()[:1]], n.text, n.spelled, n.decimals)
            if n.unit is None and (um := re.match(r"\s*\([^()]{1,60}\)\s*(months?\b|mo\b|%)", s[n.end:], re.I))
            else n for n in nums]
    chains: list[_Chain] = []
    for n in nums:
        if chains:
            last = chains[-1]
            gap = s[last.end:n.start]
            if _CONNECTOR.match(gap) and not _THRESHOLD_BEFORE.search(gap):
                last.nums.append(n)
                last.labels.append(None)
                continue
            lm = _ARM_GAP.match(gap)
            if lm and last.labels[0] is not None:
                last.nums.append(n)
                last.labels.append(lm.group("lab"))
                continue
        lab = _ARM_LABEL.search(s[max(0, n.start - 20):n.start])
        chains.append(_Chain([n], [lab.group("lab") if lab else None]))
    # shared unit: "62.7 vs. 62.4%" -> both %
    for c in chains:
        unit = next((x.unit for x in reversed(c.nums) if x.unit), None)
        if unit:
            c.nums = [x if x.unit else Num(x.value, x.start, x.end, unit, x.text, x.spelled, x.decimals) for x in c.nums]
    # "(OS 11.9 and PFS 3.9 m)": a unitless chain borrows from the next one across "and <endpoint>"
    for i, c in enumerate(chains[:-1]):
        if any(x.unit for x in c.nums):
            continue
        nxt = chains[i + 1]
        gap = s[c.end:nxt.start]
        between = _eps_between(body_eps, c.end, nxt.start)
        bare = gap
        for e in sorted(between, key=lambda e: -e.start):
            bare = bare[:e.start - c.end] + " " + bare[e.end - c.end:]
        if between and len(gap) < 30 and re.fullmatch(r"\s*(?:,|and|;)[\s,;]*(?:and\s+)?(?:median\s+)?\s*", bare):
            unit = nxt.nums[-1].unit
            if unit in ("%", "months"):
                c.nums = [Num(x.value, x.start, x.end, unit, x.text, x.spelled, x.decimals) for x in c.nums]
        elif not between and _ARM_PHRASE.fullmatch(gap) and nxt.nums[0].unit in ("%", "months"):
            # "11.3 (95% CI 7.2-NR) for arm A and 10.6 months for arm B": both are months
            unit = nxt.nums[0].unit
            c.nums = [Num(x.value, x.start, x.end, unit, x.text, x.spelled, x.decimals) for x in c.nums]

    prev_end = 0
    last_ep: str | None = None
    col_eps = [e for e in eps if e.start < 0]
    valid_chains = []
    for c in chains:
        c.nums = [x for x in c.nums if x.unit in ("%", "months")
                  and not _THRESHOLD_BEFORE.search(s[max(0, x.start - 14):x.start])
                  and not _THRESHOLD_AFTER.match(s[x.end:])
                  and not (x.unit == "months" and DURATION_OF.match(s[x.end:]))
                  and not AT_BASELINE.match(s[x.end:])]
        if c.nums:
            valid_chains.append(c)
    for ci, c in enumerate(valid_chains):
        k = len(c.nums)
        names: list[str | None]
        if paired_endpoints and col_eps:
            if len(valid_chains) == len(col_eps):
                names = [col_eps[ci].name] * k
            elif len(valid_chains) == 1 and k == len(col_eps) and k > 1 and not arms:
                names = [e.name for e in col_eps]
            else:
                names = [col_eps[min(ci, len(col_eps) - 1)].name] * k
        else:
            after = _ep_after(body_eps, c.end, s)
            window = _eps_between(body_eps, prev_end, c.start)
            src = prev_end
            if after and k == 1:
                names = [after.name]
            elif k >= 2 and len(window) == k and all(
                    _COORD.fullmatch(s[a.end:b.start]) for a, b in zip(window, window[1:])):
                names = [e.name for e in window]
            elif window:
                names = [window[-1].name] * k
                src = window[-1].end
            elif last_ep is not None and not _BOUNDARY.search(s[prev_end:c.start]):
                names = [last_ep] * k
            else:
                ep = ep_before(c.start)
                if ep is not None and _BOUNDARY.search(s[ep.end:c.start]):
                    ep = None
                if ep is not None:
                    src = ep.end
                ep = ep or ep_after_any(c.end)
                names = [ep.name if ep else default_endpoint] * k
            spans = [(e.start, e.end) for e in body_eps]
            if not (after and k == 1) and unknown_measure(s, max(src, prev_end), c.start, spans):
                names = [None] * k  # "median TNT was 4.3 months": a measure the lexicon does not know
        stat = None
        if _EVENT_BEFORE.search(s[max(0, c.start - 60):c.start]):
            stat = "event_rate"
        for j, (x, nm, lab) in enumerate(zip(c.nums, names, c.labels)):
            if not nm:
                continue
            arm = lab
            if arms and len(arms) == k:
                arm = arms[j]
            st = stat
            # "a seven-month PFS benefit": a between-arm difference
            ep_next = _ep_after(body_eps, x.end, s, max_gap=2)
            gain = _GAIN_IN.match(s[x.end:]) if x.unit == "months" and k == 1 else None
            gain_ep = None
            if gain:
                gain_ep = _ep_after(body_eps, x.end + gain.end(), s, max_gap=1)
                if gain_ep is None and re.match(r"median\s+", s[x.end + gain.end():], re.IGNORECASE):
                    gain_ep = _ep_after(body_eps, x.end + gain.end() + 7, s, max_gap=2)
            if ep_next and x.unit == "months" and k == 1 and _DIFF_AFTER.match(s[ep_next.end:]):
                st = "difference"
                nm = ep_next.name
            elif gain_ep is not None:
                # "a 4.5-month improvement in median OS"
                st, nm = "difference", gain_ep.name
            elif x.unit == "months" and k == 1 and _BARE_GAIN.match(s[x.end:]):
                st = "difference"  # "..., a 15.7-month improvement that ...": the last endpoint's gain
            elif ep_next and x.unit == "months" and k == 1 and re.match(r"^[\s-]*$", s[x.end:ep_next.start]) \
                    and "-" in s[x.start:ep_next.start]:
                continue  # "6-month PFS of 90%": the timepoint, not a value
            if st is None and x.unit == "%":
                nm = landmark_endpoint(s, c.start, nm)
            add(x.start, endpoint=nm, statistic=st, value=x.value, unit=x.unit, arm=arm)
        prev_end = c.end
        if all(not n for n in names):
            voids.extend(x.start for x in c.nums)
            last_ep = ""  # later values of the same run measure the same unknown thing
        else:
            last_ep = names[-1] or last_ep
    # "an objective response was observed in 46 patients (37.1%)": n of the rate's endpoint
    for m in _RATE_COUNT.finditer(s):
        a = m.start("n")
        if _masked((a, m.end("n")), masks) or any(x <= a < y for x, y in used) or any(p == a for p, _ in out):
            continue
        rate = next((o for p, o in out if p == m.start("p") and o.statistic is None and o.unit == "%" and o.endpoint), None)
        if rate is not None:
            add(a, endpoint=rate.endpoint, statistic="n", value=float(m.group("n").replace(",", "")), arm=rate.arm)
    # "967 (99%) of 978", "moxidectin 43 [4%]": the count before a bracketed share is an outcome too
    for pos, o in list(out):
        if o.statistic is not None or o.unit != "%":
            continue
        cm = _COUNT_BEFORE_SHARE.search(s[:pos])
        if cm is None:
            continue
        a = cm.start("n")
        if _masked((a, cm.end("n")), masks) or any(p == a for p, _ in out) or any(x <= a < y for x, y in used):
            continue
        den = _OF_TOTAL.match(s[pos:])
        count = parse_number(cm.group("n"))  # "seven [1%] of 494": spelled-out counts are numbers
        if count is None or count != int(count):
            continue
        add(a, endpoint=o.endpoint, statistic="n", value=count, arm=o.arm,
            denominator=int(den.group("d").replace(",", "")) if den else None)
    # p-values and bare statistics take the endpoint of the value before them
    result = []
    after_hr = False  # CI and p right after a hazard ratio belong to the ratio's endpoint
    hr_ep: str | None = None
    for pos, o in sorted(out, key=lambda t: t[0]):
        if any(a <= pos < b for a, b in foreign):
            continue
        if o.endpoint is None and o.statistic == "median_follow_up":
            o.evidence = text
            result.append(o)  # a follow-up the sentence ties to no endpoint keeps endpoint null (CONTRACT.md)
            continue
        if o.endpoint is None:
            if after_hr and hr_ep and o.statistic in ("CI_low", "CI_high", "p"):
                o.endpoint = hr_ep  # "HR for death 0.58 (95% CI ...)": the ratio's own endpoint
            else:
                o.endpoint = stat_endpoint(pos) or default_endpoint
        if not o.endpoint:
            continue
        if o.statistic == "HR":
            after_hr = True
            hr_ep = o.endpoint
        elif o.statistic not in ("CI_low", "CI_high", "p"):
            after_hr = False
        if o.statistic in ("HR", "median_follow_up") or (after_hr and o.statistic in ("CI_low", "CI_high", "p")):
            o.endpoint = time_to_event(o.endpoint)
        if o.statistic is None and o.unit == "%" and about_difference(s):
            o.statistic = "difference"
        if timed and o.endpoint in timed:
            o.endpoint, tp = timed_endpoint(s, pos, o.endpoint, timed)
            o.timepoint = tp or o.timepoint
        o.evidence = text
        result.append(o)
    return result
