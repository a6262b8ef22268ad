"""Where a block's text stands on its page: word boxes aligned to character offsets.

The PDF stage records, for every word it writes into a block, the character
range it occupies in the block's text, its page and its box in PDF points
(`x0, top, x1, bottom`, top-left origin, unrotated page). Words holding a
digit also keep one box per character, so a number inside "16.4(14.1-NR)"
gets the box of its own characters. Text and markdown inputs have no boxes.
"""
from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Placed:
    """One word of a block: its character range in the block's text, page and box."""

    start: int
    end: int
    page: int
    box: Box
    glyphs: tuple[Box, ...] = ()  # one box per character of text[start:end], when known

    def part(self, a: int, b: int) -> Box:
        """Box of the characters a..b (block offsets) of this word."""
        a, b = max(a, self.start), min(b, self.end)
        if a <= self.start and b >= self.end:
            return self.box
        if len(self.glyphs) == self.end - self.start:
            return union(self.glyphs[a - self.start:b - self.start])
        # no per-character boxes: share the width out evenly (upright words only)
        x0, top, x1, bottom = self.box
        n = max(self.end - self.start, 1)
        w = (x1 - x0) / n
        return (x0 + w * (a - self.start), top, x0 + w * (b - self.start), bottom)


def union(boxes) -> Box:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class TextBoxes:
    """The placed words of one block, in text order, held in flat arrays (a 1,000-page
    document has half a million words: objects per word would cost ~0.5 kB each)."""

    __slots__ = ("_start", "_end", "_page", "_box", "_glyphs")

    def __init__(self, words=()):
        self._start, self._end, self._page = array("i"), array("i"), array("i")
        self._box = array("f")
        self._glyphs: dict[int, array] = {}
        for w in sorted(words, key=lambda w: w.start):
            self._add(w.start, w.end, w.page, w.box, w.glyphs)

    def _add(self, start: int, end: int, page: int, box: Box, glyphs=()) -> None:
        k = len(self._start)
        self._start.append(start)
        self._end.append(end)
        self._page.append(page)
        self._box.extend(box)
        if glyphs and len(glyphs) == end - start:
            self._glyphs[k] = array("f", [v for g in glyphs for v in g])

    def __len__(self) -> int:
        return len(self._start)

    def __getstate__(self):
        return self._start, self._end, self._page, self._box, self._glyphs

    def __setstate__(self, state) -> None:
        self._start, self._end, self._page, self._box, self._glyphs = state

    def _word(self, k: int) -> Placed:
        g = self._glyphs.get(k)
        glyphs = tuple(tuple(g[i:i + 4]) for i in range(0, len(g), 4)) if g is not None else ()
        return Placed(self._start[k], self._end[k], self._page[k], tuple(self._box[4 * k:4 * k + 4]), glyphs)

    @property
    def words(self) -> tuple[Placed, ...]:
        return tuple(self._word(k) for k in range(len(self)))

    def box(self, a: int, b: int, one_line: bool = False) -> tuple[int, Box] | None:
        """(page, box) of block characters a..b; None when no word covers them.

        A range over words on two pages (a table continued overleaf) keeps its first page.
        `one_line`: None for a range broken over two lines ("Twenty-" / "seven"), whose one
        box would also enclose the rest of both lines."""
        k = max(0, bisect.bisect_right(self._start, a) - 1)
        hit = []
        while k < len(self) and self._start[k] < b:
            if self._end[k] > a:
                hit.append(self._word(k))
            k += 1
        if not hit:
            return None
        page = hit[0].page
        parts = [w.part(a, b) for w in hit if w.page == page]
        if one_line and any(p[1] >= parts[0][3] or p[3] <= parts[0][1] for p in parts[1:]):
            return None
        box = union(parts)
        return page, tuple(round(v, 2) for v in box)  # type: ignore[return-value]

    def shifted(self, delta: int, start: int = 0, end: int | None = None) -> "TextBoxes":
        """The words whose range lies in start..end, moved by `delta` characters."""
        return TextBoxes(Placed(w.start + delta, w.end + delta, w.page, w.box, w.glyphs) for w in self.words
                         if w.start >= start and (end is None or w.end <= end))


def align(text: str, words: list[tuple[str, int, Box, tuple[Box, ...]]]) -> TextBoxes:
    """Place words (text, page, box, glyphs) in `text` in order; a word not found right after
    the previous one (a rewritten token) is left out. A line-end fragment ("sub-" of
    "subgroup") is placed as its stem."""
    out: list[Placed] = []
    pos = 0
    for wtext, page, box, glyphs in words:
        if not wtext:
            continue
        k = text.find(wtext, pos, pos + len(wtext) + 12)
        if k < 0 and len(wtext) > 2 and wtext.endswith("-"):
            wtext, glyphs = wtext[:-1], glyphs[:-1]
            k = text.find(wtext, pos, pos + len(wtext) + 12)
        if k < 0:
            continue
        out.append(Placed(k, k + len(wtext), page, box, glyphs if len(glyphs) == len(wtext) else ()))
        pos = k + len(wtext)
    return TextBoxes(out)


def align_table(text: str, words: list[tuple[str, int, Box, tuple[Box, ...]]]) -> TextBoxes:
    """Place a table's words in its rendered text: the k-th word (top to bottom, left to right)
    spelled T is the k-th free-standing T of the text (row-major like the rendering), so a
    label wrapped onto a second line does not shift the numbers after it. Longer words are
    placed first, and a shorter one never inside them ("4" is not the "4" of "(4%)")."""
    groups: dict[str, list[tuple[int, Box, tuple[Box, ...]]]] = {}
    for wtext, page, box, glyphs in words:
        if wtext:
            groups.setdefault(wtext, []).append((page, box, glyphs))
    taken = bytearray(len(text))
    out: list[Placed] = []
    for wtext in sorted(groups, key=len, reverse=True):
        n = len(wtext)
        free = [k for k in _free_standing(text, wtext) if not any(taken[k:k + n])]
        for (page, box, glyphs), at in zip(groups[wtext], free):
            taken[at:at + n] = b"\x01" * n
            out.append(Placed(at, at + n, page, box, glyphs if len(glyphs) == n else ()))
    out.sort(key=lambda w: w.start)
    return TextBoxes(out)


def _free_standing(text: str, token: str) -> list[int]:
    """Starts of `token` in `text` not inside a longer word or number."""
    out = []
    k = text.find(token)
    while k >= 0:
        before = text[k - 1] if k else " "
        after = text[k + len(token):k + len(token) + 2] or " "
        glued_number = after[:1] in ".," and after[1:2].isdigit() and token[-1:].isdigit()
        if not (before.isalnum() or before == "." and token[:1].isdigit()) and not after[:1].isalnum() \
                and not glued_number:
            out.append(k)
        k = text.find(token, k + 1)
    return out
