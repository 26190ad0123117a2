"""The offline self-reflection: first person, from what the employee may see only.

Four parts, each line cited and worded from its evidence rather than from one frame per line:

- what I delivered: the current cycle's goals (with their key results and the latest update),
  then the best of the cycle that closed last, said as closed;
- what I heard: praise and criticism both, when both exist — the biggest theme of each first —
  each counted and quoting the sentence that carries the claim; a theme heard both ways is one
  line that says which way it moved;
- what I want to get better at: each criticised theme with what the evidence offers (a
  colleague's own proposal, the goal it bears on, later praise that says it is improving);
- what I am working on next: current and upcoming goals that are not done, the newest open
  action items, and the main growth area — never a goal of a closed cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.offline.agenda import _Goals, giver
from assistant.offline.clusters import Cluster, cluster
from assistant.offline.coach_evidence import ask_of, linked_work
from assistant.offline.facts import (
    as_date,
    cites,
    clause,
    day,
    fmt_num,
    of_type,
    plural,
    short,
    title,
)
from assistant.offline.sentences import quotable
from assistant.record_facts import (
    ActionItemFacts,
    CheckInFacts,
    FeedbackFacts,
    GoalFacts,
    KeyResultFacts,
    facts_of,
)
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, Item, Reflection
from assistant.tasks.windows import HEARD_RECENTLY, LONG_OVERDUE
from retrieval.types import ContextItem

PER_SECTION = 4
_UNFINISHED = {"not_started", "on_track", "at_risk", "off_track", ""}


def employee_visible(items: list[ContextItem], employee_id: int) -> list[ContextItem]:
    """Belt and braces on top of the access policy: only shared feedback about me (or written by
    me), never private check-in notes."""
    return [item for item in items if not _kept_from_employee(item)]


def _kept_from_employee(item: ContextItem) -> bool:
    if item.record_type == "feedback":
        return facts_of(item, FeedbackFacts).get("visibility") not in ("shared", "", None)
    if item.record_type == "checkin":
        return facts_of(item, CheckInFacts).get("part") == "private"
    return False


def _lower(text: str) -> str:
    """``text`` fit to follow other words: a capital that only starts a sentence goes."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _state(goal: ContextItem) -> str:
    return (facts_of(goal, GoalFacts).get("status") or "").replace("_", " ")


# --- what I delivered ---------------------------------------------------------------------------


def _key_results(goals: _Goals) -> dict[str, list[ContextItem]]:
    by_goal: dict[str, list[ContextItem]] = {}
    for kr in goals.krs:
        ref = facts_of(kr, KeyResultFacts).get("goal_citation") or ""
        by_goal.setdefault(ref, []).append(kr)
    return by_goal


def _kr_phrase(kr: ContextItem) -> str | None:
    """Where a key result stands, said from its numbers: how far it moved and whether the
    target was met, passed or is still ahead."""
    facts = facts_of(kr, KeyResultFacts)
    start, current, target = facts.get("start"), facts.get("current"), facts.get("target")
    if current is None or target is None:
        return None
    unit = facts.get("unit") or ""
    unit = unit if unit in ("%", "") else f" {unit}"
    name = clause(kr.text, 10)
    now, goal = f"{fmt_num(current)}{unit}", f"{fmt_num(target)}{unit}"
    if start is None or start == current:
        return f"{name} is at {now} of {goal}"
    lower_is_better = target < start
    met = current <= target if lower_is_better else current >= target
    moved = f"{name} {'fell' if current < start else 'rose'} from {fmt_num(start)}{unit} to {now}"
    if met and current != target:
        return f"{moved}, past the {goal} target"
    if met:
        return f"{moved}, right on target"
    return f"{moved}; the target is {goal}"


