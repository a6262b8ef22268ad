"""DRUG entities: lexicon + oncology supplement + code-name rules + document aliases.

Sources, in order of trust:
1. The `drug-named-entity-recognition` lexicon (names and synonyms with
   DrugBank / MeSH / MedlinePlus ids), filtered: a name is a drug only when
   its entry has a DrugBank or MedlinePlus id (MeSH-only headings are
   proteins, enzymes, receptors and classes such as "Antibodies, Monoclonal",
   "Aromatase Inhibitors"), its words are not generic biology nouns
   ("receptor", "kinase", "factor", "cell" ...) and it is not in
   drug_exclusions.jsonl. Rejected names stay in the matcher as blockers so
   that "mammalian target of rapamycin" does not yield "rapamycin".
2. drugs_oncology.jsonl: canonical INNs with brand names, abbreviations and
   code names (ADCs, bispecifics, newer agents).
3. Investigational code names (MK-2206, ZW25, TQ-B3525) recognised from their
   shape AND context: a drug-class word before them ("the AKT inhibitor
   MK-2206"), a combination with a known drug ("MK-2206 plus paclitaxel"), a
   regimen/treatment table column, or a dose. Genes, proteins, cell lines,
   mutations (T790M) and other acronyms (non_entities.jsonl) are never codes.
4. Aliases the document defines ("trastuzumab deruxtecan (T-DXd)",
   "H = trastuzumab"), elliptical coordination ("trastuzumab emtansine or
   deruxtecan"), and one-letter misspellings of a known INN ("Trautuzumab").
The optional scispaCy model's CHEMICAL spans are candidates that must pass the
same rules.
"""
from __future__ import annotations

import bz2
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extract.nlp import abbreviations, blocks
from extract.nlp.lexicons import load

CANDIDATES = "cand_drug"

# Words that make a lexicon name a biology term or a class, not an agent.
GENERIC_NOUNS = frozenset(
    "receptor receptors kinase kinases protein proteins factor factors antigen antigens inhibitor inhibitors "
    "cell cells gene genes antibody antibodies enzyme enzymes hormone hormones agent agents agonist agonists "
    "antagonist antagonists ligand ligands pathway pathways channel channels conjugate conjugates cytokine "
    "cytokines products compounds drugs substances family peptide peptides phosphatase phosphatases "
    "transcription domain domains subunit subunits complex".split()
)
# Words before a code name that say "this is an agent".
CLASS_CUES = frozenset(
    "inhibitor inhibitors antibody antibodies mab adc adcs conjugate tki tkis agent agents drug drugs compound "
    "bispecific antagonist agonist degrader blocker vaccine molecule inhibitor-based modulator serd degraders "
    "immunotoxin immunoconjugate candidate".split()
)
COMBO_CUES = frozenset("+ plus with and or combined combination alone monotherapy versus vs vs. / ± and/or".split())
TABLE_DRUG_COLUMNS = re.compile(r"regimen|treatment|intervention|agent|drug|therap|arm|combination", re.I)
# Shapes of investigational code names.
CODE_SHAPE = re.compile(r"^(?=.*\d)[A-Z][A-Za-z]{0,5}-?[A-Z]{0,3}\d{2,7}[a-z]?$")
NOT_CODE_SHAPE = re.compile(
    r"^(?:CD\d+|IL-?\d+|[A-Z]\d{2,4}[A-Z]|miR-.*|exon\d+|G\d|S\d|M\d+|T\d|N\d|P\d+|Q\d|H\d+|L\d+|[A-Z]{1,2}\d{2,4})$"
)
INN_STEMS = ("mab", "nib", "lisib", "ciclib", "taxel", "platin", "rubicin", "parib", "limus", "sertib",
             "tecan", "vedotin", "zumab", "ximab", "umab", "mide", "statin", "trozole", "strant", "fene")


@dataclass
class DrugLexicon:
    names: dict[str, tuple[str, str | None]]  # lowercase surface -> (canonical, identifier)
    blockers: set[str]  # lowercase surfaces that are not drugs
    codes: dict[str, str]  # normalised code/alias -> canonical
    by_first: dict[str, list[str]] = field(default_factory=dict)  # first 2 letters -> single-word names


