"""Where a recurrence/cardiovascular event (kind "event") or a bare measure name is reported as
an outcome rather than named in background or eligibility prose: the rules behind
endpoints.EndpointRecognizer._in_context, kept apart to keep modules small."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extract.nlp import blocks

_HYPHENS = ("-", "–", "‐")
# recurrence events: outcome context
_EVENT_MEASURES = {"rate", "rates", "incidence", "risk", "risks", "probability", "frequency", "proportion", "number",
                   "occurrence", "percentage", "odds"}
_RISK_CATEGORY = {"high", "low", "intermediate", "elevated", "very", "at"}
_CHANGE_NOUNS = {"reduction", "reductions", "decrease", "increase", "difference", "differences", "benefit", "change",
                 "changes"}
_EVENT_AFTER = {"rate", "rates", "risk", "events", "occurred", "occurs", "hr"}
_EVENT_COMPARE = {"lower", "higher", "reduced", "increased", "decreased", "less", "more", "similar", "comparable",
                  "lowered", "improved", "observed", "reported", "seen", "noted", "rare", "uncommon", "common",
                  "frequent", "infrequent", "fewer", "halved", "different"}
_EVENT_ADVERBS = {"significantly", "numerically", "also", "not", "statistically", "substantially", "markedly",
                  "slightly", "much", "nonsignificantly", "non", "-", "the", "only", "both", "all"}


_REPORT_VERBS = {"achieved", "observed", "reached", "seen", "reported", "attained", "obtained", "noted", "occurred"}


def reported(doc: Doc, start: int, end: int) -> bool:
    """A bare measure name reporting a result: "disease control was achieved in 60%", "60% had
    disease control" -- not "gave clinical benefit and disease control to many"."""
    k = end
    if k < len(doc) and doc[k].lower_ in ("was", "were"):
        k += 1
        while k < len(doc) and doc[k].lower_ in _EVENT_ADVERBS:
            k += 1
        return k < len(doc) and doc[k].lower_ in _REPORT_VERBS
    j = start - 1
    while j >= 0 and doc[j].lower_ in ("had", "have", "has", "with", "achieved", "showed", "a"):
        j -= 1
    return j < start - 1 and j >= 0 and doc[j].text == "%" or start >= 1 and doc[start - 1].text == "%"


CHANGE_VERBS = {"reduced", "reduces", "reduce", "lowered", "lowers", "lower", "decreased", "decreases",
                 "increased", "increases", "improved", "improves", "prevented", "prevents"}
_LIST_WORDS = {",", "and", "or", "nonfatal", "fatal", "non", "-", "first"}


def list_neighbour(doc: Doc, span: Span, cands, direction: int) -> Span | None:
    """The next (1) or previous (-1) candidate in a list with span: only list words between them."""
    if direction > 0:
        k = span.end
        while k < len(doc) and doc[k].lower_ in _LIST_WORDS:
            k += 1
        return next((c for c in cands if c.start == k and c is not span), None) if k > span.end else None
    k = span.start
    while k > 0 and doc[k - 1].lower_ in _LIST_WORDS:
        k -= 1
    return next((c for c in cands if c.end == k and c is not span), None) if k < span.start else None


_OUTCOME_NOUNS = {"outcome", "outcomes", "endpoint", "endpoints", "end-point", "end-points"}
_OUTCOME_QUALIFIERS = {"the", "a", "an", "primary", "secondary", "key", "main", "exploratory", "co-primary",
                       "coprimary", "efficacy", "safety", "composite", "prespecified", "pre-specified"}


def named_as_outcome(doc: Doc, span: Span) -> bool:
    """An event named as a trial outcome: "the primary outcome was a composite of X or Y", "the
    composite of X, Y and Z", "X and Y were secondary end points"."""
    n = len(doc)
    s0 = sentence_start(doc, span.start)
    for j in range(span.start - 1, max(s0, span.start - 16) - 1, -1):
        w = doc[j].lower_
        if w in (";", ".", ":") and j < span.start - 1 and doc[j + 1].lower_ not in _OUTCOME_QUALIFIERS:
            break
        if w == "of" and j >= 1 and doc[j - 1].lower_ == "composite":
            return True
        if w in _OUTCOME_NOUNS or w == "point" and j >= 1 and doc[j - 1].lower_ == "end":
            nxt = doc[j + 1].lower_ if j + 1 < n else ""
            if nxt in ("was", "were", "is", "included", "includes", "comprised", ":", "of", "("):
                return True
    k = span.end
    if k < n and doc[k].lower_ in ("was", "were", "is", "are"):
        k += 1
        while k < n and doc[k].lower_ in _OUTCOME_QUALIFIERS:
            k += 1
        if k < n and doc[k].lower_ in _OUTCOME_NOUNS:
            return True
        if k + 1 < n and doc[k].lower_ == "end" and doc[k + 1].lower_ in ("point", "points"):
            return True
    return False


