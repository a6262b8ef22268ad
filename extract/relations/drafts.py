"""A trial as collected from one sentence run or one table row, before merging."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.records import Outcome


def norm_name(name: str) -> str:
    """Scoring-style key: lowercase, no whitespace, hyphens or punctuation ("IMpassion 050" = "impassion050")."""
    return re.sub(r"[\W_]+", "", name.lower())


@dataclass
class Draft:
    order: int  # character offset of the first mention (document order)
    source: str = "body"  # "body" or "table"
    canonical: str | None = None  # canonical trial name from the NER layer
    names: list[str] = field(default_factory=list)  # every surface form (canonical first when known)
    ncts: list[str] = field(default_factory=list)
    phase: str | None = None
    sample_size: int | None = None
    drugs: list[str] = field(default_factory=list)
    endpoints: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    opened: str = ""  # how an unnamed study was opened: "cue", "contrast", "bare", "orphan"

    def add_name(self, canonical: str | None, surface: str | None) -> None:
        if canonical and not self.canonical:
            self.canonical = canonical
        for n in (canonical, surface):
            if n and norm_name(n) and norm_name(n) not in {norm_name(x) for x in self.names}:
                self.names.append(n)

    @property
    def keys(self) -> set[str]:
        return {norm_name(n) for n in self.names if norm_name(n)}

    @property
    def named(self) -> bool:
        return bool(self.names or self.ncts)

    def absorb(self, other: "Draft") -> None:
        """Add another draft's facts; own phase/size win when set."""
        if other.canonical and not self.canonical:
            self.canonical = other.canonical
        for n in other.names:
            self.add_name(None, n)
        if self.canonical and self.names and norm_name(self.names[0]) != norm_name(self.canonical):
            self.names = [self.canonical] + [n for n in self.names if norm_name(n) != norm_name(self.canonical)]
        for x in other.ncts:
            if x not in self.ncts:
                self.ncts.append(x)
        if self.phase is None:
            self.phase = other.phase
        if self.sample_size is None:
            self.sample_size = other.sample_size
        for src, dst in ((other.drugs, self.drugs), (other.endpoints, self.endpoints)):
            for x in src:
                if x not in dst:
                    dst.append(x)
        seen = {(o.endpoint, o.statistic, o.value, o.evidence) for o in self.outcomes}
        for o in other.outcomes:
            if (o.endpoint, o.statistic, o.value, o.evidence) not in seen:
                self.outcomes.append(o)
        for e in other.evidence:
            if e not in self.evidence:
                self.evidence.append(e)
        self.pages.extend(p for p in other.pages if p not in self.pages)
        self.order = min(self.order, other.order)
