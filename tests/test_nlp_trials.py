"""TRIAL names from context; variants merge; acronyms that are not trials stay out."""
import pytest

from nlp_fixtures import canon, entities, table_block, document


def trials(text):
    return canon(text, "TRIAL")


@pytest.mark.parametrize("text,expected", [
    ("In the phase III ORCHID trial, survival improved.", {"ORCHID"}),
    ("Results of the PALISADE study were negative.", {"PALISADE"}),
    ("The LUMEN-4 and LUMEN-7 trials enrolled 900 patients.", {"LUMEN-4", "LUMEN-7"}),
    ("In the HALO, BrightSky, and GRX2001 trials, toxicity was low.", {"HALO", "BrightSky", "GRX2001"}),
    ("The phase II SPARROW and phase III KESTREL trials tested the addition.", {"SPARROW", "KESTREL"}),
    ("Registered as NCT01234567 (HARBOR).", {"HARBOR"}),
    ("The MERIDIAN (NCT07654321) study is ongoing.", {"MERIDIAN"}),
    ("In the clinical trial ZENITH-2, letrozole was used.", {"ZENITH-2"}),
    ("The phase II randomized QuasarHER was designed to test it.", {"QuasarHER"}),
    ("In the NeoLARK phase II clinical trial, pCR improved.", {"NeoLARK"}),
    ("In the phase III ATLAS V trial, the benefit persisted.", {"ATLAS V"}),
])
def test_trial_names_from_context(text, expected):
    assert trials(text) == expected


def test_confirmed_name_is_tagged_everywhere():
    text = "The ORCHID trial randomised 500 patients. ORCHID met its endpoint."
    assert [t for _l, t, _c in entities(text, "TRIAL")] == ["ORCHID", "ORCHID"]


@pytest.mark.parametrize("text", [
    "The FDA approved it after the trial.",
    "HER2 trials are common; ADCC studies too.",
    "The ITT population of the study was analysed.",
    "PAM50 studies classify tumours.",
    "This trial enrolled 40 patients.",
    "WHAT THIS STUDY ADDS",
    "Randomised trials of radiofrequency ablation (RFA) were pooled; RFA trials were small.",
    "The KN026 trial was small.",
    "The PFS study endpoint was met.",
])
def test_acronyms_that_are_not_trials(text):
    assert trials(text) == set()


def test_spacing_and_hyphen_variants_merge():
    text = "The phase III CORAL 050 trial was positive. In CORAL050, pCR improved."
    names = {(t, c) for _l, t, c in entities(text, "TRIAL")}
    assert {c for _t, c in names} == {"CORAL 050"} or {c for _t, c in names} == {"CORAL050"}
    assert {t for t, _c in names} == {"CORAL 050", "CORAL050"}


def test_hyphenated_form_is_preferred_on_ties():
    text = "In the SKYWARD-Lung02 trial and the SKYWARDLung02 study, responses were seen."
    assert trials(text) == {"SKYWARD-Lung02"}


def test_group_prefix_is_an_alias_of_the_name():
    text = "The GEICAM-2014 MARLIN trial enrolled 60 patients. The MARLIN study showed benefit."
    assert trials(text) == {"MARLIN"}


def test_study_name_column_of_a_table():
    doc_text = document(table_block([["Study name", "Phase", "Treatment"],
                                     ["NCT01234567 (HARBOR)", "II", "docetaxel"],
                                     ["NCT07654321 / KESTREL-3", "III", "letrozole"],
                                     ["Smith et al. (2015)", "II", "paclitaxel"]]))
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import nlp_pipeline
    doc = annotate(nlp_pipeline(), doc_text)
    _m, ents = collect_entities(doc, doc_text)
    assert {e.name for e in ents["TRIAL"]} == {"HARBOR", "KESTREL-3"}


