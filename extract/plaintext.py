"""Plain text (.txt) and markdown (.md) -> DocumentText, same blocks as a PDF.

Paragraphs (separated by blank lines) are body blocks; markdown `#` headings
and short heading-shaped lines are headings; "Table N" / "Figure N" lines are
captions; runs of tab-separated lines and markdown pipe tables are table
blocks with a `Table`. Simple markup is resolved the way the PDF stage writes
the same typography: `**bold**`/`*italic*` lose their stars, superscripts
(`<sup>+</sup>`, `^{a,b}`) follow `extract.pdf.chars.render_sup` ("CD8+",
"Zagami [a,b]"), `$...$` math becomes its Unicode text ("$P=0.05$" ->
"P=0.05", "$\\beta$" -> "β"). A text file has no pages: everything is page 1.
"""
from __future__ import annotations

import re
from pathlib import Path

from extract.document import Block, DocumentText, Table
from extract.errors import InputError
from extract.normalize import normalize_text

_LATEX = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "sigma": "σ", "tau": "τ", "chi": "χ", "Delta": "Δ", "Gamma": "Γ",
    "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "pm": "±", "times": "×", "sim": "~",
    "approx": "≈", "neq": "≠", "rightarrow": "→", "to": "→", "cdot": "·", "%": "%", "degree": "°",
}
_MATH = re.compile(r"\$([^$\n]{1,200})\$")
_SUP = re.compile(r"\s*(?:<sup>(.*?)</sup>|\^\{([^}]*)\}|\^([A-Za-z0-9*+†‡])(?![A-Za-z0-9]*\}))", re.S)
_SUB = re.compile(r"<sub>(.*?)</sub>|_\{([^}]*)\}", re.S)
_TAG = re.compile(r"</?(?:b|i|em|strong|u|span|small|br|p|div)\b[^>]*>", re.I)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S)
_ITALIC = re.compile(r"(?<![\w*\\])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>$%&])")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CAPTION = re.compile(
    r"^(?:(?:supplementary|supplemental)\s+)?(?:table|fig\.?|figure|box)\s*(?:[A-Z]?\d+[A-Za-z]?|[IVX]+)\b", re.I
)
_LIST = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def _latex(expr: str) -> str:
    expr = re.sub(r"\\(?:text|mathrm|mathit|mathbf|textbf|textit|operatorname)\{([^}]*)\}", r"\1", expr)
    expr = re.sub(r"\\([A-Za-z]+|%)", lambda m: _LATEX.get(m.group(1), m.group(1)), expr)
    expr = expr.replace("{", "").replace("}", "").replace("~", " ")
    return " ".join(expr.split())


def resolve_markup(text: str) -> str:
    """Plain text for one paragraph with markdown/HTML/LaTeX markup resolved."""
    from extract.pdf.chars import render_sup

    text = _LINK.sub(r"\1", text)
    text = _MATH.sub(lambda m: "\x01" + _latex(m.group(1)) + "\x02", text)
    text = re.sub(r"(?<=[-/(])[ ]+\x01|\x01", "", text)
    text = re.sub(r"\x02[ ]+(?=[-/)])|\x02", "", text)

    def sup(m: re.Match) -> str:
        inner = next((g for g in m.groups() if g is not None), "")
        inner = _TAG.sub("", inner).strip()
        if not inner:
            return ""
        before = text[: m.start()].rstrip()
        prev = before.split()[-1] if before.split() else ""
        piece, glue = render_sup(prev, inner)
        return piece if glue else " " + piece + " "

    text = _SUP.sub(sup, text)
    text = re.sub(r"\]\s+(?=[,;.:)])", "]", text)
    text = _SUB.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _TAG.sub(" ", text)
    text = _BOLD.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _ITALIC.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ")
    return " ".join(text.split())


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", s)]


