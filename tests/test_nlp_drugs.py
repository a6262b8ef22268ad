"""DRUG: lexicon + supplement + code-name rules + document aliases; classes and genes are not drugs."""
import pytest

from nlp_fixtures import canon, entities, nlp_pipeline


def drugs(text):
    return canon(text, "DRUG")


@pytest.mark.parametrize("text,expected", [
    ("Patients received Herceptin every three weeks.", "trastuzumab"),
    ("Kadcyla was given after surgery.", "trastuzumab emtansine"),
    ("Ado-trastuzumab emtansine was approved.", "trastuzumab emtansine"),
    ("T-DM1 improved outcomes.", "trastuzumab emtansine"),
    ("Enhertu was active in low expressors.", "trastuzumab deruxtecan"),
    ("Weekly paclitaxel was added.", "paclitaxel"),
])
def test_lexicon_and_supplement_names_normalise_to_inn(text, expected):
    assert drugs(text) == {expected}


@pytest.mark.parametrize("text,expected", [
    ("ZW25 was dosed every two weeks.", "zanidatamab"),
    ("Zw25 alone was tolerable.", "zanidatamab"),
    ("DS-8201a showed activity.", "trastuzumab deruxtecan"),
    ("KN026 was escalated.", "anbenitamab"),
    ("GDC-0084 crossed the blood-brain barrier.", "paxalisib"),
])
def test_supplement_code_names(text, expected):
    assert drugs(text) == {expected}


def test_identifier_comes_from_the_lexicon():
    from extract.nlp.drugs import drug_lexicon

    assert drug_lexicon().names["trastuzumab"][1] == "DB00072"


@pytest.mark.parametrize("text,expected", [
    ("The MEK inhibitor XY-1234 was given orally.", "xy-1234"),
    ("Patients received QZ777 plus docetaxel.", "qz777"),
    ("Docetaxel + RB-4410 was compared with docetaxel alone.", "rb-4410"),
    ("The bispecific antibody, ABX-12, was tested.", "abx-12"),
    ("LMN4521 (an oral SERD) was studied.", "lmn4521"),
])
def test_code_names_from_shape_and_context(text, expected):
    assert expected in drugs(text)


def test_a_confirmed_code_is_found_everywhere_in_the_document():
    text = "The AKT inhibitor VX-9001 was combined with letrozole. Later, VX-9001 was stopped."
    assert [t for _l, t, c in entities(text, "DRUG") if c == "vx-9001"] == ["VX-9001", "VX-9001"]


@pytest.mark.parametrize("text", [
    "XY-1234 levels were measured in serum.",  # code shape without drug context
    "HER2 and HER3 were co-expressed.",
    "The COVID-19 pandemic delayed accrual with docetaxel.",
    "ECOG performance status 0-1 was required.",
    "The T790M mutation and the V600E mutation were found.",
    "CDK4/6 inhibitors plus letrozole are standard.",
    "PAM50 subtyping and BRCA1 status were assessed.",
    "CD20 and Ki67 were stained.",
    "In the SOLAR-12 trial, letrozole was used.",
])
def test_genes_mutations_scores_and_trials_are_not_code_drugs(text):
    assert all(not any(ch.isdigit() for ch in c) for c in drugs(text)), drugs(text)


@pytest.mark.parametrize("text", [
    "Aromatase inhibitors and taxanes were allowed.",
    "Chemotherapy and endocrine therapy were given.",
    "Monoclonal antibodies target the receptor.",
    "PI3K and PD-L1 expression were assessed.",
    "Signalling through the mammalian target of rapamycin was active.",
    "ATP binding and estrogen levels were measured.",
    "Patients were randomised to placebo.",
    "Luminal A tumours were included.",
])
def test_classes_genes_proteins_and_endogenous_molecules_are_not_drugs(text):
    assert drugs(text) == set()


def test_document_abbreviation_becomes_an_alias():
    text = "Sacituzumab govitecan (SG) was given. Later, SG was discontinued."
    found = [(t, c) for _l, t, c in entities(text, "DRUG")]
    assert ("SG", "sacituzumab govitecan") in found
    assert sum(1 for t, _c in found if t == "SG") == 2


def test_regimen_abbreviation_is_not_a_drug_alias():
    text = "Zanubrutinib plus obinutuzumab (ZOB) was compared. ZOB was better."
    assert all(t != "ZOB" for _l, t, _c in entities(text, "DRUG"))


def test_table_legend_single_letter_aliases_inside_regimens():
    text = ("Arm\tTreatment\nA\tD + C\nB\tD\n\n"
            "Abbreviations: D, docetaxel; C, carboplatin.")
    found = {(t, c) for _l, t, c in entities(text, "DRUG")}
    assert ("D", "docetaxel") in found and ("C", "carboplatin") in found


