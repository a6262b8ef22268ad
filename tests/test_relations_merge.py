"""Records: one per trial, context carried through a paragraph, unnamed studies, merges, negatives."""
from extract.document import Table

from relations_fixtures import by_key, outcome_set, trials_of


def test_result_sentences_belong_to_the_trial_named_before_them():
    trials = trials_of(
        "The phase III HERON trial randomized 812 patients to pertuzumab plus trastuzumab or trastuzumab. "
        "The primary endpoint was met (DFS 91.2 vs. 88.0%; P=0.03). "
        "No new safety signals were seen [14].")
    t = by_key(trials)["HERON"]
    assert (t.phase, t.sample_size) == ("III", 812)
    assert t.drugs == ["pertuzumab", "trastuzumab"]
    assert outcome_set(t) == {("DFS", None, 91.2), ("DFS", None, 88.0), ("DFS", "p", 0.03)}
    assert len(t.evidence) == 3 and all(o.page == 1 and o.evidence for o in t.outcomes)


def test_context_ends_with_the_paragraph():
    trials = trials_of("The MARLIN trial tested lapatinib.", "Unrelated review text with PFS of 5.5 months.")
    assert [t.key for t in trials] == ["MARLIN"]
    assert trials[0].outcomes == []


def test_unnamed_studies_are_numbered_in_order_and_need_a_number():
    trials = trials_of(
        "In a phase II study, palbociclib with letrozole gave an ORR of 42% among 38 women [3]. "
        "Differently, everolimus plus trastuzumab yielded a DCR of 60% [4].",
        "A randomized trial of fulvestrant is ongoing [5].")
    assert [t.key for t in trials] == ["unnamed-1", "unnamed-2"]
    first, second = trials
    assert (first.phase, first.sample_size, first.drugs) == ("II", 38, ["palbociclib", "letrozole"])
    assert outcome_set(second) == {("DCR", None, 60.0)}


def test_a_new_citation_ends_the_previous_study():
    trials = trials_of(
        "In a phase I trial, neratinib gave an ORR of 30% [7]. "
        "Combinations with capecitabine were also explored [8].")
    assert trials[0].drugs == ["neratinib"]


def test_name_variants_and_registry_ids_merge_table_and_text():
    table = Table(rows=(("Trial", "Enrollment", "Phase", "Regimen"),
                        ("NCT07777777 (ORCHID 2)", "300", "III", "tucatinib + trastuzumab + capecitabine")))
    trials = trials_of("The ORCHID-2 trial reported a median PFS of 7.6 months [9].", table)
    assert len(trials) == 1
    t = trials[0]
    assert t.key == "ORCHID-2" and t.nct_ids == ["NCT07777777"]
    assert (t.phase, t.sample_size) == ("III", 300)
    assert t.drugs == ["tucatinib", "trastuzumab", "capecitabine"]


def test_series_number_variant_merges_but_different_numbers_do_not():
    trials = trials_of("HERON-3 enrolled 90 patients [1].", "The HERON study continued [2].")
    assert len(trials) == 1
    lex_trials = trials_of("SKYLARK tested lapatinib.", "MARLIN tested neratinib.")
    assert sorted(t.key for t in lex_trials) == ["MARLIN", "SKYLARK"]


def test_cited_registry_id_is_not_the_named_trials_id():
    trials = by_key(trials_of("The HERON trial followed the design of a study registered as NCT08888888 [2]."))
    assert trials["HERON"].nct_ids == []
    assert trials["NCT08888888"].names == []


def test_respectively_distributes_drugs_over_trials():
    trials = by_key(trials_of(
        "The phase II SKYLARK and phase III MARLIN trials added pertuzumab or lapatinib, respectively, to "
        "trastuzumab and letrozole."))
    assert trials["SKYLARK"].drugs == ["pertuzumab", "trastuzumab", "letrozole"]
    assert trials["MARLIN"].drugs == ["lapatinib", "trastuzumab", "letrozole"]
    assert (trials["SKYLARK"].phase, trials["MARLIN"].phase) == ("II", "III")


def test_sentence_broken_by_a_page_break_is_one_sentence():
    trials = trials_of("The SKYLARK trial showed an ORR of 55 and", "48%, respectively, in the two cohorts [3].")
    assert outcome_set(trials[0]) == {("ORR", None, 55.0), ("ORR", None, 48.0)}


