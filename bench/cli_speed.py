"""`holdline screen --jsonl` end to end, as a user runs it: a process of its own, all lists, warm cache.

Used by `bench/speed.py` (which prints it beside the engine and the brute-force baseline): the queries
are written as JSON lines, the compiled snapshot is made warm by an untimed first run, then one process
screens them all. Its CPU time (user + system, from `wait4`) counts everything the process does: start,
imports, loading the compiled snapshot, first-use warm-ups, reading, screening, JSON encoding, writing.

    .venv/bin/python -m bench.cli_speed [--queries 3000] [--rounds 5]

run alone, it measures the command's own work per line instead (`measure_own`): `screen_jsonl` over the
speed set's names with the engine's answers computed beforehand, and its parts apart.

    .venv/bin/python -m bench.cli_speed --instructions [--queries 1000]

counts instructions under callgrind instead (deterministic on a shared machine, as `bench.instructions`):
the same names screened by the engine alone (`Screener.screen`) and through `screen_jsonl` (a file in, a
file out, as the command reads and writes), each in a process loaded from the compiled snapshot, warmed up
and with the engine's memos cleared; their ratio is the command's rate against the engine's without the
start-up, and the command's lines must be the records' bytes.
"""

from __future__ import annotations

import json
import statistics
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


def measure_cli(
    queries: Sequence[tuple[str, str | None, str | None]], lists_dir: Path, bytecode: bool = True
) -> dict[str, Any]:
    """The command end to end on `queries` (see the module's docstring); `bytecode=False` keeps the
    environment's PYTHONDONTWRITEBYTECODE (`bench.startup.process_env`)."""
    from bench.startup import process_env

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
        env = process_env(bytecode=bytecode, **{ENV_CACHE_DIR: str(cache)})
        _run(cmd, one, env)  # cold: builds, writes the compiled snapshot in the background, and the bytecode
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


# --- the CLI's own work per line ------------------------------------------------------------------------
class _Answers:
    """A screener that answers from a table: `screen_jsonl` timed without the engine."""

    def __init__(self, answers: dict[tuple[str, str | None, str | None], Any], threshold: float) -> None:
        self.answers = answers
        self.threshold = threshold

    def screen(self, name: str, country: str | None = None, kind: str | None = None) -> Any:
        return self.answers[(name, country, kind)]


def measure_own(
    queries: Sequence[tuple[str, str | None, str | None]], lists_dir: Path, rounds: int = 5
) -> dict[str, Any]:
    """µs per line of `holdline screen --jsonl`'s own work (read, validate, the name rule, the record, its
    JSON, write) with the engine's answers computed beforehand, and its parts measured apart (CPU time,
    medians of `rounds`): what the command adds to the engine, in the process that screens."""
    from streams.cli.screen import ScreenRequest, encode_tail, screen_jsonl
    from streams.snapshot import load_screener

    screener = load_screener([str(lists_dir)])
    answers = {q: screener.screen(q[0], country=q[1], kind=q[2]) for q in queries}
    fake = _Answers(answers, screener.threshold)
    with tempfile.TemporaryDirectory(prefix="holdline-cli-own-") as tmp:
        stdin = Path(tmp) / "queries.jsonl"
        lines = [
            json.dumps({"id": i, "name": n, "country": c, "kind": k}, ensure_ascii=False)
            for i, (n, c, k) in enumerate(queries)
        ]
        stdin.write_text("".join(line + "\n" for line in lines), encoding="utf-8")

        def whole() -> float:
            with stdin.open(encoding="utf-8") as inp, (Path(tmp) / "out.jsonl").open("w") as out:
                started = time.process_time()
                screen_jsonl(fake, screener.threshold, inp, out)
                return time.process_time() - started

        def part(step: Any, items: Sequence[Any]) -> float:
            started = time.process_time()
            for item in items:
                step(item)
            return time.process_time() - started

        results = list(answers.values())
        encode = json.JSONEncoder(ensure_ascii=False).encode
        tails = [{"hit": True, "matches": [m.to_record() for m in ms]} for ms in results]
        timings: dict[str, list[float]] = {"line": [], "tail": [], "record": [], "json": [], "validate": []}
        for _ in range(rounds):
            timings["line"].append(whole())
            timings["tail"].append(part(lambda ms: encode_tail(True, ms), results))
            timings["record"].append(part(lambda ms: [m.to_record() for m in ms], results))
            timings["json"].append(part(encode, tails))
            timings["validate"].append(part(ScreenRequest.model_validate_json, lines))
    n = len(queries)
    return {
        "own_lines": n,
        "own_matches_per_line": round(sum(map(len, results)) / n, 2),
        **{f"own_{k}_us": round(statistics.median(v) / n * 1e6, 1) for k, v in timings.items()},
    }


