"""ENDPOINT: standard abbreviations, timepoints, CNS forms, document abbreviations."""
import pytest

from nlp_fixtures import canon, entities


def eps(text):
    return canon(text, "ENDPOINT")


@pytest.mark.parametrize("text,expected", [
    ("Progression-free survival (PFS) was longer.", {"PFS"}),
    ("Progression free survival was longer.", {"PFS"}),
    ("Overall survival did not differ.", {"OS"}),
    ("The pathological complete response rate was 40%.", {"pCR"}),
    ("The objective response rate was 30%.", {"ORR"}),
    ("Serious adverse events were rare; adverse events were common.", {"SAEs", "AEs"}),
    ("Two dose-limiting toxicities occurred.", {"DLT"}),
    ("The maximum tolerated dose was not reached.", {"MTD"}),
    ("Median mPFS and iDFS were reported.", {"PFS", "iDFS"}),
])
def test_lexicon_forms(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("The 12-month PFS was 50%.", "12-month PFS"),
    ("The 5-year OS rate was 80%.", "5-year OS"),
    ("The 2-years DFS was 91%.", "2-year DFS"),
    ("A 4-year overall survival rate of 60% was seen.", "4-year OS"),
    ("PFS at 24 months was 30%.", "24-month PFS"),
])
def test_timepointed_forms(text, expected):
    assert expected in eps(text)


def test_a_duration_benefit_is_not_a_timepoint():
    assert eps("It gave a five-month PFS benefit over placebo.") == {"PFS"}


@pytest.mark.parametrize("text,expected", [
    ("CNS-PFS was 9 months.", "CNS-PFS"),
    ("Intracranial ORR was 40%.", "ORR in CNS"),
    ("The CNS ORR reached 55%.", "ORR in CNS"),
    ("PFS in the central nervous system was 11 months.", "CNS-PFS"),
    ("The ORR in the CNS was 40%.", "ORR in CNS"),
    ("Central nervous system PFS was 7 months.", "CNS-PFS"),
])
def test_cns_forms(text, expected):
    assert expected in eps(text)


def test_document_defined_abbreviation_of_a_known_endpoint():
    text = "Abbreviations: XT, dose-limiting toxicities; AEs, adverse events.\n\nXT occurred in two patients."
    assert eps(text) == {"DLT", "AEs"}


def test_document_defined_new_outcome_abbreviation():
    assert "TTD" in eps("Time to deterioration (TTD) was longer. TTD favoured the drug.")


@pytest.mark.parametrize("text", [
    "Values are mean (SD) of three runs.",
    "PR and ER status were recorded.",
    "Estimates are given with 95% confidence interval (CI). The CI was wide.",
    "Response and survival were discussed in general terms.",
])
def test_ambiguous_or_non_endpoint_abbreviations(text):
    assert eps(text) == set()


def test_ambiguous_short_form_counts_when_defined():
    assert "PR" in eps("A partial response (PR) was seen; PR lasted 6 months.")


def test_intracranial_response_rate():
    assert eps("The intracranial response rate was 64%.") == {"ORR in CNS"}


def test_one_canonical_for_every_way_of_writing_cns_response():
    text = "CNS ORR was 50%; IC-ORR was 48%; the ORR in the brain was 47%; intracranial ORR was 46%."
    assert eps(text) == {"ORR in CNS"}


def test_long_forms_of_qualified_endpoints():
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import document, nlp_pipeline
    dt = document(("body", "The 12-month PFS was 40% and CNS-PFS was 9 months.", 1))
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    longs = {e.name: e.long for e in ents["ENDPOINT"]}
    assert longs == {"12-month PFS": "12-month progression-free survival rate",
                     "CNS-PFS": "progression-free survival in the central nervous system"}


