"""``python -m evals.generator_overlap``: how much of the demo generator's text the drafter already
knows word for word.

The eval suite reads text written by the demo generator (assistant/demo). If the generator's
banks use the drafter's own cue phrases (assistant/analysis/taxonomy.yaml's cues and topics, the
polarity cues of assistant/analysis/cues.py), the drafter reads the demo right by construction and
the suite cannot see how it reads anything else. This counts, per taxonomy theme, the generator's
bank sentences that carry a cue of the theme they were written for, a cue of any theme, and a
polarity cue of the sign they were written with; and how the drafter reads them (theme and
polarity), to set the cue counts beside what the drafter makes of the text.

Bank sentences are the behaviour fragments (assistant/demo/behaviours/, each written for one
behaviour and one sign), the feedback, check-in and goal frames (every bank of sentences in
feedback_text, checkin_text and goal_text, theme-free by intent), and the slot values ({meeting},
{project}...) that fill them. Placeholders are filled with neutral stand-ins, so a frame is
measured for its own words and the slot values are measured on their own.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import cache
from types import ModuleType
from typing import Literal

from assistant.analysis.polarity import domain_score
from assistant.analysis.reading import read_many
from assistant.analysis.themes import OTHER, cue_scores, load_taxonomy, neutral
from assistant.demo import behaviours, checkin_text, feedback_text, goal_text, vocab

Sign = Literal["strength", "growth"]

# The taxonomy theme each demo behaviour is written about, from the theme descriptions.
INTENDED: dict[str, str] = {
    "code_review": "quality_of_work",
    "incident_response": "incident_response",
    "documentation": "documentation",
    "ownership": "ownership_initiative",
    "collaboration": "collaboration",
    "stakeholder_comms": "stakeholder_management",
    "planning": "planning_prioritisation",
    "mentoring": "mentoring_development",
    "facilitation": "meeting_facilitation",
    "analysis": "problem_solving",
    "design_craft": "technical_skill",
    "research": "customer_focus",
    "customer": "customer_focus",
}
# The sign each fragment bank of a behaviour is written with, and how a fragment of it is read
# as a sentence ("did" is a verb phrase with no subject).
BANK_SIGNS: dict[str, Sign | None] = {
    "did": "strength",
    "detail": "strength",
    "missed": "growth",
    "ask": "growth",
    "names": None,  # what a review calls the area: no sign of its own
}
_FRAME = {"did": "You {}.", "missed": "You {}.", "ask": "{}."}
_STRENGTH_CUES = frozenset({"praise", "negated_problem"})
_GROWTH_CUES = frozenset({"ask", "shortfall", "faint", "sarcasm"})
_NUMBER_SLOTS = frozenset({"n", "pct", "hours"})
_PLACEHOLDER = re.compile(r"\{([A-Za-z_0-9]+)\}")
FRAMES = "(frames)"
SLOT_VALUES = "(slot values)"


@dataclass(frozen=True)
class BankSentence:
    source: str  # "behaviours.code_review.did", "feedback_text.PRAISE_OPEN_2P"
    theme: str  # the taxonomy theme it was written for; FRAMES or SLOT_VALUES for the rest
    sign: Sign | None
    text: str


def _neutral(template: str) -> str:
    # Stand-ins no theme or polarity cue can contain: the frame is measured for its own words.
    def stand_in(match: re.Match[str]) -> str:
        return "4" if match.group(1) in _NUMBER_SLOTS else "Zed"

    return _PLACEHOLDER.sub(stand_in, template)


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)


def _module_banks(module: ModuleType) -> Iterable[tuple[str, tuple[object, ...]]]:
    for name, value in vars(module).items():
        if name.isupper() and isinstance(value, tuple) and any(_strings(value)):
            yield name, value


def bank_sentences() -> list[BankSentence]:
    """Every sentence the generator's banks hold, labelled with what it was written for."""
    out: list[BankSentence] = []
    for key, behaviour in behaviours.BEHAVIOURS.items():
        theme = INTENDED[key]
        for bank in fields(behaviour):
            value = getattr(behaviour, bank.name)
            if not isinstance(value, tuple):
                continue
            sign = BANK_SIGNS[bank.name]
            frame = _FRAME.get(bank.name, "{}")
            for text in _strings(value):
                sentence = frame.format(_neutral(text))
                out.append(
                    BankSentence(
                        f"behaviours.{key}.{bank.name}",
                        theme,
                        sign,
                        sentence[:1].upper() + sentence[1:],
                    )
                )
    # feedback_text is a package of frame modules; its banks keep the package's name.
    frames = [(m, "feedback_text") for m in feedback_text.FRAME_MODULES]
    for module, short in [*frames, (checkin_text, "checkin_text"), (goal_text, "goal_text")]:
        for name, value in _module_banks(module):
            out.extend(
                BankSentence(f"{short}.{name}", FRAMES, None, _neutral(t)) for t in _strings(value)
            )
    for name in ("PROJECTS", "SERVICES", "CUSTOMERS", "MEETINGS"):
        out.extend(
            BankSentence(f"vocab.{name}", SLOT_VALUES, None, t)
            for t in _strings(getattr(vocab, name))
        )
    return out