def _current_goal(goal: ContextItem, goals: _Goals, krs: list[ContextItem]) -> Item | None:
    facts = facts_of(goal, GoalFacts)
    status, pct = facts.get("status") or "", facts.get("progress")
    if status == "dropped" or (not pct and status != "done"):
        return None
    name = f"“{title(goal)}”"
    refs = [goal.citation]
    measured = [(kr, p) for kr in krs[:2] if (p := _kr_phrase(kr))]
    numbers = "; ".join(p for _, p in measured)
    refs += [kr.citation for kr, _ in measured]
    last, update = goals.last_update(goal)
    if status == "done":
        text = f"I delivered {name}" + (f": {_lower(numbers)}." if numbers else ".")
    elif goals.is_stale(goal):
        # A status nobody has confirmed for weeks is a claim, not a fact: say how old it is.
        since = f"since {last.isoformat()}" if last else "since it was set"
        text = (
            f"I last marked {name} {_state(goal)} at {pct}%, but there has been no update "
            f"{since}: that figure needs refreshing before anyone relies on it."
        )
        refs += [update.citation] if update else []
    else:
        said = (
            f"; on {day(update.date)} I noted “{clause(update.text, 14)}”"
            if update is not None and update.text.strip() and quotable(update)
            else ""
        )
        refs += [update.citation] if said and update else []
        if status in ("off_track", "at_risk"):
            text = f"I have not delivered {name} yet: {pct}% and {_state(goal)}{said}."
        else:
            text = f"I have taken {name} to {pct}%, {_state(goal)}{said}."
        if numbers:
            text = text[:-1] + f". So far {_lower(numbers)}."
    return Item(text=text, citations=refs[:MAX_CITATIONS])


def _just_closed(goals: _Goals) -> list[ContextItem]:
    """The goals of the cycle that closed last (the newest cycle name among closed goals)."""
    cycles = {facts_of(g, GoalFacts).get("cycle") or "" for g in goals.closed}
    latest = max(cycles, default="")
    return [g for g in goals.closed if (facts_of(g, GoalFacts).get("cycle") or "") == latest]


def _closed_goal(goal: ContextItem) -> Item | None:
    facts = facts_of(goal, GoalFacts)
    status, pct = facts.get("status"), facts.get("progress")
    if status == "dropped" or not pct:
        return None
    cycle = facts.get("cycle")
    when = f"{cycle} (closed)" if cycle else "the last cycle, now closed"
    if status == "done":
        text = f"I completed “{title(goal)}” in {when}."
    else:
        text = f"I took “{title(goal)}” to {pct}% in {when}."
    return Item(text=text, citations=[goal.citation])


def _delivered(goals: _Goals) -> list[Item]:
    krs = _key_results(goals)

    def order(goal: ContextItem) -> tuple[bool, int]:
        facts = facts_of(goal, GoalFacts)
        return (facts.get("status") != "done", -(facts.get("progress") or 0))

    current = [
        line
        for goal in sorted(goals.goals, key=order)
        if (line := _current_goal(goal, goals, krs.get(goal.citation, [])))
    ]
    closed = [
        line for goal in sorted(_just_closed(goals), key=order) if (line := _closed_goal(goal))
    ]
    # The current cycle first, and room for the last cycle's best result when there is one.
    earlier = closed[: 1 if current else 2]
    return [*current[: PER_SECTION - len(earlier)], *earlier]


# --- what I heard -------------------------------------------------------------------------------


@dataclass
class _Theme:
    """One theme's feedback: its praise, its criticism, or both."""

    praise: Cluster | None = None
    criticism: Cluster | None = None

    @property
    def weight(self) -> tuple[int, int, dt.date]:
        parts = [c for c in (self.praise, self.criticism) if c is not None]
        return max(c.weight for c in parts)


def _themes(clusters: list[Cluster]) -> list[_Theme]:
    by_key: dict[str, _Theme] = {}
    for group in clusters:
        if group.polarity == 0:
            continue
        theme = by_key.setdefault(group.theme.key, _Theme())
        if group.polarity > 0:
            theme.praise = theme.praise or group
        else:
            theme.criticism = theme.criticism or group
    for theme in by_key.values():
        # A line cites what it counts: a theme heard both ways shares the citations between
        # its two sides, so the newest of each side are kept.
        half = MAX_CITATIONS // 2 if theme.praise and theme.criticism else MAX_CITATIONS
        theme.praise = theme.praise.recent(half) if theme.praise else None
        theme.criticism = theme.criticism.recent(half) if theme.criticism else None
    return sorted(by_key.values(), key=lambda t: t.weight, reverse=True)


