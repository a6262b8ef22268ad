"""Tiny PDFs built with reportlab for the PDF-stage tests, one per layout trait.

Each builder writes a PDF into a folder and returns its path. Text is placed
with explicit coordinates so each test knows exactly what the page shows.
Words are made-up tokens where order matters (L01..., R01...), so a test can
check reading order without depending on any real article.
"""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

W, H = A4
BODY = ("Helvetica", 10)


def _canvas(path: Path, pagesize=A4) -> canvas.Canvas:
    c = canvas.Canvas(str(path), pagesize=pagesize)
    c.setTitle("fixture")
    return c


def column_lines(prefix: str, n: int, per_line: int = 6) -> list[str]:
    """n lines of unique tokens: 'L01a L01b ...' so order is checkable."""
    return [" ".join(f"{prefix}{i:02d}{chr(97 + k)}" for k in range(per_line)) for i in range(1, n + 1)]


def _column(c: canvas.Canvas, x: float, y: float, lines: list[str], leading: float = 13) -> float:
    c.setFont(*BODY)
    for line in lines:
        c.drawString(x, y, line)
        y -= leading
    return y


def two_columns(folder: Path) -> Path:
    """Title across the page, then two columns of 30 lines each."""
    path = folder / "two_columns.pdf"
    c = _canvas(path)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(50, H - 80, "Titleword spans the whole page width here")
    _column(c, 50, H - 130, column_lines("L", 30))
    _column(c, 310, H - 130, column_lines("R", 30))
    c.showPage()
    c.save()
    return path


def mixed_layout(folder: Path) -> Path:
    """Two columns, a full-width line across the middle, then two more columns."""
    path = folder / "mixed_layout.pdf"
    c = _canvas(path)
    _column(c, 50, H - 80, column_lines("A", 12))
    _column(c, 310, H - 80, column_lines("B", 12))
    c.setFont(*BODY)
    c.drawString(50, H - 260, "Wide01 wide02 wide03 wide04 wide05 wide06 wide07 wide08 wide09 wide10 wide11 wide12 wide13")
    _column(c, 50, H - 300, column_lines("C", 12))
    _column(c, 310, H - 300, column_lines("D", 12))
    c.showPage()
    c.save()
    return path


def header_footer(folder: Path, pages: int = 4) -> Path:
    """Running header, footer and page number on every page; body differs per page."""
    path = folder / "header_footer.pdf"
    c = _canvas(path)
    for p in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        c.drawString(50, H - 30, "Journal of Fixture Studies • Volume 9 • 2031")
        c.drawRightString(W - 50, H - 30, "Smith et al.")
        c.drawString(50, 30, "Fixture Press • open access under CC BY 4.0")
        c.drawRightString(W - 50, 30, str(100 + p))
        _column(c, 50, H - 100, [f"Page{p} body sentence number {k} talks about something." for k in range(1, 9)])
        c.showPage()
    c.save()
    return path


def hyphenation(folder: Path) -> Path:
    """Words broken at line ends, typesetter breaks and real hyphens."""
    path = folder / "hyphenation.pdf"
    c = _canvas(path)
    lines = [
        "The disease showed rapid progres-",
        "sion after therapy with the conju-",
        "gate T-",
        "DM1 in the anti-",
        "HER2 setting, and in PD-L1-",
        "positive tumours the inhibitor MK-",
        "2206 was tested. Disease progression",
        "was slower with the conjugate overall.",
    ]
    _column(c, 60, H - 100, lines, leading=14)
    c.showPage()
    c.save()
    return path


def superscripts(folder: Path) -> Path:
    """Citation markers and a '+' drawn as small raised text."""
    path = folder / "superscripts.pdf"
    c = _canvas(path)
    y = H - 100

    def run(x: float, text: str, sup: str = "", after: str = "") -> None:
        c.setFont(*BODY)
        c.drawString(x, y, text)
        x2 = x + c.stringWidth(text, *BODY)
        if sup:
            c.setFont("Helvetica", 6.5)
            c.drawString(x2 + 0.3, y + 4, sup)
            x2 += c.stringWidth(sup, "Helvetica", 6.5) + 0.3
        if after:
            c.setFont(*BODY)
            c.drawString(x2, y, after)

    run(60, "Median survival was 14.2 months", "15", " in the trial.")
    y -= 16
    run(60, "Tumours rich in CD8", "+", " cells responded.")
    y -= 16
    run(60, "Response rate was 45%", "3,4", " overall.")
    c.showPage()
    c.save()
    return path


def rotated_text(folder: Path) -> Path:
    """A portrait page whose text is printed sideways (reading bottom to top)."""
    path = folder / "rotated_text.pdf"
    c = _canvas(path)
    c.saveState()
    c.translate(W - 60, 60)
    c.rotate(90)
    _column(c, 0, 0, ["Sideways first line reads here", "Sideways second line follows", "Sideways third line ends"], 14)
    c.restoreState()
    c.showPage()
    c.save()
    return path


def landscape_page(folder: Path) -> Path:
    """A landscape page with two lines of upright text."""
    path = folder / "landscape.pdf"
    c = _canvas(path, pagesize=landscape(A4))
    _column(c, 60, landscape(A4)[1] - 80, ["Landscape alpha line one", "Landscape beta line two"])
    c.showPage()
    c.save()
    return path


def margin_watermark(folder: Path) -> Path:
    """Body text plus a vertical 'Downloaded from' stamp down the left margin."""
    path = folder / "watermark.pdf"
    c = _canvas(path)
    _column(c, 80, H - 100, [f"Body line {k} of the abstract text." for k in range(1, 10)])
    c.saveState()
    c.translate(20, 200)
    c.rotate(90)
    c.setFont("Helvetica", 7)
    c.drawString(0, 0, "Downloaded from example.org by 10.0.0.1 on 1 January 2030")
    c.restoreState()
    c.showPage()
    c.save()
    return path


