"""Typeset the corpus source texts as journal-like PDFs, then check them.

Why: users feed publisher PDFs, so the bundled corpus must carry what those carry: a
full-width title block over two hyphenated, justified text columns, running header and
footer, a vertical "Downloaded from" watermark, a boilerplate copyright line, ruled
full-width tables (header row repeated when a table runs over a page), figure captions,
real superscripts and ligature glyphs. Development-time only (reportlab, pyphen,
pdfplumber and the DejaVu TTF fonts); the PDFs are committed.

Run: python corpus/build_pdfs.py        (from the repository root)
"""
from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pyphen
from reportlab import rl_config
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, LongTable,
                                PageTemplate, Paragraph, Spacer)
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.flowables import BalancedColumns, CondPageBreak, HRFlowable, PageBreakIfNotEmpty

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import source  # noqa: E402

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian package fonts-dejavu-core
FONTS = {"Serif": "DejaVuSerifCondensed", "Serif-I": "DejaVuSerifCondensed-Italic",
         "Serif-B": "DejaVuSerifCondensed-Bold", "Serif-BI": "DejaVuSerifCondensed-BoldItalic",
         "Sans": "DejaVuSansCondensed", "Sans-I": "DejaVuSansCondensed-Oblique",
         "Sans-B": "DejaVuSansCondensed-Bold", "Sans-BI": "DejaVuSansCondensed-BoldOblique"}

# Page furniture per document (invented, neutral; mirrored in corpus/README.md).
DOCS = {
    "000_9be4795360e6a4b5": dict(
        header="Current Opinion in Oncology \u2022 Volume 35 \u2022 Number 6 \u2022 2023",
        short="Cotargeting in HER2-positive breast cancer",
        first_page=461, page_fmt="{}", ruled="grid",
        boilerplate="Copyright \u00a9 2023 The Author(s). Published under a CC BY 4.0 licence.",
        watermark="Downloaded from journals.example.org by a guest reader on 14 March 2024"),
    "002_8ea926c7ac5e80ba": dict(
        header="Frontiers in Pharmacology",
        short="Wu et al. (2022)",
        first_page=1, page_fmt="{:02d}", ruled="rules",
        boilerplate="Frontiers in Pharmacology \u2022 published open access under CC BY 4.0",
        watermark="Downloaded from reader.example.net on 2 February 2024 \u2022 personal use only"),
}

PAGE_W, PAGE_H = A4
MARGIN_X, TOP, BOTTOM, GAP = 48.0, 60.0, 64.0, 16.0
BODY_W = PAGE_W - 2 * MARGIN_X
COL_W = (BODY_W - GAP) / 2
BODY_H = PAGE_H - TOP - BOTTOM
LIGATURES = (("ffi", "\ufb03"), ("ffl", "\ufb04"), ("fi", "\ufb01"), ("fl", "\ufb02"))


# ------------------------------------------------------------------ hyphenation

def _patch_hyphenation() -> None:
    """Two patches to reportlab's line breaking (reportlab 4.x/5.x internals):
    it only offers latin-letter words to the hyphenator, so let it also see words with
    digits and ligature glyphs (our hyphenator decides, see make_hyphenator); and when it
    re-wraps a split paragraph with markup it rejoins "HER2-" + "positive" as
    "HER2positive" (_shyUnsplit strips the real hyphen), so join without stripping."""
    letters = rl_paragraph._hy_letters + "0-9\ufb00-\ufb06"
    rl_paragraph._hy_letters_pat = re.compile("^[" + letters + "]+$")
    rl_paragraph._hy_shy_letters_pat = re.compile("^[" + rl_paragraph._hy_shy + letters + "]+$")
    original = rl_paragraph._shyUnsplit

    def unsplit(s, ss=None):
        if ss and not isinstance(s, rl_paragraph._SHYIndexedStr) and not hasattr(ss, "_shyIndices"):
            return s + ss  # inserted hyphens were already removed by the single-argument call
        return original(s, ss)
    if original.__name__ != "unsplit":
        rl_paragraph._shyUnsplit = unsplit


