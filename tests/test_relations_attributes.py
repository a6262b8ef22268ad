"""Trial attributes in a sentence: phase, sample size, registry id next to a name, arm drugs."""
import pytest

from extract.relations.attributes import (
    arm_drugs, nct_name_pairs, normalize_phase, phase_for, sample_sizes,
)
from extract.relations.mentions import Mention, Sentence


def sent(text, *spans):
    """spans: (surface, label, kb)."""
    ms = []
    for surface, label, kb in spans:
        i = text.index(surface)
        ms.append(Mention(label, i, i + len(surface), surface, kb))
    return Sentence(0, len(text), text, 0, sorted(ms, key=lambda m: m.start))


@pytest.mark.parametrize("raw,expected", [
    ("Phase 3", "III"), ("phase Ib/II", "Ib/II"), ("Phase II", "II"), ("1b-2", "Ib/II"), ("I/II", "I/II"),
    ("RCT", None), ("Observational", None), ("phase 1/2", "I/II"),
])
def test_normalize_phase(raw, expected):
    assert normalize_phase(raw) == expected


def test_phase_attaches_to_the_trial_it_precedes():
    s = sent("After a phase I study, the phase II HERON and phase III MARLIN trials began.",
             ("HERON", "TRIAL", "HERON"), ("MARLIN", "TRIAL", "MARLIN"))
    heron, marlin = s.of("TRIAL")
    assert phase_for(s, heron) == "II"
    assert phase_for(s, marlin) == "III"


def test_phase_after_name_and_no_phase_when_far():
    s = sent("The SKYLARK phase 2 trial enrolled women.", ("SKYLARK", "TRIAL", "SKYLARK"))
    assert phase_for(s, s.of("TRIAL")[0]) == "II"
    s2 = sent("In a phase I study of a different drug [3]; later, SKYLARK was designed.",
              ("SKYLARK", "TRIAL", "SKYLARK"))
    assert phase_for(s2, s2.of("TRIAL")[0]) is None


@pytest.mark.parametrize("text,n", [
    ("The study randomized 612 patients to two arms", 612),
    ("among 45 HER2+ tumours", 45),
    ("Eighteen percent of 50 enrolled patients responded", 50),
    ("A total of 1,204 women were randomly assigned", 1204),
    ("88 evaluable patients were enrolled in the trial", 88),
    ("Forty patients were randomized", 40),
])
def test_sample_size_cues(text, n):
    assert sample_sizes(text)[0][0] == n


def test_per_arm_sizes_are_summed():
    assert sample_sizes("drug A (n = 210) vs. drug B (n = 205)")[0][0] == 415


def test_not_sample_sizes():
    assert sample_sizes("Twelve patients achieved a response") == []
    assert sample_sizes("The registry was approved in 2016 and covers adult patients") == []
    assert sample_sizes("Screened (n=5210) Excluded (n=4100): not eligible") == []
    assert sample_sizes("including 20 patients after the protocol change") == []
    assert sample_sizes("in 35% of patients") == []


def test_registry_id_next_to_name_in_both_orders():
    s = sent("HERON (NCT01234567) and NCT07654321 (MARLIN) read out.",
             ("HERON", "TRIAL", "HERON"), ("NCT01234567", "NCT", "NCT01234567"),
             ("NCT07654321", "NCT", "NCT07654321"), ("MARLIN", "TRIAL", "MARLIN"))
    pairs = {(i.name, n.name) for i, n in nct_name_pairs(s)}
    assert pairs == {("NCT01234567", "HERON"), ("NCT07654321", "MARLIN")}


def test_cited_registry_id_far_from_name_is_not_paired():
    s = sent("HERON used the design of an earlier study registered as NCT01234567.",
             ("HERON", "TRIAL", "HERON"), ("NCT01234567", "NCT", "NCT01234567"))
    assert nct_name_pairs(s) == []


