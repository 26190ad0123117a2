"""``python -m evals.longhistory [--budget N ...] [--seed S]``: recall of the long history's planted
facts at fixed token budgets, before and after anchored packing."""

from __future__ import annotations

import argparse
import time

from evals.longhistory.build import build
from evals.longhistory.run import BUDGETS, DAY, measure, table


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.longhistory", description=__doc__)
    parser.add_argument("--budget", type=int, action="append", help="token budget (repeatable)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = measure(build(today=DAY, seed=args.seed), budgets=tuple(args.budget or BUDGETS))
    print(table(rows))
    print(f"\n({time.perf_counter() - started:.1f} s, as of {DAY.isoformat()}, seed {args.seed})")


if __name__ == "__main__":
    main()