def make_hyphenator():
    """pyphen en_US for ordinary words; words that already contain a hyphen or a digit
    (T-DM1, DESTINY-Breast03, anti-HER2) break only at their own hyphens; acronyms and
    mixed-case names never break. Ligature glyphs count as their two/three letters."""
    dic = pyphen.Pyphen(lang="en_US")
    lig = {g: s for s, g in LIGATURES}

    def hyphenate(word: str):
        if "-" in word or any(c.isdigit() for c in word):
            cuts = [i for i, c in enumerate(word) if c == "-" and 1 < i < len(word) - 2]
            return [(word[:i + 1], word[i + 1:]) for i in reversed(cuts)]
        if any(c.isupper() for c in word[1:]):
            return []
        expanded, owner = "", []
        for i, c in enumerate(word):
            piece = lig.get(c, c)
            expanded += piece
            owner += [i] * len(piece)
        pairs = []
        for head, _tail in dic.iterate(expanded):
            k = len(head)
            if owner[k] == owner[k - 1]:
                continue  # would cut through a ligature glyph
            pairs.append((word[:owner[k]], word[owner[k]:]))
        return pairs
    return hyphenate


# ------------------------------------------------------------------ styles and markup

def register_fonts() -> None:
    for name, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{file}.ttf")))
    for fam in ("Serif", "Sans"):
        pdfmetrics.registerFontFamily(fam, normal=fam, bold=f"{fam}-B", italic=f"{fam}-I",
                                      boldItalic=f"{fam}-BI")


def styles() -> dict[str, ParagraphStyle]:
    hy = make_hyphenator()
    body = ParagraphStyle("body", fontName="Serif", fontSize=9, leading=11.4, alignment=TA_JUSTIFY,
                          hyphenationLang=hy, embeddedHyphenation=0, uriWasteReduce=0.3)
    s = {"body": body,
         "indent": ParagraphStyle("indent", parent=body, firstLineIndent=10),
         "bullet": ParagraphStyle("bullet", parent=body, leftIndent=10, bulletIndent=1,
                                  bulletFontName="Serif"),
         "ref": ParagraphStyle("ref", parent=body, fontSize=7.4, leading=9, leftIndent=12,
                               firstLineIndent=-12, spaceAfter=1.5),
         "title": ParagraphStyle("title", fontName="Sans-B", fontSize=17, leading=21,
                                 spaceAfter=8),
         "authors": ParagraphStyle("authors", fontName="Sans", fontSize=10.5, leading=13,
                                   spaceAfter=4),
         "affil": ParagraphStyle("affil", fontName="Sans", fontSize=7.6, leading=9.4,
                                 spaceAfter=2),
         "front": ParagraphStyle("front", fontName="Sans", fontSize=7, leading=8.6,
                                 spaceAfter=4, textColor=colors.HexColor("#222222")),
         "h1": ParagraphStyle("h1", fontName="Sans-B", fontSize=9.6, leading=12, spaceBefore=9,
                              spaceAfter=4),
         "h2": ParagraphStyle("h2", fontName="Sans-B", fontSize=9, leading=11.4, spaceBefore=7,
                              spaceAfter=3),
         "h3": ParagraphStyle("h3", fontName="Serif-BI", fontSize=9, leading=11.4, spaceBefore=5,
                              spaceAfter=2),
         "caption": ParagraphStyle("caption", fontName="Sans", fontSize=7.6, leading=9.4,
                                   spaceBefore=3, spaceAfter=6, alignment=TA_JUSTIFY,
                                   hyphenationLang=hy, embeddedHyphenation=0),
         "cell": ParagraphStyle("cell", fontName="Sans", fontSize=6.7, leading=8, alignment=TA_LEFT),
         "cellhead": ParagraphStyle("cellhead", fontName="Sans-B", fontSize=6.7, leading=8)}
    s["tcaption"] = ParagraphStyle("tcaption", parent=s["caption"], alignment=TA_LEFT, spaceAfter=4)
    return s


