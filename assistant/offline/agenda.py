"""The offline 1:1 agenda: rules over goals, updates, action items, feedback and check-ins."""

from __future__ import annotations

import datetime as dt
import re

from assistant.grounding import Grounding
from assistant.offline import carryover, top_three
from assistant.offline.clusters import Cluster, cluster, later_opposite
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
from assistant.offline.focus import focus_items
from assistant.offline.linked import link_agenda
from assistant.offline.sentences import primary, quotable, quote
from assistant.offline.updates import obstacle
from assistant.offline.wellbeing import strain_item
from assistant.record_facts import (
    ActionItemFacts,
    FeedbackFacts,
    GoalFacts,
    GoalUpdateFacts,
    KeyResultFacts,
    facts_of,
    goal_part_facts,
)
from assistant.tasks.brief import Brief, first_name
from assistant.tasks.schemas import MAX_CITATIONS, Agenda, Item
from assistant.tasks.windows import LONG_OVERDUE, RECENT_WIN, STALE_AFTER
from retrieval.types import ContextItem

PER_SECTION = 3
_CAREER = re.compile(
    r"\b(career|promotion|promote|grow|growth|learn|learning|stretch|senior|lead|mentor|"
    r"conference|course|interested in|aspir\w*|next step)\b",
    re.IGNORECASE,
)
_CAREER_LEAD = "Follow up on the career thread"
_PRAISED = re.compile(r"^(.+?) praised .+? on \d{4}-\d{2}-\d{2}:")
_LABEL = re.compile(r"^[A-Z][\w ]{0,20}:\s*")  # "Career: " before what a note says
_OPEN = {"not_started", "on_track", "at_risk", "off_track", ""}


def giver(item: ContextItem, brief: Brief) -> str:
    if item.author_id is not None and item.author_id in brief.names:
        return brief.names[item.author_id]
    named: str | None = None
    if item.record_type == "feedback":
        named = facts_of(item, FeedbackFacts).get("giver")
    elif item.record_type == "goal_update":
        named = facts_of(item, GoalUpdateFacts).get("author")
    return named or "A colleague"


def in_closed_cycle(item: ContextItem) -> bool:
    """A goal (or its key result or update) of a cycle that ended before today."""
    return goal_part_facts(item).get("cycle_state") == "closed"


# An update that names a cause or a finding, not only a number.
_FINDING = re.compile(
    r"\b(?:found|root cause|caused by|the cause|because|turns out|traced|due to|the reason)\b",
    re.IGNORECASE,
)


class _Goals:
    """Goals with their latest update, as the agenda rules see them.

    ``goals`` and ``krs`` are the current ones: a closed quarter's goals are history (``closed``),
    never a current risk, a fresh win or next quarter's plan."""

    def __init__(self, items: list[ContextItem], today: dt.date):
        self.today = today
        every = of_type(items, "goal")
        self.goals = [g for g in every if not in_closed_cycle(g)]
        self.closed = [g for g in every if in_closed_cycle(g)]
        self.krs = [k for k in of_type(items, "key_result") if not in_closed_cycle(k)]
        updates = sorted(of_type(items, "goal_update"), key=lambda u: u.date or dt.date.min)
        self.latest: dict[str, ContextItem] = {}
        self.updates: dict[str, list[ContextItem]] = {}
        for update in updates:
            ref = facts_of(update, GoalUpdateFacts).get("goal_citation")
            if ref:
                self.latest[ref] = update
                self.updates.setdefault(ref, []).append(update)

    def finding(self, goal: ContextItem) -> ContextItem | None:
        """The newest earlier update of ``goal`` that says what causes its trouble: a goal stuck
        for weeks is often stuck on what an early update found, which the latest one no longer
        repeats."""
        earlier = self.updates.get(goal.citation, [])[:-1]
        return next((u for u in reversed(earlier) if _FINDING.search(u.text)), None)

    def last_update(self, goal: ContextItem) -> tuple[dt.date | None, ContextItem | None]:
        update = self.latest.get(goal.citation)
        recorded = as_date(facts_of(goal, GoalFacts).get("last_update"))
        if update is not None and update.date and (recorded is None or update.date >= recorded):
            return update.date, update
        return recorded, None

    def is_stale(self, goal: ContextItem) -> bool:
        if (facts_of(goal, GoalFacts).get("status") or "") not in _OPEN:
            return False
        last, _ = self.last_update(goal)
        reference = last or goal.date
        return reference is not None and self.today - reference >= STALE_AFTER


