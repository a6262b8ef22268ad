"""The ONE place that builds the spaCy pipeline of the entity layer.

Default: `spacy.blank("en")` with the custom tokenizer and rule components,
nothing downloaded. With `model="en_core_sci_sm"` (or another installed
scispaCy package) the model is loaded instead (its parser is dropped: sentence
boundaries come from the rules), and its CHEMICAL entities become drug
candidates that still have to pass the drug rules.

Components, in order:
  clinical_sentencizer -> abbreviation_detector (scispaCy) -> registry_ids ->
  drug_ner -> endpoint_ner -> trial_ner -> entity_resolver
`entity_resolver` writes doc.spans["entities"] (the interface for relations).
"""
from __future__ import annotations

import spacy
from spacy.language import Language

from extract.errors import ExtractError


class ModelNotInstalled(ExtractError):
    """The user asked for a spaCy/scispaCy model that is not installed."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(
            f"spaCy model {name!r} is not installed; install the model package yourself "
            "(see the scispaCy documentation for the release matching scispaCy 0.6) "
            "or run without --model (the default pipeline needs no model)"
        )


def build_nlp(model: str | None = None) -> Language:
    """Build the entity pipeline (blank English + rules, or an installed model + rules)."""
    # importing the modules registers their components/factories
    from extract.nlp import abbreviations, drugs, endpoints, registry_ids, resolver, sentences, trials  # noqa: F401
    from extract.nlp.tokenizer import customize_tokenizer

    if model:
        if not spacy.util.is_package(model):
            raise ModelNotInstalled(model)
        nlp = spacy.load(model, exclude=["parser", "senter", "lemmatizer"])
    else:
        nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if first:
        nlp.add_pipe("clinical_sentencizer", before=first)
    else:
        nlp.add_pipe("clinical_sentencizer")
    abbreviations.add_abbreviation_detector(nlp)
    nlp.add_pipe("registry_ids")
    nlp.add_pipe("drug_ner", config={"use_model_ents": bool(model)})
    nlp.add_pipe("endpoint_ner")
    nlp.add_pipe("trial_ner")
    nlp.add_pipe("entity_resolver")
    return nlp
