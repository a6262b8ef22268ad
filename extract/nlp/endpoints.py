"""ENDPOINT entities: outcome measures normalised to their standard abbreviation.

- endpoints.jsonl lists each measure: id (canonical abbreviation), long forms
  (matched case-insensitively, with or without hyphens, singular or plural) and
  short forms (case-sensitive). Short forms marked `ambiguous` (CR, PR, SD, PD)
  count only where the document defines them, where their long form occurs in
  the document, or inside a table column of endpoints.
- Timepoints: "6-month PFS", "3-years DFS", "8-year overall survival rate",
  "PFS at 12 months" -> "6-month PFS", "3-year DFS", "8-year OS", "12-month PFS".
- CNS qualifiers: "CNS-PFS", "central nervous system PFS", "intracranial PFS"
  -> "CNS-PFS"; "ORR in CNS" / "ORR in the central nervous system" -> "ORR in CNS".
- Safety events: "study/treatment/dose interruptions|reductions|discontinuations",
  "discontinued ... because of ... toxicity".
- Abbreviations the document defines for a known measure ("DI, dose-limiting
  toxicities" -> DI = DLT), and new ones whose long form is an outcome
  ("time to deterioration (TTD)" -> TTD).
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.nlp import abbreviations, blocks
from extract.nlp.drug_lexicon import non_entity_names
from extract.nlp.lexicons import load

CANDIDATES = "cand_endpoint"
LONG_KEY = "extract.endpoint_long"

_UNITS = {"month": "month", "months": "month", "mo": "month", "mos": "month", "year": "year", "years": "year",
          "yr": "year", "yrs": "year", "week": "week", "weeks": "week", "wk": "week", "day": "day", "days": "day"}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24}
_CNS_WORDS = {"cns", "intracranial", "brain"}
_OUTCOME_HEADS = {"survival", "response", "responses", "rate", "remission", "toxicity", "toxicities",
                  "events", "event", "benefit", "control", "progression", "recurrence", "relapse"}
_DIFFERENCE_WORDS = {"benefit", "improvement", "gain", "prolongation", "difference", "increase", "extension",
                     "advantage", "reduction"}
ENDPOINT_COLUMNS = re.compile(r"end ?points?\b|outcome measure", re.I)


@lru_cache(maxsize=1)
def endpoint_lexicon() -> tuple[dict, ...]:
    return load("endpoints.jsonl")


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
            shorts = [e["id"], *e.get("aliases", [])]
            if any(ch.isupper() for ch in e["id"]) or e["id"] in ("pCR",):
                for s in shorts:
                    self.short_to_id[s] = e["id"]
            else:
                for s in e.get("aliases", []):
                    self.short_to_id[s] = e["id"]
        self.matcher.add("SAFETY", [[
            {"LOWER": {"IN": ["study", "treatment", "dose", "drug"]}},
            {"LOWER": {"IN": ["interruption", "interruptions", "reduction", "reductions", "discontinuation",
                              "discontinuations", "delay", "delays"]}},
        ]])
        self.matcher.add("DISCONT", [[
            {"LOWER": {"REGEX": r"^discontinu"}},
            {"IS_ALPHA": True, "OP": "{0,3}"},
            {"LOWER": {"IN": ["because", "due"]}},
            {"LOWER": {"IN": ["of", "to"]}},
            {"IS_ALPHA": True, "OP": "{0,2}"},
            {"LOWER": {"IN": ["toxicity", "toxicities"]}},
        ]])

    def __call__(self, doc: Doc) -> Doc:
        cands: list[Span] = []
        long_of: dict[str, str] = {}
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            if key.startswith("L|"):
                cid = key[2:]
                cands.append(Span(doc, start, end, label="ENDPOINT", kb_id=cid))
            elif key == "SAFETY":
                words = [t.lower_ for t in doc[start:end]]
                if not words[-1].endswith("s"):
                    words[-1] += "s"
                cands.append(Span(doc, start, end, label="ENDPOINT", kb_id=" ".join(words)))
            elif key == "DISCONT":
                cands.append(Span(doc, start, end, label="ENDPOINT", kb_id="discontinuation due to toxicity"))
        defined = self._definitions(doc, cands, long_of)
        long_seen = {s.kb_id_ for s in cands}
        for i, w in enumerate(blocks.tokens_of(doc).text):
            cid = self.short_to_id.get(w) or defined.get(w)
            if cid is None and not w.startswith(("CNS", "IC")):
                continue
            tok = doc[i]
            cns = None
            if cid is None:
                m = re.match(r"^(CNS|IC)[-–](\w+)$", tok.text)
                if m and (self.short_to_id.get(m.group(2)) or defined.get(m.group(2))):
                    cns = self.short_to_id.get(m.group(2)) or defined.get(m.group(2))
                    cands.append(Span(doc, tok.i, tok.i + 1, label="ENDPOINT", kb_id=f"CNS-{cns}"))
                continue
            entry = self.entries.get(cid, {})
            if entry.get("ambiguous") and len(tok.text) <= 2 and tok.text not in defined and cid not in long_seen \
                    and not self._endpoint_cell(doc, tok):
                continue
            cands.append(Span(doc, tok.i, tok.i + 1, label="ENDPOINT", kb_id=cid))
        spans = filter_spans(cands)
        spans = [self._qualify(doc, s) for s in spans]
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
    def _definitions(self, doc: Doc, cands: list[Span], long_of: dict[str, str]) -> dict[str, str]:
        """short form -> endpoint id, for abbreviations the document defines."""
        out: dict[str, str] = {}
        by_char = [(s.start_char, s.end_char, s.kb_id_) for s in cands]
        for d in abbreviations.definitions(doc):
            short = d.short.strip()
            if not short or short in self.short_to_id and not self.entries.get(self.short_to_id[short], {}).get("ambiguous"):
                continue
            cid = None
            for s0, e0, k in by_char:
                if s0 >= d.long_start and e0 <= d.long_end and (e0 - s0) >= 0.6 * (d.long_end - d.long_start):
                    cid = k
                    break
            if cid is None:
                words = d.long.lower().replace("-", " ").split()
                free_interval = len(words) >= 2 and words[-1] == "interval" and "free" in words
                time_to = words[:2] == ["time", "to"] or words[:2] == ["duration", "of"]
                if ((words and words[-1] in _OUTCOME_HEADS or free_interval or time_to) and 2 <= len(short) <= 6
                        and short[0].isalpha() and sum(c.isupper() for c in short) >= 2 and len(words) >= 2
                        and short.lower() not in non_entity_names() and "confidence" not in words):
                    cid = short
                    long_of.setdefault(cid, d.long)
            if cid is not None:
                out[short] = cid
        return out

    def _endpoint_cell(self, doc: Doc, tok) -> bool:
        cell = blocks.cell_at(doc, tok.idx)
        return cell is not None and cell.row > 0 and bool(ENDPOINT_COLUMNS.search(cell.header))

    def _qualify(self, doc: Doc, span: Span) -> Span:
        """Extend with a timepoint or a CNS qualifier and rename accordingly."""
        cid = span.kb_id_
        entry = self.entries.get(cid)
        if entry is None:
            return span
        start, end = span.start, span.end
        # trailing "rate" / "-rate"
        k = end
        if k < len(doc) and doc[k].text in ("-", "–") and k + 1 < len(doc) and doc[k + 1].lower_ == "rate":
            k += 2
        elif k < len(doc) and doc[k].lower_ == "rate":
            k += 1
        end_rate = k
        name = cid
        # "6-month PFS", "3-years DFS", "8-year overall survival rate" -- but "a seven-month PFS
        # benefit" is a difference in PFS, not a timepointed rate
        after = end_rate
        if after < len(doc) and doc[after].text == "(":  # "seven-month PFS (progression-free survival) benefit"
            close = next((m for m in range(after + 1, min(len(doc), after + 12)) if doc[m].text == ")"), None)
            after = close + 1 if close is not None else after
        is_difference = after < len(doc) and doc[after].lower_ in _DIFFERENCE_WORDS
        if entry.get("timepoint") and start >= 3 and doc[start - 2].text in ("-", "–") and not is_difference:
            unit = _UNITS.get(doc[start - 1].lower_)
            n = _number(doc[start - 3].text)
            if unit and n is not None:
                return Span(doc, start - 3, end_rate, label="ENDPOINT", kb_id=f"{n}-{unit} {cid}")
        # "PFS (rate) at 12 months"
        if entry.get("timepoint") and end_rate + 2 < len(doc) and doc[end_rate].lower_ == "at":
            n = _number(doc[end_rate + 1].text)
            unit = _UNITS.get(doc[end_rate + 2].lower_)
            if unit and n is not None:
                return Span(doc, start, end_rate + 3, label="ENDPOINT", kb_id=f"{n}-{unit} {cid}")
        # "CNS-PFS", "central nervous system- PFS", "intracranial ORR"
        j = start - 1
        if j >= 0 and doc[j].text in ("-", "–"):
            j -= 1

        def word(k: int) -> str:
            return doc[k].lower_.rstrip("-–")

        if j >= 0 and word(j) in _CNS_WORDS:
            return Span(doc, j, end, label="ENDPOINT", kb_id=f"CNS-{name}")
        if j >= 2 and [word(k) for k in range(j - 2, j + 1)] == ["central", "nervous", "system"]:
            return Span(doc, j - 2, end, label="ENDPOINT", kb_id=f"CNS-{name}")
        # "ORR in CNS", "ORR in the central nervous system"
        k = end
        if k < len(doc) and doc[k].lower_ == "in":
            k += 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            if k < len(doc) and doc[k].lower_ in ("cns", "brain"):
                return Span(doc, start, k + 1, label="ENDPOINT", kb_id=f"{name} in CNS")
            if k + 2 < len(doc) and [t.lower_ for t in doc[k:k + 3]] == ["central", "nervous", "system"]:
                return Span(doc, start, k + 3, label="ENDPOINT", kb_id=f"{name} in CNS")
        return span


def _derived_long(name: str, long_of: dict[str, str]) -> str | None:
    m = re.match(r"^(\d+-(?:month|year|week|day)) (.+)$", name)
    if m and m.group(2) in long_of:
        return f"{m.group(1)} {long_of[m.group(2)]} rate"
    m = re.match(r"^CNS-(.+)$", name) or re.match(r"^(.+) in CNS$", name)
    if m and m.group(1) in long_of:
        return f"{long_of[m.group(1)]} in the central nervous system"
    return None


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text.lower())


@Language.factory("endpoint_ner")
def make_endpoint_ner(nlp: Language, name: str) -> EndpointRecognizer:
    return EndpointRecognizer(nlp, name)