def norm_code(text: str) -> str:
    return re.sub(r"[\s\-‐–_]", "", text).lower()


@lru_cache(maxsize=1)
def non_entity_names() -> frozenset[str]:
    """Lowercase acronyms that are never drugs or trials (non_entities.jsonl)."""
    return frozenset(e["id"].lower() for e in load("non_entities.jsonl"))


def _load_raw_lexicon() -> dict:
    path = resources.files("drug_named_entity_recognition").joinpath("drug_ner_dictionary.pkl.bz2")
    with path.open("rb") as fh, bz2.open(fh, "rb") as f:
        return pickle.load(f)


def _english_stopwords() -> frozenset[str]:
    try:
        from drug_named_entity_recognition.util import stopwords
    except Exception:  # pragma: no cover - optional helper of the lexicon package
        return frozenset()
    return frozenset(stopwords)


@lru_cache(maxsize=1)
def drug_lexicon() -> DrugLexicon:
    """The filtered lexicon (built once per process)."""
    raw = _load_raw_lexicon()
    v2c: dict[str, list[str]] = raw["drug_variant_to_canonical"]
    c2d: dict[str, dict] = raw["drug_canonical_to_data"]
    stop = _english_stopwords()
    excluded: set[str] = set()
    for e in load("drug_exclusions.jsonl"):
        excluded.add(e["id"].lower())
        excluded.update(v.lower() for v in e.get("variants", []))
    non_entities = non_entity_names()

    supplement = load("drugs_oncology.jsonl")
    override: dict[str, str] = {}
    for e in supplement:
        for s in [e["id"], *e.get("aliases", []), *e.get("codes", [])]:
            override[s.lower()] = e["id"]

    names: dict[str, tuple[str, str | None]] = {}
    blockers: set[str] = set(excluded)
    ids_by_canonical: dict[str, str] = {}
    for variant, canonicals in v2c.items():
        v = variant.lower().strip()
        if len(v) < 3 or v in stop:
            continue
        cands = [c for c in canonicals if c in c2d] or list(canonicals)
        data = {}
        canon = cands[0]
        for c in cands:
            d = c2d.get(c, {})
            if d.get("drugbank_id") or d.get("medline_plus_id"):
                canon, data = c, d
                break
        else:
            data = c2d.get(canon, {})
        words = set(re.split(r"[\s,\-/()]+", v))
        is_drug = bool(data.get("drugbank_id") or data.get("medline_plus_id"))
        if (not is_drug or words & GENERIC_NOUNS or v in excluded or canon.lower() in excluded
                or v in non_entities or "," in canon and not is_drug):
            blockers.add(v)
            continue
        final = override.get(canon.lower()) or override.get(v) or canon.lower()
        ident = data.get("drugbank_id") or (f"MESH:{data['mesh_id']}" if data.get("mesh_id") else None)
        names[v] = (final, ident)
        if ident:
            ids_by_canonical.setdefault(final, ident)

    codes: dict[str, str] = {}
    for e in supplement:
        cid = e["id"]
        ident = e.get("identifier") or ids_by_canonical.get(cid) or (names.get(cid, (None, None))[1])
        for s in [cid, *e.get("aliases", []), *e.get("codes", [])]:
            names[s.lower()] = (cid, ident)
            blockers.discard(s.lower())
            if any(ch.isdigit() for ch in s) or "-" in s or len(s) <= 6:
                codes[norm_code(s)] = cid
    for v, (canon, _) in names.items():
        if " " not in v and any(ch.isdigit() for ch in v):
            codes.setdefault(norm_code(v), canon)
    by_first: dict[str, list[str]] = {}
    for v in names:
        if v.isalpha() and len(v) >= 7:
            by_first.setdefault(v[:2], []).append(v)
    return DrugLexicon(names=names, blockers=blockers - set(names), codes=codes, by_first=by_first)


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def is_code_shape(text: str) -> bool:
    t = text.strip()
    if not CODE_SHAPE.match(t) or NOT_CODE_SHAPE.match(t):
        return False
    return t.lower() not in non_entity_names()


