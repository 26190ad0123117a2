"""A two-year manager/report history with planted facts, and recall of them under a token budget
(``python -m evals.longhistory``)."""
