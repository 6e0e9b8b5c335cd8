"""Pipeline benchmark: events/s through a real broker with screening, against a raw pass-through.

    .venv/bin/python bench/pipeline.py                      # all lists in ../shared/lists
    .venv/bin/python bench/pipeline.py --list builtin       # the built-in October 2019 list

Both sides run as worker processes with the same Faust app settings (`streams.app.faust_config`),
the same raw serializers and the same at-least-once acking (ack on delivery of the output record);
the pass-through only skips decoding, validation and screening. Each round pre-loads the same events,
then starts the worker; throughput is measured from the output records' own timestamps (first to last
decision), so worker start-up and group joins do not count. Rounds alternate pass-through and screening
and the best round of each is kept, since the machine is shared. Latency: with a screening worker
running, events are offered at a fixed rate and event-to-decision latency is the output record's
timestamp minus the input record's timestamp (same host clock).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streams.broker import TansuBroker  # noqa: E402
from streams.harness import Pipeline, Produced, WorkerPool, unique_name  # noqa: E402
from streams.kafka_io import read_until  # noqa: E402
from streams.samples import Sample, SampleGenerator, builtin_entries  # noqa: E402
from streams.settings import Settings, builtin_list_path  # noqa: E402

ALL_LISTS = ROOT / ".." / "shared" / "lists"
TARGET_RATIO = 0.70


def serve_passthrough() -> int:
    """The baseline worker: consume each input record and produce it unchanged to the cleared topic."""
    import faust

    from streams.app import faust_config

    settings = Settings()
    settings.datadir.mkdir(parents=True, exist_ok=True)
    app = faust.App(settings.group_id, **faust_config(settings))
    out = app.topic(settings.topic_cleared, key_serializer="raw", value_serializer="raw")

    async def forward(stream: Any) -> None:
        async for event in stream.noack().events():
            fut = await out.send(key=event.message.key, value=event.message.value)
            fut.add_done_callback(lambda _f, e=event: e.ack())

    for topic in settings.input_topics:
        source = app.topic(topic, key_serializer="raw", value_serializer="raw")
        app.agent(source, name=f"bench.forward.{topic}")(forward)
    worker = app.Worker(loglevel="warning", redirect_stdouts=False, override_logging=False)
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


def _throughput(pipeline: Pipeline, lists: Sequence[str], samples: list[Sample], passthrough: bool,
                pool: WorkerPool, timeout: float) -> float:
    produced = pipeline.produce(samples)
    argv = [sys.executable, str(Path(__file__).resolve()), "--serve-passthrough"] if passthrough else None
    worker = pool.start(pipeline, lists, name="passthrough" if passthrough else "screening", argv=argv)
    if passthrough:
        raw = read_until(pipeline.bootstrap, [pipeline.settings.topic_cleared],
                         lambda recs: len(recs) >= len(produced), timeout=timeout)
        stamps = [r.timestamp_ms for r in raw]
    else:
        outputs = pipeline.read_outputs(produced, timeout=timeout, quiet=0)
        missing = sum(1 for got in outputs.outcomes_of(produced).values() if not got)
        if missing:
            raise RuntimeError(f"{missing} events undecided after {timeout:.0f}s:\n{worker.log_tail()}")
        stamps = [raw.timestamp_ms for _, _, raw in outputs.records]
    if len(stamps) < len(produced):
        raise RuntimeError(f"only {len(stamps)} of {len(produced)} records came out:\n{worker.log_tail()}")
    worker.terminate()
    span = (max(stamps) - min(stamps)) / 1000
    return (len(stamps) - 1) / span if span > 0 else float("inf")


def _latency(pipeline: Pipeline, lists: Sequence[str], samples: list[Sample], rate: float, pool: WorkerPool,
             timeout: float) -> tuple[float, float, float, int]:
    worker = pool.start(pipeline, lists, name="latency")
    worker.wait_ready(timeout=timeout)
    started = time.monotonic()
    produced = pipeline.produce(samples, rate=rate)
    offered = len(produced) / (time.monotonic() - started)
    outputs = pipeline.read_outputs(produced, timeout=timeout, quiet=0)
    sent_ms = _input_timestamps(pipeline, produced)
    position = {p.sample.event_id: (p.topic, p.partition, p.offset) for p in produced
                if p.sample.intent != "deadletter"}
    latencies = []
    for outcome, doc, raw in outputs.records:
        if outcome == "deadletter":
            src = doc.get("source") or {}
            key = (src.get("topic"), src.get("partition"), src.get("offset"))
        else:
            key = position.get(doc.get("event_id"))
        if key in sent_ms:
            latencies.append((raw.timestamp_ms - sent_ms[key]) / 1000)
    worker.terminate()
    if len(latencies) < len(produced):
        raise RuntimeError(f"latency known for {len(latencies)} of {len(produced)} events")
    q = statistics.quantiles(latencies, n=100)
    return q[49], q[98], offered, len(latencies)


def _input_timestamps(pipeline: Pipeline, produced: list[Produced]) -> dict[tuple[str, int, int], int]:
    wanted = {(p.topic, p.partition, p.offset) for p in produced}
    raw = read_until(pipeline.bootstrap, list(pipeline.settings.input_topics),
                     lambda recs: len(recs) >= len(wanted), timeout=60)
    return {(r.topic, r.partition, r.offset): r.timestamp_ms for r in raw}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", dest="lists", action="append", metavar="PATH",
                        help=f"list file or directory, repeatable; 'builtin' for the built-in list "
                             f"(default: {ALL_LISTS.resolve()})")
    parser.add_argument("--events", type=int, default=3000, help="events per throughput round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each side (best kept)")
    parser.add_argument("--rate", type=float, default=200.0, help="offered rate of the latency run, events/s")
    parser.add_argument("--latency-seconds", type=float, default=15.0, help="length of the latency run")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--serve-passthrough", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_passthrough:
        return serve_passthrough()

    lists = [str(builtin_list_path()) if p == "builtin" else str(Path(p).resolve())
             for p in (args.lists or [str(ALL_LISTS)])]
    timeout = 600.0
    entries = builtin_entries()
    samples = list(SampleGenerator(entries, seed=1).samples(args.events))
    print(f"pipeline benchmark: {args.events} events/round, {args.rounds} rounds, lists {', '.join(lists)}")
    results: dict[str, list[float]] = {"passthrough": [], "screening": []}
    with tempfile.TemporaryDirectory(prefix="holdline-bench-") as tmp, TansuBroker() as broker:
        pool = WorkerPool()
        try:
            for r in range(args.rounds):
                for side in ("passthrough", "screening"):
                    pipeline = Pipeline.create(broker.url, unique_name(f"bench-{side}-{r}"),
                                               Path(tmp) / f"{side}{r}", partitions=args.partitions)
                    eps = _throughput(pipeline, lists, samples, side == "passthrough", pool, timeout)
                    results[side].append(eps)
                    print(f"  round {r + 1} {side:<12} {eps:8.0f} events/s", flush=True)
            best = {side: max(v) for side, v in results.items()}
            ratio = best["screening"] / best["passthrough"]
            print(f"throughput: screening {best['screening']:.0f} events/s, pass-through "
                  f"{best['passthrough']:.0f} events/s, ratio {ratio:.2f} (target >= {TARGET_RATIO:.2f}: "
                  f"{'met' if ratio >= TARGET_RATIO else 'NOT met'})", flush=True)

            n = int(args.rate * args.latency_seconds)
            latency_samples = list(SampleGenerator(entries, seed=2).samples(n))
            pipeline = Pipeline.create(broker.url, unique_name("bench-latency"), Path(tmp) / "latency",
                                       partitions=args.partitions)
            p50, p99, offered, count = _latency(pipeline, lists, latency_samples, args.rate, pool, timeout)
            print(f"latency at {offered:.0f} events/s offered ({count} events): p50 {p50 * 1000:.1f} ms, "
                  f"p99 {p99 * 1000:.1f} ms")
        finally:
            pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
