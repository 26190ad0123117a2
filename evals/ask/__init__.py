"""The ask task's relevance threshold, measured on labelled questions (``python -m evals.ask``)."""
