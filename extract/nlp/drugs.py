"""DRUG entities: lexicon + oncology supplement + code-name rules + document aliases.

Sources, in order of trust:
1. The `drug-named-entity-recognition` lexicon (names and synonyms with
   DrugBank / MeSH / MedlinePlus ids), filtered in drug_lexicon.py to real
   agents. One-token names are looked up in a dict; longer names go into a
   `phrases.PhraseIndex` on lowercased tokens built once per pipeline, together with
   blockers (rejected phrases that contain a drug name, so that "mammalian
   target of rapamycin" does not yield "rapamycin").
2. drugs_oncology.jsonl: canonical INNs with brand names, abbreviations and
   code names (ADCs, bispecifics, newer agents).
3. Investigational code names (MK-2206, ZW25, TQ-B3525) recognised from their
   shape AND context: a drug-class word before them ("the AKT inhibitor
   MK-2206"), a combination with a known drug ("MK-2206 plus paclitaxel"), a
   regimen/treatment table column, or a dose. Codes written with a space
   ("AMG 510", "BI 754091") need the same context. Genes, proteins, cell
   lines, mutations (T790M), cooperative-group protocol codes (JCOG0603) and
   other acronyms (non_entities.jsonl) are never codes.
4. Aliases the document defines ("trastuzumab deruxtecan (T-DXd)",
   "H = trastuzumab", "XB-1234 (osimertinib)": a code then the drug's name),
   elliptical coordination ("trastuzumab emtansine or deruxtecan"), and
   one-letter misspellings of a known INN ("Trautuzumab").
The optional scispaCy model's CHEMICAL spans are candidates that must pass the
same rules.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp import abbreviations, blocks
from extract.nlp.drug_lexicon import GENERIC_NOUNS, drug_lexicon, non_entity_names, norm_code
from extract.nlp.phrases import PhraseIndex
from extract.nlp.sentences import sentence_bounds
from extract.nlp.trial_codes import _is_group

CANDIDATES = "cand_drug"
_HYPHENS = str.maketrans({"‐": "-", "‑": "-"})  # U+2010/U+2011 written for "-" by some typesetters

# Words before a code name that say "this is an agent".
CLASS_CUES = frozenset(
    "inhibitor inhibitors antibody antibodies mab adc adcs conjugate tki tkis agent agents drug drugs compound "
    "bispecific antagonist agonist degrader blocker vaccine molecule inhibitor-based modulator serd degraders "
    "immunotoxin immunoconjugate candidate product".split()
)
COMBO_CUES = frozenset("+ plus with and or combined combination alone monotherapy versus vs vs. / ± and/or".split())
TABLE_DRUG_COLUMNS = re.compile(r"regimen|treatment|intervention|agent|drug|therap|arm|combination", re.I)
# Shapes of investigational code names.
CODE_SHAPE = re.compile(r"^(?=.*\d)[A-Z][A-Za-z]{0,3}-?[A-Z]{0,3}\d{2,8}[a-z]?$")
NOT_CODE_SHAPE = re.compile(
    r"^(?:CD\d+|IL-?\d+|[A-Z]\d{2,4}[A-Z]|miR-.*|exon\d+|[A-Z]\d+)$"
)
# "AMG 510", "BI 754091", "BMN 673": capitals, a space, 3-7 digits
SPACED_PREFIX = re.compile(r"^[A-Z]{2,5}$")
SPACED_NUMBER = re.compile(r"^\d{3,7}$")
_YEAR = re.compile(r"^(19|20)\d\d$")
INN_STEMS = ("mab", "nib", "lisib", "ciclib", "taxel", "platin", "rubicin", "parib", "limus", "sertib",
             "tecan", "vedotin", "zumab", "ximab", "umab", "mide", "statin", "trozole", "strant", "fene")


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
    from extract.nlp.trial_codes import is_group_code

    return t.lower() not in non_entity_names() and not is_group_code(t)  # "JCOG0405" is a trial


class DrugRecognizer:
    """spaCy component: DRUG candidates in doc.spans["cand_drug"] with kb_id_ = canonical."""

    def __init__(self, nlp: Language, name: str = "drug_ner", use_model_ents: bool = True):
        self.lex = drug_lexicon()
        self.use_model_ents = use_model_ents
        # One-token names are looked up in a dict; longer names and the blockers go into a
        # PhraseIndex (lowercased token sequences), built once here.
        self.matcher = PhraseIndex()
        self.key_to_name: dict[str, str] = {}
        self.single: dict[str, str] = {}
        default_tok = not use_model_ents  # a model brings its own tokenizer
        names = list(self.lex.names)
        words = self._pattern_words(nlp, names, default_tok)
        multi_names = []
        for name, ws in zip(names, words):
            if len(ws) == 1:
                self.single[ws[0].lower()] = name
            else:
                multi_names.append((name, ws))
        blockers = [(b, ws) for b, ws in zip(sorted(self.lex.blockers),
                                            self._pattern_words(nlp, sorted(self.lex.blockers), default_tok))
                    if len(ws) > 1]
        for name, ws in multi_names:
            self.key_to_name[" ".join(w.lower() for w in ws)] = name
        self.matcher.add("DRUG", [ws for _n, ws in multi_names])
        self.matcher.add("NOT_DRUG", [ws for _b, ws in blockers])

    def _pattern_words(self, nlp: Language, texts: list[str], default_tok: bool) -> list[tuple[str, ...]]:
        """Token texts of each pattern: cached for the default tokenizer, else the model's own."""
        words = self.lex.words
        if default_tok:
            return [words[t] if t in words else tuple(x.text for x in nlp.make_doc(t)) for t in texts]
        return [tuple(x.text for x in d) for d in nlp.tokenizer.pipe(texts, batch_size=4000)]

    # ---- helpers ------------------------------------------------------------
    def lookup(self, span: Span) -> tuple[str, str | None] | None:
        name = self.key_to_name.get(_key(span))
        if name is not None:
            return self.lex.names.get(name)
        return self.lex.names.get(span.text.lower())

    def __call__(self, doc: Doc) -> Doc:
        lex = self.lex
        found: dict[tuple[int, int], tuple[str, str | None, str]] = {}  # (start,end) -> canonical, id, source
        blocked: list[tuple[int, int]] = []
        tk = blocks.tokens_of(doc)
        for label, start, end in self.matcher.matches(tk.lower):
            if label == "NOT_DRUG":
                blocked.append((start, end))
                continue
            hit = self.lookup(doc[start:end])
            if hit:
                found[(start, end)] = (hit[0], hit[1], "lexicon")
        for i, w in enumerate(tk.lower):
            name = self.single.get(w) or (self.single.get(w.translate(_HYPHENS)) if "‐" in w or "‑" in w else None)
            if name is not None and not (name in lex.upper_only and not _is_upper(tk.text[i])):
                canon, ident = lex.names[name]
                found[(i, i + 1)] = (canon, ident, "lexicon")
        # a longer blocker removes a drug inside it ("mammalian target of rapamycin")
        found = {k: v for k, v in found.items()
                 if not any(b[0] <= k[0] and k[1] <= b[1] and (b[1] - b[0]) > (k[1] - k[0]) for b in blocked)}
        # normalised code / alias lookup on single tokens ("Zw25", "DS8201", "KN-026")
        for i, text in enumerate(tk.text):
            if len(text) < 3 or (i, i + 1) in found:
                continue
            canon = lex.codes.get(norm_code(text))
            if canon and tk.lower[i] not in non_entity_names():
                found[(i, i + 1)] = (canon, lex.names.get(canon, (None, None))[1], "code")
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
        tk = blocks.tokens_of(doc)
        candidates = [doc[i] for i, w in enumerate(tk.text)
                      if i not in covered and len(w) >= 3 and w[0].isupper() and is_code_shape(w)]
        for t in candidates:
            if self._code_context(doc, t.i, t.i + 1, found):
                confirmed[t.text] = t.text.lower()
        # codes written with a space ("AMG 510", "BI 754091"): only with a class or drug context
        spaced: dict[str, list[tuple[int, int]]] = {}
        for i in range(len(tk.text) - 1):
            if tk.ws[i] and SPACED_PREFIX.match(tk.text[i]) and SPACED_NUMBER.match(tk.text[i + 1]) \
                    and i not in covered and i + 1 not in covered and not _YEAR.match(tk.text[i + 1]) \
                    and tk.lower[i] not in non_entity_names() and not _is_group(tk.text[i]):
                spaced.setdefault(f"{tk.text[i]} {tk.text[i + 1]}", []).append((i, i + 2))
        for written, places in spaced.items():
            if any(self._code_context(doc, a, b, found) for a, b in places):
                for a, b in places:
                    found[(a, b)] = (written.lower(), None, "code-rule")
        for t in candidates:
            key = confirmed.get(t.text)
            if key is None:
                # same code written differently elsewhere (MK2206 / MK-2206)
                for k in confirmed:
                    if norm_code(k) == norm_code(t.text):
                        key = confirmed[k]
            if key is not None:
                found[(t.i, t.i + 1)] = (key, None, "code-rule")

    def _code_context(self, doc: Doc, start: int, end: int, found: dict) -> bool:
        """A drug-class word, a drug combined with it, a dose or a regimen column around doc[start:end]."""
        t = doc[start]
        sent_start, sent_end = sentence_bounds(doc)[t.i]
        nxt = doc[end] if end < sent_end else None
        if nxt is not None and nxt.lower_ in ("trial", "trials", "study", "studies", "cohort", "group", "protocol"):
            return False
        # a drug-class word shortly before: "the pan-AKT inhibitor, MK-2206"
        for j in range(max(sent_start, t.i - 4), t.i):
            if doc[j].lower_ in CLASS_CUES or doc[j].lower_.split("-")[-1] in CLASS_CUES:
                if all(doc[k].text in (",", "(", "the", "a", "an") or doc[k].lower_ in CLASS_CUES
                       for k in range(j + 1, t.i)):
                    return True
        # "MK-2206, an AKT inhibitor" / "MK-2206 (an AKT inhibitor)" / "MK-2206 is an oral inhibitor"
        window = [doc[k].lower_ for k in range(end, min(sent_end, end + 6))]
        if window and window[0] in (",", "(", "is", "was") and any(w in CLASS_CUES for w in window):
            return True
        # combined with a known drug: "MK-2206 plus paclitaxel", "trastuzumab + KN026"
        covered = _covered(found)
        for direction in (1, -1):
            k = end if direction == 1 else t.i - 1
            steps = 0
            while sent_start <= k < sent_end and steps < 3 and (doc[k].lower_ in COMBO_CUES or doc[k].is_punct
                                                                and doc[k].text not in (";", ".", ":")):
                k += direction
                steps += 1
            if not steps or not (sent_start <= k < sent_end):
                continue
            if k in covered:
                return True
            cues = {doc[m].lower_ for m in (range(end, k) if direction == 1 else range(k + 1, t.i))}
            spaced = (SPACED_NUMBER.match(doc[k].text) and k > 0 and SPACED_PREFIX.match(doc[k - 1].text)
                      if direction == -1 else
                      SPACED_PREFIX.match(doc[k].text) and k + 1 < len(doc) and SPACED_NUMBER.match(doc[k + 1].text))
            if (is_code_shape(doc[k].text) or spaced) and cues & {"+", "plus", "combined"}:
                return True  # "KN026 + KN046": a regimen of two codes
        # a dose right after it: "MK-2206 135 mg"
        if end + 1 < sent_end and doc[end].like_num and doc[end + 1].lower_ in ("mg", "mg/kg", "mg/m2", "µg", "mcg"):
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
        for i, w in enumerate(blocks.tokens_of(doc).lower):
            if len(w) < 8 or not w.endswith(INN_STEMS) or i in covered or not w.isalpha() or w in self.lex.blockers:
                continue
            if w in self.lex.names:
                continue
            pool = [c for n in (len(w) - 1, len(w), len(w) + 1) for c in self.lex.by_first.get(f"{w[:2]}{n}", [])]
            for cand in pool:
                if _within_one_edit(w, cand):
                    canon, ident = self.lex.names[cand]
                    found[(i, i + 1)] = (canon, ident, "typo")
                    break

    def _ellipsis(self, doc: Doc, found: dict) -> None:
        """"trastuzumab emtansine (TDM1) or deruxtecan": the head word is shared."""
        covered = _covered(found)
        multi = sorted((s, e) for (s, e) in found if e - s >= 2)
        if not multi:
            return
        low = blocks.tokens_of(doc).lower
        bounds = sentence_bounds(doc)
        for i in range(1, len(low)):
            w = low[i]
            if low[i - 1] not in ("or", "and", ",", "/", "vs", "vs.", "versus") or len(w) < 5 or i in covered \
                    or not w.isalpha():
                continue
            for s, e in reversed(multi):
                if e > i or i - e > 12:
                    continue
                if bounds[s] != bounds[i]:
                    continue
                hit = self.lex.names.get(f"{low[s]} {w}")
                if hit:
                    found[(i, i + 1)] = (hit[0], hit[1], "ellipsis")
                break

    def _document_aliases(self, doc: Doc, found: dict) -> None:
        """Abbreviations the document defines for a drug, applied to all their occurrences."""
        alias: dict[str, tuple[str, str | None]] = {}
        spans = sorted(found)
        starts = [doc[s].idx for s, _e in spans]
        ends = [doc[e - 1].idx + len(doc[e - 1]) for _s, e in spans]

        def drug_at(start_char: int, end_char: int):
            """The one drug that makes up (>= 60% of) a long form; None for regimens."""
            inside = [k for k, (a, b) in enumerate(zip(starts, ends)) if a >= start_char and b <= end_char]
            if len(inside) != 1:
                return None  # no drug, or a regimen such as "zanubrutinib plus obinutuzumab (ZO)"
            k = inside[0]
            if (ends[k] - starts[k]) < 0.6 * (end_char - start_char):
                return None  # "community-directed treatment with ivermectin (CDTI)"
            return found[spans[k]]

        for d in abbreviations.definitions(doc):
            hit = drug_at(d.long_start, d.long_end)
            if hit is None and d.source == "legend":
                hit = self.lex.names.get(d.long.lower().strip())
            if hit is None:
                continue
            short = d.short.strip()
            if not self._acceptable_alias(short, hit[0]):
                continue
            alias[short] = (hit[0], hit[1])
        # "Trastuzumab (H)", "MCLA-128 (zenocutuzumab)": a drug next to a parenthesised token.
        # Codes found only by the code-name rule may be renamed by such a definition.
        covered = _covered({k: v for k, v in found.items() if v[2] != "code-rule"})
        end_at = {k[1]: k for k in sorted(found, key=lambda k: k[1] - k[0])}  # longest span per end
        for o, s, e in abbreviations.parenthesised(doc):
            key = end_at.get(o)
            if key is not None and found[key][2] == "code-rule":
                # "XB-1234 (zilovertamab)": a development code followed by the drug's name
                inner = found.get((s, e))
                if inner is not None and inner[2] != "code-rule":
                    alias[doc[key[0]:key[1]].text] = (inner[0], inner[1])
                continue
            if e - s != 1 or s in covered or key is None:
                continue
            canon, ident, _src = found[key]
            txt = doc[s].text
            if key[0] > 0 and doc[key[0] - 1].lower_ in ("plus", "+", "with", "/") and not is_code_shape(txt):
                continue  # the last drug of a combination: the abbreviation names the regimen
            drug_text = doc[key[0]:key[1]].text
            if (len(txt) > 10 and not is_code_shape(txt)) or not txt[0].isalpha() or txt.lower() in ("n", "or", "and", "i", "ii"):
                continue
            if not (_letters_in_order(txt, drug_text) or _letters_in_order(txt, canon) or is_code_shape(txt)
                    or (len(txt) == 1 and _regimen_context(doc, doc[s]))):
                continue  # "adagrasib (MRTX849)": a development code names the drug before it
            if self._acceptable_alias(txt, canon):
                alias.setdefault(txt, (canon, ident))
        if not alias:
            return
        for i, w in enumerate(blocks.tokens_of(doc).text):
            if w not in alias or i in covered:
                continue
            if len(w) == 1 and not _regimen_context(doc, doc[i]):
                continue
            canon, ident = alias[w]
            found.pop((i, i + 1), None)
            found[(i, i + 1)] = (canon, ident, "alias")
        for (a, b), (_c, _i, src) in list(found.items()):  # spaced codes: "QX 5120 (zilovertamab)"
            if b - a > 1 and src == "code-rule" and doc[a:b].text in alias:
                found[(a, b)] = (*alias[doc[a:b].text], "alias")

    def _acceptable_alias(self, short: str, canon: str) -> bool:
        """Not another drug's name or code, not a gene/protein/statistic, not a figure panel."""
        if not short or short.lower() in non_entity_names() or re.search(r"\w[–-]\w$", short) and len(short) <= 3:
            return False
        known = self.lex.names.get(short.lower())
        code = self.lex.codes.get(norm_code(short))
        return not ((known and known[0] != canon) or (code and code != canon))


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


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _letters_in_order(short: str, long: str) -> bool:
    """Schwartz-Hearst style: the short form's first letter starts a word of the long form
    and its other letters/digits follow in order ("T-DXd" ~ "trastuzumab deruxtecan")."""
    chars = [c.lower() for c in short if c.isalnum()]
    lw = long.lower()
    if not chars:
        return False
    starts = [m.start() for m in re.finditer(r"(?<![a-z0-9])[a-z0-9]", lw)]
    for st in starts:
        if lw[st] != chars[0]:
            continue
        pos = st + 1
        ok = True
        for c in chars[1:]:
            pos = lw.find(c, pos)
            if pos < 0:
                ok = False
                break
            pos += 1
        if ok:
            return True
    return False


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
