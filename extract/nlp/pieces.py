"""Where a long document is cut for annotation: between blocks, never mid-sentence.

A document longer than `max_chars` (a thesis, a supplement, a conference
book) is annotated in pieces of at most that many characters, so memory per
worker stays bounded and spaCy's `max_length` is never reached. A cut goes,
by preference, where the next article or chapter starts (in-scope text after
a reference list), else before a heading, else after any block that ends a
sentence, looking back at most half a piece from the size limit. Ordinary
papers are one piece, annotated exactly as before.
"""
from __future__ import annotations

import re

from extract.nlp.annotation import in_ranges
from extract.nlp.blocks import BlockInfo

PIECE_CHARS = 300_000  # ~50 dense pages; far below spaCy's max_length of 1,000,000
_ENDS_SENTENCE = re.compile(r"[.!?:][\])\"'\u201d]*\s*(?:\[[^\]]*\])?\s*$")


def _rank(text: str, blocks: list[BlockInfo], i: int, out_of_scope: list[tuple[int, int]]) -> int:
    """How good a cut before block `i` is: 3 next article, 2 heading, 1 sentence end, 0 never."""
    prev, cur = blocks[i - 1], blocks[i]
    if prev.kind == "body" and not _ENDS_SENTENCE.search(text[prev.start:prev.end]):
        return 0  # the previous block runs on into this one (a page or column break)
    if in_ranges(out_of_scope, prev.start) and not in_ranges(out_of_scope, cur.start):
        return 3
    return 2 if cur.kind == "heading" else 1


def piece_ranges(text: str, blocks: list[BlockInfo], out_of_scope: list[tuple[int, int]],
                 max_chars: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(first block, end block) index ranges, each spanning at most about `max_chars` characters.

    A single block longer than the limit stays whole (it has no cut inside), and a piece
    runs past the limit rather than cut a sentence broken across blocks.
    """
    if not blocks:
        return []
    if blocks[-1].end - blocks[0].start <= max_chars:
        return [(0, len(blocks))]
    out: list[tuple[int, int]] = []
    lo = 0
    while lo < len(blocks):
        limit = blocks[lo].start + max_chars
        hi = lo + 1
        while hi < len(blocks) and blocks[hi].end <= limit:
            hi += 1
        if hi >= len(blocks):
            out.append((lo, len(blocks)))
            break
        best, best_rank = hi, 0
        floor = blocks[lo].start + max_chars // 2
        for j in range(hi, lo, -1):
            if blocks[j].start < floor and best_rank > 0:
                break
            r = _rank(text, blocks, j, out_of_scope)
            if r > best_rank:
                best, best_rank = j, r
                if r == 3:
                    break
        if best_rank == 0:  # no sentence ends inside the limit: run on to the first block that ends one
            best = next((j for j in range(hi + 1, len(blocks)) if _rank(text, blocks, j, out_of_scope)), len(blocks))
        out.append((lo, best))
        lo = best
    return out
