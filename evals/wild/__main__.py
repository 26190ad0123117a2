"""``python -m evals.wild [--people N] [--seed S]``: the wild suite's table."""

from __future__ import annotations

import argparse

from evals.wild.run import run


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.wild", description=__doc__)
    parser.add_argument("--people", type=int, default=27)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-person", action="store_true", help="also print one row a person")
    args = parser.parse_args()
    m = run(args.people, seed=args.seed)
    rows = [
        ("people", f"{m.people}"),
        ("balance follows labelled direction (Spearman)", f"{m.spearman:.2f}"),
        (
            "clear leaners whose summary leans the same way",
            f"{m.leaning_right} of {m.leaning_total}",
        ),
        ("summaries with no strength and no growth item", f"{m.empty_summaries} of {m.people}"),
        ("share of each person's feedback cited (summary)", f"{m.summary_citation_share:.2f}"),
        ("share of each person's feedback cited (coaching)", f"{m.coaching_citation_share:.2f}"),
        ("coaching template ratio", f"{m.coaching_template_ratio:.2f}"),
        ("quoted sentences under a named theme", f"{m.theme_quoted}"),
        ("theme precision, strict / lenient", f"{m.theme_strict:.2f} / {m.theme_lenient:.2f}"),
        ("quoted sentence on its labelled side", f"{m.side_precision:.2f}"),
        ("HR themes / precision of their citations", f"{m.hr_themes} / {m.hr_theme_precision:.2f}"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"| {'measure':<{width}} | value |\n| {'-' * width} | ----- |")
    for key, value in rows:
        print(f"| {key:<{width}} | {value} |")
    if args.per_person:
        for row in m.rows:
            print(row)


if __name__ == "__main__":
    main()
