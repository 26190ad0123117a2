"""Workload and wellbeing the last 1:1s mention without a low mood: "Evenings creeping in again
because of the ledger rewrite", "Said she is tired", quoted with how the mood moved.

A mood that is low twice or falls sharply has its own line (``carryover.mood_trend_item``); this
one is for the quieter signal a careful manager still raises: the words were said, the mood
slipped a point, and nothing in the agenda asked about it.
"""

from __future__ import annotations

import re

from assistant.offline.carryover import checkins, first_said, mood_of
from assistant.offline.facts import clause, day
from assistant.tasks.schemas import Item
from assistant.tasks.windows import RECOVERED_MOOD, STRAIN_CHECKINS
from retrieval.types import ContextItem

# The line starts with this: the top three scores it by its lead (a question citing several
# 1:1s is otherwise read as a mood trend).
WELLBEING_LEAD = "Load and wellbeing"

# Words that say the load or the person is strained. "Busy" or "a heavy sprint" is any month;
# evenings, working weekends and tiredness are the cost showing ("a long weekend" is time off).
_STRAIN = re.compile(
    r"(?<![\w-])(?:tired|tiring|exhausted|exhausting|exhaustion|drained|worn out|run down"
    r"|stressed|stressful|overwhelmed|burn(?:ed|t|ing)? ?out|evenings?|late nights?"
    r"|(?:working|worked|every|on|over) (?:the )?weekends?|weekends again"
    r"|working late|long hours|can't switch off|cannot switch off|not sleeping|swamped"
    r"|drowning|stretched thin|overloaded|too much on)(?![\w-])",
    re.IGNORECASE,
)
# "not tired", "no late nights", "Load is OK": said to rule the strain out.
_DENIED = re.compile(
    r"(?<![\w-])(?:not|no|never|isn't|wasn't|aren't|without|fewer|less)\s+(?:\w+\s+)?"
    r"(?:tired|tiring|exhausted|drained|stressed|overwhelmed|evenings?|late nights?|weekends?"
    r"|working late|long hours|swamped|overloaded)",
    re.IGNORECASE,
)
# A note says this many strains at most in the line: more is a list, not a signal.
_QUOTES = 2


# The question a recovered mood asks; top_three.py reads it to leave such a line in its section.
RECOVERY_ASK = "Is the load lighter for good, or could it come back?"


def strain_item(items: list[ContextItem]) -> Item | None:
    """The strain the last STRAIN_CHECKINS shared notes name (one sentence each, newest first)
    and the mood across those 1:1s, or None when none names any."""
    notes = checkins(items)[:STRAIN_CHECKINS]
    said = [(n, s) for n in notes if (s := first_said(n, _STRAIN, _DENIED)) is not None][:_QUOTES]
    if not said:
        return None
    quoted = "; ".join(f"{day(n.date)}: “{clause(s, 16)}”" for n, s in said)
    moods = [(n, m) for n in reversed(notes) if (m := mood_of(n)) is not None]
    cited = [n for n, _ in said]
    trend = ""
    ask = "How is the load now?"
    if moods:
        (first, was), (last, now) = moods[0], moods[-1]
        if now > was and now >= RECOVERED_MOOD:
            # Read as a slide ("Mood 1 …, 4 …") it would alarm; the words were still said, so
            # the manager checks the recovery holds rather than skipping it.
            trend = f" Mood up from {was} on {day(first.date)} to {now} on {day(last.date)}."
            ask = RECOVERY_ASK
            cited += [first, last]
        elif was != now:
            trend = f" Mood {was} on {day(first.date)}, {now} on {day(last.date)}."
            cited += [first, last]
        else:
            trend = f" Mood {now} at each."
            cited += [n for n, _ in moods]
    return Item(
        # Short fixed words: the quotes and dates are what differ from one person to the next.
        text=f"{WELLBEING_LEAD} — {quoted}.{trend} {ask}",
        citations=list(dict.fromkeys(n.citation for n in cited)),
    )


__all__ = ["RECOVERY_ASK", "WELLBEING_LEAD", "strain_item"]
