"""Entity layer: spaCy pipeline that finds NCT/registry ids, trials, drugs, endpoints.

Public API (used by extract.pipeline):
- build_nlp(model=None) -> Language
- annotate(nlp, doc_text) -> Doc with doc.spans["entities"] and sentences set
- collect_entities(doc, doc_text) -> (mentions, {label: [Entity]})
spaCy objects never leave this package and extract.relations.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from extract.records import ENTITY_LABELS, Entity, EntityMention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from extract.document import DocumentText

__all__ = ["build_nlp", "annotate", "collect_entities"]


def build_nlp(model: str | None = None) -> "Language":
    from extract.nlp.pipeline import build_nlp as _build

    return _build(model)


def annotate(nlp: "Language", doc_text: "DocumentText") -> "Doc":
    """Run the pipeline on the document's joined text, telling it the block layout."""
    from extract.nlp.blocks import BLOCKS_KEY, TEXT_KEY, BlockInfo

    doc = nlp.make_doc(doc_text.text)
    doc.user_data[TEXT_KEY] = doc_text.text  # == doc.text, which spaCy would rebuild from the tokens
    infos = []
    for i, block in doc_text.iter_blocks():
        start, end = doc_text.block_span(i)
        infos.append(BlockInfo(start, end, block.kind))
    doc.user_data[BLOCKS_KEY] = infos
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def collect_entities(doc: "Doc", doc_text: "DocumentText") -> tuple[list[EntityMention], dict[str, list[Entity]]]:
    """Mentions (with page and sentence) and the per-label entity lists of the JSON."""
    from extract.nlp.endpoints import LONG_KEY
    from extract.nlp.sentences import sentence_text

    drug_ids = doc.user_data.get("extract.drug_ids", {})
    long_of = doc.user_data.get(LONG_KEY, {})
    mentions: list[EntityMention] = []
    grouped: dict[str, dict[str, Entity]] = {label: {} for label in (*ENTITY_LABELS, "REGISTRY")}
    for span in doc.spans.get("entities", []):
        label = span.label_
        name = span.kb_id_ or span.text
        flags = ("malformed",) if span.id_ == "malformed" else ()
        ident = drug_ids.get(name) if label == "DRUG" else None
        try:
            page = doc_text.page_at(span.start_char)
        except IndexError:
            page = 0
        sent = sentence_text(doc, span.start, span.end)
        mentions.append(EntityMention(label=label, text=span.text, normalized=name, page=page, sentence=sent,
                                      start=span.start_char, end=span.end_char, identifier=ident, flags=flags))
        bucket = grouped.setdefault(label, {})
        ent = bucket.get(name)
        if ent is None:
            ent = Entity(name=name, long=long_of.get(name) if label == "ENDPOINT" else None, identifier=ident)
            bucket[name] = ent
        surface = " ".join(span.text.split())
        if label not in ("NCT", "REGISTRY") and surface != name and surface not in ent.aliases:
            ent.aliases.append(surface)
    # the JSON's "NCT" list holds every registry id (gold/SCHEMA.md), so ISRCTN/EudraCT/... ids are
    # listed there too; the "REGISTRY" group stays for callers that want them apart
    for name, ent in grouped.get("REGISTRY", {}).items():
        grouped["NCT"].setdefault(name, Entity(name=ent.name, long=None, identifier=None))
    entities = {label: list(bucket.values()) for label, bucket in grouped.items()}
    return mentions, entities
