"""What the last 1:1s hand to the next one: agreed follow-ups, open questions, a low-mood trend
and the manager's own private notes, each quoted from and citing its check-in."""

from __future__ import annotations

import datetime as dt
import re

from assistant.analysis.notes import TOPICS, NoteReading, mood, read_note
from assistant.grounding import looks_like_instruction
from assistant.offline.facts import clause, day, first_sentence, of_type, split_sentences
from assistant.record_facts import CheckInFacts, facts_of
from assistant.tasks.schemas import Item
from assistant.tasks.windows import (
    CONCERN_RECENT,
    CONCERN_RETURNS_AFTER,
    LAST_CHECKINS,
    LOW_MOOD,
    MOOD_DROP,
)
from retrieval.types import ContextItem

# A canary or reference token is no sentence a manager wants read back.
_TOKEN = re.compile(r"\b[A-Z]{3,}(?:-[A-Z0-9]+)+\b")
_TOPIC_NAMES = {
    "workload": "workload",
    "time_off": "time off",
    "career": "career",
    "wellbeing": "wellbeing",
    "blocker": "a blocker",
    "conflict": "a conflict",
}


def _newest(items: list[ContextItem], part: str) -> list[ContextItem]:
    notes = [
        c
        for c in of_type(items, "checkin")
        if (facts_of(c, CheckInFacts).get("part") or "shared") == part and c.date is not None
    ]
    return sorted(notes, key=lambda c: c.date or dt.date.min, reverse=True)


def checkins(items: list[ContextItem]) -> list[ContextItem]:
    """The shared parts of the check-ins, newest first."""
    return _newest(items, "shared")


def last_checkin_date(items: list[ContextItem]) -> dt.date | None:
    dates = [c.date for c in of_type(items, "checkin") if c.date is not None]
    return max(dates) if dates else None


def speakable(unit: str) -> bool:
    return not _TOKEN.search(unit) and not looks_like_instruction(unit)


# "Career: " or "Time off: " before what a note says.
NOTE_LABEL = re.compile(r"^[A-Z][\w ]{0,20}:\s*")


def first_said(note: ContextItem, says: re.Pattern[str], unless: re.Pattern[str]) -> str | None:
    """The first line of ``note`` (a sentence, or a bullet within one) that ``says`` matches and
    ``unless`` does not, and that can be quoted (:func:`speakable`)."""
    for sentence in split_sentences(note.text):
        for unit in re.split(r"\n+", sentence):
            unit = unit.strip(" -*•\t")
            if says.search(unit) and not unless.search(unit) and speakable(unit):
                return unit
    return None


# How a note says "when" or "we agreed" is not what was agreed.
_FRAME = frozenset(
    [
        "agreed",
        "agree",
        "will",
        "shall",
        "next",
        "week",
        "weeks",
        "month",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "tomorrow",
        "soon",
        "later",
        "before",
        "after",
        "then",
        "also",
    ]
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()) if w not in _FRAME}


def _recorded(unit: str, actions: list[ContextItem]) -> bool:
    """True when an action item already says most of what ``unit`` says (the 1:1's follow-up
    was written down as an action item: the agenda lists it once)."""
    words = _words(unit)
    return bool(words) and any(len(words & _words(a.text)) >= 0.6 * len(words) for a in actions)


def last_shared_date(items: list[ContextItem]) -> dt.date | None:
    """The date of the last 1:1 with shared notes (the one follow-ups are carried from)."""
    newest = checkins(items)[:1]
    return newest[0].date if newest else None


# Agreed points of one 1:1 quoted in its single line, and the words each keeps: a note rarely
# agrees more than three things, and one line per 1:1 keeps a busy note from filling the section.
MAX_FOLLOW_UPS = 3
_FOLLOW_UP_WORDS = (24, 16, 12)


def follow_up_items(items: list[ContextItem]) -> list[Item]:
    """What the latest check-in agreed to follow up or revisit, unless an action item has it:
    one line quoting each such point."""
    actions = of_type(items, "action_item")
    out: list[Item] = []
    for note in checkins(items)[:1]:
        units = [
            u for u in read_note(note.text).follow_ups if speakable(u) and not _recorded(u, actions)
        ][:MAX_FOLLOW_UPS]
        if not units:
            continue
        words = _FOLLOW_UP_WORDS[len(units) - 1]
        quoted = "; ".join(f"“{in_context(note.text, u, words)}”" for u in units)
        it = "it stands" if len(units) == 1 else "each stands"
        out.append(
            Item(
                text=f"Carried over from the 1:1 on {day(note.date)}: {quoted} — check where {it}.",
                citations=[note.citation],
            )
        )
    return out