def test_prior_treatment_drugs_are_not_arm_drugs():
    s = sent("In patients pretreated with lapatinib, tucatinib plus capecitabine was tested.",
             ("lapatinib", "DRUG", "lapatinib"), ("tucatinib", "DRUG", "tucatinib"),
             ("capecitabine", "DRUG", "capecitabine"))
    assert arm_drugs(s) == ["tucatinib", "capecitabine"]
    s2 = sent("In trastuzumab-resistant disease, neratinib was given.",
              ("trastuzumab", "DRUG", "trastuzumab"), ("neratinib", "DRUG", "neratinib"))
    assert arm_drugs(s2) == ["neratinib"]


@pytest.mark.parametrize("text,expected", [
    ("Overall, 612 women with newly diagnosed ovarian cancer were randomly assigned to the two groups.", 612),
    ("In the trial, 1380 eligible adults underwent randomization at 160 sites.", 1380),
    ("Between 2015 and 2018, 233 previously treated patients were randomly allocated to A or B.", 233),
])
def test_sample_size_with_the_verb_away_from_the_number(text, expected):
    assert sample_sizes(text)[0][0] == expected


def test_a_count_with_its_percentage_is_not_a_sample_size():
    assert sample_sizes("Grade 3 events occurred in 48 patients (12.5%) in the experimental group.") == []


def test_phase_of_the_study_named_in_the_parenthesis_after_its_description():
    s = sent("In this open-label, phase 2 study (SKYLARK; NCT01234567), patients received tucatinib.",
             ("SKYLARK", "TRIAL", "SKYLARK"), ("NCT01234567", "NCT", "NCT01234567"))
    assert phase_for(s, s.of("TRIAL")[0]) == "II"
    s2 = sent("HERON was a multicentre, randomized, double-blind, placebo-controlled phase 3 study in women.",
              ("HERON", "TRIAL", "HERON"))
    assert phase_for(s2, s2.of("TRIAL")[0]) == "III"
    s3 = sent("Unlike the phase 3 program of another agent, the study (NCT01234567) was small.",
              ("NCT01234567", "NCT", "NCT01234567"))
    assert phase_for(s3, s3.of("NCT")[0]) is None


def test_registry_number_with_comma_pairs_with_the_name():
    s = sent("the MARLIN trial (ClinicalTrials.gov number, NCT07654321) enrolled 300 patients",
             ("MARLIN", "TRIAL", "MARLIN"), ("NCT07654321", "NCT", "NCT07654321"))
    assert [(i.name, n.name) for i, n in nct_name_pairs(s)] == [("NCT07654321", "MARLIN")]


def test_sample_size_across_a_relative_clause_but_not_from_a_screening_count():
    assert sample_sizes("In total, 420 adults with stage IV, HER2-negative disease who had not received any systemic "
                        "treatment for metastatic disease were randomly assigned to the two arms.")[0][0] == 420
    assert all(n != 120 for n, _, _ in sample_sizes("Of 120 patients screened, 100 were enrolled."))


def test_name_as_subject_of_a_study_description_pairs_with_its_id():
    s = sent("HERON was a randomized, open-label, phase 3 study (NCT07777777) of lapatinib.",
             ("HERON", "TRIAL", "HERON"), ("NCT07777777", "NCT", "NCT07777777"))
    assert [(i.name, n.name) for i, n in nct_name_pairs(s)] == [("NCT07777777", "HERON")]
    s2 = sent("HERON was a large study of lapatinib, and a later trial (NCT07777777) tested neratinib.",
              ("HERON", "TRIAL", "HERON"), ("NCT07777777", "NCT", "NCT07777777"))
    assert nct_name_pairs(s2) == []


def test_drugs_of_other_cited_studies_after_but_also():
    s = sent("Similar results came from the HERON trial with the same antibody but also with neratinib and "
             "lapatinib [4-6].", ("HERON", "TRIAL", "HERON"), ("neratinib", "DRUG", "neratinib"),
             ("lapatinib", "DRUG", "lapatinib"))
    assert arm_drugs(s) == []
    s2 = sent("The HERON trial tested neratinib and also lapatinib [4].", ("HERON", "TRIAL", "HERON"),
              ("neratinib", "DRUG", "neratinib"), ("lapatinib", "DRUG", "lapatinib"))
    assert arm_drugs(s2) == ["neratinib", "lapatinib"]
