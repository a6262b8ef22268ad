"""ENDPOINT: cardiovascular and general trial outcome measures outside oncology."""
import pytest

from nlp_fixtures import canon, entities


def eps(text):
    return canon(text, "ENDPOINT")


@pytest.mark.parametrize("text,expected", [
    ("Death from any cause occurred in 9% of the patients.", {"all-cause mortality"}),
    ("All-cause mortality was lower with the new agent.", {"all-cause mortality"}),
    ("Death from cardiovascular causes occurred in 4%.", {"CV death"}),
    ("CV death was reduced by the drug.", {"CV death"}),
    ("Hospitalisation for heart failure was less frequent with the drug.", {"HHF"}),
    ("The rate of heart failure hospitalization was 6%.", {"HHF"}),
    ("Major adverse cardiac events occurred in 11% of each group.", {"MACE"}),
    ("Three-point MACE was the main result of interest.", {"MACE"}),
    ("The 90-day mortality was 31% versus 35%.", {"90-day mortality"}),
    ("The primary composite outcome occurred in 15% of the patients.", {"composite outcome"}),
    ("Nonfatal myocardial infarction and nonfatal stroke were secondary end points.", {"MI", "stroke"}),
    ("The primary endpoint was a composite of cardiovascular death or hospitalization for heart failure.",
     {"CV death", "HHF"}),
    ("All-cause death and cardiovascular death were both reduced.", {"all-cause mortality", "CV death"}),
    ("Disease control was achieved in 55% of the patients.", {"DCR"}),
    ("Objective response was observed in 21 patients.", {"ORR"}),
    ("Treatment-related adverse events occurred in 61% of patients.", {"AEs"}),
])
def test_general_outcome_measures(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text", [
    "Patients with a history of stroke or myocardial infarction were excluded.",
    "Eligible patients had a prior hospitalization for heart failure within 12 months.",
    "Patients at high risk of cardiovascular death were enrolled.",
    "The drug gave disease control to many patients.",
    "Heart failure carries a high mortality.",
])
def test_background_and_eligibility_mentions_are_not_endpoints(text):
    assert eps(text) == set()


@pytest.mark.parametrize("text,expected", [
    ("Mortality at 60 days was 22% in one group.", {"60-day mortality"}),
    ("Death from any cause at 30 days occurred in 8%.", {"30-day all-cause mortality"}),
    ("The hazard ratio for cardiovascular death was 0.79.", {"CV death"}),
    ("The change in glycated haemoglobin from baseline was -1.1%.", {"HbA1c"}),
    ("SVR12 rates exceeded 90% in every genotype.", {"SVR12"}),
])
def test_timepoints_ratios_and_other_specialties(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text", [
    "Adults with HbA1c of 7.5 to 11% were eligible.",
    "Patients at high risk for stroke were enrolled.",
])
def test_eligibility_values_are_not_endpoints(text):
    assert eps(text) == set()


def test_events_in_a_list_share_its_context():
    text = "The drug reduced the rate of cardiovascular death, nonfatal myocardial infarction, or nonfatal stroke."
    assert eps(text) == {"CV death", "MI", "stroke"}
    text = "The primary end point (cardiovascular death, myocardial infarction, or stroke) occurred in 9%."
    assert eps(text) == {"CV death", "MI", "stroke"}
    assert eps("Patients with a history of stroke, myocardial infarction or heart failure were excluded.") == set()


@pytest.mark.parametrize("text,expected", [
    ("The new agent lowered the glycated hemoglobin level by 1.9 points.", {"HbA1c"}),
    ("Major bleeding occurred in 2.4% of patients.", {"major bleeding"}),
    ("The primary outcome was clinical cure at the test-of-cure visit.", {"clinical cure"}),
    ("Mortality at day 60 was 18%.", {"60-day mortality"}),
    ("PFS at month 6 was 70%.", {"6-month PFS"}),
])
def test_change_verbs_day_forms_and_safety_outcomes(text, expected):
    assert eps(text) == expected


def test_prior_bleeding_is_not_an_endpoint():
    assert eps("Patients with prior major bleeding were excluded.") == set()


