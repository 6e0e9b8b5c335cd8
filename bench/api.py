"""The HTTP screening service under load: single-party `/match` requests, beside `holdline screen --jsonl`.

    .venv/bin/python -m bench.api [--workers 2] [--seconds 10] [--rate 200] [--concurrency 32]

`holdline api serve --workers N` runs on every list in ../shared/lists plus the shared OpenSanctions FtM
samples, with a bearer token, not following a broker. The load generator is another process (an async
aiohttp client on HTTP/1.1 keep-alive connections; an async httpx client measured
about 150 requests/s as the bottleneck itself), so the server's CPU is not shared with it in one
interpreter; on a small host they still share the machine, which is part of what is measured.

Two runs, each on names not sent before (every request screens: the service's result cache never helps):
- throughput: a closed loop of `--concurrency` connections for `--seconds`; requests per second;
- latency: an open loop at `--rate` requests per second for `--seconds`; latency is measured from each
  request's scheduled time (so a stall delays the requests queued behind it: no coordinated omission).
Names: ../shared/names/companies_dev.csv (ordinary companies on no list) with legal-form variations, and
one in ten a listed name, so matches are built and serialised too.

Baseline in the same run: `holdline screen --jsonl` on the same lists and the first names, process start and
list loading included (what a user pays), and the same without start-up (names per second once loaded).
Targets: >= 1,000 requests/s at 2 workers; p99 < 25 ms at 200 requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
FTM = SHARED / "formats" / "opensanctions_ftm_2024-05"
LISTS = [SHARED / "lists", FTM / "t1" / "entities.ftm.json", FTM / "zala" / "entities.ftm.json"]
VARIANTS = (
    "",
    " Ltd",
    " GmbH",
    " S.A.",
    " Inc.",
    " Holdings",
    " Trading",
    " International",
    " Logistics",
    " Group",
    " Services",
    " (Shenzhen)",
    " Components",
    " Europe",
    " Asia Pacific",
    " Systems",
)


def names(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(schema, name) pairs, all distinct."""
    from matchers.lists import load_paths

    rng = random.Random(seed)
    with open(SHARED / "names" / "companies_dev.csv", newline="", encoding="utf-8") as fh:
        companies = [row["name"] for row in csv.DictReader(fh) if row.get("name")]
    listed = [
        (("Person" if e.kind.value == "person" else "Company"), e.name)
        for lst in load_paths(LISTS)
        for e in lst.entries
    ]
    rng.shuffle(listed)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    variants = [(v, c) for v in VARIANTS for c in companies]
    rng.shuffle(variants)
    clean = iter(variants)
    hits = iter(listed)
    while len(out) < count:
        schema, name = next(hits) if len(out) % 10 == 9 else ("Company", "".join(reversed(next(clean))))
        if name not in seen:
            seen.add(name)
            out.append((schema, name))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def body(schema: str, name: str) -> bytes:
    return json.dumps({"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}}).encode()


# --- the load generator (runs in its own process) ------------------------------------------------------


async def _closed_loop(
    url: str, token: str, bodies: list[bytes], concurrency: int, seconds: float
) -> dict[str, Any]:
    import aiohttp

    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    latencies: list[float] = []
    errors = 0
    position = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(url, headers=headers, connector=connector) as client:
        stop = time.perf_counter() + seconds

        async def one() -> None:
            nonlocal position, errors
            while time.perf_counter() < stop and position < len(bodies):
                payload = bodies[position]
                position += 1
                started = time.perf_counter()
                try:
                    async with client.post("/match/default", data=payload) as response:
                        await response.read()
                        ok = response.status == 200
                except aiohttp.ClientError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "seconds": elapsed, "errors": errors, "latencies": latencies}


async def _open_loop(
    url: str, token: str, bodies: list[bytes], rate: float, seconds: float
) -> dict[str, Any]:
    import aiohttp

    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    total = min(len(bodies), int(rate * seconds))
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=256)
    async with aiohttp.ClientSession(url, headers=headers, connector=connector) as client:
        start = time.perf_counter() + 0.2

        async def one(i: int) -> None:
            nonlocal errors
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                async with client.post("/match/default", data=bodies[i]) as response:
                    await response.read()
                    ok = response.status == 200
            except aiohttp.ClientError:
                ok = False
            latencies.append(time.perf_counter() - scheduled)
            errors += not ok

        await asyncio.gather(*(one(i) for i in range(total)))
    return {"requests": total, "seconds": total / rate, "errors": errors, "latencies": latencies}


