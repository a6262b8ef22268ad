"""Cue-word data file: loads, and bad lines name file, line and key."""
import pytest

from extract.errors import LexiconError
from extract.relations.cues import alternation, load_cues, parse_cues


def test_bundled_cues_load_and_build_regexes():
    cues = load_cues()
    assert "patient_nouns" in cues and "women" in cues["patient_nouns"]
    assert "in\\s+contrast" in alternation("contrast_openers")


@pytest.mark.parametrize("line,key", [
    ('{"id": "x"}', "words"),
    ('{"id": "x", "words": []}', "words"),
    ('{"id": "x", "words": ["a", "A"]}', "words"),
    ('{"id": "x", "words": ["a"], "colour": "red"}', "colour"),
    ('{"id": 3, "words": ["a"]}', "id"),
])
def test_bad_lines_are_reported_with_file_line_and_key(line, key):
    with pytest.raises(LexiconError) as err:
        parse_cues('{"id": "ok", "words": ["w"]}\n' + line, "cues.jsonl")
    assert (err.value.file, err.value.line, err.value.key) == ("cues.jsonl", 2, key)


def test_duplicate_ids_and_broken_json():
    with pytest.raises(LexiconError):
        parse_cues('{"id": "a", "words": ["w"]}\n{"id": "a", "words": ["v"]}', "f")
    with pytest.raises(LexiconError):
        parse_cues('{"id": "a", "words": ["w"]', "f")