def test_reference_list_is_out_of_scope():
    trials = trials_of("The HERON trial enrolled women.", ("heading", "References"),
                       "1. Smith J. The MARLIN trial of lapatinib. J Clin Oncol 2020.")
    assert [t.key for t in trials] == ["HERON"]


def test_report_of_one_registered_study_collects_unattributed_results():
    trials = trials_of(
        "We randomly assigned 240 patients to lapatinib and 236 patients to neratinib in this phase 3 trial.",
        "Median PFS was 8.1 vs. 6.9 months (HR 0.82; 95% CI 0.70-0.96).",
        "ClinicalTrials.gov, number NCT01212121.")
    assert len(trials) == 1
    t = trials[0]
    assert t.nct_ids == ["NCT01212121"] and t.sample_size == 476 and t.phase == "III"
    assert {("PFS", None, 8.1), ("PFS", "HR", 0.82), ("PFS", "CI_high", 0.96)} <= outcome_set(t)


def test_registration_statement_joins_the_lone_named_trial():
    trials = trials_of("SKYLARK is a phase 2, randomized study of tucatinib. ORR was 40% vs 22%.",
                       "Clinical trial information: NCT03434343.")
    assert [(t.key, t.nct_ids, t.phase) for t in trials] == [("SKYLARK", ["NCT03434343"], "II")]


def test_review_without_own_study_drops_unattributed_results():
    trials = trials_of("Median PFS was 8.1 vs. 6.9 months in pooled series.", "The MARLIN trial tested lapatinib.")
    assert [t.key for t in trials] == ["MARLIN"] and trials[0].outcomes == []


def test_own_study_after_a_background_study_in_an_abstract():
    trials = trials_of(
        "Background: In an earlier phase I trial, neratinib was active [1]. Here, we report the results of a "
        "single-arm, phase II study of neratinib. Results: ORR was 41.0% (95% CI, 30.2%-52.5%). "
        "Clinical trial information: NCT05656565.")
    keys = [(t.key, t.phase) for t in trials]
    assert ("NCT05656565", "II") in keys
    own = by_key(trials)["NCT05656565"]
    assert ("ORR", None, 41.0) in outcome_set(own)


def test_abbreviation_list_is_a_legend_but_prose_with_semicolons_is_not():
    from extract.relations.tables import looks_like_legend
    assert looks_like_legend("AEs, adverse events; BC, breast cancer; NR, not reported; ORR, objective response rate.")
    assert not looks_like_legend("Results: ORR, 88.0%; DOR, 11.8 months; PFS, 12.0 months in 25 patients; the "
                                 "second stage then enrolled 82 patients, with 56.1% refractory to therapy.")


def test_name_on_two_table_rows_goes_to_the_row_that_matches_the_text():
    table = Table(rows=(("Trial", "Phase", "Regimen"),
                        ("NCT01010101 (HERON)", "II", "tucatinib + fulvestrant + docetaxel"),
                        ("NCT02020202 (HERON)", "III", "palbociclib + trastuzumab")))
    trials = by_key(trials_of("The HERON trial added palbociclib to trastuzumab [4].", table))
    assert trials["HERON"].nct_ids == ["NCT02020202"] and trials["HERON"].phase == "III"
    assert trials["NCT01010101"].names == []


def test_name_on_two_rows_without_text_names_neither():
    table = Table(rows=(("Trial", "Phase", "Regimen"),
                        ("NCT01010101 (HERON)", "II", "tucatinib"),
                        ("NCT02020202 (HERON)", "III", "palbociclib")))
    assert sorted(t.key for t in trials_of("Ongoing studies.", table)) == ["NCT01010101", "NCT02020202"]


def test_single_study_result_without_endpoint_name_is_about_the_primary_endpoint():
    trials = trials_of(
        "In this phase 3 trial, we randomly assigned 300 patients to lapatinib or neratinib. "
        "The primary end point was progression-free survival.",
        "Patients alive without progression at 12 months were 61.0% vs. 40.2% (HR, 0.55; P<0.001). "
        "Rash occurred in 12.5% of the patients.",
        "ClinicalTrials.gov number, NCT04040404.")
    t = trials[0]
    assert (t.nct_ids, t.sample_size, t.phase) == (["NCT04040404"], 300, "III")
    got = outcome_set(t)
    # the rates at 12 months are the landmark rate; the hazard ratio is of the time-to-event endpoint
    assert {("12-month PFS", None, 61.0), ("12-month PFS", None, 40.2), ("PFS", "HR", 0.55), ("PFS", "p", 0.001)} <= got
    assert ("PFS", None, 12.5) not in got and ("PFS", None, 12.0) not in got


