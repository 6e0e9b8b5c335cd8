"""Instructions per screened name, counted by callgrind: the engine's cost on a shared machine, where the
clock moves ±15% between runs and instruction counts agree within 0.1%.

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=OUT \\
        .venv/bin/python -m bench.instructions [--names 1000]
    PYTHONHASHSEED=0 for repeatable counts; HOLDLINE_PURE=1 for the Python sources.

Loads every list in `../shared/lists` from the compiled snapshot (built into the default cache on the first
run), screens a few warm-up names, clears the engine's per-name memos as `bench.speed` does, then switches
callgrind's instrumentation on (`callgrind_control -i on`) around the first `--names` names of the speed set
only, so loading and imports are not counted. Compare two builds by running it in each (`callgrind_annotate
OUT | head` gives the total); outside valgrind it prints the CPU time of the same loop.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence

from bench.devset import DEFAULT_SEED, LISTS_DIR, load_lists
from bench.speed import clear_engine_caches, query_set
from matchers.compiled import compile_paths, default_cache_dir
from matchers.gc_pause import settle_after_load


def _instrument(state: str) -> None:
    """Ask callgrind to switch instrumentation on or off for this process; no-op outside valgrind."""
    if shutil.which("callgrind_control") is None or "valgrind" not in os.environ.get("LD_PRELOAD", ""):
        return
    done = subprocess.Popen(["callgrind_control", "-i", state, str(os.getpid())], stdout=subprocess.DEVNULL)
    while done.poll() is None:  # valgrind reads its command file only while this process runs code
        sum(range(1000))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--names", type=int, default=1000, help="speed-set names screened while counting")
    args = parser.parse_args(argv)
    queries = query_set(load_lists(), 10_000, DEFAULT_SEED)[: args.names]
    screener, _ = compile_paths([LISTS_DIR], 0.82, cache_dir=default_cache_dir())
    settle_after_load()
    for name, country, kind in [
        ("warm up", None, None),
        ("Warm Up Trading Co., Ltd.", "CN", "org"),
        ("SMITH, John", "United Kingdom", "person"),
        ("北京某某科技有限公司", "China", None),
        ("Иванов Иван", "Russia", "person"),
        ("محمد علي", None, None),
    ]:
        screener.screen(name, country=country, kind=kind)
    clear_engine_caches()
    gc.collect()
    _instrument("on")
    started = time.process_time()
    hits = sum(screener.is_hit(screener.screen(q, country=c, kind=k)) for q, c, k in queries)
    spent = time.process_time() - started
    _instrument("off")
    print(f"{len(queries)} names, {hits} hits, {spent:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
