"""Grouping claims no taxonomy theme matches: one topic, one group; later claims placed in it."""

from __future__ import annotations

ROTA = "{} swapped the on-call rota so that weekend cover was fair."
OTHER = "{} wrote clear docs for the billing service."


def test_claims_on_one_topic_group_together_and_others_are_placed() -> None:
    from assistant.analysis.discover import embed, group, place

    rota = [ROTA.format(n) for n in ("Ana", "Ben", "Cai", "Dev", "Eve", "Fay")]
    docs = [OTHER.format(n) for n in ("Gus", "Hal", "Ivy", "Jo", "Kim", "Lu")]
    space = embed(rota + docs)
    groups = group(space, min_size=3)
    members = [set(g.members) for g in groups]
    assert set(range(6)) in members and set(range(6, 12)) in members
    later = embed(
        ["Mo swapped the on-call rota so weekend cover was fair."],
        mean=space.mean,
        vocabulary=space.vocabulary,
    )
    (where,) = place(later, groups)
    assert where is not None and groups[where].members == tuple(range(6))
