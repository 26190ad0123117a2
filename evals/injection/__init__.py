"""The prompt-injection corpus (payloads.yaml) and its runner (python -m evals.injection)."""
