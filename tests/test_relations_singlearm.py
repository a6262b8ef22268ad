"""General rules found on a blind check: single-arm counts, thresholds, HR events, sizes, phase."""
from extract.relations.attributes import sample_sizes
from extract.relations.outcomes import EP, find_outcomes

from relations_fixtures import by_key, outcome_set, trials_of


def _outs(text, *eps):
    spans = []
    for name, surface in eps:
        i = text.index(surface)
        spans.append(EP(i, i + len(surface), name))
    return {(o.endpoint, o.statistic, o.value) for o in find_outcomes(text, spans)}


def test_count_behind_a_single_arm_rate_is_n():
    got = _outs("Objective responses were seen in 23 patients (41.8%; 95% CI, 30.1 to 54.0).", ("ORR", "Objective responses"))
    assert got == {("ORR", "n", 23.0), ("ORR", None, 41.8), ("ORR", "CI_low", 30.1), ("ORR", "CI_high", 54.0)}


def test_a_rate_without_a_count_gives_no_n():
    got = _outs("The disease control rate was 71.2% in 52 evaluable cases.", ("DCR", "disease control rate"))
    assert ("DCR", None, 71.2) in got
    assert not any(st == "n" for _, st, _ in got)


def test_a_biomarker_threshold_is_not_a_result():
    assert _outs("In tumours with a PD-L1 score of 10% or more, overall survival was longer.",
                 ("OS", "overall survival")) == set()
    # the result next to the threshold is kept
    assert _outs("Among tumours with a PD-L1 score of 10% or more, the ORR was 35%.", ("ORR", "ORR")) == {("ORR", None, 35.0)}


def test_hazard_ratio_for_death_is_os_and_clauses_keep_their_endpoints():
    got = _outs("HR for death 0.71 (0.55-0.92); PFS 7.9 vs 5.2 mo", ("PFS", "PFS"))
    assert got == {("OS", "HR", 0.71), ("OS", "CI_low", 0.55), ("OS", "CI_high", 0.92),
                   ("PFS", None, 7.9), ("PFS", None, 5.2)}


def test_hazard_ratio_for_progression_or_death_is_pfs():
    got = _outs("OS 20.1 vs 17.3 mo; HR for death or disease progression 0.64 (95% CI 0.50-0.81)", ("OS", "OS"))
    assert ("PFS", "HR", 0.64) in got and ("PFS", "CI_low", 0.5) in got
    assert ("OS", "HR", 0.64) not in got


def test_sample_size_after_a_study_appositive_and_spelled_out():
    assert sample_sizes("HERON (NCT01234567), a phase 3 study with 812 randomized patients, met its endpoint.")[0][0] == 812
    assert sample_sizes("In the expansion part, ninety-four patients were enrolled.")[0][0] == 94


def test_sample_size_verb_across_a_participial_phrase_with_numbers():
    got = sample_sizes("Overall, 3150 patients with heart failure, recruited at 410 sites in 31 countries, "
                       "were randomly assigned to the two groups.")
    assert got[0][0] == 3150


def test_a_dose_is_not_a_sample_size():
    assert sample_sizes("Lapatinib was given at a dose of 750 mg daily in patients with brain metastases.") == []


def test_phase_of_a_named_study_portion():
    trials = by_key(trials_of("In the phase 2 portion of MARLIN, 61 patients received neratinib."))
    assert trials["MARLIN"].phase == "II"


def test_single_arm_report_gives_count_and_rate():
    trials = by_key(trials_of("HERON is a single-arm phase 2 study of tucatinib.",
                              "In all, objective responses were seen in 23 patients (41.8%). The median PFS was 5.4 months."))
    assert outcome_set(trials["HERON"]) == {("ORR", "n", 23.0), ("ORR", None, 41.8), ("PFS", None, 5.4)}


def test_unnamed_single_arm_report_keeps_its_results():
    trials = trials_of(("heading", "A single-arm phase 2 study of tucatinib in HER2-positive cancer"),
                       "Patients received the study drug twice daily. The primary endpoint was the ORR.",
                       "In all, the ORR was 41% and the median PFS was 5.4 months.")
    assert [t.key for t in trials] == ["unnamed-1"]
    assert trials[0].drugs == ["tucatinib"]  # from the title
    assert outcome_set(trials[0]) == {("ORR", None, 41.0), ("PFS", None, 5.4)}
    assert trials[0].phase == "II"


def test_orphan_results_of_a_review_stay_out():
    trials = trials_of(("heading", "HER2-targeted therapy in breast cancer: a review"),
                       "Patients received tucatinib twice daily. The primary endpoint was the ORR.",
                       "In all, the ORR was 41% and the median PFS was 5.4 months.")
    assert trials == []


def test_named_study_of_the_primary_endpoint_takes_later_results():
    trials = by_key(trials_of(("heading", "Tucatinib in HER2-positive cancer"),
                              "Background In the SKYLARK trial, the median PFS was 7.1 months.",
                              "Methods In the phase 2 portion of MARLIN, patients received tucatinib. "
                              "The primary endpoint was the ORR.",
                              "Results In all, the ORR was 41% and the median PFS was 5.4 months."))
    assert outcome_set(trials["MARLIN"]) == {("ORR", None, 41.0), ("PFS", None, 5.4)}
    assert outcome_set(trials["SKYLARK"]) == {("PFS", None, 7.1)}


def test_table_cell_clauses_keep_their_endpoints():
    from extract.document import Table

    table = Table(rows=(
        ("Trial", "Phase", "N", "Treatment", "Results"),
        ("SKYLARK", "Phase 3", "610", "neratinib vs. lapatinib", "HR for death 0.66 (0.49-0.88); PFS 8.1 vs 5.9 mo"),
        ("HERON", "Phase 2", "88", "tucatinib", "OS HR 0.72 (0.51-0.97); PFS HR 0.61 (0.45-0.83)"),
    ))
    trials = by_key(trials_of(("caption", "Table 1 Trials of HER2 therapy"), table))
    assert outcome_set(trials["SKYLARK"]) == {("OS", "HR", 0.66), ("OS", "CI_low", 0.49), ("OS", "CI_high", 0.88),
                                              ("PFS", None, 8.1), ("PFS", None, 5.9)}
    assert outcome_set(trials["HERON"]) == {("OS", "HR", 0.72), ("OS", "CI_low", 0.51), ("OS", "CI_high", 0.97),
                                            ("PFS", "HR", 0.61), ("PFS", "CI_low", 0.45), ("PFS", "CI_high", 0.83)}


def test_phase_in_an_appositive_after_name_and_id():
    trials = by_key(trials_of("HERON (NCT01234567), a phase 3 study with 812 randomized patients, "
                              "compared neratinib with lapatinib."))
    assert trials["HERON"].phase == "III" and trials["HERON"].sample_size == 812
    # a phase later in the clause that describes something else is not the study's
    assert by_key(trials_of("In HERON, a drug given with the phase 2 dose was safe."))["HERON"].phase is None
