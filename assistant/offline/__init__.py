"""The deterministic offline drafter: the same structured outputs as a model, from rules.

It is the embedded default provider, what CI uses, and the fallback when a model fails. Each
task's drafter is named by its entry in assistant/tasks/registry.py; the draft cache keys offline
drafts on this package's code and lexicons (assistant/tasks/fingerprint.py), so no version needs
bumping by hand when a rule changes.
"""