def _is_pipe_line(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def _is_pipe_rule(line: str) -> bool:
    return bool(re.fullmatch(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?", line.strip()))


def _table(rows: list[list[str]], header_rows: int) -> Table:
    width = max(len(r) for r in rows)
    cells = tuple(tuple(resolve_markup(c) for c in r) + ("",) * (width - len(r)) for r in rows)
    return Table(rows=cells, header_rows=min(header_rows, len(cells)), pages=(1,))


def _heading_shaped(text: str, n_lines: int) -> bool:
    words = text.split()
    if n_lines != 1 or not words or len(words) > 12 or len(text) > 100:
        return False
    if _LIST.match(text) or text.endswith((".", ",", ";", ":")) and not text.isupper():
        return False
    if text.count(",") >= 2:
        return False
    first = next((c for c in text if c.isalpha()), "")
    return first.isupper()


def _paragraph_blocks(lines: list[str], markdown: bool) -> list[Block]:
    if len(lines) > 1 and sum(1 for ln in lines if _LIST.match(ln)) >= 2:
        items: list[list[str]] = []
        for ln in lines:
            if _LIST.match(ln) or not items:
                items.append([ln])
            else:
                items[-1].append(ln)
        return [b for item in items for b in _paragraph_blocks(item, markdown)]
    raw = "\n".join(lines)
    m = _MD_HEADING.match(lines[0]) if markdown and len(lines) == 1 else None
    if m:
        return [Block("heading", resolve_markup(m.group(2)), 1)]
    text = resolve_markup(" ".join(ln.strip() for ln in lines))
    if not text:
        return []
    if _CAPTION.match(text):
        return [Block("caption", text, 1)]
    plain = re.sub(r"[*_`#]", "", raw).strip()
    if _heading_shaped(plain, len(lines)):
        return [Block("heading", text, 1)]
    return [Block("body", part, 1) for part in split_long(text)]


MAX_BLOCK_CHARS = 20_000  # a paragraph longer than this (a file without blank lines) is cut at sentence ends
_SENTENCE_END = re.compile(r"[.!?][\])\"'\u201d]*\s+(?=[A-Z(\[])")


def split_long(text: str, limit: int = MAX_BLOCK_CHARS) -> list[str]:
    """`text` in parts of at most `limit` characters, cut after a sentence (else at a space)."""
    parts: list[str] = []
    while len(text) > limit:
        cut = max((m.end() for m in _SENTENCE_END.finditer(text, 0, limit)), default=0)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit) + 1 or limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    text = text.rstrip()
    return parts + [text] if text else parts


def parse_text(text: str, markdown: bool = False) -> list[Block]:
    """Blocks of a plain-text or markdown document (all on page 1)."""
    text = normalize_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.extend(_paragraph_blocks(list(para), markdown))
            para.clear()

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            flush()
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            blocks.append(Block("table", "", 1, table=_table(rows, 1 if len(rows) > 1 else 0)))
            continue
        if markdown and _is_pipe_line(line):
            flush()
            rows = []
            header = 0
            while i < len(lines) and _is_pipe_line(lines[i]):
                if _is_pipe_rule(lines[i]):
                    header = len(rows)
                else:
                    rows.append(_pipe_cells(lines[i]))
                i += 1
            blocks.append(Block("table", "", 1, table=_table(rows, header)))
            continue
        if not line.strip():
            flush()
        elif markdown and _MD_HEADING.match(line):
            flush()
            para.append(line)
            flush()
        else:
            para.append(line)
        i += 1
    flush()
    return [b if b.table is None else Block("table", b.table.render(), 1, table=b.table) for b in blocks]


def read_text_file(path: str | Path) -> DocumentText:
    """Read a .txt or .md file into a `DocumentText`."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "empty file (no text)")
    if b"\x00" in data[:4096]:
        raise InputError(path, "not a text file (binary content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    # .txt files converted from PDFs often carry markdown too: always resolve it
    markdown = True
    blocks = parse_text(text, markdown=markdown)
    if not blocks:
        raise InputError(path, "no text")
    title = ""
    for b in blocks:
        if b.kind == "heading" and len(b.text.split()) >= 3:
            title = b.text
            break
    if markdown:
        h1 = re.search(r"^#\s+(.+)$", text, re.M)
        if h1:
            title = resolve_markup(h1.group(1).strip())
    return DocumentText(doc_id=path.stem, blocks=blocks, n_pages=1, source=str(path), title=title)
