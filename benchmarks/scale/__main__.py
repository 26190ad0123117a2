"""``python -m benchmarks.scale``: run each configuration in a child process of its own (so each
one's peak memory is its own and no state carries over), then print the table."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.scale import __doc__ as DOC
from benchmarks.scale.report import NEED_INDEX, mode_list, people_list, stage_list, table
from benchmarks.scale.services import DEFAULT_PG_URL, Unavailable


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.scale",
        description=(DOC or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument(
        "--people",
        type=people_list,
        default=[1000, 2000],
        help="organisation sizes, comma-separated (default 1000,2000)",
    )
    ap.add_argument(
        "--modes",
        type=mode_list,
        default=["embedded", "server"],
        help="embedded, server or both, comma-separated (default both)",
    )
    ap.add_argument("--out", type=Path, help="also write the figures as JSON here")
    ap.add_argument(
        "--pg-url",
        default=DEFAULT_PG_URL,
        help="server mode's scratch database, dropped and recreated (%(default)s)",
    )
    ap.add_argument("--queries", type=int, default=20, help="searches per caller (default 20)")
    ap.add_argument("--runs", type=int, default=8, help="agendas per caller (default 8)")
    ap.add_argument("--writes", type=int, default=5, help="write → searchable samples (default 5)")
    ap.add_argument(
        "--skip",
        type=stage_list,
        default=[],
        help="stages to leave out, comma-separated: index (and with it write and "
        "search), write, search, agenda, themes",
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where the temporary data dirs go (default: the system's temp dir)",
    )
    ap.add_argument(
        "--from-json",
        type=Path,
        nargs="+",
        metavar="F",
        help="measure nothing: print the table of earlier --out files, in order",
    )
    # One configuration, in a child process: MODE:PEOPLE, and where its JSON goes.
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return ap  # fmt: skip


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "pg_url": args.pg_url,
        "queries": max(2, args.queries),
        "runs": max(1, args.runs),
        "writes": max(1, args.writes),
        "skip": set(args.skip) | (set(NEED_INDEX) if "index" in args.skip else set()),
    }


def _child(args: argparse.Namespace) -> int:
    from benchmarks.scale.measure import measure  # the product's imports: only in the child

    mode, people = args.one.split(":")
    with tempfile.TemporaryDirectory(prefix=f"cadence-scale-{mode}-", dir=args.workdir) as tmp:
        try:
            result = measure(mode, int(people), Path(tmp), _options(args))
        except Unavailable as exc:
            print(f"[{mode} {int(people):,}] {exc}", file=sys.stderr)
            return 2
    args.result.write_text(json.dumps(result, indent=2))
    return 0


def _argv(args: argparse.Namespace, mode: str, people: int, result: Path) -> list[str]:
    argv = [sys.executable, "-m", "benchmarks.scale", "--one", f"{mode}:{people}",
            "--result", str(result), "--pg-url", args.pg_url, "--queries", str(args.queries),
            "--runs", str(args.runs), "--writes", str(args.writes)]  # fmt: skip
    if args.skip:
        argv += ["--skip", ",".join(args.skip)]
    if args.workdir:
        argv += ["--workdir", str(args.workdir)]
    return argv


def _write(out: Path, results: list[dict[str, Any]], failed: list[str]) -> None:
    out.write_text(json.dumps({"results": results, "failed": failed}, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.one:
        return _child(args)
    if args.from_json:
        print(table([r for f in args.from_json for r in json.loads(f.read_text())["results"]]))
        return 0
    # Only the benchmark's own settings: a developer's CADENCE_* must not leak into a child.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CADENCE_", "OPENAI_"))}
    env["ANONYMIZED_TELEMETRY"] = "False"
    results: list[dict[str, Any]] = []
    failed: list[str] = []
    for people in args.people:
        for mode in args.modes:
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                started = time.perf_counter()
                code = subprocess.call(_argv(args, mode, people, Path(out.name)), env=env)
                if code != 0:
                    failed.append(f"{mode} {people:,} (exit {code})")
                    continue
                result = json.loads(Path(out.name).read_text())
            result["wall_s"] = round(time.perf_counter() - started, 1)
            results.append(result)
            print(f"[{mode} {people:,}] finished in {result['wall_s']:.0f}s", file=sys.stderr)
            if args.out:  # after each configuration: a long run interrupted keeps what it measured
                _write(args.out, results, failed)
    if results:
        print(table(results))
    if args.out:
        _write(args.out, results, failed)
    for each in failed:
        print(f"failed: {each}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Unavailable as exc:
        sys.exit(f"error: {exc}")
