"""The character backends: pdfium's chars, rules and pages agree with pdfplumber's (the
reference), the backend can be chosen, and a missing pdfium is handled clearly."""
from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from extract.pdf import read_pdf
from extract.pdf import backends
from extract.pdf.backends import BackendUnavailable, backend_name, open_pdf

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "pdf"
MOX = CORPUS / "rct_moxidectin_lancet2018.pdf"  # a Lancet RCT: ligatures, line-end hyphens, rules
GIRLS = CORPUS / "rct_girls_in_sport_ijbnpa2017.pdf"  # landscape tables printed sideways

pytestmark = pytest.mark.skipif(not MOX.exists(), reason="corpus PDFs not built")


def _pages(path: Path, name: str, numbers: list[int]) -> list[dict]:
    """{'chars', 'rects', 'lines', 'curves', 'width', 'height'} of some pages, plain data."""
    pdf = open_pdf(path, name)
    out = []
    try:
        for i in numbers:
            p = pdf.pages[i]
            out.append({"chars": list(p.chars), "rects": list(p.rects), "lines": list(p.lines),
                        "curves": list(p.curves), "width": float(p.width), "height": float(p.height)})
            p.close()
    finally:
        pdf.close()
    return out


def _match(ref: list[dict], got: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of the same glyph: same text, origin within half a point."""
    index: dict = {}
    for c in got:
        index.setdefault((c["text"], round(c["matrix"][5])), []).append(c)
    pairs = []
    for c in ref:
        for o in index.get((c["text"], round(c["matrix"][5])), []):
            if abs(o["matrix"][4] - c["matrix"][4]) < 0.5:
                pairs.append((c, o))
                index[(c["text"], round(c["matrix"][5]))].remove(o)
                break
    return pairs


@pytest.fixture(scope="module")
def mox():
    pages = [0, 1, 4]
    return _pages(MOX, "pdfplumber", pages), _pages(MOX, "pdfium", pages)


def _printed(chars: list[dict]) -> Counter:
    # pdfminer keeps a ligature glyph's own code point ("\ufb01"), pdfium spells it out
    return Counter(unicodedata.normalize("NFKC", c["text"]) for c in chars if not c["text"].isspace())


def test_pdfium_gives_the_same_printed_text_per_page(mox):
    for ref, got in zip(*mox):
        assert _printed(got["chars"]) == _printed(ref["chars"])


def test_both_backends_give_chars_with_the_shared_keys(mox):
    for pages in mox:
        for page in pages:
            assert all(set(backends.CHAR_KEYS) <= set(c) for c in page["chars"])


def test_pdfium_char_boxes_sizes_and_upright_match(mox):
    for ref, got in zip(*mox):
        assert (got["width"], got["height"]) == pytest.approx((ref["width"], ref["height"]))
        printed = [c for c in ref["chars"] if not c["text"].isspace()]
        pairs = _match(printed, got["chars"])
        assert len(pairs) >= 0.995 * len(printed)
        for key in ("x0", "x1", "top", "bottom", "size"):
            off = [abs(o[key] - c[key]) for c, o in pairs]
            # pdfium places a few runs a tenth of a point off (its own kerning sums)
            assert sum(d <= 0.05 for d in off) >= 0.97 * len(pairs), key
            assert max(off) <= 1.5, key
        assert all(o["upright"] == bool(c["upright"]) for c, o in pairs)


def test_pdfium_rules_match_pdfplumber_rects_lines_curves(mox):
    for ref, got in zip(*mox):
        for kind in ("rects", "lines", "curves"):
            def key(o):
                return (round(o["x0"]), round(o["top"]), round(o["x1"]), round(o["bottom"]),
                        bool(o.get("stroke")), bool(o.get("fill")))
            assert Counter(map(key, got[kind])) == Counter(map(key, ref[kind])), kind


def test_pdfium_reads_sideways_text_as_not_upright():
    ref, got = _pages(GIRLS, "pdfplumber", [6])[0], _pages(GIRLS, "pdfium", [6])[0]
    sideways = [c for c in ref["chars"] if not c["upright"]]
    assert len(sideways) > 100
    pairs = _match(sideways, got["chars"])
    assert len(pairs) >= 0.99 * len(sideways)
    for c, o in pairs:
        assert not o["upright"] and o["matrix"][1] * c["matrix"][1] > 0  # same direction
    for key in ("x0", "x1", "top", "bottom", "size"):
        assert sum(abs(o[key] - c[key]) <= 0.05 for c, o in pairs) >= 0.99 * len(pairs), key


def test_both_backends_read_a_corpus_pdf_to_the_same_text():
    a = read_pdf(MOX, backend="pdfplumber")
    b = read_pdf(MOX, backend="pdfium")
    assert [(x.kind, x.page, x.text) for x in a.blocks] == [(x.kind, x.page, x.text) for x in b.blocks]
    assert a.title == b.title and a.n_pages == b.n_pages


def test_backend_is_chosen_by_name_then_environment_then_default(monkeypatch):
    monkeypatch.delenv(backends.ENV, raising=False)
    assert backend_name() == backends.DEFAULT
    monkeypatch.setenv(backends.ENV, "pdfplumber")
    assert backend_name() == "pdfplumber"
    assert backend_name("pdfium") == "pdfium"
    with pytest.raises(ValueError, match="unknown PDF backend"):
        backend_name("pdfminer")


def test_cli_backend_option_reaches_the_reader(monkeypatch, capsys):
    from extract.cli import main

    monkeypatch.delenv(backends.ENV, raising=False)
    seen = []
    import extract.pdf.stage as stage

    real = stage.read_pdf

    def spy(path, window=stage.PAGE_WINDOW, backend=None):
        seen.append(backend_name(backend))
        return real(path, window, backend)

    monkeypatch.setattr(stage, "read_pdf", spy)
    for name in ("pdfplumber", "pdfium"):
        assert main(["text", str(MOX), "--backend", name]) == 0
    assert seen == ["pdfplumber", "pdfium"]
    assert "Onchocerca" in capsys.readouterr().out


def test_missing_pdfium_falls_back_to_pdfplumber_unless_asked_for(monkeypatch):
    monkeypatch.setitem(sys.modules, "extract.pdf.backends.pdfium_pages", None)  # import fails
    monkeypatch.delenv(backends.ENV, raising=False)
    monkeypatch.setattr(backends, "DEFAULT", "pdfium")
    pdf = open_pdf(MOX)  # only the default: falls back
    try:
        assert pdf.name == "pdfplumber"
    finally:
        pdf.close()
    with pytest.raises(BackendUnavailable, match="pdfium backend is unavailable"):
        open_pdf(MOX, "pdfium")


def test_rotated_page_is_read_by_pdfplumber_and_counted(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    rotated = tmp_path / "rotated.pdf"
    with pikepdf.open(MOX) as pdf:
        pdf.pages[1].Rotate = 90
        pdf.save(rotated)
    before = backends.STATS["pdfium pages read by pdfplumber"]
    b = read_pdf(rotated, backend="pdfium")
    assert backends.STATS["pdfium pages read by pdfplumber"] == before + 1
    a = read_pdf(rotated, backend="pdfplumber")
    assert [x.text for x in a.blocks if x.page == 2] == [x.text for x in b.blocks if x.page == 2]


def test_ingest_cache_is_kept_apart_per_backend(tmp_path, monkeypatch):
    from extract.ingest import ingest

    from test_ingest_helpers import fake_document

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Examplumab was given.", encoding="utf-8")
    monkeypatch.setenv("EXTRACT_CACHE_CODE", "pinned-for-tests")
    runs = []
    for name in ("pdfium", "pdfium", "pdfplumber"):
        monkeypatch.setenv(backends.ENV, name)
        s = ingest([src], tmp_path / "out", fn=fake_document, jobs=1, quiet=True)
        runs.append(len(s.cached))
    assert runs == [0, 1, 0]  # the same backend reuses the cache, the other recomputes


def test_pdfium_reads_safely_from_threads():
    from concurrent.futures import ThreadPoolExecutor

    files = [MOX, GIRLS]
    alone = [[b.text for b in read_pdf(f, backend="pdfium").blocks] for f in files]
    with ThreadPoolExecutor(2) as ex:  # pdfium is not thread-safe: the backend serialises documents
        together = list(ex.map(lambda f: [b.text for b in read_pdf(f, backend="pdfium").blocks], files))
    assert together == alone
