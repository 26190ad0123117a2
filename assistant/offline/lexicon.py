"""A small theme lexicon: how the offline drafter clusters feedback without a model.

Each theme has the words people use when they talk about it, and the phrases the drafter uses to
describe it as a strength or as a growth area. Matching is on whole words and short phrases,
case-insensitive; a record is assigned the theme with the most hits (ties: lexicon order), and
"general" when nothing matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Theme:
    key: str
    label: str  # "code review"
    strength: str  # completes "... is valued for {strength}"
    growth: str  # completes "... could grow by {growth}"
    keywords: tuple[str, ...]


def _t(key: str, label: str, strength: str, growth: str, words: str) -> Theme:
    return Theme(key, label, strength, growth, tuple(w.strip() for w in words.split(",")))


# fmt: off
THEMES: tuple[Theme, ...] = (
    _t("code_review", "code review", "careful, timely code reviews that raise the bar",
       "making reviews faster and more collaborative",
       "code review, review comment, review turnaround, reviewed, reviewer, reviewing, pr, prs,"
       " pull request, merge, approv, tests, branch, edge case, off-by-one, refactor"),
    _t("incident_response", "incident response", "steady, well-communicated incident handling",
       "communicating earlier and asking for help sooner during incidents",
       "incident, outage, on-call, oncall, postmortem, pager, paging, rollback, rolled back,"
       " degraded, latency spike, retro, mitigat, fix forward, alert"),
    _t("documentation", "documentation", "clear writing that others rely on",
       "writing decisions and runbooks down as part of done",
       "documentation, docs, doc, documented, readme, wiki, runbook, decision record, write-up,"
       " wrote up, write things down, faq, onboarding guide, handover note, diagram"),
    _t("ownership", "ownership", "owning problems end to end",
       "following through on commitments and closing loops",
       "ownership, owned, owns, follow-through, followed through, follow up, followed up, drove,"
       " accountab, dropped the ball, commitment, committed, promised, loose end,"
       " half-finished, without being asked, end to end"),
    _t("collaboration", "collaboration", "generous, low-ego collaboration",
       "involving others earlier and sharing context more openly",
       "collaborat, pair, together, helped, teammate, cross-team, unblock, partnered, alone,"
       " silo, stayed late, staying late, jumped in, across three teams, consuming teams,"
       " other teams"),
    _t("stakeholder_comms", "stakeholder communication",
       "keeping stakeholders informed and expectations clear",
       "giving stakeholders earlier, clearer updates",
       "stakeholder, status update, update, status, expectation, communicat, heads-up, escalat,"
       " leadership, surprise, informed, in the loop, jargon, explained, flagged early,"
       " say early, news, announced, people affected, channel, nervous"),
    _t("planning", "planning and prioritisation", "realistic plans and sharp prioritisation",
       "scoping work realistically and flagging slips early",
       "planning, plan, estimat, scope, scoping, prioriti, roadmap, sprint, milestone, timeline,"
       " overcommit, buffer, sequenc, slip, dependenc, delay"),
    _t("mentoring", "mentoring", "investing in other people's growth",
       "making more time to coach and develop others",
       "mentor, coach, new joiner, new hire, onboarded, taught, teach, junior, career,"
       " lunch-and-learn, struggle, stepping in, step in, intern, stretch task"),
    _t("facilitation", "meeting facilitation", "running focused, inclusive meetings",
       "keeping meetings focused and making room for quieter voices",
       "meeting, facilitat, agenda, ran the, workshop, discussion, standup, time-box, timebox,"
       " moderat, debate, overrun, quieter, decision, deck, owner and a date"),
    _t("analysis", "analysis", "rigorous analysis people can act on",
       "stating assumptions and confidence more clearly in analyses",
       "analys, analyz, dashboard, data, metric, query, queries, experiment, sql, forecast,"
       " cohort, assumption, confidence interval"),
    _t("design_craft", "design craft", "thoughtful, polished design work",
       "sharing work in progress earlier to get feedback sooner",
       "design, prototype, figma, mockup, visual, interaction, accessib, ux, component,"
       " critique, polish"),
    _t("research", "user research", "research that brings the user's voice into decisions",
       "turning research into clearer recommendations",
       "research, interview, usability, participant, synthes, insight, users, survey"),
    _t("customer", "customer focus", "real care for customers and their outcomes",
       "setting clearer expectations with customers",
       "customer, client, renewal, account, deal, demo, onboarding call, churn, support ticket,"
       " frustrated, patience, admin at"),
)
# fmt: on
GENERAL = Theme(
    "general",
    "general contribution",
    "consistent, dependable contribution",
    "agreeing clearer expectations",
    (),
)
BY_KEY: dict[str, Theme] = {t.key: t for t in (*THEMES, GENERAL)}

POSITIVE = (
    "great",
    "thanks",
    "thank you",
    "excellent",
    "impressive",
    "clear",
    "calm",
    "helpful",
    "saved",
    "appreciated",
    "love",
    "well done",
    "brilliant",
    "kindly",
    "careful",
    "rare",
)
NEGATIVE = (
    "broke",
    "missed",
    "late",
    "quiet",
    "without",
    "dismissive",
    "half-finished",
    "skipped",
    "instead of",
    "still isn't",
    "waiting",
    "confusing",
    "frustrat",
    "slipped",
    "no update",
    "unclear",
    "surprised",
    "blocked",
)


def _alternative(phrase: str) -> str:
    # Words of four letters or more match as prefixes ("pair" → paired, pairing); short words
    # and phrases match whole.
    tail = r"\w*" if len(phrase) >= 4 and " " not in phrase else r"(?![\w-])"
    return re.escape(phrase) + tail


_PATTERNS: tuple[tuple[Theme, re.Pattern[str]], ...] = tuple(
    (t, re.compile(r"(?<![\w-])(?:" + "|".join(map(_alternative, t.keywords)) + ")", re.I))
    for t in THEMES
)


@lru_cache(maxsize=20_000)
def classify(text: str) -> Theme:
    """The best-matching theme for ``text`` (GENERAL when none matches): the theme with the most
    distinct keywords present, ties to the earlier theme."""
    best, best_hits = GENERAL, 0
    for theme, pattern in _PATTERNS:
        hits = len({m.lower() for m in pattern.findall(text)})
        if hits > best_hits:
            best, best_hits = theme, hits
    return best


def tone(text: str) -> int:
    """+1 positive, -1 negative, 0 unclear: for feedback whose kind doesn't say (reviews)."""
    lowered = text.lower()
    score = sum(w in lowered for w in POSITIVE) - sum(w in lowered for w in NEGATIVE)
    return (score > 0) - (score < 0)
