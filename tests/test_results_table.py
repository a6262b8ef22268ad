"""Results tables: cell grammars and table classes, on small tables written for the tests."""
import pytest

from extract.errors import LexiconError
from extract.relations.cell_grammar import parse_cell, parse_grammars, strip_footnotes
from extract.relations.results_table import header_depth, read_results


@pytest.mark.parametrize("cell, expected", [
    ("16.4 (14.1–NR)", ("value_interval", 16.4, 14.1, None)),
    ("0.59 [0.42–0.83]", ("value_interval", 0.59, 0.42, 0.83)),
    ("0·6 (0·3–1·0)", ("value_interval", 0.6, 0.3, 1.0)),
    ("\u22120.5", ("value", -0.5, None, None)),
    ("0.040*", ("value", 0.04, None, None)),
    ("0.61–1.64", ("interval", None, 0.61, 1.64)),
])
def test_value_and_interval_grammars(cell, expected):
    c = parse_cell(cell)
    assert (c.grammar, c.value, c.lo, c.hi) == expected


def test_count_grammars():
    c = parse_cell("12 (2.4%)")
    assert (c.n, c.pct, c.den) == (12, 2.4, None)
    c = parse_cell("71/82 (86.6)")
    assert (c.n, c.den, c.pct) == (71, 82, 86.6)
    c = parse_cell("1 (<1%)")
    assert (c.n, c.pct, c.relation) == (1, 1.0, "<")


@pytest.mark.parametrize("cell", ["NR", "NE", "–", "-", "not reached", "Yes", ""])
def test_cells_without_a_number(cell):
    assert parse_cell(cell) is None


def test_p_cell_with_relation():
    c = parse_cell("<0.0001")
    assert (c.value, c.relation) == (0.0001, "<")
    assert parse_cell("p\u22640·05").relation == "<="


def test_footnote_marks_leave_labels():
    assert strip_footnotes("PS 0-1 c") == "PS 0-1"
    assert strip_footnotes("Sex*") == "Sex"
    assert strip_footnotes("Grade 3\u2020") == "Grade 3"


def test_grammar_file_errors_name_the_key():
    with pytest.raises(LexiconError, match="pattern"):
        parse_grammars('{"id": "x", "pattern": "(?P<v>{NUM}"}', "g.jsonl")
    with pytest.raises(LexiconError, match="unknown group"):
        parse_grammars('{"id": "x", "pattern": "(?P<mean>{NUM})"}', "g.jsonl")


def eps(names):
    """endpoint_of for a table: {(row, col): canonical}."""
    return lambda r, c: names.get((r, c))


def facts(res):
    return {(f.endpoint, f.statistic, f.value, f.arm) for f in res.facts}


def test_arms_in_columns_with_n_percent_and_a_p_column():
    rows = [["", "Drug A (n = 200)", "Placebo (n = 198)", "p value"],
            ["Headache", "12 (6.0%)", "4 (2.0%)", "0.04"],
            ["Deaths", "2 (1.0%)", "0", ""]]
    got = facts(read_results(rows, eps({})))
    assert got == {("headache", "n", 12, "Drug A"), ("headache", None, 6.0, "Drug A"),
                   ("headache", "n", 4, "Placebo"), ("headache", None, 2.0, "Placebo"), ("headache", "p", 0.04, None),
                   ("deaths", "n", 2, "Drug A"), ("deaths", None, 1.0, "Drug A"), ("deaths", "n", 0, "Placebo")}


def test_endpoint_bands_over_repeated_statistic_columns_and_row_groups():
    # band cells centred over their group of columns, rows grouped by stratum
    rows = [["", "", "Overall survival", "", "", "Progression-free survival", ""],
            ["", "HR", "95% CI", "P", "HR", "95% CI", "P"],
            ["Stratum 1", "", "", "", "", "", ""],
            ["Early", "0.80", "0.60–1.07", "0.13", "0.70", "0.55–0.90", "0.004"]]
    res = read_results(rows, eps({(0, 2): "OS", (0, 5): "PFS"}))
    assert facts(res) == {("OS", "HR", 0.8, None), ("OS", "CI_low", 0.6, None), ("OS", "CI_high", 1.07, None),
                          ("OS", "p", 0.13, None), ("PFS", "HR", 0.7, None), ("PFS", "CI_low", 0.55, None),
                          ("PFS", "CI_high", 0.9, None), ("PFS", "p", 0.004, None)}
    assert {f.population for f in res.facts} == {"Stratum 1 Early"}