def test_registered_named_trial_takes_the_randomised_total_not_a_subgroup_size():
    trials = trials_of(
        "SKYLARK is a randomised, double-blind, phase 3 trial. This study is registered with ClinicalTrials.gov, "
        "NCT06060606.",
        "In total, 812 patients were randomly assigned to tucatinib (n=406) or placebo (n=406). "
        "Rash occurred in 120 (30%) of 400 patients in the tucatinib group.")
    t = by_key(trials)["SKYLARK"]
    assert (t.nct_ids, t.phase, t.sample_size) == (["NCT06060606"], "III", 812)


def test_uncited_result_sentence_stays_with_the_study_before_it():
    trials = trials_of("The HERON trial randomized 400 patients to lapatinib [5]. Median PFS was 12.1 vs. 8.0 months. "
                       "Neratinib was approved later for other uses [6].")
    t = by_key(trials)["HERON"]
    assert ("PFS", None, 12.1) in outcome_set(t) and t.drugs == ["lapatinib"]


def test_uncited_sentence_introducing_a_new_drug_goes_with_the_next_citation():
    trials = trials_of("The HERON trial randomized 400 patients to lapatinib [5]. Neratinib is another inhibitor. "
                       "Neratinib improved DFS by 2.5% in a phase 3 study [6].")
    assert by_key(trials)["HERON"].drugs == ["lapatinib"]


def test_cited_result_in_a_single_study_report_stays_a_separate_study():
    trials = trials_of(
        "We randomly assigned 300 patients to lapatinib or placebo. ClinicalTrials.gov, NCT04141414.",
        "Median PFS was 9.0 vs. 6.1 months (HR 0.70; P=0.01).",
        "In earlier work, neratinib alone gave an ORR of 33% [12].")
    keys = sorted(t.key for t in trials)
    assert keys == ["NCT04141414", "unnamed-1"]
    assert ("ORR", None, 33.0) not in outcome_set(by_key(trials)["NCT04141414"])


def test_results_paragraphs_without_a_name_belong_to_the_one_described_study():
    trials = trials_of(
        "Methods. In this double-blind phase 3 study (SKYLARK; NCT01111111), 540 patients with untreated "
        "disease were randomly assigned to tucatinib plus trastuzumab or placebo plus trastuzumab.",
        "Results. The median PFS was 9.1 months with tucatinib versus 5.6 months with placebo (HR 0.61; P<0.001).",
        "In the final overall survival analysis, median OS was 30.3 vs 24.0 months with tucatinib and placebo.")
    assert [t.key for t in trials] == ["SKYLARK"]
    t = trials[0]
    assert (t.phase, t.sample_size, t.nct_ids) == ("III", 540, ["NCT01111111"])
    assert {("PFS", None, 9.1), ("PFS", "HR", 0.61), ("OS", None, 30.3)} <= outcome_set(t)


def test_unnamed_results_stay_apart_when_two_named_studies_report_results():
    trials = trials_of(
        "The phase 3 HERON trial randomized 400 patients to lapatinib; median PFS was 8.0 vs 6.1 months.",
        "The phase 3 MARLIN trial randomized 300 patients to neratinib; median PFS was 7.0 vs 5.2 months.",
        "Elsewhere, tucatinib plus capecitabine gave an ORR of 41%.")
    assert {t.key for t in trials} == {"HERON", "MARLIN", "unnamed-1"}


def test_this_study_with_an_id_after_a_name_label_is_the_same_study():
    trials = trials_of(
        "HERON. This open-label phase III study (NCT02222222) enrolled 700 patients who received lapatinib. "
        "Median PFS was 9.0 vs 7.1 months.",
        "MARLIN. In this phase II study (NCT03333333), neratinib gave an ORR of 33%.")
    ts = by_key(trials)
    assert set(ts) == {"HERON", "MARLIN"}
    assert (ts["HERON"].nct_ids, ts["HERON"].phase, ts["HERON"].sample_size) == (["NCT02222222"], "III", 700)
    assert ts["MARLIN"].nct_ids == ["NCT03333333"]


