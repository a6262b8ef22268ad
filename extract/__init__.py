"""Clinical-trial records from review PDFs: trials, registry ids, drugs, endpoints, outcomes.

Data flows one way: PDF -> page text blocks (`extract.pdf`) -> spaCy Doc with
labelled spans (`extract.nlp`) -> relations (`extract.relations`) -> one
record per trial (`extract.records`) -> JSON/CSV (`extract.export`) -> scores
(`extract.evaluate`). Importing this package is cheap: spaCy loads only when
the NLP stage is first used.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract_document", "extract_dataframes"]


def extract_document(path, nlp=None):
    """Run the whole pipeline on one file and return a `DocumentRecord`."""
    from extract.pipeline import Pipeline

    return Pipeline(nlp=nlp).process_path(path)


def extract_dataframes(paths, nlp=None):
    """Run the pipeline on files and return (trials, outcomes, entities) DataFrames."""
    from extract.export import records_to_frames
    from extract.pipeline import Pipeline

    pipe = Pipeline(nlp=nlp)
    return records_to_frames([pipe.process_path(p) for p in paths])
