"""TRIAL names found from context, never from a list of known trials.

A candidate name has a trial-name shape (an acronym with >= 2 capitals or a
digit: KATHERINE, BOLERO-1, IMpassion050, monarchHER, Keyriched-1; lowercase
initial names such as monarchE only with a strong cue; optionally followed by
a number/roman numeral or a site word and number: "DETECT V", "IMpassion 050",
"JAVELIN Bladder 100", "EMPOWER-Lung 1") and a cue:
- "trial(s)/study/studies" right after it, possibly after "phase II":
  "the PANACEA study", "the NeoPHOEBE phase II trial", and lists
  "the TANDEM, eLecTRa, and EGF3008 trials", "BOLERO-1 and BOLERO-3 trials";
- a definition: "NAME was a randomized, double-blind phase 3 study",
  "NAME, an open-label phase II trial, ...";
- a paragraph lead-in: "NAME. In this double-blind phase III study, ...";
- "trial/study/platform" right before it: "the clinical trial BOLERO-1";
- a phase right before it: "the phase II randomized monarchHER";
- a registry id next to it: "NCT04873362 (ASTEFANIA)", "NAME (NCT...)";
- a table column headed "Trial"/"Study (name)"/"Acronym";
- for strong acronym shapes, the usual review positions: "In NAME, ...",
  "NAME randomized/showed/tested ...", numbered series ("KEYNOTE-189").
Cooperative group + protocol code ("NSABP B-31", "GOG-0218") and "Study 19"
are names by their shape (trial_codes.py). A group prefix with a number
("SOLTI-1303 PATRICIA") is kept as an alias of the name after it. Names
confirmed once are found everywhere in the document. Genes, proteins,
organisations, statistics (non_entities.jsonl), section headings
(trial_cues.jsonl), literature ids, endpoint abbreviations and drug names or
codes are never trials. Variants merge in trial_merge.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from extract.nlp import blocks
from extract.nlp.drug_lexicon import non_entity_names
from extract.nlp.drugs import CANDIDATES as DRUG_CANDIDATES
from extract.nlp.endpoints import CANDIDATES as ENDPOINT_CANDIDATES
from extract.nlp.lexicons import load
from extract.nlp.registry_ids import CANDIDATES as REGISTRY_CANDIDATES
from extract.nlp.sentences import sentence_bounds
from extract.nlp.trial_codes import group_code_names, study_number_names
from extract.nlp.trial_merge import GROUP_PREFIX, canonical_spans, norm as _norm

CANDIDATES = "cand_trial"
TRIAL_WORDS = {"trial", "trials", "study", "studies"}
BEFORE_WORDS = {"trial", "study", "platform"}
PHASE_WORDS = {"phase"}
PHASE_VALUES = re.compile(r"^(0|i{1,3}|iv|[1-4]|i{1,3}[ab]|[1-4][ab]|ib/ii|i/ii|ii/iii|1b/2|1/2|2/3|ib/2|1b)$", re.I)
# A column of study names: "Trial", "Study name", "Clinical trial (NCT)", "Acronym" -- but not
# "Study design", "Trial phase", "Study population" and other attributes of a study.
TRIAL_COLUMNS = re.compile(
    r"^(?!.*\b(design|phase|type|population|setting|period|duration|drug|treatment|endpoint|outcome|result|"
    r"arm|size|status|country|year|location|sponsor)s?\b)(.*\b(trials?|stud(y|ies)|acronyms?)\b.*)$", re.I)
ADJECTIVES = {"randomized", "randomised", "single-arm", "open-label", "multicenter", "multicentre", "pivotal",
              "adaptive", "ongoing", "double-blind", "placebo-controlled", "international", "global", "pilot",
              "prospective", "retrospective", "neoadjuvant", "adjuvant", "confirmatory", "clinical", "the", "a",
              "an", "this", "its", "in", "of", "multicohort", "basket", "umbrella", "non-randomized"}
ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X|\d{1,5})$")
# Numbered series names of trial programmes: >= 4 letters with >= 2 capitals, then
# "-NN(N)" or "NNN" ("KEYNOTE-189", "IMpower150", "DESTINY-Breast03"); single digits after a
# hyphen are left out because proteins look like that too (PARP-1, VEGFR-2, TROP-2).
SERIES_NAME = re.compile(
    r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z]{3,}(?:-(?:[A-Z][a-z]+)?(?:\d{2,4}|\d[A-Z]{1,3}|[A-Z]\d{2,3})|\d{3})$")
# the number part of "CheckMate 227", "CheckMate 9LA"
SERIES_NUMBER = re.compile(r"^(?:\d{3,5}|\d{1,2}[A-Z]{1,3})$")
# protein changes are not names: "V600E study", "G12C cohort", "T790M trial"
MUTATION = re.compile(r"^[A-Z]\d{1,4}(?:[A-Z]|fs|del|ins)$")
# a bare protocol number with a trial word: "the E2100 trial", "the B-18 trial" (not mutations: T790M)
PROTOCOL_NUMBER = re.compile(r"^(?:[A-Z]\d{3,5}|[A-Z]-\d{2,3})$")
# Strong acronym shapes for bare trial names: all capitals (>= 4 letters), or mixed case with
# >= 2 capitals and >= 5 characters, or a digit inside letters ("TH3RESA"; genes such as CDKN2A
# or PIK3CA have fewer letters after it), or "NAME-n" ("SOLAR-1").
STRONG_NAME = re.compile(
    r"^(?:[A-Z]{4,}|(?=[A-Za-z0-9-]{5,}$)(?=(?:.*[A-Z]){2})(?=.*[a-z])[A-Z]?[a-z]*[A-Z][A-Za-z0-9]*"
    r"|[A-Z]{2,}\d[A-Z]{3,}|[A-Z]{3,}-\d{1,3}|[A-Z]{4,}-[A-Z]{2,})$"
)
# a hyphenated capital acronym and a capital word make one name: "EMPA-REG OUTCOME"
HYPHEN_ACRONYM = re.compile(r"^[A-Z]{2,}(?:-[A-Z0-9]{2,})+$")
CAPITAL_WORD = re.compile(r"^[A-Z]{4,}$")
TRIAL_VERBS = frozenset(
    "showed shows demonstrated demonstrates reported reports tested tests evaluated evaluates compared compares "
    "enrolled enrols enrolls randomized randomised randomizes randomises met found established confirmed "
    "investigated assessed examined explored revealed failed included recruited achieved improved".split()
)
_AFTER_IN_NAME = {",", ".", ";", ":", ")", "(", "and", "or", "trial", "study", "cohort"}
# literature identifiers, not studies: PubMed Central and PubMed ids ("PMC5555437", "PMID31157963")
LITERATURE_ID = re.compile(r"^(?:PMC|PMID)\d{4,9}$")
# names that start in lowercase ("monarchE", "monarchHER"): only with a trial word, a phase or a registry id
LOWER_CAMEL = re.compile(r"^[a-z]{3,}[A-Z][A-Za-z0-9]*$")
# "EMPOWER-Lung 1", "DESTINY-Breast 03"; "JAVELIN Bladder 100", "JAVELIN Renal 101"
SITE_NAME = re.compile(r"^[A-Z][A-Za-z]+-[A-Z][a-z]+$")
SITE_WORD = re.compile(r"^[A-Z][a-z]{2,11}$")
_PROPER = re.compile(r"^[A-Z][a-z]{3,}$")
_ADJECTIVAL = re.compile(r"(?:ish|ese|ian|ean|ic|al|ern)$")  # Danish, Japanese, Italian, European, Nordic, ...
_DESIGN_WORDS = frozenset({"retrospective", "prospective", "observational", "multicentre", "multicenter",
                           "multicentric", "randomised", "randomized", "controlled", "pilot", "real-world", "cohort",
                           "national", "international", "population-based", "open-label", "single-arm"})
_STUDY_NOUNS = frozenset({"study", "trial", "cohort", "registry", "programme", "program"})
SMALL_NUMBER = re.compile(r"^\d{1,3}$")
_NOT_SITE = {"table", "figure", "fig", "patients", "cohort", "arm", "group", "part", "phase", "stage", "grade",
             "version", "day", "week", "month", "year", "cycle", "dose", "level", "study", "trial", "section",
             "appendix", "supplementary", "panel", "step", "visit", "line", "score", "type", "volume", "vol",
             "issue", "page", "pages", "number", "suppl"}
_UNIT_AFTER = {"%", "mg", "patients", "months", "weeks", "years", "days", "cases"}
# between "NAME was a" and "trial": "randomized, double-blind, placebo-controlled phase 3"
_CLAUSE_WORDS = {"in", "of", "for", "with", "by", "from", "that", "which", "to", "on", "at", "than", "who"}


def _stoplist() -> frozenset[str]:
    from extract.nlp.drug_lexicon import _english_stopwords

    words = set(non_entity_names()) | set(_english_stopwords())
    for e in load("trial_cues.jsonl"):
        if e["kind"] == "not_trial":
            words.add(e["id"].lower())
    return frozenset(words)


def _defined_terms(doc: Doc) -> set[str]:
    """Abbreviations defined with an ordinary lowercase long form ("ovarian ablation (RT-OA)"):
    terms, not trial names (trial acronyms expand to capitalised names)."""
    from extract.nlp.abbreviations import definitions

    out = set()
    for d in definitions(doc):
        words = [w for w in re.split(r"[\s\-]+", d.long) if w.isalpha() and len(w) > 3]
        if words and sum(w[0].islower() for w in words) >= 0.5 * len(words):
            out.add(d.short.strip())
    return out


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


@dataclass
class _Ctx:
    """Per-document state of one TrialRecognizer call."""

    doc: Doc
    text: list[str]
    lower: list[str]
    ws: list[bool]
    space: list[bool]
    taken: set[int]  # tokens of drugs and endpoints
    nct: set[int]  # tokens of registry ids
    terms: set[str]  # abbreviations the document defines as ordinary terms (lowercase long forms)
    linked: list[list[str]] = field(default_factory=list)  # names given together in one cell
    codes: dict[str, str] = field(default_factory=dict)  # "B-31" -> "NSABP B-31"


class TrialRecognizer:
    def __init__(self, nlp: Language, name: str = "trial_ner"):
        self.stop = _stoplist()
        # a capital word after an acronym may be an ordinary word ("OUTCOMES"), not a function word or heading
        from extract.nlp.drug_lexicon import _english_stopwords

        self.suffix_stop = frozenset(_english_stopwords())
        self.headings = frozenset(e["id"].lower() for e in load("trial_cues.jsonl") if e["kind"] == "not_trial")

    def __call__(self, doc: Doc) -> Doc:
        taken: set[int] = set()
        for key in (DRUG_CANDIDATES, ENDPOINT_CANDIDATES):
            for s in doc.spans.get(key, []):
                taken.update(range(s.start, s.end))
        nct: set[int] = set()
        for s in doc.spans.get(REGISTRY_CANDIDATES, []):
            nct.update(range(s.start, s.end))
        tk = blocks.tokens_of(doc)
        ctx = _Ctx(doc, tk.text, tk.lower, tk.ws, tk.space, taken, nct, _defined_terms(doc))
        names: dict[tuple[int, int], str] = {}  # (start, end) -> surface name
        for i in range(len(tk.text)):
            if not self._ok(ctx, i):
                continue
            end = self._name_end(ctx, i)
            if self._has_cue(ctx, i, end) or self._weak_cue(ctx, i, end):
                names[(i, end)] = doc[i:end].text
        self._lists(ctx, names)
        self._proper_named_studies(ctx, names)
        self._table_cells(ctx, names)
        self._codes(ctx, names)
        # only names from the article itself count: references and back matter neither
        # confirm a name nor vote for its canonical form
        names = {k: v for k, v in names.items() if blocks.in_scope(doc, doc[k[0]].idx)}
        self._propagate(ctx, names)
        names = {k: v for k, v in names.items() if blocks.in_scope(doc, doc[k[0]].idx)}
        doc.spans[CANDIDATES] = canonical_spans(doc, names, ctx.linked)
        return doc

    # ---- shapes -------------------------------------------------------------
    def _ok(self, ctx: _Ctx, i: int) -> bool:
        t = ctx.text[i]
        if len(t) < 3 or t.islower() or not t[0].isalnum():
            return False
        shaped = trial_shape(t) or LOWER_CAMEL.match(t) is not None or PROTOCOL_NUMBER.match(t) is not None
        return (shaped and not LITERATURE_ID.match(t) and not MUTATION.match(t)
                and i not in ctx.taken and i not in ctx.nct
                and ctx.lower[i] not in self.stop and not PHASE_VALUES.match(t) and not ROMAN.match(t)
                and t not in ctx.terms)

    def _name_end(self, ctx: _Ctx, i: int) -> int:
        """End of the name starting at token i: acronym [+ number/roman] or group-code + acronym."""
        n = len(ctx.text)
        end = i + 1
        if GROUP_PREFIX.match(ctx.text[i]) and end < n and self._ok(ctx, end) \
                and not GROUP_PREFIX.match(ctx.text[end]) and ctx.text[end].isupper():
            end += 1  # "SOLTI-1303 PATRICIA"
        elif end < n and ctx.ws[i]:
            after = ctx.lower[end + 1] if end + 1 < n else ""
            # a plain capital acronym takes a capital word only before a trial word: "ODYSSEY OUTCOMES trial"
            suffix_ok = HYPHEN_ACRONYM.match(ctx.text[i]) or (CAPITAL_WORD.match(ctx.text[i]) and ctx.ws[end]
                                                               and after in TRIAL_WORDS and end + 1 < n
                                                               and not ctx.text[end + 1].isupper())
            if (suffix_ok and CAPITAL_WORD.match(ctx.text[end]) and end not in ctx.taken and end not in ctx.nct
                    and ctx.lower[end] not in self.suffix_stop and (ctx.lower[end] not in self.headings
                                                                    or after in TRIAL_WORDS)
                    and ctx.lower[end] not in TRIAL_WORDS and not (end + 1 < n and ctx.text[end + 1].isupper()
                                                                   and ctx.text[end + 1].isalpha())):
                return end + 1  # "EMPA-REG OUTCOME trial"; not a run of capitals (a heading)
            if SITE_NAME.match(ctx.text[i]) and SMALL_NUMBER.match(ctx.text[end]) and after not in _UNIT_AFTER:
                return end + 1  # "EMPOWER-Lung 1"
            after2 = ctx.lower[end + 2] if end + 2 < n else ""
            if (ctx.text[i].isupper() and len(ctx.text[i]) >= 4 and end + 1 < n and ctx.ws[end]
                    and SITE_WORD.match(ctx.text[end]) and ctx.lower[end] not in _NOT_SITE
                    and ctx.lower[end] not in self.stop and SMALL_NUMBER.match(ctx.text[end + 1])
                    and after2 not in _UNIT_AFTER):
                return end + 2  # "JAVELIN Bladder 100"
        if (end < n and ctx.ws[end - 1] and re.fullmatch(r"\d{1,2}[A-Z]{1,3}", ctx.text[end])
                and sum(c.isupper() for c in ctx.text[i]) >= 2 and ctx.text[i].isalpha() and not ctx.text[i].isupper()):
            return end + 1  # "CheckMate 9LA"
        if end < n and ROMAN.match(ctx.text[end]) and ctx.ws[end - 1] \
                and not ctx.text[end - 1][-1:].isdigit() and ctx.text[end] != "I":
            nxt = ctx.lower[end + 1] if end + 1 < n else ""
            series = (re.fullmatch(r"\d{3,5}", ctx.text[end]) and not re.fullmatch(r"(19|20)\d\d", ctx.text[end])
                      and sum(c.isupper() for c in ctx.text[i]) >= 2 and ctx.text[i].isalpha()
                      and not ctx.text[i].isupper())
            if nxt in TRIAL_WORDS or nxt in (")", ",", "and", "or", ";", ".") or nxt in PHASE_WORDS or series:
                end += 1  # "DETECT V trial", "IMpassion 050", "CodeBreaK 100"
        return end

    def _has_cue(self, ctx: _Ctx, start: int, end: int) -> bool:
        low, text, n = ctx.lower, ctx.text, len(ctx.text)
        # a numbered series name needs no cue word: "KEYNOTE-189", "IMpower150", "CheckMate 227"
        if SERIES_NAME.match(text[start]) and end == start + 1:
            return True
        if (end == start + 2 and sum(c.isupper() for c in text[start]) >= 2 and text[start].isalpha()
                and not text[start].isupper()  # "CheckMate 227", not "ISSN 1745" or "PAIN 155"
                and len(text[start]) >= 4 and SERIES_NUMBER.match(text[start + 1])
                and not re.fullmatch(r"(19|20)\d\d", text[start + 1])):
            return True
        if self._defined_as_trial(ctx, end) or self._lead_in(ctx, start, end):
            return True
        # "NAME trial", "NAME phase II (clinical) trial"
        j = end
        while j < n and j < end + 5 and (low[j] in PHASE_WORDS or PHASE_VALUES.match(text[j]) or low[j] in ADJECTIVES):
            j += 1
        if j < n and low[j] in TRIAL_WORDS:
            # a heading in capitals ("ADDED VALUE OF THIS STUDY") names no trial; "THE ORCHID TRIAL" may
            return j == end or not text[j].isupper() or any(c.isdigit() for c in text[start])
        # "trial NAME", "platform NAME", "phase II (randomized) NAME"
        j = start - 1
        while j >= 0 and text[j] == ",":
            j -= 1
        # after a comma only as an apposition ("the trial, BOLERO-1, ..."), not as the subject of
        # the next clause ("In the LY.12 study, GDP was non-inferior")
        apposition = j == start - 1 or (end < n and text[end] in (",", ")", ";"))
        if (j >= 0 and low[j] in BEFORE_WORDS and (text[start].isupper() or any(c.isdigit() for c in text[start]))
                and apposition and any(low[m] in ("the", "a", "an") for m in range(max(0, j - 4), j))):
            return True  # "the clinical trial BOLERO-1", "the adaptive trial platform I-SPY2"
        if j >= 0 and text[j] == "(" and end < n and text[end] == ")":
            j -= 1  # "Phase 2 (PIVOT-10)"
        while j >= 0 and low[j] in ADJECTIVES - {"the", "a", "an", "in", "of", "this", "its"}:
            j -= 1
        if j >= 1 and PHASE_VALUES.match(text[j]) and low[j - 1] in PHASE_WORDS:
            return True
        # "NAME (NCT01234567)" / "NCT01234567 (NAME)" / "NCT01234567 NAME"
        if end + 1 < n and text[end] == "(" and end + 1 in ctx.nct:
            return True
        # "(NAME; ClinicalTrials.gov number, NCT01234567)": the name before a registry id in one parenthesis
        if start >= 1 and text[start - 1] == "(" and end < n and text[end] in (";", ","):
            for k in range(end + 1, min(n, end + 10)):
                if text[k] in (")", "("):
                    break
                if k in ctx.nct:
                    return True
        j = start - 1
        if j >= 0 and text[j] == "(":
            j -= 1
        return j >= 0 and j in ctx.nct

    def _defined_as_trial(self, ctx: _Ctx, end: int) -> bool:
        """"NAME was a randomized, double-blind phase 3 study", "NAME, an open-label phase II trial"."""
        low, text, n = ctx.lower, ctx.text, len(ctx.text)
        j = end
        if not (j + 1 < n and low[j] in ("is", "was", ",") and low[j + 1] in ("a", "an")):
            return False
        j += 2
        for _ in range(14):
            if j >= n:
                return False
            if low[j] in TRIAL_WORDS:
                return True
            w = low[j]
            if w in _CLAUSE_WORDS or not (w in (",", "-", "–", "‐", "/") or w.replace("-", "").isalpha()
                                          or PHASE_VALUES.match(text[j])):
                return False
            j += 1
        return False

    def _lead_in(self, ctx: _Ctx, start: int, end: int) -> bool:
        """A paragraph led by the name: "ORCHID. In this double-blind phase III study, ..."."""
        low, n = ctx.lower, len(ctx.text)
        full = blocks.text_of(ctx.doc)
        pos = ctx.doc[start].idx
        if pos > 0 and full[pos - 1] != "\n" and sentence_bounds(ctx.doc)[start][0] != start:
            return False
        j = end
        if j < n and low[j] in (".", ":"):
            j += 1
        elif not (j < n and ctx.space[j] or j < n and "\n" in full[ctx.doc[end - 1].idx:ctx.doc[j].idx]):
            return False
        while j < n and ctx.space[j]:
            j += 1
        for k in range(j, min(n, j + 6)):
            if low[k] in ("this", "these"):
                m = k + 1
                while m < n and m < k + 8 and low[m] not in TRIAL_WORDS and (
                        low[m] in (",", "-", "–") or low[m].isalpha() and low[m] not in _CLAUSE_WORDS
                        or PHASE_VALUES.match(ctx.text[m])):
                    m += 1
                return m < n and low[m] in TRIAL_WORDS
        return False

    def _weak_cue(self, ctx: _Ctx, start: int, end: int) -> bool:
        """Reviews often name trials bare: "In HER2CLIMB, ...", "... was evaluated in SOPHIA.",
        "NeoSphere showed ...", "EMILIA and TH3RESA established ...". Only for strong acronym
        shapes, and never for abbreviations the document defines as ordinary terms."""
        two_part = (end == start + 2 and HYPHEN_ACRONYM.match(ctx.text[start]) is not None
                    and CAPITAL_WORD.match(ctx.text[start + 1]) is not None)  # "EMPA-REG OUTCOME"
        if not (STRONG_NAME.match(ctx.text[start]) or SITE_NAME.match(ctx.text[start])) \
                or (end > start + 1 and not ctx.text[end - 1].isdigit() and not two_part):
            return False
        low, text, n = ctx.lower, ctx.text, len(ctx.text)
        around = [text[k] for k in range(max(0, start - 3), min(n, end + 3))
                  if not start <= k < end and text[k].isalpha()]
        if sum(w.isupper() and len(w) > 1 for w in around) >= 2:
            return False  # a heading or a run of acronyms, not prose naming a trial
        nxt = low[end] if end < n else "."
        j = start - 1
        if j >= 0 and low[j] == "the":
            j -= 1
        if j >= 0 and low[j] == "in" and nxt in _AFTER_IN_NAME:
            return True
        # subject of a trial verb, possibly coordinated: "EMILIA and TH3RESA established"
        k = end
        if k + 1 < n and low[k] in ("and", "or") and STRONG_NAME.match(text[k + 1]) and self._ok(ctx, k + 1):
            k += 2
        if k < n and low[k] == "trial":
            return True
        return k < n and low[k] in TRIAL_VERBS and (start == 0 or not text[start - 1][:1].isalnum()
                                                     or low[start - 1] in ("the", "and", "while", "whereas"))

    def _codes(self, ctx: _Ctx, names: dict) -> None:
        """Group + protocol code ("NSABP B-31", "GOG-0218") and "Study 19" (trial_codes.py); a
        code is read whole even where a shorter name was taken from it ("BIG 2-06/NCCTG N063D");
        a name in parentheses next to it is the same trial: "GBG 69 (GeparSepto)"."""
        text, n = ctx.text, len(ctx.text)
        found = group_code_names(text, ctx.ws, ctx.lower) + study_number_names(text, ctx.lower)
        for s, e in found:
            if any(k in ctx.taken or k in ctx.nct for k in range(s, e)):
                continue
            if any(a <= s and e <= b and (a, b) != (s, e) for a, b in names):
                continue  # "SOLTI-1303 PATRICIA" already holds it
            for a, b in [k for k in names if k[0] < e and s < k[1]]:
                del names[(a, b)]
            names[(s, e)] = ctx.doc[s:e].text
            code = text[e - 1]
            if e - s >= 2 and ctx.ws[e - 2] and any(c.isalpha() for c in code) and any(c.isdigit() for c in code):
                ctx.codes[code] = re.sub(r"\s+", " ", names[(s, e)])  # "B-31 showed ..." later on
            other = None
            if e + 2 < n and text[e] == "(" and text[e + 2] == ")" and self._ok(ctx, e + 1):
                other = (e + 1, e + 2)
            elif s >= 2 and text[s - 1] == "(" and e < n and text[e] == ")" and self._ok(ctx, s - 2):
                other = (s - 2, s - 1)
            if other is not None:
                names[other] = ctx.doc[other[0]:other[1]].text
                ctx.linked.append([re.sub(r"\s+", " ", names[(s, e)]), names[other]])

    def _lists(self, ctx: _Ctx, names: dict) -> None:
        """Names coordinated before "trials": "the TANDEM, eLecTRa, and EGF3008 trials"."""
        low, text = ctx.lower, ctx.text

        def skip_phase(j: int) -> int:
            while j >= 1 and PHASE_VALUES.match(text[j]) and low[j - 1] in PHASE_WORDS:
                j -= 2
            return j

        for t in range(len(low)):
            if low[t] not in TRIAL_WORDS:
                continue
            j = t - 1
            while j >= 0 and (low[j] in PHASE_WORDS or PHASE_VALUES.match(text[j])):
                j -= 1
            while j >= 0:
                start = self._name_start_ending(ctx, j)
                if start is None:
                    break
                names[(start, j + 1)] = ctx.doc[start:j + 1].text
                j = skip_phase(start - 1)  # "the phase II PERTAIN and phase III ALTERNATIVE trials"
                if j >= 0 and low[j] in (",", "and", "or", "/", "&"):
                    j -= 1
                    if j >= 0 and low[j] in (",", "and", "or"):
                        j -= 1
                    j = skip_phase(j)
                    continue
                break

    def _name_start_ending(self, ctx: _Ctx, j: int) -> int | None:
        for start in (j - 1, j):
            if start >= 0 and self._ok(ctx, start) and self._name_end(ctx, start) == j + 1:
                return start
        return None

    def _table_cells(self, ctx: _Ctx, names: dict) -> None:
        """A trial/study column: the name part of each cell (besides registry ids)."""
        doc = ctx.doc
        for cell in blocks.table_cells(doc):
            if cell.row == 0 or not TRIAL_COLUMNS.match(cell.header.strip()):
                continue
            span = doc.char_span(cell.start, cell.end, alignment_mode="expand")
            if span is None:
                continue
            inner = [t for t in span if t.i not in ctx.nct and t.text not in "()[],;:/"]
            if not inner:
                continue
            text = blocks.text_of(doc)[inner[0].idx: inner[-1].idx + len(inner[-1])]
            if len(text) > 60:
                continue
            parts = [p.strip() for p in re.split(r"\s+/\s+", text) if p.strip()]
            found = []
            for part in parts:
                s = inner[0].idx + text.index(part)
                sp = doc.char_span(s, s + len(part), alignment_mode="expand")
                if sp is None or len(sp) > 4 or re.search(r"\b(19|20)\d\d\b|et al|[:=%]", sp.text):
                    continue  # citations ("Smith et al. (2015)") and statistics are not names
                words = [t for t in sp if t.text[:1].isalpha()]
                if not words or all(t.i in ctx.taken or t.lower_ in self.stop for t in words):
                    continue
                shaped = any(self._ok(ctx, t.i) for t in sp)
                numbered = len(sp) == 2 and sp[0].text[:1].isupper() and ROMAN.match(sp[1].text) is not None
                found.append((sp, shaped, numbered))
            # a name needs an acronym shape; "Word V" counts next to one ("Defect V / CHEVENDO")
            any_shaped = any(f[1] for f in found)
            surfaces = []
            for sp, shaped, numbered in found:
                if shaped or (numbered and any_shaped):
                    names[(sp.start, sp.end)] = sp.text
                    surfaces.append(re.sub(r"\s+", " ", sp.text))
            if len(surfaces) > 1:  # "A / B" in one cell: two names of one trial
                ctx.linked.append(surfaces)

    def _proper_named_studies(self, ctx: _Ctx, names: dict) -> None:
        """A proper-noun study name in title case: "the Spinnaker study", "the retrospective Spinnaker
        study", "The Spinnaker retrospective study" -- a word the document never writes in lowercase,
        not a nationality or place adjective, named so at least twice (one mention proves nothing)."""
        text, lower, n = ctx.text, ctx.lower, len(ctx.text)
        lowercase_words = {t for t in text if t.islower()}
        hits: dict[str, list[int]] = {}
        for i in range(1, n):
            w = text[i]
            if not _PROPER.match(w) or i in ctx.taken or lower[i] in lowercase_words or lower[i] in self.stop \
                    or lower[i] in self.suffix_stop or lower[i] in self.headings or _ADJECTIVAL.search(lower[i]):
                continue
            j = i - 1
            while j > 0 and lower[j] in _DESIGN_WORDS:
                j -= 1
            if lower[j] != "the":
                continue
            k = i + 1
            while k < n and lower[k] in _DESIGN_WORDS:
                k += 1
            if k < n and lower[k] in _STUDY_NOUNS:
                hits.setdefault(w, []).append(i)
        for w, where in hits.items():
            if len(where) >= 2:
                for i in where:
                    names.setdefault((i, i + 1), w)

    def _propagate(self, ctx: _Ctx, names: dict) -> None:
        """A confirmed name is a trial wherever else it occurs, also written with or without
        spaces/hyphens ("CORAL 050" confirms "CORAL050")."""
        norms = {_norm(v) for v in names.values()}
        surfaces = set(names.values())
        covered: set[int] = set()
        for s, e in names:
            covered.update(range(s, e))
        text, n = ctx.text, len(ctx.text)
        for i in range(n):
            if i in covered or i in ctx.taken or not text[i][:1].isalnum():
                continue
            if text[i] in ctx.codes:  # the protocol code of a group-code name written alone
                names[(i, i + 1)] = text[i]
                ctx.linked.append([text[i], ctx.codes[text[i]]])
                covered.add(i)
                continue
            shaped = self._ok(ctx, i)
            if not shaped and text[i] not in surfaces:
                continue  # "alternative" is not the ALTERNATIVE trial
            if _norm(text[i]) in norms:
                end = self._name_end(ctx, i) if shaped else i + 1
                if _norm(ctx.doc[i:end].text) not in norms:
                    end = i + 1
            elif i + 1 < n and ctx.ws[i] and i + 1 not in ctx.taken and _norm(text[i] + text[i + 1]) in norms:
                end = i + 2
            else:
                continue
            names[(i, end)] = ctx.doc[i:end].text
            covered.update(range(i, end))

    # ---- merging ------------------------------------------------------------
@Language.factory("trial_ner")
def make_trial_ner(nlp: Language, name: str) -> TrialRecognizer:
    return TrialRecognizer(nlp, name)
