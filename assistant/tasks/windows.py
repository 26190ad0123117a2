"""Every time window and priority weight the tasks rank records by, in one place.

Packing (assistant/tasks/context.py) and the offline drafters (assistant/offline/) read these
names; each says why it has its value. Changing one changes drafts: the draft cache key covers
this module's source (assistant/tasks/fingerprint.py), so no version needs bumping by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

# --- packing a 1:1 agenda to a token budget (assistant/tasks/context.py) -------------------------

# Feedback this recent is what the next 1:1 talks through: about six weeks, three fortnightly 1:1s.
FEEDBACK_RECENT: Final = dt.timedelta(days=45)
# Feedback up to about four months old is still this quarter's story; older is history.
FEEDBACK_OLDER: Final = dt.timedelta(days=120)
# The age given to an undated record: older than every window, so it packs last among its kind.
UNDATED_AGE_DAYS: Final = 10_000

# Packing ranks for the agenda (lower packs first). Open work and the latest news come first,
# what happened last quarter after, closed work last: a 30-minute 1:1 is about what is open.
RANK_OPEN_GOAL: Final = 0  # an open goal is the agenda's spine
RANK_OPEN_ACTION: Final = 0  # open action items are what was promised last time
RANK_LATEST_UPDATE: Final = 0  # a goal's latest update says where it stands now
RANK_LAST_CHECKIN: Final = 1  # the last 1:1 is what this one follows on from
RANK_RECENT_FEEDBACK: Final = 1  # within FEEDBACK_RECENT: worth discussing now
RANK_KEY_RESULT: Final = 2  # detail of a goal, read after the goals themselves
RANK_OLDER_FEEDBACK: Final = 2  # within FEEDBACK_OLDER: context for recent feedback
RANK_CLOSED_GOAL: Final = 3  # done or dropped: a win to mention, not to work on
RANK_OLDER_CHECKIN: Final = 4  # earlier 1:1s: their follow-ups are in the action items
RANK_OLDER_UPDATE: Final = 5  # superseded by the goal's latest update
RANK_OLD_FEEDBACK: Final = 5  # beyond FEEDBACK_OLDER: history
RANK_CLOSED_ACTION: Final = 6  # done or dropped action items need no time at all

# --- the offline agenda (assistant/offline/agenda*.py) ------------------------------------------

# A goal with no update for three weeks is stale: more than one fortnightly 1:1 without news.
STALE_AFTER: Final = dt.timedelta(days=21)
# Praise within two months is a win to celebrate; older praise has been celebrated already.
RECENT_WIN: Final = dt.timedelta(days=60)
# An action item a month overdue is one to close or drop rather than chase again.
LONG_OVERDUE: Final = dt.timedelta(days=30)
# Praise of the last fortnight is what a person remembers when they reflect: a self-reflection
# hears it even when older, heavier themes fill the section.
HEARD_RECENTLY: Final = dt.timedelta(days=14)

# --- check-ins: carry-over and mood (assistant/offline/carryover.py, coaching.py) ---------------

# The last two 1:1s hand follow-ups to the next one; older ones were followed up already.
LAST_CHECKINS: Final = 2
# A mood of 2 or less (of 5) is low: the scale's bottom two steps.
LOW_MOOD: Final = 2
# A low mood this recent (the same six weeks as recent feedback) is a coaching situation.
LOW_MOOD_RECENT: Final = dt.timedelta(days=45)
# A check-in with no mood recorded counts as the top of the scale: silence is no low mood.
MOOD_UNKNOWN: Final = 5
# A concern (workload, wellbeing, a blocker, a conflict) raised at a 1:1 of the last two months
# that an earlier 1:1, at least half a year before, raised in the same words has come back: the
# earlier fix did not hold, which is worth saying rather than treating it as new.
# Workload or wellbeing said at one of the last three 1:1s ("said she is tired" six weeks ago,
# "evenings creeping in" now) is one story a manager should ask about, low mood or not.
STRAIN_CHECKINS: Final = 3
# A mood risen to 4 or more (of 5) is a recovery: the scale's top two steps.
RECOVERED_MOOD: Final = 4
# Time off a 1:1 more than six weeks ago called coming ("away the week after next") has been
# taken by now: three fortnightly 1:1s later there is no cover left to plan.
TIME_OFF_STALE: Final = dt.timedelta(days=42)
CONCERN_RECENT: Final = dt.timedelta(days=60)
CONCERN_RETURNS_AFTER: Final = dt.timedelta(days=180)

# --- the order of coaching suggestions (assistant/offline/coaching.py; lower comes first) ---------

# A goal at risk first (it has a deadline), then a low mood (the person before the work), then
# overdue promises, then a stale goal; feedback themes after the situations; a stretch built on
# a strength after that; the "latest record" fallback only when fewer than three were found.
COACH_GOAL_AT_RISK: Final = 0
COACH_LOW_MOOD: Final = 1
COACH_OVERDUE_ACTIONS: Final = 3
COACH_STALE_GOAL: Final = 5
COACH_FEEDBACK_THEME: Final = 10  # plus the theme's rank among the negative themes
COACH_FEEDBACK_THEMES: Final = 2  # at most this many negative themes become suggestions
COACH_STRENGTH_STRETCH: Final = 20
COACH_STRENGTHS: Final = 1  # at most this many strengths become suggestions of their own
# Words a coaching suggestion (its step, why and opener) may take: read in half a minute. Quotes
# are shortened to fit, never the counts, names or dates.
COACH_WORDS: Final = 85
COACH_FALLBACK: Final = 30

# --- the agenda's top three (assistant/offline/top_three.py; higher comes first) ----------------

# What an agenda line is about sets its urgency; its evidence (how many people, how recent, how
# long ignored) adds to it. The agenda opens with the three highest, at most one per section so
# the three cover different ground, and only lines that reach TOP_MIN_SCORE: a quiet month opens
# with fewer than three rather than with filler.
TOP_THREE: Final = 3
TOP_PER_SECTION: Final = 1
TOP_MIN_SCORE: Final = 40
# A promise made at the last 1:1 and already missed: the report will notice whether it comes up.
TOP_OVERDUE_LAST_CHECKIN: Final = 90
# A current goal off track has a deadline that will not move by itself.
TOP_GOAL_OFF_TRACK: Final = 80
# Low at the last two 1:1s (or a fall of MOOD_DROP points between them): the person before the work.
TOP_MOOD_LOW: Final = 80
TOP_MOOD_DROP: Final = 70
# Strain the last 1:1s named (evenings, tiredness) with no low mood yet: asked before it is one.
TOP_WELLBEING: Final = 50
# The same strain with the mood since risen to RECOVERED_MOOD: worth checking, not opening with
# (below TOP_MIN_SCORE, so it stays among the questions).
TOP_WELLBEING_RECOVERED: Final = 30
# A current goal at risk: still recoverable, so worth the time now.
TOP_GOAL_AT_RISK: Final = 65
# The same criticism from several people is a pattern, not one person's view.
TOP_REPEATED_CRITICISM: Final = 60
TOP_PER_EXTRA_GIVER: Final = 5  # each giver beyond the second adds this …
TOP_EXTRA_GIVERS_CAP: Final = 4  # … for at most this many givers
TOP_SINGLE_CRITICISM: Final = 30  # one person's remark: worth hearing, rarely the top
# A promise from an earlier 1:1, overdue; one a month overdue is a "close or drop?" tidy-up.
TOP_OVERDUE: Final = 55
TOP_LONG_OVERDUE: Final = 35
TOP_DUE_SOON: Final = 25  # open, not yet due
# Praise since the last 1:1 is news worth recognising; older praise in RECENT_WIN less so.
TOP_RECENT_WIN: Final = 50
TOP_OLDER_WIN: Final = 30
TOP_GOAL_DONE: Final = 40  # a current goal done or a key result reached
# A stale goal matters more the longer it is ignored: points per week beyond STALE_AFTER.
TOP_GOAL_STALE: Final = 45
TOP_PER_STALE_WEEK: Final = 2
TOP_STALE_WEEKS_CAP: Final = 8
# What the last 1:1 agreed to come back to, and the career thread it opened.
TOP_FOLLOW_UP: Final = 45
TOP_CAREER: Final = 35
TOP_GROWTH_STEP: Final = 20  # a development step or a strength to build on: the section's job
# Evidence dated since the last 1:1 is what this 1:1 has not talked about yet.
TOP_SINCE_LAST_CHECKIN: Final = 10
# A fall of this many points (of 5) between the last two 1:1s is a mood drop.
MOOD_DROP: Final = 2

# --- coaching built from the evidence (assistant/offline/coach_evidence.py) ---------------------

# Feedback is "about" an open goal or action item when they share this many content words (four
# letters or more, beyond the common ones): one shared word is coincidence, two is a topic.
COACH_LINK_WORDS: Final = 2