def _balanced(themes: list[_Theme], today: dt.date) -> list[_Theme]:
    """The heaviest themes, with the heaviest praised and the heaviest criticised one always in
    when they exist (a reflection that hears only one side is not honest), then the themes
    praised within HEARD_RECENTLY (newest first), then the rest by weight; PER_SECTION in all."""
    balance = [
        t
        for t in (
            next((t for t in themes if t.praise), None),
            next((t for t in themes if t.criticism), None),
        )
        if t is not None
    ]
    praised = {id(t): t.praise.last for t in themes if t.praise and t.praise.last}
    # The newest praise first: a review season praises many themes in the same fortnight.
    recent = sorted(
        (t for t in themes if today - praised.get(id(t), dt.date.min) <= HEARD_RECENTLY),
        key=lambda t: praised[id(t)],
        reverse=True,
    )
    picked: list[_Theme] = []
    for theme in [*balance, *recent, *themes]:
        if len(picked) >= PER_SECTION:
            break
        if not any(theme is p for p in picked):
            picked.append(theme)
    return sorted(picked, key=themes.index)


def _who(items: list[ContextItem], brief: Brief) -> str:
    names = list(dict.fromkeys(giver(i, brief) for i in reversed(items)))
    if len(names) == 1:
        return names[0]
    return f"{names[0]} and {names[1]}" if len(names) == 2 else ""


def _said(group: Cluster, words: int = 16, skip: ContextItem | None = None) -> tuple[str, str]:
    """The newest quotable claim of ``group`` that is not ``skip``'s (the growth line quotes
    that one: two colleagues can use the same words), and its date; ("", "") when none."""
    taken = group.quote(skip, 40) if skip is not None else None
    for item in reversed(group.items):
        if quotable(item) and item is not skip and group.quote(item, 40) != taken:
            return f"“{group.quote(item, words)}”", day(item.date)
    return "", ""


def _span(group: Cluster) -> str:
    if group.first == group.last:
        return f"on {day(group.first)}"
    return f"between {day(group.first)} and {day(group.last)}"


@dataclass(frozen=True)
class _Side:
    """How a line about one side of a theme's feedback reads: a single note, then the lead of
    the theme most heard of on that side (``lead``) or of another (``again``), the count, and
    the quote that closes it."""

    single: str
    lead: str
    again: str
    count: Callable[[int], str]
    latest: str


_PRAISE = _Side(
    single="{people} praised my {label} on {when}",
    lead="Most of the praise I received was for my {label}",
    again="My {label} was praised too",
    count=lambda n: plural(n, "note"),
    latest="the latest",
)
_CRITICISM = _Side(
    single="{people} told me on {when} that my {label} fell short",
    lead="The criticism I heard most was about my {label}",
    again="I was also criticised on {label}",
    count=lambda n: f"{plural(n, 'piece')} of feedback",
    latest="most recently",
)


def _one_side(group: Cluster, first_of_kind: bool, brief: Brief) -> str:
    side = _PRAISE if group.polarity > 0 else _CRITICISM
    label = group.theme.label
    # The growth line quotes a colleague's proposal; this line quotes another record if it can.
    asked = ask_of(group) if group.polarity < 0 and len(group.items) > 1 else None
    said, when = _said(group, skip=asked)
    n, people = len(group.items), _who(group.items, brief)
    if n == 1:
        line = side.single.format(people=people, label=label, when=when or day(group.last))
        return line + (f": {said}." if said else ".")
    source = people or plural(len(group.givers), "person", "people")
    lead = (side.lead if first_of_kind else side.again).format(label=label)
    # The newest record may be the growth line's quote: then this one is not the latest.
    latest = side.latest if when == day(group.last) else f"among them on {when}"
    return f"{lead}: {side.count(n)} from {source} {_span(group)}" + (
        f", {latest} {said}." if said else "."
    )


