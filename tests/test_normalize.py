"""Unicode normalisation and line-end dehyphenation."""
from __future__ import annotations

from extract.normalize import dehyphenate, normalize_text, normalize_word, vocabulary


def test_ligatures_are_expanded():
    assert normalize_text("e\ufb03cacy of the \ufb01rst \ufb02ow") == "efficacy of the first flow"


def test_invisible_characters_are_removed():
    assert normalize_text("pro\u00adgres\u00adsion") == "progression"
    assert normalize_text("drug\ufffe") == "drug"
    assert normalize_text("zero\u200bwidth") == "zerowidth"


def test_minus_and_hyphen_variants_become_ascii_hyphen():
    assert normalize_text("\u22120.5") == "-0.5"
    assert normalize_text("T\u2010DM1 and PD\u2011L1") == "T-DM1 and PD-L1"


def test_en_and_em_dashes_are_kept():
    assert normalize_text("0.48\u20130.93 \u2014 wide") == "0.48\u20130.93 \u2014 wide"


def test_middle_dot_decimal_only_between_digits():
    assert normalize_text("0\u00b76 [95% CI 0\u00b73\u20131\u00b70]") == "0.6 [95% CI 0.3\u20131.0]"
    assert normalize_text("a \u00b7 b") == "a \u00b7 b"


def test_unicode_spaces_become_plain_spaces_but_tabs_stay():
    assert normalize_text("10\u00a0mg\u2009/\u202fkg") == "10 mg / kg"
    assert normalize_text("a\tb") == "a\tb"


def test_symbols_and_greek_are_kept():
    s = "\u2265 2 and \u2264 5, \u03b1 \u03b2 \u03b3, \u00b1 1"
    assert normalize_text(s) == s
    assert normalize_text("5 \u00b5g") == "5 \u03bcg"  # micro sign is Greek mu


def test_curly_quotes_become_straight():
    assert normalize_text("\u201cdrug\u201d patients\u2019") == '"drug" patients\''


def test_unmapped_glyphs_are_dropped_from_words():
    assert normalize_word("(cid:127)") == ""
    assert normalize_word("a(cid:3)b") == "ab"


def test_dehyphenate_typesetter_breaks_are_joined():
    vocab = vocabulary(["the", "patients", "were", "treated"])
    assert dehyphenate("progres-", "sion", vocab) == "progression"
    assert dehyphenate("pa-", "tients,", vocab) == "patients,"
    assert dehyphenate("(treat-", "ment)", vocab) == "(treatment)"


def test_dehyphenate_keeps_real_hyphens():
    vocab = vocabulary(["the", "dose"])
    assert dehyphenate("T-", "DM1", vocab) is None
    assert dehyphenate("MK-", "2206", vocab) is None
    assert dehyphenate("anti-", "HER2", vocab) is None
    assert dehyphenate("PD-L1-", "positive", vocab) is None
    assert dehyphenate("DESTINY-", "Breast03", vocab) is None
    assert dehyphenate("Twenty-", "seven", vocab) is None


def test_dehyphenate_follows_the_documents_own_spelling():
    joined = vocabulary(["cotargeting", "cotargeting", "co-targeting"])
    assert dehyphenate("co-", "targeting", joined) == "cotargeting"
    hyphened = vocabulary(["dose-dense", "dose-dense"])
    assert dehyphenate("dose-", "dense", hyphened) is None


def test_dehyphenate_keeps_compounds_of_known_words():
    vocab = vocabulary(["cyclin", "levels", "dependent", "kinases"])
    assert dehyphenate("cyclin-", "dependent", vocab) is None


def test_dehyphenate_ignores_words_without_a_hyphen():
    assert dehyphenate("word", "next", vocabulary([])) is None
    assert dehyphenate("-", "next", vocabulary([])) is None


def test_quarter_sign_from_math_fonts_is_an_equals_sign_only_before_a_number():
    assert normalize_text("HR 1.5; p \u00bc 0.013") == "HR 1.5; p = 0.013"
    assert normalize_text("\u00bc of the dose") == "1\u20444 of the dose"


def test_a_quarter_sign_normalised_as_a_word_of_its_own_is_still_an_equals_sign():
    from extract.normalize import normalize_word, quarter_equals

    assert normalize_word("\u00bc") == "1\u20444"  # words are normalised one by one ...
    assert quarter_equals("1.62 (1.11\u20132.37); p 1\u20444 0.013") == "1.62 (1.11\u20132.37); p = 0.013"
    assert quarter_equals("a dose of 1\u20444 tablet") == "a dose of 1\u20444 tablet"
