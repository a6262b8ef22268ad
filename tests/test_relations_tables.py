"""Trial tables: columns mapped by header words, one record per row, cells read with the sentence rules."""
from extract.document import Table
from extract.relations.tables import map_columns

from relations_fixtures import by_key, outcome_set, trials_of


def test_columns_by_header_words_and_stage_column_holding_phases():
    header = ("Study", "Stage", "Population", "Regimen", "Primary endpoint", "Main result", "Size")
    body = (("NCT01111111", "Phase II", "Early", "A", "pCR", "50%", "40"),
            ("NCT02222222", "Phase III", "Late", "B", "OS", "NS", "90"))
    cols = map_columns(header, body)
    assert cols.roles == {"id": 0, "phase": 1, "treatment": 3, "endpoint": 4, "result": 5, "n": 6}


def test_prior_therapy_column_is_not_treatment():
    cols = map_columns(("Trial", "Prior therapy", "Treatment arms"), (("NCT01111111", "Yes", "A"),))
    assert cols.get("treatment") == 2


def test_each_row_is_a_trial_with_phase_size_drugs_endpoints_and_results():
    table = Table(rows=(
        ("Trial", "Phase", "Enrollment", "Treatment", "Primary endpoint", "Result"),
        ("NCT01111111 (SKYLARK)", "Phase 3", "1,020", "neratinib + capecitabine vs. lapatinib + capecitabine",
         "PFS OS", "9.1M vs. 6.0M 25.2M vs. 21.0M"),
        ("NCT02222222", "RCT", "NR", "tucatinib + trastuzumab", "ORR", "No significant difference"),
    ))
    trials = by_key(trials_of("Clinical studies are listed below.", table))
    sky = trials["SKYLARK"]
    assert sky.nct_ids == ["NCT01111111"]
    assert (sky.phase, sky.sample_size) == ("III", 1020)
    assert sky.drugs == ["neratinib", "capecitabine", "lapatinib"]
    assert sky.endpoints == ["PFS", "OS"]
    assert outcome_set(sky) == {("PFS", None, 9.1), ("PFS", None, 6.0), ("OS", None, 25.2), ("OS", None, 21.0)}
    other = trials["NCT02222222"]
    assert (other.phase, other.sample_size, other.outcomes) == (None, None, [])


def test_per_arm_sizes_in_treatment_cell_are_summed_when_no_size_column():
    table = Table(rows=(
        ("Study name", "Phase", "Treatment", "Primary endpoint", "Main result"),
        ("NCT03333333", "Phase II", "T-DM1 (n = 120) vs. pertuzumab + trastuzumab (n = 118)", "pCR", "41.0% vs. 38.2%"),
    ))
    t = trials_of("Text.", table)[0]
    assert t.sample_size == 238
    assert outcome_set(t) == {("pCR", None, 41.0), ("pCR", None, 38.2)}
    assert [o.arm for o in t.outcomes] == ["T-DM1 (n = 120)", "pertuzumab + trastuzumab (n = 118)"]


def test_abbreviations_defined_in_the_table_or_its_legend_are_drugs():
    table = Table(rows=(
        ("Trial", "Phase", "Regimen", "Primary endpoint"),
        ("NCT04444444", "II", "docetaxel + trastuzumab (T) vs. docetaxel + T + Pz", "pCR"),
    ))
    legend = "Pz, pertuzumab; ORR, overall response rate; NR, not reported; AEs, adverse events."
    t = trials_of("Text.", table, legend)[0]
    assert t.drugs == ["docetaxel", "trastuzumab", "pertuzumab"]


def test_single_letter_without_definition_is_not_a_drug():
    table = Table(rows=(("Trial", "Phase", "Regimen"), ("NCT05555555", "I", "letrozole + T")))
    assert trials_of("Text.", table)[0].drugs == ["letrozole"]


def test_name_beside_the_registry_id_in_the_id_cell():
    table = Table(rows=(("Trial", "Phase", "Regimen"), ("NCT06666666 (BLUEBIRD II)", "II", "palbociclib")))
    t = trials_of("Text.", table)[0]
    assert t.names == ["BLUEBIRD II"] and t.nct_ids == ["NCT06666666"]


def test_results_table_of_the_documents_own_study():
    table = Table(rows=(
        ("Outcome", "Arm A (n=60)", "Arm B (n=58)", "P value"),
        ("Median PFS, months (95% CI)", "11.2 (8.1-14.0)", "NR (9.0-NE)", "0.04"),
        ("ORR, %", "52.5", "31.0", "0.02"),
        ("Age, years", "61", "63", ""),
    ))
    trials = trials_of("The MARLIN trial (NCT09999999) compared two schedules of lapatinib.", table)
    assert len(trials) == 1
    got = outcome_set(trials[0])
    # "NR (9.0-NE)": not reached, but its interval's lower bound is a number of the table
    assert {("PFS", None, 11.2), ("PFS", "CI_low", 8.1), ("PFS", "CI_high", 14.0), ("PFS", "p", 0.04),
            ("PFS", "CI_low", 9.0), ("ORR", None, 52.5), ("ORR", None, 31.0), ("ORR", "p", 0.02)} == got


def test_table_without_study_column_or_endpoints_gives_no_records():
    table = Table(rows=(("Characteristic", "Arm A", "Arm B"), ("Female, %", "55", "48"), ("Age, years", "60", "61")))
    assert trials_of("Baseline characteristics are shown.", table) == []


