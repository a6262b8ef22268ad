"""Trial attributes in one sentence: phase, sample size, registry id, arm drugs.

Rules read the sentence string plus the entity mentions in it (plain
`Mention`s with sentence-local offsets taken via `Sentence.local`). There is
no parse in the default pipeline, so links use token distance and clause
punctuation.
"""
from __future__ import annotations

import re

from extract.relations.cues import alternation
from extract.relations.mentions import Mention, Sentence
from extract.relations.numbers import WORD_NUM, normalize, parse_number

# ---------------------------------------------------------------- phase
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_PH = r"(?:IV|I{1,3}|[1-4])[ab]?"
PHASE_RE = re.compile(
    rf"\bphase[\s-]*(?P<p>{_PH}(?:\s*(?:/|-|–|and|or)\s*(?:phase\s*)?{_PH})?)(?![\w])",
    re.IGNORECASE,
)
_BARE_PHASE_RE = re.compile(rf"^\s*(?:phase\s*)?(?P<p>{_PH}(?:\s*(?:/|-|–)\s*{_PH})?)\s*$", re.IGNORECASE)


def normalize_phase(raw: str) -> str | None:
    """"Phase 2" -> "II", "phase Ib/II" -> "Ib/II", "1b-2" -> "Ib/II", "RCT" -> None."""
    s = normalize(raw).strip()
    m = _BARE_PHASE_RE.match(s)
    if not m:
        m2 = PHASE_RE.search(s)
        if not m2:
            return None
        s = m2.group("p")
    else:
        s = m.group("p")
    parts = re.split(r"\s*(?:/|-|and|or)\s*(?:phase\s*)?", s, flags=re.IGNORECASE)
    out = []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        suffix = p[-1] if p[-1] in "abAB" and len(p) > 1 and not p.upper().endswith("IV") else ""
        core = p[:-1] if suffix else p
        core = _ROMAN.get(core, core.upper())
        if core not in ("I", "II", "III", "IV"):
            return None
        out.append(core + suffix.lower())
    return "/".join(out) if out else None


def phases_in(text: str) -> list[tuple[str, int, int]]:
    """Every "phase X" in `text`: (normalised phase, start, end)."""
    out = []
    for m in PHASE_RE.finditer(text):
        ph = normalize_phase(m.group(0))
        if ph:
            out.append((ph, m.start(), m.end()))
    return out


_PHASE_BRIDGE = re.compile(r"^[\s,]*(?:(?:and|or|the|portion|part|stage|of|randomi[sz]ed|open-label|single-arm|multicen\w+|"
                           r"international|pivotal|adaptive|global|double-blind|placebo-controlled|"
                           r"clinical|trials?|study|studies|[A-Z][\w-]*\d[\w-]*|[A-Z]{2,}[\w-]*)[\s,]*){0,6}$")


# "phase 3 study (CheckMate 067; NCT...)": the study named in the parenthesis right after its description
_PHASE_PAREN = re.compile(r"^[\s,]*(?:[\w-]+[\s,]+){0,2}?(?:trial|study)\s*\(\s*$", re.IGNORECASE)


def phase_for(sent: Sentence, trial: Mention) -> str | None:
    """Phase written next to a trial name: "the phase III X trial", "X phase II trial"."""
    ts, te = sent.local(trial)
    text = sent.text
    best = None
    for ph, a, b in phases_in(text):
        if b <= ts:
            between = text[b:ts]
            if len(between) <= 60 and ";" not in between and "[" not in between and (
                    _PHASE_BRIDGE.match(between) or _PHASE_PAREN.match(between)):
                best = ph  # the nearest preceding one wins (later in the loop)
        elif a >= te and best is None:
            between = text[te:a]
            # "X (NCT...), a phase 3 study": an appositive right after the name
            if re.fullmatch(r"[\s,]*(?:\([^()]{1,40}\)\s*)?(?:(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+,?\s+){0,5}?)?", between) \
                    or re.fullmatch(r"\s*(?:\([^()]{1,40}\)\s*)?,\s*(?:an?|the)\s+(?:(?:randomi[sz]ed|open-label|double-blind|"
                                    r"multicent\w+|international|global|pivotal|single-arm|placebo-controlled|confirmatory),?\s+)"
                                    r"{0,4}", between, re.IGNORECASE):
                best = ph
    return best


