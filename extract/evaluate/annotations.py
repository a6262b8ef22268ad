"""Load and validate annotation and prediction files (gold/SCHEMA.md).

Both sides share one schema; predictions carry extra provenance keys
(`page`, `evidence`, `pages`, `mentions`, `source`, ...) which are kept for
the error report but never scored. Numbers are parsed as Decimal so that the
precision written in the file survives (see normalize.py).

Structural problems (bad JSON, missing key, wrong type, unknown statistic)
raise AnnotationError naming the file and the JSON path. Consistency checks
(an outcome whose endpoint is not among its trial's endpoints, alias-aware)
are errors for gold files, because the issue lists them among the schema
errors, and are not checked on predictions: a prediction is scored, not
rejected, for being internally inconsistent. Aliases or NCT ids that do not
occur in the document text (when a text is given) are warnings only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from extract.errors import AnnotationError
from extract.evaluate.normalize import norm_name, norm_statistic

LABELS: tuple[str, ...] = ("NCT", "TRIAL", "DRUG", "ENDPOINT")
STATISTICS: frozenset[str] = frozenset(
    {"p", "HR", "CI_low", "CI_high", "n", "difference", "event_rate", "median_follow_up"}
)
RELATIONS: frozenset[str] = frozenset({"<", ">", "<=", ">="})


@dataclass
class Entity:
    name: str
    aliases: list[str] = field(default_factory=list)
    long: str | None = None

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Outcome:
    endpoint: str | None  # null only where the text ties the number to no endpoint
    value: Decimal | int
    statistic: str | None = None
    unit: str | None = None
    arm: str | None = None
    population: str | None = None
    relation: str | None = None
    page: int | None = None
    evidence: str = ""


@dataclass
class Trial:
    key: str
    names: list[str]
    nct_ids: list[str]
    phase: str | None
    sample_size: int | None
    drugs: list[str]
    endpoints: list[str]
    outcomes: list[Outcome]
    evidence: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


@dataclass
class Document:
    doc: str
    path: str
    entities: dict[str, list[Entity]]
    trials: list[Trial]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""


class _Checker:
    """Type checks that name the file and the JSON path of the offending value."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, path: str, problem: str) -> AnnotationError:
        err = AnnotationError(f"{self.source}: {path}: {problem}")
        err.file, err.json_path, err.problem = self.source, path, problem
        return err

    def get(self, obj: dict, key: str, path: str, kinds: tuple, *, required: bool = True,
            nullable: bool = False, default: Any = None) -> Any:
        where = f"{path}.{key}" if path else key
        if key not in obj:
            if required:
                raise self.fail(where, "missing key")
            return default
        value = obj[key]
        if value is None and nullable:
            return None
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            raise self.fail(where, f"expected {_kind_names(kinds, nullable)}, got {_json_type(value)}")
        return value

    def str_list(self, obj: dict, key: str, path: str, *, required: bool = True) -> list[str]:
        items = self.get(obj, key, path, (list,), required=required, default=[])
        where = f"{path}.{key}" if path else key
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise self.fail(f"{where}[{i}]", f"expected string, got {_json_type(item)}")
        return list(items)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def _kind_names(kinds: tuple, nullable: bool) -> str:
    names = {str: "string", int: "integer", float: "number", Decimal: "number", list: "array", dict: "object"}
    words = sorted({names.get(k, k.__name__) for k in kinds})
    if "integer" in words and "number" in words:
        words.remove("integer")
    return " or ".join(words + (["null"] if nullable else []))