class DrugRecognizer:
    """spaCy component: DRUG candidates in doc.spans["cand_drug"] with kb_id_ = canonical."""

    def __init__(self, nlp: Language, name: str = "drug_ner", use_model_ents: bool = True):
        self.lex = drug_lexicon()
        self.use_model_ents = use_model_ents
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        tok = nlp.tokenizer
        self.key_to_name: dict[str, str] = {}
        drug_docs, block_docs = [], []
        for doc in tok.pipe(self.lex.names.keys(), batch_size=2000):
            self.key_to_name[_key(doc)] = doc.text
            drug_docs.append(doc)
        for doc in tok.pipe(sorted(self.lex.blockers), batch_size=2000):
            block_docs.append(doc)
        self.matcher.add("DRUG", drug_docs)
        self.matcher.add("NOT_DRUG", block_docs)

    # ---- helpers ------------------------------------------------------------
    def lookup(self, span: Span) -> tuple[str, str | None] | None:
        name = self.key_to_name.get(_key(span))
        if name is not None:
            return self.lex.names.get(name.lower())
        return self.lex.names.get(span.text.lower())

    def __call__(self, doc: Doc) -> Doc:
        lex = self.lex
        found: dict[tuple[int, int], tuple[str, str | None, str]] = {}  # (start,end) -> canonical, id, source
        blocked: list[tuple[int, int]] = []
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            if label == "NOT_DRUG":
                blocked.append((start, end))
                continue
            hit = self.lookup(doc[start:end])
            if hit:
                found[(start, end)] = (hit[0], hit[1], "lexicon")
        # longest match wins; a longer blocker removes a shorter drug inside it
        found = {k: v for k, v in found.items()
                 if not any(b[0] <= k[0] and k[1] <= b[1] and (b[1] - b[0]) > (k[1] - k[0]) for b in blocked)}
        # normalised code / alias lookup on single tokens ("Zw25", "DS8201", "KN-026")
        for tok in doc:
            if (tok.i, tok.i + 1) in found or not any(ch.isalnum() for ch in tok.text):
                continue
            canon = lex.codes.get(norm_code(tok.text))
            if canon and len(tok.text) >= 3 and tok.text.lower() not in non_entity_names():
                found[(tok.i, tok.i + 1)] = (canon, lex.names.get(canon, (None, None))[1], "code")
        self._code_names(doc, found)
        self._model_chemicals(doc, found)
        self._typos(doc, found)
        self._ellipsis(doc, found)
        self._document_aliases(doc, found)
        spans = [Span(doc, s, e, label="DRUG", kb_id=c) for (s, e), (c, _i, _src) in found.items()]
        doc.spans[CANDIDATES] = spans
        doc.user_data["extract.drug_ids"] = {c: i for (c, i, _s) in found.values() if i}
        return doc

    # ---- rules --------------------------------------------------------------
    def _code_names(self, doc: Doc, found: dict) -> None:
        """Shape + context rule for investigational code names, then propagation."""
        covered = _covered(found)
        confirmed: dict[str, str] = {}
        candidates = [t for t in doc if t.i not in covered and is_code_shape(t.text)]
        for t in candidates:
            if self._code_context(doc, t, found):
                confirmed[t.text] = t.text.lower()
        for t in candidates:
            key = confirmed.get(t.text)
            if key is None:
                # same code written differently elsewhere (MK2206 / MK-2206)
                for k in confirmed:
                    if norm_code(k) == norm_code(t.text):
                        key = confirmed[k]
            if key is not None:
                found[(t.i, t.i + 1)] = (key, None, "code-rule")

    def _code_context(self, doc: Doc, t, found: dict) -> bool:
        sent_start = t.sent.start if doc.has_annotation("SENT_START") else 0
        sent_end = t.sent.end if doc.has_annotation("SENT_START") else len(doc)
        nxt = doc[t.i + 1] if t.i + 1 < sent_end else None
        if nxt is not None and nxt.lower_ in ("trial", "trials", "study", "studies", "cohort", "group", "protocol"):
            return False
        # a drug-class word shortly before: "the pan-AKT inhibitor, MK-2206"
        for j in range(max(sent_start, t.i - 4), t.i):
            if doc[j].lower_ in CLASS_CUES or doc[j].lower_.split("-")[-1] in CLASS_CUES:
                if all(doc[k].text in (",", "(", "the", "a", "an") or doc[k].lower_ in CLASS_CUES
                       for k in range(j + 1, t.i)):
                    return True
        # "MK-2206, an AKT inhibitor" / "MK-2206 (an AKT inhibitor)" / "MK-2206 is an oral inhibitor"
        window = [doc[k].lower_ for k in range(t.i + 1, min(sent_end, t.i + 7))]
        if window and window[0] in (",", "(", "is", "was") and any(w in CLASS_CUES for w in window):
            return True
        # combined with a known drug: "MK-2206 plus paclitaxel", "trastuzumab + KN026"
        covered = _covered(found)
        for direction in (1, -1):
            k = t.i + direction
            steps = 0
            while sent_start <= k < sent_end and steps < 3 and (doc[k].lower_ in COMBO_CUES or doc[k].is_punct):
                k += direction
                steps += 1
            if not steps or not (sent_start <= k < sent_end):
                continue
            if k in covered:
                return True
            cues = {doc[m].lower_ for m in range(min(k, t.i) + 1, max(k, t.i))}
            if is_code_shape(doc[k].text) and cues & {"+", "plus", "combined"}:
                return True  # "KN026 + KN046": a regimen of two codes
        # a dose right after it: "MK-2206 135 mg"
        if t.i + 2 < sent_end and doc[t.i + 1].like_num and doc[t.i + 2].lower_ in ("mg", "mg/kg", "mg/m2", "µg", "mcg"):
            return True
        # a regimen / treatment / agent table column
        cell = blocks.cell_at(doc, t.idx)
        if cell is not None and cell.row > 0 and TABLE_DRUG_COLUMNS.search(cell.header):
            return True
        return False

    def _model_chemicals(self, doc: Doc, found: dict) -> None:
        """CHEMICAL entities of an optional scispaCy model, when they pass the drug rules."""
        if not self.use_model_ents or not doc.ents:
            return
        covered = _covered(found)
        for ent in doc.ents:
            if ent.label_ not in ("CHEMICAL", "CHEBI", "SIMPLE_CHEMICAL"):
                continue
            if any(i in covered for i in range(ent.start, ent.end)):
                continue
            text = ent.text.lower()
            if text in self.lex.blockers or text in non_entity_names() or set(text.split()) & GENERIC_NOUNS:
                continue
            hit = self.lookup(ent)
            if hit:
                found[(ent.start, ent.end)] = (hit[0], hit[1], "model")
            elif len(ent) == 1 and ent.text.isalpha() and ent.text.lower().endswith(INN_STEMS) and len(ent.text) >= 7:
                found[(ent.start, ent.end)] = (text, None, "model")

    def _typos(self, doc: Doc, found: dict) -> None:
        """A one-letter misspelling of a known INN ("Trautuzumab")."""
        covered = _covered(found)
        for t in doc:
            w = t.lower_
            if t.i in covered or len(w) < 8 or not w.isalpha() or not w.endswith(INN_STEMS) or w in self.lex.blockers:
                continue
            if w in self.lex.names:
                continue
            for cand in self.lex.by_first.get(w[:2], []):
                if _within_one_edit(w, cand):
                    canon, ident = self.lex.names[cand]
                    found[(t.i, t.i + 1)] = (canon, ident, "typo")
                    break

    def _ellipsis(self, doc: Doc, found: dict) -> None:
        """"trastuzumab emtansine (TDM1) or deruxtecan": the head word is shared."""
        covered = _covered(found)
        multi = sorted((s, e) for (s, e) in found if e - s >= 2)
        for t in doc:
            if t.i in covered or not t.is_alpha or len(t) < 5:
                continue
            prev = doc[t.i - 1] if t.i > 0 else None
            if prev is None or prev.lower_ not in ("or", "and", ",", "/", "vs", "vs.", "versus"):
                continue
            for s, e in reversed(multi):
                if e > t.i or t.i - e > 12:
                    continue
                if doc.has_annotation("SENT_START") and doc[s].sent.start != t.sent.start:
                    continue
                name = f"{doc[s].lower_} {t.lower_}"
                hit = self.lex.names.get(name)
                if hit:
                    found[(t.i, t.i + 1)] = (hit[0], hit[1], "ellipsis")
                break

    def _document_aliases(self, doc: Doc, found: dict) -> None:
        """Abbreviations the document defines for a drug, applied to all their occurrences."""
        by_start = {s: (e, v) for (s, e), v in found.items()}
        alias: dict[str, tuple[str, str | None]] = {}
        char_index = {doc[s].idx: (s, e) for (s, e) in found}
        end_index = {doc[e - 1].idx + len(doc[e - 1]): (s, e) for (s, e) in found}

        def drug_at(start_char: int, end_char: int):
            key = char_index.get(start_char)
            if key and doc[key[1] - 1].idx + len(doc[key[1] - 1]) == end_char:
                return found[key]
            key = end_index.get(end_char)  # the drug ends the long form: "... trastuzumab deruxtecan"
            if key and doc[key[0]].idx >= start_char:
                return found[key]
            return None

        defs = abbreviations.definitions(doc)
        for d in defs:
            hit = drug_at(d.long_start, d.long_end)
            if hit is None and d.source == "legend":
                hit = self.lex.names.get(d.long.lower().strip())
                hit = (hit[0], hit[1], "legend") if hit else None
            if hit is None:
                continue
            short = d.short.strip()
            known = self.lex.names.get(short.lower()) or (self.lex.codes.get(norm_code(short)) and (self.lex.codes[norm_code(short)], None))
            if known and known[0] != hit[0]:
                continue
            if short.lower() in non_entity_names():
                continue
            alias[short] = (hit[0], hit[1])
        # "Trastuzumab (H)", "MCLA-128 (zenocutuzumab)": a drug next to a parenthesised token
        for o, s, e in abbreviations.parenthesised(doc):
            if e - s != 1:
                continue
            inner = doc[s]
            before = next(((k, v) for k, v in found.items() if k[1] == o), None)
            if before and inner.i not in _covered(found):
                txt = inner.text
                if (1 <= len(txt) <= 10 and txt[0].isalpha() and not txt.lower() in ("n", "or", "and", "i", "ii")
                        and txt.lower() not in non_entity_names() and not self.lex.names.get(txt.lower())):
                    alias.setdefault(txt, (before[1][0], before[1][1]))
        if not alias:
            return
        covered = _covered(found)
        for t in doc:
            if t.i in covered or t.text not in alias:
                continue
            if len(t.text) == 1 and not _regimen_context(doc, t):
                continue
            canon, ident = alias[t.text]
            found[(t.i, t.i + 1)] = (canon, ident, "alias")
        del by_start


def _regimen_context(doc: Doc, t) -> bool:
    """A one-letter alias counts only inside a regimen: "Taxane + H + L", "H (n = 743)"."""
    nb = []
    if t.i > 0:
        nb.append(doc[t.i - 1].text)
    if t.i + 1 < len(doc):
        nb.append(doc[t.i + 1].text)
    if any(x in ("=", "<", ">", ".") for x in nb[-1:]):
        return False
    return any(x in ("+", "/", "vs.", "vs", "versus", "(", ")", "and", "or", "plus", "with") for x in nb)


def _covered(found: dict) -> set[int]:
    out: set[int] = set()
    for s, e in found:
        out.update(range(s, e))
    return out


def _key(span) -> str:
    return " ".join(t.lower_ for t in span)


@Language.factory("drug_ner", default_config={"use_model_ents": True})
def make_drug_ner(nlp: Language, name: str, use_model_ents: bool) -> DrugRecognizer:
    return DrugRecognizer(nlp, name, use_model_ents)