def ligate(text: str) -> str:
    """Use ligature glyphs inside ordinary words (not in URLs, e-mails, DOIs)."""
    def fix(m):
        w = m.group(0)
        if any(c in w for c in "/@:") or w.lower().startswith("doi"):
            return w
        for seq, glyph in LIGATURES:
            w = w.replace(seq, glyph)
        return w
    return re.sub(r"\S+", fix, text)


def markup(runs: list[source.Run], lig: bool = True, bold_first_line: bool = False) -> str:
    """reportlab paragraph markup for styled runs."""
    out = []
    first = bold_first_line
    for r in runs:
        if r.style == "\n":
            out.append("<br/>")
            first = False
            continue
        t = escape(r.text)
        if r.style == "sup":
            out.append(f"<super>{t}</super>")
            continue
        if r.style == "sub":
            out.append(f"<sub>{t}</sub>")
            continue
        if lig:
            t = ligate(t)
        if "b" in r.style or first:
            t = f"<b>{t}</b>"
        if "i" in r.style:
            t = f"<i>{t}</i>"
        out.append(t)
    return "".join(out)


# ------------------------------------------------------------------ flowables

def figure_placeholder(width: float) -> Drawing:
    """A figure as publishers' PDFs have one: vector art, no text layer."""
    h = 0.55 * width
    d = Drawing(width, h)
    d.add(Rect(0, 0, width, h, strokeColor=colors.HexColor("#9aa7b8"), fillColor=colors.HexColor("#eef2f7")))
    for i, (x, y) in enumerate(((0.2, 0.7), (0.5, 0.5), (0.8, 0.3), (0.35, 0.25), (0.7, 0.75))):
        d.add(Circle(x * width, y * h, 0.06 * width, fillColor=colors.HexColor(
            ["#7fa6d6", "#d68f7f", "#8fc59a", "#c9b06b", "#a58fd0"][i]), strokeColor=None))
    d.add(Line(0.2 * width, 0.7 * h, 0.5 * width, 0.5 * h, strokeColor=colors.grey))
    d.add(Line(0.5 * width, 0.5 * h, 0.8 * width, 0.3 * h, strokeColor=colors.grey))
    return d


def column_widths(cells: list[list[list[source.Run]]], st: dict) -> list[float]:
    """Share the page width among columns: each at least its longest word, the rest by text mass."""
    ncol = len(cells[0])
    pad = 6.0
    minw, mass = [pad + 8] * ncol, [1.0] * ncol
    for r, row in enumerate(cells):
        font = st["cellhead" if r == 0 else "cell"]
        for c, runs in enumerate(row):
            text = source.runs_text(runs)
            for w in text.split():
                minw[c] = max(minw[c], stringWidth(w, font.fontName, font.fontSize) + pad + 1)
            mass[c] += stringWidth(text, font.fontName, font.fontSize)
    spare = BODY_W - sum(minw)
    if spare < 0:
        raise ValueError("table too wide for the page")
    share = [m ** 0.8 for m in mass]
    return [w + spare * s / sum(share) for w, s in zip(minw, share)]


def table_flowable(block: source.SourceBlock, st: dict, ruled: str) -> LongTable:
    data = [[Paragraph(markup(runs, lig=True), st["cellhead" if r == 0 else "cell"])
             for runs in row] for r, row in enumerate(block.cell_runs)]
    t = LongTable(data, colWidths=column_widths(block.cell_runs, st), repeatRows=1)
    cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if ruled == "grid":
        cmds += [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#555555")),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde3ea"))]
    else:
        cmds += [("LINEABOVE", (0, 0), (-1, 0), 0.9, colors.black),
                 ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                 ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.HexColor("#999999")),
                 ("LINEBELOW", (0, -1), (-1, -1), 0.9, colors.black)]
    t.setStyle(cmds)
    return t


