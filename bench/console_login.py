"""The review console's availability under a burst of sign-ins, and its memory per never-held event.

    .venv/bin/python -m bench.console_login [--logins 45] [--probes 40] [--events 100000]

Part 1 serves the console (in-process, on 127.0.0.1) and times `GET /healthz` (every 5 ms, until the
last sign-in is answered, at least `--probes` times) while N wrong-secret sign-ins arrive at once, in
three runs of the same process: nobody signing in (the baseline), scrypt on the event loop (as before),
and scrypt in the executor (now). Back-off is switched off in all three so
every sign-in really hashes (with back-off on, the second try from an address is answered 429 without
hashing). Prints median and p95 latency and the ratio to the baseline.

Part 2 folds N cleared (never-held) events into the console's audit trail without a window (as before)
and with the default window (`HOLDLINE_CONSOLE_HISTORY_EVENTS`), measuring the Python heap with
tracemalloc.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import threading
import time
import tracemalloc
from datetime import UTC, datetime
from typing import Any

from aiohttp import ClientSession, CookieJar, web

from streams.compliance.audit import AuditTrail
from streams.console.app import create_console
from streams.console.auth import Authenticator, LoginResult, Throttle, hash_secret, verify_secret
from streams.console.backend import MemoryBackend
from streams.settings import ComplianceSettings


class OnLoopAuthenticator(Authenticator):
    """The previous behaviour: scrypt runs on the event loop."""

    async def login(self, name: str, secret: str, address: str = "") -> LoginResult:
        encoded = self.reviewers.get(name)
        ok = verify_secret(secret, encoded or self._dummy) and encoded is not None
        if not ok:
            return LoginResult(None)
        session = self.new_session()
        session.reviewer = name
        return LoginResult(session)


def no_backoff(auth: Authenticator) -> Authenticator:
    auth.by_address = Throttle(0.0, 0.0)
    auth.by_account = Throttle(0.0, 0.0)
    return auth


def serve_in_thread(auth: Authenticator, port: int) -> tuple[asyncio.AbstractEventLoop, threading.Thread]:
    """The console on its own event loop in a thread: the probes must not share the loop they measure."""
    loop = asyncio.new_event_loop()
    started = threading.Event()

    async def start() -> None:
        runner = web.AppRunner(create_console(MemoryBackend(), auth), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        started.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(30)
    return loop, thread


async def healthz_under_load(url: str, logins: int, probes: int) -> list[float]:
    latencies: list[float] = []
    async with ClientSession() as http:

        async def sign_in(n: int) -> None:
            # Each with its own sign-in token; cookies on an IP address need an "unsafe" jar.
            async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as own:
                async with own.get(url + "/login") as page:
                    text = await page.text()
                token = text.split('name="csrf_token" value="')[1].split('"')[0]
                data = {"name": "alice", "secret": f"wrong-{n}", "csrf_token": token}
                async with own.post(url + "/login", data=data) as resp:
                    await resp.read()
                    assert resp.status == 401, resp.status  # a real, hashed, failed sign-in

        async def probe(done: asyncio.Event) -> None:
            while not done.is_set() or len(latencies) < probes:
                started = time.perf_counter()
                async with http.get(url + "/healthz") as resp:
                    await resp.read()
                latencies.append(time.perf_counter() - started)
                await asyncio.sleep(0.005)

        done = asyncio.Event()
        prober = asyncio.create_task(probe(done))
        await asyncio.gather(*(sign_in(n) for n in range(logins)))
        done.set()
        await prober
    return latencies


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def summary(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def trail_bytes(events: int, window: int | None) -> int:
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    trail = AuditTrail(max_unheld=window)
    at = datetime.now(UTC).isoformat()
    for n in range(events):
        trail.add(
            {
                "event_id": f"ev-{n}",
                "event_type": "purchase_order",
                "po_number": f"PO-{n}",
                "decision": "cleared",
                "list_version": "v1",
                "screened_at": at,
            },
            "screening.cleared",
        )
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    keep: Any = trail  # alive until measured
    del keep
    return sum(s.size_diff for s in after.compare_to(before, "filename"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--logins", type=int, default=45)
    parser.add_argument("--probes", type=int, default=40)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    reviewers = {"alice": hash_secret("correct horse battery")}
    runs = {
        "no sign-ins (baseline)": (Authenticator(reviewers), 0),
        "scrypt on the event loop (before)": (no_backoff(OnLoopAuthenticator(reviewers)), args.logins),
        "scrypt in the executor (now)": (no_backoff(Authenticator(reviewers)), args.logins),
    }
    print(f"GET /healthz while {args.logins} wrong sign-ins arrive at once ({args.probes} probes)")
    base = None
    for label, (auth, logins) in runs.items():
        port = free_port()
        loop, thread = serve_in_thread(auth, port)
        latencies = asyncio.run(healthz_under_load(f"http://127.0.0.1:{port}", logins, args.probes))
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        median, p95 = summary(latencies)
        base = base or median
        print(f"  {label:<36} median {median:7.1f} ms  p95 {p95:7.1f} ms  ({median / base:5.1f}x baseline)")
    window = ComplianceSettings().console_history_events
    unbounded, bounded = trail_bytes(args.events, None), trail_bytes(args.events, window)
    print(
        f"audit trail after {args.events} never-held events: {unbounded / 1e6:.1f} MB without a window, "
        f"{bounded / 1e6:.1f} MB with the {window}-event window ({unbounded / max(bounded, 1):.1f}x less)"
    )


if __name__ == "__main__":
    main()
