"""Outcomes in one sentence: arm values, P, HR, CI, counts, differences; and what is not an outcome."""
import re

from extract.relations.outcomes import EP, find_outcomes


def run(text, endpoints, masks=()):
    eps = []
    for surface, name in endpoints:
        for m in re.finditer(re.escape(surface), text):
            eps.append(EP(m.start(), m.end(), name))
    return [(o.endpoint, o.statistic, o.value) for o in find_outcomes(text, eps, list(masks))]


def test_two_arms_share_trailing_unit_and_p_value_is_not_an_arm_value():
    got = run("The ORR did not differ (48.1 vs. 47.9%; P=0.81).", [("ORR", "ORR")])
    assert got == [("ORR", None, 48.1), ("ORR", None, 47.9), ("ORR", "p", 0.81)]
    assert ("ORR", None, 0.81) not in got


def test_months_with_p_in_parentheses():
    got = run("DFS favoured the combination (31.4 vs. 22.0 months, P=0.07).", [("DFS", "DFS")])
    assert got == [("DFS", None, 31.4), ("DFS", None, 22.0), ("DFS", "p", 0.07)]


def test_p_below_threshold_keeps_relation():
    from extract.relations.outcomes import find_outcomes as fo
    outs = fo("median PFS 13.5 vs. 9.0 months; P<0.001", [EP(0, 10, "PFS")])
    p = [o for o in outs if o.statistic == "p"][0]
    assert (p.value, p.relation) == (0.001, "<")


def test_hazard_ratio_and_confidence_interval_notations():
    assert run("OS improved (hazard ratio 0.72; 95% CI 0.55\u20130.94).", [("OS", "OS")]) == [
        ("OS", "HR", 0.72), ("OS", "CI_low", 0.55), ("OS", "CI_high", 0.94)]
    assert run("PFS: HR = 0.61; 95%CI [0.40\u20130.90]", [("PFS", "PFS")]) == [
        ("PFS", "HR", 0.61), ("PFS", "CI_low", 0.40), ("PFS", "CI_high", 0.90)]
    assert run("for OS the hazard ratio was 0\u00b77 (95% CI 0\u00b75\u20131\u00b70)", [("OS", "OS")]) == [
        ("OS", "HR", 0.7), ("OS", "CI_low", 0.5), ("OS", "CI_high", 1.0)]


def test_one_endpoint_two_settings():
    got = run("giving an ORR of 71 and 40% in untreated and pretreated patients", [("ORR", "ORR")])
    assert got == [("ORR", None, 71.0), ("ORR", None, 40.0)]


def test_endpoint_after_the_number_and_table_month_unit():
    assert run("good activity (62% DCR)", [("DCR", "DCR")]) == [("DCR", None, 62.0)]
    assert run("OS 30.1 vs 18.5 mo", [("OS", "OS")]) == [("OS", None, 30.1), ("OS", None, 18.5)]


def test_two_endpoints_paired_in_order():
    got = run("median OS and PFS were 19 and 7.5 months", [("OS", "OS"), ("PFS", "PFS")])
    assert got == [("OS", None, 19.0), ("PFS", None, 7.5)]


def test_arm_labels():
    got = run("12-month PFS by cohort (Cohort A: 21%; B: 35.5%)", [("12-month PFS", "12-month PFS")])
    assert got == [("12-month PFS", None, 21.0), ("12-month PFS", None, 35.5)]


def test_spelled_count_of_patients_with_an_endpoint():
    assert run("Thirty-one patients achieved a pCR after surgery.", [("pCR", "pCR")]) == [("pCR", "n", 31.0)]


def test_count_with_denominator():
    outs = find_outcomes("an ORR of 45% (9/20)", [EP(6, 9, "ORR")])
    assert [(o.statistic, o.value, o.denominator) for o in outs] == [(None, 45.0, None), ("n", 9.0, 20)]


def test_no_responses_is_a_zero_count_but_no_difference_is_not():
    assert run("with no objective responses.", [("objective responses", "ORR")]) == [("ORR", "n", 0.0)]
    assert run("no pCR difference was seen", [("pCR", "pCR")]) == []


