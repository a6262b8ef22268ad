"""Plain records that leave the NLP stage: they serialise to the annotation schema.

Nothing here imports spaCy. `DocumentRecord.to_json()` gives exactly the
shape of `annotations/*.json` (see ../shared/gold/SCHEMA.md), plus provenance
fields (`page`, `evidence`) that the scorer ignores.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_LABELS: tuple[str, ...] = ("NCT", "TRIAL", "DRUG", "ENDPOINT")
STATISTICS: tuple[str, ...] = (
    "p", "HR", "CI_low", "CI_high", "n", "difference", "event_rate", "median_follow_up",
)


@dataclass(slots=True)
class EntityMention:
    """One occurrence of an entity in the text."""

    label: str  # NCT, REGISTRY, TRIAL, DRUG, ENDPOINT
    text: str  # as found
    normalized: str  # canonical name
    page: int
    sentence: str
    start: int = -1  # character offsets in DocumentText.text
    end: int = -1
    identifier: str | None = None  # e.g. a DrugBank / MeSH id
    flags: tuple[str, ...] = ()  # e.g. ("malformed",)
    bbox: list[float] | None = None  # [x0, top, x1, bottom] on `page`, PDF points (PDF input only)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "flags": list(self.flags)}


@dataclass
class Entity:
    """One entity of a document: canonical name plus every surface form."""

    name: str
    aliases: list[str] = field(default_factory=list)
    long: str | None = None  # ENDPOINT long form
    identifier: str | None = None

    def to_json(self, label: str) -> Any:
        if label == "NCT":
            return self.name
        out: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases)}
        if label == "ENDPOINT":
            out["long"] = self.long
        if self.identifier:
            out["identifier"] = self.identifier
        return out


@dataclass
class Outcome:
    endpoint: str
    value: float
    unit: str | None = None
    statistic: str | None = None  # None = an arm's value
    arm: str | None = None
    population: str | None = None
    relation: str | None = None  # "<", ">", "<=", ">="
    denominator: int | None = None
    timepoint: str | None = None
    page: int | None = None
    evidence: str = ""
    bbox: list[float] | None = None  # [x0, top, x1, bottom] of the value on `page`, PDF points
    at: int = field(default=-1, repr=False, compare=False)  # where the value was read (document offset)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "endpoint": self.endpoint,
            "population": self.population,
            "arm": self.arm,
            "statistic": self.statistic,
            "value": self.value,
            "unit": self.unit,
        }
        for key in ("relation", "denominator", "timepoint"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out["page"] = self.page
        out["bbox"] = self.bbox
        out["evidence"] = self.evidence
        return out


@dataclass
class Trial:
    key: str
    names: list[str] = field(default_factory=list)
    nct_ids: list[str] = field(default_factory=list)
    phase: str | None = None
    sample_size: int | None = None
    drugs: list[str] = field(default_factory=list)
    endpoints: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "names": list(self.names),
            "nct_ids": list(self.nct_ids),
            "phase": self.phase,
            "sample_size": self.sample_size,
            "drugs": list(self.drugs),
            "endpoints": list(self.endpoints),
            "outcomes": [o.to_json() for o in self.outcomes],
            "evidence": list(self.evidence),
            "pages": sorted(set(self.pages)),
        }


@dataclass
class DocumentRecord:
    """Everything extracted from one document."""

    doc: str
    title: str = ""
    entities: dict[str, list[Entity]] = field(default_factory=lambda: {k: [] for k in ENTITY_LABELS})
    mentions: list[EntityMention] = field(default_factory=list)
    trials: list[Trial] = field(default_factory=list)
    source: str = ""
    n_pages: int = 0
    notes: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "title": self.title,
            "source": self.source,
            "pages": self.n_pages,
            "notes": self.notes,
            "entities": {k: [e.to_json(k) for e in self.entities.get(k, [])] for k in ENTITY_LABELS},
            "trials": [t.to_json() for t in self.trials],
            "mentions": [m.to_json() for m in self.mentions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DocumentRecord":
        """Rebuild a record from `to_json()` output (used by the ingest cache)."""
        ents: dict[str, list[Entity]] = {}
        for label in ENTITY_LABELS:
            items = []
            for e in data.get("entities", {}).get(label, []):
                if isinstance(e, str):
                    items.append(Entity(name=e))
                else:
                    items.append(Entity(name=e["name"], aliases=list(e.get("aliases", [])),
                                        long=e.get("long"), identifier=e.get("identifier")))
            ents[label] = items
        trials = []
        for t in data.get("trials", []):
            outs = [Outcome(**{k: v for k, v in o.items() if k in Outcome.__dataclass_fields__})
                    for o in t.get("outcomes", [])]
            trials.append(Trial(
                key=t["key"], names=list(t.get("names", [])), nct_ids=list(t.get("nct_ids", [])),
                phase=t.get("phase"), sample_size=t.get("sample_size"), drugs=list(t.get("drugs", [])),
                endpoints=list(t.get("endpoints", [])), outcomes=outs,
                evidence=list(t.get("evidence", [])), pages=list(t.get("pages", [])),
            ))
        mentions = [EntityMention(**{**m, "flags": tuple(m.get("flags", ()))}) for m in data.get("mentions", [])]
        return cls(doc=data["doc"], title=data.get("title", ""), entities=ents, mentions=mentions,
                   trials=trials, source=data.get("source", ""), n_pages=data.get("pages", 0),
                   notes=data.get("notes", ""))


def with_record_endpoints(entities: dict[str, list[Entity]], mentions: list[EntityMention],
                          trials: list[Trial]) -> tuple[dict[str, list[Entity]], list[EntityMention]]:
    """Measures a record reports a number for but the NER did not name (a results-table row label,
    "preterm birth") become ENDPOINT entities too, with a mention at the outcome's page and row,
    so the entity list and the records never disagree. Derived views: the inputs are not changed."""
    from extract.evaluate.normalize import norm_name as key  # the contract's name normalisation

    known = {key(f) for e in entities.get("ENDPOINT", []) for f in (e.name, *e.aliases)}
    new_ents: list[Entity] = []
    new_mentions: list[EntityMention] = []
    for t in trials:
        for o in t.outcomes:
            if not o.endpoint or key(o.endpoint) in known:
                continue
            known.add(key(o.endpoint))
            new_ents.append(Entity(name=o.endpoint))
            new_mentions.append(EntityMention(label="ENDPOINT", text=o.endpoint, normalized=o.endpoint,
                                              page=o.page or 0, sentence=o.evidence))
    if not new_ents:
        return entities, mentions
    out = {k: list(v) for k, v in entities.items()}
    out["ENDPOINT"] = out.get("ENDPOINT", []) + new_ents
    return out, list(mentions) + new_mentions