def test_author_year_cells_are_not_trial_names():
    from relations_fixtures import LEXICON
    lex = dict(LEXICON, **{"Smith 2015": ("TRIAL", "Smith 2015")})
    table = Table(rows=(("Study", "Regimen", "Outcome"), ("Smith 2015", "lapatinib", "ORR 30%")))
    trials = trials_of("Included studies.", table, lexicon=lex)
    assert all(t.names == [] for t in trials)


def test_study_name_printed_in_the_phase_cell():
    table = Table(rows=(("Phase", "Combination", "NCT number"),
                        ("Phase 2 (CONDOR-11)", "lapatinib", "NCT07070707"),
                        ("Phase 3 (randomized)", "neratinib", "NCT08080808")))
    trials = by_key(trials_of("Ongoing trials.", table))
    assert trials["CONDOR-11"].phase == "II" and trials["CONDOR-11"].nct_ids == ["NCT07070707"]
    assert trials["NCT08080808"].names == [] and trials["NCT08080808"].phase == "III"


def test_rows_of_unnamed_studies_are_not_glued_together():
    table = Table(rows=(("Study", "Regimen", "Result"),
                        ("Smith et al. 2019", "lapatinib", "ORR 30%"),
                        ("Jones et al. 2020", "neratinib", "ORR 41%"),
                        ("", "capecitabine", "")))
    trials = trials_of("Included studies.", table)
    assert [(t.key, t.drugs) for t in trials] == [("unnamed-1", ["lapatinib"]),
                                                 ("unnamed-2", ["neratinib", "capecitabine"])]


def test_results_table_with_subgroup_and_endpoint_columns_and_statistic_columns():
    table = Table(rows=(
        ("Subgroup", "Endpoint", "Tucatinib", "Placebo", "Hazard ratio", "95% CI", "P value"),
        ("Brain metastases", "Median PFS, months", "7.6", "5.4", "0.48", "0.34-0.69", "<0.001"),
        ("All patients", "ORR, %", "40.6", "22.8", "", "", "0.008"),
        ("All patients", "Female, %", "99", "98", "", "", ""),
    ))
    trials = trials_of("SKYLARK (NCT04444444) was a phase 2 trial of tucatinib in 410 patients.", table,
                       "The HERON trial will test the drug in early disease.")
    t = by_key(trials)["SKYLARK"]
    assert outcome_set(t) == {("PFS", None, 7.6), ("PFS", None, 5.4), ("PFS", "HR", 0.48), ("PFS", "CI_low", 0.34),
                              ("PFS", "CI_high", 0.69), ("PFS", "p", 0.001), ("ORR", None, 40.6),
                              ("ORR", None, 22.8), ("ORR", "p", 0.008)}
    pfs = [o for o in t.outcomes if o.endpoint == "PFS" and o.statistic is None]
    assert {(o.arm, o.population, o.unit) for o in pfs} == {("Tucatinib", "Brain metastases", "months"),
                                                           ("Placebo", "Brain metastases", "months")}
    assert by_key(trials)["HERON"].outcomes == []


def test_header_rows_that_name_registry_ids_are_records():
    table = Table(rows=(
        ("Trial", "Phase", "Regimen", "Main result"),
        ("NCT01010101", "III", "lapatinib vs. placebo", "DFS 88.0% vs. 84.5%"),
        ("NCT02020202", "II", "neratinib", "ORR 33%"),
    ), header_rows=2)
    trials = trials_of("Trials are listed in the table.", table)
    ts = by_key(trials)
    assert set(ts) == {"NCT01010101", "NCT02020202"}
    assert ts["NCT01010101"].phase == "III" and ("DFS", None, 88.0) in outcome_set(ts["NCT01010101"])


def test_results_table_of_an_unnamed_own_study_beside_named_context_trials():
    # a report of its own unnamed cohort that names other trials for context: its tables are its own
    table = Table(rows=(
        ("", "HR [95% CI]", "p value"),
        ("Men vs women", "2.01 [1.16-3.50]", "0.01"),
    ))
    trials = by_key(trials_of(
        "The phase III HERON trial (NCT06666666) showed an ORR of 40.0% with lapatinib [1]. "
        "The phase II BLUEBIRD trial (NCT05555555) is ongoing [2].",
        "Here, we report the results of a retrospective multicentre study of pembrolizumab. "
        "The median OS was 14.2 months.",
        "Table 2 Multivariate analysis of overall survival", table))
    own = [t for k, t in trials.items() if k.startswith("unnamed")]
    assert len(own) == 1  # not a second unnamed record for the table
    assert {("OS", None, 14.2), ("men vs women", "HR", 2.01)} <= outcome_set(own[0])
    assert outcome_set(trials["HERON"]) == {("ORR", None, 40.0)}


def test_included_study_rows_with_a_result_column_named_by_its_head():
    # a meta-analysis's table of included studies: first author, design, "Incidence (95% CI)"
    table = Table(rows=(
        ("First author (year)", "Study type and quality", "Incidence (95% CI)", "Main cancer class"),
        ("Antonacopoulou (2009)", "Prospective cohort", "58.8% (42.2–75.3)", "Colorectal"),
        ("Argyriou (2006)", "Prospective cohort (18/22)", "61.5% (35.1–87.9)", "Breast"),
    ))
    trials = trials_of("Table 1 Overview of included studies", table)
    assert [outcome_set(t) for t in trials] == [
        {("incidence", None, 58.8), ("incidence", "CI_low", 42.2), ("incidence", "CI_high", 75.3)},
        {("incidence", None, 61.5), ("incidence", "CI_low", 35.1), ("incidence", "CI_high", 87.9)}]
    assert map_columns(table.header, table.body).roles == {"id": 0, "result": 2}  # "Study type" is not the id
