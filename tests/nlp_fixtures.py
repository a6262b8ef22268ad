"""Shared helpers for the entity-layer tests: one pipeline per test session."""
from __future__ import annotations

from functools import lru_cache

from extract.document import Block, DocumentText, Table


@lru_cache(maxsize=1)
def nlp_pipeline():
    from extract.nlp import build_nlp

    return build_nlp()


def entities(text: str, label: str | None = None) -> list[tuple[str, str, str]]:
    """(label, text, canonical) of every entity span found in `text`."""
    doc = nlp_pipeline()(text)
    return [(s.label_, s.text, s.kb_id_) for s in doc.spans["entities"] if label is None or s.label_ == label]


def canon(text: str, label: str) -> set[str]:
    return {c for _l, _t, c in entities(text, label)}


def document(*blocks: tuple[str, str, int] | Block, doc_id: str = "t") -> DocumentText:
    """DocumentText from (kind, text, page) triples or ready Blocks."""
    out = []
    for b in blocks:
        if isinstance(b, Block):
            out.append(b)
        else:
            kind, text, page = b
            out.append(Block(kind=kind, text=text, page=page))
    return DocumentText(doc_id=doc_id, blocks=out)


def table_block(rows: list[list[str]], page: int = 1) -> Block:
    table = Table(rows=tuple(tuple(r) for r in rows), header_rows=1, pages=(page,))
    return Block(kind="table", text=table.render(), page=page, table=table)