def ruled_table(folder: Path) -> Path:
    """A paragraph and a small ruled table."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.lib.styles import getSampleStyleSheet

    path = folder / "ruled_table.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    styles = getSampleStyleSheet()
    data = [["Arm", "Patients", "Response"], ["Drugzumab", "120", "45%"], ["Placebo", "118", "12%"]]
    t = Table(data)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    doc.build([Paragraph("Results of the fixture trial are shown below.", styles["Normal"]), t])
    return path


def image_only(folder: Path) -> Path:
    """A 'scanned' page: one raster image, no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (200, 100), color=255)
    for x in range(20, 180):
        img.putpixel((x, 50), 0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    path = folder / "scanned.pdf"
    c = _canvas(path)
    c.drawImage(ImageReader(buf), 50, H - 300, width=400, height=200)
    c.showPage()
    c.save()
    return path


def plain_pdf(folder: Path, name: str = "plain.pdf", pages: int = 2) -> Path:
    """A simple valid multi-page PDF to damage in the bad-input tests."""
    path = folder / name
    c = _canvas(path)
    for p in range(pages):
        _column(c, 60, H - 100, [f"Plain page {p + 1} line {k} with some ordinary words." for k in range(1, 30)])
        c.showPage()
    c.save()
    return path


def accents(folder: Path) -> Path:
    """An accent drawn as its own glyph over a letter, as some typesetters do."""
    path = folder / "accents.pdf"
    c = _canvas(path)
    c.setFont(*BODY)
    y = H - 100
    c.drawString(60, y, "Centre Ho")
    x = 60 + c.stringWidth("Centre Ho", *BODY)
    w_o = c.stringWidth("o", *BODY)
    w_hat = c.stringWidth("^", *BODY)
    c.drawString(x - w_o / 2 - w_hat / 2, y + 1.5, "^")
    c.drawString(x, y, "pital de la ville.")
    c.drawString(60, y - 16, "Press ^ to continue.")
    c.showPage()
    c.save()
    return path


def alternating_heads(folder: Path, pages: int = 6) -> Path:
    """Running heads that differ between left (even) and right (odd) pages."""
    path = folder / "alternating.pdf"
    c = _canvas(path)
    for p in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        if p % 2:
            c.drawRightString(W - 50, H - 30, "Widget outcomes in adults")
        else:
            c.drawString(50, H - 30, "Doe and Roe")
        c.drawCentredString(W / 2, 30, f"{p}")
        _column(c, 50, H - 100, [f"Sheet{p} statement {k} about widgets." for k in range(1, 6)])
        c.showPage()
    c.save()
    return path


def columns_then_table(folder: Path) -> Path:
    """Two columns, then a short caption and a ruled table across the page width."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    path = folder / "columns_table.pdf"
    c = _canvas(path)
    _column(c, 50, H - 80, column_lines("L", 15))
    _column(c, 310, H - 80, column_lines("R", 15))
    c.setFont(*BODY)
    c.drawString(50, H - 300, "Table 1. Widget outcomes")
    data = [["Arm", "Patients", "Responders", "Median months"],
            ["Widgetmab", "120", "54", "14.2"], ["Placebo", "118", "14", "9.8"]]
    t = Table(data, colWidths=[125, 125, 125, 120])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    _, th = t.wrapOn(c, W, H)
    t.drawOn(c, 50, H - 310 - th)
    c.showPage()
    c.save()
    return path


def mostly_scanned(folder: Path) -> Path:
    """A text cover page followed by three image-only pages."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    path = folder / "mostly_scanned.pdf"
    c = _canvas(path)
    _column(c, 60, H - 100, ["Cover sheet downloaded for a reader."])
    c.showPage()
    for _ in range(3):
        buf = io.BytesIO()
        Image.new("L", (100, 100), color=200).save(buf, format="PNG")
        buf.seek(0)
        c.drawImage(ImageReader(buf), 50, 50, width=500, height=700)
        c.showPage()
    c.save()
    return path


def keyword_column_abstract(folder: Path) -> Path:
    """Front matter: affiliations, then a narrow keyword column beside a wide abstract.

    The strip crossed by fewest lines is right of the affiliations, not the
    gap between keywords and abstract; the reader must still find that gap.
    """
    path = folder / "keywords_abstract.pdf"
    c = _canvas(path)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(40, H - 60, "Titleword of a journal article")
    c.setFont(*BODY)
    y = H - 90
    for k in range(16):
        c.drawString(40, y - 12 * k, f"Affiliation{k:02d} Institute of Widget Research, Some City")
    y = H - 300
    for k, word in enumerate(["Keywords:", "Immunotherapies", "Gadgetologies", "Gizmometrics", "Sprocketology"]):
        c.drawString(40, y - 13 * k, word)
    _column(c, 150, y, column_lines("K", 10, per_line=9))
    c.showPage()
    c.save()
    return path


def masthead_and_title(folder: Path, metadata_title: str, name: str = "masthead.pdf") -> Path:
    """A large journal masthead above a slightly smaller article title."""
    path = folder / name
    c = _canvas(path)
    c.setTitle(metadata_title)
    c.setFont("Helvetica-Bold", 24)
    c.drawString(50, H - 70, "Widget Letters")
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, H - 120, "Gadget therapy improves widget outcomes in adults")
    _column(c, 50, H - 170, [f"Body line {k} about gadget therapy." for k in range(1, 8)])
    c.showPage()
    c.save()
    return path