# --- instructions under callgrind -----------------------------------------------------------------------
def _instructions_inner(mode: str, lines_file: Path, out_file: Path, callgrind: bool) -> None:
    """One side's run, in the process valgrind starts: the engine alone or `screen_jsonl`, instrumented."""
    from bench.devset import LISTS_DIR
    from bench.instructions import instrument
    from bench.speed import WARM_UP, clear_engine_caches
    from streams.cli.errors import load_screener
    from streams.cli.screen import name_problem, screen_jsonl

    screener, why = load_screener([str(LISTS_DIR)])
    assert screener is not None, why
    requests = [json.loads(line) for line in lines_file.read_text(encoding="utf-8").splitlines()]
    for q, c, k in WARM_UP:
        screener.screen(q, country=c, kind=k)
    clear_engine_caches()
    if callgrind:
        instrument("on")
    if mode == "engine":
        answers = [screener.screen(r["name"], country=r["country"], kind=r["kind"]) for r in requests]
    else:
        with lines_file.open(encoding="utf-8") as inp, out_file.open("w", encoding="utf-8") as out:
            screen_jsonl(screener, screener.threshold, inp, out)
    if callgrind:
        instrument("off")
    if mode == "engine":  # the contract's bytes, written the records' way (decision 0502), the name rule's
        threshold = screener.threshold
        with out_file.open("w", encoding="utf-8") as out:
            for r, matches in zip(requests, answers, strict=True):
                why = name_problem(r["name"])
                record = (
                    {"error": f"cannot screen this name: {why}"}
                    if why is not None
                    else {
                        "hit": any(m.score >= threshold for m in matches),
                        "matches": [m.to_record() for m in matches],
                    }
                )
                out.write(json.dumps({"id": r["id"], **record}, ensure_ascii=False) + "\n")


def measure_instructions(queries: Sequence[tuple[str, str | None, str | None]]) -> dict[str, Any]:
    import re
    import shutil

    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind (with callgrind_control) is needed: apt-get install valgrind")
    from bench.devset import LISTS_DIR
    from matchers import compiled
    from matchers.screener import DEFAULT_THRESHOLD

    # Written in the foreground: a run under callgrind that found no snapshot (the command writes it from a
    # niced background process, late on a busy machine) would build the index under valgrind.
    compiled.compile_paths([LISTS_DIR], DEFAULT_THRESHOLD)
    with tempfile.TemporaryDirectory(prefix="holdline-cli-instr-") as tmp:
        work = Path(tmp)
        lines = work / "queries.jsonl"
        lines.write_text(
            "".join(
                json.dumps({"id": i, "name": n, "country": c, "kind": k}, ensure_ascii=False) + "\n"
                for i, (n, c, k) in enumerate(queries)
            ),
            encoding="utf-8",
        )
        counts: dict[str, int] = {}
        for mode in ("engine", "cli"):
            me = [sys.executable, "-m", "bench.cli_speed", "--inner", mode, "--lines-file", str(lines)]
            me += ["--out-file", str(work / f"{mode}.jsonl")]
            subprocess.run(me, check=True, capture_output=True)  # the compiled snapshot, outside valgrind
            out = work / f"{mode}.callgrind"
            valgrind = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
            subprocess.run([*valgrind, *me, "--callgrind"], check=True, capture_output=True)
            found = [int(n) for n in re.findall(r"^(?:summary|totals):\s*(\d+)", out.read_text(), re.M)]
            counts[mode] = max(found)
        identical = (work / "engine.jsonl").read_bytes() == (work / "cli.jsonl").read_bytes()
    n = len(queries)
    return {
        "instr_names": n,
        "instr_engine_m": round(counts["engine"] / 1e6, 1),
        "instr_cli_m": round(counts["cli"] / 1e6, 1),
        "instr_cli_over_engine_rate": round(counts["engine"] / counts["cli"], 3),
        "instr_cli_own_per_line_k": round((counts["cli"] - counts["engine"]) / n / 1e3, 1),
        "instr_identical_output": identical,
    }


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    from bench.devset import DEFAULT_SEED, LISTS_DIR, load_lists
    from bench.speed import query_set

    parser = argparse.ArgumentParser(description="`holdline screen --jsonl`'s own work per line")
    parser.add_argument("--queries", type=int, default=None, help="names (3,000; 1,000 with --instructions)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--instructions", action="store_true", help="count instructions under callgrind")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--inner", choices=["engine", "cli"], help=argparse.SUPPRESS)
    parser.add_argument("--callgrind", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--lines-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        _instructions_inner(args.inner, args.lines_file, args.out_file, args.callgrind)
        return 0
    if args.instructions:
        r = measure_instructions(query_set(load_lists(), args.queries or 1000, DEFAULT_SEED))
        if args.json:
            print(json.dumps(r, indent=1))
        else:
            print(
                f"holdline screen --jsonl under callgrind, the speed set's first {r['instr_names']} names: "
                f"engine alone {r['instr_engine_m']:,.0f} M instructions, through `screen_jsonl` "
                f"{r['instr_cli_m']:,.0f} M: the command at {r['instr_cli_over_engine_rate']:.3f} of the "
                f"engine's rate without start-up ({r['instr_cli_own_per_line_k']:,.1f} k instructions of "
                f"its own per line); lines identical to the records': "
                f"{'yes' if r['instr_identical_output'] else 'NO'}"
            )
        return 0 if r["instr_identical_output"] else 1
    queries = query_set(load_lists(), args.queries or 3000, DEFAULT_SEED)
    result = measure_own(queries, LISTS_DIR, args.rounds)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(
        f"holdline screen --jsonl, its own work per line (engine answers computed beforehand; "
        f"{result['own_lines']} lines, {result['own_matches_per_line']} matches per line, median of "
        f"{args.rounds}): {result['own_line_us']} µs per line; of it, measured apart: the matches' JSON "
        f"from their fields (`encode_tail`, what the command runs) {result['own_tail_us']} µs, against "
        f"the records' way (decision 0502): the records (`Match.to_record`) {result['own_record_us']} µs "
        f"and their JSON {result['own_json_us']} µs; the line's validation {result['own_validate_us']} µs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