def test_adverse_event_groups_take_any_grade_rows_and_skip_grade_breakdown():
    rows = [["", "Drug A", "Drug B"],
            ["Number of participants", "300", "150"],
            ["Ocular reactions", "", ""],
            ["Any grade", "30 (10%)", "9 (6%)"],
            ["1", "20 (7%)", "6 (4%)"],
            ["2", "10 (3%)", "3 (2%)"]]
    got = facts(read_results(rows, eps({})))
    assert got == {("ocular reactions", "n", 30, "Drug A"), ("ocular reactions", None, 10.0, "Drug A"),
                   ("ocular reactions", "n", 9, "Drug B"), ("ocular reactions", None, 6.0, "Drug B")}


def test_timepoint_bands_and_units_from_the_header():
    rows = [["", "6 months", "", "12 months", ""],
            ["", "Exercise", "Control", "Exercise", "Control"],
            ["Minutes of activity per day, mean (SD)", "31.2 (9.0)", "29.8 (8.1)", "30.1 (9.4)", "27.0 (8.8)"]]
    res = read_results(rows, eps({}))
    assert {(f.value, f.arm, f.timepoint) for f in res.facts} == {
        (31.2, "Exercise", "6 months"), (29.8, "Control", "6 months"),
        (30.1, "Exercise", "12 months"), (27.0, "Control", "12 months")}
    assert {f.endpoint for f in res.facts} == {"minutes of activity per day"}


def test_baseline_tables_are_not_outcomes():
    rows = [["", "Arm A", "Arm B"], ["Age (years)", "61 (10)", "60 (11)"], ["Males", "40 (55%)", "38 (52%)"]]
    assert read_results(rows, eps({})) is None
    rows2 = [["", "Arm A", "Arm B"], ["ORR", "40%", "30%"]]
    assert read_results(rows2, eps({(1, 0): "ORR"}), caption="Table 1. Baseline characteristics") is None


def test_ratio_rows_and_association_statistics():
    rows = [["", "Model A", "Model B"],
            ["PFS", "", ""],
            ["HR_OS", "0.62 (0.35–1.09)", "0.77 (0.52–1.13)"],
            ["Kendall tau (95% CI)", "0.57 (0.54–0.61)", "0.44 (0.43–0.46)"]]
    res = read_results(rows, eps({(1, 0): "PFS"}), known=lambda t: "OS" if t == "OS" else None)
    assert facts(res) == {("OS", "HR", 0.62, None), ("OS", "CI_low", 0.35, None), ("OS", "CI_high", 1.09, None),
                          ("OS", "HR", 0.77, None), ("OS", "CI_low", 0.52, None), ("OS", "CI_high", 1.13, None)}


def test_header_depth_stops_at_numbers_or_a_row_group():
    assert header_depth([["", "A", "B"], ["", "HR", "P"], ["x", "1.0", "0.2"]]) == 2
    assert header_depth([["", "A", "B"], ["Group", "", ""], ["x", "1", "2"]]) == 1


def test_bare_count_and_percentage_checked_against_the_column_size():
    rows = [["Outcomes", "Drug (n=392)", "Control (n=393)", "Odds ratio (95% CI)"],
            ["Abstinence", "30 (8)", "25 (6)", "1.21 (0.70 to 2.10)"],
            ["Score, mean (SD)", "7.6 (5.3)", "7.7 (5.0)", ""]]
    got = facts(read_results(rows, eps({})))
    assert {("abstinence", "n", 30, "Drug"), ("abstinence", None, 8.0, "Drug"), ("abstinence", "n", 25, "Control"),
            ("abstinence", None, 6.0, "Control"), ("abstinence", "HR", 1.21, None),
            ("abstinence", "CI_low", 0.7, None), ("abstinence", "CI_high", 2.1, None)} <= got
    # a mean (SD) is a value, never a count: 7.6 is no integer
    assert ("score", None, 7.6, "Drug") in {(f.endpoint, f.statistic, f.value, f.arm)
                                                       for f in read_results(rows, eps({})).facts}


