"""The trial context of body text: which study each sentence reports.

A named trial (name or NCT id) opens a context that the following sentences
of the same paragraph inherit until another trial is named ("The phase III X
trial ... . No difference in pCR ..." belongs to X). An unnamed study opens a
context when the text introduces one ("In a phase Ib trial", "A single-arm
study") or reports new results with new drugs after a contrast ("Differently,
...") or with a new cohort size. In reviews a closing citation ends a run of
sentences about one study. Single-study reports ("we randomly assigned ...")
collect results that name no study for the document's own study.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from extract.relations.cues import alternation
from extract.relations.attributes import arm_drugs, nct_name_pairs, phase_for, phases_in, sample_sizes
from extract.relations.drafts import Draft
from extract.relations.filters import ATTRITION, DESIGN
from extract.relations.mentions import Mention, Sentence
from extract.relations.outcomes import EP, difference_endpoints, find_outcomes

_DESIGN = rf"phase\s+\S+|{alternation('study_design')}"
STUDY_CUE = re.compile(
    r"\b(?:a|an|another|one)\s+(?:[\w/+-]+,?\s+){0,5}?(?:trial|study)\b", re.IGNORECASE)
_DESIGN_RE = re.compile(rf"\b(?:{_DESIGN})\b", re.IGNORECASE)
CONTRAST = re.compile(rf"^\W*(?:{alternation('contrast_openers')})\b", re.IGNORECASE)
# "in Velcheti et al. study", "Smith et al.'s cohort", "the study by Khozin et al.": a cited study the
# text names by its authors (not a study name: its results make an unnamed record of their own)
AUTHOR_STUDY = re.compile(
    r"\b(?P<a>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+et\s+al\.?(?:'s|\u2019s)?\s+(?:study|trial|cohort|series|analysis)\b"
    r"|\b(?:study|trial|cohort|series|analysis)\s+(?:(?:published|conducted|reported|led)\s+)?(?:of|by)\s+"
    r"(?P<b>[A-Z][\w\u00c0-\u024f'-]+)\s+et\s+al\b")
# "A meta-analysis conducted in ... showed", "a recent pooled analysis": a cited study of pooled studies
POOLED_CUE = re.compile(r"^\W*(?:a|an|one|another)\s+(?:[\w-]+\s+){0,2}?(?:meta-?analys[ie]s|pooled\s+analys[ie]s|"
                        r"systematic\s+review)\b", re.IGNORECASE)
# "In our study, we found ...": the document's own results again, after a cited study
OUR_RESULTS = re.compile(r"^\W*(?:in|within)\s+(?:our|the\s+present|this)\s+(?:study|cohort|series|analysis|population)\b"
                         r"|^\W*(?:\w+\s+){0,3}?we\s+(?:also\s+)?(?:found|observed|showed|noted)\b", re.IGNORECASE)
_OPEN_END = re.compile(r"[.!?][\])\"'\u201d]*\s*(?:\[[^\]]*\])?\s*$")


OWN_STUDY = re.compile(
    rf"\bwe\s+(?:\w+\s+){{0,2}}?(?:{alternation('own_study_verbs')})\b"
    rf"|\bwe\s+(?:\w+\s+){{0,2}}?(?:{alternation('own_report_verbs')})\s+(?:\w+\s+){{0,3}}?"
    rf"(?:{alternation('own_report_objects')})\b"
    r"|\bthis\s+(?:[\w-]+,?\s+){0,4}?(?:trial|study)\s+(?:was|is)\s+(?:done|conducted|performed|designed|carried)",
    re.IGNORECASE,
)
REGISTRATION = re.compile(
    r"(?:clinical\s*trials?\.gov(?:\W{1,3}(?:identifier|number|no\.?|id|registration))?|clinical\s+trial\s+information"
    r"|trial\s+registration(?:\s+(?:number|no\.?|id))?|registration\s+(?:number|no\.?|id)"
    r"|current\s+controlled\s+trials|isrctn\s+registry|eudract(?:\s+(?:number|no\.?))?"
    r"|(?:australian\s+new\s+zealand\s+|chinese\s+)?clinical\s+trials?\s+registry(?:\s*\(\w+\))?"
    r"|(?:this|the|our)\s+(?:\w+\s+){0,2}?(?:trial|study)\s+(?:is|was)\s+registered\s+(?:with|at|in|on|under|as)"
    r"(?:\s+[\w.]+){0,3}?)\W{0,6}$",
    re.IGNORECASE,
)


# "we present updated results of this cohort": the document reports the study just named
SAME_STUDY = re.compile(r"\b(?:this|these|that|the\s+same)\s+(?:\w+\s+)?(?:cohorts?|study|trial|population|patients)\b"
                        r"|\bupdated?\b", re.IGNORECASE)
# "this open-label phase III study (NCT...": the id of the study the text is about
THIS_STUDY = re.compile(r"\b(?:this|our)\s+(?:[\w-]+,?\s+){0,5}?(?:trial|study)\s*[(\[]\s*$", re.IGNORECASE)
# a between-arm effect estimate: only then is an unnamed result about the primary endpoint (a P value alone
# also compares baseline characteristics: "more were men (58% vs 49%, p=0.04)")
_COMPARISON = re.compile(r"hazard\s+ratio|\bHR\b", re.IGNORECASE)
_BASELINE = re.compile(r"\b(?:baseline|characteristics?|aged|median\s+age|men|women|male|female|histology|smok\w*|"
                       r"more\s+likely|distributed|frequency|proportion)\b", re.IGNORECASE)
PRIMARY = re.compile(r"\bprimary\s+(?:efficacy\s+)?(?:end[\s-]*points?|outcomes?(?:\s+measures?)?)\s*(?:was|were|is|:)",
                     re.IGNORECASE)
# "Among the 243 patients included, 141 received ...": the size of the cohort the document reports
_INCLUDED = re.compile(r"\b(?:among|of)\s+(?:the|all)?\s*\d[\d,]*\s+(?:\w+\s+)?(?:patients|participants)\s+"
                       r"(?:were\s+)?(?:included|enrolled|analy[sz]ed)\b", re.IGNORECASE)
_RANDOMISED = re.compile(r"\b(?:randomi[sz]|randomly|allocat|assigned|enrol)", re.IGNORECASE)


def study_cue(text: str) -> tuple[int, int] | None:
    """"In a phase Ib trial", "A single-arm study": an unnamed study is introduced."""
    for m in STUDY_CUE.finditer(text):
        if _DESIGN_RE.search(m.group(0)):
            return m.start(), m.end()
    return None


_FINAL_CITE = re.compile(
    r"(?:\[(?P<num>[\d,\s\u2013\u2014-]+)(?:\^\{[^}]*\})?\]"
    r"|\((?P<ay>[^()]*\bet\s+al\.?,?\s*(?:19|20)\d\d[a-z]?[^()]*)\)"
    r"|\((?P<ay2>[A-Z][\w'-]+(?:\s+and\s+[A-Z][\w'-]+)?,?\s+(?:19|20)\d\d[a-z]?)\))"
    r"\s*[.;]?\s*$"
)


def final_citation(text: str) -> str | None:
    """The citation that closes a sentence ("[59]", "(Smith et al., 2020)"), as a comparable key."""
    m = _FINAL_CITE.search(text.rstrip())
    if not m:
        return None
    raw = m.group("num") or m.group("ay") or m.group("ay2") or ""
    return re.sub(r"\s+", "", raw.lower())


@dataclass
class _Info:
    sent: Sentence
    page: int
    named: list[tuple[Draft, Mention]]
    outs: list
    drugs: list[str]
    endpoints: list[str]
    cue: tuple[int, int] | None
    sizes: list[tuple[int, int, int]]
    cite: str | None


class BodyReader:
    """Walks body sentences in order and collects drafts with the trial context rule.

    In reviews a citation closes the run of sentences it supports: an uncited
    sentence waits for the next citation; if that citation differs from the
    current trial's, the waiting sentences start a new run instead.
    """

    def __init__(self, timed: dict[str, set[str]] | None = None) -> None:
        self.timed = timed or {}  # measures declared at times: timepoints.declared_times
        self.drafts: list[Draft] = []
        self.ctx: list[Draft] = []
        self.ctx_cite: str | None = None
        self.buffer: list[_Info] = []
        self.orphans: list[Draft] = []
        self.own = Draft(order=-1, opened="own")  # facts from "we enrolled ..." sentences
        self.own_size_randomised = False
        self.own_cue = False
        self.primary: str | None = None  # "The primary end point was X" of a single-study report
        self.primary_study: Draft | None = None  # the named study in context when the primary end point is stated
        self.own_named: Draft | None = None  # the named study "we report updated data for this cohort" refers to
        self.by_authors: dict[str, Draft] = {}  # cited studies named by their authors ("Velcheti et al. study")

    def ctx_named(self) -> bool:
        return any(d.named for d in self.ctx)

    def new_paragraph(self) -> None:
        self._flush()
        self.ctx = []
        self.ctx_cite = None

    def finish(self) -> None:
        self._flush()

    def _flush(self) -> None:
        buf, self.buffer = self.buffer, []
        for info in buf:
            self._apply(info)

    def sentence(self, sent: Sentence, page: int) -> None:
        info = self._analyze(sent, page)
        if info.named:
            self._flush()
            self._apply(info)
            self.ctx_cite = info.cite
        elif info.cite is None:
            if self.ctx and self.ctx_cite is not None:
                self.buffer.append(info)
            else:
                self._apply(info)
        else:
            if self.ctx and self.ctx_cite is not None and info.cite != self.ctx_cite:
                # results right after a study still report it; a new treatment starts the next run
                # (sentences without a number between them do not end the run: "However, unlike our study,
                # X were excluded. As in our study, they observed ... (HR 1.03 ...)")
                while self.buffer and not self.buffer[0].drugs and self.buffer[0].cue is None \
                        and not OUR_RESULTS.search(self.buffer[0].sent.text):
                    self._apply(self.buffer.pop(0))
                self.ctx = []
                self.ctx_cite = None
            self._flush()
            before = self.ctx
            self._apply(info)
            if self.ctx and (self.ctx is not before or self.ctx_cite is None):
                self.ctx_cite = info.cite

    def _analyze(self, sent: Sentence, page: int) -> _Info:
        text = sent.text
        named: list[tuple[Draft, Mention]] = []
        paired_names: set[int] = set()
        paired_ncts: set[int] = set()
        for nct, name in nct_name_pairs(sent):
            if name.start in paired_names or nct.start in paired_ncts:
                continue
            d = Draft(order=name.start)
            d.add_name(name.kb or None, name.text)
            d.ncts.append(nct.name)
            named.append((d, name))
            paired_names.add(name.start)
            paired_ncts.add(nct.start)
        for m in sent.of("TRIAL", "NCT"):
            if m.start in paired_names or m.start in paired_ncts:
                continue
            if m.label == "TRIAL" and any(dm.label == "TRIAL" and dm.name == m.name for _, dm in named):
                continue
            if m.label == "NCT" and any(m.name in dd.ncts for dd, _ in named):
                continue
            d = Draft(order=m.start)
            if m.label == "TRIAL":
                d.add_name(m.kb or None, m.text)
            else:
                d.ncts.append(m.name)
            named.append((d, m))
        named.sort(key=lambda x: x[1].start)
        eps = difference_endpoints(text, [EP(*sent.local(m), m.name) for m in sent.of("ENDPOINT")])
        sizes = sample_sizes(text)
        masks = [sent.local(m) for m in sent.mentions if m.label != "ENDPOINT"]
        masks += [(a, b) for _, a, b in sizes]
        masks += [(a, b) for _, a, b in phases_in(text)]
        design = DESIGN.search(text) or ATTRITION.search(text)  # power calculations, attrition: not results
        outs = [] if design else find_outcomes(text, eps, masks, timed=self.timed)
        pm = PRIMARY.search(text)
        if pm and self.primary is None:
            after = [e for e in eps if e.start >= pm.end()]
            self.primary = after[0].name if after else None
            here = [d for d, _ in named] or [d for d in self.ctx if d.named]
            self.primary_study = here[0] if len(here) == 1 else None
        if any(m.label == "NCT" and REGISTRATION.search(text[:sent.local(m)[0]][-70:]) for m in sent.of("NCT")):
            self.own_cue = True  # "This study is registered with ClinicalTrials.gov, NCT..."
        if not outs and not design and not named and self.primary and self.own_cue and not self.ctx_named() \
                and _COMPARISON.search(text) and not _BASELINE.search(text):
            # a report of one study: a result with no endpoint named is about its primary endpoint
            outs = find_outcomes(text, eps, masks, default_endpoint=self.primary, timed=self.timed)
        for o in outs:
            o.at = sent.doc_offset(o.at) if o.at >= 0 else -1
        if not sizes:
            dens = [o.denominator for o in outs if o.statistic == "n" and o.denominator]
            if dens:
                sizes = [(sum(dens), -1, -1)]
        return _Info(sent, page, named, outs, arm_drugs(sent), list(dict.fromkeys(e.name for e in eps)),
                     study_cue(text), sizes,
                     final_citation(text))

    def _apply(self, info: _Info) -> None:
        sent, text, named, outs, drugs = info.sent, info.sent.text, info.named, info.outs, info.drugs
        per_trial = _respectively(sent, named, drugs) if len(named) >= 2 else None
        own = OWN_STUDY.search(text)
        named = info.named = self._anaphora(sent, named)
        if named and all(any(d is c for c in self.ctx) for d, _ in named):
            pass  # "NAME. This phase III study (NCT...) ...": the id joined the study in context
        elif named:
            self.ctx = [d for d, _ in named]
            self.drafts.extend(self.ctx)
        elif own and self.ctx_named() and SAME_STUDY.search(text):
            # "In a phase II study (NCT...), X was active. Here we present updated data for this cohort."
            self.own_named = next(d for d in self.ctx if d.named)
        elif own:
            # "Here, we report ... a phase II study": the document's own study (joined to it at the end)
            self._open_unnamed(sent, "bare")
        elif (au := AUTHOR_STUDY.search(text)) is not None:
            # the same authors' study again is the same record
            key = au.group("a") or au.group("b")
            if key not in self.by_authors:
                self._open_unnamed(sent, "cue")
                self.by_authors[key] = self.ctx[0]
            self.ctx = [self.by_authors[key]]
        elif info.cue is not None or (POOLED_CUE.search(text) and outs):
            self._open_unnamed(sent, "cue")
        elif OUR_RESULTS.search(text) and not self.ctx_named():
            self.ctx = []  # back to the document's own study: its results are orphans joined to it
        elif outs and drugs and (
            not self.ctx or CONTRAST.search(text)
            or (info.sizes and all(d.sample_size is not None and d.sample_size != info.sizes[0][0]
                                   for d in self.ctx))
        ):
            self._open_unnamed(sent, "bare" if not self.ctx and not CONTRAST.search(text) else "contrast")
        if own:
            self.own_cue = True
        if own or (not named and not self.ctx_named() and info.sizes and info.cite is None and (
                (_RANDOMISED.search(text) and re.search(r"\b(?:were|was)\s+(?:\w+\s+)?(?:randomi[sz]ed|assigned|"
                                                        r"allocated|enrolled)|\bunderwent\s+randomi[sz]ation", text))
                or _INCLUDED.search(text))):
            self.own.evidence.append(text)
            if info.sizes and (self.own.sample_size is None or (not self.own_size_randomised and _RANDOMISED.search(text))):
                self.own.sample_size = info.sizes[0][0]
                self.own_size_randomised = bool(_RANDOMISED.search(text))
            ph = phases_in(text)
            if ph and self.own.phase is None:
                self.own.phase = ph[0][0]
            for x in drugs:
                if x not in self.own.drugs:
                    self.own.drugs.append(x)
        if not self.ctx:
            if outs:
                # results with no study in sight: the document's own study, if it reports one
                orphan = Draft(order=sent.start, opened="orphan")
                self.ctx = [orphan]
                self._attach(info, per_trial=None)
                self.ctx = []
                self.orphans.append(orphan)
            return
        self._attach(info, per_trial)

    def _anaphora(self, sent: Sentence, named: list[tuple[Draft, Mention]]) -> list[tuple[Draft, Mention]]:
        """"X. This open-label phase III study (NCT...)": the id of the study in context, not a new one."""
        if len(named) != 1 or named[0][1].label != "NCT" or len(self.ctx) != 1:
            return named
        cur = self.ctx[0]
        m = named[0][1]
        if not cur.names or cur.ncts or not THIS_STUDY.search(sent.text[:sent.local(m)[0]]):
            return named
        cur.ncts.append(m.name)
        return [(cur, m)]

    def _attach(self, info: _Info, per_trial: dict | None) -> None:
        sent, text, named, outs, drugs = info.sent, info.sent.text, info.named, info.outs, info.drugs
        for d in self.ctx:
            mention = next((m for dd, m in named if dd is d), None)
            if d.phase is None:
                if mention is not None:
                    d.phase = phase_for(sent, mention)
                elif info.cue is not None:
                    ph = [p for p, a, b in phases_in(text) if info.cue[0] <= a < info.cue[1]]
                    d.phase = ph[0] if ph else None
            if d.sample_size is None and info.sizes and len(self.ctx) == 1:
                d.sample_size = info.sizes[0][0]
            mine = per_trial.get(id(d), []) if per_trial is not None else drugs
            for x in mine:
                if x not in d.drugs:
                    d.drugs.append(x)
            for x in info.endpoints:
                if x not in d.endpoints:
                    d.endpoints.append(x)
            for o in outs:
                o2 = copy.copy(o)
                o2.page = info.page
                o2.evidence = text
                d.outcomes.append(o2)
                if o2.endpoint not in d.endpoints:
                    d.endpoints.append(o2.endpoint)
            if text not in d.evidence:
                d.evidence.append(text)
            if info.page not in d.pages:
                d.pages.append(info.page)
        if per_trial is not None:
            dist = [d for d, _ in named if per_trial.get(("dist", id(d)))]
            if dist:
                self.ctx = dist

    def _open_unnamed(self, sent: Sentence, how: str) -> None:
        d = Draft(order=sent.start, opened=how)
        self.ctx = [d]
        self.drafts.append(d)


def _respectively(sent: Sentence, named: list[tuple[Draft, Mention]], drugs: list[str]) -> dict | None:
    """"X and Y trials tested A or B, respectively": A goes to X, B to Y; other drugs to all."""
    m = re.search(r"\brespectively\b", sent.text)
    if not m:
        return None
    dms = [d for d in sent.of("DRUG") if sent.local(d)[1] <= m.start()]
    # the coordinated run of drugs that ends right before "respectively"
    run: list[Mention] = []
    for d in reversed(dms):
        if not run:
            if not re.fullmatch(r"[\s,]*(?:(?:to|with|in|plus|versus|vs\.?)\s+[\w\s-]{0,40}?)?[\s,]*",
                                sent.text[sent.local(d)[1]:m.start()]):
                break
            run.insert(0, d)
            continue
        gap = sent.text[sent.local(d)[1]:sent.local(run[0])[0]]
        if re.fullmatch(r"\s*(?:,|,?\s*(?:or|and))\s*", gap):
            run.insert(0, d)
        else:
            break
    before = [(dd, mm) for dd, mm in named if sent.local(mm)[1] <= sent.local(run[0])[0]] if run else []
    if len(run) < 2 or len(before) < len(run):
        return None
    targets = before[-len(run):]
    run_names = {x.name for x in run}
    others = [x for x in drugs if x not in run_names]
    out: dict = {}
    for dd, _ in named:
        out[id(dd)] = list(dict.fromkeys(others))
    for (dd, _), drug in zip(targets, run):
        out[id(dd)] = list(dict.fromkeys([drug.name] + others))
        out[("dist", id(dd))] = True
    return out


def paragraph_continues(prev_text: str) -> bool:
    """A body block that ends mid-sentence (page or column break) continues in the next body block."""
    return not _OPEN_END.search(prev_text.rstrip())
