"""`holdline produce`: put realistic sample purchase-order and shipment events on the input topics.

For demos, smoke tests and load: some events name listed parties (from the built-in list) in any role
and in real-world spellings, some are malformed, the rest are ordinary trade between invented companies.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streams.samples import Sample
    from streams.settings import Settings

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("produce", help="produce sample purchase and shipment events")
    p.add_argument("--broker", help="kafka://HOST:PORT (default: HOLDLINE_BROKER)")
    p.add_argument("--sample", type=int, required=True, metavar="N", help="number of events to produce")
    p.add_argument("--rate", type=float, metavar="R", help="events per second (default: as fast as possible)")
    p.add_argument("--seed", type=int, help="random seed: the same seed gives the same events")
    p.add_argument("--listed-share", type=float, default=0.15, help="share of events naming a listed party")
    p.add_argument("--malformed-share", type=float, default=0.05, help="share of malformed events")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p.set_defaults(handler=run)


def topic_for(sample: Sample, settings: Settings) -> str:
    return settings.topic_purchases if sample.stream == "purchases" else settings.topic_shipments


def run(args: argparse.Namespace) -> int:
    from streams.cli.errors import load_settings
    from streams.kafka_io import Producer
    from streams.samples import SampleGenerator, builtin_entries
    from streams.security import kafka_python_config

    if args.sample < 0 or (args.rate is not None and args.rate <= 0):
        sys.stderr.write("holdline produce: --sample must be >= 0 and --rate > 0\n")
        return EXIT_USAGE
    if not (
        0 <= args.listed_share <= 1
        and 0 <= args.malformed_share <= 1
        and args.listed_share + args.malformed_share <= 1
    ):
        sys.stderr.write("holdline produce: shares must be in [0, 1] and sum to at most 1\n")
        return EXIT_USAGE
    settings = load_settings(broker=args.broker)

    from streams.cli.broker_errors import require_broker

    require_broker(settings.broker, settings.bootstrap_servers)
    generator = SampleGenerator(
        builtin_entries(),
        seed=args.seed,
        listed_share=args.listed_share,
        malformed_share=args.malformed_share,
    )
    counts: Counter[tuple[str, str]] = Counter()
    interval = 1.0 / args.rate if args.rate else 0.0
    start = time.monotonic()
    with Producer(
        ",".join(settings.bootstrap_servers),
        settings.producer_one_record_per_batch,
        **kafka_python_config(settings),
    ) as producer:
        futures = []
        for i, sample in enumerate(generator.samples(args.sample)):
            if interval:
                delay = start + i * interval - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            topic = topic_for(sample, settings)
            futures.append(producer.send(topic, sample.value, sample.key))
            counts[(topic, sample.intent)] += 1
            if not args.quiet:
                print(describe(sample, topic))
        producer.flush()
        for future in futures:
            future.get(timeout=30)
    elapsed = time.monotonic() - start
    print(f"produced {args.sample} events in {elapsed:.1f}s to {settings.broker}")
    for (topic, intent), n in sorted(counts.items()):
        print(f"  {topic:<28} {intent:<11} {n}")
    return 0


def describe(sample: Sample, topic: str) -> str:
    what: str = sample.intent
    if sample.defect:
        what = f"malformed ({sample.defect.value})"
    elif sample.listed:
        what = "; ".join(f"{p.role}={p.written_as!r} ({p.variant.value})" for p in sample.listed)
    return f"{topic} {sample.key.decode()} {sample.event_id or '-'} {what}"
