"""The figures of every configuration as one markdown table (rows: what was measured; columns:
mode and size), and the arguments that choose the configurations."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

MODES = ("embedded", "server")
# What --skip can leave out; write and search need the index, so skipping it skips them too.
STAGES = ("index", "write", "search", "agenda", "themes")
NEED_INDEX = ("write", "search")
Row = tuple[str, Callable[[dict[str, Any]], str]]


def people_list(value: str) -> list[int]:
    """``1000,2000`` -> [1000, 2000]; at least the demo's minimum each."""
    try:
        sizes = [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 1000,2000, got {value!r}") from None
    if not sizes or any(n < 45 for n in sizes):
        raise argparse.ArgumentTypeError(f"each size must be at least 45 people, got {value!r}")
    return sizes


def mode_list(value: str) -> list[str]:
    """``embedded,server`` -> ["embedded", "server"], each one of :data:`MODES`."""
    modes = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [m for m in modes if m not in MODES]
    if not modes or unknown:
        raise argparse.ArgumentTypeError(
            f"modes are {', '.join(MODES)} (comma-separated), got {value!r}"
        )
    return modes


def stage_list(value: str) -> list[str]:
    """``index,themes`` -> ["index", "themes"], each one of :data:`STAGES`."""
    stages = [v.strip() for v in value.split(",") if v.strip()]
    if any(st not in STAGES for st in stages):
        raise argparse.ArgumentTypeError(
            f"stages are {', '.join(STAGES)} (comma-separated), got {value!r}"
        )
    return stages


def _ms(key: str, role: str) -> Callable[[dict[str, Any]], str]:
    def cell(r: dict[str, Any]) -> str:
        got = r.get(key, {}).get(role)
        if not got:
            return "-"
        scope = r.get("callers", {}).get(role, {}).get("scope") if key == "search_ms" else None
        return f"{got['p50']:,.0f} / {got['p95']:,.0f}" + (
            f" ({scope:,} below)" if scope is not None else ""
        )

    return cell


def _spread(key: str, fmt: str) -> Callable[[dict[str, Any]], str]:
    def cell(r: dict[str, Any]) -> str:
        got = r.get(key)
        return f"{fmt.format(got['p50'])} / {fmt.format(got['p95'])}" if got else "-"

    return cell


def _get(*path: str, fmt: str = "{:,}") -> Callable[[dict[str, Any]], str]:
    def cell(r: dict[str, Any]) -> str:
        value: Any = r
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return "-"
            value = value[key]
        return fmt.format(value)

    return cell


def _write(r: dict[str, Any]) -> str:
    got = r.get("write_searchable_ms")
    if not got:
        return "-"
    poll = f" (poll {got['poll_s']:g} s)" if got.get("poll_s") else " (notified)"
    return f"{got['p50']:,.0f} / {got['max']:,.0f}{poll}"


def _themes(r: dict[str, Any]) -> str:
    got = r.get("themes")
    if not got:
        return "-"
    again = f" / {got['again_ms'] / 1000:,.1f} s" if "again_ms" in got else ""  # older files
    return f"{got['ms'] / 1000:,.1f} s{again} ({got['people']:,} people)"


def _load(r: dict[str, Any]) -> str:
    return " → ".join(f"{v:.1f}" for v in r.get("load", [])) or "-"


ROWS: list[Row] = [
    ("records imported (created or updated)", _get("records")),
    ("documents", _get("documents")),
    ("generate the demo, s", _get("generate_s", fmt="{:,.1f}")),
    ("import, s", _get("import_s", fmt="{:,.1f}")),
    ("full index build, s", _get("index_s", fmt="{:,.1f}")),
    ("full index build, docs/s", _get("index_docs_per_s")),
    ("write → searchable, ms p50 / max", _write),
    *[
        (f"search as {role}, ms p50 / p95 (people below them)", _ms("search_ms", role))
        for role in ("employee", "manager", "director", "HR")
    ],
    ("load_caller (every request), ms p50 / p95", _spread("load_caller_ms", "{:,.1f}")),
    ("agenda, manager, ms p50 / p95", _ms("agenda_ms", "manager")),
    ("agenda, director, ms p50 / p95", _ms("agenda_ms", "director")),
    ("HR themes, first run / again with readings kept", _themes),
    ("peak RSS, benchmark process, MB", _get("rss_mb", "benchmark")),
    ("peak RSS, chroma server, MB", _get("rss_mb", "chroma server")),
    ("load average (1 min), start → end", _load),
]


def table(results: list[dict[str, Any]]) -> str:
    """Markdown: one column per configuration, in the order given."""
    head = ["what", *(f"{r['mode']} {r['people']:,}" for r in results)]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for label, cell in ROWS:
        lines.append("| " + " | ".join([label, *(cell(r) for r in results)]) + " |")
    return "\n".join(lines)
