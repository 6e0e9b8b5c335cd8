"""Retroactive re-screening: 100,000 remembered counterparties after a snapshot that adds 28 entries.

    .venv/bin/python bench/rescreen.py [--counterparties N] [--full-sample N]

The old snapshot is every list in ../shared/lists; the new one adds the built-in list (the 28 Entity
List additions of 9 October 2019). The delta re-screen (what the workers do on a new snapshot: the
remembered counterparties against only the added and changed entries) is timed end to end, with its parts
(snapshot diff, delta screener, screening). Beside it, a full re-screen of the same counterparties against
the whole new snapshot, measured on a random sample of distinct counterparties and extrapolated linearly
(screening is per counterparty, so the extrapolation is proportional; the sample size is printed).
Target: the delta under 2 s.

Counterparties are names built from ../shared/names/companies_dev.csv (ordinary companies on no list)
with legal-form and place variations, plus spellings of the added entries' names, in events of four
parties each (buyer, supplier, ship_to, end_user). Two workloads: every counterparty distinct (the worst
case: nothing for the per-run cache to share), and the same 100,000 counterparties drawn from 10,000
distinct parties (open orders of one buyer keep meeting the same suppliers).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from matchers import Screener
from matchers.lists import BUILTIN_LIST, load_paths
from streams.compliance.rescreen import (
    OpenEvent,
    RememberedParty,
    delta_screener,
    rescreen,
    snapshot_delta,
)

ROOT = Path(__file__).resolve().parents[1]

SHARED = ROOT / ".." / "shared"
LIST_DIRS = sorted(p for p in (SHARED / "lists").iterdir() if p.is_dir())
VARIANTS = (
    "",
    " Ltd",
    " GmbH",
    " S.A.",
    " Inc.",
    " Holdings",
    " Trading",
    " International",
    " Europe",
    " Asia Pacific",
    " Logistics",
    " (Shenzhen)",
    " Services",
    " Group",
    " Components",
    " Systems",
    " & Partners",
    " Solutions",
    " Industries",
    " Technologies",
)
COUNTRIES = ("US", "DE", "CN", "GB", "FR", "JP", "IN", "BR", "NL", "SG")
ROLES = ("buyer", "supplier", "ship_to", "end_user")


def counterparties(n: int, listed_names: list[str], rng: random.Random) -> list[dict[str, str]]:
    with open(SHARED / "names" / "companies_dev.csv", newline="", encoding="utf-8") as fh:
        companies = [row["name"] for row in csv.DictReader(fh) if row.get("name")]
    names = [f"{c}{v}" for v in VARIANTS for c in companies]
    rng.shuffle(names)
    listed = [f"{name}{v}" for name in listed_names for v in (" Co., Ltd.", "", " Ltd")]
    chosen = names[: n - len(listed)] + listed
    rng.shuffle(chosen)
    return [{"name": name, "country": rng.choice(COUNTRIES)} for name in chosen[:n]]


def events_of(parties: list[dict[str, str]]) -> list[OpenEvent]:
    now = datetime.now(UTC)
    out = []
    for i in range(0, len(parties), len(ROLES)):
        group = parties[i : i + len(ROLES)]
        out.append(
            OpenEvent(
                key=f"purchase_order:PO-{i}",
                event_id=f"ev-{i}",
                event_type="purchase_order",
                po_number=f"PO-{i}",
                occurred_at=now,
                parties=[RememberedParty(role=r, party=p) for r, p in zip(ROLES, group, strict=False)],
                event={"event_id": f"ev-{i}"},
            )
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counterparties", type=int, default=100_000)
    parser.add_argument(
        "--full-sample",
        type=int,
        default=2_000,
        help="distinct counterparties screened against the whole list (extrapolated)",
    )
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    base = load_paths(LIST_DIRS)
    added = load_paths([BUILTIN_LIST])
    old = Screener(base)
    new = Screener([*base, *added])
    load_s = time.perf_counter() - t0
    print(
        f"lists: {len(old.entries):,} entries (old snapshot), {len(new.entries):,} (new); loaded and indexed "
        f"in {load_s:.1f}s"
    )

    listed_names = [e.name for lst in added for e in lst.entries]
    parties = counterparties(args.counterparties, listed_names, rng)
    t = time.perf_counter()
    delta = snapshot_delta(old, new)
    diff_s = time.perf_counter() - t
    t = time.perf_counter()
    subset = delta_screener(new, delta.screen_ids)
    subset_s = time.perf_counter() - t
    print(
        f"delta: {len(delta.added)} added, {len(delta.changed)} changed entries; "
        f"snapshot diff {diff_s:.3f}s, "
        f"delta screener {subset_s:.3f}s"
    )
    distinct_pool = rng.sample(parties, args.counterparties // 10)
    repeating = [rng.choice(distinct_pool) for _ in range(args.counterparties)]
    delta_totals = {}
    for label, workload in (("all distinct", parties), ("10% distinct", repeating)):
        events = events_of(workload)
        t = time.perf_counter()
        result = rescreen(events, old, new, delta=delta, subset=subset)
        screen_s = time.perf_counter() - t
        total = diff_s + subset_s + screen_s
        delta_totals[label] = (total, result.distinct_parties)
        print(
            f"delta re-screen, {label}: {result.parties:,} counterparties "
            f"({result.distinct_parties:,} distinct) "
            f"in {len(events):,} open events -> {len(result.holds):,} held (list_update); screening "
            f"{screen_s:.3f}s, total {total:.3f}s (target < 2 s: {'met' if total < 2 else 'NOT met'})"
        )

    sample = rng.sample(parties, min(args.full_sample, len(parties)))
    t = time.perf_counter()
    full_hits = 0
    for party in sample:
        full_hits += bool(new.is_hit(new.screen(party["name"], country=party["country"])))
    sample_s = time.perf_counter() - t
    per_query = sample_s / len(sample)
    print(
        f"full re-screen against all {len(new.entries):,} entries: {len(sample):,} sampled distinct "
        f"counterparties in {sample_s:.2f}s ({full_hits} hits): {per_query * 1e6:.0f} us each, extrapolated "
        "to each workload's distinct counterparties (the same per-run cache applies to both)"
    )
    for label, (total, distinct) in delta_totals.items():
        full_s = per_query * distinct
        print(f"ratio full / delta ({label}): {full_s:.1f}s / {total:.2f}s = {full_s / total:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