@pytest.mark.parametrize("text,expected", [
    ("In PROXIMA-301, the combination improved survival.", {"PROXIMA-301"}),
    ("Results from NovaStar 212 were presented.", {"NovaStar 212"}),
    ("LUMINA150 enrolled 300 patients.", {"LUMINA150"}),
])
def test_numbered_series_names_need_no_cue_word(text, expected):
    assert trials(text) == expected


@pytest.mark.parametrize("text", [
    "PARP-1 and VEGFR-2 expression; TROP-2 was high.",
    "RECEIVED 05 August 2022 ACCEPTED 12 September 2022",
    "Guidelines from ASCO 2021 and ESMO 2020 apply.",
    "BRCA1 and ERBB2 alterations were common.",
])
def test_proteins_dates_and_genes_are_not_series_names(text):
    assert trials(text) == set()


@pytest.mark.parametrize("text", ["ISSN 1745-6215", "PAIN 155 (2014) 2461-2470", "See DOCX 111 for the form."])
def test_capitalised_word_and_number_is_not_a_series_name(text):
    assert trials(text) == set()


@pytest.mark.parametrize("text,expected", [
    ("In ORIONIS, the combination improved survival.", {"ORIONIS"}),
    ("Survival improved in VELAMAR (HR 0.8).", {"VELAMAR"}),
    ("BlueHeron showed a higher response rate.", {"BlueHeron"}),
    ("TANGO and CORVINA established the regimen.", {"TANGO", "CORVINA"}),
    ("In PH4ROS, dose reductions were rare.", {"PH4ROS"}),
])
def test_bare_trial_names_in_typical_review_positions(text, expected):
    assert trials(text) == expected


@pytest.mark.parametrize("text", [
    "In TCGA, mutations were frequent.",
    "IN SUMMARY, THE RESULTS ARE NEW.",
    "In FFPE samples the signal was weak.",
    "Glomerular kidney disease (GLOKD) is common. In GLOKD, survival is poor.",
    "CDKN2A showed loss in most tumours.",
    "In HER2, signalling is altered.",
])
def test_bare_acronyms_that_are_not_trials(text):
    assert trials(text) == set()


def test_a_lowercase_word_is_not_the_trial_of_the_same_name():
    text = "The phase III HORIZON trial was positive. An alternative horizon was considered."
    assert [t for _l, t, _c in entities(text, "TRIAL")] == ["HORIZON"]


def test_names_confirmed_only_in_the_references_do_not_count():
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import nlp_pipeline
    dt = document(
        ("body", "Letrozole was combined with KESTREL data from a pooled set.", 1),
        ("heading", "References", 2),
        ("body", "1. Brown AB, et al. Letrozole in the KESTREL trial. J Clin Oncol 2019; 37:100-110.", 2),
    )
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    assert ents["TRIAL"] == []


def test_canonical_name_prefers_the_prose_form_over_a_table_typo():
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import nlp_pipeline
    dt = document(
        ("body", "In the phase III VERTEX 2 trial, 200 patients were randomised.", 1),
        table_block([["Trial", "Phase"], ["NCT01234567 (VORTEX 2)", "III"], ["NCT07654321 (VORTEX 2)", "III"]]),
    )
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    assert [(e.name, e.aliases) for e in ents["TRIAL"]] == [("VERTEX 2", ["VORTEX 2"])]


def test_trial_column_headers_vary_but_attribute_columns_do_not_count():
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import nlp_pipeline
    dt = document(table_block([["Clinical trial (acronym)", "Study design", "Drug"],
                               ["HALCYON", "Randomised", "Letrozole"],
                               ["BrightStar", "Single-arm", "Tamoxifen"]]))
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    assert {e.name for e in ents["TRIAL"]} == {"HALCYON", "BrightStar"}