def test_ratio_named_in_a_header_band_over_a_wrapped_leaf():
    rows = [["", "Drug", "Control", "Odds ratio (95% CI)"],
            ["Outcomes", "(n=100)", "(n=100)", "with basic adjustment"],
            ["Abstinence", "10 (10)", "5 (5)", "2.11 (0.70 to 6.40)"]]
    res = read_results(rows, eps({}))
    assert ("abstinence", "HR", 2.11, None) in facts(res)
    assert {f.arm for f in res.facts if f.statistic == "n"} == {"Drug", "Control"}


def test_participants_with_data_before_the_value_are_not_the_value():
    rows = [["", "Drug", "Control"], ["Birth weight (g), mean (SD)", "n=354, 3132.4 (581.7)", "n=359, 3146.8 (640.0)"]]
    assert {f.value for f in read_results(rows, eps({})).facts} == {3132.4, 3146.8}


@pytest.mark.parametrize("label, name", [
    ("Mean (SD) birth weight (g)", "birth weight"),
    ("Preterm birth\u00a7 (<37 weeks' gestation)", "Preterm birth"),
    ("ORR, %", "ORR"),
    ("Median PFS, months (95% CI)", "PFS"),
    ("Minutes of activity per day, mean (SD)", "Minutes of activity per day"),
    ("Headache", "Headache"),
])
def test_measure_name_of_a_row_label(label, name):
    from extract.relations.results_table import measure_name
    assert measure_name(label) == name


def test_a_measure_group_with_time_rows_gives_the_measure_at_each_time():
    rows = [["Assessment time", "Exercise", "Control", "P value"],
            ["Median (IQR) weekly activity (mins)", "", "", ""],
            ["Baseline", "210 (125-350)", "225 (130-360)", ""],
            ["No of weeks after start:", "", "", ""],
            ["4", "270 (180-420)", "210 (120-340)", "0.006"]]
    res = read_results(rows, eps({}))
    got = {(f.endpoint, f.statistic, f.value, f.timepoint) for f in res.facts}
    assert got == {("weekly activity", None, 210.0, "Baseline"), ("weekly activity", None, 225.0, "Baseline"),
                   ("weekly activity", None, 270.0, "4 No of weeks after start"),
                   ("weekly activity", None, 210.0, "4 No of weeks after start"),
                   ("weekly activity", "p", 0.006, "4 No of weeks after start")}


def test_estimate_column_p_columns_by_content_and_wrapped_row_labels():
    rows = [["", "Drug (n = 50)", "Control (n = 50)", "Est. of effect", "Time", "P values", ""],
            ["", "", "", "(95% CI)", "", "Group", "Interaction"],
            ["Moderate-to-vigorous", "36.2 (26.3,47.3)", "35.3 (25.4,47.0)", "-0.35 (-6.58, 5.87)", "<0.0001",
             "0.3372", "0.8481"],
            ["activity, mins/day", "", "", "", "<0.0001", "0.3871", "0.7608"]]
    res = read_results(rows, eps({}))
    got = {(f.endpoint, f.statistic, f.value) for f in res.facts}
    ep = "moderate-to-vigorous activity, mins/day"
    assert {(ep, "difference", -0.35), (ep, "CI_low", -6.58), (ep, "CI_high", 5.87), (ep, "p", 0.3372),
            (ep, "p", 0.8481), (ep, "p", 0.3871), (ep, None, 36.2)} <= got
    assert not any(f.arm == "Time" for f in res.facts)