class HeadingGroup(Flowable):
    """Headings kept with the first lines of the next paragraph (keepWithNext is not
    honoured inside BalancedColumns): moves to the next column rather than orphan them."""

    def __init__(self, parts: list, min_lines: int = 2):
        super().__init__()
        self.parts, self.min_lines = parts, min_lines

    def _gap(self, i: int) -> float:
        return max(self.parts[i - 1].getSpaceAfter(), self.parts[i].getSpaceBefore()) if i else 0

    def wrap(self, aW, aH):
        self.width = aW
        self.height = sum(f.wrap(aW, 0xFFFFFF)[1] + self._gap(i) for i, f in enumerate(self.parts))
        return aW, self.height

    def getSpaceBefore(self):
        return self.parts[0].getSpaceBefore()

    def getSpaceAfter(self):
        return self.parts[-1].getSpaceAfter()

    def split(self, aW, aH):
        heads, last = self.parts[:-1], self.parts[-1]
        head_h = sum(f.wrap(aW, 0xFFFFFF)[1] + self._gap(i) for i, f in enumerate(heads))
        head_h += self._gap(len(heads))
        if not isinstance(last, Paragraph) or aH < head_h + self.min_lines * last.style.leading:
            return []
        rest = last.split(aW, aH - head_h)
        if len(rest) < 2:
            return []
        return [HeadingGroup(heads + [rest[0]]), *rest[1:]]

    def drawOn(self, canv, x, y, _sW=0):
        top = y + self.height
        for i, f in enumerate(self.parts):
            top -= self._gap(i)
            h = f.wrap(self.width, 0xFFFFFF)[1]
            f.drawOn(canv, x, top - h)
            top -= h


def keep_headings(flow: list) -> list:
    """Group each run of headings with the paragraph that follows it."""
    out, i = [], 0
    while i < len(flow):
        j = i
        while j < len(flow) and isinstance(flow[j], Paragraph) and flow[j].style.name in ("h1", "h2", "h3"):
            j += 1
        if j > i and j < len(flow) and isinstance(flow[j], Paragraph):
            out.append(HeadingGroup(flow[i:j + 1]))
            i = j + 1
        else:
            out.append(flow[i])
            i += 1
    return out