@dataclass
class Row:
    theme: str
    sentences: int = 0
    signed: int = 0  # written with a sign (the denominator of the two sign columns)
    own_cue: int = 0  # carries a cue of the theme it was written for
    any_cue: int = 0  # carries a cue of some theme
    phrase_cue: int = 0  # carries a cue phrase (several words) of some theme, verbatim
    sign_cue: int = 0  # carries a polarity cue of the sign it was written with
    read_theme: int = 0  # the drafter reads the theme it was written for
    read_sign: int = 0  # the drafter reads the sign it was written with

    def share(self, count: int, of: int | None = None) -> float:
        total = self.sentences if of is None else of
        return count / total if total else 0.0


@dataclass(frozen=True)
class Overlap:
    rows: list[Row]  # one per theme written for, then FRAMES and SLOT_VALUES
    examples: dict[str, list[str]]  # per theme, a few sentences carrying their own theme's cue
    phrases: dict[str, list[str]]  # each cue phrase found verbatim, with the banks it is in

    @property
    def themed(self) -> Row:
        """The behaviour fragments together (every row written for a theme)."""
        total = Row("all themes")
        for row in self.rows:
            if row.theme in (FRAMES, SLOT_VALUES):
                continue
            for name in (
                "sentences",
                "signed",
                "own_cue",
                "any_cue",
                "phrase_cue",
                "sign_cue",
                "read_theme",
                "read_sign",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


@cache
def _phrase_patterns() -> dict[str, re.Pattern[str]]:
    phrases = {c for spec in load_taxonomy().themes.values() for c in (*spec.cues, *spec.topics)}
    return {
        p: re.compile(r"(?<![\w])" + re.escape(neutral(p)) + r"(?![\w])", re.I)
        for p in phrases
        if " " in p
    }


def _phrases_in(text: str) -> list[str]:
    text = neutral(text)
    return sorted(p for p, pattern in _phrase_patterns().items() if pattern.search(text))


def _sign_cued(text: str, sign: Sign) -> bool:
    _, fired = domain_score(text)
    wanted = _STRENGTH_CUES if sign == "strength" else _GROWTH_CUES
    return bool(wanted.intersection(fired))


def measure(sentences: Sequence[BankSentence], *, read: bool = True) -> Overlap:
    """Count cue overlap per theme; with ``read``, also how the drafter reads each sentence."""
    rows: dict[str, Row] = {}
    examples: dict[str, list[str]] = {}
    found_phrases: dict[str, list[str]] = {}
    readings = read_many([s.text for s in sentences]) if read else [[] for _ in sentences]
    for sentence, reading in zip(sentences, readings, strict=True):
        row = rows.setdefault(sentence.theme, Row(sentence.theme))
        row.sentences += 1
        cued = cue_scores(sentence.text)
        row.any_cue += bool(cued)
        phrases = _phrases_in(sentence.text)
        row.phrase_cue += bool(phrases)
        for phrase in phrases:
            found_phrases.setdefault(phrase, []).append(sentence.source)
        if sentence.theme in cued:
            row.own_cue += 1
            examples.setdefault(sentence.theme, []).append(sentence.text)
        if sentence.sign is not None:
            row.signed += 1
            row.sign_cue += _sign_cued(sentence.text, sentence.sign)
        if reading:
            claims = [r for r in reading if r.theme != OTHER] or reading
            row.read_theme += any(r.theme == sentence.theme for r in claims)
            row.read_sign += sentence.sign is not None and any(
                r.polarity == sentence.sign for r in reading
            )
    order = sorted(rows, key=lambda t: (t in (FRAMES, SLOT_VALUES), t == SLOT_VALUES, t))
    return Overlap([rows[t] for t in order], examples, found_phrases)


def _pct(row: Row, count: int, of: int | None = None) -> str:
    return f"{count:4d} {100 * row.share(count, of):5.1f}%"


def render(overlap: Overlap, *, read: bool = True, examples: int = 0) -> str:
    head = (
        f"{'theme written for':<26} {'n':>4}  {'own cue':>11}  {'any cue':>11}  "
        f"{'cue phrase':>11}  {'sign cue':>11}"
    )
    if read:
        head += f"  {'read theme':>11}  {'read sign':>11}"
    lines = [head, "-" * len(head)]
    for row in [*overlap.rows, overlap.themed]:
        framed = row.theme in (FRAMES, SLOT_VALUES)
        line = f"{row.theme:<26} {row.sentences:>4}  "
        line += f"{'–':>11}" if framed else _pct(row, row.own_cue)
        line += f"  {_pct(row, row.any_cue)}  {_pct(row, row.phrase_cue)}  "
        line += f"{'–':>11}" if framed else _pct(row, row.sign_cue, row.signed)
        if read:
            line += (
                f"  {'–':>11}  {'–':>11}"
                if framed
                else (f"  {_pct(row, row.read_theme)}  {_pct(row, row.read_sign, row.signed)}")
            )
        lines.append(line)
    if examples and overlap.phrases:
        lines.append("\ncue phrases found verbatim:")
        lines.extend(f"  {p!r}: {', '.join(sorted(set(w)))}" for p, w in overlap.phrases.items())
    for theme, found in overlap.examples.items() if examples else ():
        lines.append(f"\n{theme}:")
        lines.extend(f"  {text}" for text in found[:examples])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.generator_overlap", description=__doc__)
    parser.add_argument("--no-read", action="store_true", help="cue counts only (no embedder)")
    parser.add_argument("--examples", type=int, default=0, help="show N cued sentences a theme")
    args = parser.parse_args(argv)
    overlap = measure(bank_sentences(), read=not args.no_read)
    print(render(overlap, read=not args.no_read, examples=args.examples))


if __name__ == "__main__":
    main()
