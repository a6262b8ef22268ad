"""The drug lexicon: `drug-named-entity-recognition` filtered to real agents, plus
the oncology supplement, built once per process and cached on disk.

Filtering (see drugs.py for how the names are used):
- a name is a drug only when its lexicon entry has a DrugBank or MedlinePlus id
  (MeSH-only headings are proteins, enzymes, receptors and classes such as
  "Antibodies, Monoclonal" or "Aromatase Inhibitors");
- names or canonical names containing generic biology nouns ("receptor",
  "kinase", "factor", "cell" ...) and entries of drug_exclusions.jsonl /
  non_entities.jsonl are rejected; rejected phrases that contain a drug name
  ("mammalian target of rapamycin") become blockers;
- inverted headings, IUPAC-like names and "<function word> ..." brand forms are
  dropped; salt/formulation canonicals fold into the base INN;
- drugs_oncology.jsonl overrides canonical names and adds aliases and codes.
The result is cached as a pickle in the user cache dir (~/.cache/trial-extract),
keyed by the lexicon file, the data files and this module's source; set
EXTRACT_NO_CACHE=1 to bypass it. Importing the lexicon package itself is
avoided: its __init__ unpickles the whole dictionary.
"""
from __future__ import annotations

import bz2
import os
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from extract.errors import LexiconError
from extract.nlp.lexicons import load

# Words that make a lexicon name a biology term or a class, not an agent.
GENERIC_NOUNS = frozenset(
    "receptor receptors kinase kinases protein proteins factor factors antigen antigens inhibitor inhibitors "
    "cell cells gene genes antibody antibodies enzyme enzymes hormone hormones agent agents agonist agonists "
    "antagonist antagonists ligand ligands pathway pathways channel channels conjugate conjugates cytokine "
    "cytokines products compounds drugs substances family peptide peptides phosphatase phosphatases "
    "transcription domain domains subunit subunits complex".split()
)

@dataclass
class DrugLexicon:
    names: dict[str, tuple[str, str | None]]  # lowercase surface -> (canonical, identifier)
    blockers: set[str]  # lowercase surfaces that are not drugs
    codes: dict[str, str]  # normalised code/alias -> canonical
    by_first: dict[str, list[str]] = field(default_factory=dict)  # first 2 letters + length -> names
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> its tokens (default tokenizer)
    upper_only: set[str] = field(default_factory=set)  # short names that count only in capitals (SAHA, not Saha)


def norm_code(text: str) -> str:
    return re.sub(r"[\s\-‐‑–_]", "", text).lower()


@lru_cache(maxsize=1)
def non_entity_names() -> frozenset[str]:
    """Lowercase acronyms that are never drugs or trials (non_entities.jsonl)."""
    return frozenset(e["id"].lower() for e in load("non_entities.jsonl"))


def _lexicon_dir():
    """Folder of the drug-named-entity-recognition package, found WITHOUT importing it
    (its __init__ unpickles the whole dictionary, which takes seconds)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("drug_named_entity_recognition", 0, "-", "the drug lexicon package is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def _load_raw_lexicon() -> dict:
    with bz2.open(_lexicon_dir() / "drug_ner_dictionary.pkl.bz2", "rb") as f:
        return pickle.load(f)


@lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    """The lexicon package's own list of common words that are also drug names."""
    import ast

    path = _lexicon_dir() / "util.py"
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):  # pragma: no cover
        return frozenset()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "stopwords" for t in node.targets):
            try:
                return frozenset(ast.literal_eval(node.value))
            except ValueError:  # pragma: no cover
                return frozenset()
    return frozenset()


FUNCTION_WORDS = frozenset("a an and as at be by for from in is it no of on or the to with".split())
SALT_WORDS = frozenset(
    "hydrochloride dihydrochloride hydrobromide sulfate sulphate tosylate mesylate maleate citrate acetate sodium "
    "potassium calcium magnesium phosphate tartrate bromide chloride succinate fumarate besylate monohydrate "
    "anhydrous disodium lactate gluconate malate nitrate oxalate palmitate pamoate propionate valerate "
    "dipropionate liposomal liposome injection tablets suspension solution pegol implant".split()
)
CACHE_VERSION = "5"