# "The primary efficacy endpoint was", "Secondary outcomes included": a declaration of outcomes
DECLARATION = (r"\b(?:primary|secondary|main|key|exploratory|co-?primary)\s+(?:(?:efficacy|safety)\s+)?"
               r"(?:end[\s-]?points?|outcomes?(?:\s+measures?)?|measures?)\s+(?:was|were|is|are|included|includes)\b")
_DECLARED = DECLARATION + r"\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
_COMPARED = (r"\s+(?:\([^()]{0,60}\)\s+)?(?:was|were)\s+(?:\w+\s+)?"
             r"(?:lower|higher|reduced|increased|greater|smaller|improved|decreased)\s+(?:in|with|after|among|than)\b")


def declared_or_compared(text: str, forms: tuple[str, ...]) -> bool:
    """Is one of the forms declared an outcome ("The primary efficacy endpoint was SmfD at 12
    months") or compared between groups ("SmfD was lower in the moxidectin group")?"""
    for form in forms:
        f = re.escape(form.strip())
        if re.search(_DECLARED + f + r"\b", text, re.IGNORECASE) or \
                re.search(r"(?<![\w-])" + f + _COMPARED, text, re.IGNORECASE):
            return True
    return False


def sentence_start(doc: Doc, i: int) -> int:
    """First token of the sentence holding token i (sentences may not be set yet: scan back to a period)."""
    j = i
    while j > 0 and doc[j - 1].text not in (".", "\n") and "\n" not in doc[j - 1].text:
        j -= 1
    return j


_SHARE_HAD = re.compile(r"(?:\d\s*%|\b\d+)\s+(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+)?(?:of\s+)?(?:the\s+)?(?:\w+\s+)?"
                        r"(?:participants|patients|subjects|people|women|men|children)\s+(?:\w+\s+)?"
                        r"(?:had|experienced|reported|developed|showed)\s+[\w\s,/-]*$", re.IGNORECASE)


def event_context(doc: Doc, span: Span) -> bool:
    """Is a recurrence event reported as an outcome here ("the risk of distant recurrence was lower",
    "distant recurrence rate", "4% distant recurrence") rather than named in background or
    eligibility prose ("patients at high risk of distant recurrence")?"""
    n = len(doc)
    s, e = span.start, span.end
    if e < n and (doc[e].lower_ == "free" or doc[e].text in _HYPHENS and e + 1 < n and doc[e + 1].lower_ == "free"):
        return False  # "distant recurrence-free survival" is DRFS
    lead = s if e - s >= 3 and doc[s + 1].lower_ == "of" and doc[s].lower_ in _EVENT_MEASURES else None
    j = s - 1
    while j >= 0 and doc[j].lower_ in ("the", "a", "any", "cumulative"):
        j -= 1
    if lead is None and j >= 1 and doc[j].lower_ == "of" and doc[j - 1].lower_ in _EVENT_MEASURES:
        lead = j - 1
    if lead is not None:
        if doc[lead].lower_ in ("risk", "risks"):  # "at (high) risk of", "a high risk of", "high-risk"
            prev = [t.lower_ for t in doc[max(0, lead - 3):lead] if t.text not in _HYPHENS]
            if prev and (prev[-1] in _RISK_CATEGORY or "at" in prev):
                return False
        return True
    if s >= 1 and (doc[s - 1].text == "%" or doc[s - 1].like_num):
        return True
    if s >= 2 and doc[s - 1].lower_ == "in" and doc[s - 2].lower_ in _CHANGE_NOUNS:
        return True
    k = e
    if k < n and doc[k].text == "(" and k + 2 < n and doc[k + 2].text == ")":
        k += 3  # "distant recurrence (DR) was lower"
    if k < n and doc[k].lower_ in _EVENT_AFTER:
        return True
    if k + 1 < n and doc[k].text in ("(", "[") and any(
            t.like_num or t.text in ("<", "\u2264") for t in doc[k + 1:min(n, k + 4)]):
        return True  # "neutropenia (22.4%)", "pruritus (43 [4%])", "conjunctivitis (drug A 40 [4%] ..."
    head = blocks.text_of(doc)[doc[sentence_start(doc, s)].idx:span.start_char]
    if _SHARE_HAD.search(head):
        return True  # "Fewer than 1% of participants had eyelid swelling, ... and photophobia"
    if k + 1 < n and doc[k].lower_ in ("was", "were") and doc[k + 1].like_num:
        return True  # "major bleeding was 1.4%"
    if k + 1 < n and doc[k].text == "(" and doc[k + 1].lower_ in ("hr", "hazard", "or", "odds"):
        return True
    if k + 1 < n and doc[k].lower_ == "in" and (doc[k + 1].like_num or doc[k + 1].lower_ in ("none", "no")):
        return True
    if k < n and doc[k].lower_ in ("was", "were", "is", "are"):
        k += 1
        while k < n and doc[k].lower_ in _EVENT_ADVERBS:
            k += 1
        return k < n and doc[k].lower_ in _EVENT_COMPARE
    cell = blocks.cell_at(doc, span.start_char)  # a table row label with numbers in its row
    if cell is None or cell.row == 0 or cell.col != 0:
        return False
    text = blocks.text_of(doc)
    return any(c.block == cell.block and c.row == cell.row and c.col > 0 and re.search(r"\d", text[c.start:c.end])
               for c in blocks.table_cells(doc))