@pytest.mark.parametrize("text,expected", [
    ("Major pathological response was 40%.", {"MPR"}),
    ("The 5-year DMFS was 88%.", {"5-year DMFS"}),
    ("Radiographic progression-free survival was longer.", {"rPFS"}),
    ("The CRR was 37%.", {"CR"}),
])
def test_more_standard_measures(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("The 12-month DOR rate was 71%.", {"12-month DOR"}),
    ("An 18-mo duration of response rate of 52% was estimated.", {"18-month DOR"}),
    ("The eighteen-month PFS was 35%.", {"18-month PFS"}),
    ("Thirty-six-month EFS was 80% versus 74%.", {"36-month EFS"}),
    ("The 2 year OS rate was 61%.", {"2-year OS"}),
    ("At 3-yr, OS was 58% and the 3-yr OS rate held.", {"OS", "3-year OS"}),
])
def test_timepoints_for_rates_and_spelled_numbers(text, expected):
    assert eps(text) == expected


def test_a_duration_is_not_a_timepoint_without_a_hyphen_or_rate():
    assert eps("Patients were followed for 12 months PFS events were rare.") == {"PFS"}


@pytest.mark.parametrize("text,expected", [
    ("Second progression-free survival favoured the PARP inhibitor.", {"PFS2"}),
    ("Radiological progression-free survival was 16 months.", {"rPFS"}),
    ("Biochemical recurrence-free survival at 5 years was 82%.", {"5-year bRFS"}),
    ("Biochemical recurrence-free survival was reported.", {"bRFS"}),
    ("Disease-specific survival and locoregional control were secondary endpoints.", {"DSS", "LRC"}),
    ("Time to first subsequent therapy and time to second subsequent therapy were longer.", {"TFST", "TSST"}),
    ("A PSA response was seen in 40 of 60 men.", {"PSA response"}),
    ("The duration of complete response was not reached.", {"DOCR"}),
    ("MRD negativity was reached by 30%.", {"MRD"}),
    ("Time to deterioration of global health status was similar.", {"TTD"}),
    ("Time to response was 1.8 months.", {"TTR"}),
])
def test_more_measures_and_inner_long_forms(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Real-world progression-free survival (rwPFS) was 6.1 months.", {"rwPFS"}),
    ("rwOS was 13 months and rwTTNT 9 months.", {"rwOS", "rwTTNT"}),
])
def test_real_world_qualifier(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text", [
    "Dose reductions and treatment interruptions were needed in 20% of patients.",
    "The regimen gave clinical benefit and disease control to many.",
    "Clinical response was assessed by palpation.",
    "Total neoadjuvant therapy (TNT) was given; TNT is now common.",
    "Lung cancer (LC) cohorts were pooled; the LC group was small.",
])
def test_management_of_toxicity_and_vague_phrases_are_not_endpoints(text):
    assert eps(text) == set()


def test_ambiguous_short_form_defined_as_something_else_is_not_the_endpoint():
    text = "Progesterone receptor (PR) status was known. A partial response occurred; PR-negative tumours were 20%."
    assert eps(text) == {"PR"} and [t for _l, t, _c in entities(text, "ENDPOINT")] == ["partial response"]


@pytest.mark.parametrize("text,expected", [
    ("Time to next treatment (TNT) was 8.2 months; TNT was shorter with chemotherapy.", ["TTNT", "TTNT", "TTNT"]),
    ("Clinical benefit rate (CBR) was 40%; CBR was lower in the control arm.", ["CBR", "CBR", "CBR"]),
])
def test_defined_abbreviations_of_known_measures(text, expected):
    assert [c for _l, _t, c in entities(text, "ENDPOINT")] == expected


@pytest.mark.parametrize("text,expected", [
    ("At 24 months, the OS rate was 66% with the combination.", {"24-month OS"}),
    ("After two years, the estimated DFS rate was 90%.", {"2-year DFS"}),
    ("After 24 months, PFS events had occurred in half.", {"PFS"}),
])
def test_leading_timepoint_of_a_rate(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text", [
    "In the trial, 12% of patients discontinued treatment because of toxicity.",
    "Overall, 15% of women discontinued the study because of olaparib toxicity.",
    "Treatment discontinuations due to adverse events occurred in 7% of patients.",
    "Discontinuation because of AEs was reported in 4 patients.",
    "The discontinuation rate due to toxicity was 9% in the experimental arm.",
    "Study discontinuation because of toxicity occurred in 5 patients.",
    "Nine patients discontinued the study drug due to grade ≥3 treatment-related adverse events.",
    "Only 3% discontinued therapy owing to side effects.",
])
def test_discontinuation_due_to_toxicity(text):
    assert "discontinuation due to toxicity" in eps(text)


