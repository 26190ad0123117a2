"""Coaching suggestions built from feedback: what was said (the sentence that carries each claim,
quoted, with who and when), the pattern (how many pieces from how many people over which dates,
and whether the theme turned the other way), a next step taken from the evidence where it names
one (a colleague's proposal, the goal or action item the feedback is about) and an opener that
fits: criticism opens with a question about what was observed, praise with what was praised —
and praise read with little confidence with a question, not a thank-you.

Every count is of the records cited, every name and date is in them (the grounding check holds
the drafter to that), and the playbook (``assistant/tasks/playbook.yaml``) supplies the move only
where the evidence names no step of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.offline.clusters import Cluster, earlier_opposite, later_opposite
from assistant.offline.coach_evidence import ask_of, linked_work
from assistant.offline.facts import day, giver, plural, short, title
from assistant.offline.goal_view import Goals
from assistant.offline.sentences import quotable
from assistant.tasks.brief import Brief
from assistant.tasks.playbook import load_playbook
from assistant.tasks.schemas import MAX_CITATIONS, Suggestion
from assistant.tasks.windows import COACH_WORDS
from retrieval.types import ContextItem

# How a theme's records are quoted, best first: (records quoted one by one, words per quote). A
# claim is quoted in full as a rule (the sentence is the evidence); when a suggestion would pass
# COACH_WORDS, fewer records are quoted before quotes are cut so short they lose their meaning.
LAYOUTS = ((3, 16), (2, 16), (3, 12), (2, 12), (1, 24), (1, 16), (1, 12), (1, 9), (1, 6))
# Praise read with less confidence than this opens with a question, not a thank-you: thanking
# someone for a sentence that may be criticism is worse than asking about it.
SURE_PRAISE = 0.7
# A theme's records cited, leaving room for the record that shows its turn and a linked goal.
THEME_CITES = MAX_CITATIONS - 2
ALSO_THEMES = 3  # themes one "also raised / also praised" suggestion can quote within COACH_WORDS
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def fitted(make: Callable[[int, int], Suggestion], one: bool = False) -> Suggestion:
    """``make(shown, words)`` in the first of LAYOUTS that keeps the suggestion within
    COACH_WORDS (only the one-record layouts when ``one``: there is one record to quote)."""
    layouts = [layout for layout in LAYOUTS if layout[0] == 1 or not one]
    for shown, words in layouts:
        made = make(shown, words)
        if len(_WORD.findall(" ".join([made.text, made.why, made.opener]))) <= COACH_WORDS:
            return made
    return made


def who(item: ContextItem, brief: Brief) -> str:
    """Who gave ``item``, as the manager reading the suggestion would say it."""
    return "you" if item.author_id == brief.requester_id else giver(item, brief)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def listed(names: Sequence[str]) -> str:
    """ "A, B and C"; past three, "A, B, C and others" (a count would not be grounded)."""
    if len(names) > 3:
        return f"{', '.join(names[:3])} and others"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def _said(group: Cluster, item: ContextItem, brief: Brief, words: int) -> str:
    """ "Zara Okafor on 2026-10-20: “late to stand-up most days”" (a record that may not be
    quoted is named, not quoted)."""
    head = f"{who(item, brief)} on {day(item.date)}"
    return f"{head}: “{group.quote(item, words)}”" if quotable(item) else head


def _pattern(
    group: Cluster, brief: Brief, what: str, shown: int, words: int, counted: bool = True
) -> str:
    """What happened and how often: one record quoted whole; several counted (records, people,
    dates) with the newest ``shown`` quoted, oldest first so the course reads in order."""
    if len(group.items) == 1:
        return capital(_said(group, group.items[0], brief, words))
    quoted = "; ".join(_said(group, i, brief, words) for i in group.items[-shown:])
    # Counted, then the newest quoted: a count of the records left unquoted would be no count
    # of what is cited, which the grounding check could not verify. Counts must equal the cited
    # feedback or its givers, so when another record of feedback is cited too (the theme's
    # turn) the givers are named instead.
    if counted:
        lead = (
            f"{plural(len(group.items), 'piece')} of {what} {group.theme.label} from "
            f"{plural(len(group.givers), 'person', 'people')}"
        )
    else:
        names = list(dict.fromkeys(who(i, brief) for i in reversed(group.items)))
        lead = f"{capital(what)} {group.theme.label} from {listed(names)}"
    return f"{lead}, {day(group.first)} to {day(group.last)} — {quoted}"


def _turn(
    group: Cluster, clusters: list[Cluster], brief: Brief, words: int
) -> tuple[str, list[ContextItem]]:
    """The other side of the same theme, when it came later (or, for praise, earlier): the
    course of the theme, said as a change, and the records that show it."""
    after = later_opposite(group, clusters)
    if after is not None:
        latest = after.items[-1]
        return f". Since then, {_said(after, latest, brief, words * 2 // 3)}", [latest]
    before = earlier_opposite(group, clusters)
    if before is not None:
        oldest = before.items[0]
        since = "it has since improved" if group.polarity > 0 else "the newer feedback has turned"
        return f". Earlier, {_said(before, oldest, brief, words * 2 // 3)}; {since}", [oldest]
    return "", []


def _refs(*groups: Sequence[ContextItem]) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item.citation, None)
    return list(seen)[:MAX_CITATIONS]


def criticism(
    group: Cluster, clusters: list[Cluster], goals: Goals, items: list[ContextItem], brief: Brief
) -> Suggestion:
    group = group.recent(THEME_CITES)  # every record counted is cited
    name, label = brief.subject_first, group.theme.label
    asked = ask_of(group)
    work = linked_work(group, goals.goals, items)
    latest = group.latest_quotable()

    def make(shown: int, words: int) -> Suggestion:
        turn, turned = _turn(group, clusters, brief, words)
        why = f"{_pattern(group, brief, 'feedback on', shown, words, not turned)}{turn}."
        if asked is not None:
            step = f"Start from what {who(asked, brief)} proposed: “{group.quote(asked, words)}”"
        else:
            step = load_playbook().for_theme(group.theme.key).fill(name=name, label=label).move
            step = step.rstrip(".")
        if work is not None:
            step += f", and try it first on “{short(title(work), 10)}”"
        if latest is None:
            opener = f"How do you see your {label} lately?"
        elif len(group.givers) > 1:
            recent = short(group.quote(latest), 10)
            opener = f"Several people raised {label}, most recently “{recent}”. What is your view?"
        else:
            opener = f"About “{short(group.quote(latest), 10)}”: how did you see it?"
        refs = _refs(group.items, turned, [work] if work else [])
        return Suggestion(text=f"{step}.", why=why, opener=opener, citations=refs)

    return fitted(make, len(group.items) == 1)


def praise(
    group: Cluster, clusters: list[Cluster], goals: Goals, items: list[ContextItem], brief: Brief
) -> Suggestion:
    group = group.recent(THEME_CITES)  # every record counted is cited
    name, label = brief.subject_first, group.theme.label
    latest = group.latest_quotable()
    work = linked_work(group, goals.goals, items)

    def make(shown: int, words: int) -> Suggestion:
        turn, turned = _turn(group, clusters, brief, words)
        why = f"{_pattern(group, brief, 'praise for', shown, words, not turned)}{turn}."
        refs = _refs(group.items, turned, [work] if work else [])
        if latest is None:
            move = load_playbook().situations["strength_stretch"].fill(name=name, label=label)
            return Suggestion(text=move.move, why=why, opener=move.opener, citations=refs)
        said = short(group.quote(latest), min(words, 10))
        praised_by = who(latest, brief)
        if work is not None:
            text = (
                f"Let {name} lead on “{short(title(work), 10)}”, building on the {label} "
                f"{praised_by} saw."
            )
        else:
            text = (
                f"Tell {name} what {praised_by} saw — “{said}” — and agree where their {label} "
                "is needed next."
            )
        if group.sure(latest, SURE_PRAISE):
            opener = f"Thank you for “{said}”. Where could that help next?"
        else:
            opener = f"{capital(praised_by)} wrote “{said}” — how did you see it?"
        return Suggestion(text=text, why=why, opener=opener, citations=refs)

    return fitted(make, len(group.items) == 1)


def _labels(labels: Sequence[str], last: str) -> str:
    """Theme labels as a list; labels hold "and" themselves, so the last joins with ``last``."""
    return f"{', '.join(labels[:-1])} {last} {labels[-1]}" if len(labels) > 1 else labels[0]


def also(groups: list[Cluster], brief: Brief, taken: set[str]) -> Suggestion | None:
    """The themes of one tone that have no suggestion of their own, each with its newest record
    not already cited (``taken``) quoted: the manager sees all of it, and the report chooses
    where to start. None when every record is cited already."""
    name = brief.subject_first
    found: list[tuple[Cluster, ContextItem]] = []
    for group in groups:
        # Praise is named back to someone only when it was surely praise.
        fresh = [
            i
            for i in group.items
            if i.citation not in taken and (group.polarity < 0 or group.sure(i, SURE_PRAISE))
        ]
        if fresh and len(found) < ALSO_THEMES:
            found.append((group, fresh[-1]))
    if not found:
        return None

    def make(count: int, words: int) -> Suggestion:
        shown = found[:count]
        said = "; ".join(f"{g.theme.label} ({_said(g, i, brief, words)})" for g, i in shown)
        labels = [g.theme.label for g, _ in shown]
        if shown[0][0].polarity < 0 and len(labels) == 1:
            why = f"Also raised: {said}."
            text = f"Ask {name} whether {labels[0]} needs a step of its own."
            opener = f"How do you see your {labels[0]} lately?"
        elif shown[0][0].polarity < 0:
            why = f"Also raised: {said}."
            text = (
                f"Ask {name} which to work on first — {_labels(labels, 'or')} — and agree one step."
            )
            opener = f"Of {_labels(labels, 'and')}, which matters most to you right now?"
        else:
            why = f"Also praised: {said}."
            text = f"Name these back to {name} at the next 1:1: {_labels(labels, 'and')}."
            opener = f"People noticed your {_labels(labels, 'and')}. Which do you enjoy most?"
        return Suggestion(text=text, why=why, opener=opener, citations=_refs([i for _, i in shown]))

    made = fitted(make, len(found) == 1)
    taken.update(made.citations)
    return made
