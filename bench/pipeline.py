"""Pipeline benchmark: events/s through a real broker with screening, against a raw pass-through.

    .venv/bin/python -m bench.pipeline                      # all lists in ../shared/lists
    .venv/bin/python -m bench.pipeline --list builtin       # the built-in October 2019 list
    .venv/bin/python -m bench.pipeline --hold-rate 0.01,0.3 --sides screening,worker,roles

Every side runs as a worker process with the same Faust app settings (`streams.app.faust_config`), the
same raw serializers and the same at-least-once acking (ack on delivery of the output record):
- pass-through: consume each input record and produce it unchanged (no decoding, no screening);
- screening only: `holdline worker` with the compliance workflow switched off;
- worker as deployed: `holdline worker` with its defaults (screening + compliance workflow);
- roles: `holdline worker --role screening` beside `holdline worker --role compliance` (two processes);
- uncached: screening only with the party cache off, every party screened afresh.
`--hold-rate` sets the share of events naming a listed party (the sample generator's listed share); each
rate is a run of its own. `--pin 0/1` runs the timed worker (its loop and its screening processes) on the
first CPUs and the broker, the compliance role and the benchmark on the second: the deployed topology
(Compose and Kubernetes run `--role screening` and `--role compliance` apart, each with its own CPU) on
one machine, so the comparison shows what the compliance workflow costs the screening path; the `worker`
side (`--role all`) then is a single-process install on one core. The workers' state writes (open
events, hold state) are batched as on Kafka, the product's default; `--one-record-per-batch` gives them
the test harness's setting (one record per produce batch, for the test broker's end offsets), which
multiplies the broker's requests. Ratios: screening only against the pass-through (target >= 0.8), the
deployed
sides against screening only (target >= 0.9), in events/s and in the screening path's CPU per event (the
timed worker's loop and screening processes: what a core dedicated to it pays, whoever else runs).
Each round pre-loads the same events, then starts the worker; throughput is read from the output
records' own timestamps over the middle 80% of decisions, so start-up, group joins and the final
drain do not count. Rounds alternate the sides and the median round of each is kept (the machine
is shared). Latency: with the worker running, events are offered at a fixed rate; event-to-decision
latency is the output record's timestamp minus the input record's (same host clock). The pass-through's
latency is the floor set by the broker and Faust: Tansu answers a fetch that found no data at its wait
deadline, not when records arrive, and Faust fixes fetch_max_wait_ms at 1500 (measured with aiokafka:
about 0.7 s per hop with 1500, 8 ms with 100).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.cpu_sampler import CpuSampler, children
from streams.kafka_io import read_until
from streams.samples import Sample, SampleGenerator, builtin_entries
from streams.settings import Settings, builtin_list_path
from tests.support.broker import TansuBroker
from tests.support.harness import Pipeline, Produced, WorkerPool, WorkerProcess, unique_name

ROOT = Path(__file__).resolve().parents[1]

ALL_LISTS = ROOT / ".." / "shared" / "lists"
TARGET_RATIO = 0.80  # screening only / pass-through
GROUPS = ("worker", "screening", "compliance", "broker")  # the processes whose CPU is sampled
DEPLOYED_TARGET_RATIO = 0.90  # worker as deployed / screening only


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


@dataclass(frozen=True)
class Side:
    name: str
    label: str
    passthrough: bool = False
    env: tuple[tuple[str, str], ...] = ()
    roles: tuple[str, ...] = ()  # `holdline worker --role` processes; the first one's outputs are timed
    nice: tuple[int, ...] = ()  # per role: the process's niceness (CPU priority below screening)
    deployed: bool = False  # compared with screening only


SIDES = (
    Side("passthrough", "raw pass-through (consume + produce)", passthrough=True),
    Side(
        "screening",
        "screening only (HOLDLINE_COMPLIANCE_WORKFLOW=false)",
        env=(("HOLDLINE_COMPLIANCE_WORKFLOW", "false"),),
    ),
    Side("worker", "worker as deployed (screening + compliance workflow)", deployed=True),
    Side(
        "roles",
        "worker as deployed with roles (--role screening + --role compliance)",
        roles=("screening", "compliance"),
        deployed=True,
    ),
    # The compliance worker at a lower CPU priority: on a machine with fewer cores than processes,
    # screening goes first and the compliance workflow catches up on its own topics when it can.
    Side(
        "roles-nice",
        "the same, the compliance worker at nice 10",
        roles=("screening", "compliance"),
        nice=(0, 10),
        deployed=True,
    ),
    # Sample traffic repeats counterparties (as procurement does), which the party cache serves; this
    # side shows the cost of screening every party afresh.
    Side(
        "uncached",
        "screening only, party cache off (HOLDLINE_SCREEN_CACHE_SIZE=0)",
        env=(("HOLDLINE_COMPLIANCE_WORKFLOW", "false"), ("HOLDLINE_SCREEN_CACHE_SIZE", "0")),
    ),
)


def _worker_argv(pipeline: Pipeline, lists: Sequence[str], role: str | None = None) -> list[str]:
    argv = [sys.executable, "-m", "streams.cli.main", "worker", "--broker", pipeline.settings.broker]
    if role is not None:
        argv += ["--role", role]
    for path in lists:
        argv += ["--list", path]
    return argv


def _prefix(niceness: int, cpus: Sequence[int] | None) -> list[str]:
    """`taskset` (inherited by the screening processes the worker forks) and `nice`, as a command prefix."""
    prefix = ["taskset", "-c", ",".join(map(str, cpus))] if cpus else []
    return prefix + (["nice", "-n", str(niceness)] if niceness else [])


def _start(
    side: Side,
    pipeline: Pipeline,
    lists: Sequence[str],
    pool: WorkerPool,
    name: str,
    pin: Pin | None = None,
    base_env: dict[str, str] | None = None,
) -> list[WorkerProcess]:
    """The side's worker processes; the first one's outputs are the ones timed.

    With `pin`, the first process (the screening path: its loop and its screening processes) runs on
    `pin.screening` CPUs and every other role on `pin.other`, beside the broker. `base_env` is set for
    every process, under the side's own settings.
    """
    env = {**(base_env or {}), **dict(side.env)}
    if side.passthrough:
        argv = [sys.executable, "-m", "bench.pipeline", "--serve-passthrough"]
        argv = _prefix(0, pin.screening if pin else None) + argv
        return [pool.start(pipeline, lists, name=name, argv=argv, extra_env=env)]
    roles: tuple[str | None, ...] = side.roles or (None,)
    started = []
    for i, role in enumerate(roles):
        niceness = side.nice[i] if i < len(side.nice) else 0
        cpus = (pin.screening if i == 0 else pin.other) if pin else None
        argv = _prefix(niceness, cpus) + _worker_argv(pipeline, lists, role)
        label = f"{name}-{role}" if role else name
        started.append(pool.start(pipeline, lists, name=label, argv=argv, extra_env=env))
    return started


@dataclass(frozen=True)
class Pin:
    """CPUs for the screening path (the timed worker and its screening processes) and for the rest
    (the broker, the compliance role, this benchmark): the deployed topology, where each role has cores
    of its own, on one machine."""

    screening: tuple[int, ...]
    other: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> Pin:
        """`A/B`: CPU lists separated by a slash, e.g. `0/1` or `0,1/2,3`."""
        left, sep, right = text.partition("/")
        if not sep:
            raise argparse.ArgumentTypeError(f"--pin wants SCREENING_CPUS/OTHER_CPUS, e.g. 0/1: {text!r}")
        screening = tuple(int(c) for c in left.split(",") if c.strip())
        other = tuple(int(c) for c in right.split(",") if c.strip())
        available = os.sched_getaffinity(0)
        if not screening or not other or not set(screening + other) <= available:
            raise argparse.ArgumentTypeError(f"--pin {text!r}: CPUs must be among {sorted(available)}")
        return cls(screening, other)

    def apply_to_broker(self, pid: int) -> None:
        """Every thread of the running broker onto `other` (threads it starts later inherit it)."""
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(ProcessLookupError):
                os.sched_setaffinity(int(task.name), self.other)

    def apply_to_self(self) -> None:
        os.sched_setaffinity(0, self.other)


def _decided(
    side: Side,
    pipeline: Pipeline,
    produced: list[Produced],
    worker: WorkerProcess,
    timeout: float,
    ends: dict[tuple[str, int], int] | None = None,
) -> list[tuple[tuple[str, int, int], int]]:
    """(input position, output timestamp) for every produced event, once all came out.

    Waits on the group's committed offsets (committed only once outputs are acknowledged) and reads the
    outputs afterwards, so the reader does not compete with the worker for the CPU while it drains.
    """
    if not pipeline.wait_committed(produced, timeout=timeout):
        raise RuntimeError(
            f"{side.name}: the worker did not commit all {len(produced)} events within "
            f"{timeout:.0f}s:\n{worker.log_tail()}"
        )
    if side.passthrough:
        position = {p.sample.value: (p.topic, p.partition, p.offset) for p in produced}
        missing, read = set(position), [0]

        def all_seen(recs: list[Any]) -> bool:  # the topic may hold more (the latency run's probe)
            missing.difference_update(r.value for r in recs[read[0] :])
            read[0] = len(recs)
            return not missing

        raw = read_until(pipeline.bootstrap, [pipeline.settings.topic_cleared], all_seen, timeout=timeout)
        out = [(position[r.value], r.timestamp_ms) for r in raw if r.value in position]
    else:
        outputs = pipeline.read_outputs(produced, timeout=timeout, quiet=0)
        by_id = {
            p.sample.event_id: (p.topic, p.partition, p.offset)
            for p in produced
            if p.sample.intent != "deadletter"
        }
        out = []
        for outcome, doc, raw_record in outputs.records:
            if ends is not None and outcome in ("hold", "cleared"):
                where = (raw_record.topic, raw_record.partition)
                ends[where] = max(ends.get(where, 0), raw_record.offset + 1)
            if outcome == "deadletter":
                src = doc.get("source") or {}
                key = (src.get("topic"), src.get("partition"), src.get("offset"))
            else:
                key = by_id.get(doc.get("event_id"))
            if key is not None:
                out.append((key, raw_record.timestamp_ms))
    if len({key for key, _ in out}) < len(produced):
        raise RuntimeError(
            f"{side.name}: only {len(out)} of {len(produced)} events came out within "
            f"{timeout:.0f}s:\n{worker.log_tail()}"
        )
    return out


def throughput(
    side: Side,
    pipeline: Pipeline,
    lists: Sequence[str],
    samples: list[Sample],
    pool: WorkerPool,
    timeout: float,
    broker_pid: int | None = None,
    pin: Pin | None = None,
    base_env: dict[str, str] | None = None,
) -> tuple[float, float | None, dict[str, float]]:
    """Events/s in the steady middle of draining a backlog produced before the worker started, and the
    CPU milliseconds per 1,000 events each group of processes spent in that same window.

    The first and last 10% of decisions are left out: they hold the worker's warm-up (first fetches,
    partition assignment settling) and the drain of the last partitions, which are not throughput.
    """
    produced = pipeline.produce(samples)
    started = _start(side, pipeline, lists, pool, f"{side.name}-throughput", pin, base_env)
    worker = started[0]
    main = [worker.pid] if worker.pid is not None else []
    others = [p.pid for p in started[1:] if p.pid is not None]
    groups = {
        "worker": lambda: main,
        "screening": lambda: [c for pid in main for c in children(pid)],
        "compliance": lambda: others + [c for pid in others for c in children(pid)],
        "broker": lambda: [broker_pid] if broker_pid else [],
    }
    ends: dict[tuple[str, int], int] = {}
    caught_up = None
    with CpuSampler(groups) as sampler:
        stamps = sorted(ts for _, ts in _decided(side, pipeline, produced, worker, timeout, ends))
        if side.deployed:
            caught_up = _compliance_caught_up(pipeline, ends, timeout)
        elif not side.passthrough:
            caught_up = stamps[-1] / 1000
    hit_rate = None
    if not side.passthrough:
        hits, misses = (worker.metric("holdline_screening_cache_total", result=r) for r in ("hit", "miss"))
        hit_rate = hits / (hits + misses) if hits + misses else None
    for proc in started:
        proc.terminate()
    lo, hi = len(stamps) // 10, len(stamps) - 1 - len(stamps) // 10
    span = (stamps[hi] - stamps[lo]) / 1000
    cpu = sampler.cpu_between(stamps[lo] / 1000, stamps[hi] / 1000)
    per_k = {name: seconds * 1e6 / max(1, hi - lo) for name, seconds in cpu.items()}
    if caught_up is not None:
        # The whole run, the compliance workflow's catch-up after the drain included (in a `--role all`
        # worker it yields to screening during a backlog: its work is deferred, not removed).
        whole = sampler.cpu_between(stamps[0] / 1000, caught_up)
        per_k["whole_run"] = sum(whole.values()) * 1e6 / len(stamps)
        per_k["whole_path"] = (whole["worker"] + whole["screening"]) * 1e6 / len(stamps)
        per_k["catch_up_s"] = caught_up - stamps[-1] / 1000
    return ((hi - lo) / span if span > 0 else float("inf")), hit_rate, per_k


def _compliance_caught_up(pipeline: Pipeline, ends: dict[tuple[str, int], int], timeout: float) -> float:
    """Wall-clock time (epoch s) at which the compliance group had committed every hold and cleared
    record of the run, polled every 0.25 s."""
    from kafka import KafkaConsumer, TopicPartition

    group = f"{pipeline.settings.group_id}.compliance"
    consumer = KafkaConsumer(bootstrap_servers=pipeline.bootstrap, group_id=group, enable_auto_commit=False)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if all(
                (consumer.committed(TopicPartition(topic, part)) or -1) >= end
                for (topic, part), end in ends.items()
            ):
                return time.time()
            time.sleep(0.25)
    finally:
        consumer.close()
    raise RuntimeError(f"the compliance group did not catch up within {timeout:.0f}s")


def latency(
    side: Side,
    pipeline: Pipeline,
    lists: Sequence[str],
    samples: list[Sample],
    rate: float,
    pool: WorkerPool,
    timeout: float,
    pin: Pin | None = None,
    base_env: dict[str, str] | None = None,
) -> tuple[float, float, float]:
    """p50 and p99 of output timestamp - input timestamp with events offered at `rate`, and the rate."""
    started = _start(side, pipeline, lists, pool, f"{side.name}-latency", pin, base_env)
    worker = started[0]
    if side.passthrough:
        # No /healthz: wait until one probe event has come through (the group is joined).
        probe = pipeline.produce(samples[:1])
        _decided(side, pipeline, probe, worker, timeout)
        samples = samples[1:]
    else:
        worker.wait_ready(timeout=timeout)
    offer_start = time.monotonic()
    produced = pipeline.produce(samples, rate=rate)
    offered = len(produced) / (time.monotonic() - offer_start)
    decided = dict(_decided(side, pipeline, produced, worker, timeout))
    sent_ms = _input_timestamps(pipeline)
    for proc in started:
        proc.terminate()
    latencies = [(ts - sent_ms[key]) / 1000 for key, ts in decided.items() if key in sent_ms]
    q = statistics.quantiles(latencies, n=100)
    return q[49], q[98], offered


def _input_timestamps(pipeline: Pipeline) -> dict[tuple[str, int, int], int]:
    raw = read_until(
        pipeline.bootstrap, list(pipeline.settings.input_topics), lambda _: True, timeout=60, quiet=1.0
    )
    return {(r.topic, r.partition, r.offset): r.timestamp_ms for r in raw}


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
    parser.add_argument("--events", type=int, default=30000, help="events per throughput round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each side (median kept)")
    parser.add_argument("--rate", type=float, default=200.0, help="offered rate of the latency run, events/s")
    parser.add_argument("--latency-seconds", type=float, default=15.0, help="length of the latency run")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument(
        "--hold-rate",
        default="0.01,0.30",
        help="comma-separated shares of events naming a listed party, one run each",
    )
    parser.add_argument("--no-latency", action="store_true", help="throughput only")
    parser.add_argument(
        "--sides",
        default=",".join(side.name for side in SIDES),
        help="comma-separated sides to run (passthrough is the baseline and always runs)",
    )
    parser.add_argument(
        "--pin",
        type=Pin.parse,
        metavar="SCREENING/OTHER",
        help="CPU lists, e.g. 0/1: the timed worker and its screening processes on the first, the broker, "
        "the compliance role and this benchmark on the second (the deployed topology: roles on cores "
        "of their own)",
    )
    parser.add_argument(
        "--one-record-per-batch",
        action="store_true",
        help="the workers' state writers send one record per batch (the test harness's setting, for the "
        "test broker's end offsets); default: batched, as on Kafka (the product's default)",
    )
    parser.add_argument("--serve-passthrough", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_passthrough:
        return serve_passthrough()

    wanted = {"passthrough", *args.sides.split(",")}
    sides = [side for side in SIDES if side.name in wanted]
    lists = [
        str(builtin_list_path()) if p == "builtin" else str(Path(p).resolve())
        for p in (args.lists or [str(ALL_LISTS)])
    ]
    timeout = 900.0
    entries = builtin_entries()
    rates = [float(r) for r in args.hold_rate.split(",") if r.strip()]
    print(
        f"pipeline benchmark: {args.events} events per round, median of {args.rounds} rounds, "
        f"{args.partitions} partitions per topic; lists: {', '.join(lists)}",
        flush=True,
    )
    if args.pin:
        print(
            f"pinned: the timed worker and its screening processes on CPU {args.pin.screening}, the "
            f"broker, the compliance role and the benchmark on CPU {args.pin.other}",
            flush=True,
        )
    batching = (
        "one record per batch (test harness)" if args.one_record_per_batch else "batched (Kafka default)"
    )
    print(f"workers' state writes: {batching}; load average at start: {_load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="holdline-bench-") as tmp, TansuBroker() as broker:
        if args.pin:
            args.pin.apply_to_broker(broker.pid)
            args.pin.apply_to_self()
        pool = WorkerPool()
        try:
            for rate in rates:
                _throughput_run(sides, rate, args, broker, Path(tmp), lists, entries, pool, timeout)
            if args.no_latency:
                return 0
            n = int(args.rate * args.latency_seconds)
            print(f"event-to-decision latency, {n} events offered at {args.rate:.0f} events/s:")
            for side in sides:
                latency_samples = list(SampleGenerator(entries, seed=2).samples(n + 1))
                pipeline = Pipeline.create(
                    broker.url,
                    unique_name(f"bench-latency-{side.name}"),
                    Path(tmp) / f"latency-{side.name}",
                    partitions=args.partitions,
                )
                p50, p99, offered = latency(
                    side,
                    pipeline,
                    lists,
                    latency_samples,
                    args.rate,
                    pool,
                    timeout,
                    args.pin,
                    _base_env(args),
                )
                print(
                    f"  {side.label:<70} p50 {p50 * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  "
                    f"(offered {offered:.0f}/s)",
                    flush=True,
                )
        finally:
            pool.close()
    return 0


def _throughput_run(
    sides: list[Side],
    rate: float,
    args: argparse.Namespace,
    broker: TansuBroker,
    tmp: Path,
    lists: Sequence[str],
    entries: Sequence[Any],
    pool: WorkerPool,
    timeout: float,
) -> None:
    samples = list(SampleGenerator(entries, seed=1, listed_share=rate).samples(args.events))
    print(f"hold rate {rate:.0%} (listed share of the sample events):", flush=True)
    results: dict[str, list[float]] = {side.name: [] for side in sides}
    cpus: dict[str, list[dict[str, float]]] = {side.name: [] for side in sides}
    for r in range(args.rounds):
        for side in sides:
            pipeline = Pipeline.create(
                broker.url,
                unique_name(f"bench-{side.name}-{r}"),
                tmp / f"{side.name}{r}-{rate}",
                partitions=args.partitions,
            )
            eps, hit_rate, cpu = throughput(
                side, pipeline, lists, samples, pool, timeout, broker.pid, args.pin, _base_env(args)
            )
            results[side.name].append(eps)
            cpus[side.name].append(cpu)
            cache = f"  (party cache hits {hit_rate:.0%})" if hit_rate is not None else ""
            print(
                f"  round {r + 1}  {side.name:<12} {eps:8.0f} events/s{cache}  CPU ms per 1,000 events: "
                + ", ".join(f"{k} {v:.0f}" for k, v in cpu.items() if k in GROUPS)
                + (
                    f"; whole run to compliance catch-up (+{cpu['catch_up_s']:.1f} s): "
                    f"{cpu['whole_run']:.0f} (screening path {cpu['whole_path']:.0f})"
                    if "whole_run" in cpu
                    else ""
                ),
                flush=True,
            )
    print(f"throughput at hold rate {rate:.0%} (median of the rounds; load average now {_load()}):")
    median = {name: statistics.median(values) for name, values in results.items()}
    base = median["passthrough"]
    for side in sides:
        verdict = ""
        if side.deployed and "screening" in median:
            ratio = median[side.name] / median["screening"]
            met = "met" if ratio >= DEPLOYED_TARGET_RATIO else "NOT met"
            verdict = f"  {ratio:.2f} of screening only (target >= {DEPLOYED_TARGET_RATIO:.2f}: {met})"
        elif not side.passthrough:
            ratio = median[side.name] / base
            met = "met" if ratio >= TARGET_RATIO or side.name != "screening" else "NOT met"
            verdict = f"  {ratio:.2f} of pass-through" + (
                f" (target >= {TARGET_RATIO:.2f}: {met})" if side.name == "screening" else ""
            )
        print(f"  {side.label:<70} {median[side.name]:8.0f} events/s{verdict}", flush=True)
    print(
        "CPU per 1,000 events in the same windows (median of the rounds; less sensitive to other jobs "
        "on the machine than events/s):"
    )
    path_ms: dict[str, float] = {}
    whole_ms: dict[str, float] = {}
    for side in sides:
        cells = {k: statistics.median(c[k] for c in cpus[side.name]) for k in GROUPS}
        print(
            f"  {side.name:<12} worker main loop {cells['worker']:6.0f} ms  screening process(es) "
            f"{cells['screening']:6.0f} ms  compliance role {cells['compliance']:6.0f} ms  broker "
            f"{cells['broker']:6.0f} ms  total {sum(cells.values()):6.0f} ms",
            flush=True,
        )
        path_ms[side.name] = cells["worker"] + cells["screening"]
        if not side.passthrough and all("whole_run" in c for c in cpus[side.name]):
            whole = statistics.median(c["whole_run"] for c in cpus[side.name])
            whole_path = statistics.median(c["whole_path"] for c in cpus[side.name])
            catch_up = statistics.median(c["catch_up_s"] for c in cpus[side.name])
            whole_ms[side.name] = whole_path
            print(
                f"  {'':<12} whole run, first output to the compliance group's catch-up ({catch_up:+.1f} s "
                f"after the drain): all processes {whole:6.0f} ms, screening path {whole_path:6.0f} ms",
                flush=True,
            )
    if "screening" in path_ms:
        print(
            "screening path (the timed worker's loop + its screening processes, the CPU a core dedicated to "
            "it pays per event; with --pin the rest runs elsewhere), as a rate against screening only:"
        )
        for side in sides:
            if side.deployed and path_ms.get(side.name):
                ratio = path_ms["screening"] / path_ms[side.name]
                met = "met" if ratio >= DEPLOYED_TARGET_RATIO else "NOT met"
                whole = (
                    f"; whole run {whole_ms[side.name]:.0f} against {whole_ms['screening']:.0f} ms: "
                    f"{whole_ms['screening'] / whole_ms[side.name]:.2f}"
                    if whole_ms.get(side.name) and whole_ms.get("screening")
                    else ""
                )
                print(
                    f"  {side.name:<12} {path_ms[side.name]:6.0f} ms per 1,000 events against "
                    f"{path_ms['screening']:.0f}: {ratio:.2f} of screening only (target >= "
                    f"{DEPLOYED_TARGET_RATIO:.2f}: {met}){whole}",
                    flush=True,
                )


def _base_env(args: argparse.Namespace) -> dict[str, str]:
    """What every worker of the run gets. The harness turns one-record-per-batch on for the test broker's
    end offsets; the workers' state writers (open events, hold state) need it for nothing that the
    benchmark reads, and the product's default (batches, as on Kafka) is what a deployment pays."""
    return {"HOLDLINE_PRODUCER_ONE_RECORD_PER_BATCH": "true" if args.one_record_per_batch else "false"}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