# ---------------------------------------------------------- sample size
_PATIENT_NOUN = rf"(?:{alternation('patient_nouns')}|[\w+/-]*(?:BCs?|MBCs?|EBCs?|cancers?))"
_SS_CUE = rf"(?i:{alternation('sample_size_cues')})"
_NUMTOK = rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|(?i:{WORD_NUM}))"
SS_CUE_RE = re.compile(
    rf"\b(?:{_SS_CUE})\s+(?i:the\s+|all\s+|a\s+total\s+of\s+)?{_NUMTOK}\s+(?:[\w+/()-]+\s+){{0,4}}?{_PATIENT_NOUN}(?![\w])",
)
SS_VERB_RE = re.compile(
    rf"(?<![\w.])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|(?i:{WORD_NUM}))\s+(?:[\w+/-]+\s+){{0,4}}?{_PATIENT_NOUN},?\s+"
    rf"(?:(?!\d+\s+(?:[\w+/-]+\s+)?{_PATIENT_NOUN}|\d+\s+(?:were|was|had)\b|screened\b)[A-Za-z0-9][\w-]*,?\s+){{0,18}}?(?:(?:were|was|had\s+been)\s+(?:randomly\s+)?(?:randomi[sz]ed|enrolled|included|recruited|treated|"
    rf"assigned|allocated)|underwent\s+randomi[sz]ation)",
)
# "998 participants to moxidectin and 501 (participants) to ivermectin": arms given one by one
SS_SPLIT_RE = re.compile(
    rf"(?<![\w.])(?P<a>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?:[\w+/-]+\s+){{0,2}}?{_PATIENT_NOUN}\s+(?:\w+\s+){{0,3}}?to\s+"
    rf"[\w\s+/-]{{1,40}}?\s+and\s+(?P<b>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?:[\w+/-]+\s+){{0,2}}?(?:{_PATIENT_NOUN}\s+)?"
    rf"(?:\w+\s+){{0,3}}?to\b",
)
# "a phase 3 study with 1013 randomized patients": the size given with the study
SS_STUDY_WITH_RE = re.compile(
    rf"\b(?:trial|study)\s+(?:with|of|in)\s+{_NUMTOK}\s+(?:(?!(?:in|with|of|who|per)\b)[\w+/-]+\s+){{0,3}}?"
    rf"{_PATIENT_NOUN}(?![\w])", re.IGNORECASE)
# "a dose of 600 mg ... in patients": a dose, not a count
_DOSE_AFTER = re.compile(r"\s*(?:mg|g|\u00b5g|\u03bcg|mcg|ug|ml|mL|kg|IU|units?|mmol|Gy|mg/kg|mg/m2)\b", re.IGNORECASE)
_ARM_JOIN = re.compile(r"\bvs\.?|\bversus\b|\bor\b|\band\b|,|;|\+", re.IGNORECASE)
_FLOW_WORDS = re.compile(rf"\b(?:{alternation('flow_chart_words')}|allocated\s+to\s+intervention)\b", re.IGNORECASE)
SS_N_RE = re.compile(r"\(\s*[nN]\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*\)|(?<![\w])[nN]\s*=\s*(?P<m>\d{1,3}(?:,\d{3})+|\d+)")
_SUBSET_AFTER = re.compile(r"^\s*[\w+/-]*\s*(?:after|with|who|receiving|treated\s+after)\b")


