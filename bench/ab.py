"""This checkout's engine against another checkout's, interleaved chunk by chunk on one core.

Two `bench.speed` runs a minute apart on the shared 2-core machine differ by ±20%: a change worth 5–10%
cannot be seen in them (round 12 cut 10% of the instructions and seven alternated pairs of whole runs
showed nothing). Here each checkout's engine runs in a process of its own (its own `.venv`, its compiled
snapshot from the cache), both pinned to the same core, and they screen the same chunks of the speed set
in turn — A then B, then B then A for the next chunk — each timing only its own screening with
`time.process_time`. Whatever the machine does in a given second falls on both sides alike, and the
per-chunk ratios show how much is left.

    .venv/bin/python -m bench.ab --base /path/to/other/checkout [--names 10000] [--chunk 250] [--passes 2]

The other checkout needs a `.venv` with its build (`make setup` there) and only the public names both
sides have: `matchers.compiled.load_or_build`, `Screener.from_paths`, `bench.speed`'s warm-up list and
`clear_engine_caches`. Each pass screens every name once per side after the engine's memos are cleared,
as `bench.speed` does. Prints the median of the per-chunk ratios (base time / this time: above 1 means
this checkout is faster), its interquartile range, each side's total CPU, and whether the two sides'
results are identical (an exact change must keep them so).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from pydantic import BaseModel

from bench.devset import DEFAULT_SEED, LISTS_DIR

# What each side runs (`python -c`, in its own checkout): load the screener, warm up, then answer one
# request a line — `clear` (the engine's memos) or `[start, end]` (screen those queries) — with the CPU
# seconds spent and a digest of the results. Only names every recent checkout has.
SERVER = r"""
import hashlib, json, os, sys, time
from bench.speed import WARM_UP, clear_engine_caches
from matchers import compiled
from matchers.screener import DEFAULT_THRESHOLD, Screener
try:
    from matchers.gc_pause import settle_after_load
except ImportError:
    settle_after_load = lambda: None
os.sched_setaffinity(0, {int(sys.argv[1])})
paths = [sys.argv[2]]
screener, _ = compiled.load_or_build(
    paths, DEFAULT_THRESHOLD, lambda: Screener.from_paths(paths), compiled.default_cache_dir()
)
settle_after_load()
queries = json.load(open(sys.argv[3]))
for q, c, k in WARM_UP:
    screener.screen(q, country=c, kind=k)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    ask = json.loads(line)
    if ask == "clear":
        clear_engine_caches()
        print(json.dumps({"cleared": True}), flush=True)
        continue
    chunk = queries[ask[0]:ask[1]]
    t0 = time.process_time()
    out = [[m.to_record() for m in screener.screen(q, country=c, kind=k)] for q, c, k in chunk]
    cpu = time.process_time() - t0
    digest = hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest()
    print(json.dumps({"cpu": cpu, "sha256": digest}), flush=True)
"""


class ChunkAnswer(BaseModel):
    """One side's answer to a chunk: CPU seconds and the digest of its results."""

    cpu: float
    sha256: str


class ABResult(BaseModel):
    """What one comparison found (`--json` prints it)."""

    names: int
    chunks: int
    passes: int
    identical_results: bool
    median_ratio: float
    q1: float
    q3: float
    this_cpu_s: float
    base_cpu_s: float
    total_ratio: float


class Side:
    """One checkout's engine in a process of its own, answering requests on its pipes."""

    def __init__(self, checkout: Path, cpu: int, lists: Path, queries: Path) -> None:
        python = checkout / ".venv" / "bin" / "python"
        if not python.exists():
            raise SystemExit(f"{checkout}: no .venv (run `make setup` there)")
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.proc = subprocess.Popen(
            [str(python), "-c", SERVER, str(cpu), str(lists), str(queries)],
            cwd=checkout,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._read()

    def _read(self) -> dict[str, object]:
        out: IO[str] | None = self.proc.stdout
        assert out is not None
        line = out.readline()
        if not line:
            raise RuntimeError(f"a side exited (code {self.proc.wait()})")
        answer = json.loads(line)
        assert isinstance(answer, dict)
        return answer

    def ask(self, request: object) -> dict[str, object]:
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(json.dumps(request) + "\n")
        stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def chunks(names: int, size: int) -> list[tuple[int, int]]:
    """`[start, end)` ranges of at most `size` covering `names` queries in order."""
    return [(start, min(start + size, names)) for start in range(0, names, size)]


def summarise(this: list[float], base: list[float]) -> dict[str, float]:
    """Per-chunk ratios base/this (above 1: this side is faster), their median and quartiles."""
    ratios = sorted(b / t for t, b in zip(this, base, strict=True) if t > 0)
    q1, median, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (ratios[0],) * 3
    return {
        "median_ratio": median,
        "q1": q1,
        "q3": q3,
        "this_cpu_s": sum(this),
        "base_cpu_s": sum(base),
        "total_ratio": sum(base) / sum(this),
    }


def run(base: Path, names: int, chunk: int, passes: int, lists: Path) -> ABResult:
    from bench.devset import load_lists
    from bench.speed import query_set

    here = Path(__file__).resolve().parent.parent
    cpu = sorted(os.sched_getaffinity(0))[-1]
    with tempfile.TemporaryDirectory() as tmp:
        queries_file = Path(tmp) / "queries.json"
        queries = query_set(load_lists(), names, DEFAULT_SEED)[:names]
        queries_file.write_text(json.dumps(queries))
        sides = {
            "this": Side(here, cpu, lists, queries_file),
            "base": Side(base.resolve(), cpu, lists, queries_file),
        }
        times: dict[str, list[float]] = {"this": [], "base": []}
        digests: dict[str, list[str]] = {"this": [], "base": []}
        try:
            for p in range(passes):
                for side in sides.values():
                    side.ask("clear")
                for i, span in enumerate(chunks(len(queries), chunk)):
                    order = ["this", "base"] if (i + p) % 2 == 0 else ["base", "this"]
                    for label in order:
                        answer = ChunkAnswer.model_validate(sides[label].ask(list(span)))
                        times[label].append(answer.cpu)
                        digests[label].append(answer.sha256)
        finally:
            for side in sides.values():
                side.close()
    return ABResult(
        names=len(queries),
        chunks=len(times["this"]),
        passes=passes,
        identical_results=digests["this"] == digests["base"],
        **summarise(times["this"], times["base"]),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="This checkout's engine against another's, interleaved.")
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (with its .venv)")
    parser.add_argument("--names", type=int, default=10000)
    parser.add_argument("--chunk", type=int, default=250)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--lists", type=Path, default=LISTS_DIR)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    r = run(args.base, args.names, args.chunk, args.passes, args.lists)
    if args.json:
        print(r.model_dump_json(indent=1))
        return 0
    print(f"holdline ab: {r.names} speed names x {r.passes} passes, {r.chunks} chunks a side, one core")
    print(f"this checkout: {r.this_cpu_s:.2f} s CPU; base {args.base}: {r.base_cpu_s:.2f} s CPU")
    print(
        f"base/this per chunk: median {r.median_ratio:.3f} (quartiles {r.q1:.3f}-{r.q3:.3f}); "
        f"totals {r.total_ratio:.3f}  (> 1: this checkout is faster)"
    )
    print(f"identical results: {'yes' if r.identical_results else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
