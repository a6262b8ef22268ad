"""Data files are validated on load; errors name file, line and key."""
import json

import pytest

from extract.errors import LexiconError
from extract.nlp.lexicons import SCHEMAS, load, parse_jsonl

REQ = {"id": "str", "long": "list[str]"}
OPT = {"aliases": "list[str]", "ambiguous": "bool"}


def test_valid_lines_and_comments():
    text = '// comment\n{"id": "PFS", "long": ["progression-free survival"]}\n\n{"id": "OS", "long": ["overall survival"], "ambiguous": false}\n'
    out = parse_jsonl(text, "x.jsonl", REQ, OPT)
    assert [e["id"] for e in out] == ["PFS", "OS"]


@pytest.mark.parametrize("line,key,problem", [
    ('{"long": ["x"]}', "id", "missing"),
    ('{"id": "A", "long": "not a list"}', "long", "expected list[str]"),
    ('{"id": "", "long": ["x"]}', "id", "expected str"),
    ('{"id": "A", "long": ["x"], "colour": "red"}', "colour", "unknown key"),
    ('{"id": "A", "long": ["x"], "ambiguous": "yes"}', "ambiguous", "expected bool"),
    ('{"id": "A", "long": ["x"]', "-", "not valid JSON"),
    ('["id", "A"]', "-", "JSON object"),
])
def test_errors_name_file_line_and_key(line, key, problem):
    text = '{"id": "OK", "long": ["fine"]}\n' + line + "\n"
    with pytest.raises(LexiconError) as err:
        parse_jsonl(text, "bad.jsonl", REQ, OPT)
    e = err.value
    assert (e.file, e.line, e.key) == ("bad.jsonl", 2, key)
    assert problem in e.problem
    assert str(e).startswith("bad.jsonl:2:")


def test_duplicate_ids_are_rejected_case_insensitively():
    text = '{"id": "PFS", "long": ["a"]}\n{"id": "pfs", "long": ["b"]}\n'
    with pytest.raises(LexiconError) as err:
        parse_jsonl(text, "dup.jsonl", REQ, OPT)
    assert err.value.line == 2 and "duplicate" in err.value.problem


def test_unknown_data_file():
    with pytest.raises(LexiconError):
        load("no_such_file.jsonl")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_packaged_data_file_is_valid(name):
    assert len(load(name)) > 0


def test_supplement_ids_are_lowercase_and_aliases_unique():
    seen = {}
    for e in load("drugs_oncology.jsonl"):
        assert e["id"] == e["id"].lower()
        for s in [e["id"], *e.get("aliases", []), *e.get("codes", [])]:
            assert seen.setdefault(s.lower(), e["id"]) == e["id"], s


def test_endpoint_ids_are_unique_short_forms():
    ids = [e["id"] for e in load("endpoints.jsonl")]
    assert len(ids) == len(set(ids))
    shorts = [s for e in load("endpoints.jsonl") for s in [e["id"], *e.get("aliases", [])]]
    assert len(shorts) == len(set(shorts))


def test_bad_packaged_file_is_reported(tmp_path, monkeypatch):
    import extract.nlp.lexicons as lex

    (tmp_path / "endpoints.jsonl").write_text(json.dumps({"id": "X"}) + "\n")
    monkeypatch.setattr(lex.resources, "files", lambda _pkg: tmp_path)
    lex.load.cache_clear()
    try:
        with pytest.raises(LexiconError) as err:
            lex.load("endpoints.jsonl")
        assert (err.value.file, err.value.line, err.value.key) == ("endpoints.jsonl", 1, "long")
    finally:
        lex.load.cache_clear()
