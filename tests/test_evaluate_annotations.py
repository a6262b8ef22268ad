"""Loading and validating annotation / prediction files (gold/SCHEMA.md)."""
import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from extract.errors import AnnotationError
from extract.evaluate.annotations import load_dir, load_document, parse_document

ROOT = Path(__file__).resolve().parents[1]

# A small made-up annotation: one named trial with an alias-named outcome endpoint.
VALID = {
    "doc": "toy",
    "title": "A made-up review",
    "notes": "",
    "entities": {
        "NCT": ["NCT09990001"],
        "TRIAL": [{"name": "ZETA-2", "aliases": ["ZETA 2"]}],
        "DRUG": [{"name": "zetamab", "aliases": ["ZT-7"]}],
        "ENDPOINT": [{"name": "PFS", "long": "progression-free survival", "aliases": ["mPFS"]}],
    },
    "trials": [{
        "key": "ZETA-2", "names": ["ZETA-2", "ZETA 2"], "nct_ids": ["NCT09990001"],
        "phase": "II", "sample_size": 120, "drugs": ["zetamab"], "endpoints": ["PFS"],
        "outcomes": [
            {"endpoint": "mPFS", "arm": "zetamab", "value": 9.4, "unit": "months"},
            {"endpoint": "PFS", "statistic": "HR", "value": 0.61},
        ],
        "evidence": ["In ZETA 2 (NCT09990001), 120 patients ... mPFS 9.4 months ... HR 0.61."],
    }],
}
TEXT = "The phase II ZETA 2 trial (NCT09990001) tested ZT-7 (zetamab); mPFS was 9.4 months."


def doc(**changes):
    d = copy.deepcopy(VALID)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = d
        for p in parents:
            target = target[int(p)] if p.isdigit() else target[p]
        if value is KeyError:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return d


def error_of(data, gold=True) -> str:
    with pytest.raises(AnnotationError) as info:
        parse_document(data, "000.json", gold=gold)
    return str(info.value)


def test_valid_document_loads_with_its_fields():
    d = parse_document(doc(), "toy.json")
    assert d.doc == "toy"
    assert [e.name for e in d.entities["NCT"]] == ["NCT09990001"]
    assert d.entities["DRUG"][0].aliases == ["ZT-7"]
    t = d.trials[0]
    assert (t.key, t.phase, t.sample_size) == ("ZETA-2", "II", 120)
    assert t.outcomes[0].statistic is None and t.outcomes[1].statistic == "HR"


def test_missing_key_names_file_and_json_path():
    assert error_of(doc(trials__0__phase=KeyError)) == "000.json: trials[0].phase: missing key"
    assert error_of(doc(entities__DRUG=KeyError)) == "000.json: entities.DRUG: missing key"
    assert error_of(doc(trials__0__outcomes__1__value=KeyError)) == \
        "000.json: trials[0].outcomes[1].value: missing key"


def test_wrong_type_names_the_expected_type():
    msg = error_of(doc(trials__0__sample_size="120"))
    assert msg == "000.json: trials[0].sample_size: expected integer or null, got string"
    assert "trials[0].outcomes[0].value: expected number, got string" in error_of(
        doc(trials__0__outcomes__0__value="9.4"))
    assert "entities.NCT[0]: expected string, got object" in error_of(doc(entities__NCT=[{"name": "x"}]))
    assert "trials[0].drugs[0]: expected string, got number" in error_of(doc(trials__0__drugs=[3]))
    assert "sample_size: expected integer or null, got boolean" in error_of(doc(trials__0__sample_size=True))
    assert "expected object, got array" in error_of([VALID])


def test_unknown_statistic_is_an_error_for_gold_and_prediction():
    bad = doc(trials__0__outcomes__1__statistic="or")
    expected = "000.json: trials[0].outcomes[1].statistic: unknown statistic 'or'"
    assert error_of(bad) == expected
    assert error_of(bad, gold=False) == expected


@pytest.mark.parametrize("stat", ["p", "HR", "CI_low", "CI_high", "n", "difference", "event_rate",
                                  "median_follow_up", None])
def test_every_allowed_statistic_loads(stat):
    parse_document(doc(trials__0__outcomes__1__statistic=stat), "toy.json")


