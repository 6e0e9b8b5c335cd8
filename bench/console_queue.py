"""The review console's queue at scale: the first page with 10,000 open holds, as a ratio to 100.

    .venv/bin/python -m bench.console_queue [--holds N] [--repeat R]

Hold records are made the way the worker makes them: sample events naming listed parties (the built-in
list, real-world spellings) screened by the engine, then copied to N open holds with their own event ids,
PO/shipment numbers and hold times. Timed end to end in the process that serves the console: the open
holds from the backend (filter), search/sort/paging on the queue index, and the HTML of the first page.
"Cold" is the first render after the holds arrived (every hold summarised once); "warm" the median of
`--repeat` renders after it, for the default view, a sort by score and a search. Target: warm first page
with 10,000 holds under 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from matchers import Screener
from streams.console.backend import MemoryBackend
from streams.console.queue_page import render_queue
from streams.console.queue_view import QueueIndex, QueueQuery
from streams.samples import SampleGenerator, builtin_entries
from streams.settings import builtin_list_path

ROLES = ("buyer", "supplier", "ship_to", "end_user")


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


def backend_with(holds: int, templates: list[dict[str, Any]]) -> MemoryBackend:
    backend = MemoryBackend()
    start = datetime.now(UTC) - timedelta(days=3)
    for i in range(holds):
        t = templates[i % len(templates)]
        event_id = f"ev-{i:06d}"
        backend.add_hold(
            {
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
                "hits": t["hits"],
            }
        )
    return backend


def render(backend: MemoryBackend, index: QueueIndex, query: QueueQuery) -> float:
    started = time.perf_counter()
    html = render_queue(backend, index, query, "alice", "token", ROLES)
    elapsed = time.perf_counter() - started
    assert '<tr class="hold"' in html
    return elapsed


def measure(holds: int, templates: list[dict[str, Any]], repeat: int) -> dict[str, float]:
    backend = backend_with(holds, templates)
    index = QueueIndex()
    out = {"cold": render(backend, index, QueueQuery())}
    for name, query in (
        ("warm", QueueQuery()),
        ("by score", QueueQuery(sort="score")),
        ("search", QueueQuery(q="public security")),
    ):
        out[name] = statistics.median(render(backend, index, query) for _ in range(repeat))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holds", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    templates = hold_templates()
    small = measure(100, templates, args.repeat)
    large = measure(args.holds, templates, args.repeat)
    print(f"first queue page (50 rows), {len(templates)} distinct hold shapes, median of {args.repeat}")
    print(f"  {'':<10} {'100 holds':>11} {f'{args.holds:,} holds':>14} {'ratio':>7}")
    for name in small:
        print(
            f"  {name:<10} {small[name] * 1000:>9.1f}ms {large[name] * 1000:>12.1f}ms "
            f"{large[name] / small[name]:>6.1f}x"
        )
    verdict = "under" if large["warm"] < 0.3 else "OVER"
    print(
        f"warm first page with {args.holds:,} holds: {large['warm'] * 1000:.0f} ms "
        f"({verdict} the 300 ms target)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
