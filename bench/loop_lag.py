"""Event-loop responsiveness while the worker screens: inline on the loop vs. the worker's design.

A probe on the asyncio loop asks to sleep `--probe-ms` and records how late it wakes up (the same probe
the worker exports as `holdline_event_loop_lag_seconds`). Heartbeats, offset commits, fetches and the
`/healthz` and `/metrics` views all wait behind whatever holds the loop, so its lag is what they see.
Two ways to screen the same events with the same `streams.processing.Processor`, in one run:

- `inline`: screen each event on the loop (yielding between events), the naive agent;
- `thread`: the worker's design: batches of up to `max_batch` events screened in one worker thread.

Parties are distinct ordinary company names and the screening cache is off, so every party costs a full
screening (the worst case: a burst of new counterparties, or the first minutes after a list swap).

    .venv/bin/python bench/loop_lag.py [--events N] [--list PATH ...] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from streams.metrics import Metrics
from streams.processing import Inbound, Processor
from streams.settings import Settings
from streams.snapshot import SnapshotHolder

ROOT = Path(__file__).resolve().parents[1]

SHARED = ROOT / ".." / "shared"
NAMES_CSV = SHARED / "names" / "companies_dev.csv"
ROLES = ("buyer", "supplier", "ship_to", "end_user")


def make_events(n: int) -> list[Inbound]:
    with NAMES_CSV.open(newline="") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    msgs = []
    for i in range(n):
        event = {
            "event_id": f"bench-{i}",
            "event_type": "purchase_order",
            "occurred_at": "2026-01-01T00:00:00Z",
            "po_number": f"PO-{i}",
        }
        for j, role in enumerate(ROLES):
            event[role] = {"name": names[(i * len(ROLES) + j) % len(names)], "country": "US"}
        msgs.append(Inbound("procurement.purchases", 0, i, None, json.dumps(event).encode()))
    return msgs


def clear_engine_caches() -> None:
    """Clear the engine's functools caches so each mode screens cold names."""
    for name, module in list(sys.modules.items()):
        if name == "matchers" or name.startswith("matchers."):
            for attr in vars(module).values():
                clear = getattr(attr, "cache_clear", None)
                if callable(clear):
                    clear()


async def _probe(interval: float, samples: list[float], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        started = loop.time()
        await asyncio.sleep(interval)
        samples.append(max(0.0, loop.time() - started - interval))


async def run_mode(
    mode: str, processor: Processor, msgs: list[Inbound], batch: int, interval: float
) -> dict[str, Any]:
    samples: list[float] = []
    stop = asyncio.Event()
    probe = asyncio.ensure_future(_probe(interval, samples, stop))
    await asyncio.sleep(interval * 2)
    started = time.perf_counter()
    if mode == "inline":
        for msg in msgs:
            processor.route(msg)
            await asyncio.sleep(0)
    else:
        with ThreadPoolExecutor(max_workers=1) as executor:
            for i in range(0, len(msgs), batch):
                await processor.process(msgs[i : i + batch], executor)
    elapsed = time.perf_counter() - started
    stop.set()
    await probe
    samples.sort()
    return {
        "mode": mode,
        "events_per_s": round(len(msgs) / elapsed, 1),
        "probe_samples": len(samples),
        "lag_p50_ms": round(1000 * statistics.median(samples), 2),
        "lag_p99_ms": round(1000 * samples[min(len(samples) - 1, int(0.99 * len(samples)))], 2),
        "lag_max_ms": round(1000 * samples[-1], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=800)
    parser.add_argument(
        "--list", dest="lists", action="append", help="list files/dirs (default: all of ../shared/lists)"
    )
    parser.add_argument("--probe-ms", type=float, default=10.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    lists = tuple(args.lists or [str(SHARED / "lists")])
    settings = Settings(lists=lists, screen_cache_size=0)
    metrics = Metrics()
    holder = SnapshotHolder(metrics, cache_size=0)
    t0 = time.perf_counter()
    snapshot = holder.load(settings.lists, settings.threshold)
    if not snapshot.loaded:
        print(f"cannot load lists: {snapshot.error}", file=sys.stderr)
        return 1
    load_s = time.perf_counter() - t0
    gc.collect()
    gc.freeze()  # as the worker does after a load: full collections then skip the snapshot's objects
    processor = Processor(settings, holder, metrics)
    interval = args.probe_ms / 1000
    msgs = make_events(args.events)
    results = []
    for mode in ("inline", "thread"):
        clear_engine_caches()  # same names in both modes: the second must not find them cached
        gc.collect()
        results.append(asyncio.run(run_mode(mode, processor, msgs, settings.max_batch, interval)))
    inline, thread = results
    summary = {
        "entries": len(snapshot.screener.entries) if snapshot.screener else 0,
        "load_s": round(load_s, 2),
        "events": args.events,
        "parties_per_event": len(ROLES),
        "results": results,
        "p99_lag_ratio_inline_over_thread": round(inline["lag_p99_ms"] / max(thread["lag_p99_ms"], 0.01), 1),
        "throughput_ratio_thread_over_inline": round(thread["events_per_s"] / inline["events_per_s"], 2),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"lists: {summary['entries']} entries, loaded in {summary['load_s']}s; {args.events} events x "
        f"{len(ROLES)} distinct parties, cache off; probe every {args.probe_ms:g} ms"
    )
    print(f"{'mode':<8} {'events/s':>9} {'lag p50 ms':>11} {'lag p99 ms':>11} {'lag max ms':>11}")
    for r in results:
        print(
            f"{r['mode']:<8} {r['events_per_s']:>9} {r['lag_p50_ms']:>11} {r['lag_p99_ms']:>11} "
            f"{r['lag_max_ms']:>11}"
        )
    print(
        f"p99 loop lag inline / thread: {summary['p99_lag_ratio_inline_over_thread']}x; "
        f"throughput thread / inline: {summary['throughput_ratio_thread_over_inline']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