@pytest.mark.parametrize("text,expected", [
    ("The most common toxicities were neutropenia (31.0%) and diarrhoea (12.5%).", {"neutropenia", "diarrhea"}),
    ("The incidence of atrial fibrillation was 2.1% with the new agent.", {"atrial fibrillation"}),
    ("Grade 3 pruritus was 4% in the experimental group.", {"grade 3 pruritus"}),
])
def test_adverse_event_terms_where_a_result_is_reported(text, expected):
    assert expected <= eps(text)


@pytest.mark.parametrize("text", [
    "Patients with a history of atrial fibrillation were excluded.",
    "Neutropenia is a known class effect of these agents.",
])
def test_adverse_event_terms_in_background_prose_are_not_endpoints(text):
    assert not ({"atrial fibrillation", "neutropenia"} & eps(text))


def test_n_year_survival_rate_is_timepointed_os():
    assert eps("One-year survival rate was higher in the first group (60.8%).") == {"1-year OS"}


def test_abbreviation_defined_after_its_first_use_in_brackets():
    text = ("We assessed time-to-next-treatment [TNT] in the cohort. Later, time to next treatment (TNT) is "
            "defined as the time to a new line. Median TNT was 4.3 months.")
    from nlp_fixtures import entities
    assert ("ENDPOINT", "TNT", "TTNT") in entities(text, "ENDPOINT")


@pytest.mark.parametrize("text,expected", [
    ("Grade \u22653 AEs in the drug arm were neutropenia (22.4%) and anaemia (14.0%).",
     {"grade \u22653 neutropenia", "grade \u22653 anemia"}),
    ("Grade 3 or higher diarrhoea was 5% with the drug.", {"grade \u22653 diarrhea"}),
    ("Grade 3-4 rash (4%) was rare.", {"grade 3-4 rash"}),
])
def test_graded_adverse_events_are_their_own_measure(text, expected):
    assert expected <= eps(text)


def test_grade_of_a_list_stops_at_the_clause():
    got = eps("Grade \u22653 AEs were neutropenia (22.4%); incidence of atrial fibrillation was 0.7%.")
    assert "atrial fibrillation" in got and "grade \u22653 atrial fibrillation" not in got


@pytest.mark.parametrize("text,expected", [
    ("Common reactions were conjunctivitis (drug A 40 [4%] participants, drug B 15 [3%]).", {"conjunctivitis"}),
    ("Fewer than 1% of participants had blurred vision and photophobia.", {"blurred vision", "photophobia"}),
    ("Median time to new anti-lymphoma therapy was 12.1 months.", {"TTNT"}),
    ("Treatment-emergent AEs leading to death occurred in 5.6%.", {"TEAEs leading to death"}),
])
def test_safety_measures_reported_with_numbers(text, expected):
    assert expected <= eps(text)


@pytest.mark.parametrize("text,expected", [
    ("1 yr-OS [95% CI] 52.2 [50.7-53.9]", {"1-year OS"}),
    ("CR/PR was 52 (18).", {"ORR"}),
])
def test_table_forms_of_landmark_survival_and_objective_response(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a continuous measure's abbreviation is an endpoint where it is declared or compared as one
    ("We measured skin microfilarial density (SmfD; microfilariae per mg skin). The primary endpoint was SmfD "
     "at 12 months.", {"SmfD"}),
    ("Serum ferritin concentration (SFC) was higher in the iron group than in the placebo group.", {"SFC"}),
    # ... not where it is only a characteristic
    ("The body mass index (BMI) of the participants was recorded at entry.", set()),
])
def test_defined_continuous_measures(text, expected):
    assert eps(text) == expected


def test_a_state_of_a_measure_is_its_own_measure():
    text = ("We measured skin microfilarial density (SmfD; microfilariae per mg skin). The primary endpoint was SmfD "
            "at 12 months. The proportion with undetectable SmfD was higher with the drug.")
    assert eps(text) == {"SmfD", "undetectable SmfD"}