def height_of(flowables, width: float) -> float:
    return sum(f.wrap(width, 10 * PAGE_H)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


# ------------------------------------------------------------------ story

_TABLE_LABEL = re.compile(r"^(?:table|tab\.)\s*\d+", re.I)
_FIG_LABEL = re.compile(r"^(?:fig(?:ure)?\.?)\s*\d+", re.I)
_CONTINUED = re.compile(r"\(cont(?:inued|\.|d)?\)", re.I)
_LABEL = re.compile(r"^((?:fig(?:ure)?\.?|table|tab\.)\s*\d+\.?(?:\s*\(continued\))?)", re.I)


def caption_para(b: source.SourceBlock, st: dict, style: str = "caption") -> Paragraph:
    runs = list(b.runs)
    m = _LABEL.match(runs[0].text) if runs and runs[0].style == "" else None
    if m:  # bold label, as journals set "Table 1." / "FIGURE 1"
        runs = [source.Run(m.group(1), "b"), source.Run(runs[0].text[m.end():])] + runs[1:]
    return Paragraph(markup(runs), st[style])


class Story:
    """Turns source blocks into flowables for one full-width frame per page: full-width
    title, tables and their captions; body text in two balanced columns in between."""

    def __init__(self, blocks: list[source.SourceBlock], st: dict, cfg: dict):
        self.blocks, self.st, self.cfg = blocks, st, cfg
        self.flow: list = []
        levels = [b.level for b in blocks if b.kind == "heading"]
        self.top_level = min(levels) if levels else 1

    def build(self) -> list:
        b = self.blocks
        t = next(i for i, x in enumerate(b) if x.kind == "title")
        head = [Paragraph(markup(b[t].runs), self.st["title"])]
        j = t + 1
        while j < len(b) and b[j].kind == "front":
            head.append(Paragraph(markup(b[j].runs), self.st["authors" if j == t + 1 else "affil"]))
            j += 1
        head.append(HRFlowable(width="100%", thickness=0.8, color=colors.HexColor("#333333"),
                               spaceBefore=4, spaceAfter=2))
        self.flow = head
        self.section: list = []
        for x in b[:t]:  # front matter printed before the title: a sidebar at the top of column 1
            self.section.append(Paragraph(markup(x.runs, bold_first_line=x.text.split()[0].isupper()),
                                       self.st["front"]))
        if t:
            self.section.append(HRFlowable(width="100%", thickness=0.5, spaceBefore=2, spaceAfter=6))
        self.body(j)
        self.close_section()
        return self.flow

    def close_section(self) -> None:
        """Body text between full-width elements: two columns, balanced on its last page."""
        if self.section:
            self.flow.append(BalancedColumns(keep_headings(self.section), nCols=2, innerPadding=GAP, leftPadding=0,
                                             rightPadding=0, topPadding=0, bottomPadding=0,
                                             spaceAfter=10))
        self.section = []

    def body(self, start: int) -> None:
        b, st = self.blocks, self.st
        in_refs, prev_kind, i = False, "", start
        while i < len(b):
            x = b[i]
            if x.kind == "table" or (x.kind == "caption" and _TABLE_LABEL.match(x.text)
                                     and i + 1 < len(b) and b[i + 1].kind == "table"):
                i = self.table_group(i)
                prev_kind = "table"
                continue
            if x.kind == "heading":
                lvl = min(3, 1 + x.level - self.top_level)
                self.section.append(Paragraph(markup(x.runs), st[f"h{lvl}"]))
                in_refs = bool(re.search(r"\breferences?\b", x.text, re.I))
            elif x.kind == "caption" and _FIG_LABEL.match(x.text):
                parts = [Spacer(1, 4), figure_placeholder(COL_W), caption_para(x, st)]
                if len(x.text.split()) <= 3 and i + 1 < len(b) and b[i + 1].kind == "caption":
                    i += 1
                    parts.append(caption_para(b[i], st))
                self.section += parts  # (no KeepTogether: it cannot live inside BalancedColumns)
            elif x.kind == "caption":
                self.section.append(caption_para(x, st))
            elif x.kind == "front":
                if prev_kind != "front":
                    self.section.append(HRFlowable(width="35%", thickness=0.5, hAlign="LEFT", spaceBefore=4,
                                           spaceAfter=3))
                self.section.append(Paragraph(markup(x.runs), st["front"]))
            elif in_refs and (x.bullet or re.match(r"\d+\. ", x.text)):
                self.section.append(Paragraph(markup(x.runs), st["ref"]))
            elif x.bullet:
                self.section.append(Paragraph(markup(x.runs), st["bullet"], bulletText="\u2022"))
            else:
                style = "indent" if prev_kind == "body" else "body"
                self.section.append(Paragraph(markup(x.runs), st[style]))
            prev_kind = "body" if x.kind == "body" and not x.bullet else x.kind
            i += 1

    def table_group(self, i: int) -> int:
        """Caption + table (+ legend) across the full width, right where the source has it:
        the columns above are balanced, text resumes in two columns below; a table longer
        than the page continues on the next with its header row repeated."""
        b, st = self.blocks, self.st
        group, start = [], i
        if b[i].kind == "caption":
            group.append(caption_para(b[i], st, "tcaption"))
            i += 1
        group.append(table_flowable(b[i], st, self.cfg["ruled"]))
        i += 1
        if i < len(b) and b[i].kind == "caption" and not _LABEL.match(b[i].text):
            group.append(Spacer(1, 3))
            group.append(caption_para(b[i], st, "tcaption"))
            i += 1
        self.close_section()
        if b[start].kind == "caption" and _CONTINUED.search(b[start].text):
            self.flow.append(PageBreakIfNotEmpty())  # "Table 1 (Continued)" opens a page
        else:
            self.flow.append(CondPageBreak(0.25 * BODY_H))
        self.flow += group + [Spacer(1, 8)]
        return i


# ------------------------------------------------------------------ document

class JournalDoc(BaseDocTemplate):
    def __init__(self, path: str, cfg: dict, **kw):
        super().__init__(path, pagesize=A4, invariant=1, **kw)
        self.cfg = cfg
        frame = Frame(MARGIN_X, BOTTOM, BODY_W, BODY_H, id="page", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self.furniture)])

    def furniture(self, canv, doc) -> None:
        cfg = self.cfg
        label = cfg["page_fmt"].format(cfg["first_page"] + doc.page - 1)
        canv.saveState()
        canv.setFillColor(colors.HexColor("#333333"))
        canv.setFont("Sans-I", 7.5)
        canv.drawString(MARGIN_X, PAGE_H - 38, cfg["header"])
        canv.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 38, cfg["short"])
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, PAGE_H - 42, PAGE_W - MARGIN_X, PAGE_H - 42)
        canv.setFont("Sans", 6.5)
        canv.drawCentredString(PAGE_W / 2, 40, cfg["boilerplate"])
        canv.setFont("Sans-B", 8.5)
        if doc.page % 2:
            canv.drawRightString(PAGE_W - MARGIN_X, 27, label)
        else:
            canv.drawString(MARGIN_X, 27, label)
        canv.setFont("Sans", 6.5)
        canv.setFillColor(colors.HexColor("#777777"))
        canv.translate(16, PAGE_H / 2)
        canv.rotate(90)
        canv.drawCentredString(0, 0, cfg["watermark"])
        canv.restoreState()


