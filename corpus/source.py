"""Parse the corpus source texts (light markdown / plain text) into structured blocks.

Why: the corpus PDFs are typeset from these texts, and a benchmark compares what a PDF
reader recovers against them. Both need the same reading of the markup, so it lives
here, stdlib only, importable as a plain module (``sys.path.insert(0, "corpus")``).

Markup understood (as produced by PDF-to-text/markdown converters):
  paragraphs separated by blank lines; ``#``/``##``/``###`` headings; ``- `` bullets and
  ``1. `` numbered items; tab-separated lines = table rows (first row = header);
  ``**bold**``, ``*italic*``; ``^{a,b}``, ``^a``, ``<sup>+</sup>`` superscripts;
  ``<sub>1</sub>`` subscripts; ``$...$`` LaTeX math (Greek letters, relations,
  ``\\text{}``); ``[text](url)`` links; backslash escapes; a trailing double space is a
  hard line break. Converters pad a ``$...$`` span with one space on each side
  (``TGF- $\\beta$ /SMADs`` is "TGF-β/SMADs"): when both sides are padded one space
  per side is dropped, so a double space stands for one real space.

Choice about superscripts: they are NOT part of ``SourceBlock.text`` nor of
``rows``/``source_words``; each block lists them, in order, in ``superscripts``
(``Zagami^{a,b,c}, Luca`` gives text ``"Zagami, Luca"`` and superscripts ``["a,b,c"]``).
Subscripts stay in the text, glued (``G<sub>1</sub>`` -> ``G1``). The styled pieces are
kept in ``runs`` (and ``cell_runs`` for tables) for the typesetter.

Block kinds: title, heading, body, caption, table, front. Headings are taken from
markdown ``#`` marks or, in plain text, from their shape (a short single-line paragraph,
capitalised, without final punctuation, few digits or commas). Front matter = what
precedes the title, the author line after it, affiliations, correspondence, DOI and
licence lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("title", "heading", "body", "caption", "table", "front")


@dataclass
class Run:
    """A piece of text in one style: "" roman, "i", "b", "bi", "sup", "sub", or "\\n" break."""
    text: str
    style: str = ""


@dataclass
class SourceBlock:
    kind: str
    text: str = ""
    superscripts: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    cell_runs: list[list[list[Run]]] = field(default_factory=list)
    level: int = 0          # heading level (1 = top); 0 otherwise
    bullet: bool = False    # a "- " list item (the dash is not part of text)
    line: int = 0           # 1-based line of the block's start in the source
    nlines: int = 1         # source lines the block spans


# ---------------------------------------------------------------- inline markup

_GREEK = {n: chr(c) for n, c in zip(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi "
    "rho sigma tau upsilon phi chi psi omega".split(),
    [0x3B1, 0x3B2, 0x3B3, 0x3B4, 0x3B5, 0x3B6, 0x3B7, 0x3B8, 0x3B9, 0x3BA, 0x3BB, 0x3BC,
     0x3BD, 0x3BE, 0x3BF, 0x3C0, 0x3C1, 0x3C3, 0x3C4, 0x3C5, 0x3C6, 0x3C7, 0x3C8, 0x3C9])}
_GREEK.update({n.capitalize(): chr(ord(c) - 32) for n, c in _GREEK.items() if n != "omicron"})
_TEX_SYMBOLS = {
    "geq": "\u2265", "ge": "\u2265", "leq": "\u2264", "le": "\u2264", "pm": "\u00b1",
    "times": "\u00d7", "neq": "\u2260", "approx": "\u2248", "sim": "\u223c", "cdot": "\u00b7",
    "to": "\u2192", "rightarrow": "\u2192", "infty": "\u221e", "%": "%", "lt": "<", "gt": ">",
    "minus": "\u2212", "circ": "\u00b0", "prime": "\u2032", " ": " ", ",": "\u2009",
    **_GREEK,
}
_TEX_TEXT = re.compile(r"\\(?:text|mathrm|textrm|mathit|textit|mathbf|textbf|rm)\s*\{([^{}]*)\}")
_TEX_CMD = re.compile(r"\\([A-Za-z]+|.)")


def _math_runs(src: str) -> list[Run]:
    """Typeset a LaTeX math span: spaces dropped, Latin letters italic, \\text{} roman."""
    runs: list[Run] = []
    pos = 0
    for m in _TEX_TEXT.finditer(src):
        runs += _math_plain(src[pos:m.start()])
        runs.append(Run(m.group(1)))
        pos = m.end()
    runs += _math_plain(src[pos:])
    return runs


def _math_plain(src: str) -> list[Run]:
    src = _TEX_CMD.sub(lambda m: _TEX_SYMBOLS.get(m.group(1), m.group(1)), src)
    src = re.sub(r"[\s{}]", "", src)
    sup = re.split(r"\^(\w)", src)  # x^2 inside math
    runs = []
    for i, part in enumerate(sup):
        if i % 2:
            runs.append(Run(part, "sup"))
            continue
        for piece in re.split(r"([A-Za-z]+)", part):
            if piece:
                italic = len(piece) == 1 and piece.isalpha()
                runs.append(Run(piece, "i" if italic else ""))
    return runs


_INLINE = re.compile(
    r"(?P<math>(?P<lpad> *)\$(?P<tex>[^$\n]+)\$(?P<rpad> *))"
    r"|\^\{(?P<supb>[^}]*)\}"
    r"|\^(?P<supc>[A-Za-z0-9*])"
    r"|<sup>(?P<suph>.*?)</sup>"
    r"|<sub>(?P<subh>.*?)</sub>"
    r"|(?<=\w)\\\*(?=[\s,.;:)]|$)"            # "Yu\*" -> corresponding-author marker
    r"|\\(?P<esc>[\\`*_{}\[\]()#+\-.!|<>$])"
    r"|\[(?P<link>[^\]]+)\]\([^)]*\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<ital>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
)


def parse_inline(s: str, base: str = "") -> list[Run]:
    """Resolve inline markup of one line (or cell) into styled runs."""
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(s):
        if m.start() > pos:
            runs.append(Run(s[pos:m.start()], base))
        g = m.groupdict()
        if g["math"] is not None:
            lpad, rpad = len(g["lpad"]), len(g["rpad"])
            if lpad and rpad:  # padded on both sides: one space each side is the artefact
                lpad, rpad = lpad - 1, rpad - 1
            if lpad:
                runs.append(Run(" ", base))
            runs += _math_runs(g["tex"])
            if rpad:
                runs.append(Run(" ", base))
        elif g["supb"] is not None or g["supc"] is not None or g["suph"] is not None:
            runs.append(Run(next(v for v in (g["supb"], g["supc"], g["suph"]) if v is not None), "sup"))
        elif g["subh"] is not None:
            runs.append(Run(g["subh"], "sub"))
        elif g["esc"] is not None:
            runs.append(Run(g["esc"], base))
        elif g["link"] is not None:
            runs += parse_inline(g["link"], base)
        elif g["bold"] is not None:
            runs += parse_inline(g["bold"], _add_style(base, "b"))
        elif g["ital"] is not None:
            runs += parse_inline(g["ital"], _add_style(base, "i"))
        else:  # escaped author asterisk
            runs.append(Run("*", "sup"))
        pos = m.end()
    if pos < len(s):
        runs.append(Run(s[pos:], base))
    return [r for r in runs if r.text]


def _add_style(base: str, s: str) -> str:
    return "".join(sorted(set(base + s), key="bi".index))


def runs_text(runs: list[Run]) -> str:
    """Plain text of runs without superscripts; whitespace collapsed."""
    text = "".join(" " if r.style == "\n" else r.text for r in runs if r.style != "sup")
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- block structure

_LIST_ITEM = re.compile(r"^(?:[-*\u2022] |\d{1,3}\. )")
_CAPTION = re.compile(r"^(?:\*\*)?(?:fig(?:ure)?\.?|table|tab\.)\s*\d+", re.I)
_LEGEND = re.compile(r"^(?:[^,;]{1,40}, [^;]{2,}; ){2,}")
_FRONT = re.compile(r"^(?:\*?correspondence|e-?mail|doi\b|received\b|accepted\b|published\b)"
                    r"|creative commons|open[- ]access article", re.I)
_AFFILIATION = re.compile(r"\b(?:universit\w*|hospital|institut\w*|department|college|"
                          r"academy|cent(?:er|re)|school|laborator\w*|faculty|clinic)\b", re.I)


def _is_blank(line: str) -> bool:
    return not line.strip()  # str.strip() also removes NBSP and other unicode spaces


def _paragraphs(lines: list[str]):
    """Yield (first_line_no, [lines]) for blank-separated paragraphs; tab rows split off."""
    cur: list[str] = []
    start = 0
    for no, line in enumerate(lines, 1):
        if _is_blank(line) or ("\t" in line) != ("\t" in (cur[-1] if cur else line)):
            if cur:
                yield start, cur
            cur = []
        if not _is_blank(line):
            if not cur:
                start = no
            cur.append(line)
    if cur:
        yield start, cur


def _heading_shape(text: str, nlines: int) -> bool:
    words = text.split()
    if nlines != 1 or not words or len(words) > 12 or len(text) > 90:
        return False
    if text[-1] in ".,;:" or not (text[0].isupper() or text[0].isdigit()):
        return False
    digits = sum(c.isdigit() for c in text)
    return digits / len(text) < 0.25 and text.count(",") <= 1


def _make(kind: str, runs: list[Run], line: int, **kw) -> SourceBlock:
    return SourceBlock(kind=kind, text=runs_text(runs), runs=runs, line=line,
                       superscripts=[r.text for r in runs if r.style == "sup"], **kw)


def _split_items(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Split a paragraph into list items when it is a list; else one item."""
    if not _LIST_ITEM.match(lines[0]):
        return [(0, lines)]
    items: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        if _LIST_ITEM.match(line) or not items:
            items.append((i, [line]))
        else:
            items[-1][1].append(line)
    return items