def test_month_benefit_is_a_difference():
    got = run("adding it gave a four-month PFS benefit in this group", [("PFS", "PFS")])
    assert got == [("PFS", "difference", 4.0)]


def test_timepoint_inside_endpoint_is_not_a_value():
    got = run("with a 12-month PFS of 64.2%", [("12-month PFS", "12-month PFS")])
    assert got == [("12-month PFS", None, 64.2)]


def test_not_outcomes_background_thresholds_citations_doses_ages():
    assert run("About 15% of tumours carry the change [12].", []) == []
    assert run("ORR was reported in tumours with at least 10% staining [4].", [("ORR", "ORR")]) == []
    assert run("PFS was measured from 2015 to 2019 (Smith et al., 2020).", [("PFS", "PFS")]) == []
    assert run("PFS was the endpoint; patients aged 65 years received 100 mg daily", [("PFS", "PFS")]) == []


def test_masked_numbers_are_ignored():
    text = "Among 120 patients the ORR was 35%"
    got = run(text, [("ORR", "ORR")], masks=[(6, 9)])
    assert got == [("ORR", None, 35.0)]


def test_median_follow_up_and_event_rate():
    got = run("At a median follow-up of 20.5 months, DFS events occurred in 8.1 and 6.0% of patients",
              [("DFS", "DFS")])
    # the follow-up is the time of the analysis, not a DFS result (CONTRACT.md: endpoint null)
    assert got == [(None, "median_follow_up", 20.5), ("DFS", "event_rate", 8.1), ("DFS", "event_rate", 6.0)]


def test_table_cell_pairs_chains_with_endpoint_column():
    eps = [EP(-1, -1, "PFS"), EP(-1, -1, "OS")]
    outs = find_outcomes("10.2M vs. 7.1M 27.3M vs. 25.0M", eps, arms=["A + B", "C"], paired_endpoints=True)
    assert [(o.endpoint, o.value, o.arm) for o in outs] == [
        ("PFS", 10.2, "A + B"), ("PFS", 7.1, "C"), ("OS", 27.3, "A + B"), ("OS", 25.0, "C")]


def test_interval_with_percent_signs_count_and_open_upper_bound():
    got = run("ORR was 72.4% (55/76; 95% CI, 61.0%-82.0%) and median PFS was 14.2 (95% CI, 9.9-NE) months.",
              [("ORR", "ORR"), ("median PFS", "PFS")])
    assert got == [("ORR", None, 72.4), ("ORR", "n", 55.0), ("ORR", "CI_low", 61.0), ("ORR", "CI_high", 82.0),
                   ("PFS", None, 14.2), ("PFS", "CI_low", 9.9)]


def test_each_interval_follows_its_own_value():
    got = run("ORR and CR rate were 64.0% (95% CI: 52.1-74.8) and 41.5% (95% CI: 30.2-53.0), respectively.",
              [("ORR", "ORR"), ("CR rate", "CR")])
    assert got == [("ORR", None, 64.0), ("ORR", "CI_low", 52.1), ("ORR", "CI_high", 74.8),
                   ("CR", None, 41.5), ("CR", "CI_low", 30.2), ("CR", "CI_high", 53.0)]


def test_arm_names_in_parentheses_between_values():
    got = run("median OS was 20.3 mo (A) vs 15.0 mo (B; HR, 0.70 [95% CI, 0.52-0.94], p= 0.018)", [("median OS", "OS")])
    assert got == [("OS", None, 20.3), ("OS", None, 15.0), ("OS", "HR", 0.70), ("OS", "CI_low", 0.52),
                   ("OS", "CI_high", 0.94), ("OS", "p", 0.018)]


def test_count_with_percentage_before_endpoint():
    got = run("ORR was 61.0%, with 19 (23.2%) complete responses.", [("ORR", "ORR"), ("complete responses", "CR")])
    assert got == [("ORR", None, 61.0), ("CR", "n", 19.0), ("CR", None, 23.2)]


