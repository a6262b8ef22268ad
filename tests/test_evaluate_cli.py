"""`extract evaluate` end to end: exit codes, stdout table, --json shape, --report, warnings."""
import json
import shutil
from pathlib import Path

import pytest

from extract.cli import main
from extract.evaluate.scoring import KEYS

ROOT = Path(__file__).resolve().parents[1]

GOLD = {
    "doc": "d1", "title": "t",
    "entities": {"NCT": ["NCT01111111"], "TRIAL": [{"name": "OMEGA", "aliases": []}],
                 "DRUG": [{"name": "zetamab", "aliases": ["ZT-7"]}],
                 "ENDPOINT": [{"name": "ORR", "long": "objective response rate", "aliases": []}]},
    "trials": [{"key": "OMEGA", "names": ["OMEGA"], "nct_ids": ["NCT01111111"], "phase": "II",
                "sample_size": 40, "drugs": ["zetamab"], "endpoints": ["ORR"],
                "outcomes": [{"endpoint": "ORR", "arm": "zetamab", "value": 35.0, "unit": "%"}],
                "evidence": ["In OMEGA (NCT01111111), ORR with zetamab was 35.0% among 40 patients."]}],
}


@pytest.fixture
def dirs(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    (gold / "d1.json").write_text(json.dumps(GOLD))
    return gold, pred


def write_pred(pred_dir, **trial_changes):
    data = json.loads(json.dumps(GOLD))
    data["trials"][0].update(trial_changes)
    data["trials"][0]["pages"] = [3]
    for o in data["trials"][0]["outcomes"]:
        o.setdefault("statistic", None)  # predictions write null for an arm's value
        o.update(page=3, evidence="ORR with zetamab was 35.0%")
    data["mentions"] = [{"label": "DRUG", "text": "ZT-7", "normalized": "zetamab", "page": 3,
                         "sentence": "s"}]
    (pred_dir / "d1.json").write_text(json.dumps(data))


def run(capsys, *argv):
    code = main(["evaluate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_perfect_prediction_prints_the_ten_keys(dirs, capsys):
    gold, pred = dirs
    write_pred(pred)
    code, out, err = run(capsys, "--pred", str(pred), "--gold", str(gold))
    assert code == 0 and err == ""
    for key in KEYS:
        line = next(ln for ln in out.splitlines() if ln.split()[:1] == [key])
        assert line.split()[1:4] == ["1.000", "1.000", "1.000"]
    assert "d1" in out  # per-document row


def test_json_shape_is_the_contract(dirs, capsys):
    gold, pred = dirs
    write_pred(pred, sample_size=41)
    code, out, _ = run(capsys, "--pred", str(pred), "--gold", str(gold), "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) <= {"scores", "documents"} and list(data["scores"]) == list(KEYS)
    for key in KEYS:
        assert set(data["scores"][key]) == {"p", "r", "f", "tp", "fp", "fn"}
    # 41 vs 40: one wrong value = fp 1 + fn 1
    assert data["scores"]["sample_size"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 1}
    assert data["documents"]["d1"]["trials"]["tp"] == 1


def test_missing_prediction_file_warns_and_counts_false_negatives(dirs, capsys):
    gold, pred = dirs
    code, out, err = run(capsys, "--pred", str(pred), "--gold", str(gold), "--json")
    assert code == 0
    assert "warning" in err and "d1" in err and err.count("\n") == 1
    scores = json.loads(out)["scores"]
    assert scores["trials"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 1}
    assert scores["outcomes"]["fn"] == 1
    # fields are scored on matched pairs only: none here, so 0 with nothing counted
    assert scores["drugs"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 0}


def test_invalid_prediction_is_one_line_error_naming_file_and_path(dirs, capsys):
    gold, pred = dirs
    write_pred(pred, outcomes=[{"endpoint": "ORR", "statistic": "or", "value": 2}])
    code, out, err = run(capsys, "--pred", str(pred), "--gold", str(gold))
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "Traceback" not in err
    assert "d1.json: trials[0].outcomes[0].statistic: unknown statistic 'or'" in err


def test_bad_folders_and_unknown_docs_exit_2(dirs, tmp_path, capsys):
    gold, pred = dirs
    assert run(capsys, "--pred", str(tmp_path / "nope"), "--gold", str(gold))[0] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "--pred", str(pred), "--gold", str(empty))
    assert code == 2 and "no annotation files" in err
    code, _, err = run(capsys, "--pred", str(pred), "--gold", str(gold), "--docs", "d1,zz")
    assert code == 2 and "zz" in err


def test_docs_restricts_the_scored_documents(dirs, capsys):
    gold, pred = dirs
    other = json.loads(json.dumps(GOLD))
    other["doc"] = "d2"
    (gold / "d2.json").write_text(json.dumps(other))
    write_pred(pred)
    code, out, err = run(capsys, "--pred", str(pred), "--gold", str(gold), "--docs", "d1", "--json")
    assert code == 0 and err == ""  # d2 has no prediction but is not asked for
    assert list(json.loads(out)["documents"]) == ["d1"]


def test_report_lists_errors_by_type_with_evidence_and_page(dirs, tmp_path, capsys):
    gold, pred = dirs
    write_pred(pred, outcomes=[{"endpoint": "ORR", "value": 36.0, "unit": "%"}], phase=None)
    report = tmp_path / "r.md"
    code, _, _ = run(capsys, "--pred", str(pred), "--gold", str(gold), "--report", str(report))
    text = report.read_text()
    assert code == 0
    assert "| outcomes | 0.000 | 0.000 | 0.000 | 0 | 1 | 1 |" in text
    assert "## Missed (false negatives): 1" in text          # phase II predicted null
    assert "## Wrong value" in text and "gold ORR 35.0 %" in text and "predicted ORR 36.0 %" in text
    assert "page 3" in text and "ORR with zetamab" in text


def test_bundled_gold_against_itself_and_against_nothing(tmp_path, capsys):
    ann = ROOT / "annotations"
    code, out, _ = run(capsys, "--pred", str(ann), "--gold", str(ann), "--json")
    assert code == 0
    scores = json.loads(out)["scores"]
    # unnamed gold trials with no outcome cannot be matched by the contract's rule (see test_evaluate_scoring)
    assert all(v["f"] == 1.0 for k, v in scores.items() if k != "trials") and scores["trials"]["tp"] > 0
    empty = tmp_path / "pred"
    empty.mkdir()
    shutil.copy(ann / "000_9be4795360e6a4b5.json", tmp_path / "unrelated.json")  # not in pred dir
    code, out, err = run(capsys, "--pred", str(empty), "--gold", str(ann), "--json")
    scores = json.loads(out)["scores"]
    n_gold = len(list(ann.glob("*.json")))
    assert code == 0 and err.count("warning") == 1  # one warning, not one per gold document
    assert f"no prediction matches any of the {n_gold} gold documents" in err and "no .json files" in err
    fields = {"phase", "sample_size", "drugs", "endpoints"}
    assert all(v["tp"] == 0 and v["fp"] == 0 and v["f"] == 0.0 for v in scores.values())
    assert all(v["fn"] > 0 for k, v in scores.items() if k not in fields)


def test_text_folder_enables_alias_warnings(dirs, tmp_path, capsys):
    gold, pred = dirs
    write_pred(pred)
    texts = tmp_path / "texts"
    texts.mkdir()
    # the text names zetamab but never its alias "ZT-7"
    (texts / "d1.txt").write_text("In OMEGA (NCT01111111), ORR with zetamab was 35.0% among 40 patients.")
    code, _, err = run(capsys, "--pred", str(pred), "--gold", str(gold), "--text", str(texts))
    assert code == 0
    assert err.strip() == ("extract evaluate: warning: " + str(gold / "d1.json")
                           + ": entities.DRUG[0].aliases[0]: 'ZT-7' does not occur in the document text")


def test_no_matching_prediction_at_all_is_one_clear_warning(dirs, capsys):
    gold, pred = dirs
    (pred / "other_doc.json").write_text(json.dumps({**GOLD, "doc": "other_doc"}))
    code, out, err = run(capsys, "--pred", str(pred), "--gold", str(gold))
    assert code == 0 and "0.000" in out
    assert "no prediction matches any of the 1 gold documents (d1)" in err
    assert "it holds 1 other .json files (other_doc)" in err


def test_a_partial_match_gives_no_such_warning(dirs, capsys):
    gold, pred = dirs
    write_pred(pred)
    (gold / "d2.json").write_text(json.dumps({**GOLD, "doc": "d2"}))
    _code, _out, err = run(capsys, "--pred", str(pred), "--gold", str(gold))
    assert "no prediction for d2" in err and "matches any" not in err


def test_evaluate_help_describes_pred_and_gold(capsys):
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--pred DIR the output folder of `extract ingest`" in out
    assert "--gold DIR a folder of hand annotations" in out
