"""`holdline holds decide`: a reviewer's decision from a terminal (the `holds` group: `holds.py`).

The reviewer is the owner of the operator's signing key (`HOLDLINE_SIGNING_KEY` / `_FILE`, a `reviewer`
key whose id is the reviewer's name), never a flag: workers refuse a decision that is not signed by a
trusted key, so `HOLDLINE_OPERATOR` alone names nobody. The decision is checked against the current hold
state first (unknown, already decided, malformed: a clear error and nothing is published), then signed
and published on `screening.decisions`; the command waits until a worker has applied or refused it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any

from streams.cli.terminal import out, safe

if TYPE_CHECKING:
    from streams.settings import Settings

EXIT_FAILED = 1
EXIT_USAGE = 2


def add_decide_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("decide", help="release or confirm a held event (signed with HOLDLINE_SIGNING_KEY)")
    p.add_argument("--broker", help="kafka://HOST:PORT (env HOLDLINE_BROKER)")
    p.add_argument("--event-id", required=True, help="the held event")
    p.add_argument(
        "--action",
        required=True,
        choices=("release", "confirm", "approve", "reject"),
        help="release: false positive, goes on to cleared; confirm: true match, blocked; "
        "approve / reject: answer another reviewer's proposed release (four-eyes)",
    )
    p.add_argument("--proposal", help="approve / reject: the proposed decision's id")
    p.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    p.add_argument("--allow", action="store_true", help="on release, allow-list the party/entry pairs")
    p.add_argument(
        "--allow-days", type=int, help="allowance lifetime in days (default: until the entry changes)"
    )
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
    from streams.cli.errors import load_settings, load_signer
    from streams.cli.usage_error import UsageError
    from streams.compliance.decisions import DecisionError, parse_request
    from streams.compliance.holds_state import HoldsBook
    from streams.console.backend import check_submittable

    settings = load_settings(broker=args.broker)
    compliance = settings.compliance
    signer = load_signer(settings, "reviewer", "decisions")
    try:
        four_eyes = compliance.four_eyes_actions()
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    reviewer = signer.key_id
    if compliance.operator and compliance.operator.strip() != reviewer:
        sys.stderr.write(
            f"holdline holds decide: HOLDLINE_OPERATOR {safe(compliance.operator)!r} is not the "
            f"owner of the signing key ({safe(reviewer)!r}); the key names the reviewer\n"
        )
        return EXIT_USAGE
    from streams.cli.broker_errors import require_broker

    require_broker(settings.broker, settings.bootstrap_servers)
    try:
        request = parse_request(
            {
                "event_id": args.event_id,
                "action": args.action,
                "reason": args.reason,
                "allow": args.allow,
                "allow_days": args.allow_days,
                "proposal_id": args.proposal,
            }
        )
        book = HoldsBook()
        for rec in read_all(settings, [compliance.topic_holds_state]):
            book.apply_state_record(rec.key.decode() if rec.key else "", rec.value)
        decision = check_submittable(book, request, reviewer, four_eyes).model_copy(update={"via": "cli"})
    except DecisionError as exc:
        sys.stderr.write(
            f"holdline holds decide: refused ({exc.code.value}): {safe(exc)}; nothing was changed\n"
        )
        return EXIT_USAGE
    except LookupError as exc:
        sys.stderr.write(f"holdline holds decide: {exc} (run `holdline topics create`)\n")
        return EXIT_USAGE
    from streams.kafka_io import Producer
    from streams.security import kafka_python_config

    with Producer(
        ",".join(settings.bootstrap_servers),
        settings.producer_one_record_per_batch,
        **kafka_python_config(settings),
    ) as producer:
        signed = signer.sign(decision.model_dump(mode="json"))
        producer.send(
            compliance.topic_decisions, json.dumps(signed).encode(), decision.event_id.encode()
        ).get(timeout=30)
    from streams.cli.progress import Progress

    with Progress(f"waiting for a worker to apply decision {decision.decision_id}"):
        outcome = _wait(
            settings,
            compliance.topic_holds_state,
            compliance.topic_refusals,
            decision.event_id,
            decision.decision_id,
            args.timeout,
        )
    if outcome is None:
        out(
            f"decision {decision.decision_id} published; no worker applied it within {args.timeout:.0f}s "
            "(it stays queued)"
        )
        return EXIT_FAILED
    if outcome.get("kind") == "decision_rejected":
        sys.stderr.write(
            f"holdline holds decide: refused by the worker ({safe(outcome.get('code'))}): "
            f"{safe(outcome.get('error'))}\n"
        )
        return EXIT_USAGE
    state = outcome.get("status") if outcome.get("kind") == "hold_state" else None
    if state == "open" and isinstance(outcome.get("pending"), dict):
        out(
            f"{args.action} of {decision.event_id} by {reviewer} proposed (decision {decision.decision_id}); "
            "it takes effect when a second reviewer approves it"
        )
        return 0
    out(f"{args.action} of {decision.event_id} by {reviewer} applied (decision {decision.decision_id})")
    return 0


def _wait(
    settings: Settings, state_topic: str, refusals_topic: str, event_id: str, decision_id: str, timeout: float
) -> dict[str, Any] | None:
    from streams.kafka_io import TopicReader
    from streams.security import kafka_python_config

    deadline = time.monotonic() + timeout
    with TopicReader(
        ",".join(settings.bootstrap_servers), [state_topic, refusals_topic], **kafka_python_config(settings)
    ) as reader:
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
                if rec.topic == state_topic and value.get("last_decision_id") == decision_id:
                    return value
    return None
