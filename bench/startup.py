"""Start-up benchmark: from process start to the first screened name, and a worker from start to ready.

    .venv/bin/python -m bench.startup [--rounds 3] [--lists ../shared/lists] [--no-worker] [--json]
    .venv/bin/python -m bench.startup --worker-only [--cases fresh,joining,restart,static_restart]
    .venv/bin/python -m bench.startup --worker-only --broker tansu,kafka   # both brokers in one run
    .venv/bin/python -m bench.startup --stages    # CPU of each step of a warm start

What a user pays before `holdline screen --jsonl` answers its first line, process start, imports and
first-use warm-ups included, for all lists in `../shared/lists` and for the built-in list, three ways:
- uncached: `HOLDLINE_CACHE_DIR=off`, every process parses and indexes the lists (the behaviour before
  compiled snapshots, the baseline);
- cold: an empty cache folder (the process builds, and writes the compiled snapshot in the background);
- warm: the compiled snapshot is in the cache (`matchers/compiled.py`), once the cold run's writer has
  written it (waited for as long as it runs: decision 0561).
Then `holdline worker` with a warm cache, from process start to `/readyz` 200 (lists usable, Kafka
client started: decision 0511), to its JoinGroup request (the worker's own share of the start, read from
its log) and to `/healthz` 200 (partitions assigned too, after the group join) on a broker started
here (`--broker`: Tansu, the test broker, by default; `kafka`, Apache Kafka in KRaft mode from the jars
`python -m bench.kafka_fetch` caches, as Compose configures it: tests/support/kafka_broker.py), four ways:
a new group; a second worker joining a running member; a worker restarted after a clean
stop (SIGTERM: it left the group); a static member (`HOLDLINE_WORKER_INSTANCE_ID`, decision 0514)
restarted after a crash (SIGKILL). From the worker's log also: when the broker answered the JoinGroup
(its hold: half the session timeout on Tansu for a new group, decision 0527) and when the group synced, and
so start to `/healthz` less the broker's hold, never below `/readyz` (derived: what a broker answering the
join at once would give, the worker's share of decision 0515). Each figure is the median of `--rounds`
runs; the rounds alternate the measures (the machine is shared). Targets (issue 13): warm < 2 s, cold
no worse than uncached, worker `/healthz` < 3 s (decision 0515 says what that can mean per case).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matchers.compiled import ENV_CACHE_DIR, SUFFIX
from matchers.lists import BUILTIN_LIST

ROOT = Path(__file__).resolve().parents[1]
ALL_LISTS = ROOT.parent / "shared" / "lists"
WARM_TARGET_S = 2.0
WORKER_TARGET_S = 3.0
QUERY = {"id": 1, "name": "Huawei Technologies Co., Ltd.", "country": "CN"}
# Python writes a module's bytecode beside it on first import, and an installed wheel has it already (pip
# compiles at install), unless PYTHONDONTWRITEBYTECODE is set, as this development machine's shells do: then
# every process compiles the checkout's modules again (~0.05 s of CPU a user does not pay). The measured
# processes run without it, so the first run writes the bytecode; `--no-bytecode` keeps the environment's.
ENV_NO_BYTECODE = "PYTHONDONTWRITEBYTECODE"


def process_env(*, bytecode: bool = True, **extra: str) -> dict[str, str]:
    """The environment of a measured `holdline` process: this one's, bytecode written unless told not to."""
    env = {**os.environ, **extra}
    if bytecode:
        env.pop(ENV_NO_BYTECODE, None)
    return env


BYTECODE = {"written": True}  # `--no-bytecode` sets it to False for the whole run


