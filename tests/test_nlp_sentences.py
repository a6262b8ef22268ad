"""Sentence boundaries survive abbreviations, decimals and tables."""
from nlp_fixtures import nlp_pipeline


def sents(text):
    return [s.text.strip() for s in nlp_pipeline()(text).sents if s.text.strip()]


def test_abbreviations_do_not_end_sentences():
    text = ("Drug A vs. drug B was compared (Fig. 2). Jones et al. confirmed it, i.e. twice, "
            "e.g. in two cohorts. The third sentence ends here.")
    assert sents(text) == [
        "Drug A vs. drug B was compared (Fig. 2).",
        "Jones et al. confirmed it, i.e. twice, e.g. in two cohorts.",
        "The third sentence ends here.",
    ]


def test_decimals_and_p_values_do_not_split():
    text = "Responses occurred in 12.5% of patients (P < 0.05). Toxicity was mild."
    assert sents(text) == ["Responses occurred in 12.5% of patients (P < 0.05).", "Toxicity was mild."]


def test_initials_do_not_split():
    assert len(sents("The analysis by J. Smith was negative.")) == 1


def test_each_table_row_is_a_sentence_and_blocks_are_boundaries():
    text = "Heading without a period\n\nTrial\tPhase\nALPHA-1\tII\nBETA-2\tIII\n\nBody text follows."
    assert sents(text) == ["Heading without a period", "Trial\tPhase", "ALPHA-1\tII", "BETA-2\tIII",
                           "Body text follows."]


def test_lowercase_after_period_is_not_a_boundary():
    assert len(sents("The dose was 5 mg. per day in all arms.")) == 1


def test_a_reference_bracket_after_the_period_closes_the_sentence_before_it():
    got = sents("Hypotension was rare in large-scale treatment. [19] Grade 4 reactions were more frequent.")
    assert got == ["Hypotension was rare in large-scale treatment. [19]", "Grade 4 reactions were more frequent."]
    # a bracket that is not a reference list starts the next sentence as before
    assert sents("It was rare. [Table 2] shows the rest.")[1].startswith("[Table 2]")
