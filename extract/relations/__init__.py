"""Relations: entity spans + numbers -> one `Trial` record per trial of a document.

`extract_trials(annotation, doc_text)` reads the plain `Annotation` of
`extract.nlp.annotate` (entity spans, sentences, scope) and the
`DocumentText` it was built from, and
returns plain dataclasses. Body text goes through the sentence rules with the
trial-context rule (`merge.BodyReader`); trial tables are read row by row
(`tables.read_table`); then mentions of one trial are merged.

Scope follows the annotation schema: blocks the NLP stage puts out of scope
(`extract.nlp.blocks.in_scope`: the reference list, back matter, citation
entries) are skipped, so one place decides scope for entities and trials.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extract.document import DocumentText
from extract.records import Trial
from extract.relations.drafts import Draft
from extract.relations.mentions import Sentence, in_range, mentions_from, sentence_around, sentence_ranges
from extract.relations.context import BodyReader, paragraph_continues
from extract.relations.merge import (
    attach_results, drop_cited_in_passing, drop_name_conflicts, merge_drafts, own_registry_ids, report_like, resolve_own_study, to_trials,
)
from extract.relations.timepoints import declared_times
from extract.relations.tables import Columns, legend_abbreviations, looks_like_legend, read_table

__all__ = ["extract_trials"]

def _looks_like_tail(text: str) -> bool:
    """A "heading" that is really the rest of a cut sentence: ends a sentence, starts lowercase, or is long."""
    t = text.strip()
    return (not paragraph_continues(t)) or bool(re.match(r"^[a-z(\[]", t)) or len(t.split()) > 14


_FLOAT_LABEL = re.compile(r"^\W*(?:table|fig(?:ure)?|supplementary)\s*\.?\s*[\dIVX]+", re.IGNORECASE)


def extract_trials(ann, doc_text: DocumentText) -> list[Trial]:
    """All trial records of one document, merged, in order of first appearance."""
    text = doc_text.text
    mentions = mentions_from(ann)
    reader = BodyReader(declared_times(text, [(m.start, m.end, m.name) for m in mentions if m.label == "ENDPOINT"]))
    captions = BodyReader()
    table_drafts: list[Draft] = []
    prev_body = ""
    held: tuple[Sentence, int] | None = None  # last sentence of a body block that ends mid-sentence
    cols: Columns | None = None
    included = list(doc_text.iter_blocks())

    def release() -> None:
        nonlocal held
        if held is not None:
            reader.sentence(*held)
            held = None

    for pos, (bi, block) in enumerate(included):
        start, end = doc_text.block_span(bi)
        body = text[start:end]
        if not ann.in_scope(start):
            # references, back matter, citation entries: a break in the running text
            release()
            reader.new_paragraph()
            prev_body = ""
            continue
        if block.kind in ("heading", "body", "caption") and _FLOAT_LABEL.match(body) and len(body) < 300:
            kind = "caption"
        elif held is not None and block.kind == "heading" and _looks_like_tail(body):
            kind = "body"  # the tail of a sentence cut by a page or column break, mislabelled as a heading
        elif block.kind == "heading":
            release()
            reader.new_paragraph()
            prev_body = ""
            # a heading can name a study ("... of the phase 2 randomized X trial"): read it on its own
            ms = in_range(mentions, start, end)
            reader.sentence(Sentence(start=start, end=end, text=body, block=bi, mentions=ms), block.page)
            reader.new_paragraph()
            continue
        else:
            kind = block.kind
        if kind == "table":
            abbrs = _legend_after(doc_text, included, pos, mentions)
            drafts, cols = read_table(doc_text, bi, mentions, abbrs, cols, _caption_near(doc_text, included, pos))
            table_drafts.extend(drafts)
            continue
        if kind not in ("body", "caption") or looks_like_legend(body):
            continue
        ms = in_range(mentions, start, end)
        sents = [Sentence(start=a, end=b, text=text[a:b], block=bi, mentions=in_range(ms, a, b))
                 for a, b in sentence_ranges(ann, text, start, end)]
        if kind == "caption":
            captions.new_paragraph()
            for s in sents:
                captions.sentence(s, block.page)
            captions.new_paragraph()
            continue
        continues = bool(prev_body) and paragraph_continues(prev_body)
        if held is not None and continues and sents:
            sents[0] = join_sentences(held[0], sents[0])
            sents[0].block = held[0].block
            page = held[1]
            held = None
            reader.sentence(sents.pop(0), page)
        else:
            release()
            if not continues:
                reader.new_paragraph()
        for i, s in enumerate(sents):
            if i == len(sents) - 1 and paragraph_continues(body):
                held = (s, block.page)
            else:
                reader.sentence(s, block.page)
        prev_body = body
    release()
    reader.finish()
    captions.finish()
    results = [d for d in table_drafts if d.source == "results"]
    drafts = reader.drafts + captions.drafts + [d for d in table_drafts if d.source != "results"]
    drop_name_conflicts(drafts)
    title = doc_text.title or next((b.text[:400] for _, b in included if b.kind in ("heading", "body")), "")
    # section names, also as run-in heads of body blocks ("Methods In this phase 2 ...")
    headings = [text[slice(*doc_text.block_span(bi))][:40] for bi, b in included if b.kind in ("heading", "body")]
    t0 = text.find(title[:200]) if title else -1
    title_drugs = list(dict.fromkeys(m.name for m in mentions if m.label == "DRUG" and t0 >= 0
                                     and t0 <= m.start < t0 + len(title)))
    methods = methods_span(doc_text, included) if report_like(title, headings) else None
    for x in methods_drugs(text, mentions, methods):
        if x not in reader.own.drugs:
            reader.own.drugs.append(x)
    groups = resolve_own_study(merge_drafts(drafts), reader, own_registry_ids(text, mentions, methods),
                               title, headings,
                               title_drugs)
    groups = attach_results(groups, results, title)
    if methods is not None:
        groups = drop_cited_in_passing(groups)
    return to_trials(groups)


_METHODS_HEAD = re.compile(r"^\W*(?:\d+\.?\s*)?(?:patients?\s+and\s+|materials?\s+and\s+)?methods?\b", re.IGNORECASE)
_AFTER_METHODS = re.compile(r"^\W*(?:\d+\.?\s*)?(?:results?|discussion|conclusions?)\b", re.IGNORECASE)


def methods_span(doc_text: DocumentText, included) -> tuple[int, int] | None:
    """Character span of the Methods section: its heading up to the Results/Discussion heading."""
    start = None
    for bi, block in included:
        if block.kind != "heading":
            continue
        a, b = doc_text.block_span(bi)
        head = doc_text.text[a:b]
        if start is None and _METHODS_HEAD.match(head) and len(head) < 60:
            start = a
        elif start is not None and _AFTER_METHODS.match(head) and len(head) < 60:
            return start, a
    return None


_ARM_CUE = re.compile(r"\b(?:treated|received|receiving|compared|randomi[sz]ed|randomly|assigned|allocated|"
                      r"arms?|groups?|regimens?|single[\s-]agent|monotherapy|combination|administered|given)\b", re.I)
_NOT_ARM = re.compile(r"\b(?:prior|previous(?:ly)?|history|excluded|exclusion|eligib\w*|premedicat\w*|rescue|"
                      r"concomitant|allowed|permitted|contraindicat\w*|refractory|resistant|naive)\b", re.I)


def methods_drugs(text: str, mentions, methods: tuple[int, int] | None) -> list[str]:
    """Drugs of a single-study report's arms as its Methods give them: DRUG mentions in Methods
    sentences about treatment groups ("patients were compared according to their first-line
    treatment: chemotherapy or immunotherapy (A, B or C)"), not prior or excluded treatments."""
    if methods is None:
        return []
    a, b = methods
    out: list[str] = []
    for m in mentions:
        if m.label != "DRUG" or not a <= m.start < b:
            continue
        sent = text[slice(*sentence_around(text, m.start, m.end, a, b))]
        if _ARM_CUE.search(sent) and not _NOT_ARM.search(sent) and m.name not in out:
            out.append(m.name)
    return out


def join_sentences(a: Sentence, b: Sentence) -> Sentence:
    """One sentence broken by a page, column or float: text joined by a space, mentions re-based."""
    shift = len(a.text) + 1
    moved = [replace(m, start=a.start + shift + (m.start - b.start), end=a.start + shift + (m.end - b.start))
             for m in b.mentions]
    seams = a.seams + ((shift, b.start),) + tuple((shift + at, doc) for at, doc in b.seams)
    return Sentence(start=a.start, end=a.start + shift + len(b.text), text=a.text + " " + b.text,
                    block=a.block, mentions=a.mentions + moved, seams=seams)


def _caption_near(doc_text: DocumentText, included, pos: int) -> str:
    """The "Table N ..." caption printed just above or below a table block."""
    for bj, blk in included[pos + 1:pos + 4] + included[max(0, pos - 3):pos][::-1]:
        if blk.kind == "table":
            continue
        a, b = doc_text.block_span(bj)
        body = doc_text.text[a:b]
        if re.match(r"^\W*table\s*[\dIVX]+", body, re.IGNORECASE):
            return body[:600]
    return ""


def _legend_after(doc_text: DocumentText, included, pos: int, mentions) -> dict:
    """Abbreviations defined in the legend block(s) right after a table (or its continuation)."""
    for bj, blk in included[pos + 1:pos + 8]:
        if blk.kind in ("table", "caption", "heading", "furniture"):
            continue
        a, b = doc_text.block_span(bj)
        body = doc_text.text[a:b]
        if looks_like_legend(body):
            return legend_abbreviations(body, in_range(mentions, a, b), a)
        if len(body) > 200:
            break
    return {}