def test_second_arm_value_after_a_group_phrase_keeps_the_endpoint():
    got = run("The median PFS was 10.2 months (95% CI, 8.1-12.3) in the combination group and 7.5 months "
              "in the control group (HR, 0.65; P<0.001).", [("median PFS", "PFS")])
    assert got == [("PFS", None, 10.2), ("PFS", "CI_low", 8.1), ("PFS", "CI_high", 12.3), ("PFS", None, 7.5),
                   ("PFS", "HR", 0.65), ("PFS", "p", 0.001)]


def test_difference_phrasings():
    assert run("giving a 4.5-month improvement in median OS", [("median OS", "OS")]) == [("OS", "difference", 4.5)]
    got = run("pCR rose from 40% to 52%, an absolute gain of 12 percentage points", [("pCR", "pCR")])
    assert got == [("pCR", None, 40.0), ("pCR", None, 52.0), ("pCR", "difference", 12.0)]


def test_ranges_and_interquartile_ranges_are_not_values():
    got = run("median PFS was 8.6 months (range, 1.2-20.3 months)", [("median PFS", "PFS")])
    assert got == [("PFS", None, 8.6)]


def test_confidence_level_is_never_a_value_and_its_bounds_are_kept():
    got = run("OS favoured the combination (hazard ratio, 0.71; 99.5% CI, 0.52 to 0.97; P=0.004).", [("OS", "OS")])
    assert got == [("OS", "HR", 0.71), ("OS", "CI_low", 0.52), ("OS", "CI_high", 0.97), ("OS", "p", 0.004)]
    got = run("median OS 30.2 vs 25.1 months (hazard ratio, 0.83; 95.02% CI, 0.70 to 0.99)", [("median OS", "OS")])
    assert ("OS", None, 95.02) not in got and ("OS", "CI_low", 0.70) in got and ("OS", "CI_high", 0.99) in got


def test_bracketed_ci_abbreviation_after_the_long_form():
    got = run("PFS was longer (hazard ratio, 0.61; 90% confidence interval [CI], 0.47 to 0.79).", [("PFS", "PFS")])
    assert got == [("PFS", "HR", 0.61), ("PFS", "CI_low", 0.47), ("PFS", "CI_high", 0.79)]


def test_event_counts_with_event_rates():
    got = run("DFS events were reported in 52 patients (10.4%) with the new drug and in 77 patients (15.3%) "
              "with control.", [("DFS", "DFS")])
    assert got == [("DFS", "n", 52), ("DFS", "event_rate", 10.4), ("DFS", "n", 77), ("DFS", "event_rate", 15.3)]


def test_count_with_percent_is_not_an_event_rate_without_events():
    got = run("The DCR was 60% and 31 patients (62%) remained on treatment.", [("DCR", "DCR")])
    assert ("DCR", "event_rate", 62.0) not in got and ("DCR", "n", 31) not in got


def test_bare_month_gain_is_a_difference():
    got = run("median OS reached 41.0 vs 33.5 months, a 7.5-month gain that changed practice", [("median OS", "OS")])
    assert got == [("OS", None, 41.0), ("OS", None, 33.5), ("OS", "difference", 7.5)]


def test_hazard_ratio_after_a_landmark_rate_belongs_to_the_time_to_event_endpoint():
    got = run("the 12-month PFS was 55% vs 40% (HR 0.70; 95% CI 0.58-0.85; P<0.001)", [("12-month PFS", "12-month PFS")])
    assert got == [("12-month PFS", None, 55.0), ("12-month PFS", None, 40.0), ("PFS", "HR", 0.70),
                   ("PFS", "CI_low", 0.58), ("PFS", "CI_high", 0.85), ("PFS", "p", 0.001)]
    # a rate's own interval stays with the rate
    got = run("the 12-month PFS was 55% (95% CI, 49 to 61)", [("12-month PFS", "12-month PFS")])
    assert got == [("12-month PFS", None, 55.0), ("12-month PFS", "CI_low", 49.0), ("12-month PFS", "CI_high", 61.0)]