def test_updated_report_of_a_named_study_collects_the_unnamed_results():
    trials = trials_of(
        "In a phase II study (NCT05555555), neratinib gave durable responses (Smith et al. Lancet 2021). "
        "Here, we present updated data for this cohort after longer follow-up.",
        "Results: Eighty patients were enrolled. The ORR was 45.0% and the DCR was 70.0%.")
    assert [t.key for t in trials] == ["NCT05555555"]
    t = trials[0]
    assert t.sample_size == 80 and {("ORR", None, 45.0), ("DCR", None, 70.0)} <= outcome_set(t)


def test_we_report_without_reference_to_a_named_study_is_a_study_of_its_own():
    trials = trials_of(
        "The phase III HERON trial (NCT06666666) established lapatinib [3].",
        "Here, we report a single-arm study of neratinib. The ORR was 38.0%.")
    assert {t.key for t in trials} == {"HERON", "unnamed-1"}


def test_other_registry_ids_identify_trials_like_nct_ids():
    trials = trials_of(
        "The SKYLARK trial (ISRCTN12345678) randomized 310 patients to tucatinib or placebo. "
        "Median PFS was 8.2 vs 5.9 months.",
        "A second study (ACTRN12619000123456) gave an ORR of 35% with neratinib.")
    ts = by_key(trials)
    assert ts["SKYLARK"].nct_ids == ["ISRCTN12345678"] and ts["SKYLARK"].sample_size == 310
    assert ts["ACTRN12619000123456"].nct_ids == ["ACTRN12619000123456"]
    assert outcome_set(ts["ACTRN12619000123456"]) == {("ORR", None, 35.0)}


def test_registration_statement_with_a_non_nct_registry_marks_the_own_study():
    trials = trials_of(
        "We randomly assigned 200 women to letrozole or placebo.",
        "Results: The DFS rate was 88.0% vs 81.5% (HR 0.62; P=0.01).",
        "Trial registration: Current Controlled Trials ISRCTN87654321.")
    assert [t.nct_ids for t in trials] == [["ISRCTN87654321"]]
    assert trials[0].sample_size == 200 and ("DFS", "HR", 0.62) in outcome_set(trials[0])


def test_baseline_comparisons_do_not_take_the_primary_endpoint():
    trials = trials_of(
        "In this phase 3 trial, we randomly assigned 300 patients to lapatinib or neratinib. "
        "The primary end point was overall survival.",
        "More patients in the lapatinib group were men (58.0% vs. 49.5%, P=0.04).",
        "Patients alive at 24 months were 51.0% vs. 40.0% (HR, 0.71; P=0.01).",
        "ClinicalTrials.gov number, NCT04040405.")
    got = outcome_set(trials[0])
    assert ("OS", None, 58.0) not in got and ("OS", "p", 0.04) not in got
    assert ("OS", "HR", 0.71) in got


def test_results_tables_belong_to_the_study_the_title_names():
    from extract.relations.drafts import Draft
    from extract.relations.merge import attach_results
    own, cited = Draft(order=5, names=["Spinnaker"]), Draft(order=50, names=["KEYNOTE-189"])
    own.sample_size, cited.phase = 308, "III"
    table = Draft(order=90, source="results")
    from extract.records import Outcome
    table.outcomes.append(Outcome(endpoint="OS", value=12.7, unit="months"))
    cited.outcomes.append(Outcome(endpoint="OS", value=22.0, unit="months"))
    groups = attach_results([own, cited], [table], title="Efficacy outcomes: the Spinnaker retrospective study")
    assert [o.value for o in own.outcomes] == [12.7] and [o.value for o in cited.outcomes] == [22.0]
    assert table not in groups


def test_an_unnamed_study_of_our_own_without_any_number_is_not_a_record():
    from extract.relations.drafts import Draft
    from extract.relations.merge import to_trials

    bare = Draft(order=0, opened="own")
    bare.phase = "I"
    sized = Draft(order=1, opened="own")
    sized.sample_size = 38
    assert [t.key for t in to_trials([bare, sized])] == ["unnamed-1"]
    assert to_trials([bare, sized])[0].sample_size == 38


