"""Records -> `DIR/<doc>.json` and the three CSVs of the contract, written atomically.

Atomic means: write a temporary file in the destination folder, flush and
fsync it, then `os.replace` it over the target. A reader (or a run that is
killed half way) sees either the old file or the new one, never half of one.
"""
from __future__ import annotations

import functools
import json
import os
import tempfile
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from extract.records import ENTITY_LABELS, DocumentRecord

if TYPE_CHECKING:  # pandas loads only where frames are built (not in ingest workers)
    import pandas as pd

JOIN = "; "
TMP_PREFIX = ".extract-tmp-"

TRIAL_COLUMNS = ["doc", "trial_key", "name", "aliases", "nct_ids", "phase", "sample_size",
                 "drugs", "endpoints", "pages"]
OUTCOME_COLUMNS = ["doc", "trial_key", "endpoint", "population", "arm", "statistic", "value",
                   "unit", "page", "evidence", "bbox"]
ENTITY_COLUMNS = ["doc", "label", "text", "normalized", "page", "sentence", "bbox"]
CSV_FILES = {"trials.csv": TRIAL_COLUMNS, "outcomes.csv": OUTCOME_COLUMNS, "entities.csv": ENTITY_COLUMNS}
# Integer columns that may be empty: pandas' nullable Int64 writes 454, not 454.0.
_INT_COLUMNS = {"sample_size", "page"}


def _box(bbox) -> str:
    """"[x0, top, x1, bottom]" in PDF points on the row's page; empty for text inputs."""
    return "[" + ", ".join(f"{v:g}" for v in bbox) + "]" if bbox else ""


def _join(values: Iterable[Any]) -> str:
    return JOIN.join(str(v) for v in values if v is not None and str(v) != "")


def _trial_rows(rec: DocumentRecord) -> Iterator[dict[str, Any]]:
    for t in rec.trials:
        names = list(t.names)
        yield {
            "doc": rec.doc, "trial_key": t.key,
            "name": names[0] if names else "",
            "aliases": _join(names[1:]),
            "nct_ids": _join(t.nct_ids),
            "phase": t.phase,
            "sample_size": t.sample_size,
            "drugs": _join(t.drugs),
            "endpoints": _join(t.endpoints),
            "pages": _join(sorted(set(t.pages))),
        }


def _outcome_rows(rec: DocumentRecord) -> Iterator[dict[str, Any]]:
    for t in rec.trials:
        for o in t.outcomes:
            yield {
                "doc": rec.doc, "trial_key": t.key, "endpoint": o.endpoint,
                "population": o.population, "arm": o.arm, "statistic": o.statistic,
                "value": o.value, "unit": o.unit, "page": o.page, "evidence": o.evidence,
                "bbox": _box(o.bbox),
            }


def _entity_rows(rec: DocumentRecord) -> Iterator[dict[str, Any]]:
    # The contract lists four labels; other spans (e.g. REGISTRY) stay in the JSON only.
    for m in rec.mentions:
        if m.label in ENTITY_LABELS:
            yield {"doc": rec.doc, "label": m.label, "text": m.text, "normalized": m.normalized,
                   "page": m.page, "sentence": m.sentence, "bbox": _box(m.bbox)}


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame(rows, columns=columns)
    for col in _INT_COLUMNS.intersection(columns):
        df[col] = pd.array([None if pd.isna(v) else int(v) for v in df[col]], dtype="Int64")
    if "value" in columns:
        df["value"] = pd.to_numeric(df["value"], errors="coerce").astype("float64")
    return df