def _risk_items(goals: _Goals, brief: Brief) -> list[Item]:
    ranked: list[tuple[int, Item]] = []
    for goal in goals.goals:
        facts = facts_of(goal, GoalFacts)
        state, pct = facts.get("status") or "", facts.get("progress")
        at = f" at {pct}%" if pct is not None else ""
        last, update = goals.last_update(goal)
        refs = [goal.citation] + ([update.citation] if update else [])
        if state == "off_track":
            why = (
                f" The latest update ({day(update.date)}) says: “{clause(update.text)}”."
                if (update and update.text.strip())
                else ""
            )
            ranked.append((0, Item(text=f"“{title(goal)}” is off track{at}.{why}", citations=refs)))
        elif state == "at_risk":
            why = (
                f" Latest note ({day(update.date)}): “{clause(update.text)}”."
                if (update and update.text.strip())
                else ""
            )
            ranked.append((1, Item(text=f"“{title(goal)}” is at risk{at}.{why}", citations=refs)))
        if state in ("off_track", "at_risk") and (found := goals.finding(goal)) is not None:
            item = ranked[-1][1]
            item.text += f" Earlier ({day(found.date)}) an update found: “{clause(found.text)}”."
            item.citations.append(found.citation)
        elif goals.is_stale(goal):
            since = f"since {last.isoformat()}" if last else "since it was set"
            text = (
                f"“{title(goal)}” has had no update {since}{at and ' (last seen' + at + ')'}; "
                "check whether it still matters and what the next step is."
            )
            ranked.append((2, Item(text=text, citations=refs)))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked[:PER_SECTION]]


def _win_items(goals: _Goals, items: list[ContextItem], brief: Brief) -> list[Item]:
    wins: list[Item] = []
    for goal in goals.goals:
        if facts_of(goal, GoalFacts).get("status") == "done":
            wins.append(
                Item(text=f"Celebrate “{title(goal)}”: it is done.", citations=[goal.citation])
            )
    for kr in goals.krs:
        facts = facts_of(kr, KeyResultFacts)
        current, target, start = facts.get("current"), facts.get("target"), facts.get("start")
        lower_is_better = start is not None and target is not None and target < start
        reached = (
            current is not None
            and target is not None
            and (current <= target if lower_is_better else current >= target)
        )
        if reached and current is not None and target is not None:
            unit = facts.get("unit")
            wins.append(
                Item(
                    text=f"Key result “{title(kr)}” reached {fmt_num(current)}"
                    f"{' ' + unit if unit else ''}"
                    f" against a target of {fmt_num(target)}.",
                    citations=[kr.citation],
                )
            )
    praise = [
        f
        for f in of_type(items, "feedback")
        if facts_of(f, FeedbackFacts).get("kind") == "praise"
        and f.date
        and brief.today - f.date <= RECENT_WIN
        and quotable(f)
    ]
    praised = [
        Item(
            text=f"{giver(item, brief)} praised {brief.subject_first} on {day(item.date)}: "
            f"“{quote(item, primary(item)[0], 1)}”.",
            citations=[item.citation],
        )
        for item in sorted(praise, key=lambda f: f.date or dt.date.min, reverse=True)[:2]
    ]
    # The newest praise first: it is what happened since the last 1:1, and a quarter's end can
    # mark so many targets reached that it would otherwise be pushed out.
    return [*praised, *wins][:PER_SECTION]


def _from_checkin(action: ContextItem) -> dt.date:
    """The date of the 1:1 an action item came from (its own date when the fact is missing)."""
    return (
        as_date(facts_of(action, ActionItemFacts).get("checkin_date")) or action.date or dt.date.min
    )


def _due(action: ContextItem) -> dt.date | None:
    return as_date(facts_of(action, ActionItemFacts).get("due_date"))


