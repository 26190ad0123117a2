"""A group for HR themes: the Payments team and an HR partner who may ask about it."""

from __future__ import annotations

from collections.abc import Sequence

from tests.builder import OrgBuilder


def payments_group(b: OrgBuilder, people: Sequence[str]) -> None:
    """The team "Payments" of ``people`` (key "ana" is "Ana Example") and "hr", Hana Ruiz."""
    b.team("pay", "Payments")
    b.person("hr", "Hana Ruiz", roles=["employee", "hr"])
    for key in people:
        b.person(key, key.title() + " Example", team="pay")