_GRADE = (r"grades?\s*(?P<g>(?:\u2265|>=|>|\u2267)\s*\d|\d\s*(?:or|and)\s*(?:higher|greater|more|above|over)"
          r"|\d\s*(?:-|\u2013|/|to|or|and)\s*\d|\d)")
_GRADE_HERE = re.compile(_GRADE + r"\s*$", re.IGNORECASE)
_GRADE_LIST = re.compile(r"^\W*(?:the\s+)?(?:most\s+(?:common|frequent)\s+)?(?:treatment[\s-]+(?:related|emergent)\s+)?"
                         + _GRADE + r"\s+(?:\w+[\s-]+){0,3}?(?:AEs?|TEAEs?|TRAEs?|adverse\s+(?:events?|reactions?)|"
                         r"toxicit(?:y|ies)|events?)\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


def grade_label(raw: str) -> str:
    """"≥ 3", "3 or higher", ">3"? -> "≥3"; "3–4", "3/4" -> "3-4"; "3" -> "3"."""
    g = re.sub(r"\s+", " ", raw.strip())
    m = re.match(r"(?:\u2265|>=|\u2267)\s*(\d)|(\d) (?:or|and) (?:higher|greater|more|above|over)", g)
    if m:
        return "\u2265" + (m.group(1) or m.group(2))
    m = re.match(r">\s*(\d)", g)
    if m:
        return "\u2265" + str(int(m.group(1)) + 1)
    m = re.match(r"(\d)\s*(?:-|\u2013|/|to|or|and)\s*(\d)", g)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    return g


_GRADE_AFTER = re.compile(r"^\s*(?:of\s+|\(\s*)" + _GRADE, re.IGNORECASE)


def _grade_before(doc: Doc, span: Span) -> re.Match | None:
    """"grade ≥3 " written right before the span."""
    return _GRADE_HERE.search(blocks.text_of(doc)[max(0, span.start_char - 30):span.start_char])


def category_grade(doc: Doc, span: Span) -> str | None:
    """The grade a category of adverse events is counted at, written before it ("grade 3-5 TRAEs")
    or after it ("adverse events of grade 3 or higher"). None for any-grade counts."""
    m = _grade_before(doc, span) or _GRADE_AFTER.match(blocks.text_of(doc)[span.end_char:span.end_char + 40])
    return grade_label(m.group("g")) if m else None


def grade_of(doc: Doc, span: Span) -> str | None:
    """The grade an adverse-event term is reported at: "grade ≥3 neutropenia", or a list headed by
    "Grade ≥3 AEs ... were neutropenia (22.4%) and ...". None when no grade is named."""
    m = _grade_before(doc, span)
    if m:
        return grade_label(m.group("g"))
    s0 = sentence_start(doc, span.start)
    head = blocks.text_of(doc)[doc[s0].idx:span.start_char]
    m = _GRADE_LIST.match(head)
    if m and re.search(r"\b(?:were|was|included|including|comprised|of)\b|:|,\s*with\b|\bsuch\s+as\b", m.group("rest")) \
            and not re.search(r"[.;]\s", m.group("rest")):
        return grade_label(m.group("g"))
    return None
