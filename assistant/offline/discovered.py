"""Themes found in a group's feedback, for what the taxonomy lacks.

A judged claim (praise or an ask) whose theme rests on no cue — read as no theme, or only by the
embedder, which is right about one time in ten — fits no taxonomy theme well. Those claims are
grouped by meaning and wording (assistant/analysis/discover.py); a group becomes a theme when its
shared terms give it a name a person would use (assistant/analysis/keywords.py) and it concerns
at least ``k`` people. One theme per claim: a claim in a shown group no longer counts for the
taxonomy theme it was loosely read as.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.analysis.discover import Group, Space, embed, group, place
from assistant.analysis.keywords import Doc, TermIndex

# Claims grouped at most (spread evenly over the period); the others are placed in the groups
# found. Bounds the cost for a large organisation.
MAX_CLAIMS = 4000
MAX_DISCOVERED = 2  # shown besides the taxonomy's themes


@dataclass(frozen=True)
class Claim:
    """A claim that fits no taxonomy theme well: which record, which sentence, its sign."""

    citation: str
    index: int
    text: str
    sign: int
    person: int | None


@dataclass
class Found:
    """One discovered theme: its name and its claims (by record), in the period."""

    label: str
    claims: dict[str, list[Claim]] = field(default_factory=dict)


@dataclass(frozen=True)
class Discovery:
    """What grouping found: the named groups, the space and groups to place other claims in."""

    found: list[Found]
    space: Space | None
    groups: list[Group]

    def assign(self, claims: Sequence[Claim]) -> list[int | None]:
        """The found theme (index) each of ``claims`` belongs to, if any."""
        if self.space is None or not claims or not self.found:
            return [None] * len(claims)
        out: list[int | None] = []
        for start in range(0, len(claims), MAX_CLAIMS):
            texts = [c.text for c in claims[start : start + MAX_CLAIMS]]
            space = embed(texts, mean=self.space.mean, vocabulary=self.space.vocabulary)
            out += place(space, self.groups)
        return out


def discover(claims: Sequence[Claim], terms: TermIndex, k: int) -> Discovery:
    """Group ``claims``; keep groups named by terms that feedback about ``k`` people shares,
    and about ``k`` people or more, biggest first (at most MAX_DISCOVERED)."""
    if len(claims) < 2 * k:
        return Discovery([], None, [])
    step = max(1, len(claims) // MAX_CLAIMS)
    sample = list(claims[::step])[:MAX_CLAIMS]
    space = embed([c.text for c in sample])
    groups = group(space, min_size=k)
    found: list[Found] = []
    kept: list[Group] = []
    for g in groups:
        members = [sample[i] for i in g.members]
        if len({c.person for c in members if c.person is not None}) < k:
            continue
        words = terms.distinctive([Doc(c.text, c.person) for c in members], min_people=k, limit=2)
        if not words:
            continue  # nothing the group shares names it: no label a person would use
        found.append(Found(" and ".join(words)))
        kept.append(g)
        if len(found) == MAX_DISCOVERED:
            break
    discovery = Discovery(found, space, kept)
    for claim, index in zip(claims, discovery.assign(claims), strict=True):
        if index is not None:
            found[index].claims.setdefault(claim.citation, []).append(claim)
    return discovery
