"""Distinctive terms: what a group of feedback shares that the rest does not, never a name, an
email or a word only one or two people's feedback uses."""

from __future__ import annotations

from assistant.analysis.keywords import Doc, TermIndex

ROTA = "{} swapped the on-call rota so that weekend cover was fair."
OTHER = "{} wrote clear docs for the billing service."


def test_terms_shared_by_enough_people_and_rare_elsewhere() -> None:
    group = [Doc(ROTA.format(n), person) for person, n in enumerate(["Ana", "Ben", "Cai", "Dev"])]
    rest = [Doc(OTHER.format("Eve"), 10 + p) for p in range(12)]
    index = TermIndex([d.text for d in group + rest])
    terms = index.distinctive(group, min_people=3)
    assert terms and any(t in ("on-call rota", "weekend cover", "rota", "cover") for t in terms)
    assert not {"ana", "ben", "cai", "dev", "billing"} & {w for t in terms for w in t.split()}
    # Fewer people than the threshold use them: nothing is said.
    assert index.distinctive(group, min_people=5) == []


def test_names_and_emails_are_never_terms() -> None:
    texts = [
        f"Worked with Priya on the Atlas migration; mail priya.raman@example.com {n}."
        for n in range(6)
    ]
    group = [Doc(t, p) for p, t in enumerate(texts)]
    terms = TermIndex(texts).distinctive(group, min_people=3, limit=10)
    words = {w for t in terms for w in t.split()}
    assert "migration" in words
    assert not words & {"priya", "atlas", "raman", "example", "com", "mail priya"}