def build(doc_id: str, cfg: dict, out_dir: Path) -> Path:
    blocks = source.parse_source(HERE / "text" / f"{doc_id}.txt")
    flow = Story(blocks, styles(), cfg).build()
    out = out_dir / f"{doc_id}.pdf"
    title = next(b.text for b in blocks if b.kind == "title")
    doc = JournalDoc(str(out), cfg, title=title, author="", subject=cfg["header"],
                     creator="corpus/build_pdfs.py (reportlab)")
    doc.build(flow)
    return out


# ------------------------------------------------------------------ check

def _lines(words: list[dict]) -> list[list[dict]]:
    """Group words into lines: big words define lines, superscripts attach to them."""
    lines: list[dict] = []
    for w in sorted(words, key=lambda w: (-w["size"], w["top"])):
        mid = (w["top"] + w["bottom"]) / 2
        for ln in lines:
            if ln["top"] - 1 <= mid <= ln["bottom"] + 1:
                ln["words"].append(w)
                break
        else:
            lines.append({"top": w["top"], "bottom": w["bottom"], "words": [w]})
    lines.sort(key=lambda ln: ln["top"])
    return [sorted(ln["words"], key=lambda w: w["x0"]) for ln in lines]


def _reading_lines(page) -> list[list[dict]]:
    """Lines of the text area in reading order. Bands of two-column text (no word in the
    gutter, outside wide ruled areas) read left column then right; the rest full width."""
    area = page.crop((MARGIN_X - 2, TOP - 2, PAGE_W - MARGIN_X + 2, PAGE_H - BOTTOM + 2))
    words = [w for w in area.extract_words(x_tolerance_ratio=0.15, extra_attrs=["size"])
             if w["upright"]]
    rules = sorted(e["top"] for e in area.horizontal_edges if e["width"] > 0.6 * BODY_W)
    ruled, start = [], None
    for k, y in enumerate(rules):  # clusters of wide rules = tables (a lone rule: nothing)
        start = y if start is None else start
        if k + 1 == len(rules) or rules[k + 1] - y > 150:
            ruled.append((start, y))
            start = None
    gutter = (MARGIN_X + COL_W + 1, MARGIN_X + COL_W + GAP - 1)
    full = [(w["top"], w["bottom"]) for w in words if w["x0"] < gutter[1] and w["x1"] > gutter[0]]
    full += [(a - 1, b + 1) for a, b in ruled]

    def region(w):  # ("full", top) for full-width material, else the column's side
        mid = (w["top"] + w["bottom"]) / 2
        return "full" if any(a <= mid <= b for a, b in full) else (
            "left" if w["x1"] <= gutter[1] else "right")
    # cut the page into horizontal segments: runs of full-width lines vs two-column bands
    tagged = sorted(((region(w), w) for w in words), key=lambda rw: rw[1]["top"])
    segments: list[tuple[bool, list[dict]]] = []
    for reg, w in tagged:
        is_full = reg == "full"
        if segments and segments[-1][0] == is_full:
            segments[-1][1].append(w)
        else:
            segments.append((is_full, [w]))
    out: list[list[dict]] = []
    for is_full, ws in segments:
        if is_full:
            out += _lines(ws)
        else:
            out += _lines([w for w in ws if region(w) == "left"])
            out += _lines([w for w in ws if region(w) == "right"])
    return out


