"""Tokenizer decisions: codes stay whole, numbers and comparisons split cleanly."""
import pytest

from nlp_fixtures import nlp_pipeline


def toks(text):
    return [t.text for t in nlp_pipeline().make_doc(text)]


@pytest.mark.parametrize("word", ["T-DM1", "T-DXd", "MK-2206", "TQ-B3525", "DESTINY-Lung04", "NCT01234567",
                                  "PD-L1", "CNS-PFS", "U3-1402", "GDC-0084", "Aurora-3", "DS-8201a"])
def test_codes_and_trial_names_stay_one_token(word):
    assert toks(f"the {word} arm") == ["the", word, "arm"]


def test_percent_splits_from_number():
    assert toks("a rate of 45.2% was seen") == ["a", "rate", "of", "45.2", "%", "was", "seen"]


@pytest.mark.parametrize("text,expected", [
    ("(0.51–0.87)", ["(", "0.51", "–", "0.87", ")"]),
    ("0.51-0.87", ["0.51", "-", "0.87"]),
    ("P=0.032", ["P", "=", "0.032"]),
    ("P<0.001", ["P", "<", "0.001"]),
    ("n=312", ["n", "=", "312"]),
])
def test_ranges_and_comparisons(text, expected):
    assert toks(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("HER2-positive", ["HER2", "-", "positive"]),
    ("anti-HER2", ["anti", "-", "HER2"]),
    ("trastuzumab-based", ["trastuzumab", "-", "based"]),
    ("12-month", ["12", "-", "month"]),
    ("docetaxel+carboplatin", ["docetaxel", "+", "carboplatin"]),
    ("HER2+", ["HER2", "+"]),
])
def test_ordinary_hyphens_and_plus_split(text, expected):
    assert toks(text) == expected


def test_decimal_is_never_split():
    assert "0.05" in toks("significant at P < 0.05 overall")