def first_answer(lists: list[str], cache_dir: str) -> tuple[float, float]:
    """(wall, CPU) seconds from spawning `holdline screen --jsonl` to its first output line.

    CPU is the process's user + system time to its exit right after that line (from `wait4`): what the
    start costs on one core whoever else is using the machine.
    """
    cmd = [sys.executable, "-m", "streams.cli.main", "screen", "--jsonl"]
    for path in lists:
        cmd += ["--list", path]
    env = process_env(bytecode=BYTECODE["written"], **{ENV_CACHE_DIR: cache_dir})
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write((json.dumps(QUERY) + "\n").encode())
        proc.stdin.flush()
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - started
        proc.stdin.close()
        proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        problems = err.read().decode(errors="replace")
    record = json.loads(line or b"{}")
    if proc.returncode != 0 or "hit" not in record:
        raise RuntimeError(f"holdline screen failed ({proc.returncode}): {line!r} {problems[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


# How long `wait_for_cache` waits at most for a snapshot still being written (a process started for that
# cache folder alive): under load the niced writer of all lists took more than 120 s; a writer that ends
# without writing is reported at once instead.
CACHE_WAIT_S = 1800.0
# How often `wait_for_cache` says it is still waiting (on stderr).
CACHE_WAIT_NOTE_S = 60.0


def cache_users(cache_dir: Path) -> list[int]:
    """Live processes (zombies excluded) whose environment names `cache_dir` as the compiled cache.

    A cold run's writer is a grandchild of the measured process left to init, so it cannot be waited for;
    it inherited the measured process's environment, which names the temporary cache folder of that run
    only (Linux `/proc`; another user's processes are not readable and not counted)."""
    needle = f"\0{ENV_CACHE_DIR}={cache_dir}\0".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # ended meanwhile, or not ours
            continue
        if needle in b"\0" + environ and state not in {"Z", "X"}:
            found.append(int(entry.name))
    return found


def _snapshot_written(cache_dir: Path) -> bool:
    files = [p.name for p in cache_dir.iterdir()]
    return any(name.endswith(SUFFIX) for name in files) and not any(name.endswith(".tmp") for name in files)


def wait_for_cache(cache_dir: Path, timeout: float = CACHE_WAIT_S, poll: float = 0.1) -> None:
    """Until the background writer of a cold run has renamed its file into place.

    Waits as long as a process started for this cache folder lives (the writer, or a worker writing in the
    foreground), up to `timeout`; fails at once when none is left and no file was written (the writer
    failed), and with the writers' pids when the timeout passes."""
    started = time.monotonic()
    noted = started
    while True:
        if _snapshot_written(cache_dir):
            return
        users = cache_users(cache_dir)
        if not users:
            if _snapshot_written(cache_dir):  # renamed between the two looks
                return
            raise RuntimeError(
                f"no compiled snapshot written in {cache_dir}, and no process is writing one "
                "(the cold run's writer ended without writing it)"
            )
        now = time.monotonic()
        if now - started > timeout:
            raise TimeoutError(
                f"no compiled snapshot written in {cache_dir} after {timeout:.0f} s; still running: "
                f"pid {', '.join(map(str, users))}"
            )
        if now - noted >= CACHE_WAIT_NOTE_S:
            noted = now
            print(
                f"bench.startup: waiting {now - started:.0f} s for the compiled snapshot in {cache_dir} "
                f"(pid {', '.join(map(str, users))} running)",
                file=sys.stderr,
            )
        time.sleep(poll)


def measure_screen(lists: list[str], rounds: int, scratch: Path) -> dict[str, Any]:
    runs: dict[str, list[tuple[float, float]]] = {"uncached": [], "cold": [], "warm": []}
    for _ in range(rounds):
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=scratch))
        runs["uncached"].append(first_answer(lists, "off"))
        runs["cold"].append(first_answer(lists, str(cache)))
        wait_for_cache(cache)
        runs["warm"].append(first_answer(lists, str(cache)))
    return {
        name: {
            "median_s": round(statistics.median(w for w, _ in v), 3),
            "median_cpu_s": round(statistics.median(c for _, c in v), 3),
            "runs_s": [round(w, 3) for w, _ in v],
        }
        for name, v in runs.items()
    }