_CONCERNS = ("workload", "wellbeing", "blocker", "conflict")
# Words two notes must share beyond the usual ones: "on-call", "night", "pages" is a concern
# coming back; "team", "sprint", "week" is any two 1:1s.
_SHARED_WORDS = 3


def _sentences(text: str) -> list[str]:
    return [u.strip() for u in re.split(r"(?<=[.!?])\s+|\n", text) if u.strip()]


def returning_concern_item(items: list[ContextItem], today: dt.date) -> Item | None:
    """A concern a recent 1:1 raised that a 1:1 at least half a year earlier raised in the same
    words, quoting both. Shared words are counted among those few notes use (a word in more than
    a fifth of the notes is the team's vocabulary, not the concern's)."""
    notes = checkins(items)
    if len(notes) < 2:
        return None
    counts: dict[str, int] = {}
    for note in notes:
        for word in _words(note.text):
            counts[word] = counts.get(word, 0) + 1
    common = max(2, len(notes) // 5)

    def rare(text: str) -> set[str]:
        return {w for w in _words(text) if counts.get(w, 0) <= common}

    for note in notes:
        if note.date is None or today - note.date > CONCERN_RECENT:
            break
        if not any(t in _CONCERNS for t in read_note(note.text).topics):
            continue
        for unit in _sentences(note.text):
            words = rare(unit)
            if not speakable(unit) or len(words) < _SHARED_WORDS:
                continue
            earlier = [
                (len(words & rare(u)), old, u)
                for old in notes
                if old.date is not None and note.date - old.date >= CONCERN_RETURNS_AFTER
                for u in _sentences(old.text)
                if speakable(u)
            ]
            best = max(
                earlier, key=lambda e: (e[0], -(e[1].date or today).toordinal()), default=None
            )
            if best is None or best[0] < _SHARED_WORDS:
                continue
            _, old, old_unit = best
            return Item(
                text=f"Raised again: the 1:1 on {day(note.date)} noted “{clause(unit, 20)}”, and "
                f"the one on {day(old.date)} “{clause(old_unit, 20)}”. What has changed since, "
                "and what would settle it this time?",
                citations=[note.citation, old.citation],
            )
    return None


# A named subject: a capitalised word after the first ("Meridian", "Jordan") or a system's
# hyphenated name ("usage-metering", "auth-gateway").
_NAMED = re.compile(r"(?<=\S)\s+[A-Z][a-z]|[a-z]+-[a-z]+")
_BOUNDARY = re.compile(r"[\n.!?;]")


def in_context(text: str, unit: str, max_words: int) -> str:
    """``unit`` of the note ``text``, fit to quote, with the line before it when it names nothing
    itself: "No decision yet, both of us to think" is quoted as "Spent most of the half hour on
    usage-metering. No decision yet, both of us to think", and "we'll look at it again next
    time" with the Meridian clause it ends (fact-check 2026-12-01: both were quoted bare)."""
    start = text.find(unit)
    if start < 0 or _NAMED.search(unit):
        return clause(unit, max_words)
    before = text[:start].rstrip(" \n-*•\t")
    if "\n" in text[len(before) : start]:
        return clause(unit, max_words)  # another bullet: its own point, and no verbatim join
    ends = before[-1:] if before[-1:] in (".", "!", "?", ";") else ""
    before = before.rstrip(".!?;")
    cut = max((m.end() for m in _BOUNDARY.finditer(before)), default=0)
    previous = before[cut:].strip(" -*•\t\n")
    if not previous or not speakable(previous):
        return clause(unit, max_words)
    # The unit keeps its capital after a full stop; after a semicolon it was mid-sentence.
    joint = "; " if ends == ";" else ". "
    return f"{clause(previous, max_words)}{joint}{first_sentence(unit, max_words).rstrip('.!')}"


def open_question_items(items: list[ContextItem]) -> list[Item]:
    """Questions the last check-ins left open, newest first, each once."""
    out: list[Item] = []
    seen: set[str] = set()
    for note in checkins(items)[:LAST_CHECKINS]:
        for unit in read_note(note.text).open_questions:
            key = unit.lower()
            if key in seen or not speakable(unit):
                continue
            seen.add(key)
            out.append(
                Item(
                    text=f"Left open at the 1:1 on {day(note.date)}: "
                    f"“{in_context(note.text, unit, 24)}” — "
                    "is there an answer now?",
                    citations=[note.citation],
                )
            )
    return out


def mood_of(note: ContextItem) -> int | None:
    stated = facts_of(note, CheckInFacts).get("mood")
    return stated if stated is not None else mood(note.text)


def cues(text: str, topic: str) -> list[str]:
    """The words of ``text`` that name ``topic``, to whole words ("context switch" →
    "context switching"), in order."""
    out: list[str] = []
    for found in TOPICS[topic].finditer(text):
        end = found.end()
        while end < len(text) and text[end].isalpha():
            end += 1
        out.append(text[found.start() : end].lower())
    return out


def mood_trend_item(items: list[ContextItem]) -> Item | None:
    """A low mood (≤ 2) at each of the last two check-ins, or a fall of MOOD_DROP points or more
    between them, with what both notes name (for a fall, what the latest names)."""
    last = checkins(items)[:LAST_CHECKINS]
    moods = [mood_of(n) for n in last]
    if len(last) < LAST_CHECKINS or any(m is None for m in moods):
        return None
    newer, older = (m or 0 for m in moods)
    low = all((m or 0) <= LOW_MOOD for m in moods)
    if not low and older - newer < MOOD_DROP:
        return None
    readings: list[NoteReading] = [read_note(n.text) for n in last]
    dates = " and ".join(day(n.date) for n in reversed(last))
    if low:
        common = [t for t in readings[0].topics if t in readings[1].topics and t in _TOPIC_NAMES]
        said = f"was {newer}" if newer == older else f"was {older} then {newer}"
        text = f"Mood {said} at the last two 1:1s ({dates})"
        if common:
            new_cues, old_cues = (cues(n.text, common[0]) for n in last)
            shared = [c for c in new_cues if c in old_cues]
            text += f"; both notes name {f'“{shared[0]}”' if shared else _TOPIC_NAMES[common[0]]}"
    else:
        text = f"Mood fell from {older} to {newer} between the last two 1:1s ({dates})"
        named = [t for t in readings[0].topics if t in _TOPIC_NAMES]
        if named:
            found = cues(last[0].text, named[0])
            text += (
                f"; the latest note names {f'“{found[0]}”' if found else _TOPIC_NAMES[named[0]]}"
            )
    text += ". How are you doing, and what would make the load lighter?"
    return Item(text=text, citations=[n.citation for n in last])


def private_note_item(items: list[ContextItem]) -> Item | None:
    """The manager's own private note from the last check-ins, quoted for them alone (the
    pipeline marks the item private because it repeats the private words). A note with a risk
    flag (flight, burnout) comes first."""
    recent = {c.date for c in checkins(items)[:LAST_CHECKINS]}
    notes = [n for n in _newest(items, "private") if not recent or n.date in recent]
    best: tuple[ContextItem, str] | None = None
    for note in notes:
        units = [u for u in re.split(r"(?<=[.!?])\s+|\n", note.text) if u.strip()]
        flagged = [u for u in units if speakable(u) and _flagged(u)]
        if flagged:
            best = (note, flagged[0])
            break
        if best is None:
            plain = [u for u in units if speakable(u)]
            if plain:
                best = (note, plain[0])
    if best is None:
        return None
    note, unit = best
    return Item(
        text=f"For you only — your private note from the 1:1 on {day(note.date)}: "
        f"“{clause(unit, 24)}”. Decide whether and how to raise it.",
        citations=[note.citation],
    )


_RISK_WORDS = re.compile(r"flight risk|burn-?out|retention risk|might leave|may leave", re.I)


def _flagged(unit: str) -> bool:
    return bool(read_note(unit).flags) or bool(_RISK_WORDS.search(unit))
