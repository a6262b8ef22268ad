"""`extract review`: static pages with every value boxed on its page, checked in a real browser."""
import json
import shutil
from pathlib import Path

import pytest

from extract.cli import main

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "corpus" / "pdf" / "002_8ea926c7ac5e80ba.pdf"
GOLD = ROOT / "annotations"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """An ingest folder of one corpus PDF, one text file and one bad file, reviewed against gold."""
    base = tmp_path_factory.mktemp("review")
    inp, out = base / "in", base / "out"
    inp.mkdir()
    shutil.copy(PDF, inp / PDF.name)
    (inp / "note.txt").write_text("The phase III HERON trial randomized 812 patients. Median PFS was 8.1 months.\n")
    (inp / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    assert main(["ingest", str(inp), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    assert main(["review", str(out), "--gold", str(GOLD), "--quiet"]) == 0
    return out


def test_review_writes_an_index_and_a_page_per_document(reviewed):
    index = (reviewed / "review" / "index.html").read_text()
    assert "002_8ea926c7ac5e80ba.html" in index and "note.html" in index
    assert "broken" in index and "Errors (1)" in index  # the unreadable file is listed, not lost
    page = (reviewed / "review" / "note.html").read_text()
    assert "text input: no pages to show" in page
    assert "<script src" not in page and "<link" not in page  # self-contained, nothing fetched


def test_every_boxed_value_is_drawn_once_on_its_rendered_page(reviewed):
    record = json.loads((reviewed / f"{PDF.stem}.json").read_text())
    html = (reviewed / "review" / f"{PDF.stem}.html").read_text()
    outs = [o for t in record["trials"] for o in t["outcomes"]]
    assert outs and html.count('class="box ') == sum(1 for o in outs if o["bbox"])
    pages = {o["page"] for o in outs if o["bbox"]}
    for p in pages:
        assert (reviewed / "review" / "pages" / f"{PDF.stem}-p{p}.jpg").stat().st_size > 10_000


def test_rendered_pages_are_reused(reviewed):
    img = next((reviewed / "review" / "pages").glob("*.jpg"))
    before = img.stat().st_mtime_ns
    assert main(["review", str(reviewed), "--gold", str(GOLD), "--quiet"]) == 0
    assert img.stat().st_mtime_ns == before


def test_gold_marks_each_value_and_lists_the_missed(reviewed):
    from extract.evaluate.annotations import parse_document, read_json
    from extract.evaluate.scoring import score_document

    record = json.loads((reviewed / f"{PDF.stem}.json").read_text())
    score = score_document(parse_document(read_json(GOLD / f"{PDF.stem}.json"), "gold"),
                           parse_document(record, "pred", gold=False)).counts["outcomes"]
    html = (reviewed / "review" / f"{PDF.stem}.html").read_text()
    assert html.count('class="v correct"') == score.tp
    assert html.count('class="v spurious"') + html.count('class="v wrong"') == score.fp
    assert f"Missed gold values ({score.fn})" in html or (score.fn == 0 and "Missed gold values" in html)


def test_review_of_a_folder_without_records_says_so(tmp_path, capsys):
    assert main(["review", str(tmp_path)]) == 1
    assert "no <doc>.json records" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "nope")]) == 2


def _browser():
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    return playwright, chromium


def test_clicking_a_row_highlights_the_box_of_that_value_in_chromium(reviewed, tmp_path):
    playwright, chromium = _browser()
    record = json.loads((reviewed / f"{PDF.stem}.json").read_text())
    outs = [o for t in record["trials"] for o in t["outcomes"]]
    pick = next(i for i, o in enumerate(outs, 1) if o["bbox"] and i > 1)  # not the first row
    page_file = reviewed / "review" / f"{PDF.stem}.html"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.goto(page_file.as_uri())
            tab.click(f"#o{pick}")
            hl = tab.locator(".box.hl")
            assert hl.count() == 1 and hl.get_attribute("id") == f"b{pick}"
            assert tab.locator("tr.outcome.hl").get_attribute("id") == f"o{pick}"
            assert tab.locator(f"#e{pick}").is_visible()  # the evidence under the row
            # the highlighted box is the value's own: its bbox, on its page, where the bbox puts it
            o = outs[pick - 1]
            assert [float(v) for v in hl.get_attribute("data-bbox").split()] == pytest.approx(o["bbox"])
            page_el = tab.locator(f"#p{o['page']}")
            pb, bb = page_el.bounding_box(), hl.bounding_box()
            width = float(page_el.get_attribute("data-width"))
            scale = pb["width"] / width
            assert bb["x"] - pb["x"] == pytest.approx((o["bbox"][0] - 1) * scale, abs=2)
            assert bb["y"] - pb["y"] == pytest.approx((o["bbox"][1] - 1) * scale, abs=2)
            vp = tab.viewport_size
            assert 0 <= bb["y"] <= vp["height"]  # scrolled into view
            tab.screenshot(path=str(tmp_path / "review.png"))
            assert (tmp_path / "review.png").stat().st_size > 20_000
        finally:
            browser.close()
