"""The ``wild`` suite: people made from the development set (evals/devset/), not from the demo
generator, drafted for and measured against the set's labels.

It only reads the dev set: nothing here tunes the drafter, and the labels are used to score,
never handed to the drafter (every feedback record is imported as a plain ``review``). Run it with
``python -m evals.wild``; tests/unit/evals/test_wild.py gates a slice of it.
"""