def test_two_endpoints_pair_with_two_values_only_when_coordinated():
    # "disease progression" belongs to the earlier clause: both values are OS
    got = run("HR for PFS 0.62, and OS was also longer (19.2 vs 14.7 months)", [("PFS", "PFS"), ("OS", "OS")])
    assert ("OS", None, 19.2) in got and ("OS", None, 14.7) in got and ("PFS", None, 19.2) not in got
    assert run("median OS, and PFS were 19 and 7.5 months", [("OS", "OS"), ("PFS", "PFS")]) == [
        ("OS", None, 19.0), ("PFS", None, 7.5)]


def test_a_time_to_event_rate_at_a_time_is_the_landmark_endpoint():
    got = run("At 24 months, the OS rate was 71.5% (95% CI, 66.0 to 76.3) with the combination.", [("OS", "OS")])
    assert got == [("24-month OS", None, 71.5), ("24-month OS", "CI_low", 66.0), ("24-month OS", "CI_high", 76.3)]
    got = run("the rate of DFS after 3 years was 88% vs 81% (HR 0.66)", [("DFS", "DFS")])
    assert got == [("3-year DFS", None, 88.0), ("3-year DFS", None, 81.0), ("DFS", "HR", 0.66)]
    # a response rate is not a time-to-event endpoint; a median is not a rate
    assert run("At 6 months, the ORR was 40%.", [("ORR", "ORR")]) == [("ORR", None, 40.0)]
    assert run("At 12 months, median OS was 9.5 months.", [("median OS", "OS")]) == [("OS", None, 9.5)]


def test_abbreviation_in_parentheses_between_coordinated_endpoints():
    got = run("overall response rate (ORR) and DCR were 52.0% and 81.5%, respectively",
              [("overall response rate", "ORR"), ("ORR", "ORR"), ("DCR", "DCR")])
    assert got == [("ORR", None, 52.0), ("DCR", None, 81.5)]


def test_reversed_confidence_level_is_not_a_value():
    got = run("OS was shorter in smokers (HR 1.62, CI 95% 1.10-2.38, p = 0.02).", [("OS", "OS")])
    assert got == [("OS", "HR", 1.62), ("OS", "CI_low", 1.10), ("OS", "CI_high", 2.38), ("OS", "p", 0.02)]


def test_odds_ratios_correlations_and_heterogeneity_are_not_outcomes():
    assert run("Recurrence fell (OR 0.41, 95% CI 0.22-0.76, P = 0.004), improving DFS.", [("DFS", "DFS")]) == []
    assert run("The correlation between ORR and OS was 0.81 (95% CI 0.70-0.88).", [("ORR", "ORR"), ("OS", "OS")]) == []
    got = run("PFS was longer (HR 0.70, 95% CI 0.58-0.84; heterogeneity I2 = 35%, P = 0.17).", [("PFS", "PFS")])
    assert got == [("PFS", "HR", 0.70), ("PFS", "CI_low", 0.58), ("PFS", "CI_high", 0.84)]


def test_durations_and_time_windows_are_not_values():
    assert run("a benefit on OS for fit patients beyond 6 months of treatment", [("OS", "OS")]) == []
    assert run("OS curves separated after 4 months; median OS was 14.0 months.", [("OS", "OS")]) == [("OS", None, 14.0)]


def test_patient_history_and_reasons_are_not_results():
    got = run("The proportion with PD within 24 months of first-line therapy was 41%, and 22% were refractory.",
              [("PD", "PD")])
    assert got == []
    got = run("12 patients (15%) stopped treatment due to progressive disease; the ORR was 48%.",
              [("progressive disease", "PD"), ("ORR", "ORR")])
    assert got == [("ORR", None, 48.0)]


def test_a_value_of_an_unknown_measure_does_not_take_a_nearby_endpoint():
    got = run("Median OS was 14.2 months (95% CI 12.0-16.1) and median TTNT was 6.3 months.", [("Median OS", "OS")])
    assert got == [("OS", None, 14.2), ("OS", "CI_low", 12.0), ("OS", "CI_high", 16.1)]
    # a median written with "of" after the endpoint is still the endpoint's
    assert run("PFS was longer, with a median of 7.7 months.", [("PFS", "PFS")]) == [("PFS", None, 7.7)]


