"""The scorer on small made-up gold/prediction pairs; expected counts worked out by hand."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from extract.evaluate.annotations import load_dir, parse_document
from extract.evaluate.scoring import KEYS, Counts, max_matching, score_corpus, score_document

ROOT = Path(__file__).resolve().parents[1]


def make(entities=None, trials=(), doc="toy", gold=True):
    """A document from plain dicts; JSON round trip with Decimal keeps written precision."""
    ents = {"NCT": [], "TRIAL": [], "DRUG": [], "ENDPOINT": []}
    ents.update(entities or {})
    full = []
    for t in trials:
        base = {"key": t.get("names", ["unnamed-1"])[0] if t.get("names") else "unnamed-1", "names": [],
                "nct_ids": [], "phase": None, "sample_size": None, "drugs": [], "endpoints": [],
                "outcomes": []}
        base.update(t)
        full.append(base)
    text = json.dumps({"doc": doc, "entities": ents, "trials": full})
    return parse_document(json.loads(text, parse_float=Decimal), f"{doc}.json", gold=False)


def ent(name, *aliases):
    return {"name": name, "aliases": list(aliases)}


def counts(score, key):
    c = score.counts[key]
    return c.tp, c.fp, c.fn


# ---------------------------------------------------------------- entities

DRUGS = {"DRUG": [ent("trastuzumab emtansine", "T-DM1", "TDM1"), ent("pertuzumab")]}


def test_alias_of_a_gold_entity_is_a_correct_name():
    pred = make({"DRUG": [ent("T-DM1"), ent("Pertuzumab")]})
    # T-DM1 = alias of trastuzumab emtansine; "Pertuzumab" = canonical after lowercasing
    assert counts(score_document(make(DRUGS), pred), "ent_DRUG") == (2, 0, 0)


def test_second_surface_form_of_a_matched_drug_is_a_false_positive():
    pred = make({"DRUG": [ent("trastuzumab emtansine"), ent("T-DM1"), ent("docetaxel")]})
    # trastuzumab emtansine matches; T-DM1 has no gold entity left -> fp; docetaxel -> fp;
    # pertuzumab never predicted -> fn. tp 1, fp 2, fn 1: P = 1/3, R = 1/2, F = 2PR/(P+R) = 0.4
    s = score_document(make(DRUGS), pred)
    assert counts(s, "ent_DRUG") == (1, 2, 1)
    c = s.counts["ent_DRUG"]
    assert (c.p, c.r, c.f) == pytest.approx((1 / 3, 1 / 2, 0.4))
    assert any("T-DM1" in e.what and "already matched" in e.what for e in s.errors if e.kind == "spurious")


def test_names_equal_after_normalising_are_one_predicted_name():
    gold = make({"TRIAL": [ent("IMpassion050")]})
    pred = make({"TRIAL": [ent("IMpassion 050"), ent("impassion-050")]})
    # both normalise to "impassion050": the predicted *set* has one member -> tp 1, fp 0
    assert counts(score_document(gold, pred), "ent_TRIAL") == (1, 0, 0)


def test_each_gold_entity_matched_at_most_once_with_the_best_assignment():
    # "x" is an alias of both gold entities; taking A for "x" first would leave "a" unmatched.
    gold = make({"DRUG": [ent("a", "x"), ent("b", "x")]})
    pred = make({"DRUG": [ent("x"), ent("a")]})
    assert counts(score_document(gold, pred), "ent_DRUG") == (2, 0, 0)  # a->A, x->B


def test_predicted_aliases_are_not_scored_and_nct_are_strings():
    gold = make({"NCT": ["NCT01234567", "NCT07654321"], "DRUG": [ent("pertuzumab")]})
    pred = make({"NCT": ["nct01234567", "NCT099"], "DRUG": [ent("perjeta", "pertuzumab")]})
    # NCT: one equal after lowercasing, one wrong -> (1, 1, 1); DRUG: canonical "perjeta"
    # is not a gold form (its own alias does not help) -> (0, 1, 1)
    s = score_document(gold, pred)
    assert counts(s, "ent_NCT") == (1, 1, 1)
    assert counts(s, "ent_DRUG") == (0, 1, 1)


def test_max_matching_prefers_listed_order_but_maximises():
    assert max_matching(2, [[0, 1], [0]]) == {0: 1, 1: 0}
    assert max_matching(2, [[0], [0]]) == {0: 0}


# ------------------------------------------------------------------ trials

def test_trials_match_by_nct_id_even_when_names_differ():
    gold = make(trials=[{"key": "ALPHA", "names": ["ALPHA"], "nct_ids": ["NCT00000001"]}])
    pred = make(trials=[{"key": "NCT00000001", "names": ["Alfa"], "nct_ids": ["NCT00000001"]}])
    assert counts(score_document(gold, pred), "trials") == (1, 0, 0)


def test_trials_match_by_a_gold_trial_entity_alias():
    # the gold trial record lists only "ALPHA-1"; the TRIAL entity adds the alias "Alpha One"
    gold = make({"TRIAL": [ent("ALPHA-1", "Alpha One")]},
                trials=[{"key": "ALPHA-1", "names": ["ALPHA-1"]}])
    pred = make(trials=[{"key": "alpha one", "names": ["alpha one"]}])
    assert counts(score_document(gold, pred), "trials") == (1, 0, 0)


def test_nct_id_is_tried_before_names():
    gold = make(trials=[{"key": "A", "names": ["A"], "nct_ids": ["NCT00000001"]},
                        {"key": "B", "names": ["B"], "nct_ids": ["NCT00000002"]}])
    pred = make(trials=[{"key": "P", "names": ["A"], "nct_ids": ["NCT00000002"]},
                        {"key": "Q", "names": ["A"]}])
    # NCT first: P->B; then names: Q->A -> tp 2. (Names first would give P->A, Q unmatched.)
    assert counts(score_document(gold, pred), "trials") == (2, 0, 0)


def test_the_key_is_a_label_not_a_name():
    gold = make(trials=[{"key": "ALPHA", "names": ["ALPHA"]}])
    pred = make(trials=[{"key": "ALPHA", "names": []}])
    assert counts(score_document(gold, pred), "trials") == (0, 1, 1)


def test_each_gold_trial_matched_once():
    gold = make(trials=[{"key": "NCT00000001", "nct_ids": ["NCT00000001"]}])
    pred = make(trials=[{"key": "A", "nct_ids": ["NCT00000001"]}, {"key": "B", "nct_ids": ["NCT00000001"]}])
    assert counts(score_document(gold, pred), "trials") == (1, 1, 0)


GOLD_UNNAMED = {"ENDPOINT": [ent("PFS", "median PFS")]}
UNNAMED = [{"key": "unnamed-1", "endpoints": ["PFS"],
            "outcomes": [{"endpoint": "PFS", "value": 7.1, "unit": "months"}]}]


def test_unnamed_prediction_matches_unnamed_gold_by_endpoint_and_value():
    gold = make(GOLD_UNNAMED, UNNAMED)
    pred = make(trials=[{"key": "unnamed-4", "endpoints": ["median PFS"],
                         "outcomes": [{"endpoint": "median PFS", "statistic": None, "value": 7.10}]}])
    # "median PFS" is an alias of PFS and 7.10 == 7.1: trial, endpoint and outcome all match
    s = score_document(gold, pred)
    assert [counts(s, k) for k in ("trials", "endpoints", "outcomes")] == [(1, 0, 0)] * 3


def test_unnamed_prediction_with_another_value_does_not_match():
    gold = make(GOLD_UNNAMED, UNNAMED)
    pred = make(trials=[{"key": "unnamed-1", "outcomes": [{"endpoint": "PFS", "value": 7.2}]}])
    # no match: trial fp 1, fn 1; its outcome fp, the gold outcome fn;
    # endpoints are compared on matched pairs only, so nothing is counted there
    s = score_document(gold, pred)
    assert [counts(s, k) for k in ("trials", "outcomes", "endpoints")] == [(0, 1, 1), (0, 1, 1), (0, 0, 0)]


def test_named_prediction_never_matches_an_unnamed_gold_trial():
    gold = make(GOLD_UNNAMED, UNNAMED)
    pred = make(trials=[{"key": "ZETA", "names": ["ZETA"], "outcomes": [{"endpoint": "PFS", "value": 7.1}]}])
    assert counts(score_document(gold, pred), "trials") == (0, 1, 1)


# ---------------------------------------------------------- matched fields

def test_phase_and_sample_size_counting_on_matched_pairs():
    ids = [f"NCT0000000{i}" for i in range(5)]
    gold_fields = [("III", 100), ("II", None), (None, 50), ("I/II", 30), (None, None)]
    pred_fields = [("Phase III", 100), (None, 80), ("I", None), ("III", 31), (None, None)]
    gold = make(trials=[{"key": n, "nct_ids": [n], "phase": p, "sample_size": s}
                        for n, (p, s) in zip(ids, gold_fields)])
    pred = make(trials=[{"key": n, "nct_ids": [n], "phase": p, "sample_size": s}
                        for n, (p, s) in zip(ids, pred_fields)])
    s = score_document(gold, pred)
    # phase: III=Phase III tp; II/None fn; None/I fp; I/II vs III fp+fn; None/None not counted
    assert counts(s, "phase") == (1, 2, 2)
    # sample_size: 100=100 tp; None/80 fp; 50/None fn; 30 vs 31 fp+fn; None/None not counted
    assert counts(s, "sample_size") == (1, 2, 2)


def test_drugs_and_endpoints_sets_are_alias_aware_per_pair():
    gold = make({"DRUG": DRUGS["DRUG"], "ENDPOINT": [ent("PFS", "mPFS"), ent("OS")]},
                [{"key": "K", "names": ["K"], "drugs": ["trastuzumab emtansine", "pertuzumab"],
                  "endpoints": ["PFS", "OS"]}])
    pred = make(trials=[{"key": "K", "names": ["K"], "drugs": ["T-DM1", "trastuzumab emtansine", "docetaxel"],
                         "endpoints": ["mPFS"]}])
    s = score_document(gold, pred)
    # drugs: T-DM1 -> trastuzumab emtansine tp; the second form fp; docetaxel fp; pertuzumab fn
    assert counts(s, "drugs") == (1, 2, 1)
    # endpoints: mPFS -> PFS tp; OS fn
    assert counts(s, "endpoints") == (1, 0, 1)


def test_fields_of_unmatched_trials_are_not_compared():
    gold = make(trials=[{"key": "A", "names": ["A"], "phase": "II", "sample_size": 10, "drugs": ["x"]}])
    pred = make(trials=[{"key": "B", "names": ["B"], "phase": "III", "drugs": ["y", "z"]}])
    s = score_document(gold, pred)
    # the contract scores fields on matched pairs; A and B do not match, so no
    # field is compared; A's phase, size and drug are counted as unscored
    for key in ("phase", "sample_size", "drugs"):
        assert counts(s, key) == (0, 0, 0), key
        assert s.counts[key].unscored == 1 and s.counts[key].f == 0.0, key


# ---------------------------------------------------------------- outcomes

def outcome_doc(outcomes, endpoints=("pCR",)):
    return make({"ENDPOINT": [ent("pCR", "pCR rate")]},
                [{"key": "T", "names": ["T"], "endpoints": list(endpoints), "outcomes": outcomes}])


def test_values_written_with_a_trailing_zero_match():
    gold = outcome_doc([{"endpoint": "pCR", "value": 62.7, "unit": "%"},
                        {"endpoint": "pCR", "statistic": "p", "value": 0.48}])
    pred = outcome_doc([{"endpoint": "pCR rate", "statistic": None, "value": 62.70, "unit": "%"},
                        {"endpoint": "pCR", "statistic": "p", "value": 0.480}])
    assert counts(score_document(gold, pred), "outcomes") == (2, 0, 0)


def test_gold_precision_decides():
    # gold 62.66: a prediction of 62.7 lost a written digit -> wrong value (fp 1 + fn 1)
    s = score_document(outcome_doc([{"endpoint": "pCR", "value": 62.66}]),
                       outcome_doc([{"endpoint": "pCR", "value": 62.7}]))
    assert counts(s, "outcomes") == (0, 1, 1)
    assert [e.kind for e in s.errors if e.key == "outcomes"] == ["wrong value"]
    # gold 62.7: a prediction of 62.66 agrees to the written precision -> tp
    s = score_document(outcome_doc([{"endpoint": "pCR", "value": 62.7}]),
                       outcome_doc([{"endpoint": "pCR", "value": 62.66}]))
    assert counts(s, "outcomes") == (1, 0, 0)


def test_p_value_relation_is_not_scored_but_statistic_is():
    gold = outcome_doc([{"endpoint": "pCR", "statistic": "p", "value": 0.001, "relation": "<"}])
    same = outcome_doc([{"endpoint": "pCR", "statistic": "p", "value": 0.001}])
    as_arm_value = outcome_doc([{"endpoint": "pCR", "value": 0.001}])
    assert counts(score_document(gold, same), "outcomes") == (1, 0, 0)
    assert counts(score_document(gold, as_arm_value), "outcomes") == (0, 1, 1)


def test_outcomes_are_a_multiset():
    two_arms = outcome_doc([{"endpoint": "pCR", "arm": "A", "value": 40},
                            {"endpoint": "pCR", "arm": "B", "value": 40}])
    one = outcome_doc([{"endpoint": "pCR", "value": 40}])
    three = outcome_doc([{"endpoint": "pCR", "value": 40}] * 3)
    assert counts(score_document(two_arms, one), "outcomes") == (1, 0, 1)
    assert counts(score_document(two_arms, three), "outcomes") == (2, 1, 0)


def test_outcomes_of_unmatched_trials():
    gold = make(trials=[{"key": "A", "names": ["A"], "endpoints": ["OS"],
                         "outcomes": [{"endpoint": "OS", "value": 20}, {"endpoint": "OS", "value": 18}]}])
    pred = make(trials=[{"key": "B", "names": ["B"], "outcomes": [{"endpoint": "OS", "value": 20}]}])
    # same tuple content, but trial B is not trial A: pred outcome fp 1, gold outcomes fn 2
    assert counts(score_document(gold, pred), "outcomes") == (0, 1, 2)


# ----------------------------------------------------------- aggregation

def test_micro_average_over_documents():
    g1, p1 = make({"DRUG": [ent("a")]}, doc="d1"), make({"DRUG": [ent("a"), ent("b")]}, doc="d1")
    g2 = make({"DRUG": [ent("c"), ent("d"), ent("e"), ent("f")]}, doc="d2")
    p2 = make({"DRUG": [ent("c"), ent("d"), ent("e")]}, doc="d2")
    total = score_corpus({"d1": g1, "d2": g2}, {"d1": p1, "d2": p2}).total["ent_DRUG"]
    # d1: tp1 fp1 fn0; d2: tp3 fp0 fn1 -> summed tp4 fp1 fn1: P = R = 4/5 (macro P would be 0.75)
    assert (total.tp, total.fp, total.fn) == (4, 1, 1)
    assert (total.p, total.r) == pytest.approx((0.8, 0.8))


def test_counts_conventions():
    assert (Counts().p, Counts().r, Counts().f) == (1.0, 1.0, 1.0)   # nothing to find, none found
    assert (Counts(fn=3).p, Counts(fn=3).r, Counts(fn=3).f) == (0.0, 0.0, 0.0)
    assert (Counts(fp=2).p, Counts(fp=2).r) == (0.0, 0.0)


def _gold_docs():
    return load_dir(ROOT / "annotations")


def _unmatchable(doc) -> int:
    """Gold trials the contract can never match: no name, no NCT id and no outcome (an unnamed
    trial is matched through a shared (endpoint, value) outcome)."""
    return sum(1 for t in doc.trials if not t.names and not t.nct_ids and not t.outcomes)


def test_gold_against_itself_is_perfect_on_every_key():
    gold = _gold_docs()
    result = score_corpus(gold, {k: load_dir(ROOT / "annotations", gold=False)[k] for k in gold})
    for d in result.docs:
        lost = _unmatchable(gold[d.doc])
        for k in KEYS:
            if k == "trials":
                # unmatchable unnamed trials are missed, and their copies are spurious
                assert (d.counts[k].fp, d.counts[k].fn) == (lost, lost), d.doc
                continue
            assert (d.counts[k].fp, d.counts[k].fn) == (0, 0), (d.doc, k)
            assert d.counts[k].f == 1.0
    assert all(e.key == "trials" for d in result.docs for e in d.errors)


def test_empty_prediction_scores_zero_and_every_gold_item_is_missed():
    gold = _gold_docs()
    result = score_corpus(gold, {})
    total = result.total
    # independent count of gold items straight from the JSON
    expected = {k: 0 for k in KEYS}
    for path in sorted((ROOT / "annotations").glob("*.json")):
        data = json.loads(path.read_text())
        for label in ("NCT", "TRIAL", "DRUG", "ENDPOINT"):
            expected[f"ent_{label}"] += len(data["entities"][label])
        for t in data["trials"]:
            expected["trials"] += 1
            expected["outcomes"] += len(t["outcomes"])
            expected["phase"] += t["phase"] is not None
            expected["sample_size"] += t["sample_size"] is not None
            expected["drugs"] += len(set(t["drugs"]))
            expected["endpoints"] += len(set(t["endpoints"]))
    fields = ("phase", "sample_size", "drugs", "endpoints")
    for k in KEYS:
        # fields are scored on matched pairs only: nothing matched, so the gold
        # field items are "unscored" (not compared) and the score is 0, not 1
        found = (total[k].tp, total[k].fp, total[k].fn, total[k].unscored)
        assert found == ((0, 0, 0, expected[k]) if k in fields else (0, 0, expected[k], 0)), k
        assert total[k].f == 0.0
    assert all(d.missing_prediction for d in result.docs)


def test_null_endpoint_follow_up_matches_only_another_null_endpoint():
    # CONTRACT.md: a median follow-up tied to no endpoint has endpoint null
    gold = outcome_doc([{"endpoint": None, "statistic": "median_follow_up", "value": 22.1, "unit": "months"},
                        {"endpoint": "pCR", "value": 22.1}])
    pred = outcome_doc([{"endpoint": None, "statistic": "median_follow_up", "value": 22.1, "unit": "months"},
                        {"endpoint": "pCR", "statistic": "median_follow_up", "value": 22.1}])
    # first pair matches (null == null); the second prediction has the wrong statistic -> fp 1, fn 1
    assert counts(score_document(gold, pred), "outcomes") == (1, 1, 1)
