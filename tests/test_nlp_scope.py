"""Entities in the reference list and back matter are out of scope."""
from extract.nlp import annotate, collect_entities

from nlp_fixtures import document, nlp_pipeline, table_block


def names(doc_text, label):
    doc = annotate(nlp_pipeline(), doc_text)
    _m, ents = collect_entities(doc, doc_text)
    return {e.name for e in ents[label]}


def test_reference_list_after_its_heading_is_skipped():
    dt = document(
        ("body", "In the phase III ORCHID trial, letrozole improved PFS.", 1),
        ("heading", "References", 2),
        ("body", "1. Brown AB, Green C, et al. Capecitabine in the KESTREL trial. J Clin Oncol 2019; 37:100-110.", 2),
        ("body", "2. White D, Black E. Everolimus and PFS. Lancet 2020; 395:1-9.", 2),
    )
    assert names(dt, "DRUG") == {"letrozole"}
    assert names(dt, "TRIAL") == {"ORCHID"}


def test_back_matter_sections_are_skipped_until_the_next_heading():
    dt = document(
        ("body", "Patients received paclitaxel.", 1),
        ("heading", "Conflicts of interest", 1),
        ("body", "A.B. received fees for talks on nivolumab.", 1),
        ("heading", "Funding", 1),
        ("body", "Supported by grant AB-12345 and a gift of olaparib.", 1),
        ("heading", "Table 2 discussion", 2),
        ("body", "Docetaxel was also used.", 2),
    )
    assert names(dt, "DRUG") == {"paclitaxel", "docetaxel"}


def test_tables_after_the_references_stay_in_scope():
    dt = document(
        ("body", "Body text with no drug.", 1),
        ("heading", "REFERENCES AND RECOMMENDED READING", 2),
        ("body", "3. Grey F, et al. Olaparib. N Engl J Med 2017; 377:523-533.", 2),
        table_block([["Trial", "Treatment"], ["NCT01234567 (HARBOR)", "Eribulin"]], page=3),
    )
    assert names(dt, "DRUG") == {"eribulin"}
    assert names(dt, "NCT") == {"NCT01234567"}


def test_citation_shaped_block_without_heading_is_skipped():
    dt = document(
        ("body", "We used tamoxifen.", 1),
        ("body", "Smith AB, Jones C, Brown D, et al. Anastrozole versus tamoxifen. Lancet 2005; 365:60-62.", 1),
    )
    assert names(dt, "DRUG") == {"tamoxifen"}