def test_discontinuation_span_leaves_the_drug_a_drug():
    found = entities("Overall, 15% of women discontinued the study because of olaparib toxicity.")
    assert ("DRUG", "olaparib", "olaparib") in found
    assert [c for label, _t, c in found if label == "ENDPOINT"] == ["discontinuation due to toxicity"]


@pytest.mark.parametrize("text", [
    "Dose reduction or treatment discontinuation were used to manage toxicity.",
    "Patients who had discontinued prior therapy were eligible.",
    "Patients who had discontinued prior therapy due to toxicity were eligible.",
    "Discontinuation of trastuzumab after one year was allowed by the protocol.",
    "Treatment should be discontinued because of unacceptable toxicity.",
    "Ten patients discontinued treatment due to disease progression.",
    "Patients discontinued treatment, and toxicity was managed with steroids.",
    "They discontinued the drug and, because of toxicity, received a lower dose later.",
])
def test_toxicity_management_history_and_other_reasons_are_not_discontinuation(text):
    assert "discontinuation due to toxicity" not in eps(text)


def test_time_to_treatment_discontinuation_stays_ttd():
    assert eps("Time to treatment discontinuation due to toxicity was longer.") == {"TTD"}


@pytest.mark.parametrize("text,expected", [
    ("At five years, the risk of distant recurrence fell from 9% to 6% with adjuvant zoledronate.", {"distant recurrence"}),
    ("The rate of distant relapse was 8% versus 11%.", {"distant recurrence"}),
    ("Distant recurrence was significantly lower in the anastrozole group.", {"distant recurrence"}),
    ("The cumulative incidence of local recurrence was 4%.", {"local recurrence"}),
    ("The locoregional recurrence rate was 3.2% after surgery.", {"locoregional recurrence"}),
    ("The 5-year loco-regional recurrence rate was 3.2%.", {"5-year locoregional recurrence"}),
    ("In all, 6% distant recurrence and 2% local recurrence were seen.", {"distant recurrence", "local recurrence"}),
    ("Local relapse occurred in 12 of 300 patients (4%).", {"local recurrence"}),
])
def test_recurrence_events_in_outcome_context(text, expected):
    assert eps(text) - {"AEs"} == expected


@pytest.mark.parametrize("text", [
    "Patients at high risk of distant recurrence were enrolled.",
    "Women with a high risk of distant recurrence were eligible.",
    "Early recurrence occurs in up to 25% of patients.",
    "Patients at high risk of recurrence were enrolled.",
    "Distant recurrence remains the main cause of death in this disease.",
    "Local recurrence is usually treated with surgery.",
])
def test_recurrence_in_background_or_eligibility_prose_is_not_an_endpoint(text):
    assert eps(text) == set()


def test_recurrence_free_survival_is_drfs_not_distant_recurrence():
    assert eps("Distant recurrence-free survival was 90%; the distant recurrence-free interval was long.") \
        == {"DRFS", "DRFI"}


@pytest.mark.parametrize("rows,expected", [
    ([["Event", "Arm A", "Arm B"], ["Distant recurrence", "12 (3%)", "20 (5%)"]], ["distant recurrence"]),
    ([["Exclusion criterion", "Note"], ["Distant recurrence", "any time"]], []),
    ([["Event", "Note"], ["Patients", "prior distant recurrence 3 years ago"]], []),
])
def test_recurrence_as_a_table_row_label_with_numbers(rows, expected):
    from extract.nlp import annotate, collect_entities

    from nlp_fixtures import document, nlp_pipeline, table_block
    dt = document(table_block(rows))
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    assert [e.name for e in ents["ENDPOINT"]] == expected
