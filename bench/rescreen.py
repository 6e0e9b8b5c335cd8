"""Retroactive re-screening: 100,000 remembered counterparties after a snapshot that adds 28 entries.

    .venv/bin/python bench/rescreen.py [--counterparties N] [--full-sample N]

The old snapshot is every list in ../shared/lists; the new one adds the built-in list (the 28 Entity
List additions of 9 October 2019). The delta re-screen (what the workers do on a new snapshot: the
remembered counterparties against only the added and changed entries) is timed end to end, with its parts
(snapshot diff, delta screener, screening). Beside it, a full re-screen of the same counterparties against
the whole new snapshot, measured on a random sample of distinct counterparties and extrapolated linearly
(screening is per counterparty, so the extrapolation is proportional; the sample size is printed).
Target: the delta under 2 s.

Counterparties are distinct names built from ../shared/names/companies_dev.csv (ordinary companies on no
list) with legal-form and place variations, plus a few hundred spellings of the added entries' names, in
events of four parties each (buyer, supplier, ship_to, end_user).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matchers import Screener  # noqa: E402
from matchers.sources import BUILTIN_LIST, load_paths  # noqa: E402
from streams.compliance.rescreen import (  # noqa: E402
    OpenEvent,
    RememberedParty,
    delta_screener,
    rescreen,
    snapshot_delta,
)

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
    events = events_of(parties)
    print(f"remembered: {len(parties):,} counterparties in {len(events):,} open events")

    t = time.perf_counter()
    delta = snapshot_delta(old, new)
    diff_s = time.perf_counter() - t
    t = time.perf_counter()
    subset = delta_screener(new, delta.screen_ids)
    subset_s = time.perf_counter() - t
    t = time.perf_counter()
    result = rescreen(events, old, new, delta=delta, subset=subset)
    screen_s = time.perf_counter() - t
    delta_total = diff_s + subset_s + screen_s
    print(
        f"delta re-screen: {len(delta.added)} added, {len(delta.changed)} changed entries; "
        f"{result.parties:,} counterparties ({result.distinct_parties:,} distinct) -> "
        f"{len(result.holds):,} events held (list_update)"
    )
    print(
        f"  snapshot diff {diff_s:.3f}s + delta screener {subset_s:.3f}s + screening {screen_s:.3f}s "
        f"= {delta_total:.3f}s  (target < 2 s: {'met' if delta_total < 2 else 'NOT met'})"
    )

    sample = rng.sample(parties, min(args.full_sample, len(parties)))
    t = time.perf_counter()
    full_hits = 0
    for party in sample:
        full_hits += bool(new.is_hit(new.screen(party["name"], country=party["country"])))
    sample_s = time.perf_counter() - t
    full_s = sample_s / len(sample) * len(parties)
    print(
        f"full re-screen against all {len(new.entries):,} entries: {len(sample):,} sampled counterparties in "
        f"{sample_s:.2f}s ({full_hits} hits) -> extrapolated to {len(parties):,}: {full_s:.1f}s"
    )
    print(f"ratio full / delta: {full_s / delta_total:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