def _para_runs(lines: list[str]) -> list[Run]:
    runs: list[Run] = []
    for i, line in enumerate(lines):
        hard = line.endswith("  ")
        runs += parse_inline(line.strip())
        if i < len(lines) - 1:
            runs.append(Run("\n", "\n") if hard else Run(" "))
    return runs


def _table(lines: list[str], line: int) -> SourceBlock:
    cells = [[parse_inline(c.strip()) for c in ln.rstrip("\n").split("\t")] for ln in lines]
    width = max(len(r) for r in cells)
    cells = [r + [[] for _ in range(width - len(r))] for r in cells]
    rows = [[runs_text(c) for c in r] for r in cells]
    sups = [x.text for r in cells for c in r for x in c if x.style == "sup"]
    return SourceBlock(kind="table", text="\n".join("\t".join(r) for r in rows), rows=rows,
                       cell_runs=cells, superscripts=sups, line=line)


def parse_text(raw: str) -> list[SourceBlock]:
    """Parse source text (see module docstring) into blocks in source order."""
    lines = raw.splitlines()
    paras = list(_paragraphs(lines))
    markdown = any(re.match(r"#{1,6} ", p[1][0]) for p in paras)
    title_at = next((i for i, (_, ls) in enumerate(paras) if re.match(r"# ", ls[0])), None)
    if title_at is None:
        title_at = next(i for i, (_, ls) in enumerate(paras) if "\t" not in ls[0])
    blocks: list[SourceBlock] = []
    for i, (no, ls) in enumerate(paras):
        if "\t" in ls[0]:
            blocks.append(_table(ls, no))
            continue
        hm = re.match(r"(#{1,6}) +", ls[0])
        if hm:
            runs = parse_inline(ls[0][hm.end():].strip())
            kind = "title" if i == title_at else "front" if i < title_at else "heading"
            blocks.append(_make(kind, runs, no, level=len(hm.group(1)) if kind == "heading" else 0))
            continue
        if i == title_at:
            blocks.append(_make("title", _para_runs(ls), no))
            continue
        for off, item in _split_items(ls):
            bullet = bool(re.match(r"[-*\u2022] ", item[0]))
            if bullet:
                item = [item[0][2:]] + item[1:]
            runs = _para_runs(item)
            blocks.append(_make("body", runs, no + off, bullet=bullet, nlines=len(item)))
            if i < title_at:
                blocks[-1].kind = "front"
    _classify(blocks, markdown)
    return blocks