# The steps `holdline screen --jsonl` takes to its first answers, timed one by one in a fresh interpreter
# (CPU seconds): what each costs, where `first_answer` gives only the sum.
_STAGES = """
import json, resource, sys, time
marks = [("start", time.process_time())]
import streams.cli.main, streams.cli.screen
marks.append(("cli_imports", time.process_time()))
import matchers.screener
marks.append(("engine_imports", time.process_time()))
from streams.cli.errors import load_screener
screener, why = load_screener(sys.argv[1:])
assert screener is not None, why
marks.append(("snapshot", time.process_time()))
screener.screen("Huawei Technologies Co., Ltd.", country="CN")
marks.append(("first_name", time.process_time()))
screener.screen("北京某某科技有限公司", country="China")
marks.append(("first_other_script_with_country_name", time.process_time()))
import io
from streams.cli.screen import screen_jsonl
screen_jsonl(screener, screener.threshold, io.StringIO('{"id": 1, "name": "Hikvision", "country": "CN"}\\n'),
             io.StringIO())
marks.append(("first_line_through_the_cli", time.process_time()))
usage = resource.getrusage(resource.RUSAGE_SELF)
out = {name: round(t - marks[i][1], 4) for i, (name, t) in enumerate(marks[1:])}
out.update(total=round(marks[-1][1], 4), user=round(usage.ru_utime, 3), system=round(usage.ru_stime, 3))
print(json.dumps(out))
"""


def measure_stages(lists: list[str], rounds: int, cache_dir: Path) -> dict[str, Any]:
    """Per-step CPU of a warm start (median of `rounds` fresh interpreters; the cache made warm first)."""
    env = process_env(bytecode=BYTECODE["written"], **{ENV_CACHE_DIR: str(cache_dir)})
    first_answer(lists, str(cache_dir))
    wait_for_cache(cache_dir)
    runs: list[dict[str, float]] = []
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-c", _STAGES, *lists], capture_output=True, text=True, env=env, check=True
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        key: {"median_s": statistics.median(r[key] for r in runs), "runs_s": [r[key] for r in runs]}
        for key in runs[0]
    }


def _status(port: int, path: str = "/healthz") -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1.0) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used so far (its threads included; /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class WorkerTimes:
    """Seconds from spawning a worker: web server's first answer, `/readyz` 200, JoinGroup request sent,
    JoinGroup answered, SyncGroup answered, `/healthz` 200."""

    web: float
    ready: float
    ready_cpu: float
    assigned: float
    join_sent: float | None = None
    join_cpu: float | None = None  # the worker's CPU when its JoinGroup line was seen (polled: <= 20 ms late)
    joined: float | None = None
    synced: float | None = None
    lists_in: float | None = None  # the initial load done, its callbacks run: the agents may screen

    @property
    def broker_hold(self) -> float | None:
        """JoinGroup request to its answer: the broker's share (the group's rebalance included)."""
        if self.join_sent is None or self.joined is None:
            return None
        return max(0.0, self.joined - self.join_sent)

    @property
    def without_hold(self) -> float:
        """Start to `/healthz` less the broker's hold, never below `/readyz`: a derived figure."""
        hold = self.broker_hold
        return self.assigned if hold is None else max(self.ready, self.assigned - hold)


# aiokafka's lines as it sends the JoinGroup request, gets its answer, and gets the SyncGroup answer; the
# worker's log lines start with their time.
_STAMP = r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\].*"
_JOINING = re.compile(_STAMP + r"\(Re-\)joining group", re.M)
_JOINED = re.compile(_STAMP + r"Joined group '", re.M)
_SYNCED = re.compile(_STAMP + r"Successfully synced group", re.M)
_LISTS_IN = re.compile(_STAMP + r"lists loaded in [0-9.]+s: version", re.M)


