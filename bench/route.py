"""What the input bounds cost and what they save: `Processor.route` on ordinary and hostile events.

Two figures, each a ratio measured in the same run:

- decode: the hardened `read_event` (one strict `json.loads` refusing duplicate keys, a nesting walk,
  then pydantic validation) against the previous fast path (pydantic's `model_validate_json` alone), per
  ordinary event; and a whole `route` (decode, `other` parties, screening from a warm cache, record);
- hostile: `route` time and peak allocation of the inputs that used to stall a partition (issue 11),
  against an ordinary event's.

    .venv/bin/python -m bench.route [--events N] [--repeat R] [--json]
    .venv/bin/python -m bench.route --engine-share ../shared/lists [--hold-rate 0.01] [--events N]
    .venv/bin/python -m bench.route --held-cost [--hold-rate 0.3] [--events N] [--repeat R]

`--held-cost`: what a held event costs beyond a cleared one where the worker handles its record after
screening, in process (CPU time, medians of `--repeat`): the compliance consumer's `on_output` per hold
and per cleared record (hold state folded and encoded, open event), with the hold state encoded as
before (a dict dump through `json.dumps`) and as now (pydantic-core from the state, decision 0525) in the
same run; and the worker's allow-list read-back of a hold (`HoldRecord.model_validate_json`) that the
pre-check now skips when no allowance names a matched entry (decision 0526).

With `--against DIR` (a checkout of `streams` and `matchers` from before, e.g.
`git archive main streams matchers | tar -x -C /tmp/base`), it instead times a whole `route_many` over
the same sample events in alternating child processes, this tree against DIR, and prints the CPU time
per event (`time.process_time`: less disturbed by other load on a shared machine) and the median ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from matchers import Screener
from streams.cache import PartyCache
from streams.events import EVENT_TYPES
from streams.metrics import Metrics
from streams.processing import Inbound, Processor, read_event
from streams.samples import SampleGenerator, builtin_entries
from streams.screening_child import PinnedSnapshot
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder

LISTED = "Hikvision Co., Ltd."


def _order(**fields: Any) -> bytes:
    base = {
        "event_id": "e-1",
        "event_type": "purchase_order",
        "occurred_at": "2024-01-01T00:00:00Z",
        "po_number": "PO-1",
        "buyer": {"name": "Northwind Traders"},
    }
    return json.dumps({**base, **fields}).encode()


def hostile_inputs() -> dict[str, bytes]:
    return {
        "name 'trading ' x 10,000 (80 KB)": _order(supplier={"name": "trading " * 10_000}),
        "one 30,000-character word": _order(supplier={"name": "x" * 30_000}),
        "four 16 KB party names": _order(
            **{
                r: {"name": ("Acme Trading " * 1300)[:16_000]}
                for r in ("buyer", "supplier", "ship_to", "end_user")
            }
        ),
        "999 KB order naming a listed party": _order(supplier={"name": LISTED}, notes="n" * 999_000),
        "duplicate supplier key": _order(supplier={"name": LISTED})[:-1] + b', "supplier": {"name": "x"}}',
        "100,000-level nesting": _order()[:-1] + b', "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "name of zero-width spaces": _order(supplier={"name": "\u200b" * 10}),
        "60 parties in an unknown array": _order(parties=[{"name": f"Party {i}"} for i in range(60)]),
    }


_AB_CHILD = """
import json, logging, statistics, time
logging.disable(logging.CRITICAL)
from matchers import Screener
from streams.metrics import Metrics
from streams.processing import Inbound, Processor
from streams.samples import SampleGenerator, builtin_entries
from streams.screening_child import PinnedSnapshot
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder
settings = Settings()
holder = SnapshotHolder(Metrics(), freeze_gc=False)
holder.swap(Screener.from_paths([builtin_list_path()]), [builtin_list_path()])
processor = Processor(settings, holder, Metrics())
topics = {"purchases": settings.topic_purchases, "shipments": settings.topic_shipments}
msgs = [Inbound(topics[s.stream], 0, i, s.key, s.value, 1.0)
        for i, s in enumerate(SampleGenerator(builtin_entries(), seed=3).samples(EVENTS))]
processor.route_many(msgs)
times = []
for _ in range(REPEAT):
    started = time.process_time()
    processor.route_many(msgs)
    times.append(time.process_time() - started)