def check(pdf_path: Path, src_path: Path) -> dict:
    """Extract words with pdfplumber, rejoin hyphens inserted at line ends, compare with source."""
    import pdfplumber
    src = source.source_words(src_path)
    vocab = {w.lower() for w in src}
    raw = unicodedata.normalize("NFKC", src_path.read_text(encoding="utf-8")).lower()
    with pdfplumber.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        lines = [ln for page in pdf.pages for ln in _reading_lines(page)]
    toks = [[t for w in ln for t in source.words_of(unicodedata.normalize("NFKC", w["text"]))]
            for ln in lines]
    got: list[str] = []
    inserted = at_hyphen = 0
    for k, ln in enumerate(lines):
        if ln[-1]["text"].endswith("-") and k + 1 < len(toks) and toks[k] and toks[k + 1]:
            a, b = toks[k][-1], toks[k + 1][0]
            real = re.search(rf"(?<![^\W_]){re.escape(a)}-{re.escape(b)}(?![^\W_])", raw, re.I)
            if (a + b).lower() in vocab and not real:
                inserted += 1
                toks[k][-1] = a + b
                toks[k + 1] = toks[k + 1][1:]
            else:
                at_hyphen += 1
        got += toks[k]
    cs, cg = Counter(src), Counter(got)
    common = sum((cs & cg).values())
    blocks = difflib.SequenceMatcher(None, src, got, autojunk=False).get_matching_blocks()
    in_order = sum(b.size for b in blocks) / len(src)  # a lower bound of LCS / source words
    return {"pages": pages, "in_order": in_order, "source_words": len(src), "pdf_words": len(got),
            "recall": common / len(src), "precision": common / max(1, len(got)),
            "hyphenated_line_ends": inserted, "line_ends_at_real_hyphen": at_hyphen,
            "missing": sorted((cs - cg).items(), key=lambda kv: -kv[1])[:15],
            "extra": sorted((cg - cs).items(), key=lambda kv: -kv[1])[:15]}


def main() -> int:
    rl_config.invariant = 1
    register_fonts()
    _patch_hyphenation()
    out_dir = HERE / "pdf"
    out_dir.mkdir(exist_ok=True)
    for doc_id, cfg in DOCS.items():
        pdf = build(doc_id, cfg, out_dir)
        r = check(pdf, HERE / "text" / f"{doc_id}.txt")
        print(f"{pdf.relative_to(HERE.parent)}: {r['pages']} pages; source words {r['source_words']}, "
              f"PDF body words {r['pdf_words']}; recall {r['recall']:.4f}, precision "
              f"{r['precision']:.4f}; in order {r['in_order']:.4f} (table rows read by visual line); hyphenated line ends {r['hyphenated_line_ends']}, "
              f"line ends at a real hyphen {r['line_ends_at_real_hyphen']}")
        for key in ("missing", "extra"):
            if r[key]:
                print(f"  {key}:", r[key])
    return 0


if __name__ == "__main__":
    sys.exit(main())
