"""Records serialise to the annotation schema and round-trip through JSON."""
import json

from extract.records import DocumentRecord, Entity, EntityMention, Outcome, Trial


def test_record_json_has_schema_keys_and_round_trips():
    rec = DocumentRecord(
        doc="x",
        title="A review",
        entities={"NCT": [Entity("NCT01234567")], "TRIAL": [Entity("ALPHA-1", ["ALPHA 1"])],
                  "DRUG": [Entity("trastuzumab", ["Herceptin"], identifier="DB00072")],
                  "ENDPOINT": [Entity("PFS", ["median PFS"], long="progression-free survival")]},
        mentions=[EntityMention("DRUG", "Herceptin", "trastuzumab", 2, "Herceptin was given.")],
        trials=[Trial("ALPHA-1", names=["ALPHA-1"], nct_ids=["NCT01234567"], phase="III", sample_size=450,
                      drugs=["trastuzumab"], endpoints=["PFS"],
                      outcomes=[Outcome("PFS", 0.001, statistic="p", relation="<", page=2, evidence="P<0.001")])],
    )
    data = json.loads(json.dumps(rec.to_json()))
    assert set(data) >= {"doc", "title", "entities", "trials"}
    assert data["entities"]["NCT"] == ["NCT01234567"]
    assert data["entities"]["ENDPOINT"][0]["long"] == "progression-free survival"
    out = data["trials"][0]["outcomes"][0]
    assert out["statistic"] == "p" and out["relation"] == "<" and out["page"] == 2
    again = DocumentRecord.from_json(data)
    assert again.to_json() == data


def test_measures_a_record_reports_become_endpoint_entities():
    from extract.records import Entity, EntityMention, Outcome, Trial, with_record_endpoints
    ents = {"NCT": [], "TRIAL": [], "DRUG": [], "ENDPOINT": [Entity(name="PFS", aliases=["progression-free survival"])]}
    trials = [Trial(key="X", outcomes=[Outcome(endpoint="preterm birth", value=10.0, unit="%", page=3, evidence="row"),
                                       Outcome(endpoint="Progression-free survival", value=5.0),
                                       Outcome(endpoint=None, value=12.0, statistic="median_follow_up")])]
    new, mentions = with_record_endpoints(ents, [], trials)
    assert [e.name for e in new["ENDPOINT"]] == ["PFS", "preterm birth"]
    assert [(m.text, m.page, m.sentence) for m in mentions] == [("preterm birth", 3, "row")]
    assert [e.name for e in ents["ENDPOINT"]] == ["PFS"]  # the input is not changed
