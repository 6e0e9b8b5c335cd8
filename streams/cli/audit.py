"""`holdline audit export`: the history of every hold, read back from the topics, as CSV or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("audit", help="the audit trail of held events")
    sub = p.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    export = sub.add_parser("export", help="export every hold's history (screened, held, decided, outcome)")
    export.add_argument("--broker", help="kafka://HOST:PORT (env HOLDLINE_BROKER)")
    export.add_argument("--format", required=True, choices=("csv", "json"))
    export.add_argument("--output", type=Path, help="write to this file instead of standard output")
    export.add_argument("--all", action="store_true", help="also events that were never held")
    export.add_argument("--quiet", type=float, default=1.5,
                        help="stop reading after this many seconds without a new record (default 1.5)")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from streams.cli.holds_decide import read_all
    from streams.compliance.audit import AuditTrail
    from streams.compliance.settings import ComplianceSettings
    from streams.settings import Settings

    try:
        settings = Settings().with_overrides(broker=args.broker)
        compliance = ComplianceSettings()
    except ValidationError as exc:
        sys.stderr.write(f"holdline audit export: invalid settings: {exc}\n")
        return EXIT_USAGE
    topics = [settings.topic_hold, settings.topic_cleared, compliance.topic_blocked,
              compliance.topic_decisions]
    try:
        records = read_all(settings, topics, quiet=args.quiet)
    except LookupError as exc:
        sys.stderr.write(f"holdline audit export: {exc} (run `holdline topics create`)\n")
        return EXIT_USAGE
    trail = AuditTrail()
    for rec in records:
        trail.add_raw(rec.value, rec.topic)
    text = trail.export_csv(held_only=not args.all) if args.format == "csv" else \
        trail.export_json(held_only=not args.all)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
