"""The review console's queue at scale: the first request after 10,000 holds arrived, as a ratio to 100.

    .venv/bin/python -m bench.console_queue [--holds N] [--runs R] [--repeat K]

Hold records are made the way the worker makes them: sample events naming listed parties (the built-in
list, real-world spellings) screened by the engine, then copied to N open holds with their own event ids,
PO/shipment numbers and hold times, folded into hold states as the compliance worker does.

Each run starts the console the way `holdline console serve` does (the Kafka backend, the aiohttp app on
127.0.0.1, a signed-in reviewer), then hands it the N state records through the backend's own
`_apply`, as its topic reader does when a list update opens N holds at once, and times:

- arrival: folding the N records, per hold, as a ratio to folding them without the queue index (the
  state alone), the cost the index moves from the first request to the records' arrival;
- the first `GET /` after they arrived (what the first reviewer pays), then the median of `--repeat`
  further requests for the default view, a sort by score and a search;
- on a second console given the same records, the first `GET /groups` after they arrived, then warm;
- on a third, given holds whose parties all have names of their own (as many groups as parties), the
  first `GET /groups`: the page shows 25 groups, whatever their number.

Every request is timed end to end over HTTP (client to last byte). Printed: each figure's median over
`--runs` runs for 100 and N holds, the ratio, and the range over the runs. Target: the first queue page
with 10,000 open holds under 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import re
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import ClientSession, CookieJar
from aiohttp.test_utils import TestServer

from matchers import Screener
from streams.compliance.holds_state import HoldsBook, apply_hold
from streams.console.app import create_console
from streams.console.auth import Authenticator, hash_secret
from streams.console.kafka_backend import KafkaBackend
from streams.records import ReceivedHold
from streams.samples import SampleGenerator, builtin_entries
from streams.settings import Settings, builtin_list_path

SECRET = "a reviewer secret for the bench"
QUEUE_VIEWS = (("warm", "/"), ("by score", "/?sort=score"), ("search", "/?q=public+security"))


def hold_templates(n: int = 60) -> list[dict[str, Any]]:
    """Hits of real screening results for sample parties that name listed entries."""
    screener = Screener.from_paths([builtin_list_path()])
    templates = []
    generator = SampleGenerator(builtin_entries(), seed=7, listed_share=1.0, malformed_share=0.0)
    for sample in generator.samples(n):
        hits = []
        for party in sample.listed:
            found = screener.screen(party.written_as)
            matches = [m.to_record() for m in found if m.score >= screener.threshold]
            if matches:
                hits.append(
                    {
                        "role": party.role,
                        "party": {"name": party.written_as, "country": "CN"},
                        "matches": matches,
                    }
                )
        if hits:
            templates.append(
                {"hits": hits, "threshold": screener.threshold, "list_version": screener.version}
            )
    return templates


def state_records(
    holds: int, templates: list[dict[str, Any]], distinct: bool = False
) -> list[tuple[str, bytes]]:
    """(key, value) of the state topic for `holds` open holds, as the compliance worker writes them;
    `distinct`: every hold's parties get names of their own (one group per party, the groups page's
    worst case)."""
    start = datetime.now(UTC) - timedelta(days=3)
    out = []
    for i in range(holds):
        t = templates[i % len(templates)]
        hits = t["hits"]
        if distinct:
            hits = [{**h, "party": {**h["party"], "name": f"{h['party']['name']} Branch {i}"}} for h in hits]
        event_id = f"ev-{i:06d}"
        record = {
            "event_id": event_id,
            "event_type": "purchase_order",
            "decision": "hold",
            "reason": "match",
            "po_number": f"PO-{i:06d}",
            "list_version": t["list_version"],
            "screened_at": (start + timedelta(seconds=20 * i)).isoformat(),
            "threshold": t["threshold"],
            "event": {"event_id": event_id},
            "parties_screened": [],
            "hits": hits,
        }
        state = apply_hold(None, ReceivedHold.model_validate(record))
        assert state is not None
        out.append((event_id, state.model_dump_json().encode()))
    return out


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF token"
    return found.group(1)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


class Console:
    """One console as `holdline console serve` runs it, minus the broker: records are handed in."""

    def __init__(self) -> None:
        settings = Settings()
        self.compliance = settings.compliance
        self.backend = KafkaBackend(settings, self.compliance)
        self.backend.tail.ready.set()  # caught up: the records below arrive after start-up
        auth = Authenticator({"alice": hash_secret(SECRET)})
        self.server = TestServer(create_console(self.backend, auth), host="127.0.0.1")
        self.session: ClientSession | None = None

    async def __aenter__(self) -> Console:
        await self.server.start_server()
        self.session = ClientSession(cookie_jar=CookieJar(unsafe=True))  # cookies on an IP address
        page = await self.get("/login")
        form = {"name": "alice", "secret": SECRET, "csrf_token": csrf_of(page)}
        async with self.session.post(self.server.make_url("/login"), data=form) as resp:
            assert resp.status == 200 and "Open holds (0)" in await resp.text()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self.session is not None
        await self.session.close()
        await self.server.close()

    async def get(self, path: str) -> str:
        assert self.session is not None
        async with self.session.get(self.server.make_url(path)) as resp:
            assert resp.status == 200, resp.status
            return await resp.text()

    async def timed_get(self, path: str, expect: str) -> float:
        started = time.perf_counter()
        text = await self.get(path)
        elapsed = time.perf_counter() - started
        assert expect in text, f"{path}: {expect!r} not on the page"
        return elapsed

    def arrive(self, records: list[tuple[str, bytes]]) -> float:
        topic = self.compliance.topic_holds_state
        apply = self.backend._apply  # the topic reader's own entry point

        def fold() -> None:
            for key, value in records:
                apply(topic, key, value)

        return timed(fold)


def fold_state_only(records: list[tuple[str, bytes]]) -> float:
    """The baseline of arrival: the hold state alone, as the console folded it before the index."""
    book = HoldsBook()
    gc.collect()  # both folds start from the same heap: the collector's passes grow with what is alive
    return timed(lambda: [book.apply_state_record(k, v) for k, v in records])


async def one_run(
    records: list[tuple[str, bytes]], distinct: list[tuple[str, bytes]], repeat: int
) -> dict[str, float]:
    n = len(records)
    out = {"arrival, state only": fold_state_only(records) / n}
    async with Console() as console:
        gc.collect()
        out["arrival, with index"] = console.arrive(records) / n
        out["first queue page"] = await console.timed_get("/", f"Open holds ({n})")
        for name, path in QUEUE_VIEWS:
            out[name] = statistics.median(
                [await console.timed_get(path, "Open holds") for _ in range(repeat)]
            )
    async with Console() as console:
        console.arrive(records)
        out["first groups page"] = await console.timed_get("/groups", f"{n} holds)")
        out["groups, warm"] = statistics.median(
            [await console.timed_get("/groups", f"{n} holds)") for _ in range(repeat)]
        )
    async with Console() as console:
        console.arrive(distinct)
        out["first groups, 1/party"] = await console.timed_get("/groups", "Open holds by party")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--holds", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    templates = hold_templates()
    sizes = (100, args.holds)
    records = {n: state_records(n, templates) for n in sizes}
    distinct = {n: state_records(n, templates, distinct=True) for n in sizes}
    runs: dict[int, list[dict[str, float]]] = {n: [] for n in sizes}
    for _ in range(args.runs):
        for n in sizes:  # alternating sizes: both see the same machine load
            runs[n].append(asyncio.run(one_run(records[n], distinct[n], args.repeat)))
    small, large = runs[sizes[0]], runs[sizes[1]]
    print(
        f"console over HTTP on 127.0.0.1, {len(templates)} distinct hold shapes, 50 rows per page; "
        f"median of {args.runs} runs (each warm figure the median of {args.repeat} requests)"
    )
    print(f"  {'':<22} {'100 holds':>11} {f'{args.holds:,} holds':>14} {'ratio':>7}   {'range':>17}")
    medians = {}
    for name in small[0]:
        unit, scale = ("us", 1e6) if name.startswith("arrival") else ("ms", 1e3)
        a = statistics.median(r[name] for r in small)
        b = statistics.median(r[name] for r in large)
        lo, hi = min(r[name] for r in large), max(r[name] for r in large)
        medians[name] = b
        print(
            f"  {name:<22} {a * scale:>9.1f}{unit} {b * scale:>12.1f}{unit} {b / a:>6.1f}x"
            f"   {lo * scale:>7.1f}–{hi * scale:.1f} {unit}"
        )
    print("  (arrival: per hold)")
    cost = medians["arrival, with index"] / medians["arrival, state only"]
    print(f"arrival with the index: {cost:.2f}x the fold of the state alone")
    first = medians["first queue page"]
    verdict = "under" if first < 0.3 else "OVER"
    print(f"first queue page after {args.holds:,} holds arrived: {first * 1000:.0f} ms", end=" ")
    print(f"({verdict} the 300 ms target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