@pytest.mark.parametrize("text,expected", [
    ("The trials NSABP C-08 and NCCTG N0147 were pooled.", {"NSABP C-08", "NCCTG N0147"}),
    ("CALGB 30506 randomised 2,000 patients.", {"CALGB 30506"}),
    ("In SWOG S0226, anastrozole was combined with fulvestrant.", {"SWOG S0226"}),
    ("ECOG-ACRIN E2108 tested surgery of the primary tumour.", {"ECOG-ACRIN E2108"}),
    ("NCIC CTG MA.32 compared metformin with placebo.", {"NCIC CTG MA.32"}),
    ("GOG-0240 added bevacizumab; JCOG0405 tested chemoradiotherapy.", {"GOG-0240", "JCOG0405"}),
    ("The RTOG 9601 trial used salvage radiotherapy.", {"RTOG 9601"}),
    ("Results of CALGB/SWOG 80802 were negative.", {"CALGB/SWOG 80802"}),
])
def test_cooperative_group_and_protocol_code_is_a_trial_name(text, expected):
    assert trials(text) == expected


@pytest.mark.parametrize("text", [
    "Patients had an ECOG 0-1 performance status; ECOG PS 2 patients were excluded.",
    "NSABP and SWOG investigators designed the protocol.",
    "EORTC 2019 guidelines were followed.",
    "Quality of life used the EORTC QLQ-C30 questionnaire.",
])
def test_a_cooperative_group_alone_is_not_a_trial(text):
    assert trials(text) == set()


@pytest.mark.parametrize("text,expected", [
    ("HORIZON-3 randomized 700 patients to the doublet or placebo.", {"HORIZON-3"}),
    ("HORIZON-3 was an open-label, randomised, phase 3 study of the doublet.", {"HORIZON-3"}),
    ("HORIZON-3, a double-blind phase II trial, enrolled 80 women.", {"HORIZON-3"}),
    ("In CASTELLO, the doublet was active.", {"CASTELLO"}),
    ("GARNET-2 compared the doublet with docetaxel.", {"GARNET-2"}),
    ("Study 301 (NCT02345678) enrolled 400 patients.", {"Study 301"}),
    ("In Study 12, the doublet improved PFS.", {"Study 12"}),
    ("RIVERSTONE Lung 100 showed longer survival with maintenance.", {"RIVERSTONE Lung 100"}),
    ("In the phase 3 RIVERSTONE Renal 102 trial, PFS improved.", {"RIVERSTONE Renal 102"}),
    ("SKYLINE-Breast 2 met its primary endpoint.", {"SKYLINE-Breast 2"}),
])
def test_trial_names_without_a_trial_word_next_to_them(text, expected):
    assert trials(text) == expected


def test_paragraph_lead_in_names_the_trial_of_the_paragraph():
    text = "CASTELLO-2. In this randomized phase III study, 400 women were assigned to the doublet."
    assert trials(text) == {"CASTELLO-2"}


def test_lead_in_needs_the_next_sentence_to_be_about_this_study():
    assert trials("CASTELLO-2. Patients were assigned to the doublet.") == set()


def test_lowercase_initial_name_with_a_trial_word_is_found_everywhere():
    text = "In the phase III nextG trial, the drug was added. nextG enrolled 5,000 patients."
    assert [t for _l, t, _c in entities(text, "TRIAL")] == ["nextG", "nextG"]


@pytest.mark.parametrize("text", [
    "The nextG level rose. In nextG, values fell.",
    "Study 2 mg doses were not used.",
    "Study 2015 data were pooled.",
    "Table 3 shows the Study 12 patients per site.",
])
def test_not_trials_despite_a_similar_shape(text):
    assert trials(text) == set()


@pytest.mark.parametrize("a,b", [("ALPHA-1", "ALPHA-2"), ("KEYNOTE-189", "KEYNOTE-180"), ("TAILORA", "TAILORB")])
def test_distinct_numbered_or_lettered_names_never_merge(a, b):
    text = f"The {a} trial and the {b} trial were both positive."
    assert trials(text) == {a, b}