def test_a_characteristics_table_keeps_only_its_outcome_rows():
    rows = [["Characteristic", "Group A (No. 144)", "Group B (No. 164)", "p"],
            ["Age", "", "", ""], ["\u2265 70 years", "49 (34)", "49 (30)", "0.4353"],
            ["Brain metastases", "10 (7)", "21 (13)", "0.0881"],
            ["OS, median, mo.", "15.1", "9.0", "<0.001"]]
    res = read_results(rows, eps({(4, 0): "OS"}))
    assert {(f.endpoint, f.statistic, f.value) for f in res.facts} == {
        ("OS", None, 15.1), ("OS", None, 9.0), ("OS", "p", 0.001)}


def test_a_cell_wrapped_onto_the_next_line_continues_its_row():
    rows = [["Variable", "OS HR (95% CI); p-value"], ["SCC vs Adeno", "1.53 (1.03\u20132.28);"], ["", "p 1\u20444 0.035"]]
    got = {(f.statistic, f.value) for f in read_results(rows, eps({})).facts}
    assert got == {("HR", 1.53), ("CI_low", 1.03), ("CI_high", 2.28), ("p", 0.035)}


def test_statistic_columns_report_the_band_measure_of_time_rows():
    rows = [["", "Depression score", "", "\u03b2 (difference) (95% CI)"],
            ["Visit time", "Control", "Exercise", ""],
            ["End of pregnancy", "7.2 (5.0)", "8.0 (4.9)", "1.06 (0.19 to 1.94)"]]
    got = {(f.endpoint, f.statistic, f.value, f.timepoint) for f in read_results(rows, eps({})).facts}
    assert ("depression score", "difference", 1.06, "End of pregnancy") in got
    assert ("depression score", None, 7.2, "End of pregnancy") in got


def test_relative_change_column_is_a_ratio_and_a_percentage_in_it_a_difference():
    rows = [["", "Exercise", "Control", "Relative change (95% CI)", "P value"],
            ["Weekly activity (mins)", "280 (190-425)", "240 (140-420)", "1.33 (1.14 to 1.56)", "<0.001"],
            ["Steps per day", "5100 (4000-6000)", "4800 (3900-5800)", "12% (4% to 20%)", "0.01"]]
    got = facts(read_results(rows, eps({})))
    assert ("weekly activity", "HR", 1.33, None) in got and ("weekly activity", "CI_high", 1.56, None) in got
    assert ("steps per day", "difference", 12.0, None) in got
    assert not any(stat == "HR" and name == "steps per day" for name, stat, _v, _a in got)


def test_pooled_estimate_cell_names_its_ratio_and_carries_its_p():
    c = parse_cell("RR 3.21 (2.13–4.84)/<0.001")
    assert (c.value, c.lo, c.hi, c.p, c.p_relation, c.ratio) == (3.21, 2.13, 4.84, 0.001, "<", True)
    c = parse_cell("2.43 (1.16-5.09)/0.018")
    assert (c.value, c.p, c.p_relation, c.ratio) == (2.43, 0.018, None, False)


def test_meta_analysis_table_of_pooled_estimates_by_subgroup():
    """Rows: endpoint within a subgroup band; columns: how many studies and patients are pooled,
    then the fixed- and random-effect estimates with CI and p in one cell."""
    rows = [["", "No. of studies", "Patients", "Combined estimate (95% CI)/P value", ""],
            ["", "", "", "Fixed-effect model", "Random-effect model"],
            ["Overall patients", "", "", "", ""],
            ["OS", "10", "685", "HR 2.05 (1.51–2.77)/<0.001", "HR 2.10 (1.50–2.95)/<0.001"],
            ["Osteosarcoma", "", "", "", ""],
            ["MET", "3", "138", "RR 2.43 (1.16–5.09)/0.018", "RR 2.40 (1.10–5.20)/0.021"]]
    res = read_results(rows, eps({(3, 0): "OS", (5, 0): "MET"}))
    got = {(f.endpoint, f.statistic, f.value) for f in res.facts}
    assert got == {("OS", "HR", 2.05), ("OS", "CI_low", 1.51), ("OS", "CI_high", 2.77), ("OS", "p", 0.001),
                   ("OS", "HR", 2.10), ("OS", "CI_low", 1.50), ("OS", "CI_high", 2.95),
                   ("MET", "HR", 2.43), ("MET", "CI_low", 1.16), ("MET", "CI_high", 5.09), ("MET", "p", 0.018),
                   ("MET", "HR", 2.40), ("MET", "CI_low", 1.10), ("MET", "CI_high", 5.20), ("MET", "p", 0.021)}
    assert {f.population.split()[0] for f in res.facts} == {"Overall", "Osteosarcoma"}