def test_single_letter_alias_outside_a_regimen_is_ignored():
    text = "Trastuzumab (H) was given. Part H of the study enrolled 20 patients."
    hs = [t for _l, t, _c in entities(text, "DRUG") if t == "H"]
    assert hs == ["H"] or hs == []  # the definition itself may count, "Part H" must not
    doc = nlp_pipeline()(text)
    part_h = [s for s in doc.spans["entities"] if s.text == "H" and doc[s.start - 1].text == "Part"]
    assert part_h == []


def test_elliptical_coordination_shares_the_head_word():
    assert drugs("Trastuzumab emtansine or deruxtecan were options.") == {
        "trastuzumab emtansine", "trastuzumab deruxtecan"}


def test_one_letter_misspelling_of_an_inn():
    assert drugs("Pertuzamab was added to the regimen.") == {"pertuzumab"}


def test_short_lexicon_names_need_capitals():
    assert drugs("SAHA was given.") == {"vorinostat"}
    assert drugs("Dr Saha analysed the data.") == set()


def test_development_code_in_parentheses_names_the_drug_before_it():
    text = "Adagrasib (ZK-1234567) was active; later ZK-1234567 was combined with cetuximab."
    found = [(t, c) for _l, t, c in entities(text, "DRUG")]
    assert ("ZK-1234567", "adagrasib") in found
    assert all(c != "zk-1234567" for _t, c in found)


def test_equals_sign_legend_defines_single_letter_aliases():
    text = "Arm\tRegimen\n1\tH + P + docetaxel\n\nH = trastuzumab; P = pertuzumab."
    found = {(t, c) for _l, t, c in entities(text, "DRUG")}
    assert ("H", "trastuzumab") in found and ("P", "pertuzumab") in found


def test_unicode_hyphen_in_a_code_name():
    assert drugs("T\u2010DM1 was given.") == {"trastuzumab emtansine"}


@pytest.mark.parametrize("text,expected", [
    ("MRTX849 was given twice daily.", "adagrasib"),
    ("AMG 510 showed activity in KRAS G12C tumours.", "sotorasib"),
    ("AZD9291 was active against T790M.", "osimertinib"),
    ("MDX-010 was combined with a vaccine.", "ipilimumab"),
    ("BGB-3111 was given at 160 mg.", "zanubrutinib"),
    ("LOXO-292 was active in RET fusion-positive tumours.", "selpercatinib"),
    ("JCAR017 was infused once.", "lisocabtagene maraleucel"),
    ("GSK2857916 was given every three weeks.", "belantamab mafodotin"),
])
def test_development_codes_of_common_agents(text, expected):
    assert drugs(text) == {expected}


@pytest.mark.parametrize("text", ["LOXO-292 was active.", "The CAR-T product JCAR017 was given to 200 patients."])
def test_known_drug_codes_are_not_trials(text):
    assert canon(text, "TRIAL") == set()


def test_a_code_followed_by_the_drug_name_takes_the_drug_name():
    text = "QZ-4410 (osimertinib) was given. Later, QZ-4410 was stopped."
    assert [c for _l, _t, c in entities(text, "DRUG")] == ["osimertinib"] * 3


def test_a_product_word_makes_a_code_a_drug_not_a_trial():
    text = "The cell therapy product QXR019 was infused in 50 patients."
    assert drugs(text) == {"qxr019"} and canon(text, "TRIAL") == set()


@pytest.mark.parametrize("text,expected", [
    ("The MET inhibitor XY 20915 was tested.", {"xy 20915"}),
    ("ZZ 754091 plus ZZ 836880 was tested in a phase I study.", {"zz 754091", "zz 836880"}),
    ("QX 5120 (osimertinib) was given.", {"osimertinib"}),
])
def test_codes_written_with_a_space_need_a_drug_context(text, expected):
    assert drugs(text) == expected


@pytest.mark.parametrize("text", [
    "PAIN 155 (2014) 2461-2470.",
    "CALGB 40601 randomised 305 patients to paclitaxel plus trastuzumab.",
    "Patients were enrolled in XY 20915 centres.",
    "JCOG0405 tested chemotherapy; cisplatin was used.",
])
def test_spaced_numbers_and_group_codes_are_not_drugs(text):
    assert not {c for c in drugs(text) if any(ch.isdigit() for ch in c)}


def test_a_regimen_acronym_is_not_the_molecule_of_the_same_name():
    assert drugs("Salvage DHAP was given before transplant.") == set()
