"""Batch ingestion machinery behind `extract ingest`.

inputs: which files, with which document ids; cache: what is already done;
worker: one document through the pipeline with its failing stage named;
pool: local worker processes with per-document timeouts; dask_runner: the
same per-document function on a Dask cluster.
"""
