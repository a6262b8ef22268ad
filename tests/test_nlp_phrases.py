"""PhraseIndex finds what spaCy's PhraseMatcher(attr="LOWER") finds, in the same order."""
import spacy
from spacy.matcher import PhraseMatcher

from extract.nlp.phrases import PhraseIndex

PATTERNS = {"DRUG": ["trastuzumab deruxtecan", "ado trastuzumab emtansine", "T DXd", "fam trastuzumab deruxtecan nxki"],
            "NOT_DRUG": ["mammalian target of rapamycin", "target of"]}
TEXT = ("Trastuzumab deruxtecan (T DXd) and fam trastuzumab deruxtecan nxki differ from ado trastuzumab emtansine; "
        "the mammalian target of rapamycin is a target of everolimus. TRASTUZUMAB DERUXTECAN\nagain, trastuzumab")


def test_same_matches_as_spacys_phrase_matcher():
    nlp = spacy.blank("en")
    pm = PhraseMatcher(nlp.vocab, attr="LOWER")
    index = PhraseIndex()
    for label, texts in PATTERNS.items():
        pm.add(label, [nlp.make_doc(t) for t in texts])
        index.add(label, [[t.text for t in nlp.make_doc(x)] for x in texts])
    doc = nlp(TEXT)
    expected = sorted((nlp.vocab.strings[m], s, e) for m, s, e in pm(doc))
    got = index.matches([t.lower_ for t in doc])
    assert sorted(got) == expected
    assert got == sorted(got, key=lambda m: (m[1], m[2]))
    assert ("DRUG", 0, 2) in got and ("NOT_DRUG", 18, 22) in got and ("NOT_DRUG", 19, 21) in got


def test_a_pattern_at_the_end_and_one_longer_than_the_text():
    index = PhraseIndex()
    index.add("X", [["a", "b"], ["a", "b", "c", "d"]])
    assert index.matches(["z", "a", "b"]) == [("X", 1, 3)]
    assert index.matches(["a"]) == []
    assert len(index) == 2
