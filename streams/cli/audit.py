"""`holdline audit export`: the history of every hold, read back from the topics, as CSV or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from streams.cli.terminal import safe

if TYPE_CHECKING:
    from streams.compliance.signing import Keyring
    from streams.settings import ComplianceSettings

EXIT_BROKEN = 1
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("audit", help="the audit trail of held events")
    sub = p.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    export = sub.add_parser("export", help="export every hold's history (screened, held, decided, outcome)")
    export.add_argument("--broker", help="kafka://HOST:PORT (env HOLDLINE_BROKER)")
    export.add_argument("--format", required=True, choices=("csv", "json"))
    export.add_argument("--output", type=Path, help="write to this file instead of standard output")
    export.add_argument("--all", action="store_true", help="also events that were never held")
    export.add_argument(
        "--quiet",
        type=float,
        default=1.5,
        help="stop reading after this many seconds without a new record (default 1.5)",
    )
    export.add_argument(
        "--verify",
        action="store_true",
        help="check every event's decision chain (and signatures, with "
        "HOLDLINE_TRUSTED_KEYS); report breaks on standard error and exit 1 if any",
    )
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from streams.cli.errors import load_keyring, load_settings
    from streams.cli.holds_decide import read_all
    from streams.compliance.audit import AuditTrail

    settings = load_settings(broker=args.broker)
    compliance = settings.compliance
    keyring = load_keyring(settings)
    topics = [
        settings.topic_hold,
        settings.topic_cleared,
        compliance.topic_blocked,
        compliance.topic_decisions,
        compliance.topic_refusals,
    ]
    if args.verify:
        topics.append(compliance.topic_holds_state)
    try:
        records = read_all(settings, topics, quiet=args.quiet)
    except LookupError as exc:
        sys.stderr.write(f"holdline audit export: {exc} (run `holdline topics create`)\n")
        return EXIT_USAGE
    from streams.compliance.audit import signature_check

    # With trusted keys, a decision no trusted key signed shows as refused, never as decided.
    trail = AuditTrail(signature_check(keyring) if len(keyring) else None)
    for rec in records:
        if rec.topic != compliance.topic_holds_state:
            trail.add_raw(rec.value, rec.topic)
    text = (
        trail.export_csv(held_only=not args.all)
        if args.format == "csv"
        else trail.export_json(held_only=not args.all)
    )
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(safe(text))
    if not args.verify:
        return 0
    return _verify(records, compliance, keyring)


def _verify(records: list[Any], compliance: ComplianceSettings, keyring: Keyring) -> int:
    import json

    from streams.compliance.audit_chain import verify_chain

    parsed = []
    for rec in records:
        try:
            value = json.loads(rec.value or b"")
        except ValueError:
            continue
        if isinstance(value, dict):
            parsed.append((rec.topic, value))
    report = verify_chain(
        parsed,
        compliance.topic_decisions,
        compliance.topic_refusals,
        compliance.topic_holds_state,
        keyring if len(keyring) else None,
    )
    for line in report.breaks:
        sys.stderr.write(f"BREAK {safe(line, keep_newlines=False)}\n")
    signatures = "signatures checked" if len(keyring) else "signatures NOT checked (no HOLDLINE_TRUSTED_KEYS)"
    sys.stderr.write(
        f"audit chain: {report.decisions} decisions of {report.events} events, "
        f"{len(report.breaks)} breaks; {signatures}\n"
    )
    return 0 if report.ok else EXIT_BROKEN