def _action_items(items: list[ContextItem], brief: Brief) -> list[Item]:
    open_items = [
        a
        for a in of_type(items, "action_item")
        if (facts_of(a, ActionItemFacts).get("status") or "") in ("open", "")
    ]

    last = max((_from_checkin(a) for a in open_items), default=None)

    def order(a: ContextItem) -> tuple[bool, int, int, dt.date]:
        # The last 1:1's commitments first (not hidden behind July's); then what earlier ones
        # left overdue (a fortnight late is a live topic, not one to hide behind items not yet
        # due), then the rest, long-overdue last (the tidy line below gathers those); each
        # newest 1:1 first, and within one 1:1 the earliest due first.
        due = _due(a)
        late = brief.today - due if due is not None else None
        rank = 1 if late is None or late.days <= 0 else 2 if late > LONG_OVERDUE else 0
        return (_from_checkin(a) != last, rank, -_from_checkin(a).toordinal(),
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
    newest = sum(1 for a in ranked if _from_checkin(a) == agreed_at)
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


def _feedback_items(
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


def _growth_items(items: list[ContextItem], clusters: list[Cluster], brief: Brief) -> list[Item]:
    out: list[Item] = []
    notes = [c for c in of_type(items, "checkin") if _CAREER.search(c.text)]
    for note in sorted(notes, key=lambda c: c.date or dt.date.min, reverse=True)[:1]:
        sentence = next(
            (s for s in re.split(r"(?<=[.!?])\s+", note.text) if _CAREER.search(s)), note.text
        )
        out.append(
            Item(
                text=f"{_CAREER_LEAD} from the 1:1 on {day(note.date)}: “{clause(sentence, 24)}”.",
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


def _quoted(text: str) -> str:
    found = re.search(r"“([^”]+)”", text)
    return f"“{found.group(1)}”" if found else "this"


def _questions(agenda: Agenda, items: list[ContextItem], brief: Brief) -> list[Item]:
    """Questions that name what they ask about, each short: the evidence is in the line it
    follows, and the same question for everyone is filler."""
    name = brief.subject_first
    by_citation = {i.citation: i for i in items if i.record_type != "checkin"}
    out: list[Item] = []
    # A low or falling mood has its own line; without one, the strain the notes name still
    # gets asked about.
    trend = carryover.mood_trend_item(items) or strain_item(items)
    if trend is not None:
        out.append(trend)
    returning = carryover.returning_concern_item(items, brief.today)
    if returning is not None:
        out.append(returning)
    if agenda.goals_at_risk:
        first = agenda.goals_at_risk[0]
        update = next(
            (by_citation[c] for c in first.citations[1:] if c in by_citation),
            None,
        )
        goal = _quoted(first.text)
        if update is not None and update.text.strip():
            said = obstacle(update.text) or update.text
            text = f"On {goal} the update says “{short(said)}”: what could I unblock?"
            refs = first.citations[:2]
        else:
            text = f"What is in the way of {goal}, and what could I unblock?"
            refs = first.citations[:1]
        out.append(Item(text=text, citations=refs))
    actions = {a.citation: a for a in of_type(items, "action_item")}
    first_action = next(
        (actions[i.citations[0]] for i in agenda.action_items if i.citations[0] in actions), None
    )
    if first_action is not None:
        came = _from_checkin(first_action)
        # "Our last 1:1" only when it is the last one; an older commitment is named by its date.
        which = (
            "our last 1:1"
            if came == carryover.last_checkin_date(items)
            else f"our 1:1 on {came.isoformat()}"
        )
        out.append(
            Item(
                text=f"Is “{short(first_action.text)}”, from {which}, still the right "
                "commitment, or do we re-scope or drop it?",
                citations=[first_action.citation],
            )
        )
    theme_line = next(
        (f for f in agenda.feedback_to_discuss if not f.text.startswith("For you only")), None
    )
    if theme_line is not None:
        theme = re.search(r"Recurring theme — ([^:]+):", theme_line.text)
        example = _quoted(theme_line.text)
        example = f"“{short(example[1:-1], 10)}”" if example != "this" else example
        about = (
            f"the {theme.group(1)} feedback, {example}," if theme and example != "this"
            else example if example != "this" else "this feedback"
        )  # fmt: skip
        out.append(Item(text=f"How does {about} land with you?", citations=theme_line.citations))
    named: list[Item] = []
    if agenda.wins:
        first = agenda.wins[0]
        praised = _PRAISED.match(first.text)
        win = f"the work {praised.group(1)} praised" if praised else _quoted(first.text)
        if win != "this":
            named.append(Item(text=f"What made {win} possible?", citations=first.citations))
    career = next((g for g in agenda.growth if g.text.startswith(_CAREER_LEAD)), None)
    if career is not None:
        named.append(
            Item(
                text=f"On “{_LABEL.sub('', _quoted(career.text)[1:])}: what would a first step "
                f"be, {name}, and how can I help?",
                citations=career.citations,
            )
        )
    # Carried-forward open questions come before the win and career questions.
    asked = [*out, *carryover.open_question_items(items), *named]
    # A question is put to the report, aloud: it may rest only on what they could read. One
    # quoting a manager-only remark or the manager's private note would read it to them (the
    # mood line is the exception: it states a trend and quotes nothing). The same reading as
    # the visibility marker the item will carry.
    shares = Grounding(context=items)
    return [q for q in asked if q is trend or shares.visibility_of(q, strict=False) == "shared"][:5]


def draft_agenda(items: list[ContextItem], brief: Brief) -> Agenda:
    goals = _Goals(items, brief.today)
    clusters = cluster(of_type(items, "feedback"))
    private_note = carryover.private_note_item(items)
    agenda = Agenda(
        wins=_win_items(goals, items, brief),
        goals_at_risk=_risk_items(goals, brief),
        action_items=_action_items(items, brief),
        feedback_to_discuss=_feedback_items(clusters, brief, private_note),
        growth=_growth_items(items, clusters, brief),
        questions=[],
    )
    agenda.questions = _questions(agenda, items, brief)
    # Ranked across sections once every section is drafted; the lines chosen leave their section.
    skip = [private_note] if private_note is not None else []
    agenda = top_three.open_with_top_three(agenda, items, brief.today, skip=skip)
    # The focus leads; linked evidence goes under the goals and themes it is about.
    agenda.on_focus = focus_items(items, brief)
    return link_agenda(agenda, items, clusters, brief)
