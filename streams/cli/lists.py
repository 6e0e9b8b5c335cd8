"""`holdline lists ...`: the list-management command group.

`lists info` shows what the engine would load from the given files or folders: per source list its id,
format, entry and alias counts, snapshot date, the rows and names skipped (by reason), the repairs made and
the content hash, plus every file a folder held that was not loaded and why. `lists fetch` and
`lists publish` (in `streams.cli.lists_lifecycle`) refresh lists and roll them out to workers.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchers.lists import LoadResult

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("lists", help="inspect, fetch and publish restricted lists")
    sub = group.add_subparsers(dest="lists_command", required=True, metavar="SUBCOMMAND")
    info = sub.add_parser("info", help="what each list file holds: entries, aliases, snapshot, skipped rows")
    info.add_argument(
        "--list",
        dest="lists",
        action="append",
        metavar="PATH",
        help="list file or folder (repeatable; default: the built-in list)",
    )
    info.add_argument("--json", action="store_true", help="print JSON instead of a table")
    info.add_argument("--quiet", action="store_true", help="no progress on stderr while the lists load")
    info.set_defaults(handler=run_info)

    from streams.cli.lists_lifecycle import add_fetch_parser, add_publish_parser

    add_fetch_parser(sub)
    add_publish_parser(sub)
    __import__("streams.cli.lists_delta").cli.lists_delta.add_apply_delta_parser(sub)


def run_info(args: argparse.Namespace) -> int:
    from matchers.lists import BUILTIN_LIST, ListLoadError, load_sources
    from streams.cli.progress import Progress, describe_lists

    paths = args.lists or [str(BUILTIN_LIST)]
    try:
        with Progress(describe_lists(args.lists), quiet=args.quiet):
            result = load_sources(paths)
    except ListLoadError as exc:
        sys.stderr.write(f"holdline lists info: cannot load list: {exc}\n")
        return EXIT_USAGE
    report = info_report(result)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_table(report))
    return 0


def info_report(result: LoadResult) -> dict[str, Any]:
    sources = [
        {
            "list": s.list,
            "format": s.format,
            "path": s.path,
            "snapshot": s.snapshot,
            "entries": s.entries,
            "aliases": s.aliases,
            "skipped": s.skipped,
            "cleaned": s.cleaned,
            "content_hash": s.content_hash,
        }
        for s in (lst.source for lst in result.lists)
    ]
    return {
        "sources": sources,
        "totals": {
            "lists": len(sources),
            "entries": sum(s["entries"] for s in sources),
            "aliases": sum(s["aliases"] for s in sources),
        },
        "ignored": [{"path": i.path, "reason": i.reason} for i in result.ignored],
    }


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in counts.items()) or "-"


def format_table(report: dict[str, Any]) -> str:
    headers = ("list", "format", "snapshot", "entries", "aliases", "hash")
    rows = [
        (
            s["list"],
            s["format"],
            s["snapshot"] or "-",
            str(s["entries"]),
            str(s["aliases"]),
            s["content_hash"],
        )
        for s in report["sources"]
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    numeric = {3, 4}

    def line(cells: tuple[str, ...]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = (c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in pairs)
        return "  ".join(padded).rstrip()

    out = [line(headers), line(tuple("-" * w for w in widths))]
    out += [line(r) for r in rows]
    totals = report["totals"]
    out.append(f"{totals['lists']} lists, {totals['entries']} entries, {totals['aliases']} aliases")
    details = [s for s in report["sources"] if s["skipped"] or s["cleaned"]]
    if details:
        out.append("")
        out.append("skipped (by reason) and repaired:")
        for s in details:
            out.append(f"  {s['list']}: skipped: {_counts(s['skipped'])}")
            out.append(f"  {' ' * len(s['list'])}  repaired: {_counts(s['cleaned'])}")
    if report["ignored"]:
        out.append("")
        out.append("files not loaded:")
        out += [f"  {i['path']}: {i['reason']}" for i in report["ignored"]]
    return "\n".join(out)
