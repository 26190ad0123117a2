"""The agenda's open action items: the last 1:1's first, then what is overdue, the same promise
once, what the last 1:1 agreed beside them, and one "close or drop?" line for the long overdue."""

from __future__ import annotations

import datetime as dt

from assistant.offline import carryover
from assistant.offline.agenda_goals import PER_SECTION
from assistant.offline.facts import as_date, cites, clause, of_type
from assistant.record_facts import ActionItemFacts, facts_of
from assistant.tasks.brief import Brief, first_name
from assistant.tasks.schemas import MAX_CITATIONS, Item
from assistant.tasks.windows import LONG_OVERDUE
from retrieval.types import ContextItem


def from_checkin(action: ContextItem) -> dt.date:
    """The date of the 1:1 an action item came from (its own date when the fact is missing)."""
    return (
        as_date(facts_of(action, ActionItemFacts).get("checkin_date")) or action.date or dt.date.min
    )


def _due(action: ContextItem) -> dt.date | None:
    return as_date(facts_of(action, ActionItemFacts).get("due_date"))


def action_items(items: list[ContextItem], brief: Brief) -> list[Item]:
    open_items = [
        a
        for a in of_type(items, "action_item")
        if (facts_of(a, ActionItemFacts).get("status") or "") in ("open", "")
    ]

    last = max((from_checkin(a) for a in open_items), default=None)

    def order(a: ContextItem) -> tuple[bool, int, int, dt.date]:
        # The last 1:1's commitments first (not hidden behind July's); then what earlier ones
        # left overdue (a fortnight late is a live topic, not one to hide behind items not yet
        # due), then the rest, long-overdue last (the tidy line below gathers those); each
        # newest 1:1 first, and within one 1:1 the earliest due first.
        due = _due(a)
        late = brief.today - due if due is not None else None
        rank = 1 if late is None or late.days <= 0 else 2 if late > LONG_OVERDUE else 0
        return (from_checkin(a) != last, rank, -from_checkin(a).toordinal(),
                due or dt.date.max)  # fmt: skip

    # The same promise logged twice is one line citing both.
    same: dict[str, list[ContextItem]] = {}
    for action in sorted(open_items, key=order):
        same.setdefault(" ".join(action.text.lower().split()), []).append(action)
    out: list[Item] = []
    groups = list(same.values())[:PER_SECTION]
    ranked = [group[0] for group in groups]
    for action, *twins in groups:
        facts = facts_of(action, ActionItemFacts)
        when = _due(action)
        owner = facts.get("owner") or brief.names.get(action.author_id or -1, "")
        who = f" ({first_name(owner)})" if owner else ""
        tail = "."
        if when and when < brief.today:
            lead = f"Overdue since {when.isoformat()}{who}"
            if brief.today - when > LONG_OVERDUE:
                # In words: a number the cited record does not hold fails the grounding check,
                # which dropped the line (the planted item vanished a month after its due date).
                tail = " — long overdue: close or drop?"
        elif when:
            lead = f"Due {when.isoformat()}{who}"
        else:
            lead = f"Still open{who}"
        out.append(
            Item(
                text=f"{lead}: {clause(action.text, 24)}{tail}",
                citations=[action.citation, *(t.citation for t in twins)],
            )
        )
    # What the last 1:1 agreed ranks with its own action items, ahead of older commitments:
    # listed after them, it was cut whenever three older items were still open.
    agreed_at = carryover.last_shared_date(items)
    newest = sum(1 for a in ranked if from_checkin(a) == agreed_at)
    lines = [*out[:newest], *carryover.follow_up_items(items), *out[newest:]]
    stale = sorted(
        (a for a in open_items if (d := _due(a)) is not None and brief.today - d > LONG_OVERDUE),
        key=lambda a: (_due(a) or dt.date.min, a.citation),
    )
    shown = {c for line in lines[:PER_SECTION] for c in line.citations}
    if all(a.citation in shown for a in stale):
        return lines[:PER_SECTION]
    # Long-overdue commitments the newest pushed out: the last slot gathers them all.
    kept = lines[: PER_SECTION - 1]
    shown = {c for line in kept for c in line.citations}
    return [*kept, _close_or_drop([a for a in stale if a.citation not in shown])]


def _close_or_drop(stale: list[ContextItem]) -> Item:
    """One tidy-up line for long-overdue commitments (oldest due first) the newest ones pushed
    out: a promise open for months is a decision to make (close it or drop it), not a line to
    hide."""
    oldest = stale[0]
    more = " and more like it" if len(stale) > 1 else ""
    return Item(
        text=f"Long overdue from earlier 1:1s — close or drop? “{clause(oldest.text, 16)}”, "
        f"due {(_due(oldest) or dt.date.min).isoformat()}{more}.",
        citations=cites(stale[:MAX_CITATIONS]),
    )
