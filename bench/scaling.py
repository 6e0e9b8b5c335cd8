"""Scaling benchmark: aggregate throughput of two worker processes in one consumer group against one.

    .venv/bin/python bench/scaling.py                       # all lists in ../shared/lists
    .venv/bin/python bench/scaling.py --list builtin        # the built-in October 2019 list

Each round starts N workers (N = 1, then 2) in one consumer group on fresh topics with P partitions per
input topic, waits until the group has formed (every input partition owned, by every worker), then
produces the whole batch of events at once (batched, far faster than the workers decide) and waits until
every event has its decision. Throughput is measured on the output records' own timestamps, first decision
to last, so start-up, list loading and the group's first rebalance do not count. Rounds alternate N = 1
and N = 2 and the best of each is kept, since the machine is shared.

Scaling is bounded by the cores the workers get: on a 2-core machine that also runs the broker, the
producer, the output reader and other people's work, a ratio well below 2 is expected; the CPU count and
load are printed beside it. So that the figures also serve for sizing on other hardware, the CPU time each
worker process and the broker used inside the measured window is sampled from /proc: "events per worker
CPU-second" is what one fully used core decides, whatever else shares the machine.
"""

from __future__ import annotations

import argparse
import bisect
import os
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from streams.kafka_io import Producer
from streams.samples import Sample, SampleGenerator, builtin_entries
from streams.settings import builtin_list_path
from tests.support.broker import TansuBroker
from tests.support.harness import Pipeline, Produced, WorkerPool, WorkerProcess, unique_name

ROOT = Path(__file__).resolve().parents[1]

ALL_LISTS = ROOT / ".." / "shared" / "lists"


TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int | str) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children so far (a worker's screening processes are
    its children); 0.0 once it is gone."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat(pid) if int(entry) == pid else _stat(entry)
        if fields is not None and (int(entry) == pid or fields[1] == str(pid)):
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


class CpuSampler:
    """Samples the CPU time of some processes a few times a second, to read it back for any wall window."""

    def __init__(self, pids: dict[str, int], interval: float = 0.1) -> None:
        self.pids = pids
        self.interval = interval
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), {k: cpu_seconds(p) for k, p in self.pids.items()}))
            self._stop.wait(self.interval)

    def used(self, start: float, end: float) -> dict[str, float]:
        """CPU seconds each process used between two wall-clock times (nearest samples)."""
        times = [t for t, _ in self.samples]

        def at(when: float) -> dict[str, float]:
            i = min(bisect.bisect_left(times, when), len(times) - 1)
            return self.samples[i][1]

        first, last = at(start), at(end)
        return {k: last[k] - first[k] for k in self.pids}


@dataclass(frozen=True)
class Round:
    workers: int
    events_per_s: float
    share: tuple[int, ...]  # events decided by each worker (from its own /metrics)
    worker_cpu: float  # CPU seconds all workers used while the events were decided
    broker_cpu: float
    events: int

    @property
    def events_per_cpu_s(self) -> float:
        return self.events / self.worker_cpu if self.worker_cpu > 0 else float("inf")


def _owned_inputs(worker: WorkerProcess, inputs: Sequence[str]) -> set[tuple[str, str]]:
    """Input partitions a worker consumes (its lag series are exactly its fetched partitions)."""
    return {
        (labels["topic"], labels["partition"])
        for (name, frozen), _ in worker.metrics().items()
        if name == "holdline_consumer_lag"
        for labels in [dict(frozen)]
        if labels["topic"] in inputs
    }


def _wait_for_group(
    workers: Sequence[WorkerProcess], pipeline: Pipeline, partitions: int, timeout: float
) -> None:
    inputs = pipeline.settings.input_topics
    every = {(t, str(p)) for t in inputs for p in range(partitions)}
    deadline = time.monotonic() + timeout
    for worker in workers:
        worker.wait_ready(timeout=timeout)
    while time.monotonic() < deadline:
        owned = [_owned_inputs(w, inputs) for w in workers]
        if set().union(*owned) == every and all(owned):
            return
        time.sleep(0.5)
    raise RuntimeError(f"the group of {len(workers)} did not settle within {timeout:.0f}s")


def _produce_batched(pipeline: Pipeline, samples: Sequence[Sample]) -> list[Produced]:
    with Producer(pipeline.bootstrap, one_record_per_batch=False) as producer:
        pending = [(s, producer.send(pipeline.topic_for(s), s.value, s.key)) for s in samples]
        producer.flush()
        out = []
        for sample, future in pending:
            meta = future.get(timeout=60)
            out.append(Produced(sample, meta.topic, meta.partition, meta.offset))
    return out