print(json.dumps(statistics.median(times) / len(msgs)))
"""


def against(base: str, events: int, repeat: int, rounds: int) -> dict[str, float]:
    """CPU time per event of a whole `route_many`, this tree vs `base`, in alternating processes."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    here = str(Path(__file__).resolve().parents[1])
    code = _AB_CHILD.replace("EVENTS", str(events)).replace("REPEAT", str(repeat))

    def once(src: str) -> float:
        env = {**os.environ, "PYTHONPATH": src}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=src
        )
        return float(out.stdout.strip().splitlines()[-1])

    pairs = [(once(base), once(here)) for _ in range(rounds)]
    return {
        "base_us": round(statistics.median(b for b, _ in pairs) * 1e6, 1),
        "this_us": round(statistics.median(t for _, t in pairs) * 1e6, 1),
        "ratio": round(statistics.median(t / b for b, t in pairs), 2),
        "rounds": rounds,
    }


def _median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--against", metavar="DIR", help="time whole routes against this older tree")
    parser.add_argument("--rounds", type=int, default=5, help="alternations with --against")
    parser.add_argument(
        "--engine-share",
        metavar="LISTS",
        help="split a screening process's CPU per event into the engine's and the streams side's, "
        "screening against these lists (e.g. ../shared/lists)",
    )
    parser.add_argument(
        "--hold-rate", type=float, default=None, help="listed share (--engine-share 0.01, --held-cost 0.3)"
    )
    parser.add_argument("--held-cost", action="store_true", help="a hold's cost after screening (above)")
    parser.add_argument(
        "--as-thread",
        action="store_true",
        help="with --engine-share: as the worker's fallback thread routes (a metric call per cache lookup)",
    )
    args = parser.parse_args()
    if args.held_cost:
        held_cost(args.events, 0.3 if args.hold_rate is None else args.hold_rate, args.repeat)
        return
    if args.engine_share:
        rate = 0.01 if args.hold_rate is None else args.hold_rate
        engine_share(args.engine_share, args.events, rate, args.as_thread)
        return
    if args.against:
        result = against(args.against, args.events, args.repeat, args.rounds)
        print(
            json.dumps(result)
            if args.json
            else f"route CPU time per event: {result['base_us']} us ({args.against}) -> "
            f"{result['this_us']} us (this tree), median ratio x{result['ratio']} "
            f"over {result['rounds']} alternations"
        )
        return

    settings = Settings()
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.swap(Screener.from_paths([builtin_list_path()]), [builtin_list_path()])
    processor = Processor(settings, holder, Metrics())
    topics = {"purchases": settings.topic_purchases, "shipments": settings.topic_shipments}
    types = {"purchases": "purchase_order", "shipments": "shipment"}
    samples = [
        s for s in SampleGenerator(builtin_entries(), seed=3).samples(args.events) if s.intent != "deadletter"
    ]
    msgs = [Inbound(topics[s.stream], 0, i, s.key, s.value, 1.0) for i, s in enumerate(samples)]
    processor.route_many(msgs)  # warm the party cache: the steady state of a running worker

    def old_decode() -> None:
        for s in samples:
            EVENT_TYPES[types[s.stream]].model_validate_json(s.value)

    def new_decode() -> None:
        for s in samples:
            read_event(s.value, types[s.stream], processor.limits)

    n = len(samples)
    old = _median_seconds(old_decode, args.repeat) / n
    new = _median_seconds(new_decode, args.repeat) / n
    route = _median_seconds(lambda: processor.route_many(msgs), args.repeat) / n
    results: dict[str, Any] = {
        "events": n,
        "decode_before_us": round(old * 1e6, 1),
        "decode_hardened_us": round(new * 1e6, 1),
        "decode_ratio": round(new / old, 2),
        "route_us": round(route * 1e6, 1),
        "decode_share_of_route_added": round((new - old) / route, 3),
        "hostile": {},
    }
    ordinary = msgs[0]
    base_peak = _peak(lambda: processor.route(ordinary))
    for label, value in hostile_inputs().items():
        msg = Inbound(settings.topic_purchases, 0, 1, b"k", value, 1.0)
        seconds = _median_seconds(lambda m=msg: processor.route(m), 3)
        out = processor.route(msg)
        peak = _peak(lambda m=msg: processor.route(m))
        results["hostile"][label] = {
            "outcome": out.summary.outcome,
            "reason": out.summary.deadletter_reason or out.summary.hold_reason,
            "ms": round(seconds * 1000, 2),
            "x_ordinary": round(seconds / route, 1),
            "peak_mb": round(peak / 2**20, 1),
            "peak_x_ordinary": round(peak / max(base_peak, 1), 1),
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{n} ordinary events (warm cache), median of {args.repeat}:")
    print(
        f"  decode: {results['decode_before_us']} us before -> {results['decode_hardened_us']} us hardened "
        f"(x{results['decode_ratio']}); whole route {results['route_us']} us/event, "
        f"{results['decode_share_of_route_added']:.1%} of it added by the hardened decode"
    )
    print("hostile inputs (route, one event):")
    for label, r in results["hostile"].items():
        print(
            f"  {label:40s} {r['outcome']:10s} {r['reason'] or '':20s} {r['ms']:8.2f} ms "
            f"(x{r['x_ordinary']} ordinary)  peak {r['peak_mb']} MB"
        )


class _TimedScreener:
    """The screener with the CPU time of its `screen` calls added up into `spent[0]`."""

    def __init__(self, screener: Screener, spent: list[float]) -> None:
        self._screener = screener
        self._spent = spent

    def screen(self, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return self._screener.screen(*args, **kwargs)
        finally:
            self._spent[0] += time.process_time() - started

    def __getattr__(self, name: str) -> Any:
        return getattr(self._screener, name)


def engine_share(lists: str, events: int, hold_rate: float, as_thread: bool = False) -> None:
    """What `Processor.route_many` (the screening process's work) spends per event, and how much of it is
    the engine's (`Screener.screen`, timed around each call) against the streams side's (decoding,
    validating, the party cache, building and encoding the record), over the pipeline benchmark's sample
    traffic with a party cache as a worker's; then the same events again with every party cached: the
    streams side alone. CPU time (`time.process_time`).

    The processor is set up as a screening process runs it (`streams.screening_child.child_main`): its
    own party cache, whose hits are counted per batch rather than by a metric call per party, and the
    durations kept in a list. `as_thread`: as the worker's fallback thread runs it instead (the
    snapshot's cache, with a Prometheus counter per lookup).
    """
    settings = Settings()
    holder = SnapshotHolder(Metrics(), cache_size=settings.screen_cache_size)
    holder.load([lists], settings.threshold)
    screener = holder.current.screener
    assert screener is not None, holder.current.error
    processor = Processor(settings, holder, Metrics())
    spent = [0.0]
    timed_screener = _TimedScreener(screener, spent)  # a compiled Screener's methods cannot be replaced
    if as_thread:
        pinned = dataclasses.replace(holder.current, screener=timed_screener)
    else:
        pinned = dataclasses.replace(
            holder.current, screener=timed_screener, cache=PartyCache(settings.screen_cache_size)
        )
        durations: list[float] = []
        processor.observe_duration = durations.append
    processor.snapshots = PinnedSnapshot(pinned)  # type: ignore[assignment]
    topics = {"purchases": settings.topic_purchases, "shipments": settings.topic_shipments}
    samples = [
        s
        for s in SampleGenerator(builtin_entries(), seed=1, listed_share=hold_rate).samples(events + 500)
        if s.intent != "deadletter"
    ]
    msgs = [Inbound(topics[s.stream], 0, i, s.key, s.value, 1.0) for i, s in enumerate(samples)]
    processor.route_many(msgs[:500])  # first-use tables and a party cache that has seen some traffic
    msgs = msgs[500:]
    # The name check before screening normalises the name (the engine's work, memoised and reused by the
    # screen that follows): counted as the engine's.
    import streams.decide as decide_module

    normalise = decide_module.normalise_name

    def timed_normalise(*a: Any, **k: Any) -> Any:
        started = time.process_time()
        try:
            return normalise(*a, **k)
        finally:
            spent[0] += time.process_time() - started

    decide_module.normalise_name = timed_normalise  # type: ignore[assignment]
    cache = pinned.cache
    hits0, misses0 = (cache.hits, cache.misses) if cache is not None else (0, 0)
    spent[0] = 0.0  # the warm-up's screening is not counted
    started = time.process_time()
    processor.route_many(msgs)
    total = time.process_time() - started
    hits, misses = (cache.hits - hits0, cache.misses - misses0) if cache is not None else (0, 0)
    started = time.process_time()
    processor.route_many(msgs)
    cached = time.process_time() - started
    n = len(msgs)
    engine = spent[0]
    print(
        f"{n} events at hold rate {hold_rate:.0%}, lists {lists}, "
        f"{'in the worker thread' if as_thread else 'as in a screening process'}; party cache served "
        f"{hits / max(1, hits + misses):.0%} of parties:\n"
        f"  route_many {total / n * 1e6:.0f} us CPU per event: engine (Screener.screen, normalise_name) "
        f"{engine / n * 1e6:.0f} us ({engine / total:.0%}), streams side {(total - engine) / n * 1e6:.0f} us "
        f"({(total - engine) / total:.0%})\n"
        f"  the same events again, every party cached: {cached / n * 1e6:.0f} us per event (the streams "
        f"side's own work); the rest, {(total - cached) / n * 1e6:.0f} us ({(total - cached) / total:.0%}), "
        "is screening the uncached parties, with what it leaves outside the engine's timer (the "
        "collector's runs over its garbage, colder CPU caches)"
    )


def _peak(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class _CountingWriter:
    """Stands in for the compliance runtime's `StateWriter` (which needs a broker): takes each record and
    hands back a delivered future, so only the runtime's own work is timed."""

    def __init__(self) -> None:
        self.records = 0

    async def enqueue(self, topic: str, key: str, value: bytes | None) -> asyncio.Future[None]:
        self.records += 1
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        future.set_result(None)
        return future


def held_cost(events: int, hold_rate: float, repeat: int) -> None:
    """See the module docstring (`--held-cost`)."""
    from prometheus_client import CollectorRegistry

    from streams.compliance.holds_state import HoldsBook, encode_state
    from streams.compliance.processor import fold_hold
    from streams.compliance.readback import read_output
    from streams.compliance.runtime import ComplianceRuntime
    from streams.records import HoldRecord, ReceivedHold

    settings = Settings()
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.load([builtin_list_path()], settings.threshold)
    processor = Processor(settings, holder, Metrics())
    topics = {"purchases": settings.topic_purchases, "shipments": settings.topic_shipments}
    samples = SampleGenerator(builtin_entries(), seed=1, listed_share=hold_rate, malformed_share=0)
    msgs = [
        Inbound(topics[s.stream], 0, i, s.key, s.value, 1.0) for i, s in enumerate(samples.samples(events))
    ]
    outs = [o for o in processor.route_many(msgs) if o.topic in (settings.topic_hold, settings.topic_cleared)]
    holds = [o for o in outs if o.topic == settings.topic_hold]
    cleared = [o for o in outs if o.topic == settings.topic_cleared]
    read_holds = [read_output(o.value, False) for o in holds]
    read_cleared = [read_output(o.value, True) for o in cleared]

    def per_record(fn: Callable[[], Any], n: int) -> float:
        runs = []
        for _ in range(repeat):
            started = time.process_time()
            fn()
            runs.append((time.process_time() - started) / n * 1e6)
        return statistics.median(runs)

    def consume(records: list[Any], topic: str) -> Callable[[], None]:
        def run() -> None:
            runtime = ComplianceRuntime(settings, settings.compliance, holder, CollectorRegistry())
            runtime.writer = _CountingWriter()  # type: ignore[assignment]
            runtime.started.set()

            async def go() -> None:
                for record in records:
                    await runtime.on_output(topic, 0, record)

            asyncio.run(go())

        return run

    state_hold = {r.event_id: r for r in read_holds if isinstance(r, ReceivedHold)}
    hold_us = per_record(consume(read_holds, settings.topic_hold), len(read_holds))
    cleared_us = per_record(consume(read_cleared, settings.topic_cleared), len(read_cleared))
    read_hold_us = per_record(lambda: [read_output(o.value, False) for o in holds], len(holds))
    read_cleared_us = per_record(lambda: [read_output(o.value, True) for o in cleared], len(cleared))
    dumped = [fold_hold(HoldsBook(), r) for r in state_hold.values()]
    states = [s for s in dumped if s is not None]
    dict_dump_us = per_record(
        lambda: [json.dumps(s.model_dump(mode="json"), default=str).encode() for s in states], len(states)
    )
    direct_us = per_record(lambda: [encode_state(s) for s in states], len(states))
    read_back_us = per_record(lambda: [HoldRecord.model_validate_json(o.value) for o in holds], len(holds))
    print(
        f"{len(holds)} holds, {len(cleared)} cleared records (hold rate {hold_rate:.0%}, built-in list); "
        f"CPU us per record, median of {repeat}"
    )
    print(
        f"compliance consumer, reading a record back: hold {read_hold_us:6.1f}  "
        f"cleared {read_cleared_us:6.1f}"
    )
    print(f"compliance consumer, on_output:             hold {hold_us:6.1f}  cleared {cleared_us:6.1f}")
    print(
        f"hold state encoding: dict dump + json.dumps {dict_dump_us:6.1f}  pydantic-core from the state "
        f"{direct_us:6.1f}  (x{dict_dump_us / direct_us:.2f})"
    )
    print(
        f"worker, allow-list read-back of a hold: {read_back_us:6.1f} us, skipped when no allowance names "
        f"a matched entry (holds with an empty allow-list: all of them)"
    )


if __name__ == "__main__":
    main()
