"""Instructions to screen the speed set's first names, compiled engine against its Python sources, under
callgrind: the clock on the shared development machine moves ±15% between runs, instruction counts do not.

Each build runs in a process of its own under `valgrind --tool=callgrind --instr-atstart=no`: the screener
is loaded from the compiled-snapshot cache (built first, outside valgrind), warmed up and its per-name memos
cleared as in `bench/speed.py`, and instrumentation is switched on around the screening loop only. The
sources' run (`HOLDLINE_PURE=1`) is the baseline; both must give byte-identical results.

    .venv/bin/python -m bench.instructions [--names 1000] [--keep DIR]

`--keep DIR` keeps both callgrind files for `callgrind_annotate` (docs/decisions/0114).

`--cache-sim` also runs callgrind's cache and branch-prediction simulation and prints an estimate of the
cycles: fewer instructions are not always less time when they trade for cache misses or mispredicted
branches (each freed tuple or list is an indirect call to its type's `tp_dealloc`). The weights are the
cachegrind manual's typical costs (`CYCLE_WEIGHTS`); the figure ranks changes, it is not a clock.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.devset import DEFAULT_SEED, LISTS_DIR
from matchers import build_check

# Cycles an event costs beyond its instruction, from the cachegrind manual's typical figures ("an L1 miss
# ~10 cycles, an LL miss as much as 200, a mispredicted branch 10 to 30"): the low end for LL, as the
# simulated LL is larger than a real one's share of a busy machine and most of its misses hit L2/L3.
CYCLE_WEIGHTS: dict[str, int] = {
    "I1mr": 10,
    "D1mr": 10,
    "D1mw": 10,
    "ILmr": 100,
    "DLmr": 100,
    "DLmw": 100,
    "Bcm": 15,
    "Bim": 15,
}


def instrument(switch: str) -> None:
    """Switch callgrind's instrumentation of this process `on` or `off` (valgrind runs it with
    `--instr-atstart=no`, so only the code between the two is counted)."""
    subprocess.run(["callgrind_control", "-i", switch, str(os.getpid())], check=True, capture_output=True)


def inner(names: int, queries_file: Path, results_file: Path, callgrind: bool) -> None:
    """One build's run (in the process valgrind starts): screen, write the results' digest."""
    from bench.speed import WARM_UP, clear_engine_caches
    from matchers import compiled
    from matchers.gc_pause import settle_after_load
    from matchers.screener import DEFAULT_THRESHOLD, Screener

    paths = [LISTS_DIR]
    screener, _ = compiled.load_or_build(
        paths, DEFAULT_THRESHOLD, lambda: Screener.from_paths(paths), compiled.default_cache_dir()
    )
    settle_after_load()
    queries = json.loads(queries_file.read_text())[:names]
    for q, c, k in WARM_UP:
        screener.screen(q, country=c, kind=k)
    clear_engine_caches()
    if callgrind:
        instrument("on")
    out = [[m.to_record() for m in screener.screen(q, country=c, kind=k)] for q, c, k in queries]
    if callgrind:
        instrument("off")
    digest = hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest()
    results_file.write_text(json.dumps({"build": build_check.STATE.describe(), "sha256": digest}))


def _total(callgrind_out: Path) -> int:
    # `summary:` counts from the start (0 with instrumentation off then); `totals:` what was instrumented.
    found = [int(n) for n in re.findall(r"^(?:summary|totals):\s*(\d+)", callgrind_out.read_text(), re.M)]
    if not found:
        raise RuntimeError(f"{callgrind_out}: no instruction total")
    return max(found)


def events(callgrind_out: Path) -> dict[str, int]:
    """Every event's total (`events:` names them; the largest `summary:`/`totals:` row counts them)."""
    text = callgrind_out.read_text()
    names = re.search(r"^events:\s*(.+)$", text, re.M)
    rows = [[int(n) for n in row.split()] for row in re.findall(r"^(?:summary|totals):\s*(.+)$", text, re.M)]
    if names is None or not rows:
        raise RuntimeError(f"{callgrind_out}: no event totals")
    best = max(rows, key=lambda row: row[0])
    return dict(
        zip(names.group(1).split(), best + [0] * (len(names.group(1).split()) - len(best)), strict=True)
    )


def cycle_estimate(counts: dict[str, int]) -> int:
    """Instructions plus each cache miss and mispredicted branch at its `CYCLE_WEIGHTS` cost."""
    return counts.get("Ir", 0) + sum(w * counts.get(name, 0) for name, w in CYCLE_WEIGHTS.items())


