"""Merging variants of one trial name and choosing the canonical form.

Variants merge by their normalised form (case, spaces, hyphens: "IMpassion 050"
= "IMpassion050"), a group-code prefix ("SOLTI-1303 PATRICIA" = "PATRICIA"), a
trailing series number when the base name has no other series ("I-SPY" /
"I-SPY2"), names given together ("Defect V / CHEVENDO", "GBG 69 (GeparSepto)")
and a one-letter typo inside a long name ("DETECT V" / "Defect V"). Names that
differ in a digit never merge (ALPHA-1 / ALPHA-2). The canonical form is the
one used most in the prose (tables abbreviate and misspell), then overall,
then an acronym over a group code, then the hyphenated one, then the longer one.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc, Span

from extract.nlp import blocks
from extract.nlp.trial_codes import is_code_name

GROUP_PREFIX = re.compile(r"^[A-Z]{2,}[-‐]?\d{2,5}$")  # SOLTI-1303, NSABP-B31 style protocol numbers


def norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", s).lower()


def canonical_spans(doc: Doc, names: dict[tuple[int, int], str], linked: list[list[str]]) -> list[Span]:
    """TRIAL spans of all names, kb_id_ = the canonical name of their group of variants."""
    def core(s: str) -> str:
        """Name without a group-code prefix: "SOLTI-1303 PATRICIA" -> "PATRICIA"."""
        parts = s.split()
        if len(parts) == 2 and GROUP_PREFIX.match(parts[0]):
            return parts[1]
        return s

    counts = Counter(re.sub(r"\s+", " ", v) for v in names.values())
    in_prose = Counter(re.sub(r"\s+", " ", v) for (st, _e), v in names.items()
                       if blocks.cell_at(doc, doc[st].idx) is None)
    groups: dict[str, str] = {}  # norm -> group key
    keys = sorted({norm(core(v)) for v in counts}, key=len)
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, a in enumerate(keys):  # keys are sorted by length
        for b in keys[i + 1:]:
            if _mergeable(a, b, keys):
                parent[find(b)] = find(a)
    for group in linked:
        roots = [find(norm(core(v))) for v in group if norm(core(v)) in parent]
        for r in roots[1:]:
            parent[find(r)] = find(roots[0])
    members: dict[str, list[str]] = defaultdict(list)
    for v in counts:
        members[find(norm(core(v)))].append(v)
    canonical: dict[str, str] = {}
    for root, vs in members.items():
        cores, prose = Counter(), Counter()
        for v in vs:
            cores[core(v)] += counts[v]
            prose[core(v)] += in_prose[v]
        # the form used most in the prose (tables abbreviate and misspell), then overall,
        # then an acronym over a group code (HERA over BIG 1-01), then the hyphenated
        # one, then the more specific (longer) one
        # a protocol code written alone ("B-31") never beats its full name ("NSABP B-31")
        bare = {v for v in cores if any(w.endswith(" " + v) for w in cores)}
        best = max(cores, key=lambda v: (v not in bare, prose[v], cores[v], not is_code_name(v), "-" in v, len(v)))
        for v in vs:
            canonical[v] = best
        groups[root] = best
    spans = []
    for (s, e), text in sorted(names.items()):
        key = re.sub(r"\s+", " ", text)
        spans.append(Span(doc, s, e, label="TRIAL", kb_id=canonical.get(key, key)))
    return spans


def _mergeable(a: str, b: str, keys: list[str]) -> bool:
    """a, b normalised names (len(a) <= len(b))."""
    if a == b:
        return True
    digits_a, digits_b = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    # base name + series number: "ispy" / "ispy2", "patricia" / "patriciaii"
    if b.startswith(a) and len(a) >= 4:
        rest = b[len(a):]
        if re.fullmatch(r"\d{1,3}|i{1,3}|iv|v", rest):
            others = [k for k in keys if k != b and k.startswith(a) and re.fullmatch(r"\d{1,3}|i{1,3}|iv|v", k[len(a):])]
            return not others
    # a one-letter typo inside a long name ("defectv" / "detectv", "vortex2" / "vertex2"): >= 6
    # letters, digits equal and in place, the letter not the last of a letter run (a series
    # letter: "TAILORa" / "TAILORb"); names differing in digits never merge (ALPHA-1 / ALPHA-2)
    if len(a) == len(b) and digits_a == digits_b and sum(c.isalpha() for c in a) >= 6:
        diff = [k for k, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diff) != 1 or not (a[diff[0]].isalpha() and b[diff[0]].isalpha()):
            return False
        k = diff[0]
        return k + 1 < len(a) and a[k + 1].isalpha()
    return False
