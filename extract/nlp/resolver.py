"""Merge candidate spans of all recognisers into doc.spans["entities"].

Overlaps are resolved longest-first; on equal length registry ids beat drugs,
drugs beat endpoints, endpoints beat trials. Candidates in the reference list
or back matter (blocks.out_of_scope_ranges) are dropped.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp import blocks
from extract.nlp.drugs import CANDIDATES as DRUG
from extract.nlp.endpoints import CANDIDATES as ENDPOINT
from extract.nlp.registry_ids import CANDIDATES as REGISTRY
from extract.nlp.trials import CANDIDATES as TRIAL

PRIORITY = {"NCT": 0, "REGISTRY": 0, "DRUG": 1, "ENDPOINT": 2, "TRIAL": 3}
ENTITIES = "entities"


@Language.component("entity_resolver")
def entity_resolver(doc: Doc) -> Doc:
    cands: list[Span] = []
    for key in (REGISTRY, DRUG, ENDPOINT, TRIAL):
        cands.extend(doc.spans.get(key, []))
    registry_first = sorted(cands, key=lambda s: (PRIORITY[s.label_] > 0, -(s.end - s.start), PRIORITY[s.label_], s.start))
    taken: set[int] = set()
    chosen: list[Span] = []
    for s in registry_first:
        if any(i in taken for i in range(s.start, s.end)):
            continue
        if not blocks.in_scope(doc, s.start_char):
            continue
        chosen.append(s)
        taken.update(range(s.start, s.end))
    chosen.sort(key=lambda s: s.start)
    doc.spans[ENTITIES] = chosen
    return doc