def _classify(blocks: list[SourceBlock], markdown: bool) -> None:
    """Second pass: captions, legends, author/affiliation/front lines, shaped headings."""
    title = next(i for i, b in enumerate(blocks) if b.kind == "title")
    for i, b in enumerate(blocks):
        if b.kind != "body" or not b.text:
            continue
        prev = blocks[i - 1] if i else None
        first = b.runs[0]
        if i == title + 1:
            b.kind = "front"  # author line
        elif prev is not None and prev.kind == "front" and i <= title + 3 and (
                first.style == "sup" or _AFFILIATION.search(b.text)) and not b.text.endswith("."):
            b.kind = "front"  # affiliation right under the authors
        elif first.style == "sup" and _AFFILIATION.search(b.text) or _FRONT.search(b.text):
            b.kind = "front"
        elif _CAPTION.match(b.text) or (prev is not None and prev.kind == "caption"
                                        and len(prev.text.split()) <= 3):
            b.kind = "caption"
        elif prev is not None and prev.kind == "table" and _LEGEND.match(b.text):
            b.kind = "caption"
        elif not b.bullet and _heading_shape(b.text, b.nlines):
            b.kind = "heading"
            b.level = 1 if b.text.isupper() else 2
    # a short line squeezed between front-matter lines is front matter too (journal line)
    for i in range(1, len(blocks) - 1):
        b = blocks[i]
        if (b.kind in ("body", "heading") and len(b.text.split()) <= 8
                and blocks[i - 1].kind == "front" and blocks[i + 1].kind == "front"):
            b.kind, b.level = "front", 0


def parse_source(path) -> list[SourceBlock]:
    """Parse a corpus source file into blocks in source order."""
    return parse_text(Path(path).read_text(encoding="utf-8"))


_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """Alphanumeric word tokens (unicode letters/digits; hyphens and punctuation split)."""
    return _WORD.findall(text)


def source_words(path) -> list[str]:
    """Word tokens of the rendered source in reading order, superscripts excluded;
    tables row by row, cell by cell."""
    out: list[str] = []
    for b in parse_source(path):
        if b.kind == "table":
            for row in b.rows:
                for cell in row:
                    out += words_of(cell)
        else:
            out += words_of(b.text)
    return out