def sample_sizes(text: str) -> list[tuple[int, int, int]]:
    """Sample sizes stated in a sentence: (n, start, end). Per-arm "(n = 99) vs. (n = 98)" are summed."""
    s = normalize(text)
    out: list[tuple[int, int, int]] = []
    arm_ns = [(m.group("n") or m.group("m"), m.start(), m.end()) for m in SS_N_RE.finditer(s)]
    # per-arm sizes only when written as arms ("A (n = 99) vs. B (n = 98)"), not flow-chart counts
    if len(arm_ns) >= 2 and not all(_ARM_JOIN.search(s[a[2]:b[1]]) and not _FLOW_WORDS.search(s[a[2]:b[1]])
                                    for a, b in zip(arm_ns, arm_ns[1:])):
        arm_ns = []
    if arm_ns:
        total = sum(int(v.replace(",", "")) for v, _, _ in arm_ns)
        out.append((total, arm_ns[0][1], arm_ns[-1][2]))
        return out
    m = SS_SPLIT_RE.search(s)
    if m:
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        if a and b:
            return [(int(a + b), m.start("a"), m.end("b"))]
    for rx in (SS_CUE_RE, SS_STUDY_WITH_RE, SS_VERB_RE):
        for m in rx.finditer(s):
            raw = m.group("n")
            n = parse_number(raw)
            if n is None or n != int(n) or n < 2:
                continue
            if _DOSE_AFTER.match(s[m.end("n"):]):
                continue
            # "in 171 patients (7.1%)": a count of events or responders, not the study size
            if re.match(r"\s*\(\s*\d+(?:\.\d+)?\s*%", s[m.end():]):
                continue
            # "33 patients after the amendment": a subset, not the study size
            after = s[m.end():m.end() + 40]
            if rx is SS_CUE_RE and re.match(r"\s+after\b", after):
                continue
            # "Of 120 patients screened, ...": a participant-flow count
            if re.match(r"\s+(?:were\s+|was\s+)?(?:screened|assessed|excluded|ineligible|declined|withdrew|lost)\b", after):
                continue
            # "30% of 40 patients" is still a size; "in 10% of patients" is not (no number before noun)
            if s[m.start("n"):m.end("n") + 2].rstrip().endswith("%"):
                continue
            # a year ("in 2017 and focuses on adult patients") unless the noun follows at once
            if 1900 <= n <= 2099 and "," not in raw and not re.match(rf"\s+{_PATIENT_NOUN}", s[m.end("n"):]):
                continue
            out.append((int(n), m.start("n"), m.end("n") + 0))
    out = sorted(set(out), key=lambda x: x[1])
    return out


# ------------------------------------------------------------ registry
def nct_name_pairs(sent: Sentence) -> list[tuple[Mention, Mention]]:
    """NCT id and trial name written side by side: "NCT01 (NAME)", "NAME (NCT01)", "NCT01 NAME"."""
    ids = sent.of("NCT")
    names = sent.of("TRIAL")
    pairs = []
    for i in ids:
        for n in names:
            a, b = (i, n) if i.end <= n.start else (n, i)
            gap = sent.text[sent.local(a)[1]:sent.local(b)[0]]
            if re.fullmatch(r"\s*(?:trial|study)?\s*[(\[,:;]?\s*(?:trial|study|registered\s+as|"
                            r"ClinicalTrials\.gov\s*(?:identifier|ID|number|no\.?)?\s*[:,]?)?\s*", gap, re.IGNORECASE) \
                    or (a is n and _NAME_IS_STUDY.fullmatch(gap)):
                pairs.append((i, n))
    return pairs


# "NAME was a randomized, double-blind, phase 3 study (NCT...)": the id of the study the name is
_NAME_IS_STUDY = re.compile(r"\s+(?:is|was)\s+(?:an?|the)\s+(?:(?!(?:trial|study)\b)[\w/-]+,?\s+){0,8}?(?:trial|study)\s*[(\[]\s*",
                            re.IGNORECASE)


