"""ENDPOINT: standard abbreviations, timepoints, CNS forms, document abbreviations."""
import pytest

from nlp_fixtures import canon


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
    ("Intracranial ORR was 40%.", "CNS-ORR"),
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
    assert eps("The intracranial response rate was 64%.") == {"CNS-ORR"}


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
