"""Accuracy benchmark: score predictions against hand annotations (CONTRACT.md "Scoring").

`extract evaluate` (cli.py) loads both sides (annotations.py), scores them
(scoring.py, pure functions) and renders the result (report.py).
"""