def test_an_unnamed_study_restated_with_the_same_numbers_is_one_record():
    from extract.records import Outcome
    from extract.relations.drafts import Draft
    from extract.relations.merge import to_trials

    def draft(order, value, evidence):
        return Draft(order=order, phase="II", drugs=["tucatinib"],
                     outcomes=[Outcome(endpoint="ORR", value=value, unit="%", evidence=evidence)])

    same = to_trials([draft(0, 40.0, "ORR was 40%."), draft(900, 40.0, "The ORR was 40% (chapter 2).")])
    assert [t.key for t in same] == ["unnamed-1"]
    other = to_trials([draft(0, 40.0, "ORR was 40%."), draft(900, 41.0, "ORR was 41%.")])
    assert [t.key for t in other] == ["unnamed-1", "unnamed-2"]


def test_a_name_on_rows_of_two_ids_printed_twice_still_has_a_winner():
    from extract.relations.drafts import Draft
    from extract.relations.merge import drop_name_conflicts

    def row(order, nct, drugs):
        return Draft(order=order, source="table", names=["DETECT V"], ncts=[nct], drugs=drugs)

    body = Draft(order=0, names=["DETECT V"], drugs=["ribociclib", "trastuzumab"])
    rows = [row(10, "NCT02344472", ["ribociclib", "trastuzumab"]), row(20, "NCT09999999", ["letrozole"])]
    twice = rows + [row(30, "NCT02344472", ["ribociclib", "trastuzumab"]), row(40, "NCT09999999", ["letrozole"])]
    drop_name_conflicts([body] + twice)
    assert [r.names for r in twice] == [["DETECT V"], [], ["DETECT V"], []]


def test_a_meta_analysis_pooled_table_after_its_study_table_belongs_to_the_meta_analysis():
    """Table 1 lists the pooled studies (a Study column); Table 2, with a caption of its own,
    gives the pooled estimates: they are the results of the document's own unnamed study."""
    studies = Table(rows=(("Study", "Country", "Patients"), ("Zhao et al. (2015)", "China", "88"),
                          ("Kim et al. (2015)", "Korea", "55")))
    pooled = Table(rows=(("", "No. of studies", "Patients", "Combined estimate (95% CI)/P value"),
                         ("OS", "10", "685", "HR 2.05 (1.51–2.77)/<0.001"),
                         ("DFS", "8", "359", "HR 2.05 (1.55–2.70)/<0.001")))
    trials = trials_of("We performed a meta-analysis of 16 studies of overall survival and DFS.",
                       ("caption", "Table 1 Characteristics of eligible studies"), studies,
                       ("caption", "Table 2 Main results of meta-analysis"), pooled)
    own = [t for t in trials if {"OS", "DFS"} <= {o.endpoint for o in t.outcomes}]
    assert len(own) == 1
    got = outcome_set(own[0])
    assert {("OS", "HR", 2.05), ("OS", "CI_low", 1.51), ("OS", "p", 0.001), ("DFS", "CI_high", 2.70)} <= got
    assert not any(v in (10, 685, 8, 359) for _e, _s, v in got)  # pooled counts are not outcomes


def test_a_report_of_one_study_keeps_only_the_cited_trials_that_have_numbers():
    trials = by_key(trials_of(
        ("heading", "A retrospective multicentre study of pembrolizumab with chemotherapy"),
        ("heading", "Methods"),
        "We collected data on 308 patients treated with pembrolizumab plus paclitaxel.",
        ("heading", "Results"),
        "Median OS was 16.5 months.",
        ("heading", "Discussion"),
        "The phase III HERON trial reported a median OS of 22.0 months [13]. "
        "The MARLIN and SKYLARK phase III trials tested lapatinib [15]."))
    assert "HERON" in trials and {"MARLIN", "SKYLARK"}.isdisjoint(trials)


def test_a_review_keeps_trials_named_without_numbers():
    trials = by_key(trials_of(
        "The phase III HERON trial reported a median OS of 22.0 months [13]. "
        "The MARLIN and SKYLARK phase III trials tested lapatinib [15]."))
    assert {"HERON", "MARLIN", "SKYLARK"} <= set(trials)


