"""Publish-to-hold through the broker: from `holdline lists publish` returning to every affected open
event re-held with reason `list_update`, with two workers running.

    .venv/bin/python -m bench.publish_rehold [--rounds 3] [--events 2000] [--listed-share 0.05]
        [--broker tansu|kafka]

Each round has topics and a group of its own on one broker: Tansu, the test broker, by default; with
`--broker kafka` Apache Kafka in KRaft mode (tests/support/kafka_broker.py; Java and the jars of
`python -m bench.kafka_fetch`). Two `holdline worker` processes
(`--role all`, or with `--roles` one `--role screening` and one `--role compliance`) screen against the
OFAC (SDN, consolidated) and UN lists of ../shared/lists; sample events are produced, some naming parties
of the built-in list (the 28 Entity List additions of 9 October 2019), and all are decided and remembered
as open events. Then `holdline lists publish` rolls out the same lists plus the built-in list. Timed:
from the publish command returning to the last `list_update` hold of the events that name an added party
in a spelling any matcher must catch (`Sample.robust`) and were cleared before, read from the hold
records' broker timestamps (same host clock). The publisher compiles the new snapshot into the shared
cache folder (`matchers/compiled.py`), which the workers load instead of rebuilding; `--no-cache` turns
the cache off everywhere for the figure before compiled snapshots. Target (issue 13): < 3 s, median.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from matchers.compiled import ENV_CACHE_DIR
from matchers.lists import BUILTIN_LIST
from streams.compliance.signing import Role, Signer
from streams.kafka_io import read_until
from streams.samples import SampleGenerator, builtin_entries
from tests.support.broker import BrokerError, TansuBroker
from tests.support.harness import Pipeline, WorkerPool, unique_name
from tests.support.kafka_broker import BROKERS, KafkaBroker, make_broker, preflight

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT.parent / "shared" / "lists"
OLD_LISTS = ("us_ofac_sdn_2024-05", "us_ofac_cons_2025-12", "un_2026-02")
TARGET_S = 3.0


def _wait_stable(read: Any, timeout: float, quiet: float = 2.0) -> float:
    """Until `read()` stops changing for `quiet` seconds; its last value."""
    deadline = time.monotonic() + timeout
    last, since = read(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        value = read()
        if value != last:
            last, since = value, time.monotonic()
        elif value and time.monotonic() - since >= quiet:
            return value
    raise TimeoutError(f"no stable value after {timeout:.0f}s (last {last})")


def one_round(
    broker: TansuBroker | KafkaBroker,
    scratch: Path,
    n: int,
    args: argparse.Namespace,
    env: dict[str, str],
    pool: WorkerPool,
) -> dict[str, Any]:
    old = [str(LISTS / name) for name in OLD_LISTS]
    pipeline = Pipeline.create(broker.url, unique_name(f"rehold{n}"), scratch / f"r{n}")
    workers = []
    roles = ("screening", "compliance") if args.roles else ("all", "all")
    for i, role in enumerate(roles):
        argv = [
            sys.executable,
            "-m",
            "streams.cli.main",
            "worker",
            "--broker",
            pipeline.settings.broker,
            "--role",
            role,
        ]
        for path in old:
            argv += ["--list", path]
        workers.append(pool.start(pipeline, old, name=f"r{n}-w{i}-{role}", argv=argv, extra_env=env))
    for worker in workers:
        worker.wait_ready(timeout=300)
    samples = list(
        SampleGenerator(builtin_entries(), seed=n, listed_share=args.listed_share).samples(args.events)
    )
    produced = pipeline.produce(samples)
    if not pipeline.wait_committed(produced, timeout=600):
        raise RuntimeError("the workers did not decide every event")
    outputs = pipeline.read_outputs(produced, timeout=120, quiet=0)
    cleared = {doc["event_id"] for outcome, doc, _ in outputs.records if outcome == "cleared"}
    expected = {s.event_id for s in samples if s.robust and s.event_id in cleared}
    rememberers = [w for w, role in zip(workers, roles, strict=True) if role != "screening"]
    for worker in rememberers:
        _wait_stable(lambda w=worker: w.metric("holdline_open_events"), timeout=120)

    cmd = [sys.executable, "-m", "streams.cli.main", "lists", "publish", "--broker", pipeline.settings.broker]
    for path in (*old, str(BUILTIN_LIST)):
        cmd += ["--list", path]
    started = time.time()
    publisher = {
        **os.environ,
        **pipeline.worker_env(),
        **env,
        "HOLDLINE_SIGNING_KEY": args.key.private_text(),
    }
    proc = subprocess.run(cmd, env=publisher, capture_output=True, text=True, timeout=600, check=False)
    returned = time.time()
    if proc.returncode != 0:
        raise RuntimeError(f"lists publish failed: {proc.stderr[-2000:]}")

    def all_reheld(records: list[Any]) -> bool:
        docs = [json.loads(r.value) for r in records if r.value]
        return {d["event_id"] for d in docs if d.get("reason") == "list_update"} >= expected

    raw = read_until(pipeline.bootstrap, [pipeline.settings.topic_hold], all_reheld, timeout=300, quiet=1.0)
    stamps = {}
    for record in raw:
        doc = json.loads(record.value) if record.value else {}
        if doc.get("reason") == "list_update" and doc.get("event_id") in expected:
            stamps.setdefault(doc["event_id"], record.timestamp_ms / 1000)
    for worker in workers:
        worker.terminate()
    last = max(stamps.values()) if stamps else returned
    return {
        "publish_command_s": round(returned - started, 3),
        "affected": len(expected),
        "reheld": len(stamps),
        "after_return_s": round(last - returned, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--listed-share", type=float, default=0.05)
    parser.add_argument("--roles", action="store_true", help="one screening and one compliance worker")
    parser.add_argument("--no-cache", action="store_true", help="no compiled snapshots (the old behaviour)")
    parser.add_argument("--broker", choices=BROKERS, default="tansu", help="the broker (default tansu)")
    args = parser.parse_args(argv)
    if args.broker == "kafka":
        try:
            preflight()
        except BrokerError as exc:
            print(f"--broker kafka: {exc}", file=sys.stderr)
            return 1
    results = []
    # Workers refuse unsigned publications: a publisher key of this run, trusted by the workers.
    args.key = Signer.generate("bench-publisher")
    with tempfile.TemporaryDirectory(prefix="holdline-rehold-") as tmp, make_broker(args.broker) as broker:
        env = {
            ENV_CACHE_DIR: "off" if args.no_cache else str(Path(tmp) / "cache"),
            "HOLDLINE_TRUSTED_KEYS": args.key.public_text([Role.PUBLISHER]),
        }
        pool = WorkerPool()
        try:
            for n in range(args.rounds):
                result = one_round(broker, Path(tmp), n, args, env, pool)
                results.append(result)
                print(
                    f"  round {n + 1}: publish command {result['publish_command_s']:.2f}s; "
                    f"{result['reheld']}/{result['affected']} affected open events re-held, the last "
                    f"{result['after_return_s']:.2f}s after it returned",
                    flush=True,
                )
        finally:
            pool.close()
    median = statistics.median(r["after_return_s"] for r in results)
    workers = "one --role screening + one --role compliance worker" if args.roles else "two workers"
    cache = "no compiled snapshots" if args.no_cache else "compiled snapshot from the publisher"
    print(
        f"publish returned -> every affected open event re-held ({workers}, {cache}, {args.broker}): "
        f"median {median:.2f}s "
        f"of {args.rounds} (target < {TARGET_S:.0f} s: {'met' if median < TARGET_S else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
