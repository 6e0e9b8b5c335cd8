"""Accuracy of the screener on the dev and test splits: recall on variants of listed names, retrieval
recall (the expected entry among the candidates that reach scoring), false positives on ordinary company
names, against the issue's targets (recall >= 0.98, FPR <= 0.005, retrieval >= 0.995).

Listed entries and negative names are split by a stable hash of their id (bench/devset.py `split_of`);
tuning looks at `dev` only, whose misses and false positives are listed; `test` prints figures only.

    .venv/bin/python -m bench.accuracy [--split dev|test|both] [--seed N] [--limit N] [--threshold T]
        [--json] [--show N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.devset import (
    DEFAULT_SEED,
    DEFAULT_SOURCES,
    TRANSFORMS,
    Variant,
    build_devset,
    code_version,
    load_lists,
)
from matchers import Match, Screener

RECALL_TARGET = 0.98
FPR_TARGET = 0.005
RETRIEVAL_TARGET = 0.995


@dataclass
class Outcome:
    query: str
    hit: bool  # an expected entry at/above the threshold
    any_hit: bool  # anything at/above the threshold
    best_expected: Match | None
    top: Match | None
    error: str | None = None
    retrieved: bool = False  # an expected entry among the candidates that reach scoring


def screen(
    screener: Screener, query: str, country: str | None, kind: str | None, expected: frozenset[str]
) -> Outcome:
    try:
        matches = screener.screen(query, country=country, kind=kind)
    except Exception as exc:  # a crash is a miss, and is reported as such
        return Outcome(query, False, False, None, None, f"{type(exc).__name__}: {exc}")
    thr = screener.threshold
    mine = [m for m in matches if m.entry_id in expected]
    best = max(mine, key=lambda m: m.score, default=None)
    top = max(matches, key=lambda m: m.score, default=None)
    retrieved = bool(expected) and not expected.isdisjoint(screener.candidate_ids(query, kind))
    return Outcome(
        query,
        any(m.score >= thr for m in mine),
        any(m.score >= thr for m in matches),
        best,
        top,
        retrieved=retrieved,
    )


_CODE = re.compile(r"^[A-Z0-9]{1,2}-[A-Z0-9]{2,5}$")


def is_code(name: str) -> bool:
    """A registration-like code (`EP-MHJ`, `UR-CKZ`, `YK-ATA`): a prefix and a few letters or digits."""
    return bool(_CODE.match(name.strip()))


def subtype(v: Variant) -> str:
    """The operation inside a transformation (`legal_form` -> add/change/remove) for finer breakdowns."""
    if v.transform == "combo":
        return "+".join(sorted(part.split(":")[0] for part in v.detail.split("|")))
    if v.transform in ("case_punct", "name_order", "cyrillic", "original_script", "abbreviation"):
        return v.detail.split(":")[0] if v.transform != "abbreviation" else v.detail
    return v.detail.split(":")[0]


def summarise(expl: dict[str, Any] | None, width: int = 220) -> str:
    if not expl:
        return ""
    text = json.dumps(expl, ensure_ascii=False, default=str, separators=(",", ":"))
    return text if len(text) <= width else text[: width - 3] + "..."


def _rate(num: int, den: int) -> float:
    return num / den if den else 0.0


def run(args: argparse.Namespace, split: str, loaded: tuple[list, Screener, float, float]) -> dict[str, Any]:
    lists, screener, t_load, t_index = loaded
    dev = build_devset(lists, seed=args.seed, n_sources=args.sources, split=split)
    variants = list(dev.variants)
    negatives = list(dev.negatives)
    if args.limit:
        pick = random.Random(args.seed)
        variants = pick.sample(variants, min(args.limit, len(variants)))
        negatives = pick.sample(negatives, min(args.limit, len(negatives)))

    t0 = time.perf_counter()
    outcomes: list[tuple[Variant, Outcome]] = []
    for i, v in enumerate(variants, 1):
        outcomes.append((v, screen(screener, v.query, v.country, v.kind, frozenset(v.expected))))
        if args.progress and i % 500 == 0:
            print(f"  variants {i}/{len(variants)}", file=sys.stderr)
    neg_out = [screen(screener, n, None, None, frozenset()) for n in negatives]
    t_screen = time.perf_counter() - t0

    by_t: dict[str, list[Outcome]] = defaultdict(list)
    by_sub: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    by_list: dict[str, list[Outcome]] = defaultdict(list)
    by_code: dict[str, list[Outcome]] = defaultdict(list)
    for v, o in outcomes:
        if is_code(v.source):
            by_code[v.transform].append(o)
        by_t[v.transform].append(o)
        by_sub[(v.transform, subtype(v))].append(o)
        by_list[v.list].append(o)

    def block(os: list[Outcome]) -> dict[str, Any]:
        return {
            "n": len(os),
            "recall": _rate(sum(o.hit for o in os), len(os)),
            "any_hit": _rate(sum(o.any_hit for o in os), len(os)),
            "retrieval": _rate(sum(o.retrieved for o in os), len(os)),
        }

    n_hit = sum(o.hit for _, o in outcomes)
    recall = _rate(n_hit, len(outcomes))
    single = [o for v, o in outcomes if v.transform != "combo"]
    fps = [o for o in neg_out if o.any_hit]
    fpr = _rate(len(fps), len(neg_out))
    misses = sorted(
        ((v, o) for v, o in outcomes if not o.hit),
        key=lambda vo: vo[1].best_expected.score if vo[1].best_expected else -1.0,
    )

    def match_rec(m: Match | None) -> dict[str, Any] | None:
        if m is None:
            return None
        return {
            "entry_id": m.entry_id,
            "name": m.name,
            "matched": m.matched,
            "score": round(m.score, 4),
            "explanation": m.explanation,
        }

    retrieval = _rate(sum(o.retrieved for _, o in outcomes), len(outcomes))
    reference = None
    if split in args.reference:
        reference = reference_block(lists, outcomes, neg_out, negatives, screener.threshold)
    return {
        "reference": reference,
        "split": split,
        "retrieval": retrieval,
        "seed": args.seed,
        "threshold": screener.threshold,
        "screener_version": screener.version,
        "code_version": code_version(),
        "lists": {s.list: s.entries for s in screener.sources},
        "n_variants": len(outcomes),
        "n_negatives": len(neg_out),
        "recall": recall,
        "any_hit_recall": _rate(sum(o.any_hit for _, o in outcomes), len(outcomes)),
        "single_transform_recall": _rate(sum(o.hit for o in single), len(single)),
        "fpr": fpr,
        "false_positives_n": len(fps),
        "errors": sum(o.error is not None for _, o in outcomes) + sum(o.error is not None for o in neg_out),
        "targets": {
            "recall": RECALL_TARGET,
            "fpr": FPR_TARGET,
            "recall_pass": recall >= RECALL_TARGET,
            "fpr_pass": fpr <= FPR_TARGET,
            "retrieval": RETRIEVAL_TARGET,
            "retrieval_pass": retrieval >= RETRIEVAL_TARGET,
            "min_class_recall_pass": all(block(os)["recall"] >= 0.95 for os in by_t.values()),
        },
        "per_transform": {t: block(by_t[t]) for t in TRANSFORMS if t in by_t},
        "per_subtype": {f"{t}/{s}": block(os) for (t, s), os in sorted(by_sub.items())},
        "per_list": {k: block(os) for k, os in sorted(by_list.items())},
        # Registration-like codes (`EP-MHJ`, `YK-ATA`) inside each class: one letter wrong makes another
        # valid code, so the engine keeps such a variant below the threshold unless more of it agrees.
        "codes_per_transform": {t: block(by_code[t]) for t in TRANSFORMS if by_code.get(t)},
        "timing_s": {
            "load": round(t_load, 2),
            "index": round(t_index, 2),
            "screen": round(t_screen, 2),
            "queries_per_s": round((len(outcomes) + len(neg_out)) / t_screen, 1) if t_screen else None,
        },
        "misses": [
            {
                "query": v.query,
                "source": v.source,
                "transform": v.transform,
                "detail": v.detail,
                "kind": v.kind,
                "country": v.country,
                "expected": list(v.expected),
                "error": o.error,
                "best_expected": match_rec(o.best_expected),
                "top": match_rec(o.top),
            }
            for v, o in misses[: args.show]
        ],
        "false_positives": [
            {"query": o.query, "top": match_rec(o.top)}
            for o in sorted(fps, key=lambda o: -(o.top.score if o.top else 0))[: args.show]
        ],
    }


def _best_threshold(pos: list[float], neg: list[float], fpr: float, floor: float) -> tuple[float, float]:
    """The lowest threshold (>= floor) whose false-positive rate is at most `fpr`, and recall there."""
    for t in sorted({x for x in pos + neg if x >= floor} | {1.01}):
        if _rate(sum(x >= t for x in neg), len(neg)) <= fpr:
            return t, _rate(sum(x >= t for x in pos), len(pos))
    return 1.01, 0.0


def reference_block(
    lists: Sequence[Any],
    outcomes: list[tuple[Variant, Outcome]],
    neg_out: list[Outcome],
    negatives: list[str],
    threshold: float,
) -> dict[str, Any]:
    """LogicV2 over rapidfuzz candidates (bench/reference.py) on the same queries, beside Holdline, and
    each system's recall at the other's false-positive rate."""
    from bench.reference import REFERENCE_THRESHOLD, Reference

    t0 = time.perf_counter()
    ref = Reference(lists)
    queries = [(v.query, v.country, v.kind) for v, _ in outcomes] + [(n, None, None) for n in negatives]
    scores = ref.scores(queries)
    pos_scores = [
        max((sc for eid, sc in best.items() if eid in v.expected), default=0.0)
        for (v, _), best in zip(outcomes, scores, strict=False)
    ]
    neg_scores = [max(best.values(), default=0.0) for best in scores[len(outcomes) :]]
    ref_recall = _rate(sum(x >= REFERENCE_THRESHOLD for x in pos_scores), len(pos_scores))
    ref_fpr = _rate(sum(x >= REFERENCE_THRESHOLD for x in neg_scores), len(neg_scores))
    by_t: dict[str, list[bool]] = defaultdict(list)
    for (v, _), x in zip(outcomes, pos_scores, strict=True):
        by_t[v.transform].append(x >= REFERENCE_THRESHOLD)
    ours_pos = [o.best_expected.score if o.best_expected else 0.0 for _, o in outcomes]
    ours_neg = [o.top.score if o.top else 0.0 for o in neg_out]
    ours_fpr = _rate(sum(x >= threshold for x in ours_neg), len(ours_neg))
    ours_t, ours_at_ref = _best_threshold(ours_pos, ours_neg, ref_fpr, 0.70)
    ref_t, ref_at_ours = _best_threshold(pos_scores, neg_scores, ours_fpr, 0.0)
    return {
        "threshold": REFERENCE_THRESHOLD,
        "recall": ref_recall,
        "fpr": ref_fpr,
        "per_transform": {t: _rate(sum(xs), len(xs)) for t, xs in by_t.items()},
        "holdline_recall_at_reference_fpr": ours_at_ref,
        "holdline_threshold_at_reference_fpr": ours_t,
        "reference_recall_at_holdline_fpr": ref_at_ours,
        "reference_threshold_at_holdline_fpr": ref_t,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def print_reference(r: dict[str, Any]) -> None:
    ref = r["reference"]
    print(
        f"reference on split={r['split']}: nomenklatura LogicV2 over rapidfuzz top-10 candidates "
        f"({ref['seconds']} s)"
    )
    print(f"{'':34s} {'recall':>8s} {'FPR':>8s}")
    print(f"{'Holdline @ ' + str(r['threshold']):34s} {r['recall']:8.4f} {r['fpr']:8.4f}")
    print(f"{'LogicV2 @ ' + str(ref['threshold']):34s} {ref['recall']:8.4f} {ref['fpr']:8.4f}")
    print(
        f"recall at matched FPR: Holdline {ref['holdline_recall_at_reference_fpr']:.4f} at the reference's "
        "FPR "
        f"(threshold {ref['holdline_threshold_at_reference_fpr']:.3f}); LogicV2 "
        f"{ref['reference_recall_at_holdline_fpr']:.4f} at Holdline's FPR "
        f"(threshold {ref['reference_threshold_at_holdline_fpr']:.3f})"
    )
    print(f"{'class':28s} {'Holdline':>9s} {'LogicV2':>9s}")
    for t, b in r["per_transform"].items():
        print(f"{t:28s} {b['recall']:9.4f} {ref['per_transform'].get(t, 0.0):9.4f}")
    print()


def print_report(r: dict[str, Any], show_subtypes: bool) -> None:
    def pf(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    tg = r["targets"]
    print(
        f"holdline accuracy  split={r['split']}  seed={r['seed']}  threshold={r['threshold']}  "
        f"code={r['code_version']}  "
        f"lists snapshot={r['screener_version']}"
    )
    print(
        f"lists: {sum(r['lists'].values())} entries in {len(r['lists'])} lists; "
        f"load {r['timing_s']['load']}s, index {r['timing_s']['index']}s, "
        f"screening {r['timing_s']['screen']}s ({r['timing_s']['queries_per_s']} q/s)"
    )
    print(f"variants: {r['n_variants']}   negatives: {r['n_negatives']}   errors: {r['errors']}")
    print()
    print(
        f"recall (expected entry >= threshold): {r['recall']:.4f}   target >= {tg['recall']}  "
        f"{pf(tg['recall_pass'])}"
    )
    print(f"recall (any hit >= threshold):        {r['any_hit_recall']:.4f}")
    print(
        f"retrieval recall (expected retrieved): {r['retrieval']:.4f}   target >= {tg['retrieval']}  "
        f"{pf(tg['retrieval_pass'])}"
    )
    print(f"recall without combined variants:     {r['single_transform_recall']:.4f}")
    print(
        f"false-positive rate on negatives:     {r['fpr']:.4f} ({r['false_positives_n']}/{r['n_negatives']})"
        f"   target <= {tg['fpr']}  {pf(tg['fpr_pass'])}"
    )
    print()
    print(f"no class below 0.95: {pf(tg['min_class_recall_pass'])}")
    print(f"{'class (transformation)':28s} {'n':>5s} {'recall':>8s} {'any-hit':>8s} {'retrieved':>9s}")
    for t, b in r["per_transform"].items():
        print(f"{t:28s} {b['n']:5d} {b['recall']:8.4f} {b['any_hit']:8.4f} {b['retrieval']:9.4f}")
        if show_subtypes:
            for key, sb in r["per_subtype"].items():
                if key.split("/", 1)[0] == t and sb["recall"] < 1.0:
                    label = key.split("/", 1)[1][:26]
                    print(f"  {label:26s} {sb['n']:5d} {sb['recall']:8.4f} {sb['any_hit']:8.4f}")
    codes = r.get("codes_per_transform") or {}
    if codes:
        print(f"{'  of which codes (EP-MHJ)':28s} {'n':>5s} {'recall':>8s} {'':>8s} {'retrieved':>9s}")
        for t, b in codes.items():
            whole = r["per_transform"][t]
            rest_n = whole["n"] - b["n"]
            rest = (whole["recall"] * whole["n"] - b["recall"] * b["n"]) / rest_n if rest_n else 0.0
            print(
                f"  {t + ' codes':26s} {b['n']:5d} {b['recall']:8.4f} {'':8s} {b['retrieval']:9.4f}"
                f"   (names without codes: {rest:.4f}, n={rest_n})"
            )
    print()
    print(f"{'source list':28s} {'n':>5s} {'recall':>8s}")
    for k, b in r["per_list"].items():
        print(f"{k:28s} {b['n']:5d} {b['recall']:8.4f}")
    print()
    if r["split"] != "dev":
        return
    print(f"worst misses (lowest score of an expected entry first, {len(r['misses'])} shown):")
    for m in r["misses"]:
        be, top = m["best_expected"], m["top"]
        hints = ",".join(x for x in (m["kind"], m["country"]) if x)
        print(f"  [{m['transform']}:{m['detail'][:40]}] {m['query']!r}" + (f" ({hints})" if hints else ""))
        print(f"      source {m['source']!r}")
        if m["error"]:
            print(f"      ERROR {m['error']}")
        print(
            f"      expected best: {be['score'] if be else '-'} {be['matched']!r}"
            if be
            else "      expected best: not returned"
        )
        if top:
            expl = summarise(top["explanation"])
            print(f"      top: {top['score']} {top['matched']!r} ({top['entry_id']}) {expl}")
    print()
    print(f"false positives (highest score first, {len(r['false_positives'])} shown):")
    for f in r["false_positives"]:
        top = f["top"]
        print(f"  {f['query']!r} -> {top['score']} {top['matched']!r} ({top['entry_id']})")
        print(f"      {summarise(top['explanation'])}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screener accuracy on the development set.")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument(
        "--reference",
        default="test",
        help="splits also scored with nomenklatura LogicV2 (comma-separated; '' for none)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES, help="listed names to vary")
    parser.add_argument("--limit", type=int, default=0, help="screen at most N variants and N negatives")
    parser.add_argument("--threshold", type=float, default=None, help="override the screener's threshold")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--show", type=int, default=20, help="misses and false positives to list")
    parser.add_argument("--subtypes", action="store_true", help="break imperfect transformations down")
    parser.add_argument("--progress", action="store_true", help="progress on stderr")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    lists = load_lists()
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    screener = Screener(lists) if args.threshold is None else Screener(lists, threshold=args.threshold)
    t_index = time.perf_counter() - t0
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    args.reference = {s for s in args.reference.split(",") if s}
    results = [run(args, split, (lists, screener, t_load, t_index)) for split in splits]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    else:
        for result in results:
            print_report(result, args.subtypes)
            print()
            if result["reference"]:
                print_reference(result)
        if len(results) == 2:
            print_side_by_side(results)
    ok = all(r["targets"]["recall_pass"] and r["targets"]["fpr_pass"] for r in results)
    return 1 if args.strict and not ok else 0


def print_side_by_side(results: list[dict[str, Any]]) -> None:
    """Dev beside test: a gap of more than a point is a finding (tuning leaked into the figures)."""
    print(f"{'':28s} " + " ".join(f"{r['split']:>9s}" for r in results))
    for label, key in (
        ("recall", "recall"),
        ("retrieval recall", "retrieval"),
        ("false-positive rate", "fpr"),
    ):
        print(f"{label:28s} " + " ".join(f"{r[key]:9.4f}" for r in results))
    for t in results[0]["per_transform"]:
        cells = [r["per_transform"].get(t, {}).get("recall") for r in results]
        print(f"  {t:26s} " + " ".join(f"{c:9.4f}" if c is not None else f"{'-':>9s}" for c in cells))


if __name__ == "__main__":
    sys.exit(main())