def test_a_count_of_studies_is_not_a_study_column():
    from extract.relations.tables import map_columns

    header = ("", "No. of studies", "Patients", "Combined estimate (95% CI)/P value")
    assert map_columns(header, (("OS", "10", "685", "HR 2.05 (1.51–2.77)/<0.001"),)).get("id") is None
    assert map_columns(("Study", "Patients", "HR"), (("Smith 2015", "40", "1.2"),)).get("id") == 0


def test_a_band_beside_an_endpoint_band_names_its_own_measure():
    # a Cox table of prognostic factors for two outcomes: only one band is a known endpoint
    rows = [["", "Overall survival", "", "Early deaths within 12 weeks", ""],
            ["", "Adjusted HR [95% CI]", "p value", "Adjusted HR [95% CI]", "p value"],
            ["Gender", "", "", "", ""],
            ["Men", "2.01 [1.16–3.50]", "0.01", "3.77 [1.47–9.68]", "0.006"]]
    res = read_results(rows, eps({(0, 1): "OS"}))
    assert facts(res) == {("OS", "HR", 2.01, None), ("OS", "CI_low", 1.16, None), ("OS", "CI_high", 3.5, None),
                          ("OS", "p", 0.01, None),
                          ("early deaths within 12 weeks", "HR", 3.77, None),
                          ("early deaths within 12 weeks", "CI_low", 1.47, None),
                          ("early deaths within 12 weeks", "CI_high", 9.68, None),
                          ("early deaths within 12 weeks", "p", 0.006, None)}
    assert res.endpoints == ["OS", "early deaths within 12 weeks"]  # covariate levels are not endpoints


def test_reference_level_rows_of_a_regression_table_are_not_results():
    rows = [["", "HR [95% CI]", "p value"],
            ["Women", "1.00", ""],
            ["Men", "2.26 [1.44–3.55]", "<0.001"],
            ["No", "1.00 [0.80–1.25]", "0.99"]]  # a ratio of 1 with its interval is a result
    res = read_results(rows, eps({}))
    assert {f.row for f in res.facts} == {2, 3}
    assert {f.value for f in res.facts if f.statistic == "HR"} == {2.26, 1.0}


def test_not_reached_value_keeps_the_numbers_of_its_interval():
    rows = [["", "IRC", "Investigator"],
            ["Median DOR, months (95% CI)", "NR (9.2-NE)", "14.8 (9.2-20.4)"],
            ["Median OS, months (95% CI)", "NR (NR-NR)", "NE"]]
    got = facts(read_results(rows, eps({(1, 0): "DOR", (2, 0): "OS"})))
    assert got == {("DOR", "CI_low", 9.2, "IRC"), ("DOR", None, 14.8, "Investigator"),
                   ("DOR", "CI_low", 9.2, "Investigator"), ("DOR", "CI_high", 20.4, "Investigator")}


def test_a_row_naming_a_timed_measure_is_not_a_time_row_of_the_group_above():
    rows = [["", "Stage 2 (n = 82)"],
            ["OS", ""],
            ["12-month OS rate (%, 95% CI)", "91.8% (82.5%-96.3%)"],
            ["12 months", "90.0%"]]
    got = facts(read_results(rows, eps({(1, 0): "OS", (2, 0): "12-month OS"})))
    assert ("12-month OS", None, 91.8, "Stage 2") in got
    assert ("OS", None, 90.0, "Stage 2") in got  # a bare time under the measure stays the measure at that time


def test_a_table_of_status_at_randomisation_is_a_baseline_table():
    rows = [["", "Placebo n = 3", "PGE1 n = 4"], ["Age at start of INO (hours), mean (SD)", "26.6 (2.1)", "7.9 (9.4)"]]
    assert read_results(rows, eps({}), "Table 2 Status at randomization") is None
