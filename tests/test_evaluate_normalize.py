"""Name and value normalisation of the scorer (CONTRACT.md "Scoring")."""
from decimal import Decimal

import pytest

from extract.evaluate.normalize import norm_name, norm_phase, value_equal


@pytest.mark.parametrize("a, b", [
    ("IMpassion 050", "impassion050"),
    ("Keynote-999", "KEYNOTE 999"),
    ("T-DM1", "tdm1"),
    ("ado\u2013trastuzumab  emtansine", "adotrastuzumabemtansine"),  # en dash, double space
    ("(ZW-49).", "zw49"),
])
def test_names_equal_after_normalising(a, b):
    assert norm_name(a) == norm_name(b)


@pytest.mark.parametrize("a, b", [("PFS", "OS"), ("ZW25", "ZW49"), ("3-year DFS", "DFS")])
def test_different_names_stay_different(a, b):
    assert norm_name(a) != norm_name(b)


def test_phase_keeps_the_slash_and_ignores_case_and_the_word_phase():
    assert norm_phase("Phase Ib") == norm_phase("IB") == "ib"
    assert norm_phase("I/II") != norm_phase("III")
    assert norm_phase(None) is None


@pytest.mark.parametrize("gold, pred", [
    (Decimal("62.7"), Decimal("62.70")),   # trailing zero in the prediction
    (Decimal("62.70"), Decimal("62.7")),   # trailing zero in the gold
    (Decimal("0.48"), Decimal("0.480")),
    (46, Decimal("46.0")),
    (Decimal("0.3"), 0.1 + 0.2),           # float artefact 0.30000000000000004
    # the gold wrote one decimal; 62.66 rounds (half up) to 62.7 at that precision
    (Decimal("62.7"), Decimal("62.66")),
    (Decimal("62.7"), Decimal("62.65")),
])
def test_values_equal_to_the_precision_written_in_gold(gold, pred):
    assert value_equal(gold, pred)


@pytest.mark.parametrize("gold, pred", [
    (Decimal("62.66"), Decimal("62.7")),   # the prediction lost a digit the text wrote
    (Decimal("0.9551"), Decimal("0.96")),
    (Decimal("62.7"), Decimal("62.64")),   # rounds to 62.6
    (Decimal("62.7"), Decimal("62.75")),   # rounds half up to 62.8
    (Decimal("0.627"), Decimal("62.7")),   # a fraction is not a percentage
    (46, Decimal("47")),
    (46, None),
])
def test_values_that_disagree(gold, pred):
    assert not value_equal(gold, pred)