def _logged_after(pattern: re.Pattern[str], text: str, spawned_epoch: float) -> float | None:
    match = pattern.search(text)
    if match is None:
        return None
    stamp = datetime.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
    return round(stamp - spawned_epoch, 3)


def join_sent_after(log_path: Path, spawned_epoch: float) -> float | None:
    """Seconds from spawning the worker to its first JoinGroup request (None: not logged)."""
    return _logged_after(_JOINING, log_path.read_text(errors="replace"), spawned_epoch)


def lists_in_after(text: str, spawned_epoch: float) -> float | None:
    """Seconds from spawning the worker to its initial lists being in (`holdline worker`'s log line, after
    the load and its callbacks: from then on its agents screen)."""
    return _logged_after(_LISTS_IN, text, spawned_epoch)


def group_steps_after(text: str, spawned_epoch: float) -> tuple[float | None, float | None, float | None]:
    """Seconds from spawning the worker to its first JoinGroup request, its answer, the SyncGroup answer."""
    return (
        _logged_after(_JOINING, text, spawned_epoch),
        _logged_after(_JOINED, text, spawned_epoch),
        _logged_after(_SYNCED, text, spawned_epoch),
    )


CASE_LABELS = {
    "fresh": "new group",
    "joining": "joining a running member",
    "restart": "restart after a clean stop",
    "static_restart": "static member restarted after a crash",
}


Spawned = tuple[subprocess.Popen[bytes], int, Any, float, float]


def _spawn_worker(
    lists: list[str],
    pipeline: Any,
    cache: Path,
    scratch: Path,
    name: str,
    extra_env: dict[str, str] | None = None,
) -> Spawned:
    from tests.support.broker import free_port

    port = free_port()
    cmd = [sys.executable, "-m", "streams.cli.main", "worker", "--web-port", str(port)]
    for path in lists:
        cmd += ["--list", path]
    env = {
        **os.environ,
        **pipeline.worker_env(),
        ENV_CACHE_DIR: str(cache),
        "HOLDLINE_DATADIR": str(scratch / name / "faust"),
        "HOLDLINE_LOGLEVEL": "info",  # the JoinGroup request's log line
        **(extra_env or {}),
    }
    log = (scratch / f"{name}.log").open("wb")
    epoch = time.time()
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )
    return proc, port, log, started, epoch


def _wait_worker(
    proc: subprocess.Popen[bytes], port: int, log: Any, started: float, epoch: float
) -> WorkerTimes:
    """Poll the probes (and the log, for the JoinGroup line) every 20 ms until `/healthz` answers 200."""
    first_answer_s = ready_s = cpu_s = join_cpu = None
    seen = b""
    while (status := _status(port)) != 200:
        now = time.perf_counter() - started
        if join_cpu is None:
            cpu_now = _cpu_s(proc.pid)
            with open(log.name, "rb") as fh:
                fh.seek(max(0, len(seen) - 200))
                seen = seen[: max(0, len(seen) - 200)] + fh.read()
            if b"(Re-)joining group" in seen:
                join_cpu = cpu_now
        if status and first_answer_s is None:
            first_answer_s = now
        if status and ready_s is None and _status(port, "/readyz") == 200:
            ready_s = time.perf_counter() - started
            cpu_s = _cpu_s(proc.pid)
        if proc.poll() is not None or time.perf_counter() - started > 180:
            raise RuntimeError(f"worker not ready: see {log.name}")
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    cpu = cpu_s if cpu_s is not None else _cpu_s(proc.pid)
    log.flush()
    text = Path(log.name).read_text(errors="replace")
    deadline = time.perf_counter() + 30
    while lists_in_after(text, epoch) is None and proc.poll() is None and time.perf_counter() < deadline:
        time.sleep(0.05)  # the initial load may finish after `/healthz`: its time is reported too
        text = Path(log.name).read_text(errors="replace")
    join_sent, joined, synced = group_steps_after(text, epoch)
    return WorkerTimes(
        web=first_answer_s or elapsed,
        ready=ready_s or elapsed,
        ready_cpu=cpu,
        assigned=elapsed,
        join_sent=join_sent,
        join_cpu=join_cpu,
        joined=joined,
        synced=synced,
        lists_in=lists_in_after(text, epoch),
    )


