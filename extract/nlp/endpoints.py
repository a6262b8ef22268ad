"""ENDPOINT entities: outcome measures normalised to their standard abbreviation.

- endpoints.jsonl lists each measure: id (canonical abbreviation), long forms
  (matched case-insensitively, with or without hyphens, singular or plural) and
  short forms (case-sensitive). Short forms marked `ambiguous` (CR, PR, SD, PD)
  count only where the document defines them, where their long form occurs in
  the document, or inside a table column of endpoints.
- Timepoints: "6-month PFS", "3-years DFS", "8-year overall survival rate",
  "PFS at 12 months" -> "6-month PFS", "3-year DFS", "8-year OS", "12-month PFS".
  Any measure followed by "rate" takes a timepoint too ("12-month DOR rate");
  spelled-out numbers ("eighteen-month") are read with word2number.
- CNS qualifiers: one canonical per measure, whichever way it is written:
  response rates (kind "response") -> "ORR in CNS" ("CNS ORR", "intracranial
  ORR", "ORR in the central nervous system"); other measures -> "CNS-PFS"
  ("central nervous system PFS", "PFS in the CNS").
- Real-world qualifier: "real-world progression-free survival", "rwPFS" -> "rwPFS".
- Abbreviations the document defines for a known measure ("DI, dose-limiting
  toxicities" -> DI = DLT), and new ones whose long form is an outcome
  ("time to deterioration (TTD)" -> TTD).
- Treatment discontinuation due to toxicity (kind "discontinuation"): the noun
  or the verb linked causally to toxicity/adverse events within one clause
  ("8% discontinued the study because of drug toxicity"); "discontinuation was
  used to manage toxicity" (no causal link), "had discontinued prior therapy
  due to toxicity" (history) and modal protocol rules are not the measure.
- Events (kind "event": "distant recurrence", "CV death", "stroke", "HHF") are
  a measure only in outcome context (endpoint_context.py) -- "rate/risk/incidence of", "... rate",
  "... was lower", "12% distant recurrence", a table row label -- not in
  "patients at high risk of distant recurrence".
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.nlp import abbreviations, blocks
from extract.nlp.endpoint_context import (
    CHANGE_VERBS, category_grade, declared_or_compared, event_context, grade_of, list_neighbour, named_as_outcome, reported,
)
from extract.nlp.drug_lexicon import non_entity_names
from extract.nlp.lexicons import load

CANDIDATES = "cand_endpoint"
LONG_KEY = "extract.endpoint_long"

_UNITS = {"month": "month", "months": "month", "mo": "month", "mos": "month", "year": "year", "years": "year",
          "yr": "year", "yrs": "year", "week": "week", "weeks": "week", "wk": "week", "day": "day", "days": "day"}
_CNS_WORDS = {"cns", "intracranial", "brain"}
_HYPHENS = ("-", "–", "‐")


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    """Words word2number reads as numbers ("point", "zero" and big magnitudes never start a timepoint)."""
    from word2number import w2n

    return frozenset(w2n.american_number_system) - {"point", "zero", "thousand", "million", "billion"}


# prefixes of qualified abbreviations: "CNS-PFS", "IC-ORR", "rwPFS"
_PREFIXED = re.compile(r"^(?:(?P<cns>CNS|IC)[-–](?P<a>\w+)|rw(?P<b>[A-Z]\w*))$")
_OUTCOME_HEADS = {"survival", "response", "responses", "rate", "remission", "toxicity", "toxicities",
                  "events", "event", "benefit", "control", "progression", "recurrence", "relapse"}
# heads of continuous measures ("skin microfilarial density", "glycated haemoglobin level"): an
# abbreviation of one is an endpoint only where the paper declares or compares it as an outcome
_MEASURE_HEADS = {"density", "densities", "level", "levels", "concentration", "concentrations", "score", "scores",
                  "count", "counts", "load", "loads", "pressure", "weight", "mass", "volume", "index", "time",
                  "duration", "intensity", "activity", "abstinence", "cessation", "change"}
_AE_CATEGORIES = {"unrelated", "nonserious", "non-serious", "solicited", "unsolicited", "local", "systemic",
                  "expected", "unexpected", "injection-site"}
# categories of adverse events counted by grade ("grade 3-5 TRAEs")
_GRADED_CATEGORIES = ("AEs", "irAEs")
_STATE_QUALIFIERS = {"undetectable", "detectable", "suppressed", "unsuppressed"}
# what a subset of adverse events led to: "AEs leading to discontinuation" is a measure of its own
_CONSEQUENCES = {"discontinuation", "discontinuations", "death", "deaths", "hospitalization", "hospitalisation",
                 "interruption", "interruptions", "withdrawal", "reduction", "reductions"}
_CONSEQUENCE_MODIFIERS = {"treatment", "study", "drug", "dose", "permanent"}
_DIFFERENCE_WORDS = {"benefit", "improvement", "gain", "prolongation", "difference", "increase", "extension",
                     "advantage", "reduction"}
# discontinuation due to toxicity: "discontinu*" <= 4 words "due to|because of|owing to" <= 2 words HEAD
_CAUSAL = {("due", "to"), ("because", "of"), ("owing", "to")}
_TOXICITY_HEADS = ["toxicity", "toxicities", "intolerance", "ae", "aes", "teae", "teaes", "trae", "traes"]
_TOXICITY_PAIRS = (["adverse", "side", "toxic"], ["event", "events", "effect", "effects", "reaction", "reactions"])
_CLAUSE_BREAKS = ["and", "but", "which", "who", "that", "while", "whereas", "when", "if", "although", "until"]
_HISTORY = {"prior", "previous", "previously", "earlier", "preceding"}
_MODALS = {"may", "might", "should", "must", "will", "would", "can", "could", "shall"}
ENDPOINT_COLUMNS = re.compile(r"end ?points?\b|outcome measure", re.I)


@lru_cache(maxsize=1)
def endpoint_lexicon() -> tuple[dict, ...]:
    """The measures of endpoints.jsonl, then the adverse-event terms (an id already listed is kept once)."""
    own = load("endpoints.jsonl")
    ids = {e["id"].lower() for e in own}
    return own + tuple(e for e in load("adverse_events.jsonl") if e["id"].lower() not in ids)


def _plural_forms(word: str) -> list[str]:
    forms = [word]
    if word.endswith("y") and len(word) > 3:
        forms.append(word[:-1] + "ies")
    elif not word.endswith("s"):
        forms.append(word + "s")
    return forms


class EndpointRecognizer:
    """spaCy component: ENDPOINT candidates in doc.spans["cand_endpoint"]."""

    def __init__(self, nlp: Language, name: str = "endpoint_ner"):
        self.entries = {e["id"]: e for e in endpoint_lexicon()}
        self.adverse_terms = frozenset(e["id"] for e in load("adverse_events.jsonl")) - set(
            e["id"] for e in load("endpoints.jsonl"))
        self.matcher = Matcher(nlp.vocab)
        self.short_to_id: dict[str, str] = {}
        for e in self.entries.values():
            pats = []
            for long in e["long"]:
                words = [t.lower_ for t in nlp.tokenizer(long) if t.text not in ("-", "–")]
                pat = []
                for k, w in enumerate(words):
                    if k:
                        pat.append({"ORTH": {"IN": ["-", "–"]}, "OP": "?"})
                    if k == len(words) - 1:
                        pat.append({"LOWER": {"IN": _plural_forms(w)}})
                    else:
                        pat.append({"LOWER": w})
                pats.append(pat)
            self.matcher.add("L|" + e["id"], pats)
            if e.get("report_long"):
                self.matcher.add("R|" + e["id"], [[{"LOWER": w} for w in f.lower().split()] for f in e["report_long"]])
            shorts = [*e.get("aliases", []), *e.get("ambiguous_aliases", [])]
            if " " not in e["id"] and any(ch.isupper() for ch in e["id"]):
                shorts.append(e["id"])  # "PFS", "pCR"; not "PSA response" (a long form)
            for short in shorts:
                self.short_to_id[short] = e["id"]
        # "treatment-related adverse events (TRAEs)": a subset the paper names is a measure of its own
        self.own_when_defined = {f: name for e in self.entries.values() for name in e.get("own_when_defined", ())
                                 for f in (name, name.rstrip("s"))}
        self.graded = frozenset(_GRADED_CATEGORIES) | frozenset(self.own_when_defined.values())
        self.discontinuation = next((k for k, e in self.entries.items() if e.get("kind") == "discontinuation"), None)
        if self.discontinuation:
            self.matcher.add("D|" + self.discontinuation, _discontinuation_patterns())

    def __call__(self, doc: Doc) -> Doc:
        cands: list[Span] = []
        long_of: dict[str, str] = {}
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            if key.startswith("D|"):
                span = _discontinuation_span(doc, start, end, key[2:])
                if span is not None:
                    cands.append(span)
                continue
            if key.startswith("R|") and not reported(doc, start, end):
                continue
            cands.append(Span(doc, start, end, label="ENDPOINT", kb_id=key[2:]))
        cands += defined_measures(doc, cands)
        defined = self._definitions(doc, cands, long_of)
        cands = self._own_subsets(doc, cands)
        long_seen = {s.kb_id_ for s in cands}
        for i, w in enumerate(blocks.tokens_of(doc).text):
            tok = doc[i]
            m = _PREFIXED.match(w) if w.startswith(("CNS", "IC", "rw")) else None
            inner = m and (m.group("a") or m.group("b"))
            base = inner and (self.short_to_id.get(inner) or defined.get(inner))
            if base:  # "CNS-PFS", "rwPFS": named by the prefix, whatever a definition says
                name = self.cns_name(base) if m.group("cns") else f"rw{base}"
                cands.append(Span(doc, tok.i, tok.i + 1, label="ENDPOINT", kb_id=name))
                continue
            if w in defined and defined[w] is None:
                continue
            cid = defined.get(w) or self.short_to_id.get(w)
            if cid is None:
                continue
            if self._ambiguous(w) and w not in defined and cid not in long_seen and not self._endpoint_cell(doc, tok):
                continue
            cands.append(Span(doc, tok.i, tok.i + 1, label="ENDPOINT", kb_id=cid))
        named = filter_spans(cands)  # every naming of a measure, reported or not: antecedents of "such X"
        cands = [s if s.label_ != DEFINED_LABEL else Span(doc, s.start, s.end, label="ENDPOINT", kb_id=s.kb_id_)
                 for s in cands if self._in_context(doc, s, cands)]
        spans = filter_spans(cands)
        spans = _anaphora(doc, _graded_like_long(doc, [self._qualify(doc, s) for s in spans]), named)
        doc.spans[CANDIDATES] = filter_spans(spans)
        for cid, e in self.entries.items():
            long_of.setdefault(cid, e["long"][0])
        for span in doc.spans[CANDIDATES]:  # "6-month PFS" -> "6-month progression-free survival rate"
            name = span.kb_id_
            if name not in long_of:
                long_of[name] = _derived_long(name, long_of)
        doc.user_data[LONG_KEY] = long_of
        return doc

    # ---- helpers ------------------------------------------------------------
    def _definitions(self, doc: Doc, cands: list[Span], long_of: dict[str, str]) -> dict[str, str | None]:
        """short form -> endpoint id, for abbreviations the document defines (None: an
        ambiguous short form defined as something else)."""
        out: dict[str, str | None] = {}
        by_char = [(s.start_char, s.end_char, s.kb_id_) for s in cands]
        text = blocks.text_of(doc)
        for d in abbreviations.definitions(doc):
            short = d.short.strip()
            if short in self.own_when_defined:
                out[short] = self.own_when_defined[short]
                continue
            if not short or short in self.short_to_id and not self._ambiguous(short):
                continue
            cid = None
            for s0, e0, k in by_char:
                if s0 >= d.long_start and e0 <= d.long_end and (e0 - s0) >= 0.6 * (d.long_end - d.long_start):
                    cid = k
                    break
                # the detector may keep only the tail of the long form ("time to next treatment
                # (TNT)" -> "treatment"): a measure written right before "(" with the same initial
                if 0 <= d.short_start - e0 <= 3 and text[e0:d.short_start].strip() in ("(", "") \
                        and text[s0:s0 + 1].lower() == short[:1].lower():
                    cid = k
                    break
                # the same, where the detector reports the short form's first use elsewhere
                if s0 < d.long_start and abs(e0 - d.long_end) <= 1 and text[s0:s0 + 1].lower() == short[:1].lower() \
                        and re.match(r"\s*[(\[]\s*" + re.escape(short) + r"\s*[)\]]", text[e0:e0 + len(short) + 6]):
                    cid = k
                    break
            if cid is None:
                words = d.long.lower().replace("-", " ").split()
                free_interval = len(words) >= 2 and words[-1] == "interval" and "free" in words
                time_to = words[:2] == ["time", "to"] or words[:2] == ["duration", "of"]
                outcome_head = words and words[-1] in _OUTCOME_HEADS or free_interval or time_to
                measure = words and words[-1] in _MEASURE_HEADS and declared_or_compared(text, (short, d.long))
                if ((outcome_head or measure) and 2 <= len(short) <= 6
                        and short[0].isalpha() and sum(c.isupper() for c in short) >= 2 and len(words) >= 2
                        and short.lower() not in non_entity_names() and "confidence" not in words):
                    cid = short
                    long_of.setdefault(cid, d.long)
            if cid is not None:
                out[short] = cid
            elif short in self.short_to_id:
                out.setdefault(short, None)  # "progesterone receptor (PR)": PR is not the endpoint here
        return out

    def _own_subsets(self, doc: Doc, cands: list[Span]) -> list[Span]:
        """Long forms of a subset the document defines ("TRAEs") take that name wherever they stand."""
        longs = {_long_key(d.long): self.own_when_defined[d.short.strip()] for d in abbreviations.definitions(doc)
                 if d.short.strip() in self.own_when_defined}
        if not longs:
            return cands
        return [Span(doc, s.start, s.end, label=s.label_, kb_id=longs[_long_key(s.text)])
                if _long_key(s.text) in longs else s for s in cands]

    def _in_context(self, doc: Doc, span: Span, cands: list[Span] = (), step: int = 0) -> bool:
        """Measures of kind "event"/"discontinuation" count only where the text reports them; the
        members of a list ("the rate of CV death, nonfatal MI, or stroke") share its context
        (step: 0 = look both ways along the list, 1 = forward only, -1 = backward only)."""
        kind = self.entries.get(span.kb_id_, {}).get("kind")
        if kind is None and span.label_ == DEFINED_LABEL:
            kind = "event"  # a measure the paper defines counts where a result is reported for it
        if kind == "event":
            if self._event_here(doc, span):
                return True
            for direction in (1, -1):
                if step and direction != step:
                    continue
                nxt = list_neighbour(doc, span, cands, direction)
                if nxt is not None and (self.entries.get(nxt.kb_id_, {}).get("kind") != "event"
                                        or self._in_context(doc, nxt, cands, direction)):
                    return True
            return False
        if kind == "discontinuation":
            return _discontinuation_context(doc, span.start, span.end)
        return True

    def _event_here(self, doc: Doc, span: Span) -> bool:
        if _timepoint_before(doc, span.start, allow_space=False) is not None:
            return True  # "28-day mortality", "5-year local recurrence": a rate
        if named_as_outcome(doc, span):
            return True
        n, s, e = len(doc), span.start, span.end
        if e + 2 < n and doc[e].lower_ == "at" and _number(doc[e + 1].text) is not None and doc[e + 2].lower_ in _UNITS:
            return True  # "mortality at 28 days"
        if e + 2 < n and doc[e].lower_ == "at" and doc[e + 1].lower_ in _UNITS and _number(doc[e + 2].text) is not None:
            return True  # "mortality at day 28"
        if s >= 2 and doc[s - 1].lower_ == "for" and doc[s - 2].lower_ in ("ratio", "hr", "ratios"):
            return True  # "the hazard ratio for cardiovascular death"
        j = s - 1 if s >= 1 and doc[s - 1].lower_ != "the" else s - 2
        if j >= 0 and doc[j].lower_ in CHANGE_VERBS:
            return True  # "tirzepatide reduced the glycated hemoglobin level by 2.3 points"
        return event_context(doc, span)

    def _ambiguous(self, short: str) -> bool:
        entry = self.entries.get(self.short_to_id.get(short, ""), {})
        return bool(entry.get("ambiguous") and len(short) <= 2) or short in entry.get("ambiguous_aliases", ())

    def _endpoint_cell(self, doc: Doc, tok) -> bool:
        cell = blocks.cell_at(doc, tok.idx)
        return cell is not None and cell.row > 0 and bool(ENDPOINT_COLUMNS.search(cell.header))

    def _qualify(self, doc: Doc, span: Span) -> Span:
        """Extend with a real-world, timepoint or CNS qualifier and rename accordingly."""
        cid = span.kb_id_
        if span.start >= 1 and doc[span.start - 1].lower_ in _STATE_QUALIFIERS:
            # "undetectable viral load", "undetectable SmfD": the share reaching a state is its own measure
            return Span(doc, span.start - 1, span.end, label="ENDPOINT", kb_id=f"{doc[span.start - 1].lower_} {cid}")
        if cid == "AEs" and span.start >= 1 and doc[span.start - 1].lower_ in _AE_CATEGORIES:
            # "unrelated adverse events", "solicited adverse events": a category of its own, as written
            return Span(doc, span.start - 1, span.end, label="ENDPOINT",
                        kb_id=f"{doc[span.start - 1].lower_} {span.text.lower()}")
        led = _leading_to(doc, span.end) if cid in self.graded else None
        if led is not None:
            # "AEs leading to treatment discontinuation": named by what they led to
            end, what = led
            return Span(doc, span.start, end, label="ENDPOINT", kb_id=f"{cid} leading to {what}")
        if cid in self.graded:
            grade = category_grade(doc, span)  # "grade ≥3 AEs" is not the any-grade count
            return Span(doc, span.start, span.end, label="ENDPOINT", kb_id=f"grade {grade} {cid}") if grade else span
        entry = self.entries.get(cid)
        if entry is None:
            return span
        if cid in self.adverse_terms:
            grade = grade_of(doc, span)  # "grade ≥3 neutropenia" is its own measure
            return Span(doc, span.start, span.end, label="ENDPOINT", kb_id=f"grade {grade} {cid}") if grade else span
        n = len(doc)
        start, end = span.start, span.end
        # "real-world progression-free survival" -> rwPFS
        if start >= 3 and doc[start - 2].text in _HYPHENS and doc[start - 3].lower_ == "real" \
                and doc[start - 1].lower_ == "world":
            return Span(doc, start - 3, end, label="ENDPOINT", kb_id=f"rw{cid}")
        # trailing "rate" / "-rate"
        k = end
        if k + 1 < n and doc[k].text in _HYPHENS and doc[k + 1].lower_ == "rate":
            k += 2
        elif k < n and doc[k].lower_ == "rate":
            k += 1
        end_rate = k
        # a timepoint makes a rate: "6-month PFS", "12-month DOR rate", "eighteen-month OS" -- but
        # "a seven-month PFS benefit" is a difference in PFS, not a timepointed rate
        rate = end_rate > end or doc[end - 1].lower_ in ("rate", "rates")
        after = end_rate
        if after < n and doc[after].text == "(":  # "seven-month PFS (progression-free survival) benefit"
            close = next((m for m in range(after + 1, min(n, after + 12)) if doc[m].text == ")"), None)
            after = close + 1 if close is not None else after
        is_difference = after < n and doc[after].lower_ in _DIFFERENCE_WORDS
        if (entry.get("timepoint") or rate) and not is_difference:
            tp = _timepoint_before(doc, start, allow_space=rate)
            if tp is not None:
                first, num, unit = tp
                return Span(doc, first, end_rate, label="ENDPOINT", kb_id=f"{num}-{unit} {cid}")
            # "At 12 months, the OS rate was 80%": a leading timepoint of the clause names the rate
            if rate:
                j = start - 1
                while j >= 0 and doc[j].lower_ in ("the", "estimated", "a", "an"):
                    j -= 1
                if j >= 3 and doc[j].text == "," and doc[j - 3].lower_ in ("at", "after", "by"):
                    num = _number(doc[j - 2].text)
                    unit = _UNITS.get(doc[j - 1].lower_)
                    if unit and num is not None:
                        return Span(doc, start, end_rate, label="ENDPOINT", kb_id=f"{num}-{unit} {cid}")
            # "PFS (rate) at 12 months", "DOR rate at 2 years", "mortality at day 28"
            if end_rate + 2 < n and doc[end_rate].lower_ == "at":
                num = _number(doc[end_rate + 1].text)
                unit = _UNITS.get(doc[end_rate + 2].lower_)
                if num is None and doc[end_rate + 1].lower_ in _UNITS:
                    num, unit = _number(doc[end_rate + 2].text), _UNITS[doc[end_rate + 1].lower_]
                if unit and num is not None:
                    return Span(doc, start, end_rate + 3, label="ENDPOINT", kb_id=f"{num}-{unit} {cid}")
        # "CNS-PFS", "central nervous system- PFS", "intracranial ORR"
        j = start - 1
        if j >= 0 and doc[j].text in _HYPHENS:
            j -= 1

        def word(m: int) -> str:
            return doc[m].lower_.rstrip("-–")

        if j >= 0 and word(j) in _CNS_WORDS:
            return Span(doc, j, end, label="ENDPOINT", kb_id=self.cns_name(cid))
        if j >= 2 and [word(m) for m in range(j - 2, j + 1)] == ["central", "nervous", "system"]:
            return Span(doc, j - 2, end, label="ENDPOINT", kb_id=self.cns_name(cid))
        # "ORR in CNS", "PFS in the central nervous system"
        k = end_rate if end_rate > end else end
        if k < n and doc[k].lower_ == "in":
            k += 1
            if k < n and doc[k].lower_ == "the":
                k += 1
            if k < n and doc[k].lower_ in ("cns", "brain"):
                return Span(doc, start, k + 1, label="ENDPOINT", kb_id=self.cns_name(cid))
            if k + 2 < n and [t.lower_ for t in doc[k:k + 3]] == ["central", "nervous", "system"]:
                return Span(doc, start, k + 3, label="ENDPOINT", kb_id=self.cns_name(cid))
        return span

    def cns_name(self, cid: str) -> str:
        """One canonical per measure: response rates "ORR in CNS", others "CNS-PFS"."""
        if self.entries.get(cid, {}).get("kind") == "response":
            return f"{cid} in CNS"
        return f"CNS-{cid}"



# "Early death was defined as death within 12 weeks": the paper defines a measure of its own
_DEFINED = re.compile(r"(?:^|(?<=[.;:]\s)|(?<=\n))(?P<t>[A-Z][a-z]+(?:[\s-][a-z]+){1,3}?)\s+(?:was|were)\s+(?:\w+\s+)?"
                      r"defined\s+as\b")
_DEFINED_HEADS = _OUTCOME_HEADS | _MEASURE_HEADS | {"death", "disease", "failure", "mortality", "deterioration"}
DEFINED_LABEL = "ENDPOINT_DEFINED"  # a candidate's label until its context is checked


# "The primary outcome was cessation of menstrual cycles", "analysed the X as one of the outcomes":
# the paper declares a measure of its own
_DECLARED = re.compile(
    r"\b(?:primary|secondary|main|co-?primary)\s+(?:efficacy\s+)?(?:end[\s-]?points?|outcomes?)\s+(?:was|were|is)\s+"
    r"(?:the\s+)?(?P<a>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,5}?)(?=\s*(?:[,.;:(]|\s+(?:and|at|in|from|defined|which|assessed)\b))"
    r"|\b(?:analy[sz]ed|examined|assessed|addressed|evaluated)\s+(?:the\s+)?(?P<b>[A-Za-z][a-z-]*(?:\s+[a-z][a-z-]*){0,5}?)"
    r"\s+as\s+(?:one\s+of\s+)?(?:the|an?)\s+(?:primary\s+|secondary\s+)?(?:outcomes?|end[\s-]?points?)\b")


def _head(words: list[str]) -> str:
    """The head noun of "cessation of menstrual cycles" (before "of"), else the last word."""
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


def _singular(words: list[str]) -> list[str]:
    last = words[-1]
    return words[:-1] + [last[:-1] if last.endswith("s") and last[:-1] in _DEFINED_HEADS else last]


def defined_measures(doc: Doc, known: list[Span] = ()) -> list[Span]:
    """Mentions of measures the paper defines ("Early death was defined as ..."; "early deaths",
    "early-death events" later) or declares as its outcomes ("The primary outcome was cessation
    of menstrual cycles"), named as written, lowercased and singular. A phrase that holds a
    lexicon measure ("progression-free survival") keeps the lexicon's name instead."""
    text = blocks.text_of(doc)
    taken = [(s.start_char, s.end_char) for s in known]
    out: list[Span] = []
    found: list[tuple[str, int, int, str]] = []  # (name, start of the phrase, end, label)
    for m in _DEFINED.finditer(text):
        words = m.group("t").lower().replace("-", " ").split()
        if len(words) >= 2 and words[-1] in _DEFINED_HEADS:
            found.append((" ".join(_singular(words)), m.start("t"), m.end("t"), DEFINED_LABEL))
    for m in _DECLARED.finditer(text):
        g = "a" if m.group("a") else "b"
        words = m.group(g).lower().replace("-", " ").split()
        if len(words) >= 2 and _head(words) in _DEFINED_HEADS and words[-1] != "of":
            found.append((" ".join(_singular(words)), m.start(g), m.end(g), "ENDPOINT"))
    for name, a, b, label in found:
        if any(s < b and e > a for s, e in taken):
            continue  # "the primary end point was progression-free survival": the lexicon's PFS
        rx = re.compile(r"\b" + r"[\s-]+".join(map(re.escape, name.split())) + r"s?\b", re.IGNORECASE)
        for hit in rx.finditer(text):
            if label == DEFINED_LABEL and hit.start() == a:
                continue  # the definition itself reports nothing
            span = doc.char_span(hit.start(), hit.end(), label=label, kb_id=name, alignment_mode="expand")
            if span is not None and (label == DEFINED_LABEL or blocks.cell_at(doc, span.start_char) is None):
                out.append(span)  # a table row names its own measure, as written there, unless the paper defined it
    return out


def _leading_to(doc: Doc, k: int) -> tuple[int, str] | None:
    """(end token, consequence) of "leading to [treatment] discontinuation" right after token k."""
    if k + 1 >= len(doc) or doc[k].lower_ not in ("leading", "resulting") or doc[k + 1].lower_ not in ("to", "in"):
        return None
    j = k + 2
    while j < len(doc) and j < k + 4 and doc[j].lower_ in _CONSEQUENCE_MODIFIERS:
        j += 1
    if j < len(doc) and doc[j].lower_ in _CONSEQUENCES:
        return j + 1, " ".join(t.lower_ for t in doc[k + 2:j + 1])
    return None


def _discontinuation_patterns() -> list[list[dict]]:
    """Matcher patterns: "discontinu*", <= 4 words of the same clause, a causal link, <= 5 modifier tokens
    ("grade >=3 treatment-related"), then toxicity / adverse events / side effects (checked further in
    _discontinuation_span)."""
    first = {"LOWER": {"REGEX": r"^discontinu(?:e|ed|es|ing|ation|ations)$"}}
    gap = {"IS_PUNCT": False, "IS_SPACE": False, "LOWER": {"NOT_IN": _CLAUSE_BREAKS}, "OP": "{0,4}"}
    link = [{"LOWER": {"IN": sorted({a for a, _ in _CAUSAL})}}, {"LOWER": {"IN": sorted({b for _, b in _CAUSAL})}}]
    mods = {"TEXT": {"REGEX": r"^(?:[A-Za-z][\w-]*|[-–‐]|[≥≤<>]?\d+)$"}, "OP": "{0,5}"}
    head = [{"LOWER": {"IN": _TOXICITY_HEADS}}]
    pair = [{"LOWER": {"IN": _TOXICITY_PAIRS[0]}}, {"TEXT": {"IN": list(_HYPHENS)}, "OP": "?"},
            {"LOWER": {"IN": _TOXICITY_PAIRS[1]}}]
    return [[first, gap, *link, mods, *head], [first, gap, *link, mods, *pair]]


def _discontinuation_span(doc: Doc, start: int, end: int, cid: str) -> Span | None:
    """Check one match of the discontinuation rule; the span never swallows a drug mention
    ("discontinued the study because of buparlisib toxicity" keeps "buparlisib" a DRUG)."""
    link = next((k for k in range(start + 1, end - 1) if (doc[k].lower_, doc[k + 1].lower_) in _CAUSAL), None)
    if link is None or any(t.lower_ in _HISTORY for t in doc[start:link]):
        return None
    head = end - 1
    while head > link + 2 and doc[head - 1].lower_ in _TOXICITY_PAIRS[0] + list(_HYPHENS):
        head -= 1
    words = [t for t in doc[link + 2:head] if t.is_alpha and t.lower_ != "grade"]
    if len(words) > 2 or any(t.lower_ in _CLAUSE_BREAKS for t in doc[link + 2:head]):
        return None
    if not _discontinuation_context(doc, start, end):
        return None
    if start >= 1 and doc[start - 1].lower_ in ("treatment", "study", "drug", "therapy"):
        start -= 1
    for drug in doc.spans.get("cand_drug", []):
        if drug.start < end and drug.end > start:
            start, end = (drug.end, end) if drug.start < link else (start, drug.start)
    return Span(doc, start, end, label="ENDPOINT", kb_id=cid) if end > start else None


def _discontinuation_context(doc: Doc, start: int, end: int) -> bool:
    """Not a protocol rule ("should be discontinued due to toxicity") nor part of a time-to measure."""
    before = [t.lower_ for t in doc[max(0, start - 3):start]]
    if any(w in _MODALS for w in before[-2:]):
        return False
    return not (before[-2:] == ["time", "to"] or before[-3:-1] == ["time", "to"])



def _timepoint_before(doc: Doc, start: int, allow_space: bool) -> tuple[int, int, str] | None:
    """"6-month", "18-mo", "twenty-four-month" (and "12 month" before a rate) ending at start."""
    j = start - 1
    if j >= 1 and doc[j].text in _HYPHENS and _UNITS.get(doc[j - 1].lower_):
        j -= 1  # "1 yr-OS", "12 mo-PFS": a table's abbreviated landmark
        allow_space = True
    if j < 0 or _UNITS.get(doc[j].lower_) is None:
        return None
    unit = _UNITS[doc[j].lower_]
    j -= 1
    if j >= 0 and doc[j].text in _HYPHENS:
        j -= 1
    elif not allow_space:
        return None
    if j < 0:
        return None
    if doc[j].text.isdigit():
        return j, int(doc[j].text), unit
    words = []
    while j >= 0 and doc[j].lower_ in _number_words():
        words.insert(0, doc[j].lower_)
        first = j
        if j >= 2 and doc[j - 1].text in _HYPHENS and doc[j - 2].lower_ in _number_words():
            j -= 2  # "twenty-four"
        else:
            break
    if not words:
        return None
    num = _number(" ".join(words))
    return (first, num, unit) if num is not None else None


_ANAPHORS = {"such", "this", "these", "that", "those"}
ANAPHORA_CHARS = 400  # how far back "such hypotension" looks for the measure it refers to


def _anaphora(doc: Doc, spans: list[Span], named: list[Span]) -> list[Span]:
    """"Severe symptomatic postural hypotension ... Such hypotension was reported in up to 22%":
    a measure named again by its head after "such"/"this" is the fuller measure named just before
    (`named`: every naming of a measure, also where no result is reported)."""
    out: list[Span] = []
    ends = [p.end for p in named]  # filter_spans output: sorted, not overlapping
    for s in spans:
        if s.start >= 1 and doc[s.start - 1].lower_ in _ANAPHORS:
            head = s.text.lower()
            prev = None
            for k in range(bisect.bisect_right(ends, s.start) - 1, -1, -1):  # nearest first, 400 chars back
                p = named[k]
                if p.start_char < s.start_char - ANAPHORA_CHARS:
                    break
                if p.kb_id_ != s.kb_id_ and len(p.text) > len(head) and p.text.lower().endswith(head):
                    prev = p
                    break
            if prev is not None:
                s = Span(doc, s.start, s.end, label=s.label_, kb_id=prev.kb_id_)
        out.append(s)
    return out


def _graded_like_long(doc: Doc, spans: list[Span]) -> list[Span]:
    """"grade 3-5 treatment-related adverse events (TRAEs)": the abbreviation right after a graded
    long form names the same graded measure."""
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.kb_id_.startswith("grade ") and prev.kb_id_.endswith(" " + s.kb_id_) \
                and blocks.text_of(doc)[prev.end_char:s.start_char].strip() in ("(", "["):
            s = Span(doc, s.start, s.end, label=s.label_, kb_id=prev.kb_id_)
        out.append(s)
    return out


def _long_key(text: str) -> str:
    """A long form compared with its definition: case, hyphens and a plural -s ignored."""
    return re.sub(r"[\s\-\u2010-\u2013]+", " ", text.lower()).strip().rstrip("s")


def _derived_long(name: str, long_of: dict[str, str]) -> str | None:
    m = re.match(r"^(\d+-(?:month|year|week|day)) (.+)$", name)
    if m and m.group(2) in long_of:
        return f"{m.group(1)} {long_of[m.group(2)]} rate"
    m = re.match(r"^CNS-(.+)$", name) or re.match(r"^(.+) in CNS$", name)
    if m and m.group(1) in long_of:
        return f"{long_of[m.group(1)]} in the central nervous system"
    m = re.match(r"^rw(.+)$", name)
    if m and m.group(1) in long_of:
        return f"real-world {long_of[m.group(1)]}"
    return None


def _number(text: str) -> int | None:
    """A digit string or spelled-out number words ("eighteen", "twenty four"), else None."""
    if text.isdigit():
        return int(text)
    words = text.lower().replace("-", " ").split()
    if not words or any(w not in _number_words() for w in words):
        return None
    from word2number import w2n

    try:
        return int(w2n.word_to_num(" ".join(words)))
    except ValueError:
        return None


@Language.factory("endpoint_ner")
def make_endpoint_ner(nlp: Language, name: str) -> EndpointRecognizer:
    return EndpointRecognizer(nlp, name)
