"""`holdline screen --jsonl` end to end, as a user runs it: a process of its own, all lists, warm cache.

Used by `bench/speed.py` (which prints it beside the engine and the brute-force baseline): the queries
are written as JSON lines, the compiled snapshot is made warm by an untimed first run, then one process
screens them all. Its CPU time (user + system, from `wait4`) counts everything the process does: start,
imports, loading the compiled snapshot, first-use warm-ups, reading, screening, JSON encoding, writing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matchers.compiled import ENV_CACHE_DIR, SUFFIX

# Spawns the command and reports its rusage. A process forked from this benchmark (hundreds of MiB by
# then) would report at least this process's RSS as its own peak (Linux carries the forked memory's
# high-water mark over `exec`); forked from this small helper, the figure is the command's own.
_HELPER = """
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as fh:
    json.dump({"code": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime,
               "maxrss_kib": usage.ru_maxrss}, fh)
"""


def _run(cmd: list[str], stdin_path: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """(wall s, cpu s, peak RSS MiB, output lines) of one process."""
    with (
        stdin_path.open("rb") as stdin,
        tempfile.TemporaryFile() as out,
        tempfile.NamedTemporaryFile(suffix=".json") as report,
    ):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _HELPER, report.name, *cmd],
            stdin=stdin,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
            check=True,
        )
        wall = time.perf_counter() - started
        usage = json.loads(Path(report.name).read_text())
        if usage["code"] != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited with {usage['code']}")
        out.seek(0)
        lines = sum(1 for _ in out)
    return wall, usage["cpu"], usage["maxrss_kib"] / 1024, lines


def measure_cli(queries: Sequence[tuple[str, str | None, str | None]], lists_dir: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="holdline-cli-speed-") as tmp:
        folder = Path(tmp)
        cache = folder / "cache"
        cache.mkdir()
        stdin = folder / "queries.jsonl"
        with stdin.open("w", encoding="utf-8") as fh:
            for i, (name, country, kind) in enumerate(queries):
                fh.write(
                    json.dumps({"id": i, "name": name, "country": country, "kind": kind}, ensure_ascii=False)
                    + "\n"
                )
        one = folder / "one.jsonl"
        one.write_text(json.dumps({"id": 0, "name": "warm up"}) + "\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "streams.cli.main", "screen", "--jsonl", "--list", str(lists_dir)]
        env = {**os.environ, ENV_CACHE_DIR: str(cache)}
        _run(cmd, one, env)  # cold: builds, and writes the compiled snapshot in the background
        deadline = time.monotonic() + 300
        while not any(p.name.endswith(SUFFIX) for p in cache.iterdir()) or any(
            p.name.endswith(".tmp") for p in cache.iterdir()
        ):
            if time.monotonic() > deadline:
                raise TimeoutError("no compiled snapshot was written")
            time.sleep(0.2)
        _, start_cpu, _, _ = _run(cmd, one, env)  # warm, one name: what start-up alone costs
        wall, cpu, rss, lines = _run(cmd, stdin, env)
    if lines != len(queries):
        raise RuntimeError(f"holdline screen answered {lines} lines for {len(queries)} queries")
    return {
        "cli_queries": len(queries),
        "cli_wall_s": round(wall, 3),
        "cli_cpu_s": round(cpu, 3),
        "cli_names_per_s": round(len(queries) / cpu, 1) if cpu else 0.0,
        "cli_start_cpu_s": round(start_cpu, 3),
        "cli_maxrss_mib": round(rss, 1),
    }
