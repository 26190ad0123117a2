"""The drafter names the analysis stage's themes: every taxonomy theme has a label and the two
phrases a draft fills in, and the coaching playbook has a move for each."""

from __future__ import annotations

import assistant.offline  # noqa: F401  (the playbook imports the drafter's lexicon)
from assistant.analysis.themes import OTHER, load_taxonomy
from assistant.offline.lexicon import BY_KEY, GENERAL, theme_for
from assistant.tasks.playbook import load_playbook


def test_every_taxonomy_theme_is_named_for_drafts() -> None:
    keys = set(load_taxonomy().themes) - {OTHER}
    assert keys <= set(BY_KEY)
    for key in keys:
        theme = BY_KEY[key]
        assert theme.label and theme.strength and theme.growth
        # Drafts say "could grow by {growth}" and "is valued for {strength}".
        assert not theme.growth.endswith(".") and not theme.strength.endswith(".")


def test_other_is_the_general_bucket() -> None:
    assert theme_for(OTHER) is GENERAL
    assert theme_for("no_such_theme") is GENERAL


def test_the_playbook_covers_every_theme() -> None:
    book = load_playbook()
    assert set(BY_KEY) <= set(book.themes)