def _cache_path():
    """User cache file for the filtered lexicon, keyed by every input that shapes it."""
    import hashlib
    from pathlib import Path

    if os.environ.get("EXTRACT_NO_CACHE"):
        return None
    h = hashlib.sha1(CACHE_VERSION.encode())
    try:
        st = (_lexicon_dir() / "drug_ner_dictionary.pkl.bz2").stat()
        h.update(f"{st.st_size}:{int(st.st_mtime)}".encode())
    except OSError:
        return None
    for name in ("drugs_oncology.jsonl", "drug_exclusions.jsonl", "non_entities.jsonl"):
        h.update(resources.files("extract.nlp.data").joinpath(name).read_bytes())
    for mod in ("drug_lexicon.py", "tokenizer.py"):
        h.update(resources.files("extract.nlp").joinpath(mod).read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "trial-extract"
    return base / f"drug-lexicon-{h.hexdigest()[:16]}.pkl"


@lru_cache(maxsize=1)
def drug_lexicon() -> DrugLexicon:
    """The filtered lexicon, built once per process (and cached on disk between runs)."""
    path = _cache_path()
    if path is not None and path.exists():
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except Exception:  # a corrupt or incompatible cache file is rebuilt
            pass
    lex = build_drug_lexicon()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")  # workers may build it concurrently
            with tmp.open("wb") as f:
                pickle.dump(lex, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            for old in path.parent.glob("drug-lexicon-*.pkl"):  # caches of earlier versions
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass
    return lex


def build_drug_lexicon() -> DrugLexicon:
    """Filter the raw lexicon and merge the oncology supplement (slow: ~5 s)."""
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
    rejected: set[str] = set()
    ids_by_canonical: dict[str, str] = {}
    for variant, canonicals in v2c.items():
        v = variant.lower().strip()
        if len(v) < 3 or v in stop:
            continue
        cands = [c for c in canonicals if c in c2d] or list(canonicals)
        canon, data = cands[0], c2d.get(cands[0], {})
        for c in cands:
            d = c2d.get(c, {})
            if d.get("drugbank_id") or d.get("medline_plus_id"):
                canon, data = c, d
                break
        words = set(re.split(r"[\s,\-/()]+", v))
        canon_words = set(re.split(r"[\s,\-/()]+", canon.lower()))
        is_drug = bool(data.get("drugbank_id") or data.get("medline_plus_id"))
        if (not is_drug or (words | canon_words) & GENERIC_NOUNS or v in excluded or canon.lower() in excluded
                or v in non_entities):
            rejected.add(v)
            continue
        toks = v.split()
        if len(toks) > 6 or re.search(r"[a-z], [a-z]", v) and not re.search(r", (and|or) ", v):
            continue  # IUPAC-like names and inverted headings ("iodide, hexamethonium") never occur in prose
        if len(toks) > 1 and (toks[0] in FUNCTION_WORDS or (
                len(toks) == 2 and len(toks[1]) == 1 and toks[0] not in v2c)):
            continue  # "at 10"; "<word> <letter>" brand forms that collide with prose and people's names
        final = override.get(canon.lower()) or override.get(v) or re.sub(r"\s*\(.*?\)", "", canon.lower()).strip()
        base = final.rsplit(" ", 1)
        if len(base) == 2 and base[1] in SALT_WORDS and base[0] in v2c:
            final = override.get(base[0], base[0])  # "goserelin implant" -> "goserelin"
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
            rejected.discard(s.lower())
            if any(ch.isdigit() for ch in s) or "-" in s or len(s) <= 6:
                codes[norm_code(s)] = cid
    for v, (canon, _) in names.items():
        if " " not in v and any(ch.isdigit() for ch in v):
            codes.setdefault(norm_code(v), canon)
    # Blockers: rejected phrases that contain a drug name ("mammalian target of rapamycin"),
    # except salts/formulations of a drug ("sildenafil citrate") and combinations ("a/b").
    blockers = set(excluded - set(names))
    for v in rejected:
        ws = re.split(r"[\s\-]+", v)
        if len(ws) < 2 or "/" in v or ws[-1] in SALT_WORDS:
            continue
        if any(" ".join(ws[i:j]) in names for i in range(len(ws)) for j in range(i + 1, len(ws) + 1)
               if j - i < len(ws)):
            blockers.add(v)
    by_first: dict[str, list[str]] = {}
    for v in names:
        if v.isalpha() and len(v) >= 7:
            by_first.setdefault(f"{v[:2]}{len(v)}", []).append(v)
    words = _tokenize_all(list(names) + sorted(blockers))
    supplement_names = {s.lower() for e in supplement for s in [e["id"], *e.get("aliases", []), *e.get("codes", [])]}
    upper_only = {v for v in names if len(v) <= 4 and " " not in v and v not in supplement_names}
    return DrugLexicon(names=names, blockers=blockers, codes=codes, by_first=by_first, words=words,
                       upper_only=upper_only)


def _tokenize_all(texts: list[str]) -> dict[str, tuple[str, ...]]:
    """Token texts of each name under the pipeline's default tokenizer."""
    import spacy

    from extract.nlp.tokenizer import customize_tokenizer

    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    return {t: tuple(tok.text for tok in doc) for t, doc in zip(texts, nlp.tokenizer.pipe(texts, batch_size=4000))}
