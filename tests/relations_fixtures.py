"""Build a DocumentText and a spaCy Doc with entity spans for relation tests.

The entity layer is simulated with a tiny lexicon (surface form -> label,
canonical name), so the relation rules are tested on their own.
"""
from __future__ import annotations

import re

import spacy
from spacy.tokens import Span

from extract.document import Block, DocumentText, Table
from extract.nlp.annotation import annotation_from_doc

LEXICON: dict[str, tuple[str, str]] = {
    "trastuzumab": ("DRUG", "trastuzumab"),
    "pertuzumab": ("DRUG", "pertuzumab"),
    "docetaxel": ("DRUG", "docetaxel"),
    "paclitaxel": ("DRUG", "paclitaxel"),
    "capecitabine": ("DRUG", "capecitabine"),
    "lapatinib": ("DRUG", "lapatinib"),
    "neratinib": ("DRUG", "neratinib"),
    "tucatinib": ("DRUG", "tucatinib"),
    "letrozole": ("DRUG", "letrozole"),
    "fulvestrant": ("DRUG", "fulvestrant"),
    "palbociclib": ("DRUG", "palbociclib"),
    "everolimus": ("DRUG", "everolimus"),
    "T-DM1": ("DRUG", "trastuzumab emtansine"),
    "pembrolizumab": ("DRUG", "pembrolizumab"),
    "progression-free survival": ("ENDPOINT", "PFS"),
    "PFS": ("ENDPOINT", "PFS"),
    "median PFS": ("ENDPOINT", "PFS"),
    "OS": ("ENDPOINT", "OS"),
    "overall survival": ("ENDPOINT", "OS"),
    "ORR": ("ENDPOINT", "ORR"),
    "objective responses": ("ENDPOINT", "ORR"),
    "pCR": ("ENDPOINT", "pCR"),
    "DFS": ("ENDPOINT", "DFS"),
    "disease control rate": ("ENDPOINT", "DCR"),
    "DCR": ("ENDPOINT", "DCR"),
    "12-month PFS": ("ENDPOINT", "12-month PFS"),
    "adverse events": ("ENDPOINT", "AEs"),
    "ORCHID-2": ("TRIAL", "ORCHID-2"),
    "ORCHID 2": ("TRIAL", "ORCHID-2"),
    "SKYLARK": ("TRIAL", "SKYLARK"),
    "HERON": ("TRIAL", "HERON"),
    "HERON-3": ("TRIAL", "HERON-3"),
    "MARLIN": ("TRIAL", "MARLIN"),
}

_NLP = None


def nlp():
    global _NLP
    if _NLP is None:
        _NLP = spacy.blank("en")
        _NLP.add_pipe("sentencizer")
    return _NLP


def doc_text(*parts, doc_id: str = "t") -> DocumentText:
    """Blocks from strings (body) or (kind, text) / Table objects."""
    blocks = []
    for i, p in enumerate(parts):
        page = 1 + i // 3
        if isinstance(p, Table):
            blocks.append(Block("table", p.render(), page, table=p))
        elif isinstance(p, tuple):
            blocks.append(Block(p[0], p[1], page))
        else:
            blocks.append(Block("body", p, page))
    return DocumentText(doc_id=doc_id, blocks=blocks)


def annotate(dt: DocumentText, lexicon: dict | None = None):
    lex = lexicon or LEXICON
    doc = nlp()(dt.text)
    spans: list[Span] = []
    taken: set[int] = set()
    found = [(m.start(), m.end(), "NCT", m.group()) for m in re.finditer(r"NCT\d{7,8}", dt.text)]
    found += [(m.start(), m.end(), "REGISTRY", m.group())
              for m in re.finditer(r"ISRCTN\d{8}|ACTRN\d{14}|\d{4}-\d{6}-\d{2}", dt.text)]
    for surface in sorted(lex, key=len, reverse=True):
        label, kb = lex[surface]
        for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w])", dt.text):
            found.append((m.start(), m.end(), label, kb))
    for a, b, label, kb in found:
        if any(i in taken for i in range(a, b)):
            continue
        sp = doc.char_span(a, b, label=label, kb_id=kb, alignment_mode="expand")
        if sp is None:
            continue
        taken.update(range(a, b))
        spans.append(sp)
    spans.sort(key=lambda s: s.start)
    doc.spans["entities"] = spans
    return annotation_from_doc(doc)


def trials_of(*parts, lexicon=None):
    from extract.relations import extract_trials

    dt = doc_text(*parts)
    return extract_trials(annotate(dt, lexicon), dt)


def by_key(trials):
    return {t.key: t for t in trials}


def outcome_set(trial):
    return {(o.endpoint, o.statistic, o.value) for o in trial.outcomes}
