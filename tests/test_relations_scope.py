"""Relation scope comes from the NLP stage (`extract.nlp.blocks.in_scope`), one place for both layers."""
from extract.document import Table

from relations_fixtures import by_key, outcome_set, trials_of


def test_back_matter_is_skipped_until_the_next_heading():
    trials = trials_of("The HERON trial enrolled 40 women.", ("heading", "Acknowledgements"),
                       "We thank the SKYLARK trial investigators for a PFS of 5.5 months.",
                       ("heading", "Discussion"), "The MARLIN trial gave a PFS of 6.1 months.")
    assert [t.key for t in trials] == ["HERON", "MARLIN"]
    assert outcome_set(by_key(trials)["MARLIN"]) == {("PFS", None, 6.1)}


def test_a_citation_entry_in_the_body_gives_no_record():
    trials = trials_of("The HERON trial gave a PFS of 5.5 months.",
                       "Smith J, Jones K. The SKYLARK trial of lapatinib. J Clin Oncol 2020; 38:1-9.")
    assert [t.key for t in trials] == ["HERON"]


def test_a_table_after_the_references_is_read():
    table = Table(rows=(
        ("Trial", "Phase", "Enrollment", "Treatment", "Primary endpoint", "Result"),
        ("SKYLARK", "Phase 3", "610", "neratinib vs. lapatinib", "PFS", "9.1M vs. 6.0M"),
    ))
    trials = by_key(trials_of("The HERON trial enrolled 40 women.", ("heading", "References"),
                              "1. Smith J. The MARLIN trial. J Clin Oncol 2020; 38:1-9.",
                              ("caption", "Table 1 Trials of HER2 therapy"), table))
    assert sorted(trials) == ["HERON", "SKYLARK"]
    assert trials["SKYLARK"].sample_size == 610
