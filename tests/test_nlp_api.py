"""annotate / collect_entities: the interface the relation layer and the JSON rely on."""
import pytest
import spacy

from extract.nlp import annotate, build_nlp, collect_entities
from extract.nlp.pipeline import ModelNotInstalled

from nlp_fixtures import document, nlp_pipeline


def _doc_text():
    return document(
        ("heading", "Results", 1),
        ("body", "In the phase II HARBOR trial (NCT01234567), trastuzumab deruxtecan (T-DXd) improved "
                 "progression-free survival (PFS). The 6-month PFS was 62.7% (P=0.051).", 1),
        ("body", "T-DXd was well tolerated; NCT0765432 is misprinted.", 2),
    )


def test_doc_text_offsets_and_sentences():
    dt = _doc_text()
    ann = annotate(nlp_pipeline(), dt)
    assert ann.sentences and ann.pieces == 1
    assert all(a < b <= c < d for (a, b), (c, d) in zip(ann.sentences, ann.sentences[1:]))
    labels = {s.label for s in ann.spans}
    assert labels == {"TRIAL", "NCT", "DRUG", "ENDPOINT"}
    for s in ann.spans:
        assert dt.text[s.start:s.end] == s.text
        assert s.sentence[0] <= s.start < s.end <= s.sentence[1]
        assert s.kb


def test_collect_entities_pages_sentences_aliases():
    dt = _doc_text()
    mentions, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    assert set(ents) >= {"NCT", "TRIAL", "DRUG", "ENDPOINT"}
    assert [e.name for e in ents["NCT"]] == ["NCT01234567", "NCT0765432"]
    drug = next(e for e in ents["DRUG"] if e.name == "trastuzumab deruxtecan")
    assert "T-DXd" in drug.aliases and drug.identifier
    pfs = next(e for e in ents["ENDPOINT"] if e.name == "PFS")
    assert pfs.long == "progression-free survival"
    assert {e.name for e in ents["ENDPOINT"]} == {"PFS", "6-month PFS"}
    second = [m for m in mentions if m.text == "T-DXd" and m.page == 2]
    assert second and second[0].sentence == "T-DXd was well tolerated; NCT0765432 is misprinted."
    bad = [m for m in mentions if m.text == "NCT0765432"]
    assert bad[0].flags == ("malformed",)
    trial = [m for m in mentions if m.label == "TRIAL"][0]
    assert trial.sentence.startswith("In the phase II HARBOR trial") and trial.page == 1


def test_json_shape_of_entities():
    from extract.records import DocumentRecord

    dt = _doc_text()
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    out = DocumentRecord(doc="t", entities=ents).to_json()["entities"]
    assert out["NCT"] == ["NCT01234567", "NCT0765432"]
    assert {"name", "aliases", "long"} <= set(out["ENDPOINT"][0])


def test_missing_model_gives_a_clear_error():
    name = "en_core_sci_sm"
    if spacy.util.is_package(name):
        pytest.skip("model installed")
    with pytest.raises(ModelNotInstalled) as err:
        build_nlp(model=name)
    assert name in str(err.value) and "\n" not in str(err.value)


@pytest.mark.skipif(not spacy.util.is_package("en_core_sci_sm"), reason="scispaCy model not installed")
def test_with_scispacy_model():
    nlp = build_nlp(model="en_core_sci_sm")
    doc = nlp("Patients received docetaxel and the AKT inhibitor ZX-4411. HER2 was amplified.")
    found = {s.kb_id_ for s in doc.spans["entities"] if s.label_ == "DRUG"}
    assert "docetaxel" in found and "her2" not in found


def test_every_registry_id_is_listed_with_the_nct_ids():
    from extract.records import DocumentRecord

    dt = document(("body", "The study (NCT01234567; ISRCTN12345678) enrolled 300 patients. Ref HER2 12345678.", 1))
    _m, ents = collect_entities(annotate(nlp_pipeline(), dt), dt)
    out = DocumentRecord(doc="t", entities=ents).to_json()["entities"]
    assert out["NCT"] == ["NCT01234567", "ISRCTN12345678"]
    assert [e.name for e in ents["REGISTRY"]] == ["ISRCTN12345678"]
