"""From sentences and table rows to one record per trial.

Body text: a named trial (name or NCT id) opens a context that the following
sentences of the same paragraph inherit until another trial is named ("The
phase III X trial ... . No difference in pCR ..." belongs to X). An unnamed
study opens a context when the text introduces one ("In a phase Ib trial",
"A single-arm study") or reports new results with new drugs after a contrast
("Differently, ...") or with a new cohort size. Unnamed studies with no
number are dropped.

Merging: drafts that share an NCT id, a normalised name, or a name variant
("I-SPY" / "I-SPY2") are one trial, except when their NCT ids disagree.
"""
from __future__ import annotations

import copy
import re

from extract.records import Trial
from extract.relations.attributes import (
    arm_drugs, endpoints_in, nct_name_pairs, phase_for, phases_in, sample_sizes,
)
from extract.relations.drafts import Draft, norm_name
from extract.relations.mentions import Mention, Sentence
from extract.relations.outcomes import EP, find_outcomes

_DESIGN = (r"phase\s+\S+|single[\s-]arm|randomi[sz]ed|pivotal|prospective|retrospective|open[\s-]label|pilot|"
           r"multicent\w+|clinical|cohort|dose[\s-]escalation|first[\s-]in[\s-]human|small|large|"
           r"observational|non-randomi[sz]ed|double[\s-]blind|placebo[\s-]controlled|feasibility")
STUDY_CUE = re.compile(
    rf"\b(?:a|an|another|one)\s+(?:[\w/+-]+\s+){{0,4}}?(?:trial|study)\b", re.IGNORECASE)
_DESIGN_RE = re.compile(rf"\b(?:{_DESIGN})\b", re.IGNORECASE)
CONTRAST = re.compile(r"^\W*(?:differently|in\s+contrast|by\s+contrast|conversely|on\s+the\s+other\s+hand|"
                      r"similarly|likewise|another|in\s+another|meanwhile|moreover,\s+another)\b", re.IGNORECASE)
_OPEN_END = re.compile(r"[.!?][\])\"'\u201d]*\s*(?:\[[^\]]*\])?\s*$")


def study_cue(text: str) -> tuple[int, int] | None:
    """"In a phase Ib trial", "A single-arm study": an unnamed study is introduced."""
    for m in STUDY_CUE.finditer(text):
        if _DESIGN_RE.search(m.group(0)):
            return m.start(), m.end()
    return None


