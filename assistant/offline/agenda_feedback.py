"""The agenda's feedback and growth sections: recurring criticism, single remarks worth hearing,
the career thread, a strength to build on and one development step."""

from __future__ import annotations

import datetime as dt
import re

from assistant.offline.agenda_goals import PER_SECTION
from assistant.offline.clusters import Cluster, later_opposite
from assistant.offline.facts import cites, clause, day, giver, of_type, plural
from assistant.offline.sentences import quotable
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, Item
from retrieval.types import ContextItem

_CAREER = re.compile(
    r"\b(career|promotion|promote|grow|growth|learn|learning|stretch|senior|lead|mentor|"
    r"conference|course|interested in|aspir\w*|next step)\b",
    re.IGNORECASE,
)
CAREER_LEAD = "Follow up on the career thread"


def feedback_items(
    clusters: list[Cluster], brief: Brief, private_note: Item | None = None
) -> list[Item]:
    out: list[Item] = []
    for group in clusters:
        if group.polarity >= 0 or len(group.items) < 2:
            continue
        group = group.recent(MAX_CITATIONS)
        latest = group.latest_quotable()
        lead = "Most recent" if latest is group.items[-1] else "For example"
        example = f" {lead} ({day(latest.date)}): “{group.quote(latest)}”." if latest else ""
        out.append(
            Item(
                text=f"Recurring theme — {group.theme.label}: "
                f"{len(group.items)} pieces of feedback "
                f"from {len(group.givers)} people since {day(group.first)} point to "
                f"{group.theme.growth}.{example}",
                citations=cites(group.items),
            )
        )
    singles = [g for g in clusters if g.polarity < 0 and len(g.items) == 1 and quotable(g.items[0])]
    for single in sorted(singles, key=lambda g: g.last or dt.date.min, reverse=True):
        item = single.items[0]
        out.append(
            Item(
                text=f"{giver(item, brief)} ({day(item.date)}) raised {single.quote(item)} — "
                "worth hearing how it looks from their side.",
                citations=[item.citation],
            )
        )
    if private_note is None:
        return out[:PER_SECTION]
    # The manager's own note keeps its place: it is what they meant to come back to.
    return [*out[: PER_SECTION - 1], private_note]


def growth_items(items: list[ContextItem], clusters: list[Cluster], brief: Brief) -> list[Item]:
    out: list[Item] = []
    notes = [c for c in of_type(items, "checkin") if _CAREER.search(c.text)]
    for note in sorted(notes, key=lambda c: c.date or dt.date.min, reverse=True)[:1]:
        sentence = next(
            (s for s in re.split(r"(?<=[.!?])\s+", note.text) if _CAREER.search(s)), note.text
        )
        out.append(
            Item(
                text=f"{CAREER_LEAD} from the 1:1 on {day(note.date)}: “{clause(sentence, 24)}”.",
                citations=[note.citation],
            )
        )
    strengths = [c for c in clusters if c.polarity > 0]
    # A strength that recent feedback contradicts is not one to "build on": the agenda says
    # it moved, on the growth item, instead of contradicting itself.
    steady = [c for c in strengths if later_opposite(c, clusters) is None]
    if steady:
        top = steady[0]
        latest = top.latest_quotable()
        said = f", most recently “{top.quote(latest)}” ({day(latest.date)})" if latest else ""
        # The count must be what the line cites (grounding checks it): each giver's newest
        # praise, the quoted one among them, within MAX_CITATIONS.
        newest = {i.author_id: i for i in top.items}
        cited = [*([latest] if latest else []), *reversed(newest.values())]
        cited = list({i.citation: i for i in cited}.values())[:MAX_CITATIONS]
        people = {i.author_id for i in cited}
        out.append(
            Item(
                text=f"Build on {brief.subject_first}'s {top.theme.label}: "
                f"{plural(len(people), 'person', 'people')} praised it{said}. "
                "Is there a stretch assignment or a chance to teach it?",
                citations=cites(cited),
            )
        )
    growth = [c for c in clusters if c.polarity < 0]
    if growth:
        top = growth[0]
        earlier = next((c for c in strengths if later_opposite(c, clusters) is top), None)
        if earlier is not None:
            label = top.theme.label[:1].upper() + top.theme.label[1:]
            text = (
                f"Agree one concrete development step on {top.theme.growth}. {label} drew "
                f"praise earlier in the period (latest {day(earlier.last)}), but the more recent "
                f"feedback points the other way (latest {day(top.last)}) — ask what changed."
            )
            refs = cites(earlier.items[-1:], top.items[-2:])
        elif len(top.items) >= 2:
            # A recurring theme already has its line under feedback: saying it again is filler.
            return out[:PER_SECTION]
        else:
            text = f"Agree one concrete development step on {top.theme.growth}."
            refs = cites(top.items[-2:])
        out.append(Item(text=text, citations=refs))
    return out[:PER_SECTION]
