"""Documents of any length: pieces cut between blocks, offsets mapped back, the same
records as a short document; long PDFs assembled in page windows; plain text
without blank lines; spaCy's max_length never reached."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.document import DocumentText
from extract.nlp import annotate, collect_entities
from extract.nlp.blocks import BlockInfo, scope_ranges
from extract.nlp.pieces import piece_ranges
from extract.plaintext import split_long

from nlp_fixtures import document, nlp_pipeline

ROOT = Path(__file__).resolve().parents[1]
CORPUS_PDF = ROOT / "corpus" / "pdf" / "000_9be4795360e6a4b5.pdf"


def _infos(dt: DocumentText) -> list[BlockInfo]:
    return [BlockInfo(*dt.block_span(i), b.kind) for i, b in dt.iter_blocks()]


def _article(k: int) -> list[tuple[str, str, int]]:
    """One short article of a collection: its own trial, drug, endpoint and references."""
    return [
        ("heading", "Abstract", k),
        ("body", f"In the phase III KESTREL-{k} trial (NCT0{k:07d}), 4{k} patients received trastuzumab "
                 f"deruxtecan (T-DXd). The objective response rate (ORR) was 3{k}.5%.", k),
        ("heading", "Results", k),
        ("body", f"With T-DXd the ORR was 3{k}.5% and the median progression-free survival (PFS) was {k}.2 months "
                 "in the KESTREL trial cohort.", k),
        ("heading", "References", k),
        ("body", f"{k}. Brown AB, Green C, et al. Everolimus in the ORCHID trial. J Clin Oncol 2019; 37:100-110.", k),
    ]


def _collection(n: int) -> DocumentText:
    return document(*[b for k in range(1, n + 1) for b in _article(k)])


# ---- where pieces are cut ---------------------------------------------------------------
def test_a_short_document_is_one_piece():
    dt = _collection(2)
    infos = _infos(dt)
    assert piece_ranges(dt.text, infos, scope_ranges(dt.text, infos)) == [(0, len(infos))]


def test_pieces_cover_every_block_once_and_prefer_the_next_article():
    dt = _collection(6)
    infos = _infos(dt)
    one = infos[5].end - infos[0].start  # one article
    ranges = piece_ranges(dt.text, infos, scope_ranges(dt.text, infos), max_chars=int(one * 2.5))
    assert len(ranges) > 1
    assert [lo for lo, _ in ranges][1:] == [hi for _, hi in ranges][:-1]  # contiguous
    assert ranges[0][0] == 0 and ranges[-1][1] == len(infos)
    for lo, hi in ranges[1:]:
        assert dt.blocks[lo].text == "Abstract"  # cut where the next article starts, not mid-article


def test_no_cut_inside_a_sentence_broken_across_blocks():
    dt = document(("body", "First sentence ends here. The second one runs on over a page", 1),
                  ("body", "break and ends here.", 2), ("body", "Third block.", 2))
    infos = _infos(dt)
    ranges = piece_ranges(dt.text, infos, [], max_chars=infos[1].end - 5)
    assert (0, 1) not in ranges  # never between the two halves of the sentence
    assert ranges[0] == (0, 2)


def test_a_block_longer_than_a_piece_stays_whole():
    dt = document(("body", "word " * 200 + ".", 1), ("body", "Next.", 1))
    infos = _infos(dt)
    assert piece_ranges(dt.text, infos, [], max_chars=100) == [(0, 1), (1, 2)]


# ---- annotation in pieces = annotation of the whole ---------------------------------------
def _facts(ann, dt):
    mentions, ents = collect_entities(ann, dt)
    return ({(m.label, m.start, m.end, m.normalized, m.sentence, m.page) for m in mentions},
            {label: sorted(e.name for e in es) for label, es in ents.items()})


def test_entities_of_pieces_have_document_offsets_and_equal_the_whole():
    dt = _collection(6)
    whole = annotate(nlp_pipeline(), dt)
    cut = annotate(nlp_pipeline(), dt, max_chars=len(dt.text) // 3)
    assert whole.pieces == 1 and cut.pieces >= 3
    for s in cut.spans:
        assert dt.text[s.start:s.end] == s.text
    assert _facts(cut, dt) == _facts(whole, dt)
    assert cut.sentences == whole.sentences
    assert cut.out_of_scope == whole.out_of_scope


def test_trials_of_pieces_equal_the_whole():
    from extract.relations import extract_trials

    dt = _collection(6)
    whole = extract_trials(annotate(nlp_pipeline(), dt), dt)
    cut = extract_trials(annotate(nlp_pipeline(), dt, max_chars=len(dt.text) // 3), dt)
    assert [t.to_json() for t in cut] == [t.to_json() for t in whole]
    assert {t.key for t in whole} >= {f"KESTREL-{k}" for k in range(1, 7)}


def test_a_reference_list_ends_where_the_next_article_starts():
    dt = _collection(3)
    ann = annotate(nlp_pipeline(), dt)
    _m, ents = collect_entities(ann, dt)
    trials = {e.name for e in ents["TRIAL"]}
    assert {"KESTREL-1", "KESTREL-2", "KESTREL-3"} <= trials  # articles 2 and 3 follow a reference list
    assert "ORCHID" not in trials and "everolimus" not in {e.name for e in ents["DRUG"]}


def test_text_longer_than_spacys_max_length_is_annotated():
    nlp = nlp_pipeline()
    dt = _collection(8)
    old = nlp.max_length
    nlp.max_length = len(dt.text) // 4
    try:
        ann = annotate(nlp, dt)  # spaCy alone: E088 "Text of length ... exceeds maximum"
    finally:
        nlp.max_length = old
    assert ann.pieces >= 4
    assert _facts(ann, dt) == _facts(annotate(nlp, dt), dt)


def test_plain_text_without_blank_lines_is_cut_after_sentences():
    text = "The ORR was 35%. " * 3000
    parts = split_long(text, 1000)
    assert all(len(p) <= 1000 for p in parts)
    assert all(p.endswith("35%.") for p in parts)
    assert " ".join(parts) == text.strip()


def test_a_long_text_file_reads_as_many_blocks(tmp_path):
    from extract.reader import load_document

    path = tmp_path / "long.txt"
    path.write_text("In KESTREL, the ORR was 35%. " * 4000, encoding="utf-8")  # ~116,000 characters, one line
    dt = load_document(path)
    assert len(dt.blocks) >= 5 and max(len(b.text) for b in dt.blocks) <= 20_000


# ---- a long PDF: page windows + pieces give the records of one copy ------------------------
@pytest.fixture(scope="module")
def repeated_pdf(tmp_path_factory):
    import pikepdf

    out = tmp_path_factory.mktemp("long") / "three_copies.pdf"
    with pikepdf.open(CORPUS_PDF) as src, pikepdf.new() as dst:
        for _ in range(3):
            dst.pages.extend(src.pages)
        dst.save(out)
    return out


def _outcome_facts(record):
    return ({t.key for t in record.trials},
            {(t.key, o.endpoint, o.statistic, o.value) for t in record.trials for o in t.outcomes})


def test_repeated_pdf_in_windows_and_pieces_gives_the_records_of_one_copy(repeated_pdf):
    from extract.pdf.stage import read_pdf
    from extract.pipeline import Pipeline

    one = read_pdf(CORPUS_PDF)
    three = read_pdf(repeated_pdf, window=10)  # three windows of one copy each
    assert three.n_pages == 3 * one.n_pages
    assert [b.page for b in three.blocks if b.kind == "furniture"]  # running heads still found per window
    pipe = Pipeline(nlp=nlp_pipeline(), piece_chars=len(one.text) + 100)
    rec_one = pipe.process_text(one)
    rec_three = pipe.process_text(three)
    assert _outcome_facts(rec_three) == _outcome_facts(rec_one)
    assert rec_one.trials and any(t.outcomes for t in rec_one.trials)
    pages = {p for t in rec_three.trials for p in t.pages}
    assert max(pages) > 2 * one.n_pages  # evidence of the third copy is on its own pages


def test_window_ends_keep_the_text_of_every_page(repeated_pdf):
    from extract.pdf.stage import read_pdf

    whole = read_pdf(repeated_pdf)
    windows = read_pdf(repeated_pdf, window=7)  # windows that cut a copy
    assert {b.page for b in windows.blocks} == {b.page for b in whole.blocks}
    ratio = len(windows.text) / len(whole.text)
    assert 0.98 < ratio < 1.02
