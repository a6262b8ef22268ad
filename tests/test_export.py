"""Export: the contract's CSV columns and cell formats, JSON per document, atomic writes."""
from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from extract import export
from extract.export import (ENTITY_COLUMNS, OUTCOME_COLUMNS, TRIAL_COLUMNS, atomic_write_text,
                            read_frames, records_to_frames, write_document, write_tables,
                            write_tables_streaming)
from extract.records import DocumentRecord, EntityMention, Outcome, Trial


def _record(doc="doc-a"):
    return DocumentRecord(
        doc=doc, title="A review", n_pages=3,
        mentions=[EntityMention("TRIAL", "Gamma 2", "GAMMA-2", 1, "The Gamma 2 study enrolled 80."),
                  EntityMention("REGISTRY", "ISRCTN11111111", "ISRCTN11111111", 1, "Registered."),
                  EntityMention("DRUG", "Zeta-101", "zetamab", 3, "Zeta-101 was well tolerated.")],
        trials=[
            Trial(key="GAMMA-2", names=["GAMMA-2", "Gamma 2", "GAMMA2"], nct_ids=["NCT01111111", "NCT02222222"],
                  phase="Ib/II", sample_size=80, drugs=["zetamab", "letrozole"], endpoints=["ORR", "PFS"],
                  outcomes=[Outcome("ORR", 41.5, "%", arm="zetamab + letrozole", population="first-line",
                                    page=2, evidence="ORR was 41.5% in first-line patients."),
                            Outcome("PFS", 0.62, None, statistic="HR", page=3, evidence="HR 0.62")],
                  pages=[3, 2, 2]),
            Trial(key="unnamed-1", outcomes=[Outcome("OS", 14.0, "months", page=1, evidence="OS 14 months")]),
        ])


def test_columns_exactly_as_the_contract_in_order():
    trials, outcomes, entities = records_to_frames([_record()])
    assert list(trials.columns) == ["doc", "trial_key", "name", "aliases", "nct_ids", "phase",
                                    "sample_size", "drugs", "endpoints", "pages"]
    # the contract's columns first, in order; the value boxes (issue 11) appended after them
    assert list(outcomes.columns) == ["doc", "trial_key", "endpoint", "population", "arm", "statistic",
                                      "value", "unit", "page", "evidence", "bbox"]
    assert list(entities.columns) == ["doc", "label", "text", "normalized", "page", "sentence", "bbox"]


def test_boxes_are_written_as_point_lists_and_empty_without_one():
    rec = _record()
    rec.trials[0].outcomes[0].bbox = [72.5, 300.0, 90.25, 309.0]
    _, outcomes, _ = records_to_frames([rec])
    assert list(outcomes["bbox"].fillna("")) == ["[72.5, 300, 90.25, 309]", "", ""]


def test_trial_row_cells():
    trials, _, _ = records_to_frames([_record()])
    row = trials.iloc[0]
    assert row["name"] == "GAMMA-2"
    assert row["aliases"] == "Gamma 2; GAMMA2"
    assert row["nct_ids"] == "NCT01111111; NCT02222222"
    assert row["drugs"] == "zetamab; letrozole"
    assert row["pages"] == "2; 3"
    assert row["sample_size"] == 80
    unnamed = trials.iloc[1]
    assert unnamed["name"] == "" and unnamed["aliases"] == "" and pd.isna(unnamed["sample_size"])


def test_outcome_rows_one_per_number_with_page_and_evidence():
    _, outcomes, _ = records_to_frames([_record()])
    assert len(outcomes) == 3
    hr = outcomes[outcomes["statistic"] == "HR"].iloc[0]
    assert hr["trial_key"] == "GAMMA-2" and hr["value"] == pytest.approx(0.62) and hr["page"] == 3
    arm = outcomes.iloc[0]
    assert pd.isna(arm["statistic"]) and arm["arm"] == "zetamab + letrozole" and arm["population"] == "first-line"
    assert outcomes.iloc[2]["trial_key"] == "unnamed-1"


def test_entities_from_mentions_only_contract_labels():
    _, _, entities = records_to_frames([_record()])
    assert list(entities["label"]) == ["TRIAL", "DRUG"]  # REGISTRY stays in the JSON only
    assert entities.iloc[1]["text"] == "Zeta-101" and entities.iloc[1]["normalized"] == "zetamab"


def test_empty_input_gives_empty_frames_with_columns():
    frames = records_to_frames([])
    assert [list(f.columns) for f in frames] == [TRIAL_COLUMNS, OUTCOME_COLUMNS, ENTITY_COLUMNS]
    assert all(len(f) == 0 for f in frames)


def test_csv_round_trip_and_integer_cells(tmp_path):
    write_tables([_record("d1"), _record("d2")], tmp_path)
    text = (tmp_path / "trials.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(TRIAL_COLUMNS)
    assert ",80," in text and "80.0" not in text  # nullable integers, no float formatting
    trials, outcomes, entities = read_frames(tmp_path)
    assert list(trials["doc"]) == ["d1", "d1", "d2", "d2"]
    assert len(outcomes) == 6 and len(entities) == 4


def test_streaming_csvs_equal_in_memory_csvs(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    recs = [_record("d1"), _record("d2"), DocumentRecord(doc="empty")]
    write_tables(recs, a)
    paths = [write_document(r, b) for r in recs]
    write_tables_streaming(paths, b)
    for name in ("trials.csv", "outcomes.csv", "entities.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_document_json_is_the_record(tmp_path):
    path = write_document(_record(), tmp_path)
    assert path.name == "doc-a.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == _record().to_json()
    assert DocumentRecord.from_json(data).to_json() == data


@pytest.mark.parametrize("record", [_record(), DocumentRecord(doc="empty"),
                                    DocumentRecord(doc="q\"uote", title="ünï\ncode", mentions=_record().mentions)])
def test_json_text_encoded_item_by_item_is_plain_json_dumps(record):
    assert export.record_json_text(record) == json.dumps(record.to_json(), ensure_ascii=False, indent=2) + "\n"


def test_atomic_write_keeps_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "trials.csv"
    atomic_write_text(target, "old\n")

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(export.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["trials.csv"]  # no temp file left behind


def test_streaming_write_interrupted_leaves_previous_csvs(tmp_path, monkeypatch):
    write_tables([_record("d1")], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    good = write_document(_record("d2"), tmp_path)
    with pytest.raises(json.JSONDecodeError):
        write_tables_streaming([good, bad], tmp_path)
    for name, data in before.items():
        assert (tmp_path / name).read_bytes() == data
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(export.TMP_PREFIX)]


def test_written_files_follow_the_umask_not_private(tmp_path):
    old = os.umask(0o022)
    try:
        export._file_mode.cache_clear()
        path = atomic_write_text(tmp_path / "x.csv", "a\n")
    finally:
        os.umask(old)
        export._file_mode.cache_clear()
    assert path.stat().st_mode & 0o777 == 0o644  # mkstemp alone would give 0600


def test_extract_dataframes_api(monkeypatch, tmp_path):
    import extract
    import extract.pipeline

    monkeypatch.setattr(extract.pipeline.Pipeline, "process_path",
                        lambda self, p, timings=None: _record(os.path.basename(str(p))))
    trials, outcomes, entities = extract.extract_dataframes(["x1", "x2"])
    assert list(trials["doc"].unique()) == ["x1", "x2"]
    assert list(outcomes.columns) == OUTCOME_COLUMNS