def test_cited_in_passing_filter_needs_a_study_with_numbers():
    from extract.records import Outcome
    from extract.relations.drafts import Draft
    from extract.relations.merge import drop_cited_in_passing

    own, sized, passing = Draft(order=0, names=["A"]), Draft(order=1, names=["B"]), Draft(order=2, names=["C"])
    sized.sample_size, passing.phase = 40, "III"
    assert drop_cited_in_passing([sized, passing]) == [sized, passing]
    own.outcomes.append(Outcome(endpoint="OS", value=16.5, unit="months"))
    assert drop_cited_in_passing([own, sized, passing]) == [own, sized]


def test_a_study_cited_by_its_authors_is_an_unnamed_record_of_its_own():
    trials = trials_of(
        ("heading", "A multicentre retrospective study of pembrolizumab"),
        ("heading", "Methods"),
        "We enrolled 308 patients treated with pembrolizumab.",
        ("heading", "Results"),
        "Median OS was 16.5 months.",
        ("heading", "Discussion"),
        "Median OS of 19 months in Velcheti et al. study was higher than ours. "
        "Median PFS in Velcheti et al. study was 6.8 months. Smith et al. study found a median PFS of 4.1 months.")
    sets = [outcome_set(t) for t in trials]
    assert ("OS", None, 16.5) in sets[0] and len(trials) == 3
    assert sets[1] == {("OS", None, 19.0), ("PFS", None, 6.8)}  # the same authors' study is one record
    assert sets[2] == {("PFS", None, 4.1)}


def test_text_restating_a_table_number_under_its_real_world_name_is_one_outcome():
    from extract.records import Outcome
    from extract.relations.drafts import Draft
    from extract.relations.merge import drop_restated

    main, table = Draft(order=0), Draft(order=1, source="results")
    main.outcomes = [Outcome(endpoint="rwPFS", statistic="HR", value=0.94), Outcome(endpoint="rwPFS", value=5.5)]
    table.outcomes = [Outcome(endpoint="PFS", statistic="HR", value=0.94)]
    drop_restated(main, table)
    assert [(o.endpoint, o.value) for o in main.outcomes] == [("rwPFS", 5.5)]


def test_a_cited_meta_analysis_with_a_number_is_a_record_of_its_own():
    trials = by_key(trials_of(
        "Here, we report the results of a retrospective multicentre study of lapatinib. The ORR was 38.0%.",
        "A meta-analysis conducted in a first-line setting showed a pooled OS HR of 0.59 (95% CI 0.50-0.69) [17]. "
        "In our study, we found men had a worse OS than women (HR 2.01, p=0.01)."))
    assert sorted(trials) == ["unnamed-1", "unnamed-2"]
    assert ("OS", "HR", 0.59) in outcome_set(trials["unnamed-2"])
    assert ("OS", "HR", 2.01) in outcome_set(trials["unnamed-1"])  # "In our study": the document's own again
    assert ("OS", "HR", 0.59) not in outcome_set(trials["unnamed-1"])


def test_they_after_a_study_named_by_its_authors_is_that_study_across_sentences_without_numbers():
    trials = by_key(trials_of(
        "Here, we report the results of a retrospective multicentre study of lapatinib. The ORR was 38.0%.",
        "A recent comparative study published by Perol et al. focused on 520 patients [31]. "
        "However, unlike our study, patients with brain metastases were excluded. "
        "As in our study, they observed that sparing chemotherapy did not impact OS (HR 1.03, 95% CI 0.77-1.39). "
        "The fact that never-smokers had less benefit had been previously suspected [16, 32]."))
    assert sorted(trials) == ["unnamed-1", "unnamed-2"]
    assert ("OS", "HR", 1.03) in outcome_set(trials["unnamed-2"])
    assert ("OS", "HR", 1.03) not in outcome_set(trials["unnamed-1"])


def test_the_patients_included_give_the_own_cohorts_size():
    trials = trials_of(
        "Here, we report the results of a retrospective multicentre study of lapatinib.",
        "Results Among the 243 patients included, 141 (58%) received lapatinib alone. The ORR was 38.0%.")
    assert [(t.key, t.sample_size) for t in trials] == [("unnamed-1", 243)]
