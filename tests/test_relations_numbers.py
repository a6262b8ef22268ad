"""Number parsing: decimals, middle dots, ranges, P values, units, spelled-out numbers."""
import pytest

from extract.relations.numbers import (
    integers_in, parse_number, parse_range, scan_fractions, scan_numbers, scan_p_values, words_to_number,
)


def values(text):
    return [(n.value, n.unit) for n in scan_numbers(text)]


@pytest.mark.parametrize("raw,expected", [
    ("41.5", 41.5), ("0\u00b77", 0.7), ("2,310", 2310.0), ("Thirty-two", 32.0), ("eighty one", 81.0), ("x1", None),
])
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


def test_units_percent_months_and_table_m():
    assert values("rates of 41.5% and 12.3 months") == [(41.5, "%"), (12.3, "months")]
    assert values("11.1M vs. 9.4M") == [(11.1, "months"), (9.4, "months")]
    assert values("median 14 mo and 3.2 m") == [(14.0, "months"), (3.2, "months")]


def test_numbers_glued_to_letters_are_not_numbers():
    assert values("HER2 and Ki67% in PAM50 subtype; AB123 code; 2L setting") == []


def test_m_starting_a_word_is_not_months():
    assert values("in 12 MBC patients") == [(12.0, None)]


def test_spelled_out_numbers_with_units():
    assert values("Thirty-two percent responded") == [(32.0, "%")]
    assert values("a nine-month benefit") == [(9.0, "months")]
    # dehyphenated at a line break
    assert words_to_number("Thirtytwo") == 32.0


def test_ranges_in_several_notations():
    assert parse_range("0.51\u20130.88") == (0.51, 0.88)
    assert parse_range("0.51-0.88") == (0.51, 0.88)
    assert parse_range("0.51 to 0.88") == (0.51, 0.88)
    assert parse_range("[1\u00b71\u20132\u00b74]") == (1.1, 2.4)
    assert parse_range("no range here") is None


def test_p_values_keep_relation():
    ps = scan_p_values("(P=0.042) and p < 0.0001 and P-value = .20")
    assert [(p.value, p.relation) for p in ps] == [(0.042, None), (0.0001, "<"), (0.20, None)]


def test_p_without_comparator_is_not_a_p_value():
    assert scan_p_values("PFS was longer in group P 2") == []


def test_fractions_are_counts_with_denominators():
    assert [(n, d) for n, d, _, _ in scan_fractions("responses 9/25 and (4/4)")] == [(9, 25), (4, 4)]
    assert scan_fractions("ratio 30/12") == []  # numerator above denominator is not a count


def test_enrolment_cells():
    assert integers_in("210 HR-/HER2+ 95 HR+/HER2+") == [210, 95]
    assert integers_in("NR") == []
    assert integers_in("2,000") == [2000]


def test_p_with_a_comma_for_less_than_is_a_p_value():
    # some publisher fonts map "<" to a comma: "(P,0.00001)"; a comma before a spaced word or a whole number is not one
    ps = scan_p_values("significantly higher (P,0.00001).The pooled")
    assert [(p.value, p.relation) for p in ps] == [(0.00001, "<")]
    assert scan_p_values("groups P, Q and R; P,3 and P, 0.5") == []
