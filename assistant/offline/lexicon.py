"""A small theme lexicon: how the offline drafter clusters feedback without a model.

Each theme has the words people use when they talk about it (topic words), the behaviours that
belong to it (cue phrases such as "let others finish their point"), and the phrases the drafter
uses to describe it as a strength or as a growth area. Matching is on whole words and short
phrases, case-insensitive. Scoring prefers behaviour over topic: a topic word scores 1, a
multi-word topic phrase 2 and a behaviour cue 3, so "let others finish their point in sprint
planning" is about facilitation, not planning. Best score wins (ties: lexicon order); "general"
when nothing matches.

Tone (praise vs something to improve) is judged per sentence from cue phrases: a review mixes
both, and a suggestion often opens with a kind word before the ask.
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
    cues: tuple[str, ...] = ()


def _split(words: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in words.split(",") if w.strip())


def _t(key: str, label: str, strength: str, growth: str, words: str, cues: str = "") -> Theme:
    return Theme(key, label, strength, growth, _split(words), _split(cues))


# fmt: off
THEMES: tuple[Theme, ...] = (
    _t("code_review", "code review", "careful, timely code reviews that raise the bar",
       "making reviews faster and more collaborative",
       "code review, review comment, review turnaround, reviewed, reviewer, reviewing, pr, prs,"
       " pull request, merge, approv, tests, branch, edge case, off-by-one, refactor",
       "left comments, review queue, requested changes, rubber-stamp, caught a bug, nitpick,"
       " reviews sit, approve faster"),
    _t("incident_response", "incident response", "steady, well-communicated incident handling",
       "communicating earlier and asking for help sooner during incidents",
       "incident, outage, on-call, oncall, postmortem, pager, paging, rollback, rolled back,"
       " degraded, latency spike, retro, mitigat, fix forward, alert",
       "incident command, page a second person, paged, declared an incident, war room,"
       " time to mitigate, ask for help sooner, kept everyone calm"),
    _t("documentation", "documentation", "clear writing that others rely on",
       "writing decisions and runbooks down as part of done",
       "documentation, docs, doc, documented, readme, wiki, runbook, decision record, write-up,"
       " wrote up, write things down, faq, onboarding guide, handover note, diagram",
       "wrote it down, write it down, wrote down, updated the runbook, kept the docs,"
       " documented the"),
    _t("ownership", "ownership", "owning problems end to end",
       "following through on commitments and closing loops",
       "ownership, owned, owns, follow-through, followed through, follow up, followed up, drove,"
       " accountab, dropped the ball, commitment, committed, promised, loose end,"
       " half-finished, without being asked, end to end",
       "closed the loop, close the loop, took ownership, saw it through, kept chasing,"
       " actually landed, dropped the ball, followed through"),
    _t("collaboration", "collaboration", "generous, low-ego collaboration",
       "involving others earlier and sharing context more openly",
       "collaborat, pair, together, helped, teammate, cross-team, unblock, partnered, alone,"
       " silo, stayed late, staying late, jumped in, across three teams, consuming teams,"
       " other teams",
       "paired with, pair on, jumped in, worked with, shared context, looped in,"
       " offered to take, helped out"),
    _t("stakeholder_comms", "stakeholder communication",
       "keeping stakeholders informed and expectations clear",
       "giving stakeholders earlier, clearer updates",
       "stakeholder, status update, update, status, communicat, heads-up, escalat,"
       " leadership, surprise, informed, in the loop, jargon, explained, flagged early,"
       " say early, news, announced, people affected, channel, nervous",
       "kept stakeholders, keep stakeholders, kept everyone informed, found out from,"
       " weekly note, written status, tell the people affected, set expectations,"
       " managed expectations, expectations clear,"
       " plans change, date moves, hear back"),
    _t("planning", "planning and prioritisation", "realistic plans and sharp prioritisation",
       "scoping work realistically and flagging slips early",
       "planning, plan, estimat, scope, scoping, prioriti, roadmap, sprint, milestone, timeline,"
       " overcommit, buffer, sequenc, slip, dependenc, delay",
       "cut scope, re-plan, replan, revisit the plan, add a buffer, sequenced, said no to,"
       " overcommitted, what we would not do"),
    _t("mentoring", "mentoring", "investing in other people's growth",
       "making more time to coach and develop others",
       "mentor, coach, new joiner, new hire, onboarded, taught, teach, junior, career,"
       " lunch-and-learn, struggle, stepping in, step in, intern, stretch task",
       "mentoring slot, gave a stretch, let them drive, walked them through, paired with a"),
    _t("facilitation", "meeting facilitation", "running focused, inclusive meetings",
       "keeping meetings focused and making room for quieter voices",
       "meeting, facilitat, agenda, workshop, discussion, standup, time-box, timebox,"
       " moderat, debate, overrun, quieter, decision, deck, owner and a date",
       "finish their point, let others, before responding, talk over, talking over, talked over,"
       " interrupt, cut people off, make room, made room, quieter voices, hear from everyone,"
       " listen, read back, reading back, send an agenda, had an owner, ran the meeting,"
       " kept the meeting, ended on time"),
    _t("analysis", "analysis", "rigorous analysis people can act on",
       "stating assumptions and confidence more clearly in analyses",
       "analys, analyz, dashboard, data, metric, query, queries, experiment, sql, forecast,"
       " cohort, assumption, confidence interval",
       "ran the numbers, dug into the data, state assumptions, stated assumptions,"
       " sanity-check"),
    _t("design_craft", "design craft", "thoughtful, polished design work",
       "sharing work in progress earlier to get feedback sooner",
       "design, prototype, figma, mockup, visual, interaction, accessib, ux, component,"
       " critique, polish",
       "work in progress, prototyped, share designs, shared the designs"),
    _t("research", "user research", "research that brings the user's voice into decisions",
       "turning research into clearer recommendations",
       "research, interview, usability, participant, synthes, insight, users, survey",
       "talked to users, ran interviews, usability test"),
    _t("customer", "customer focus", "real care for customers and their outcomes",
       "setting clearer expectations with customers",
       "customer, client, renewal, account, deal, demo, onboarding call, churn, support ticket,"
       " frustrated, patience, admin at",
       "customer call, on the call with, for the customer"),
)
GENERAL = Theme(
    "general",
    "general contribution",
    "consistent, dependable contribution",
    "agreeing clearer expectations",
    (),
)
BY_KEY: dict[str, Theme] = {t.key: t for t in (*THEMES, GENERAL)}

TOPIC_WORD, TOPIC_PHRASE, BEHAVIOUR = 1, 2, 3

# Tone cues, matched as whole words ("*" marks a stem). Praise: words of thanks and approval.
# Constructive: what is missing or went wrong, and the hedged language of a suggestion
# ("could", "might help", "next time") — a sentence that asks for change is not praise, even
# when it is polite.
POSITIVE = (
    "great", "thanks", "thank you", "excellent", "impressive", "clear", "calm", "helpful",
    "saved", "appreciated", "love*", "well done", "brilliant", "kindly", "careful", "rare",
    "highlight", "strongest", "clear strength", "stood out", "exceeded", "made sure",
    "owe you", "nobody had to", "crisp", "glad", "kudos", "shout-out", "proud", "calmly",
)
NEGATIVE = (
    "broke", "missed", "late", "quiet", "dismissive", "half-finished", "skipped", "still isn't",
    "waiting", "confusing", "frustrat*", "slipped", "no update",
    "unclear", "surprised", "blocked", "awkward", "only found out", "area to grow",
    "needs attention", "to reach the next level", "could", "might help", "would help",
    "it would", "would have", "try to", "maybe", "consider", "suggest*", "next time", "please",
    "have you thought", "possibly useful", "one thing", "should", "rather than", "next step",
    "i'd like", "would like", "worth trying", "interrupt*",
    "development area", "needs work", "to improve", "could improve", "stretch for",
)
# fmt: on


def _alternative(phrase: str) -> str:
    # Words of four letters or more match as prefixes ("pair" → paired, pairing); short words
    # and phrases match whole.
    tail = r"\w*" if len(phrase) >= 4 and " " not in phrase else r"(?![\w-])"
    return re.escape(phrase) + tail


def _weights(theme: Theme) -> dict[str, int]:
    out = {w.lower(): (TOPIC_PHRASE if " " in w else TOPIC_WORD) for w in theme.keywords}
    out.update({c.lower(): BEHAVIOUR for c in theme.cues})
    return out


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    # Longest first, so "status update" wins over "status" at the same position.
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(_alternative, ordered)) + ")", re.I)


_PATTERNS: tuple[tuple[Theme, re.Pattern[str], dict[str, int]], ...] = tuple(
    (t, _pattern([*t.keywords, *t.cues]), _weights(t)) for t in THEMES
)


def _weight(match: str, weights: dict[str, int]) -> int:
    lowered = match.lower()
    if lowered in weights:
        return weights[lowered]
    # A prefix match ("mitigat" → "mitigated"): the longest phrase it extends.
    stems = [w for w in weights if lowered.startswith(w)]
    return weights[max(stems, key=len)] if stems else TOPIC_WORD


@lru_cache(maxsize=20_000)
def scores(text: str) -> dict[str, int]:
    """Each theme's score for ``text``: distinct matches weighted by what they are."""
    out: dict[str, int] = {}
    for theme, pattern, weights in _PATTERNS:
        found = {m.lower() for m in pattern.findall(text)}
        if found:
            out[theme.key] = sum(_weight(m, weights) for m in found)
    return out


def classify(text: str) -> Theme:
    """The best-matching theme for ``text`` (GENERAL when none matches), ties to the earlier
    theme in the lexicon."""
    found = scores(text)
    if not found:
        return GENERAL
    best = max(THEMES, key=lambda t: found.get(t.key, 0))
    return best if found.get(best.key, 0) > 0 else GENERAL


def _tone_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    parts = [re.escape(c[:-1]) + r"\w*" if c.endswith("*") else re.escape(c) for c in cues]
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I)


_POSITIVE, _NEGATIVE = _tone_pattern(POSITIVE), _tone_pattern(NEGATIVE)


@lru_cache(maxsize=20_000)
def tone(text: str) -> int:
    """+1 praise, -1 something to improve, 0 unclear: for one sentence, or for feedback whose
    kind doesn't say (reviews)."""
    score = len(_POSITIVE.findall(text)) - len(_NEGATIVE.findall(text))
    return (score > 0) - (score < 0)
