"""`holdline holds tail`: follow the hold topic and print each hold the way a compliance reviewer reads it.

Who was flagged, in which role of which order or shipment, which list entry it may be (with the legal
citation), how sure the engine is, and a one-line why; `--json` prints the records as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from streams.cli.terminal import out, safe

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("holds", help="follow held events")
    sub = p.add_subparsers(dest="holds_command", required=True, metavar="ACTION")
    tail = sub.add_parser("tail", help="print holds as they arrive on the hold topic")
    tail.add_argument("--broker", help="kafka://HOST:PORT (default: HOLDLINE_BROKER)")
    tail.add_argument(
        "--from-beginning",
        action="store_true",
        help="start at the oldest hold (default: only holds that arrive from now on)",
    )
    tail.add_argument("--max", type=int, metavar="N", help="stop after N holds")
    tail.add_argument("--timeout", type=float, metavar="S", help="stop after S seconds without a new hold")
    tail.add_argument("--json", action="store_true", help="print each hold record as one JSON line")
    tail.set_defaults(handler=run_tail)
    from streams.cli.holds_decide import add_decide_parser  # compliance: `holds decide`

    add_decide_parser(sub)


def run_tail(args: argparse.Namespace) -> int:
    from streams.cli.errors import load_settings
    from streams.kafka_io import TopicReader
    from streams.security import kafka_python_config

    if (args.max is not None and args.max <= 0) or (args.timeout is not None and args.timeout <= 0):
        sys.stderr.write("holdline holds tail: --max and --timeout must be positive\n")
        return EXIT_USAGE
    settings = load_settings(broker=args.broker)
    from streams.cli.broker_errors import require_broker

    require_broker(settings.broker, settings.bootstrap_servers)
    seen = 0
    try:
        with TopicReader(
            ",".join(settings.bootstrap_servers),
            [settings.topic_hold],
            from_end=not args.from_beginning,
            **kafka_python_config(settings),
        ) as reader:
            for record in reader.follow(idle_timeout=args.timeout):
                if args.json:
                    out(safe((record.value or b"").decode("utf-8", "replace"), keep_newlines=False))
                else:
                    out(format_hold_bytes(record.value))
                seen += 1
                if args.max is not None and seen >= args.max:
                    break
    except LookupError as exc:
        sys.stderr.write(f"holdline holds tail: {exc} (run `holdline topics create`)\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        pass
    return 0


def format_hold_bytes(value: bytes | None) -> str:
    try:
        record = json.loads(value or b"")
    except ValueError:
        return _s(f"unreadable hold record: {(value or b'')[:200]!r}")
    if not isinstance(record, dict):
        return _s(f"unexpected hold record: {record!r}"[:300])
    return format_hold(record)


def _s(value: Any) -> str:
    """One field of event data on one line, control characters escaped (see `streams.cli.terminal`)."""
    return safe(value, keep_newlines=False)


def format_hold(record: dict[str, Any]) -> str:
    """A few lines per hold: the business document, then each flagged party with its evidence.

    Every value from the record goes through `_s`: a PO number is the counterparty's text.
    """
    event_type = str(record.get("event_type") or "event").replace("_", " ")
    business_id = record.get("po_number") if record.get("event_type") == "purchase_order" else None
    business_id = business_id or record.get("shipment_id") or record.get("po_number") or "?"
    lines = [
        f"HOLD {_s(event_type)} {_s(business_id)}  (event {_s(record.get('event_id'))}, "
        f"screened {_s(record.get('screened_at'))}, lists {_s(record.get('list_version') or 'none')})"
    ]
    reason = record.get("reason")
    if reason and reason != "match":
        lines.append(f"  reason: {_s(reason)}" + (f": {_s(record['error'])}" if record.get("error") else ""))
    for hit in record.get("hits") or []:
        party = hit.get("party") or {}
        where = f" ({_s(party['country'])})" if party.get("country") else ""
        lines.append(f"  {_s(hit.get('role', '?'))}: {_s(repr(party.get('name', '?')))}{where}")
        for match in hit.get("matches") or []:
            lines.append(_format_match(match))
    return "\n".join(lines)


def _format_match(match: dict[str, Any]) -> str:
    matched = match.get("matched")
    listed = match.get("name")
    via = f" via alias {_s(repr(matched))}" if matched and matched != listed else ""
    citation = f"; {_s(match['citation'])}" if match.get("citation") else ""
    score = match.get("score")
    score_text = f"{score:.2f}" if isinstance(score, int | float) else "?"
    why = explain(match.get("explanation") or {})
    return (
        f"    = {_s(match.get('list'))} entry {_s(match.get('entry_id'))}: "
        f"{_s(repr(listed))}{via}{citation}\n"
        f"      score {score_text}" + (f"; why: {_s(why)}" if why else "")
    )


def explain(explanation: dict[str, Any]) -> str:
    """The one-line why, worded by `streams.evidence_text` (the console shows the same words)."""
    from streams.evidence_text import evidence_line

    return evidence_line(explanation)