def _generate(
    mode: str, url: str, token: str, bodies: list[bytes], param: float, seconds: float, out: Any
) -> None:
    run = (
        _closed_loop(url, token, bodies, int(param), seconds)
        if mode == "closed"
        else _open_loop(url, token, bodies, param, seconds)
    )
    try:
        out.put(asyncio.run(run))
    except Exception as exc:  # reported to the parent instead of leaving it waiting
        out.put({"failed": f"{type(exc).__name__}: {exc}"})


def load(
    mode: str, url: str, token: str, bodies: list[bytes], param: float, seconds: float
) -> dict[str, Any]:
    """Runs the load generator in a separate process and returns its measurements."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_generate, args=(mode, url, token, bodies, param, seconds, queue))
    proc.start()
    result = queue.get(timeout=seconds * 10 + 120)
    proc.join(timeout=30)
    if "failed" in result:
        raise SystemExit(f"load generator failed: {result['failed']}")
    return result


# --- the service and the baseline ----------------------------------------------------------------------


def start_server(workers: int, port: int, tokens: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HOLDLINE_API_TOKENS_FILE": str(tokens),
        "HOLDLINE_API_RATE_PER_SECOND": "100000",
        "HOLDLINE_API_RATE_BURST": "100000",
    }
    args = [
        sys.executable,
        "-m",
        "streams.cli.main",
        "api",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-follow",
        "--log-level",
        "warning",
    ]
    for path in LISTS:
        args += ["--list", str(path)]
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(url: str, token: str, workers: int, timeout: float = 300) -> float:
    """Until `workers` answers in a row say ready (each worker loads the lists itself)."""
    import httpx

    started = time.perf_counter()
    streak = 0
    while time.perf_counter() - started < timeout:
        try:
            ok = httpx.get(url + "/readyz", timeout=5).status_code == 200
        except httpx.HTTPError:
            ok = False
        streak = streak + 1 if ok else 0
        if streak >= workers * 4:
            return time.perf_counter() - started
        time.sleep(0.25)
    raise SystemExit("the API did not become ready")


def baseline(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """`holdline screen --jsonl` on the same names: with and without process start and list loading."""
    lines = "".join(
        json.dumps({"id": i, "name": n, "kind": "person" if s == "Person" else "org"}) + "\n"
        for i, (s, n) in enumerate(pairs)
    )
    args = [sys.executable, "-m", "streams.cli.main", "screen", "--jsonl"]
    for path in LISTS:
        args += ["--list", str(path)]
    started = time.perf_counter()
    subprocess.run(args, input=lines.encode(), check=True, stdout=subprocess.DEVNULL)
    with_start = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run(args, input=b"", check=True, stdout=subprocess.DEVNULL)
    start_only = time.perf_counter() - started
    return {
        "names": len(pairs),
        "seconds": with_start,
        "startup": start_only,
        "per_second": len(pairs) / with_start,
        # The difference of two noisy runs: at least a tenth of the run is counted as screening.
        "per_second_loaded": len(pairs) / max(with_start - start_only, with_start / 10),
    }


def server_side(url: str, token: str) -> dict[str, float]:
    """Mean time inside one server process per /match request (its own histogram): the server's share."""
    import httpx

    from tests.support.harness import parse_metrics

    text = httpx.get(url + "/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=10).text
    metrics = parse_metrics(text)
    labels = frozenset({("route", "/match/{dataset}")})
    total = metrics.get(("holdline_api_request_duration_seconds_sum", labels), 0.0)
    count = metrics.get(("holdline_api_request_duration_seconds_count", labels), 0.0)
    return {"requests": count, "mean_ms": total / count * 1000 if count else float("nan")}


def in_process(bodies: list[bytes]) -> dict[str, float]:
    """The ASGI app called directly in this process (no sockets, no HTTP client): one process's ceiling."""
    from streams.api.app import create_app
    from streams.api.settings import ApiSettings

    app = create_app([str(p) for p in LISTS], api=ApiSettings(), no_auth=True, follow=False)
    app.state.api.load([str(p) for p in LISTS])

    async def run() -> float:
        async def send(message: Any) -> None:
            return None

        started = time.perf_counter()
        for payload in bodies:
            sent = False

            async def receive(payload: bytes = payload) -> dict[str, Any]:
                nonlocal sent
                if sent:
                    return {"type": "http.disconnect"}
                sent = True
                return {"type": "http.request", "body": payload, "more_body": False}

            scope = {
                "type": "http",
                "asgi": {"version": "3.0"},
                "http_version": "1.1",
                "method": "POST",
                "scheme": "http",
                "path": "/match/default",
                "raw_path": b"/match/default",
                "query_string": b"",
                "root_path": "",
                "client": ("127.0.0.1", 1),
                "server": ("127.0.0.1", 2),
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
            await app(scope, receive, send)
        return time.perf_counter() - started

    seconds = asyncio.run(run())
    return {"requests": len(bodies), "per_second": len(bodies) / seconds, "ms": seconds / len(bodies) * 1000}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--baseline-names", type=int, default=2000)
    args = parser.parse_args(argv)

    from streams.api.tokens import create

    pairs = names(int(args.seconds * 4000) + int(args.seconds * args.rate) + 1000)
    closed_bodies = [body(s, n) for s, n in pairs[: int(args.seconds * 4000)]]
    open_bodies = [body(s, n) for s, n in pairs[len(closed_bodies) :]]
    base = baseline(pairs[: args.baseline_names])
    ceiling = in_process(open_bodies[-1200:-200])
    with tempfile.TemporaryDirectory() as tmp:
        tokens = Path(tmp) / "tokens"
        token = create("bench", tokens)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        process = start_server(args.workers, port, tokens)
        try:
            ready = wait_ready(url, token, args.workers)
            warm = load("closed", url, token, open_bodies[-200:], 4, 5)  # connections, first requests
            assert warm["errors"] == 0, "warm-up requests failed"
            closed = load("closed", url, token, closed_bodies, args.concurrency, args.seconds)
            opened = load("open", url, token, open_bodies[:-200], args.rate, args.seconds)
            server = server_side(url, token)
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    throughput = closed["requests"] / closed["seconds"]
    print(f"lists: {', '.join(str(p.relative_to(SHARED)) for p in LISTS)}")
    print(f"holdline api serve --workers {args.workers}: ready in {ready:.1f}s")
    print(f"{'run':<44} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    print(
        f"{'closed loop, ' + str(args.concurrency) + ' connections':<44} {closed['requests']:>9} "
        f"{throughput:>8.0f} {pct(closed['latencies'], 0.5):>7.1f} {pct(closed['latencies'], 0.99):>7.1f} "
        f"{closed['errors']:>6}"
    )
    print(
        f"{'open loop at ' + f'{args.rate:.0f}' + ' req/s':<44} {opened['requests']:>9} "
        f"{opened['requests'] / opened['seconds']:>8.0f} {pct(opened['latencies'], 0.5):>7.1f} "
        f"{pct(opened['latencies'], 0.99):>7.1f} {opened['errors']:>6}"
    )
    print(
        f"{'baseline: holdline screen --jsonl (with start)':<44} {base['names']:>9} "
        f"{base['per_second']:>8.0f}   (start-up alone {base['startup']:.1f}s; "
        f"{base['per_second_loaded']:.0f} names/s once loaded)"
    )
    print(
        f"ratio: API throughput / screen --jsonl = {throughput / base['per_second']:.2f} (with start), "
        f"{throughput / base['per_second_loaded']:.2f} (once loaded)"
    )
    print(
        f"in-process ceiling (ASGI app called directly, one process, {ceiling['requests']:.0f} names): "
        f"{ceiling['per_second']:.0f} req/s, {ceiling['ms']:.2f} ms per request"
    )
    print(
        f"server side (one of the {args.workers} processes, its own histogram): {server['requests']:.0f} "
        f"/match requests, mean {server['mean_ms']:.2f} ms inside the process"
    )
    p99 = pct(opened["latencies"], 0.99)
    print(
        f"targets: throughput >= 1000 req/s: {'met' if throughput >= 1000 else 'NOT met'} "
        f"({throughput:.0f}); p99 < 25 ms at {args.rate:.0f} req/s: {'met' if p99 < 25 else 'NOT met'} "
        f"({p99:.1f} ms); mean latency {statistics.fmean(opened['latencies']) * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