def _both_sides(theme: _Theme) -> str:
    """A theme praised and criticised: one line that says which way it moved."""
    praise, criticism = theme.praise, theme.criticism
    assert praise is not None and criticism is not None
    label = praise.theme.label
    # A mixed review can sit on both sides: it is one piece of feedback.
    total = len(cites(praise.items, criticism.items))
    good, good_day = _said(praise, 12)
    bad, bad_day = _said(criticism, 12)
    # A side with nothing quotable still says when it was heard.
    good = f" ({good}, {good_day})" if good else f" ({_span(praise)})"
    bad = f" ({bad}, {bad_day})" if bad else f" ({_span(criticism)})"
    p_last, c_last = praise.last or dt.date.min, criticism.last or dt.date.min
    if c_last > p_last:
        return (
            f"My {label} has slipped, over {plural(total, 'piece')} of feedback: "
            f"praise earlier{good}, criticism more recently{bad}."
        )
    if p_last > c_last:
        return (
            f"My {label} turned around ({plural(total, 'piece')} of feedback): "
            f"criticism earlier{bad}, more recently praise{good}."
        )
    return (
        f"On my {label} I heard both ways in the same weeks ({plural(total, 'piece')} of "
        f"feedback): praise{good} and criticism{bad}; it has not settled either way yet."
    )


def _heard(clusters: list[Cluster], brief: Brief) -> list[Item]:
    out: list[Item] = []
    seen_praise = seen_criticism = False
    for theme in _balanced(_themes(clusters), brief.today):
        if theme.praise and theme.criticism:
            text = _both_sides(theme)
            items = [*theme.praise.items, *theme.criticism.items]
        else:
            group = theme.praise or theme.criticism
            assert group is not None
            first = not (seen_praise if group.polarity > 0 else seen_criticism)
            text = _one_side(group, first, brief)
            items = group.items
        seen_praise |= theme.praise is not None
        seen_criticism |= theme.criticism is not None
        out.append(Item(text=text, citations=cites(items)))
    return out


# --- what I want to get better at ---------------------------------------------------------------


def _growth(
    clusters: list[Cluster], goals: _Goals, items: list[ContextItem], brief: Brief
) -> list[Item]:
    out: list[Item] = []
    themes = [t for t in _themes(clusters) if t.criticism is not None]
    for theme in themes[:3]:
        group = theme.criticism
        assert group is not None
        label, growth = group.theme.label, group.theme.growth
        refs = cites(group.items)
        asked = ask_of(group)
        work = linked_work(group, goals.goals, items)
        later_praise = theme.praise is not None and (theme.praise.last or dt.date.min) > (
            group.last or dt.date.min
        )
        if later_praise and theme.praise is not None:
            text = (
                f"I'm improving at {growth}, with praise on {day(theme.praise.last)} after "
                f"criticism until {day(group.last)}"
            )
            refs = cites(group.items[-2:], theme.praise.items[-2:])
        elif asked is not None:
            idea = f"“{group.quote(asked, 14)}”"
            text = f"For my {label}, I'll adopt {giver(asked, brief)}'s idea: {idea}"
        elif theme.praise is not None:
            text = (
                f"I want to get back to {growth}, as when I was praised for it until "
                f"{day(theme.praise.last)}"
            )
            refs = cites(group.items[-(MAX_CITATIONS - 2) :], theme.praise.items[-1:])
        else:
            text = f"I want to get better at {growth}"
        if work is not None:
            name = short(title(work), 10)
            text += (
                f", starting with “{name}”"
                if work.record_type == "goal"
                else f", starting with my promise to {_lower(name)}"
            )
            refs = [*refs[: MAX_CITATIONS - 1], work.citation]
        out.append(Item(text=text + ".", citations=refs[:MAX_CITATIONS]))
    return out


# --- what I am working on next ------------------------------------------------------------------


