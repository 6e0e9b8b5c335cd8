"""`holdline holds decide`: a reviewer's decision from a terminal (the `holds` group: `holds.py`).

The reviewer is the operator identity from settings (`HOLDLINE_OPERATOR`, set by whoever provisions the
operator's environment), never a flag. The decision is checked against the current hold state first
(unknown, already decided, malformed: a clear error and nothing is published), then published on
`screening.decisions`; the command waits until a worker has applied or refused it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streams.settings import Settings

EXIT_FAILED = 1
EXIT_USAGE = 2


def add_decide_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("decide", help="release or confirm a held event (reviewer: HOLDLINE_OPERATOR)")
    p.add_argument("--broker", help="kafka://HOST:PORT (env HOLDLINE_BROKER)")
    p.add_argument("--event-id", required=True, help="the held event")
    p.add_argument("--action", required=True, choices=("release", "confirm"),
                   help="release: false positive, goes on to cleared; confirm: true match, blocked")
    p.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    p.add_argument("--allow", action="store_true", help="on release, allow-list the party/entry pairs")
    p.add_argument("--allow-days", type=int,
                   help="allowance lifetime in days (default: until the entry changes)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a worker to apply it")
    p.set_defaults(handler=run_decide)


def read_all(settings: Settings, topics: list[str], quiet: float = 1.0) -> list[Any]:
    """Every record of `topics` from the beginning, once nothing new came for `quiet` seconds."""
    from streams.kafka_io import TopicReader
    from streams.security import kafka_python_config

    records: list[Any] = []
    with TopicReader(",".join(settings.bootstrap_servers), topics, **kafka_python_config(settings)) as reader:
        settle = time.monotonic() + quiet
        while time.monotonic() < settle:
            batch = reader.poll(timeout=0.3)
            if batch:
                records += batch
                settle = time.monotonic() + quiet
    return records


def run_decide(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from streams.compliance.decisions import DecisionError, parse_request
    from streams.compliance.holds_state import HoldsBook
    from streams.compliance.settings import ComplianceSettings
    from streams.console.backend import check_submittable
    from streams.settings import Settings

    try:
        settings = Settings().with_overrides(broker=args.broker)
        compliance = ComplianceSettings()
    except ValidationError as exc:
        sys.stderr.write(f"holdline holds decide: invalid settings: {exc}\n")
        return EXIT_USAGE
    reviewer = (compliance.operator or "").strip()
    if not reviewer:
        sys.stderr.write("holdline holds decide: no operator identity (HOLDLINE_OPERATOR); a decision must "
                         "name its reviewer\n")
        return EXIT_USAGE
    try:
        request = parse_request({"event_id": args.event_id, "action": args.action, "reason": args.reason,
                                 "allow": args.allow, "allow_days": args.allow_days})
        book = HoldsBook()
        for rec in read_all(settings, [compliance.topic_holds_state]):
            book.apply_state_record(rec.key.decode() if rec.key else "", rec.value)
        decision = check_submittable(book, request, reviewer).model_copy(update={"via": "cli"})
    except DecisionError as exc:
        sys.stderr.write(f"holdline holds decide: refused ({exc.code.value}): {exc}; nothing was changed\n")
        return EXIT_USAGE
    except LookupError as exc:
        sys.stderr.write(f"holdline holds decide: {exc} (run `holdline topics create`)\n")
        return EXIT_USAGE
    from streams.kafka_io import Producer
    from streams.security import kafka_python_config

    with Producer(",".join(settings.bootstrap_servers), settings.producer_one_record_per_batch,
                  **kafka_python_config(settings)) as producer:
        producer.send(compliance.topic_decisions, decision.model_dump_json().encode(),
                      decision.event_id.encode()).get(timeout=30)
    outcome = _wait(settings, compliance.topic_holds_state, compliance.topic_decisions, decision.event_id,
                    decision.decision_id, args.timeout)
    if outcome is None:
        print(f"decision {decision.decision_id} published; no worker applied it within {args.timeout:.0f}s "
              "(it stays queued)")
        return EXIT_FAILED
    if outcome.get("kind") == "decision_rejected":
        sys.stderr.write(f"holdline holds decide: refused by the worker ({outcome.get('code')}): "
                         f"{outcome.get('error')}\n")
        return EXIT_USAGE
    print(f"{args.action} of {decision.event_id} by {reviewer} applied (decision {decision.decision_id})")
    return 0


def _wait(settings: Settings, state_topic: str, decisions_topic: str, event_id: str, decision_id: str,
          timeout: float) -> dict[str, Any] | None:
    from streams.kafka_io import TopicReader
    from streams.security import kafka_python_config

    deadline = time.monotonic() + timeout
    with TopicReader(",".join(settings.bootstrap_servers), [state_topic, decisions_topic],
                     **kafka_python_config(settings)) as reader:
        while time.monotonic() < deadline:
            for rec in reader.poll(timeout=0.5):
                try:
                    value = json.loads(rec.value or b"")
                except ValueError:
                    continue
                if not isinstance(value, dict) or value.get("event_id") != event_id:
                    continue
                if value.get("kind") == "decision_rejected" and value.get("decision_id") == decision_id:
                    return value
                decision = value.get("decision") if rec.topic == state_topic else None
                if isinstance(decision, dict) and decision.get("decision_id") == decision_id:
                    return value
    return None