def records_to_frames(records: Iterable[DocumentRecord]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(trials, outcomes, entities) DataFrames with exactly the contract's columns, in order."""
    trials: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    for rec in records:
        trials.extend(_trial_rows(rec))
        outcomes.extend(_outcome_rows(rec))
        entities.extend(_entity_rows(rec))
    return (_frame(trials, TRIAL_COLUMNS), _frame(outcomes, OUTCOME_COLUMNS),
            _frame(entities, ENTITY_COLUMNS))


# ---- atomic writes ---------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _file_mode() -> int:
    """Mode of a normal new file under the current umask (mkstemp would give 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _mkstemp(path: Path) -> tuple[int, str]:
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=path.suffix, dir=path.parent)
    try:
        os.chmod(tmp, _file_mode())
    except OSError:
        pass
    return fd, tmp


def atomic_write_text(path: str | Path, text: str | bytes | bytearray) -> Path:
    """Write `text` (UTF-8; bytes as they are) to `path` through a temp file in the same folder + rename."""
    path = Path(path)
    fd, tmp = _mkstemp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text if isinstance(text, (bytes, bytearray)) else text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise
    return path


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def record_json_text(record: DocumentRecord) -> str:
    """`json.dumps(record.to_json(), ensure_ascii=False, indent=2)` plus a newline."""
    return record_json_bytes(record).decode("utf-8")


def record_json_bytes(record: DocumentRecord) -> bytearray:
    """The record's JSON as UTF-8, byte for byte `record_json_text`, built one trial and one
    mention at a time into a byte buffer: a 1,000-page document's 50,000 mention dicts never
    exist at once, nor its JSON as a wide str (one "≥" makes a str two bytes per character)."""
    head = replace(record, trials=[], mentions=[]).to_json()
    del head["trials"], head["mentions"]
    buf = bytearray(json.dumps(head, ensure_ascii=False, indent=2)[:-2].encode("utf-8"))  # without "\n}"
    for key, items in (("trials", (t.to_json() for t in record.trials)),
                       ("mentions", (m.to_json() for m in record.mentions))):
        buf += f',\n  "{key}": '.encode()
        first = True
        for x in items:
            buf += b"[\n" if first else b",\n"
            buf += textwrap.indent(json.dumps(x, ensure_ascii=False, indent=2), "    ").encode("utf-8")
            first = False
        buf += b"[]" if first else b"\n  ]"
    buf += b"\n}\n"
    return buf  # not bytes(buf): that would hold the JSON twice


def write_document(record: DocumentRecord, out_dir: str | Path) -> Path:
    """`DIR/<doc>.json` in the annotation schema."""
    return atomic_write_text(Path(out_dir) / f"{record.doc}.json", record_json_text(record))


def write_frame_csv(df: pd.DataFrame, path: str | Path) -> Path:
    return atomic_write_text(path, df.to_csv(index=False))


def write_tables(records: Iterable[DocumentRecord], out_dir: str | Path) -> dict[str, Path]:
    """trials.csv, outcomes.csv, entities.csv for `records` (held in memory: small sets)."""
    frames = records_to_frames(records)
    return {name: write_frame_csv(df, Path(out_dir) / name) for name, df in zip(CSV_FILES, frames)}


def write_tables_streaming(json_paths: Iterable[str | Path], out_dir: str | Path) -> dict[str, Path]:
    """The three CSVs built one document JSON at a time, so memory stays bounded.

    Each CSV is appended to a temp file in `out_dir`, then renamed into place.
    """
    import pandas as pd

    out_dir = Path(out_dir)
    tmps: dict[str, str] = {}
    handles = {}
    try:
        for name, cols in CSV_FILES.items():
            fd, tmps[name] = _mkstemp(out_dir / name)
            handles[name] = os.fdopen(fd, "w", encoding="utf-8", newline="")
            handles[name].write(pd.DataFrame(columns=cols).to_csv(index=False))
        for jp in json_paths:
            rec = DocumentRecord.from_json(json.loads(Path(jp).read_text(encoding="utf-8")))
            for name, df in zip(CSV_FILES, records_to_frames([rec])):
                if len(df):
                    handles[name].write(df.to_csv(index=False, header=False))
        done = {}
        for name, fh in handles.items():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        for name, tmp in tmps.items():
            os.replace(tmp, out_dir / name)
            done[name] = out_dir / name
        return done
    except BaseException:
        for fh in handles.values():
            fh.close()
        for tmp in tmps.values():
            _unlink(tmp)
        raise


def read_frames(out_dir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three CSVs of an ingest folder as DataFrames (empty cells -> NaN)."""
    import pandas as pd

    out_dir = Path(out_dir)
    return tuple(pd.read_csv(out_dir / name, dtype={c: "Int64" for c in _INT_COLUMNS & set(cols)})
                 for name, cols in CSV_FILES.items())  # type: ignore[return-value]


def clean_stale_temp_files(out_dir: str | Path) -> int:
    """Remove temp files left by a run that was killed mid-write."""
    n = 0
    for p in Path(out_dir).glob(TMP_PREFIX + "*"):
        _unlink(p)
        n += 1
    return n