def _stop(proc: subprocess.Popen[bytes], log: Any, crash: bool = False) -> None:
    """SIGTERM (a clean stop: a dynamic member leaves the group) or SIGKILL (a crash)."""
    if crash:
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.terminate()
    proc.wait(60)
    log.close()


def _timed(spawned: Spawned, crash: bool = False) -> WorkerTimes:
    try:
        return _wait_worker(*spawned)
    finally:
        _stop(spawned[0], spawned[2], crash=crash)


def measure_worker(
    lists: list[str],
    rounds: int,
    scratch: Path,
    session_timeout: float,
    only: frozenset[str] = frozenset(CASE_LABELS),
    broker_kind: str = "tansu",
) -> dict[str, Any]:
    """Each round on a group of its own; the cache is made warm by an untimed first start.

    - `fresh`: a worker on a new group (Tansu answers its first join after half the session timeout,
      Kafka after `group.initial.rebalance.delay.ms`);
    - `joining`: a second worker joining that group while the first runs (a scale-out; the running
      member must rejoin: a rebalance);
    - `restart`: the first worker stopped cleanly (SIGTERM: it left the group) and started again;
    - `static_restart`: a static member (`HOLDLINE_WORKER_INSTANCE_ID`) on a group of its own, killed
      (SIGKILL: a crash; a static member never leaves) and started again with the same id: on Kafka it
      takes its old place and partitions without a rebalance.

    `ready`: `/readyz` 200 (decision 0511); `join_sent`: the JoinGroup request went out (the worker's
    own share); `assigned`: `/healthz` 200 (partitions assigned: after the broker answered the join).
    `only`: the cases to run (the first worker of a round is the `fresh` case whatever is asked);
    `broker_kind`: `tansu` or `kafka` (tests/support/kafka_broker.py), started here for this measure.
    """
    from tests.support.harness import Pipeline, unique_name
    from tests.support.kafka_broker import make_broker

    scratch = Path(tempfile.mkdtemp(prefix=f"{broker_kind}-session-{session_timeout:g}-", dir=scratch))
    cache = Path(tempfile.mkdtemp(prefix="worker-cache-", dir=scratch))
    cases: dict[str, list[WorkerTimes]] = {case: [] for case in CASE_LABELS if case in only | {"fresh"}}
    with make_broker(broker_kind) as broker:
        for n in range(rounds + 1):
            pipeline = Pipeline.create(
                broker.url, unique_name(f"startup{n}"), scratch / f"w{n}", session_timeout=session_timeout
            )
            first = _spawn_worker(lists, pipeline, cache, scratch, f"worker{n}")
            try:
                times = _wait_worker(*first)
                if n == 0:
                    wait_for_cache(cache)  # the first start compiled the lists: not timed
                    continue
                cases["fresh"].append(times)
                if "joining" in cases:
                    cases["joining"].append(
                        _timed(_spawn_worker(lists, pipeline, cache, scratch, f"worker{n}-j"))
                    )
            finally:
                _stop(first[0], first[2])
            if "restart" in cases:
                cases["restart"].append(
                    _timed(_spawn_worker(lists, pipeline, cache, scratch, f"worker{n}-r"))
                )
            if "static_restart" not in cases:
                continue
            static = Pipeline.create(
                broker.url, unique_name(f"static{n}"), scratch / f"s{n}", session_timeout=session_timeout
            )
            instance = {"HOLDLINE_WORKER_INSTANCE_ID": f"startup-static-{n}"}
            _timed(_spawn_worker(lists, static, cache, scratch, f"static{n}", instance), crash=True)
            cases["static_restart"].append(
                _timed(_spawn_worker(lists, static, cache, scratch, f"static{n}-r", instance))
            )

    def summary(values: list[float]) -> dict[str, Any]:
        return {"median_s": round(statistics.median(values), 3), "runs_s": [round(x, 3) for x in values]}

    def optional(values: list[float | None]) -> dict[str, Any] | None:
        present = [v for v in values if v is not None]
        return summary(present) if present else None

    result: dict[str, Any] = {"broker": broker_kind, "session_timeout_s": session_timeout}
    for case, runs in cases.items():
        result[case] = {
            "ready": summary([t.ready for t in runs]),
            "ready_cpu": summary([t.ready_cpu for t in runs]),
            "join_sent": optional([t.join_sent for t in runs]),
            "join_cpu": optional([t.join_cpu for t in runs]),
            "broker_hold": optional([t.broker_hold for t in runs]),
            "synced": optional([t.synced for t in runs]),
            "lists_in": optional([t.lists_in for t in runs]),
            "assigned": summary([t.assigned for t in runs]),
            "without_hold": summary([t.without_hold for t in runs]),
            "web_s": summary([t.web for t in runs]),
        }
    return result


