"""Small PDFs with tables, typeset with reportlab for the table-finding tests.

The contents are invented for the tests (not taken from the corpus).
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import (BaseDocTemplate, Frame, PageTemplate, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=9.5)
HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=8, leading=9.5)
BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=9.5, leading=11.5)

HEADER = ["Study", "Drug", "Patients", "Outcome"]
ROWS = [
    ["ALPHA-1", "Fooximab", "120<super>b</super>", "ORR 45%"],
    ["", "Barinib plus fooximab given every three weeks until progression", "88", "PFS 7.1 months"],
    ["GAMMA-3", "Bazotinib", "310", "OS 20.4 months"],
    ["", "Quxolimab", "42", "DLT"],
    ["DELTA-4", "Zetamab", "65", "ORR 30%; PFS 5.0 months"],
]


def plain(rows: list[list[str]]) -> list[list[str]]:
    """The cell text a reader should give: a superscript marker becomes its own token."""
    return [[c.replace("<super>", " ").replace("</super>", "") for c in r] for r in rows]


def _cells(rows: list[list[str]], bold_first: bool = True) -> list[list[Paragraph]]:
    out = []
    for i, r in enumerate(rows):
        style = HEAD if (i == 0 and bold_first) else CELL
        out.append([Paragraph(c, style) for c in r])
    return out


def _intro() -> list:
    return [Paragraph("Table 1. Trials of invented agents in an invented disease.", BODY), Spacer(1, 6)]


def _after() -> list:
    return [Spacer(1, 10), Paragraph("Abbreviations: ORR, objective response rate; PFS, progression-free "
                                     "survival; OS, overall survival; DLT, dose-limiting toxicity.", BODY)]


def build_ruled(path: Path, rows: list[list[str]] | None = None) -> Path:
    data = [HEADER] + (rows or ROWS)
    t = Table(_cells(data), colWidths=[80, 200, 70, 130], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=A4).build(_intro() + [t] + _after())
    return path


def long_rows(n: int = 70) -> list[list[str]]:
    return [[f"NCT0{4000000 + i * 37}", f"Agent {i} with partner drug number {i % 7}", str(20 + i * 3),
             "PFS" if i % 3 else "ORR; OS"] for i in range(n)]


def build_long(path: Path, n: int = 70) -> Path:
    """A ruled table long enough to continue on a second page, header repeated."""
    return build_ruled(path, long_rows(n))


def build_rules_only(path: Path) -> Path:
    data = [HEADER] + ROWS
    t = Table(_cells(data), colWidths=[80, 200, 70, 130])
    t.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
                           ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                           ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=A4).build(_intro() + [t] + _after())
    return path


WORDY_HEADER = ["Study", "Design", "Treatment", "Result"]
WORDY_ROWS = [  # mostly words, a number here and there; the last row mostly numbers
    ["Alpha study", "Open label randomised", "Fooximab versus barinib in older adults", "Response in 41 of them"],
    ["Beta study", "Single arm cohort", "Fooximab alone after prior surgery", "No difference seen overall"],
    ["Gamma study", "Randomised", "Barinib (n = 55)", "7.1 vs 5.4 vs 3.3"],
]


def build_rules_between_rows(path: Path) -> Path:
    """Rules under the header and under every row, the first body rows mostly words."""
    t = Table(_cells([WORDY_HEADER] + WORDY_ROWS), colWidths=[80, 110, 170, 120])
    t.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=A4).build(_intro() + [t] + _after())
    return path


UNRULED_HEADER = ["Arm", "Patients", "ORR (%)", "Median PFS", "Hazard ratio"]
UNRULED_ROWS = [
    ["Fooximab", "120", "45.0", "7.1", "0.61"],
    ["Barinib", "118", "31.2", "5.4", "1.00"],
    ["Fooximab + barinib with low-dose steroid cover", "121", "52.3", "9.8", "0.48"],
    ["Placebo", "60", "4.1", "2.2", "NA"],
]


def build_unruled(path: Path) -> Path:
    """Whitespace-aligned columns only: no rule lines at all."""
    data = [UNRULED_HEADER] + UNRULED_ROWS
    t = Table(_cells(data), colWidths=[120, 70, 70, 80, 80])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=A4).build(_intro() + [t] + _after())
    return path


PROSE = ("The investigators enrolled adults with measurable disease who had received at least one prior "
         "line of therapy, and the primary analysis compared response between the two arms after a median "
         "follow-up of nineteen months. Toxicity was generally mild, with fatigue and nausea the most common "
         "events, and few patients stopped treatment because of adverse events. ")


def build_two_column_prose(path: Path) -> Path:
    doc = BaseDocTemplate(str(path), pagesize=A4)
    w, h = A4
    gutter = 18
    colw = (w - 2 * 56 - gutter) / 2
    frames = [Frame(56, 56, colw, h - 112, id="left"), Frame(56 + colw + gutter, 56, colw, h - 112, id="right")]
    doc.addPageTemplates([PageTemplate(id="two", frames=frames)])
    story = []
    for i in range(14):
        story.append(Paragraph(PROSE * (1 + i % 2), BODY))
        story.append(Spacer(1, 4))
    doc.build(story)
    return path


def build_rotated(path: Path, via_page_rotate: bool = False) -> Path:
    """A landscape table on a portrait page: drawn sideways, or on a /Rotate 90 page."""
    data = [HEADER] + ROWS
    t = Table(_cells(data), colWidths=[90, 260, 80, 160])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    tw, th = t.wrap(h - 100, w - 100)
    if via_page_rotate:
        c.setPageRotation(90)
        c.translate(w, 0)
        c.rotate(90)  # drawing space is now the landscape page the viewer shows
        t.drawOn(c, 60, w - 80 - th)
    else:
        c.translate(w - 60, 60)
        c.rotate(90)  # text now runs up the portrait page (reads bottom-to-top)
        t.drawOn(c, 0, 0)
    c.showPage()
    c.save()
    return path


GROUPED_HEADER = ["Characteristic", "Arm A (n=90)", "Arm B (n=88)", "P value"]
GROUPED_ROWS = [
    ["Sex", "", "", ""],
    ["Men", "50 (55.6)", "47 (53.4)", ""],
    ["Women", "40 (44.4)", "41 (46.6)", "0.77"],
    ["Smoking status", "", "", ""],
    ["Never", "12 (13.3)", "9 (10.2)", ""],
    ["Former or current smoker at the time of enrolment", "78 (86.7)", "79 (89.8)", "0.52"],
    ["Prior lines", "", "", ""],
    ["One", "61 (67.8)", "58 (65.9)", ""],
    ["Two or more", "29 (32.2)", "30 (34.1)", "0.79"],
]


def build_grouped(path: Path) -> Path:
    """Booktabs-style rules, group label rows without values, and a wrapped label cell."""
    data = [GROUPED_HEADER] + GROUPED_ROWS
    t = Table(_cells(data), colWidths=[120, 80, 80, 60])
    t.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
                           ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                           ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=A4).build(_intro() + [t] + _after())
    return path


def build_open_bottom(path: Path) -> Path:
    """Rules above and under the header only, as where a table runs on: no rule at its foot."""
    data = [GROUPED_HEADER] + GROUPED_ROWS
    t = Table(_cells(data), colWidths=[120, 80, 80, 60])
    t.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
                           ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=A4).build(_intro() + [t] + [Spacer(1, 30)] + [
        Paragraph(PROSE * 2, BODY)])
    return path


def build_column_table(path: Path) -> Path:
    """A two-column page with a small unruled table inside the left column."""
    doc = BaseDocTemplate(str(path), pagesize=A4)
    w, h = A4
    gutter = 18
    colw = (w - 2 * 56 - gutter) / 2
    frames = [Frame(56, 56, colw, h - 112, id="left"), Frame(56 + colw + gutter, 56, colw, h - 112, id="right")]
    doc.addPageTemplates([PageTemplate(id="two", frames=frames)])
    t = Table(_cells([COLUMN_HEADER] + COLUMN_ROWS), colWidths=[90, 55, 55])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [Paragraph(PROSE, BODY), Spacer(1, 8), t, Spacer(1, 8)]
    for i in range(8):
        story.append(Paragraph(PROSE * (1 + i % 2), BODY))
    doc.build(story)
    return path


COLUMN_HEADER = ["Outcome", "Arm A", "Arm B"]
COLUMN_ROWS = [
    ["ORR (%)", "45.0", "31.2"],
    ["Median PFS", "7.1", "5.4"],
    ["Median OS", "20.4", "17.9"],
    ["Grade 3 events", "12", "9"],
]


TIGHT_HEADER = ["Outcome", "Group A", "Group B", "p"]
TIGHT_ROWS = [
    ["OS, median, mo. [95% CI]", "14.9 [11.8–18.1]", "11.8 [9.4–14.2]", "0.02"],
    ["1 yr-OS [95% CI]", "56.5 [54.0–59.1]", "47.7 [45.8–49.7]", ""],
    ["2 yr-OS [95% CI]", "34.4 [32.7–36.3]", "19.5 [18.7–20.4]", ""],
    ["PFS, median, mo. [95% CI]", "9.0 [7.4–10.6]", "6.6 [5.3–7.9]", "0.018"],
]


def build_tight_values(path: Path) -> Path:
    """Unruled, no padding between rows: a row's label may start with a digit ("1 yr-OS")."""
    data = [TIGHT_HEADER] + TIGHT_ROWS
    t = Table(_cells(data), colWidths=[120, 70, 70, 40])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    SimpleDocTemplate(str(path), pagesize=A4).build(_intro() + [t] + _after())
    return path
