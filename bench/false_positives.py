"""The margin between ordinary names and the threshold: false-positive rate and top-score bands on the
dev negatives of `companies_dev.csv` and on a second set built by another method (`bench/negatives.py`,
Faker's companies and persons in eighteen locales), with the names near the threshold and what lifted them.

A false-positive rate counts only names over the threshold; the band under it (0.75-0.82) is where the
next rule, or another draw of names, puts the next false positive, so both are printed.

    .venv/bin/python -m bench.false_positives [--faker tune|held] [--seed N] [--list-from 0.75]
        [--threshold T] [--json]

Never the test split of `companies_dev.csv`; the Faker set's `held` half is read once per round, at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.accuracy import summarise
from bench.devset import load_lists, load_negatives, split_of
from bench.negatives import DEFAULT_SEED, HALVES, faker_negatives
from matchers import Screener
from matchers.org_types import extract_org_types

BANDS = ((0.70, 0.75), (0.75, 0.82))


@dataclass(frozen=True)
class Scored:
    name: str
    group: str  # `companies_dev` or `faker company` / `faker person`
    score: float
    matched: str
    entry_id: str
    explanation: dict[str, Any]


def top_of(screener: Screener, name: str, group: str) -> Scored:
    matches = screener.screen(name)
    top = max(matches, key=lambda m: m.score, default=None)
    if top is None:
        return Scored(name, group, 0.0, "", "", {})
    return Scored(name, group, top.score, top.matched, top.entry_id, top.explanation)


def same_name(explanation: dict[str, Any], query: str = "", listed: str = "") -> bool:
    """The name of a listed party itself, up to legal forms (every aligned word exact, nothing left but
    forms): Faker's Russian companies include real firms (`Новикомбанк`), some of them listed, and its
    surname generators write listed names (`Adam`). A screener must flag those; they are set apart, not
    counted as false positives.

    A word left is a form when rigour's table reads it as one, or when it is the generic spelling rigour
    gave a form written in either name (`query`, `listed`, as written): the engine compares forms by
    their generic spelling, and a few of those are not themselves written forms in the table (`sp`, a
    sole trader's, for Brazil's `- EI`; `soe`; `coop`): `Santos - EI` / `SANTOS` is the listed name itself
    as `Santos S.A.` / `SANTOS` is (decision 0260)."""
    aligned = explanation.get("aligned") or []
    if not aligned or any(a.get("similarity") != 1.0 for a in aligned):
        return False
    rest = [*explanation.get("unmatched_query", []), *explanation.get("unmatched_listed", [])]
    written = {
        generic for text in (query, listed) if text for _, generic in extract_org_types(text.casefold())
    }
    return all(t in written or extract_org_types(t) for t in rest)


def bands(scores: Sequence[float], threshold: float) -> dict[str, int]:
    """How many top scores fall in each band under the threshold, and at or over it."""
    out = {
        f"{lo:.2f}-{min(hi, threshold):.2f}": sum(lo <= s < min(hi, threshold) for s in scores)
        for lo, hi in BANDS
    }
    out[f">={threshold:.2f}"] = sum(s >= threshold for s in scores)
    return out


def block(rows: Sequence[Scored], threshold: float) -> dict[str, Any]:
    listed = [r for r in rows if r.score >= threshold and same_name(r.explanation, r.name, r.matched)]
    scores = [r.score for r in rows if r not in listed]
    fps = sum(s >= threshold for s in scores)
    return {
        "n": len(scores),
        "same_name_as_listed": len(listed),
        "fpr": fps / len(scores) if scores else 0.0,
        "false_positives": fps,
        "bands": bands(scores, threshold),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    lists = load_lists()
    screener = Screener(lists) if args.threshold is None else Screener(lists, threshold=args.threshold)
    thr = screener.threshold
    groups: dict[str, list[tuple[str, str]]] = {
        "companies_dev (dev split)": [(n, "companies_dev") for n in load_negatives() if split_of(n) == "dev"],
    }
    faker = faker_negatives(args.faker, seed=args.seed)
    for kind in ("company", "person"):
        groups[f"faker {kind} ({args.faker})"] = [(n.name, f"faker {kind}") for n in faker if n.kind == kind]
    t1 = time.perf_counter()
    scored = {label: [top_of(screener, n, g) for n, g in names] for label, names in groups.items()}
    t2 = time.perf_counter()
    near = sorted(
        (r for rows in scored.values() for r in rows if r.score >= args.list_from),
        key=lambda r: -r.score,
    )
    return {
        "threshold": thr,
        "faker_half": args.faker,
        "faker_seed": args.seed,
        "groups": {label: block(rows, thr) for label, rows in scored.items()},
        "near": [
            {
                "name": r.name,
                "same_name_as_listed": same_name(r.explanation, r.name, r.matched),
                "group": r.group,
                "score": round(r.score, 4),
                "matched": r.matched,
                "entry_id": r.entry_id,
                "explanation": r.explanation,
            }
            for r in near
        ],
        "timing_s": {"load_and_index": round(t1 - t0, 1), "screen": round(t2 - t1, 1)},
    }


def print_report(r: dict[str, Any], explain: bool) -> None:
    thr = r["threshold"]
    print(f"false positives and the margin under threshold {thr} (Faker seed {r['faker_seed']})")
    head = " ".join(f"{k:>10s}" for k in bands([], thr))
    print(f"{'negatives':30s} {'n':>6s} {'FPR':>8s} {head} {'listed name':>12s}")
    for label, b in r["groups"].items():
        cells = " ".join(f"{v:10d}" for v in b["bands"].values())
        print(f"{label:30s} {b['n']:6d} {b['fpr']:8.4f} {cells} {b['same_name_as_listed']:12d}")
    print()
    print(f"top scores from the listing floor up ({len(r['near'])}):")
    for n in r["near"]:
        tag = " (the listed name itself: not counted)" if n["same_name_as_listed"] else ""
        print(f"  {n['score']:.3f} [{n['group']}] {n['name']!r} -> {n['matched']!r} ({n['entry_id']}){tag}")
        if explain:
            print(f"        {summarise(n['explanation'], 300)}")
    print(f"({r['timing_s']})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="False-positive margin on two negative sets.")
    parser.add_argument("--faker", choices=HALVES, default="tune", help="half of the Faker set (held: once)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the Faker set's seed")
    parser.add_argument("--list-from", type=float, default=0.75, help="list negatives scoring at least this")
    parser.add_argument("--threshold", type=float, default=None, help="override the screener's threshold")
    parser.add_argument("--explain", action="store_true", help="print each listed name's explanation")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    else:
        print_report(result, args.explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
