"""``python -m evals.devset``: the analysis stage scored on the development set (feedback
sentences and 1:1 notes), with its parts
alone (the general lexicon, the domain layer, cues, the embedder) for comparison, and the drafter's
old keyword lexicon as the "before"."""

from __future__ import annotations

from assistant.analysis.notes import read_note
from assistant.analysis.polarity import Reader, read_polarity
from assistant.analysis.reading import read_feedback
from assistant.analysis.themes import Signal, ThemeReader
from evals.devset import load_devset
from evals.devset.scoring import NoteScores, Scores, notes_report, report, score, score_notes


def product(devset_texts: list[str]) -> dict[str, tuple[str, str]]:
    """The product's reading of each dev sentence, as one record each."""
    out: dict[str, tuple[str, str]] = {}
    reader = ThemeReader()
    for text in devset_texts:
        readings = read_feedback(text, reader)
        # A dev item is one claim; a record of several sentences is judged on its first judged one.
        main = next((r for r in readings if r.polarity != "neutral"), readings[0])
        out[text] = (main.polarity, main.theme)
    return out


def product_scores() -> Scores:
    return product_parts()["all"]


def product_parts() -> dict[str, Scores]:
    """The product's scores on the odd ids (held out from any tuning), the even ids (the half
    settings may be chosen on: evals/theme_head.py) and all."""
    devset = load_devset()
    got = product([f.text for f in devset.feedback])
    parts = {
        "odd": [f for f in devset.feedback if int(f.id[1:]) % 2],
        "even": [f for f in devset.feedback if not int(f.id[1:]) % 2],
        "all": list(devset.feedback),
    }
    return {name: score(lambda t: got[t], items) for name, items in parts.items()}


def parts_table(parts: dict[str, Scores]) -> str:
    lines = [
        "| ids | sentences | polarity accuracy | theme strict | theme lenient |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, s in parts.items():
        n = sum(c.support for c in s.per_class.values())
        lines.append(
            f"| {name} | {n} | {s.polarity_accuracy:.3f} | {s.theme_strict or 0:.3f} "
            f"| {s.theme_lenient or 0:.3f} |"
        )
    return "\n".join(lines) + "\n"


def notes_scores() -> NoteScores:
    return score_notes(read_note, load_devset().notes)


def _polarity_only(reader: Reader, split: bool = True) -> Scores:
    devset = load_devset()
    return score(lambda t: (read_polarity(t, reader, split=split).polarity, None), devset.feedback)


def _theme_only(signal: Signal) -> Scores:
    devset = load_devset()
    texts = [f.text for f in devset.feedback]
    guesses = dict(
        zip(texts, (g.theme for g in ThemeReader(signal=signal).read(texts)), strict=True)
    )
    return score(lambda t: ("neutral", guesses[t]), devset.feedback)


# The drafter's reading before the analysis stage replaced it (offline/lexicon.py tone() and
# classify() at commit 808fee7, its 13 theme keys mapped to the nearest taxonomy key), measured
# with this module's scoring; kept as figures because that code is gone.
BEFORE = {
    "polarity accuracy": 0.291,
    "strength P/R": "0.556 / 0.143",
    "growth P/R": "0.776 / 0.206",
    "neutral P/R": "0.184 / 0.987",
    "confusion (rows gold s/g/n; cols predicted s/g/n)": "35 12 197 / 28 45 145 / 0 1 77",
    "theme strict / lenient": "0.206 / 0.212",
}


def main() -> None:
    print("# The analysis stage on the development set (evals/devset)\n")
    parts = product_parts()
    print(report("product: read_feedback (polarity + theme)", parts["all"]))
    print("## product by half of the dev set (odd ids are never tuned on)\n")
    print(parts_table(parts))
    print("## before: the drafter's keyword lexicon (recorded)\n")
    for measure, figure in BEFORE.items():
        print(f"- {measure}: {figure}")
    print("\n## components, polarity accuracy\n")
    print("| reader | accuracy | growth recall | strength recall | neutral recall |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rows: list[tuple[str, Scores]] = [
        ("VADER alone (topic words neutralised)", _polarity_only("lexicon")),
        ("domain layer alone", _polarity_only("domain")),
        ("combined, no clause split", _polarity_only("combined", split=False)),
        ("combined", _polarity_only("combined")),
    ]
    for name, s in rows:
        c = s.per_class
        print(
            f"| {name} | {s.polarity_accuracy:.3f} | {c['growth'].recall:.3f} "
            f"| {c['strength'].recall:.3f} | {c['neutral'].recall:.3f} |"
        )
    print("\n" + notes_report(notes_scores()))
    print("## components, theme accuracy (strict / lenient)\n")
    print("| signal | strict | lenient |\n| --- | ---: | ---: |")
    for signal in ("cues", "embedding", "head", "combined"):
        s = _theme_only(signal)
        print(f"| {signal} | {s.theme_strict or 0:.3f} | {s.theme_lenient or 0:.3f} |")


if __name__ == "__main__":
    main()
