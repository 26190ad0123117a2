"""Retrieval eval: a labelled query set over the demo organisation, scored per retrieval leg.

``python -m evals.retrieval [--json]`` builds the demo org in a temporary directory, indexes it,
and reports recall@5, recall@10, MRR@10 and nDCG@10 for vector-only, lexical-only and hybrid
search (see run.py). queries.yaml holds the queries; qrels.py resolves their declarative qrels
against the database; baseline.json holds the committed figures the unit test guards.
"""
