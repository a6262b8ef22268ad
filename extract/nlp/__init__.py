"""Entity layer: spaCy pipeline that finds NCT/registry ids, trials, drugs, endpoints.

Public API (used by extract.pipeline):
- build_nlp(model=None) -> Language
- annotate(nlp, doc_text) -> Annotation: entity spans, sentences and scope as plain
  values (a long document is annotated piece by piece, see pieces.py)
- collect_entities(annotation, doc_text) -> (mentions, {label: [Entity]})
spaCy objects never leave this package.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from extract.records import ENTITY_LABELS, Entity, EntityMention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from extract.document import DocumentText
    from extract.nlp.annotation import Annotation

__all__ = ["build_nlp", "annotate", "collect_entities"]


def build_nlp(model: str | None = None) -> "Language":
    from extract.nlp.pipeline import build_nlp as _build

    return _build(model)


def annotate(nlp: "Language", doc_text: "DocumentText", max_chars: int | None = None) -> "Annotation":
    """Run the pipeline on the document, piece by piece for a long one, into plain values.

    Pieces follow the block structure (`pieces.piece_ranges`); every offset of
    the result is in `doc_text.text`, and scope (references, back matter) is
    decided once on the whole document.
    """
    from extract.nlp.annotation import Annotation, annotation_from_doc
    from extract.nlp.blocks import BlockInfo, scope_ranges
    from extract.nlp.pieces import PIECE_CHARS, piece_ranges

    text = doc_text.text
    infos = []
    for i, block in doc_text.iter_blocks():
        start, end = doc_text.block_span(i)
        infos.append(BlockInfo(start, end, block.kind))
    scope = scope_ranges(text, infos)
    out = Annotation(out_of_scope=scope)
    limit = max_chars or min(PIECE_CHARS, nlp.max_length - 1)
    ranges = piece_ranges(text, infos, scope, limit)
    if len(ranges) <= 1:
        ranges = [(0, len(infos))]
    for lo, hi in ranges:
        a = 0 if lo == 0 else infos[lo].start
        b = len(text) if hi >= len(infos) else infos[hi - 1].end
        doc = annotate_piece(nlp, text[a:b], [BlockInfo(x.start - a, x.end - a, x.kind) for x in infos[lo:hi]],
                             [(x - a, y - a) for x, y in scope if a <= x < b])
        out.extend(annotation_from_doc(doc, a))
        del doc
    return out


def annotate_piece(nlp: "Language", text: str, infos, scope=None) -> "Doc":
    """The spaCy Doc of one piece of text, told its block layout (and its scope, when known)."""
    from extract.nlp.blocks import BLOCKS_KEY, TEXT_KEY

    # the tokenizer itself, not nlp.make_doc: pieces keep memory bounded, and a single block longer
    # than spaCy's max_length (a guard for neural components this pipeline does not run) still reads
    doc = nlp.tokenizer(text)
    doc.user_data[TEXT_KEY] = text  # == doc.text, which spaCy would rebuild from the tokens
    doc.user_data[BLOCKS_KEY] = infos
    if scope is not None:
        doc.user_data["extract.out_of_scope"] = scope
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def collect_entities(ann: "Annotation", doc_text: "DocumentText") -> tuple[list[EntityMention], dict[str, list[Entity]]]:
    """Mentions (with page and sentence) and the per-label entity lists of the JSON."""
    text = doc_text.text
    sentences: dict[tuple[int, int], str] = {}  # one string per sentence, shared by its mentions
    mentions: list[EntityMention] = []
    grouped: dict[str, dict[str, Entity]] = {label: {} for label in (*ENTITY_LABELS, "REGISTRY")}
    for span in ann.spans:
        label = span.label
        name = span.kb or span.text
        flags = ("malformed",) if span.malformed else ()
        ident = ann.drug_ids.get(name) if label == "DRUG" else None
        try:
            page = doc_text.page_at(span.start)
        except IndexError:
            page = 0
        sent = sentences.get(span.sentence)
        if sent is None:
            sent = sentences[span.sentence] = text[span.sentence[0]:span.sentence[1]].strip()
        mentions.append(EntityMention(label=label, text=span.text, normalized=name, page=page, sentence=sent,
                                      start=span.start, end=span.end, identifier=ident, flags=flags))
        bucket = grouped.setdefault(label, {})
        ent = bucket.get(name)
        if ent is None:
            ent = Entity(name=name, long=ann.long_of.get(name) if label == "ENDPOINT" else None, identifier=ident)
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
