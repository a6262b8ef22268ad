"""NCT and other registry ids, malformed ids kept and flagged."""
import pytest

from nlp_fixtures import nlp_pipeline


def regs(text):
    doc = nlp_pipeline()(text)
    return [(s.label_, s.kb_id_, s.id_) for s in doc.spans["entities"]
            if s.label_ in ("NCT", "REGISTRY")]


def test_well_formed_nct():
    assert regs("Registered as NCT01234567 in 2019.") == [("NCT", "NCT01234567", "")]


@pytest.mark.parametrize("bad", ["NCT0123456", "NCT012345678"])
def test_wrong_digit_count_is_kept_and_flagged(bad):
    assert regs(f"see {bad} for details") == [("NCT", bad, "malformed")]


def test_nct_glued_to_a_name_in_parentheses():
    assert regs("NCT07654321 (ORCHID)")[0][:2] == ("NCT", "NCT07654321")


@pytest.mark.parametrize("rid", ["ISRCTN12345678", "ACTRN12610001077055", "2015-001234-56", "ChiCTR2000031234",
                                 "ChiCTR-IPR-17012345", "DRKS00012345"])
def test_other_registries(rid):
    found = regs(f"The trial ({rid}) enrolled patients.")
    assert [f[0] for f in found] == ["REGISTRY"]


@pytest.mark.parametrize("text", ["The NCT number was not reported.", "Call 555-123-4567 now.",
                                  "In 2015-2016 the study ran.", "the NCTC collection"])
def test_no_false_registry_ids(text):
    assert regs(text) == []


@pytest.mark.parametrize("written", ["NCT 04111222", "NCT-04111222", "NCT‐04111222"])
def test_separators_inside_an_nct_id_are_dropped_from_the_canonical_id(written):
    doc = nlp_pipeline()(f"The study ({written}) is complete.")
    [span] = [s for s in doc.spans["entities"] if s.label_ == "NCT"]
    assert (span.text, span.kb_id_, span.id_) == (written, "NCT04111222", "")


def test_registry_label_is_not_part_of_the_canonical_id():
    assert regs("EudraCT number 2016-004512-33 was assigned.") == [("REGISTRY", "2016-004512-33", "")]
    assert regs("ISRCTN 44556677 is the number.") == [("REGISTRY", "ISRCTN44556677", "")]
