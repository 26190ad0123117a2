"""``python -m evals.injection [--provider offline|obedient|local ...] [--only ID ...]``: run
the corpus and print, per provider, payloads / attempted / items dropped / got through."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict
from pathlib import Path

from assistant.llm import ChatModel, OfflineModel
from assistant.llm.obedient import ObedientModel
from evals.injection.corpus import load
from evals.injection.run import run_corpus


@contextmanager
def _local() -> Iterator[Callable[[], ChatModel]]:
    from assistant.llm.openai import OpenAIChatModel
    from evals.compact import CompactModel
    from evals.local_server import MODEL, local_server

    with local_server(Path(tempfile.gettempdir()) / "cadence-gguf") as url:
        yield lambda: CompactModel(
            OpenAIChatModel(
                model=MODEL, base_url=url, timeout_s=300, max_retries=1, temperature=0.0
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.injection")
    parser.add_argument("--provider", action="append", choices=["offline", "obedient", "local"])
    parser.add_argument("--only", action="append", help="payload id (repeatable)")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    payloads = [p for p in load() if not args.only or p.id in args.only]
    with ExitStack() as stack:
        models: dict[str, Callable[[], ChatModel]] = {}
        for name in args.provider or ["offline", "obedient"]:
            if name == "offline":
                models[name] = OfflineModel
            elif name == "obedient":
                models[name] = ObedientModel
            else:
                models[name] = stack.enter_context(_local())
        progress = (lambda line: print(line, file=sys.stderr)) if args.verbose else None
        reports = run_corpus(payloads, models, progress=progress)
    print(f"injection corpus: {len(payloads)} payloads")
    for report in reports:
        print(report.line())
        for o in report.through:
            print(f"  through: {o.payload} ({o.style}): {', '.join(o.got_through)}")
    if args.json:
        data = {r.name: [asdict(o) for o in r.outcomes] for r in reports}
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    return 1 if any(r.through for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
