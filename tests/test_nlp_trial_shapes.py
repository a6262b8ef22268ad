"""TRIAL: hyphenated acronyms with a suffix word, names beside a registry id, bare hyphenated names."""
import pytest

from nlp_fixtures import canon


def trials(text):
    return canon(text, "TRIAL")


@pytest.mark.parametrize("text,expected", [
    ("In the ABCD-REG OUTCOME trial, the drug lowered events.", {"ABCD-REG OUTCOME"}),
    ("ABCD-REG OUTCOME randomized 7000 patients.", {"ABCD-REG OUTCOME"}),
    ("The benefit held (WXYZ-HF; ClinicalTrials.gov number, NCT01234567).", {"WXYZ-HF"}),
    ("MERIDIAN-HF compared the two agents in 8000 patients.", {"MERIDIAN-HF"}),
    ("In GALAXY-CV, the drug was safe.", {"GALAXY-CV"}),
])
def test_trial_name_shapes(text, expected):
    assert trials(text) == expected


@pytest.mark.parametrize("text", [
    "Levels were measured (HER2; see NCT01234567 for the protocol).",
    "In TNF-ALPHA, levels rose.",
    "The SGLT2-INHIBITOR class showed benefit.",
])
def test_not_trial_names(text):
    assert trials(text) == set()


def test_a_capital_heading_run_is_not_absorbed():
    assert "ABCD-REG OUTCOME RESULTS" not in trials("In the ABCD-REG OUTCOME RESULTS trial, events fell.")


def test_registry_ids_other_than_nct():
    assert canon("The study was registered (ISRCTN12345678).", "REGISTRY") == {"ISRCTN12345678"}


def test_capital_acronym_with_a_capital_word_before_a_trial_word():
    assert trials("The GALAXY OUTCOMES trial randomized 9000 patients.") == {"GALAXY OUTCOMES"}
    assert trials("THE GALAXY OUTCOMES TRIAL") == set()  # a heading in capitals


def test_a_proper_noun_study_named_twice_is_a_trial():
    from nlp_fixtures import canon
    text = ("Outcomes of chemoimmunotherapy: the Spinnaker retrospective study. In the retrospective Spinnaker "
            "study, data were collected from seven centres.")
    assert canon(text, "TRIAL") == {"Spinnaker"}
    # once is not enough, and nationality adjectives are not names
    assert canon("The Spinnaker study enrolled patients.", "TRIAL") == set()
    assert canon("In the Danish study, 40 patients. The Danish study also showed a benefit.", "TRIAL") == set()