def run_round(
    broker: TansuBroker,
    tmp: Path,
    label: str,
    lists: Sequence[str],
    samples: list[Sample],
    workers: int,
    partitions: int,
    timeout: float,
) -> Round:
    pipeline = Pipeline.create(broker.url, unique_name(label), tmp / label, partitions=partitions)
    pool = WorkerPool()
    try:
        started = [pool.start(pipeline, lists, name=f"w{i + 1}") for i in range(workers)]
        _wait_for_group(started, pipeline, partitions, timeout)
        pids = {w.name: int(w.pid or 0) for w in started} | {"broker": int(broker.pid or 0)}
        with CpuSampler(pids) as sampler:
            produced = _produce_batched(pipeline, samples)
            pipeline.wait_committed(produced, timeout=timeout)  # read after: the reader would take CPU
        outputs = pipeline.read_outputs(produced, timeout=timeout, quiet=0)
        undecided = sum(1 for got in outputs.outcomes_of(produced).values() if not got)
        if undecided:
            logs = "\n".join(w.log_tail(2000) for w in started)
            raise RuntimeError(f"{undecided} events undecided after {timeout:.0f}s:\n{logs}")
        stamps = [raw.timestamp_ms for _, _, raw in outputs.records]
        used = sampler.used(min(stamps) / 1000, max(stamps) / 1000)
        share = tuple(
            int(sum(v for (name, _), v in w.metrics().items() if name == "holdline_events_total"))
            for w in started
        )
        for worker in started:
            worker.terminate()
    finally:
        pool.close()
    span = (max(stamps) - min(stamps)) / 1000
    worker_cpu = sum(v for k, v in used.items() if k != "broker")
    return Round(
        workers,
        (len(stamps) - 1) / span if span > 0 else float("inf"),
        share,
        worker_cpu,
        used["broker"],
        len(stamps),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--list",
        dest="lists",
        action="append",
        metavar="PATH",
        help=f"list file or directory, repeatable; 'builtin' for the built-in list "
        f"(default: {ALL_LISTS.resolve()})",
    )
    parser.add_argument("--events", type=int, default=10000, help="events per round")
    parser.add_argument("--partitions", type=int, default=4, help="partitions per input topic")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each worker count (best kept)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per round")
    args = parser.parse_args(argv)

    lists = [
        str(builtin_list_path()) if p == "builtin" else str(Path(p).resolve())
        for p in (args.lists or [str(ALL_LISTS)])
    ]
    samples = list(SampleGenerator(builtin_entries(), seed=7).samples(args.events))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"scaling benchmark: {args.events} events/round over {args.partitions} partitions x 2 input "
        f"topics, {args.rounds} rounds, {cpus} CPUs, load {os.getloadavg()[0]:.2f}; "
        f"lists {', '.join(lists)}"
    )
    best: dict[int, Round] = {}
    with tempfile.TemporaryDirectory(prefix="holdline-scaling-") as tmp, TansuBroker() as broker:
        for r in range(args.rounds):
            for n in (1, 2):
                result = run_round(
                    broker, Path(tmp), f"scale-{n}w-{r}", lists, samples, n, args.partitions, args.timeout
                )
                plural = "s" if n > 1 else " "
                print(
                    f"  round {r + 1}: {n} worker{plural} {result.events_per_s:8.0f} events/s"
                    f"  (decided per worker: {', '.join(map(str, result.share))}; worker CPU "
                    f"{result.worker_cpu:.1f}s, broker CPU {result.broker_cpu:.1f}s, "
                    f"{result.events_per_cpu_s:.0f} events per worker CPU-second)",
                    flush=True,
                )
                if n not in best or result.events_per_s > best[n].events_per_s:
                    best[n] = result
    ratio = best[2].events_per_s / best[1].events_per_s
    print(
        f"aggregate throughput: 2 workers {best[2].events_per_s:.0f} events/s, 1 worker "
        f"{best[1].events_per_s:.0f} events/s, ratio {ratio:.2f} (ideal 2.00 with a free core per worker; "
        f"{cpus} CPUs here, load {os.getloadavg()[0]:.2f} after the run)"
    )
    per_core = max(r.events_per_cpu_s for r in best.values())
    print(
        f"sizing: {per_core:.0f} events per worker CPU-second (one fully used core per worker); the broker "
        f"used {best[1].broker_cpu / best[1].worker_cpu:.2f} CPU-s per worker CPU-s with 1 worker"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