def print_screen(result: dict[str, Any], rounds: int) -> None:
    print(
        f"process start -> first screened name (`holdline screen --jsonl`), median of {rounds}; "
        "wall (CPU of the process):"
    )
    print(f"{'lists':<12}{'uncached':>18}{'cold':>18}{'warm':>18}{'cold/uncached':>15}")
    for label, key in (("built-in", "builtin"), ("all lists", "all_lists")):
        r = result[key]
        cells = "".join(
            f"{r[k]['median_s']:>9.2f}s ({r[k]['median_cpu_s']:.2f}s)".rjust(18)
            for k in ("uncached", "cold", "warm")
        )
        print(f"{label:<12}{cells}{r['cold']['median_s'] / r['uncached']['median_s']:>15.2f}")
    warm = result["all_lists"]["warm"]["median_s"]
    cold_ratio = result["all_lists"]["cold"]["median_s"] / result["all_lists"]["uncached"]["median_s"]
    warm_met = "met" if warm < WARM_TARGET_S else "NOT met"
    cold_met = "met" if cold_ratio <= 1.0 else "NOT met"
    print(
        f"all lists warm: {warm:.2f}s (target < {WARM_TARGET_S:.0f} s: {warm_met}); "
        f"cold/uncached {cold_ratio:.2f} (target <= 1: {cold_met})"
    )


def _verdict(seconds: float) -> str:
    return f"target < {WORKER_TARGET_S:.0f} s: {'met' if seconds < WORKER_TARGET_S else 'NOT met'}"


def _median(r: dict[str, Any] | None, cpu: dict[str, Any] | None = None) -> str:
    if r is None:
        return "n/a"
    return f"{r['median_s']:.2f}s" + (f" ({cpu['median_s']:.2f}s CPU)" if cpu else "")


def print_worker(worker: dict[str, Any]) -> None:
    print(
        f"worker on {worker.get('broker', 'tansu')}, all lists, warm cache, session timeout "
        f"{worker['session_timeout_s']:.0f} s, medians: start -> ready (/readyz 200) / JoinGroup sent / "
        "broker's hold (JoinGroup answered - sent) / /healthz 200 [less the hold, derived; initial lists in]"
    )
    for case, label in CASE_LABELS.items():
        if case not in worker:
            continue
        r = worker[case]
        ready, join = _median(r["ready"], r["ready_cpu"]), _median(r["join_sent"], r["join_cpu"])
        print(
            f"  {label:<40} {ready} / {join} / "
            f"{_median(r.get('broker_hold'))} / {r['assigned']['median_s']:.2f}s "
            f"({_verdict(r['assigned']['median_s'])}), runs {r['assigned']['runs_s']} "
            f"[{_median(r.get('without_hold'))}; {_median(r.get('lists_in'))}]"
        )


