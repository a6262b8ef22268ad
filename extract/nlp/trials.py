"""TRIAL names found from context, never from a list of known trials.

A candidate name has a trial-name shape (an acronym with >= 2 capitals or a
digit: KATHERINE, BOLERO-1, IMpassion050, monarchHER, Keyriched-1, optionally
followed by a number/roman numeral: "DETECT V", "IMpassion 050") and a cue:
- "trial(s)/study/studies" right after it, possibly after "phase II":
  "the PANACEA study", "the NeoPHOEBE phase II trial", and lists
  "the TANDEM, eLecTRa, and EGF3008 trials", "BOLERO-1 and BOLERO-3 trials";
- "trial/study/platform" right before it: "the clinical trial BOLERO-1";
- a phase right before it: "the phase II randomized monarchHER";
- a registry id next to it: "NCT04873362 (ASTEFANIA)", "NAME (NCT...)";
- a table column headed "Trial"/"Study (name)"/"Acronym".
A group prefix with a number ("SOLTI-1303 PATRICIA") is kept as an alias of
the name after it. Names confirmed once are found everywhere in the document.
Genes, proteins, organisations, statistics (non_entities.jsonl), endpoint
abbreviations and drug names or codes are never trials.
Variants merge by their normalised form (case, spaces, hyphens), a trailing
series number ("I-SPY" / "I-SPY2") and a one-letter typo of a long name; the
most frequent surface (hyphenated on ties) is canonical.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp import blocks
from extract.nlp.drugs import CANDIDATES as DRUG_CANDIDATES, is_code_shape, non_entity_names
from extract.nlp.endpoints import CANDIDATES as ENDPOINT_CANDIDATES
from extract.nlp.lexicons import load
from extract.nlp.registry_ids import CANDIDATES as REGISTRY_CANDIDATES

CANDIDATES = "cand_trial"
TRIAL_WORDS = {"trial", "trials", "study", "studies"}
BEFORE_WORDS = {"trial", "study", "platform"}
PHASE_WORDS = {"phase"}
PHASE_VALUES = re.compile(r"^(0|i{1,3}|iv|[1-4]|i{1,3}[ab]|[1-4][ab]|ib/ii|i/ii|ii/iii|1b/2|1/2|2/3|ib/2|1b)$", re.I)
TRIAL_COLUMNS = re.compile(r"^(trial|study|study name|trial name|acronym|name|study acronym)s?$", re.I)
ADJECTIVES = {"randomized", "randomised", "single-arm", "open-label", "multicenter", "multicentre", "pivotal",
              "adaptive", "ongoing", "double-blind", "placebo-controlled", "international", "global", "pilot",
              "prospective", "retrospective", "neoadjuvant", "adjuvant", "confirmatory", "clinical", "the", "a",
              "an", "this", "its", "in", "of", "multicohort", "basket", "umbrella", "non-randomized"}
ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X|\d{1,3})$")
GROUP_PREFIX = re.compile(r"^[A-Z]{2,}[-‐]?\d{2,5}$")  # SOLTI-1303, NSABP-B31 style protocol numbers


def _stoplist() -> frozenset[str]:
    words = set(non_entity_names())
    for e in load("trial_cues.jsonl"):
        if e["kind"] == "not_trial":
            words.add(e["id"].lower())
    return frozenset(words)


def trial_shape(text: str) -> bool:
    """Looks like a trial acronym: >= 3 chars, >= 2 capitals (or a capital + digit)."""
    t = text.strip()
    if len(t) < 3 or not t[0].isalpha() and not t[0].isdigit():
        return False
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9\-‐]*[A-Za-z0-9]$", t):
        return False
    upp = sum(c.isupper() for c in t)
    has_digit = any(c.isdigit() for c in t)
    letters = sum(c.isalpha() for c in t)
    if letters < 2:
        return False
    if upp >= 2 and (letters >= 3 or has_digit):
        return True
    return bool(t[0].isupper() and has_digit and re.search(r"[A-Za-z]{3,}", t))


class TrialRecognizer:
    def __init__(self, nlp: Language, name: str = "trial_ner"):
        self.stop = _stoplist()

    def __call__(self, doc: Doc) -> Doc:
        taken = set()
        for key in (DRUG_CANDIDATES, ENDPOINT_CANDIDATES):
            for s in doc.spans.get(key, []):
                taken.update(range(s.start, s.end))
        nct_tokens = set()
        for s in doc.spans.get(REGISTRY_CANDIDATES, []):
            nct_tokens.update(range(s.start, s.end))
        self._taken, self._nct = taken, nct_tokens
        names: dict[tuple[int, int], str] = {}  # (start, end) -> surface name
        for tok in doc:
            if not self._ok(tok):
                continue
            span = self._name_span(doc, tok.i)
            if span is None or span.start != tok.i:
                continue
            if self._has_cue(doc, span):
                names[(span.start, span.end)] = span.text
        self._lists(doc, names)
        self._table_cells(doc, names)
        self._propagate(doc, names)
        spans = self._canonicalise(doc, names)
        doc.spans[CANDIDATES] = spans
        return doc

    # ---- shapes -------------------------------------------------------------
    def _ok(self, tok) -> bool:
        t = tok.text
        return (trial_shape(t) and tok.i not in self._taken and tok.i not in self._nct
                and t.lower() not in self.stop and not PHASE_VALUES.match(t) and not ROMAN.match(t))

    def _name_span(self, doc: Doc, i: int) -> Span | None:
        """The name starting at token i: acronym [+ number/roman] or group-code + acronym."""
        if not self._ok(doc[i]):
            return None
        end = i + 1
        if GROUP_PREFIX.match(doc[i].text) and end < len(doc) and self._ok(doc[end]) \
                and not GROUP_PREFIX.match(doc[end].text) and doc[end].text.isupper():
            end += 1  # "SOLTI-1303 PATRICIA"
        if end < len(doc) and ROMAN.match(doc[end].text) and doc[end - 1].whitespace_ \
                and not any(c.isdigit() for c in doc[end - 1].text[-1:]) and doc[end].text not in ("I",):
            nxt = doc[end + 1].lower_ if end + 1 < len(doc) else ""
            if nxt in TRIAL_WORDS or nxt in (")", ",", "and", "or", "phase", ";") or nxt in PHASE_WORDS:
                end += 1  # "DETECT V trial", "IMpassion 050"
        return doc[i:end]

    def _has_cue(self, doc: Doc, span: Span) -> bool:
        k = span.end
        # "NAME trial", "NAME phase II (clinical) trial", "NAME: a phase 3 trial"
        j = k
        while j < len(doc) and j < k + 5 and (doc[j].lower_ in PHASE_WORDS or PHASE_VALUES.match(doc[j].text)
                                              or doc[j].lower_ in ADJECTIVES):
            j += 1
        if j < len(doc) and doc[j].lower_ in TRIAL_WORDS:
            return True
        # "trial NAME", "platform NAME", "phase II (randomized) NAME"
        j = span.start - 1
        while j >= 0 and doc[j].text == ",":
            j -= 1
        if j >= 0 and doc[j].lower_ in BEFORE_WORDS:
            return True
        while j >= 0 and doc[j].lower_ in ADJECTIVES - {"the", "a", "an", "in", "of", "this", "its"}:
            j -= 1
        if j >= 1 and PHASE_VALUES.match(doc[j].text) and doc[j - 1].lower_ in PHASE_WORDS:
            return True
        # "NAME (NCT01234567)" / "NCT01234567 (NAME)" / "NCT01234567 NAME"
        if span.end + 1 < len(doc) and doc[span.end].text == "(" and span.end + 1 in self._nct:
            return True
        j = span.start - 1
        if j >= 0 and doc[j].text == "(":
            j -= 1
        if j >= 0 and j in self._nct:
            return True
        return False

    def _lists(self, doc: Doc, names: dict) -> None:
        """Names coordinated before "trials": "the TANDEM, eLecTRa, and EGF3008 trials"."""
        for tok in doc:
            if tok.lower_ not in ("trials", "studies", "trial", "study"):
                continue
            j = tok.i - 1
            while j >= 0 and (doc[j].lower_ in PHASE_WORDS or PHASE_VALUES.match(doc[j].text)):
                j -= 1
            found_one = False
            while j >= 0:
                span = self._name_span_ending(doc, j)
                if span is None:
                    break
                names[(span.start, span.end)] = span.text
                found_one = True
                j = span.start - 1
                # skip "phase II" inside lists: "the phase II PERTAIN and phase III ALTERNATIVE trials"
                while j >= 1 and PHASE_VALUES.match(doc[j].text) and doc[j - 1].lower_ in PHASE_WORDS:
                    j -= 2
                if j >= 0 and doc[j].lower_ in (",", "and", "or", "/", "&"):
                    j -= 1
                    if j >= 0 and doc[j].lower_ in (",", "and", "or"):
                        j -= 1
                    while j >= 1 and PHASE_VALUES.match(doc[j].text) and doc[j - 1].lower_ in PHASE_WORDS:
                        j -= 2
                    continue
                break
            del found_one

    def _name_span_ending(self, doc: Doc, j: int) -> Span | None:
        for start in (j - 1, j):
            if start < 0:
                continue
            span = self._name_span(doc, start)
            if span is not None and span.end - 1 == j:
                return span
        return None

    def _table_cells(self, doc: Doc, names: dict) -> None:
        """A trial/study column: the name part of each cell (besides registry ids)."""
        for cell in blocks.table_cells(doc):
            if cell.row == 0 or not TRIAL_COLUMNS.match(cell.header.strip()):
                continue
            span = doc.char_span(cell.start, cell.end, alignment_mode="expand")
            if span is None:
                continue
            inner = [t for t in span if t.i not in self._nct and t.text not in "()[],;:/"]
            if not inner:
                continue
            # parenthesised name after an id: split alternatives "A / B"
            text = doc.text[inner[0].idx: inner[-1].idx + len(inner[-1])]
            if len(text) > 60:
                continue
            parts = [p.strip() for p in re.split(r"\s+/\s+", text) if p.strip()]
            for part in parts:
                s = inner[0].idx + text.index(part)
                sp = doc.char_span(s, s + len(part), alignment_mode="expand")
                if sp is None or not any(trial_shape(t.text) or t.text[:1].isupper() for t in sp):
                    continue
                if all(t.i in self._taken or t.lower_ in self.stop for t in sp if t.is_alpha):
                    continue
                names[(sp.start, sp.end)] = sp.text

    def _propagate(self, doc: Doc, names: dict) -> None:
        """A confirmed name is a trial wherever it occurs (outside tables' other columns)."""
        surfaces = {re.sub(r"\s+", " ", v) for v in names.values()}
        single = {s for s in surfaces if " " not in s}
        covered = set()
        for s, e in names:
            covered.update(range(s, e))
        for tok in doc:
            if tok.i in covered or tok.text not in single or tok.i in self._taken:
                continue
            span = self._name_span(doc, tok.i)
            if span is not None:
                names[(span.start, span.end)] = span.text
            else:
                names[(tok.i, tok.i + 1)] = tok.text

    # ---- merging ------------------------------------------------------------
    def _canonicalise(self, doc: Doc, names: dict) -> list[Span]:
        def norm(s: str) -> str:
            return re.sub(r"[\W_]+", "", s).lower()

        def core(s: str) -> str:
            """Name without a group-code prefix: "SOLTI-1303 PATRICIA" -> "PATRICIA"."""
            parts = s.split()
            if len(parts) == 2 and GROUP_PREFIX.match(parts[0]):
                return parts[1]
            return s

        counts = Counter(re.sub(r"\s+", " ", v) for v in names.values())
        groups: dict[str, str] = {}  # norm -> group key
        keys = sorted({norm(core(v)) for v in counts}, key=len)
        parent = {k: k for k in keys}

        def find(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for a in keys:
            for b in keys:
                if a >= b:
                    continue
                if _mergeable(a, b, keys):
                    parent[find(b)] = find(a)
        members: dict[str, list[str]] = defaultdict(list)
        for v in counts:
            members[find(norm(core(v)))].append(v)
        canonical: dict[str, str] = {}
        for root, vs in members.items():
            cores = Counter()
            for v in vs:
                cores[core(v)] += counts[v]
            best = max(cores, key=lambda v: (cores[v], "-" in v, not re.search(r"[a-z]", v[:1]), -len(v)))
            for v in vs:
                canonical[v] = best
            groups[root] = best
        spans = []
        for (s, e), text in sorted(names.items()):
            key = re.sub(r"\s+", " ", text)
            spans.append(Span(doc, s, e, label="TRIAL", kb_id=canonical.get(key, key)))
        return spans


def _mergeable(a: str, b: str, keys: list[str]) -> bool:
    """a, b normalised names (len(a) <= len(b))."""
    if a == b:
        return True
    digits_a, digits_b = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    # base name + series number: "ispy" / "ispy2", "patricia" / "patriciaii"
    if b.startswith(a) and len(a) >= 4:
        rest = b[len(a):]
        if re.fullmatch(r"\d{1,3}|i{1,3}|iv|v", rest):
            others = [k for k in keys if k != b and k.startswith(a) and re.fullmatch(r"\d{1,3}|i{1,3}|iv|v", k[len(a):])]
            return not others
    # one-letter typo of a long name with the same digits: "defectv" / "detectv"
    if len(a) >= 6 and len(a) == len(b) and digits_a == digits_b:
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diff) == 1 and diff[0][0].isalpha() and diff[0][1].isalpha()
    return False


@Language.factory("trial_ner")
def make_trial_ner(nlp: Language, name: str) -> TrialRecognizer:
    return TrialRecognizer(nlp, name)