def _goal_next(goal: ContextItem, goals: _Goals) -> Item | None:
    facts = facts_of(goal, GoalFacts)
    status = facts.get("status") or ""
    if status not in _UNFINISHED:
        return None
    pct = facts.get("progress") or 0
    name = f"“{title(goal)}”"
    due = facts.get("due_date")
    by = f" by {due[:10]}" if due else ""
    if facts.get("cycle_state") == "upcoming":
        cycle = facts.get("cycle")
        return Item(
            text=f"I'll start {name}" + (f" when {cycle} begins" if cycle else "") + f"{by}.",
            citations=[goal.citation],
        )
    if status in ("off_track", "at_risk"):
        # What blocks it is quoted under what I delivered; the plan says what I will do.
        return Item(
            text=f"I'll turn {name} around ({_state(goal)} at {pct}%): re-plan it with my "
            f"manager{by}.",
            citations=[goal.citation],
        )
    if goals.is_stale(goal):
        return Item(
            text=f"I'll post a fresh update on {name}, then decide with my manager whether it "
            "still matters this cycle.",
            citations=[goal.citation],
        )
    if status == "not_started":
        return Item(text=f"I'll get {name} started{by}.", citations=[goal.citation])
    return Item(text=f"I'll finish {name} from {pct}%{by}.", citations=[goal.citation])


def _agreed(action: ContextItem, today: dt.date) -> str:
    due = facts_of(action, ActionItemFacts).get("due_date")
    said = f"agreed {day(action.date)}" if action.date else "agreed at a 1:1"
    late = as_date(due)
    if late is not None and today - late >= LONG_OVERDUE:
        # A promise this old is one to close or drop with my manager, not to carry again.
        return f"{said}, long overdue since {late.isoformat()}: close or drop?"
    if late is not None and late < today:
        return f"{said}, overdue since {late.isoformat()}"
    return f"{said}, due {due[:10]}" if due else said


def _actions(items: list[ContextItem], brief: Brief) -> Iterator[Item]:
    """Open action items, newest first: yesterday's commitments before July's. Mine are my
    action items; what someone else took on (my manager, usually) is mine to follow up on."""
    open_actions = [
        a
        for a in of_type(items, "action_item")
        if facts_of(a, ActionItemFacts).get("status") == "open"
    ]
    said: set[str] = set()
    for action in sorted(open_actions, key=lambda a: a.date or dt.date.min, reverse=True):
        if action.text.strip().lower() in said:
            continue  # the same promise logged twice is one promise
        said.add(action.text.strip().lower())
        when, owner = _agreed(action, brief.today), facts_of(action, ActionItemFacts).get("owner")
        text = (
            f"My action item ({when}): {clause(action.text, 20)}."
            if action.author_id == brief.requester_id or not owner
            else f"Follow up with {owner} on their action item ({when}): {clause(action.text, 20)}."
        )
        yield Item(text=text, citations=[action.citation])


def _next(goals: _Goals, items: list[ContextItem], brief: Brief) -> list[Item]:
    def urgency(goal: ContextItem) -> int:
        status = facts_of(goal, GoalFacts).get("status") or ""
        return {"off_track": 0, "at_risk": 1}.get(status, 3 if goals.is_stale(goal) else 2)

    # ``goals.goals`` holds current and upcoming goals only: a closed cycle is never a plan.
    planned = [
        line for goal in sorted(goals.goals, key=urgency) if (line := _goal_next(goal, goals))
    ]
    actions = list(_actions(items, brief))
    out = [*planned[:2], *actions[:2], *planned[2:], *actions[2:]]
    return out[:PER_SECTION]


def draft_reflection(items: list[ContextItem], brief: Brief) -> Reflection:
    items = employee_visible(items, brief.requester_id)
    goals = _Goals(items, brief.today)
    clusters = cluster(of_type(items, "feedback"))
    return Reflection(
        accomplishments=_delivered(goals),
        feedback_received=_heard(clusters, brief),
        growth_areas=_growth(clusters, goals, items, brief),
        intentions=_next(goals, items, brief),
    )