# ---------------------------------------------------------------- drugs
_PRIOR_CUE = re.compile(rf"\b(?:{alternation('prior_treatment_cues')})\s+(?:with\s+)?", re.IGNORECASE)
_CLASS_ITEM = re.compile(rf"\b(?:{alternation('drug_class_items')}|\w+-based\s+\w+)\b", re.IGNORECASE)
_ITEM = re.compile(r"\b(?:taxanes?|anthracyclines?|chemotherapy|platinum|endocrine\s+therapy|\w+-based\s+\w+)\b",
                         re.IGNORECASE)
_ITEM = r"(?:(?:a|an|the|both|either)\s+)?[\x00\x01]"
_PRIOR_LIST = re.compile(rf"^\s*(?:{_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s*(?:and|or)\s+{_ITEM}|{_ITEM})", re.IGNORECASE)


_PRIOR_AFTER = re.compile(
    r"^(?:\s*(?:,|and|or)\s*\w+)*(?:[-\s](?:resistant|refractory|pretreated|pre-treated|naive)\b|-(?:treated|exposed)\b)",
    re.IGNORECASE,
)


def is_prior_treatment(sent: Sentence, drug: Mention) -> bool:
    """A drug named as earlier treatment ("pretreated with X, Y and Z", "X-resistant", "X and taxane-treated")."""
    s, e = sent.local(drug)
    text = sent.text
    clause_start = max([text.rfind(c, 0, s) + 1 for c in ";()[]"] + [max(0, s - 120)])
    cues = list(_PRIOR_CUE.finditer(text, clause_start, s))
    if cues:
        # the coordinated list right after the cue: "pretreated with X, Y, and a taxane"
        pos = cues[-1].end()
        out, target = [], -1
        spans = sorted((sent.local(m) for m in sent.of("DRUG") if sent.local(m)[0] >= pos), key=lambda x: x[0])
        i = pos
        for a, b in spans:
            out.append(text[i:a] if a >= i else "")
            if a == s:
                target = sum(len(x) for x in out)
            out.append("\x00")
            i = max(i, b)
        out.append(text[i:])
        flat = _CLASS_ITEM.sub("\x01", "".join(out))
        if target >= 0:
            # class words shrink to one character: recompute the target position
            pre = _CLASS_ITEM.sub("\x01", "".join(out)[:target])
            m = _PRIOR_LIST.match(flat)
            if m and len(pre) < m.end():
                return True
    return bool(_PRIOR_AFTER.match(text[e:e + 40]))


# "... in the X trial with the same antibody but also with A and B [2-4]": A and B are the other cited studies'
_ALSO = re.compile(r"\b(?:but|and)\s+also\b|\bas\s+well\s+as\s+(?:with|in)\b", re.IGNORECASE)
_MULTI_CITE = re.compile(r"\[\s*\d+\s*(?:[-\u2013,]\s*\d+\s*)+\]\W*$")


def _cited_others_from(sent: Sentence) -> int:
    """Offset after which drugs belong to other cited studies (len(text) when none)."""
    trials = sent.of("TRIAL", "NCT")
    if len(trials) != 1 or not _MULTI_CITE.search(sent.text):
        return len(sent.text)
    m = _ALSO.search(sent.text, sent.local(trials[0])[1])
    return m.start() if m else len(sent.text)


def arm_drugs(sent: Sentence) -> list[str]:
    """Canonical names of the drugs a sentence gives as study treatment, in order, once each."""
    out: list[str] = []
    others = _cited_others_from(sent)
    for d in sent.of("DRUG"):
        if is_prior_treatment(sent, d) or sent.local(d)[0] >= others:
            continue
        if d.name not in out:
            out.append(d.name)
    return out


def endpoints_in(sent: Sentence) -> list[str]:
    out: list[str] = []
    for m in sent.of("ENDPOINT"):
        if m.name not in out:
            out.append(m.name)
    return out
