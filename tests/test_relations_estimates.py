"""Continuous measures reported by their statistic, measures declared at times, design sentences."""
import re

import pytest

from extract.relations.estimates import about_difference, labelled_estimates
from extract.relations.filters import DESIGN
from extract.relations.outcomes import EP, find_outcomes
from extract.relations.timepoints import declared_times, timed_endpoint

# the shape of a Lancet RCT's primary result (numbers invented)
GM_SENTENCE = ("Month 6 HbA1c was lower in the insulin group (adjusted GM 7.1 mmol per L [95% CI 6.8-7.4]) than in "
               "the placebo group (8.2 mmol per L [7.9-8.6]; adjusted GM difference 1.1 mmol per L [0.7-1.5], "
               "p<0.0001; treatment difference 13%).")


def every(s):
    return [(e.statistic, e.value, e.unit, e.arm) for e in labelled_estimates(s, lambda a, b: True)]


def test_geometric_means_of_both_groups_and_their_difference():
    assert every(GM_SENTENCE) == [
        (None, 7.1, None, "insulin"),  # its "95% CI" bounds are the CI rule's
        (None, 8.2, None, "placebo"), ("CI_low", 7.9, None, "placebo"), ("CI_high", 8.6, None, "placebo"),
        ("difference", 1.1, None, None), ("CI_low", 0.7, None, None), ("CI_high", 1.5, None, None),
        ("difference", 13.0, "%", None),
    ]


def test_mean_difference_with_bare_interval_and_share_before_difference_noun():
    assert every("The mean difference was -2.4 (-3.1 to -1.7) points.") == [
        ("difference", -2.4, None, None), ("CI_low", -3.1, None, None), ("CI_high", -1.7, None, None)]
    assert every("... with a 40% treatment difference at month 12.") == [("difference", 40.0, "%", None)]


def test_lower_by_a_share_is_a_difference():
    s = "Weight was also lower at month 1 (by 12%), and month 6 (by 20%) with the drug."
    assert every(s) == [("difference", 12.0, "%", None), ("difference", 20.0, "%", None)]
    assert every("Follow-up visits were by 20% of sites.") == []  # no comparison before it


@pytest.mark.parametrize("s", [
    "The mean age was 62 years (range 45-78).",
    "Patients had a median follow-up of 12.3 months.",
    "The mean 62 years of age was typical.",
])
def test_ages_and_follow_up_are_not_labelled_estimates(s):
    assert every(s) == []


def test_find_outcomes_reads_the_whole_primary_result():
    eps = [EP(m.start(), m.end(), "HbA1c") for m in re.finditer("HbA1c", GM_SENTENCE)]
    got = {(o.endpoint, o.statistic, o.value) for o in find_outcomes(GM_SENTENCE, eps)}
    assert got == {("HbA1c", None, 7.1), ("HbA1c", "CI_low", 6.8), ("HbA1c", "CI_high", 7.4),
                   ("HbA1c", None, 8.2), ("HbA1c", "CI_low", 7.9), ("HbA1c", "CI_high", 8.6),
                   ("HbA1c", "difference", 1.1), ("HbA1c", "CI_low", 0.7), ("HbA1c", "CI_high", 1.5),
                   ("HbA1c", "p", 0.0001), ("HbA1c", "difference", 13.0)}


def test_a_sentence_about_the_difference_reports_differences():
    s = "The difference in HbA1c was independent of sex (men 12%, women 14%)."
    assert about_difference(s) and not about_difference("HbA1c was lower (12%).")
    eps = [EP(s.find("HbA1c"), s.find("HbA1c") + 5, "HbA1c")]
    assert {(o.statistic, o.value) for o in find_outcomes(s, eps)} == {("difference", 12.0), ("difference", 14.0)}


DECLARED = ("The primary efficacy endpoint was HbA1c at 6 months. Secondary efficacy measures were HbA1c at months "
            "1, 3, and 12, and body weight.")


def test_declared_times_of_a_measure():
    eps = [(m.start(), m.end(), "HbA1c") for m in re.finditer("HbA1c", DECLARED)]
    assert declared_times(DECLARED, eps) == {"HbA1c": {"6 months", "1 month", "3 months", "12 months"}}
    assert declared_times("HbA1c at 6 months was 7%.", eps[:0]) == {}


def test_a_declared_measure_takes_the_time_given_before_its_value():
    times = {"HbA1c": {"6 months", "1 month"}}
    s = "Month 6 HbA1c was lower in the insulin group (adjusted GM 7.1)"
    assert timed_endpoint(s, s.find("7.1"), "HbA1c", times) == ("HbA1c at 6 months", "6 months")
    s = "HbA1c was also lower at month 1 (by 12%)"
    assert timed_endpoint(s, s.find("12%"), "HbA1c", times) == ("HbA1c at 1 month", "1 month")
    s = "HbA1c below 7% from month 1 to month 6 was seen in 38%"
    assert timed_endpoint(s, s.find("38%"), "HbA1c", times) == ("HbA1c", None)  # a period
    s = "At 24 months HbA1c was 7.5%"
    assert timed_endpoint(s, s.find("7.5"), "HbA1c", times) == ("HbA1c", None)  # not a declared time
    assert timed_endpoint(s, s.find("7.5"), "weight", times) == ("weight", None)


@pytest.mark.parametrize("s,design", [
    ("We calculated sample sizes to detect a difference of 50% or more with 90% power.", True),
    ("A two-sided test with alpha = 0.05 was used.", True),
    ("The power of the study was limited.", False),
    ("HbA1c was lower in the insulin group (7.1% vs 8.2%).", False),
])
def test_design_sentences(s, design):
    assert bool(DESIGN.search(s)) is design


def test_attrition_analyses_are_not_results():
    from extract.relations.filters import ATTRITION

    assert ATTRITION.search("Compared with girls who dropped out, girls who completed the study had lower TPA (P = 0.01).")
    assert not ATTRITION.search("TPA was lower in the intervention group (P = 0.01).")


def test_a_time_of_assessment_is_not_a_value():
    s = "There was a significant decline in TPA from baseline to 18-month follow-up."
    assert find_outcomes(s, [EP(s.find("TPA"), s.find("TPA") + 3, "TPA")]) == []