def test_interval_of_a_dropped_value_is_dropped_too():
    got = run("median PFS was 6.1 months (95% CI 5.0-7.2) and median TTNT was 7.9 months (95% CI 7.0-8.8).",
              [("median PFS", "PFS")])
    assert got == [("PFS", None, 6.1), ("PFS", "CI_low", 5.0), ("PFS", "CI_high", 7.2)]


def test_stage_and_grade_numbers_are_labels_not_values():
    got = run("At stage 2, ORR was 61.0% (50/82).", [("ORR", "ORR")])
    assert ("ORR", None, 2.0) not in got and ("ORR", None, 61.0) in got


def test_patient_characteristics_at_baseline_are_not_results():
    assert run("Overall, 38.5% experienced early PD at baseline.", [("PD", "PD")]) == []
    assert run("Among patients with measurable disease at baseline, the ORR was 44.0%.", [("ORR", "ORR")]) == [
        ("ORR", None, 44.0)]


def test_interval_of_the_follow_up_is_not_the_endpoints():
    got = run("With a median follow-up of 14.0 months (95% CI 12.1-15.9), median OS was 20.5 months (95% CI 17.0-24.0).",
              [("median OS", "OS")])
    assert got == [(None, "median_follow_up", 14.0), ("OS", None, 20.5), ("OS", "CI_low", 17.0), ("OS", "CI_high", 24.0)]


def test_a_unitless_arm_value_takes_the_unit_of_the_next_arm():
    got = run("Median PFS was 9.4 (95% CI 7.0-NR) for arm A and 6.2 months (95% CI 5.1-8.0) for arm B.",
              [("Median PFS", "PFS")])
    assert ("PFS", None, 9.4) in got and ("PFS", None, 6.2) in got
    # a dose or count before the arm phrase is not a value
    assert ("PFS", None, 3.0) not in run("PFS was 5.0 months in 3 centres and 4.1 months elsewhere.",
                                         [("PFS", "PFS")])


def test_discontinuation_due_to_adverse_events_is_still_an_outcome():
    got = run("Overall, 9.5% of patients discontinued due to adverse events.", [("adverse events", "AEs")])
    assert got == [("AEs", None, 9.5)]


def test_a_period_of_time_is_not_a_value():
    got = run("Adverse events during the first 6 months occurred in 40% of patients.", [("Adverse events", "AEs")])
    assert ("AEs", None, 6.0) not in got and ("AEs", None, 40.0) in got
    assert run("Deaths within 30 days of surgery were rare.", [("Deaths", "deaths")]) == []


def test_median_follow_up_tied_to_no_endpoint_keeps_a_null_endpoint():
    got = run("Median study follow-up was 12.5 mo; median age was 64 yrs.", [])
    assert got == [(None, "median_follow_up", 12.5)]


def test_a_follow_up_takes_an_endpoint_only_when_its_own_words_name_it():
    text = "The median OS follow-up was 50 months; at a median follow-up of 27 months, median PFS was 9.0 months."
    got = run(text, [("OS", "OS"), ("PFS", "PFS")])
    assert ("OS", "median_follow_up", 50.0) in got and (None, "median_follow_up", 27.0) in got


def test_count_before_a_bracketed_share_is_an_outcome_with_its_denominator():
    from extract.relations.outcomes import find_outcomes
    text = "Headache occurred in 12 (6%) of 200 patients with the drug and rash in drug 4 [2%] participants."
    eps = [EP(0, 8, "headache"), EP(text.index("rash"), text.index("rash") + 4, "rash")]
    got = {(o.endpoint, o.statistic, o.value, o.denominator) for o in find_outcomes(text, eps)}
    assert {("headache", "n", 12.0, 200), ("headache", None, 6.0, None), ("rash", "n", 4.0, None),
            ("rash", None, 2.0, None)} <= got


def test_relative_change_of_risk_is_a_difference():
    assert run("The risk of progression after 3 months was about 55% lower with the drug.",
               [("progression", "PFS")]) == [("PFS", "difference", 55.0)]
    got = run("Survival: an increased risk of death of 63% (model 1) and 65% (model 2) was seen.", [("Survival", "OS")])
    assert got == [("OS", "difference", 63.0), ("OS", "difference", 65.0)]
    assert ("PFS", "difference", 30.0) in run("The drug reduced the risk of progression by 30%.", [("progression", "PFS")])