@pytest.mark.parametrize("text,expected", [
    ("Unrelated adverse events occurred in 97% of participants.", {"unrelated adverse events"}),
    ("Solicited adverse events were reported by 60% of vaccinees.", {"solicited adverse events"}),
    ("Adverse events occurred in 97% of participants.", {"AEs"}),
    ("The 5-year net survival rate was 4%.", {"5-year net survival"}),
])
def test_adverse_event_categories_and_net_survival(text, expected):
    assert eps(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Grade ≥3 AEs occurred in 20% of patients.", {"grade ≥3 AEs"}),
    ("Adverse events of grade 3 or higher occurred in 67.2% of the patients.", {"grade ≥3 AEs"}),
    ("Grade 3 or 4 adverse events occurred in 30% and any-grade AEs in 90%.", {"grade 3-4 AEs", "AEs"}),
])
def test_a_category_of_adverse_events_counted_by_grade_is_its_own_measure(text, expected):
    assert eps(text) == expected


def test_a_defined_subset_of_adverse_events_is_named_by_its_abbreviation():
    text = ("Grade 3–5 treatment-related adverse events (TRAEs) occurred in 52% of patients. "
            "TRAEs of any grade occurred in 80%, and treatment-related adverse events led to death in 1%.")
    assert eps(text) == {"grade 3-5 TRAEs", "TRAEs"}
    # without the definition, the same words are adverse events
    assert eps("Treatment-related adverse events occurred in 61% of patients.") == {"AEs"}


def test_such_x_is_the_fuller_measure_named_before():
    text = ("Severe symptomatic postural hypotension is diagnosed when a person cannot stand. "
            "Such hypotension was reported in up to 22% of participants.")
    assert eps(text) == {"postural hypotension"}


@pytest.mark.parametrize("text,expected", [
    ("Overall, the rate of AEs leading to discontinuation was low (4.4%).", {"AEs leading to discontinuation"}),
    ("Adverse events leading to treatment discontinuation occurred in 5% of patients.",
     {"AEs leading to treatment discontinuation"}),
    ("Adverse events leading to a new prescription were frequent (12%).", {"AEs"}),  # not a consequence measure
])
def test_adverse_events_named_by_what_they_led_to(text, expected):
    assert eps(text) == expected


def test_terms_listed_after_a_graded_category_with_with_take_its_grade():
    got = eps("Grade 3 or higher treatment-related adverse events occurred in 63 (76.8%) patients, with neutrophil "
              "count decreased (22.0%), hyperglycemia (19.5%), and diarrhea (13.4%) being common.")
    assert {"grade \u22653 neutrophil count decreased", "grade \u22653 hyperglycemia", "grade \u22653 diarrhea"} <= got


@pytest.mark.parametrize("text,expected", [
    ("Platelet count decreased occurred in 12% of patients.", {"platelet count decreased"}),
    ("Cytokine release syndrome (CRS) occurred in 44.4% of patients.", {"CRS"}),
])
def test_laboratory_and_immune_effector_adverse_event_terms(text, expected):
    assert eps(text) == expected


def test_a_measure_the_paper_defines_is_an_endpoint_where_a_result_is_reported():
    text = ("Early death was defined as death within 12 weeks from the start of treatment. "
            "Early deaths at 12 weeks were 11% and 15.2% in the two groups. "
            "It was associated with early-death events (HR 2.18, p=0.06). "
            "Smoking status was defined as current or former. Early death is a concern in frail patients.")
    got = [(t, kb) for _label, t, kb in entities(text, "ENDPOINT")]
    assert [x for x in got if x[1] == "early death"] == [("Early deaths", "early death"), ("early-death", "early death")]
    assert not any("smoking" in name for _, name in got)  # not an outcome head


@pytest.mark.parametrize("text,expected", [
    ("All six studies analyzed the cessation of menstrual cycles as one of the outcomes. The cessation of "
     "menstrual cycles was significantly high with RT-OA (P<0.00001).", {"cessation of menstrual cycles"}),
    ("The primary end point was time to first relapse. Time to first relapse was 12 months.", {"time to first relapse"}),
    # a declared measure the lexicon knows keeps the lexicon's name; a share is not a measure name
    ("The primary endpoint was progression-free survival, assessed by BICR.", {"PFS"}),
    ("The primary outcome was the proportion of patients with a response.", set()),
])
def test_a_measure_the_paper_declares_as_its_outcome(text, expected):
    assert eps(text) == expected