BROKER_KINDS = ("tansu", "kafka")


def parse_brokers(text: str) -> tuple[str, ...]:
    """`--broker`: one or more of `tansu`, `kafka`, comma-separated, in the order given, each once."""
    kinds = tuple(dict.fromkeys(k.strip().lower() for k in text.split(",") if k.strip()))
    if not kinds:
        raise argparse.ArgumentTypeError("name a broker: tansu, kafka or tansu,kafka")
    if unknown := [k for k in kinds if k not in BROKER_KINDS]:
        raise argparse.ArgumentTypeError(f"unknown broker(s) {', '.join(unknown)}: one of tansu, kafka")
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lists", default=str(ALL_LISTS), help="folder of lists (default ../shared/lists)")
    parser.add_argument("--no-worker", action="store_true", help="skip the worker measure (needs no broker)")
    parser.add_argument("--worker-only", action="store_true", help="only the worker measure")
    parser.add_argument(
        "--session-timeout",
        type=float,
        action="append",
        help="worker session timeout(s) to measure with (default: 6, the tests', and 2)",
    )
    parser.add_argument(
        "--broker",
        type=parse_brokers,
        default=("tansu",),
        help="broker(s) of the worker measure: tansu (default), kafka (Apache Kafka, Java and the jars of "
        "`python -m bench.kafka_fetch`), or tansu,kafka (both in this run)",
    )
    parser.add_argument(
        "--cases",
        default=",".join(CASE_LABELS),
        help=f"worker cases to run, comma-separated (default all: {','.join(CASE_LABELS)})",
    )
    parser.add_argument(
        "--stages", action="store_true", help="only the CPU of each step of a warm start, all lists"
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help=f"keep {ENV_NO_BYTECODE} as the environment has it (every process compiles the sources)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    BYTECODE["written"] = not args.no_bytecode
    if "kafka" in args.broker and not args.no_worker:
        from tests.support.broker import BrokerError
        from tests.support.kafka_broker import preflight

        try:
            preflight()
        except BrokerError as exc:
            print(f"--broker kafka: {exc}", file=sys.stderr)
            return 1
    only = frozenset(c.strip() for c in args.cases.split(",") if c.strip())
    if unknown := only - set(CASE_LABELS):
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    if args.stages:
        with tempfile.TemporaryDirectory(prefix="holdline-stages-") as tmp:
            stages = measure_stages([args.lists], args.rounds, Path(tmp))
        if args.json:
            print(json.dumps(stages, indent=2))
            return 0
        print(f"warm start, all lists, CPU per step (median of {args.rounds} fresh interpreters):")
        for name, r in stages.items():
            print(f"  {name:<40} {r['median_s']:7.3f} s   runs {r['runs_s']}")
        return 0
    with tempfile.TemporaryDirectory(prefix="holdline-startup-") as tmp:
        scratch = Path(tmp)
        result: dict[str, Any] = {"load_average_start": os.getloadavg()}
        if not args.worker_only:
            result["builtin"] = measure_screen([str(BUILTIN_LIST)], args.rounds, scratch)
            result["all_lists"] = measure_screen([args.lists], args.rounds, scratch)
        if not args.no_worker:
            result["worker_all_lists"] = [
                measure_worker([args.lists], args.rounds, scratch, timeout, only, broker_kind=kind)
                for kind in args.broker
                for timeout in args.session_timeout or (6.0, 2.0)
            ]
        result["load_average"] = os.getloadavg()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if "all_lists" in result:
        print_screen(result, args.rounds)
    for worker in result.get("worker_all_lists", []):
        print_worker(worker)
    print(
        "load average (1, 5, 15 min) at the start: "
        + ", ".join(f"{x:.2f}" for x in result["load_average_start"])
        + "; at the end: "
        + ", ".join(f"{x:.2f}" for x in result["load_average"])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