class BodyReader:
    """Walks body sentences in order and collects drafts with the trial context rule."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.ctx: list[Draft] = []

    def new_paragraph(self) -> None:
        self.ctx = []

    def sentence(self, sent: Sentence, page: int) -> None:
        text = sent.text
        named: list[tuple[Draft, Mention]] = []
        paired_ids = set()
        for nct, name in nct_name_pairs(sent):
            d = Draft(order=sent.start + sent.local(name)[0])
            d.add_name(name.kb or None, name.text)
            d.ncts.append(nct.name)
            named.append((d, name))
            paired_ids.add((nct.start, name.start))
        paired_names = {n for _, n in named}
        paired_ncts = {i[0] for i in paired_ids}
        for m in sent.of("TRIAL", "NCT"):
            if m in paired_names or m.start in paired_ncts or m.malformed and m.label == "NCT" and False:
                continue
            if m.label == "TRIAL" and any(dm.label == "TRIAL" and dm.name == m.name for _, dm in named):
                continue
            d = Draft(order=m.start)
            if m.label == "TRIAL":
                d.add_name(m.kb or None, m.text)
            else:
                if any(m.name in dd.ncts for dd, _ in named):
                    continue
                d.ncts.append(m.name)
            named.append((d, m))
        named.sort(key=lambda x: x[1].start)

        eps = [EP(*sent.local(m), m.name) for m in sent.of("ENDPOINT")]
        sizes = sample_sizes(text)
        masks = [sent.local(m) for m in sent.mentions if m.label != "ENDPOINT"]
        masks += [(a, b) for _, a, b in sizes]
        masks += [(a, b) for _, a, b in phases_in(text)]
        outs = find_outcomes(text, eps, masks)
        drugs = arm_drugs(sent)
        cue = study_cue(text)

        if named:
            self.ctx = [d for d, _ in named]
            self.drafts.extend(self.ctx)
        elif cue is not None:
            self._open_unnamed(sent)
        elif outs and drugs and (
            not self.ctx or CONTRAST.search(text)
            or (sizes and all(d.sample_size is not None and d.sample_size != sizes[0][0] for d in self.ctx))
        ):
            self._open_unnamed(sent)
        if not self.ctx:
            return
        for d in self.ctx:
            mention = next((m for dd, m in named if dd is d), None)
            if d.phase is None:
                if mention is not None:
                    d.phase = phase_for(sent, mention)
                elif cue is not None:
                    ph = [p for p, a, b in phases_in(text) if cue[0] <= a < cue[1]]
                    d.phase = ph[0] if ph else None
            if d.sample_size is None and sizes and len(self.ctx) == 1:
                d.sample_size = sizes[0][0]
            for x in drugs:
                if x not in d.drugs:
                    d.drugs.append(x)
            for x in endpoints_in(sent):
                if x not in d.endpoints:
                    d.endpoints.append(x)
            for o in outs:
                o2 = copy.copy(o)
                o2.page = page
                o2.evidence = text
                d.outcomes.append(o2)
                if o2.endpoint not in d.endpoints:
                    d.endpoints.append(o2.endpoint)
            if text not in d.evidence:
                d.evidence.append(text)
            if page not in d.pages:
                d.pages.append(page)

    def _open_unnamed(self, sent: Sentence) -> None:
        d = Draft(order=sent.start)
        self.ctx = [d]
        self.drafts.append(d)


def _variant(a: str, b: str) -> bool:
    """"ispy" ~ "ispy2", "patricia" ~ "patriciaii": one is the other plus a number."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4 or not long_.startswith(short):
        return False
    return bool(re.fullmatch(r"\d{1,2}|i{1,3}|iv|v", long_[len(short):]))


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Union drafts of the same trial (NCT id, name, name variant); NCT conflicts block a merge."""
    groups: list[Draft] = []
    for d in sorted(drafts, key=lambda x: (x.source != "body", x.order)):
        if not d.named:
            groups.append(d)
            continue
        target = None
        for g in groups:
            if not g.named:
                continue
            if set(d.ncts) & set(g.ncts):
                target = g
                break
        if target is None:
            cands = [g for g in groups if g.named and (d.keys & g.keys)
                     and not (d.ncts and g.ncts and not set(d.ncts) & set(g.ncts))]
            if not cands:
                cands = [g for g in groups if g.named and any(_variant(a, b) for a in d.keys for b in g.keys)
                         and not (d.ncts and g.ncts and not set(d.ncts) & set(g.ncts))]
            if len(cands) >= 1 and len({id(c) for c in cands}) == 1:
                target = cands[0]
        if target is None:
            groups.append(d)
        else:
            target.absorb(d)
    groups.sort(key=lambda g: g.order)
    return groups


def to_trials(groups: list[Draft]) -> list[Trial]:
    """Plain `Trial` records with keys: canonical name, else NCT id, else unnamed-<n>."""
    out: list[Trial] = []
    n_unnamed = 0
    for g in groups:
        if not g.named:
            if not g.outcomes:
                continue
            n_unnamed += 1
            key = f"unnamed-{n_unnamed}"
        else:
            key = g.canonical or (g.names[0] if g.names else g.ncts[0])
        drugs = list(dict.fromkeys(g.drugs))
        eps = list(dict.fromkeys(e for e in g.endpoints if e))
        out.append(Trial(key=key, names=list(g.names), nct_ids=list(g.ncts), phase=g.phase,
                         sample_size=g.sample_size, drugs=drugs, endpoints=eps, outcomes=list(g.outcomes),
                         evidence=list(g.evidence), pages=sorted(set(g.pages))))
    return out


def drop_name_conflicts(drafts: list[Draft]) -> None:
    """A table name printed on rows with different NCT ids names none of them for certain: keep it off."""
    by_key: dict[str, set[str]] = {}
    for d in drafts:
        if d.source != "table" or not d.ncts:
            continue
        for k in d.keys:
            by_key.setdefault(k, set()).update(d.ncts)
    clash = {k for k, ids in by_key.items() if len(ids) > 1}
    if not clash:
        return
    for d in drafts:
        if d.source == "table" and d.keys & clash:
            d.names = [n for n in d.names if norm_name(n) not in clash]
            if d.canonical and norm_name(d.canonical) in clash:
                d.canonical = None


def paragraph_continues(prev_text: str) -> bool:
    """A body block that ends mid-sentence (page or column break) continues in the next body block."""
    return not _OPEN_END.search(prev_text.rstrip())
