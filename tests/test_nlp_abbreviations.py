"""Document-defined abbreviations: scispaCy detector pairs, legends, '=' definitions."""
from extract.nlp.abbreviations import definitions

from nlp_fixtures import nlp_pipeline


def pairs(text):
    doc = nlp_pipeline()(text)
    return {(d.short, d.long) for d in definitions(doc)}


def test_detector_is_in_the_pipeline():
    assert "abbreviation_detector" in nlp_pipeline().pipe_names


def test_long_form_before_parenthesised_short_form():
    assert ("DCR", "disease control rate") in pairs("The disease control rate (DCR) was 80%.")


def test_legend_with_label_and_semicolons():
    got = pairs("Abbreviations: AE, adverse event; BC, breast cancer; T-DXd, trastuzumab deruxtecan.")
    assert {("AE", "adverse event"), ("BC", "breast cancer"), ("T-DXd", "trastuzumab deruxtecan")} <= got


def test_equals_definitions():
    assert {("H", "trastuzumab"), ("P", "pertuzumab")} <= pairs("H = trastuzumab; P = pertuzumab")


def test_offsets_point_at_the_text():
    text = "Footnote. Abbreviations: ORR, objective response rate; OS, overall survival."
    doc = nlp_pipeline()(text)
    for d in definitions(doc):
        assert text[d.short_start:d.short_end] == d.short
        assert text[d.long_start:d.long_end] == d.long


def test_prose_with_semicolons_and_numbers_defines_nothing():
    assert pairs("Rates were higher in arm A: 33%; B1: 42.8%; B2: 46.4% (P = 0.03).") == set()


def test_abbreviation_opening_a_glossed_parenthesis():
    from nlp_fixtures import nlp_pipeline

    from extract.nlp.abbreviations import definitions

    doc = nlp_pipeline()("Treatment lowered skin microfilarial density (SmfD; microfilariae per mg skin) in most people.")
    assert [(d.short, d.long, d.source) for d in definitions(doc) if d.source == "glossed"] == [
        ("SmfD", "skin microfilarial density", "glossed")]
    doc = nlp_pipeline()("Patients were seen at the clinic (OK, twice) for review.")
    assert not [d for d in definitions(doc) if d.source == "glossed"]