def read_json(path: str | Path) -> Any:
    """Parse a JSON file with Decimal numbers; errors are one AnnotationError line."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnnotationError(f"{p}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise AnnotationError(f"{p}: not UTF-8 text") from None
    try:
        return json.loads(raw, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise AnnotationError(f"{p}: invalid JSON at {where}: {exc.msg}") from None


def parse_document(data: Any, source: str, *, gold: bool = True, text: str | None = None,
                   warnings: list[str] | None = None) -> Document:
    """Validate `data` (parsed JSON) and return a Document.

    `source` names the file in messages; `gold=True` adds the consistency
    checks; `text` (the document's text) enables the alias-occurrence warnings,
    which are appended to `warnings`.
    """
    c = _Checker(source)
    if not isinstance(data, dict):
        raise c.fail("$", f"expected object, got {_json_type(data)}")
    doc = c.get(data, "doc", "", (str,))
    title = c.get(data, "title", "", (str,), required=False, nullable=True, default="") or ""
    ents_obj = c.get(data, "entities", "", (dict,))
    entities: dict[str, list[Entity]] = {}
    for label in LABELS:
        items = c.get(ents_obj, label, "entities", (list,))
        out: list[Entity] = []
        for i, item in enumerate(items):
            where = f"entities.{label}[{i}]"
            if label == "NCT":
                if not isinstance(item, str):
                    raise c.fail(where, f"expected string, got {_json_type(item)}")
                out.append(Entity(name=item))
                continue
            if not isinstance(item, dict):
                raise c.fail(where, f"expected object, got {_json_type(item)}")
            name = c.get(item, "name", where, (str,))
            aliases = c.str_list(item, "aliases", where, required=False)
            long = c.get(item, "long", where, (str,), required=False, nullable=True)
            out.append(Entity(name=name, aliases=aliases, long=long))
        entities[label] = out

    trials: list[Trial] = []
    for ti, t in enumerate(c.get(data, "trials", "", (list,))):
        where = f"trials[{ti}]"
        if not isinstance(t, dict):
            raise c.fail(where, f"expected object, got {_json_type(t)}")
        outcomes: list[Outcome] = []
        for oi, o in enumerate(c.get(t, "outcomes", where, (list,))):
            ow = f"{where}.outcomes[{oi}]"
            if not isinstance(o, dict):
                raise c.fail(ow, f"expected object, got {_json_type(o)}")
            stat = c.get(o, "statistic", ow, (str,), required=False, nullable=True)
            if stat is not None and stat not in STATISTICS:
                raise c.fail(f"{ow}.statistic", f"unknown statistic {stat!r}")
            relation = c.get(o, "relation", ow, (str,), required=False, nullable=True)
            if relation is not None and relation not in RELATIONS:
                raise c.fail(f"{ow}.relation", f"unknown relation {relation!r}")
            c.get(o, "denominator", ow, (int, float, Decimal), required=False, nullable=True)
            c.get(o, "timepoint", ow, (str,), required=False, nullable=True)
            page = c.get(o, "page", ow, (int,), required=False, nullable=True)
            evidence = c.get(o, "evidence", ow, (str,), required=False, nullable=True) or ""
            outcomes.append(Outcome(
                endpoint=c.get(o, "endpoint", ow, (str,), nullable=True),
                value=c.get(o, "value", ow, (int, float, Decimal)),
                statistic=norm_statistic(stat),
                unit=c.get(o, "unit", ow, (str,), required=False, nullable=True),
                arm=c.get(o, "arm", ow, (str,), required=False, nullable=True),
                population=c.get(o, "population", ow, (str,), required=False, nullable=True),
                relation=relation, page=page, evidence=evidence,
            ))
        pages = c.get(t, "pages", where, (list,), required=False, default=[]) or []
        trials.append(Trial(
            key=c.get(t, "key", where, (str,)),
            names=c.str_list(t, "names", where),
            nct_ids=c.str_list(t, "nct_ids", where),
            phase=c.get(t, "phase", where, (str,), nullable=True),
            sample_size=c.get(t, "sample_size", where, (int,), nullable=True),
            drugs=c.str_list(t, "drugs", where),
            endpoints=c.str_list(t, "endpoints", where),
            outcomes=outcomes,
            evidence=c.str_list(t, "evidence", where, required=False),
            pages=[p for p in pages if isinstance(p, int) and not isinstance(p, bool)],
        ))
    mentions = data.get("mentions") if isinstance(data.get("mentions"), list) else []
    document = Document(doc=doc, path=source, entities=entities, trials=trials,
                        mentions=[m for m in mentions if isinstance(m, dict)], title=title)
    if gold:
        _check_consistency(document, c)
    if text is not None and warnings is not None:
        warnings.extend(_text_warnings(document, text))
    return document


def endpoint_canon(entities: dict[str, list[Entity]]) -> dict[str, str]:
    """Normalised surface form -> normalised canonical endpoint name (first entity wins)."""
    canon: dict[str, str] = {}
    for ent in entities.get("ENDPOINT", []):
        for form in ent.forms:
            canon.setdefault(norm_name(form), norm_name(ent.name))
    return canon


def _check_consistency(document: Document, c: _Checker) -> None:
    canon = endpoint_canon(document.entities)
    for ti, trial in enumerate(document.trials):
        mine = {canon.get(norm_name(e), norm_name(e)) for e in trial.endpoints}
        for oi, o in enumerate(trial.outcomes):
            if o.endpoint is None:
                continue  # a median follow-up tied to no endpoint (CONTRACT.md)
            if canon.get(norm_name(o.endpoint), norm_name(o.endpoint)) not in mine:
                raise c.fail(f"trials[{ti}].outcomes[{oi}].endpoint",
                             f"endpoint {o.endpoint!r} is not among trial {trial.key!r}'s endpoints")


def _text_warnings(document: Document, text: str) -> list[str]:
    """Aliases and NCT ids that occur nowhere in the text (normalised comparison)."""
    flat = norm_name(text)
    out = []
    for label in LABELS:
        for i, ent in enumerate(document.entities[label]):
            forms = [ent.name] if label == "NCT" else ent.aliases
            for j, form in enumerate(forms):
                if form not in text and norm_name(form) not in flat:
                    where = f"entities.{label}[{i}]" + ("" if label == "NCT" else f".aliases[{j}]")
                    out.append(f"{document.path}: {where}: {form!r} does not occur in the document text")
    return out


def load_document(path: str | Path, *, gold: bool = True, text: str | None = None,
                  warnings: list[str] | None = None) -> Document:
    """Read and validate one annotation (gold=True) or prediction file."""
    p = Path(path)
    return parse_document(read_json(p), str(p), gold=gold, text=text, warnings=warnings)


def load_dir(folder: str | Path, *, gold: bool = True, texts: str | Path | None = None,
             warnings: list[str] | None = None) -> dict[str, Document]:
    """Every `*.json` of a folder, keyed by file stem (the document id).

    `texts`, when given, is a folder of `<doc>.txt` files used for the
    alias-occurrence warnings.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise AnnotationError(f"{folder}: not a folder")
    docs: dict[str, Document] = {}
    for path in sorted(folder.glob("*.json")):
        text = None
        if texts is not None and (Path(texts) / f"{path.stem}.txt").is_file():
            text = (Path(texts) / f"{path.stem}.txt").read_text(encoding="utf-8", errors="replace")
        docs[path.stem] = load_document(path, gold=gold, text=text, warnings=warnings)
    return docs