def test_one_share_for_every_measure_listed_after_it():
    text = "Fewer than 1% of participants had eyelid swelling, blurred vision, and photophobia."
    got = find_outcomes(text, [EP(text.index(w), text.index(w) + len(w), w)
                               for w in ("eyelid swelling", "blurred vision", "photophobia")])
    assert {(o.endpoint, o.value, o.relation) for o in got} == {
        ("eyelid swelling", 1.0, "<"), ("blurred vision", 1.0, "<"), ("photophobia", 1.0, "<")}


def test_spelled_out_count_before_a_bracketed_share():
    s = "Hypotension was more common in the drug group (45 [5%] of 978 vs seven [1%] of 494)."
    got = [(o.statistic, o.value, o.denominator) for o in find_outcomes(s, [EP(0, 11, "hypotension")])]
    assert got == [("n", 45.0, 978), (None, 5.0, None), ("n", 7.0, 494), (None, 1.0, None)]


def test_participants_who_died_are_a_count_of_deaths():
    got = [(o.endpoint, o.statistic, o.value) for o in
           find_outcomes("In each treatment group, two participants died within 6 months.", [])]
    assert got == [("deaths", "n", 2.0)]
    assert find_outcomes("Patients who died before week 4 were excluded.", []) == []


def test_median_follow_up_of_each_group():
    s = ("Median follow-up time was 22.1 months [11.6-32.6], ranging from 13.8 months (95% CI[9.1-17.8]) for the "
         "ICI group, to 22.9 months (95%CI[11.8-33.0]) for the chemotherapy group.")
    got = [(o.statistic, o.value, o.arm) for o in find_outcomes(s, [])]
    assert got == [("median_follow_up", 22.1, None), ("median_follow_up", 13.8, "ICI"),
                   ("median_follow_up", 22.9, "chemotherapy")]


def test_a_bounded_share_after_the_measure_keeps_its_relation():
    text = "Hypotension was reported in up to 22% of patients in earlier studies."
    outs = find_outcomes(text, [EP(0, 11, "hypotension")])
    assert [(o.endpoint, o.value, o.unit, o.relation) for o in outs] == [("hypotension", 22.0, "%", "<=")]
    assert text[outs[0].at:outs[0].at + 2] == "22"  # where it was read, for its box


def test_a_share_had_by_a_list_of_measures_covers_the_items_the_lexicon_lacks():
    text = ("Fewer than 1% of participants had eyelid swelling, ocular discomfort, tearing or watery eyes, "
            "blurred vision, and photophobia.")
    known = [EP(text.find(w), text.find(w) + len(w), w) for w in ("eyelid swelling", "blurred vision", "photophobia")]
    got = [(o.endpoint, o.value, o.relation) for o in find_outcomes(text, known)]
    assert got == [(x, 1.0, "<") for x in ("eyelid swelling", "ocular discomfort", "tearing or watery eyes",
                                          "blurred vision", "photophobia")]


def test_a_list_without_a_known_measure_is_not_read_as_measures():
    text = "Fewer than 1% of participants had Ghana, Liberia, and Congo, and 3% had photophobia."
    got = {o.endpoint for o in find_outcomes(text, [EP(text.find("photophobia"), text.find("photophobia") + 11,
                                                       "photophobia")])}
    assert "liberia" not in got and "ghana" not in got


def test_counts_of_deaths_observed_are_outcomes():
    got = run("At the data cut-off, 46 deaths and 27 deaths were observed in the IO and CT-IO groups, respectively.", [])
    assert got == [("deaths", "n", 46.0), ("deaths", "n", 27.0)]
    assert run("Lung cancer causes 20 deaths per 100,000 people.", []) == []


def test_a_fraction_of_patients_assessable_for_a_measure_is_not_its_result():
    text = "Real-world response rate was assessable for 132/141 patients in the IO group and 97/102 in the other."
    got = run(text, [("Real-world response rate", "rwORR")])
    assert got == []
    assert ("ORR", "n", 28.0) in run("The ORR was 28/97 in the evaluable patients.", [("ORR", "ORR")])