def test_statistic_absent_and_null_are_the_same():
    d = parse_document(doc(trials__0__outcomes__0__statistic=None), "toy.json")
    absent = parse_document(doc(), "toy.json")
    assert d.trials[0].outcomes[0].statistic is absent.trials[0].outcomes[0].statistic is None


def test_outcome_endpoint_outside_the_trial_endpoints_fails_gold_only():
    bad = doc(trials__0__outcomes__1__endpoint="OS")
    assert error_of(bad) == ("000.json: trials[0].outcomes[1].endpoint: "
                             "endpoint 'OS' is not among trial 'ZETA-2''s endpoints")
    parse_document(bad, "pred.json", gold=False)  # predictions are scored, not rejected


def test_outcome_endpoint_check_is_alias_aware():
    # outcome 0 says "mPFS", the trial lists "PFS": mPFS is an alias of the PFS entity.
    parse_document(doc(), "toy.json")
    # without the alias the same outcome is inconsistent
    msg = error_of(doc(entities__ENDPOINT__0__aliases=[]))
    assert "trials[0].outcomes[0].endpoint: endpoint 'mPFS'" in msg


def test_prediction_provenance_keys_are_ignored():
    pred = doc(source="x.pdf", pages=7, mentions=[{"label": "DRUG", "text": "ZT-7"}],
               trials__0__pages=[2, 3])
    pred["trials"][0]["outcomes"][0].update(page=2, evidence="mPFS was 9.4 months", statistic=None)
    pred["entities"]["DRUG"][0]["identifier"] = "DB00000"
    d = parse_document(pred, "pred.json", gold=False)
    assert d.trials[0].pages == [2, 3] and d.trials[0].outcomes[0].page == 2


def test_alias_missing_from_the_text_is_a_warning(tmp_path):
    warnings: list[str] = []
    parse_document(doc(entities__DRUG__0__aliases=["ZT-7", "ZT-9"]), "toy.json", text=TEXT,
                   warnings=warnings)
    # "ZT-7" and "ZETA 2" occur; "ZT-9" does not. Canonical names are not checked.
    assert warnings == ["toy.json: entities.DRUG[0].aliases[1]: 'ZT-9' does not occur in the document text"]


def test_alias_found_despite_different_spacing_or_hyphens():
    warnings: list[str] = []
    parse_document(doc(entities__DRUG__0__aliases=["ZT 7"], entities__NCT=["NCT 09990001"]), "toy.json",
                   text=TEXT, warnings=warnings)
    assert warnings == []


def test_read_from_file_keeps_written_precision_and_reports_bad_json(tmp_path):
    path = tmp_path / "toy.json"
    path.write_text(json.dumps(VALID).replace("9.4", "9.40"))
    d = load_document(path)
    assert d.trials[0].outcomes[0].value == Decimal("9.40")
    assert d.trials[0].outcomes[0].value.as_tuple().exponent == -2
    bad = tmp_path / "bad.json"
    bad.write_text('{"doc": "x",\n "entities": }')  # the brace is column 14 of line 2
    with pytest.raises(AnnotationError, match=r"bad\.json: invalid JSON at line 2, column 14"):
        load_document(bad)


def test_bundled_annotations_are_valid_and_their_aliases_occur_in_the_texts():
    warnings: list[str] = []
    docs = load_dir(ROOT / "annotations", texts=ROOT / "corpus" / "text", warnings=warnings)
    n_files = len(list((ROOT / "annotations").glob("*.json")))
    assert n_files >= 2 and len(docs) == n_files and all(d.trials for d in docs.values())
    assert warnings == []


def test_null_endpoint_is_accepted_for_gold_and_skips_the_consistency_check():
    data = doc()
    data["trials"][0]["outcomes"].append(
        {"endpoint": None, "statistic": "median_follow_up", "value": 12.5, "unit": "months"})
    d = parse_document(data, "toy.json")
    assert d.trials[0].outcomes[-1].endpoint is None
    # an endpoint of the wrong type is still named
    data["trials"][0]["outcomes"][-1]["endpoint"] = 3
    assert "outcomes[2].endpoint: expected string or null, got number" in error_of(data)


def test_shared_real_gold_loads_when_present():
    folder = ROOT.parent / "shared" / "gold-real"
    if not folder.is_dir():
        pytest.skip("../shared/gold-real is not beside the repository")
    docs = load_dir(folder)
    assert len(docs) >= 4
