"""``python -m evals.discovery``: do themes found in the data recover taxonomy themes held out?

The development set's judged sentences (strength or growth) are read with a theme reader that
lacks the held-out themes; what it reads as no theme ("other") is grouped by
assistant.analysis.discover, as the HR themes do, and each group is named by its distinctive
terms. Reported: purity (the share of grouped sentences whose labelled theme, or its ``also``, is
their group's most common one), and per held-out theme its coverage (the share of its sentences
that land in a group whose most common theme it is) — and, with nothing held out, what the
groups of the real leftovers are. Measured, never fitted: the held-out themes were chosen before
running it (four with their own vocabulary, four without).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field

from assistant.analysis.discover import Method, embed, group
from assistant.analysis.keywords import Doc, TermIndex
from assistant.analysis.reading import read_many
from assistant.analysis.themes import OTHER, ThemeReader
from evals.devset import FeedbackSentence, load_devset

HELD_OUT = (
    "documentation",
    "incident_response",
    "attendance_punctuality",
    "creativity_innovation",
    "time_management",
    "adaptability",
    "customer_focus",
    "learning_growth",
)
MIN_SIZE = 3  # the dev set has about a dozen judged sentences a theme


@dataclass
class Found:
    label: str
    size: int
    top: str
    purity: float


@dataclass
class Result:
    held_out: tuple[str, ...]
    leftovers: int = 0
    grouped: int = 0
    purity: float = 0.0
    coverage: dict[str, float] = field(default_factory=dict)
    groups: list[Found] = field(default_factory=list)


def measure(held_out: tuple[str, ...], method: Method = "both") -> Result:
    sentences = [s for s in load_devset().feedback if s.polarity != "neutral"]
    reader = ThemeReader(without=frozenset(held_out))
    readings = read_many([s.text for s in sentences], reader)
    # A sentence is left over when no part of it matches a theme the reader has well: no cue
    # of its theme fired (as the HR themes decide what to group).
    left: list[FeedbackSentence] = [
        s
        for s, parts in zip(sentences, readings, strict=True)
        if all(r.theme == OTHER or not r.cued for r in parts)
    ]
    result = Result(held_out, leftovers=len(left))
    if not left:
        return result
    groups = group(embed([s.text for s in left], method=method), min_size=MIN_SIZE)
    terms = TermIndex([s.text for s in sentences])
    hits = 0
    covered: Counter[str] = Counter()
    for g in groups:
        members = [left[i] for i in g.members]
        counts = Counter(s.theme for s in members)
        top, _ = counts.most_common(1)[0]
        agree = sum(1 for s in members if s.theme == top or top in s.also)
        hits += agree
        result.grouped += len(members)
        covered.update(s.theme for s in members if s.theme == top)
        docs = [Doc(s.text, n) for n, s in enumerate(members)]
        label = " and ".join(terms.distinctive(docs, min_people=2, limit=2)) or "(no shared term)"
        result.groups.append(Found(label, len(members), top, agree / len(members)))
    result.purity = hits / result.grouped if result.grouped else 0.0
    for theme in held_out:
        total = sum(1 for s in sentences if s.theme == theme)
        result.coverage[theme] = covered[theme] / total if total else 0.0
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.discovery", description=__doc__)
    parser.add_argument("--groups", action="store_true", help="print every group")
    parser.add_argument("--method", choices=["embedding", "terms", "both"], default="both")
    args = parser.parse_args()
    for held in (HELD_OUT, ()):
        r = measure(held, args.method)
        title = f"{args.method}; held out: " + (", ".join(held) if held else "nothing")
        print(f"## {title}\n")
        print(f"left over: {r.leftovers}; grouped: {r.grouped}; groups: {len(r.groups)}; "
              f"purity: {r.purity:.2f}")  # fmt: skip
        if held:
            print("\n| held-out theme | coverage |\n| --- | ---: |")
            for theme, value in r.coverage.items():
                print(f"| {theme} | {value:.2f} |")
            mean = sum(r.coverage.values()) / len(r.coverage)
            print(f"| mean | {mean:.2f} |")
        if args.groups or not held:
            print(
                "\n| group label | size | most common theme | purity |\n| --- | ---: | --- | ---: |"
            )
            for g in r.groups:
                print(f"| {g.label} | {g.size} | {g.top} | {g.purity:.2f} |")
        print()


if __name__ == "__main__":
    main()
