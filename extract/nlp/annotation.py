"""What the entity layer hands on: plain values with offsets in `DocumentText.text`.

The spaCy Doc of a piece of a document is read once into an `Annotation`
(entity spans, sentence ranges, out-of-scope ranges, the paper's long forms
and drug ids) and then dropped, so a long document never holds more than one
piece's Doc, and the relation layer never sees a spaCy object.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EntitySpan:
    label: str  # NCT, REGISTRY, TRIAL, DRUG, ENDPOINT
    start: int  # offsets in DocumentText.text
    end: int
    text: str
    kb: str  # canonical name ("" when the recogniser gave none)
    malformed: bool = False
    sentence: tuple[int, int] = (0, 0)  # the sentence(s) the span stands in


@dataclass
class Annotation:
    spans: list[EntitySpan] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # sorted, non-overlapping
    out_of_scope: list[tuple[int, int]] = field(default_factory=list)  # sorted; of the whole document
    long_of: dict[str, str] = field(default_factory=dict)  # ENDPOINT name -> long form
    drug_ids: dict[str, str] = field(default_factory=dict)  # DRUG name -> identifier
    pieces: int = 0  # how many pieces the document was annotated in

    def extend(self, other: "Annotation") -> None:
        """Append the annotation of the next piece (offsets already in document terms)."""
        self.spans.extend(other.spans)
        self.sentences.extend(other.sentences)
        for k, v in other.long_of.items():
            self.long_of.setdefault(k, v)
        for k, v in other.drug_ids.items():
            self.drug_ids.setdefault(k, v)
        self.pieces += other.pieces

    def in_scope(self, char: int) -> bool:
        return not in_ranges(self.out_of_scope, char)

    def sentences_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """Sentence ranges overlapping [start, end), clipped to it."""
        k = max(0, bisect.bisect_right(self.sentences, (start, float("inf"))) - 1)
        out = []
        while k < len(self.sentences) and self.sentences[k][0] < end:
            a, b = self.sentences[k]
            if b > start:
                out.append((max(a, start), min(b, end)))
            k += 1
        return out


def in_ranges(ranges: list[tuple[int, int]], char: int) -> bool:
    """`char` falls inside one of the sorted, non-overlapping `ranges`."""
    k = bisect.bisect_right(ranges, (char, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= char < ranges[k][1]


def annotation_from_doc(doc, offset: int = 0) -> Annotation:
    """Read a Doc (one piece, starting at `offset` of the document text) into plain values."""
    from extract.nlp.blocks import out_of_scope_ranges, text_of
    from extract.nlp.endpoints import LONG_KEY
    from extract.nlp.sentences import sentence_bounds

    text = text_of(doc)
    sents: list[tuple[int, int]] = []
    if len(doc) and doc.has_annotation("SENT_START"):
        for s in doc.sents:  # without the blank lines between blocks that end a sentence
            a, b = s.start_char, s.end_char
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                sents.append((a + offset, b + offset))
    bounds = sentence_bounds(doc)
    spans = []
    for sp in doc.spans.get("entities", []):
        if bounds:
            s, _ = bounds[sp.start]
            _, e = bounds[max(sp.start, sp.end - 1)]
            a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        else:
            a, b = sp.start_char, sp.end_char
        spans.append(EntitySpan(label=sp.label_, start=sp.start_char + offset, end=sp.end_char + offset,
                                text=sp.text, kb=sp.kb_id_ or "", malformed=(sp.id_ == "malformed"),
                                sentence=(a + offset, b + offset)))
    return Annotation(
        spans=spans, sentences=sents,
        out_of_scope=[(a + offset, b + offset) for a, b in out_of_scope_ranges(doc)],
        long_of=dict(doc.user_data.get(LONG_KEY, {})),
        drug_ids=dict(doc.user_data.get("extract.drug_ids", {})), pieces=1,
    )