def test_a_bare_name_column_header_is_not_a_trial_column():
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import nlp_pipeline
    dt = document(table_block([["Name", "Dose"], ["AMARANTH", "10 mg"], ["BETULA", "20 mg"]]))
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    assert ents["TRIAL"] == []


def test_literature_identifiers_are_not_trials():
    assert trials("Full texts are in PMC (e.g. PMC1234567, the HARBOR trial).") == {"HARBOR"}


@pytest.mark.parametrize("text", [
    "INTERPRETATION. In this trial, the doublet was not better than placebo.",
    "FINDINGS: In this phase 3 study, 400 patients were randomised.",
    "IMPORTANCE. This randomized clinical trial shows a benefit.",
    "ADDED VALUE OF THIS STUDY. Our trial is the first to test it.",
])
def test_structured_abstract_headings_are_not_trials(text):
    assert trials(text) == set()


def test_a_name_in_parentheses_next_to_a_group_code_is_the_same_trial():
    assert trials("GBG 71 (GeparNovo) compared two regimens.") == {"GeparNovo"}
    assert {t for _l, t, _c in entities("GBG 71 (GeparNovo) compared two regimens.", "TRIAL")} == {"GBG 71", "GeparNovo"}


def test_slash_joined_group_codes_are_read_whole():
    assert trials("The BIG 4-11/NCCTG N0982 trial enrolled 300 patients.") == {"BIG 4-11", "NCCTG N0982"}


def test_the_subject_after_a_study_phrase_is_not_a_trial():
    assert trials("In the phase III ORCHID study, CVP was non-inferior to ABVD.") == {"ORCHID"}


def test_an_apposition_after_a_trial_word_is_a_trial():
    assert trials("Results of the pivotal trial, HARBOR-2, were positive.") == {"HARBOR-2"}


def test_the_protocol_code_of_a_group_code_name_alone_is_the_same_trial():
    text = "The NSABP B-47 trial enrolled 3,270 women. B-47 showed no benefit."
    assert trials(text) == {"NSABP B-47"}
    assert [t for _l, t, _c in entities(text, "TRIAL")] == ["NSABP B-47", "B-47"]


@pytest.mark.parametrize("text,expected", [
    ("The E3805 trial added docetaxel to hormone therapy.", {"E3805"}),
    ("CheckMate 8HW compared nivolumab plus ipilimumab with chemotherapy.", {"CheckMate 8HW"}),
    ("SKYLARK-A12 doubled the response rate.", {"SKYLARK-A12"}),
])
def test_protocol_numbers_and_letter_series(text, expected):
    assert trials(text) == expected


@pytest.mark.parametrize("text", ["The V600E study was small.", "The G12C cohort and the T790M trial were pooled."])
def test_protein_changes_are_not_trials(text):
    assert trials(text) == set()


def test_group_codes_in_a_study_column_and_their_codes_in_the_prose():
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import nlp_pipeline
    dt = document(table_block([["Study", "Phase", "n"],
                               ["NSABP C-07", "III", "2407"],
                               ["BCIRG 005", "III", "3298"],
                               ["TORRENT (BIG 3-07)", "III", "4000"]]),
                  ("body", "The pooled analysis of C-07 and BCIRG 005 was negative.", 1))
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    got = {e.name: sorted(e.aliases) for e in ents["TRIAL"]}
    assert got == {"NSABP C-07": ["C-07"], "BCIRG 005": [], "TORRENT": ["BIG 3-07"]}


def test_a_heading_that_is_a_name_leads_the_paragraph_about_it():
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import nlp_pipeline
    dt = document(("heading", "MERIDIAN-2", 1),
                  ("body", "In this open-label phase II study, 120 patients received the doublet.", 1))
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    assert [e.name for e in ents["TRIAL"]] == ["MERIDIAN-2"]


def test_a_journal_running_head_is_not_a_trial():
    assert trials("CANCER Volume 128 showed the data. ONCOLOGY Issue 12 showed more.") == set()
