"""One document through every stage: read -> NLP -> relations -> record.

`Pipeline` builds the spaCy pipeline once (lazily) and reuses it for every
document it processes; ingest workers each hold one.
"""
from __future__ import annotations

import time
from pathlib import Path

from extract.document import DocumentText
from extract.provenance import add_boxes
from extract.records import DocumentRecord, with_record_endpoints


class Pipeline:
    def __init__(self, nlp=None, model: str | None = None, piece_chars: int | None = None):
        self._nlp = nlp
        self.model = model
        self.piece_chars = piece_chars  # None: extract.nlp.pieces.PIECE_CHARS

    @property
    def nlp(self):
        if self._nlp is None:
            from extract.nlp import build_nlp

            self._nlp = build_nlp(model=self.model)
        return self._nlp

    def process_text(self, doc_text: DocumentText, timings: dict | None = None) -> DocumentRecord:
        """NLP, relations and records for an already-read document."""
        from extract.nlp import annotate, collect_entities
        from extract.relations import extract_trials

        t0 = time.perf_counter()
        ann = annotate(self.nlp, doc_text, self.piece_chars)
        mentions, entities = collect_entities(ann, doc_text)
        t1 = time.perf_counter()
        trials = extract_trials(ann, doc_text)
        entities, mentions = with_record_endpoints(entities, mentions, trials)
        add_boxes(doc_text, trials, mentions)
        t2 = time.perf_counter()
        if timings is not None:
            timings["nlp"] = timings.get("nlp", 0.0) + (t1 - t0)
            timings["relations"] = timings.get("relations", 0.0) + (t2 - t1)
            timings["words"] = timings.get("words", 0) + len(doc_text.text.split())
            timings["pieces"] = timings.get("pieces", 0) + ann.pieces
        return DocumentRecord(
            doc=doc_text.doc_id, title=doc_text.title, entities=entities, mentions=mentions,
            trials=trials, source=doc_text.source, n_pages=doc_text.n_pages,
        )

    def process_path(self, path: str | Path, timings: dict | None = None) -> DocumentRecord:
        from extract.reader import load_document

        t0 = time.perf_counter()
        doc_text = load_document(path)
        if timings is not None:
            timings["read"] = timings.get("read", 0.0) + (time.perf_counter() - t0)
            timings["pages"] = timings.get("pages", 0) + doc_text.n_pages
        return self.process_text(doc_text, timings)
