"""`holdline topics create`: create every topic the product uses (brokers here never auto-create them)."""

from __future__ import annotations

import argparse
import sys

EXIT_USAGE = 2
EXIT_BROKER = 2  # the code of every command that cannot reach the broker (streams.cli.broker_errors)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("topics", help="manage the product's Kafka topics")
    sub = p.add_subparsers(dest="topics_command", required=True, metavar="ACTION")
    create = sub.add_parser("create", help="create every topic the product uses (existing ones are kept)")
    create.add_argument("--broker", help="kafka://HOST:PORT (env HOLDLINE_BROKER)")
    create.add_argument("--partitions", type=int, help="partitions per topic (env HOLDLINE_PARTITIONS)")
    create.add_argument("--replication-factor", type=int, help="env HOLDLINE_REPLICATION_FACTOR")
    create.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for the broker")
    create.set_defaults(handler=run_create)


def run_create(args: argparse.Namespace) -> int:
    from kafka.errors import KafkaError
    from pydantic import ValidationError

    from streams.cli.broker_errors import broker_message, require_broker
    from streams.settings import Settings
    from streams.topics import create_topics, product_topics

    try:
        settings = Settings().with_overrides(
            broker=args.broker, partitions=args.partitions, replication_factor=args.replication_factor
        )
    except ValidationError as exc:
        sys.stderr.write(f"holdline topics create: invalid settings: {exc}\n")
        return EXIT_USAGE
    if args.timeout <= 0:
        sys.stderr.write("holdline topics create: --timeout must be > 0\n")
        return EXIT_USAGE
    specs = product_topics(settings)
    require_broker(settings.broker, settings.bootstrap_servers, wait=min(args.timeout, 3.0))
    try:
        result = create_topics(settings, specs, timeout_ms=int(args.timeout * 1000))
    except (KafkaError, OSError) as exc:
        sys.stderr.write(broker_message("topics create", exc, settings.broker) + "\n")
        return EXIT_BROKER
    for spec in specs:
        state = "created" if spec.name in result.created else "exists"
        print(
            f"{state:<8} {spec.name:<28} partitions={spec.partitions} rf={spec.replication_factor}  "
            f"{spec.purpose}"
        )
    for name, have in sorted(result.fewer_partitions.items()):
        print(
            f"warning: {name} has {have} partitions, fewer than the {settings.partitions} asked for; "
            "left as is (adding partitions would reorder keys)",
            file=sys.stderr,
        )
    return 0