def measure(
    names: int, keep: Path | None, build_only: bool = False, cache_sim: bool = False
) -> dict[str, object]:
    from bench.devset import load_lists
    from bench.speed import query_set

    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind (with callgrind_control) is needed: apt-get install valgrind")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        queries = work / "queries.json"
        queries.write_text(json.dumps(query_set(load_lists(), max(names, 1), DEFAULT_SEED)))
        rows: dict[str, dict[str, object]] = {}
        runs: list[tuple[str, dict[str, str]]] = [("pure", {build_check.ENV_PURE: "1"}), ("this build", {})]
        for label, extra in runs[1:] if build_only else runs:
            # Dict and set order (and so some instruction counts) follow the string hash: fix it.
            env = {**os.environ, "PYTHONHASHSEED": "0", **extra}
            me = [sys.executable, "-m", "bench.instructions", "--inner", "--names", str(names)]
            me += ["--queries-file", str(queries), "--results-file", str(work / f"{label}.json")]
            # The compiled snapshot of this build, outside valgrind (a cold build under it takes an hour).
            subprocess.run([*me, "--names", "1"], env=env, check=True, capture_output=True)
            out = work / f"{label}.callgrind"
            valgrind = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
            if cache_sim:
                valgrind += ["--cache-sim=yes", "--branch-sim=yes"]
            subprocess.run([*valgrind, *me, "--callgrind"], env=env, check=True, capture_output=True)
            rows[label] = {**json.loads((work / f"{label}.json").read_text()), "instructions": _total(out)}
            if cache_sim:
                counts = events(out)
                rows[label] |= {"events": counts, "cycle_estimate": cycle_estimate(counts)}
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(out, keep / f"{label.replace(' ', '_')}.callgrind")
    built = rows["this build"]
    if build_only:
        return {"names": names, "build": built}
    pure = rows["pure"]
    return {
        "names": names,
        "pure": pure,
        "build": built,
        "build_over_pure_instructions": round(
            int(str(built["instructions"])) / int(str(pure["instructions"])), 3
        ),
        "identical_results": pure["sha256"] == built["sha256"],
    }


def _print_cache_sim(row: dict[str, object]) -> None:
    counts = row["events"]
    assert isinstance(counts, dict)
    l1 = counts["I1mr"] + counts["D1mr"] + counts["D1mw"]
    ll = counts["ILmr"] + counts["DLmr"] + counts["DLmw"]
    branches = counts["Bcm"] + counts["Bim"]
    i1 = counts["I1mr"]
    print(f"  L1 misses {l1 / 1e6:,.1f} M (instructions {i1 / 1e6:,.1f} M), LL misses {ll / 1e6:,.2f} M")
    print(f"  mispredicted branches {branches / 1e6:,.1f} M (indirect {counts['Bim'] / 1e6:,.1f} M)")
    print(
        f"  cycle estimate {row['cycle_estimate'] / 1e6:10,.0f} M (weights: bench.instructions.CYCLE_WEIGHTS)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Instructions per name under callgrind, compiled vs pure.")
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="keep both callgrind files in this folder")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="this build only, no pure-Python run")
    parser.add_argument(
        "--cache-sim", action="store_true", help="simulate caches and branches; print a cycle estimate"
    )
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--callgrind", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--results-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        inner(args.names, args.queries_file, args.results_file, args.callgrind)
        return 0
    r = measure(args.names, args.keep, args.build_only, args.cache_sim)
    if args.json:
        print(json.dumps(r, indent=1))
        return 0
    if args.build_only:
        only = r["build"]
        assert isinstance(only, dict)
        print(f"this build, {only['build']}: {only['instructions'] / 1e6:10,.0f} M instructions")
        if args.cache_sim:
            _print_cache_sim(only)
        print(f"results sha256: {only['sha256']}")
        return 0
    pure, built = r["pure"], r["build"]
    assert isinstance(pure, dict) and isinstance(built, dict)
    print(f"holdline instructions: the first {r['names']} names of the speed set, screened under callgrind")
    print(f"pure Python (HOLDLINE_PURE=1): {pure['instructions'] / 1e6:10,.0f} M instructions")
    print(f"this build, {built['build']}: {built['instructions'] / 1e6:10,.0f} M instructions")
    if args.cache_sim:
        _print_cache_sim(built)
    print(f"this build / pure: {r['build_over_pure_instructions']:.3f}")
    print(f"identical results: {'yes' if r['identical_results'] else 'NO'}")
    return 0 if r["identical_results"] else 1


if __name__ == "__main__":
    sys.exit(main())
