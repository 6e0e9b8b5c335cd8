"""Precision, recall and F1 of `holdline compare` on the labelled pair set (bench/pairs.py), beside a strong
simple baseline measured in the same run: rapidfuzz `token_sort_ratio` on ASCII-transliterated lowercase
names, with the threshold that is best *on this very set* (an optimistic baseline).

Target: F1 >= 0.90 (issue 10; a strong open-source matcher scores 0.79 on the held-out set). The share of
the set made by the data-entry error model (bench/errors.py) is printed.

    .venv/bin/python bench/pairs_f1.py [--seed N] [--pairs FILE.jsonl] [--show N] [--json] [--cli]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rigour.text.translit import ascii_text

from bench.devset import DEFAULT_SEED, code_version, load_lists
from bench.pairs import Pair, build_pairs

F1_TARGET = 0.90  # issue 10
REFERENCE_F1 = 0.79  # the strong open-source matcher, on the held-out set
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Scored:
    pair: Pair
    score: float
    match: bool
    explanation: dict[str, Any]


def compare_api() -> Callable[[Pair], tuple[float, bool, dict[str, Any]]] | None:
    try:
        from matchers.compare import compare
    except ImportError as exc:
        print(
            f"note: matchers.compare.compare unavailable ({exc}); falling back to `holdline compare`",
            file=sys.stderr,
        )
        return None

    def run(p: Pair) -> tuple[float, bool, dict[str, Any]]:
        c = compare(p.a, p.b, p.kind)
        return float(c.score), bool(c.match), dict(c.explanation)

    return run


def compare_cli(pairs: Sequence[Pair]) -> list[tuple[float, bool, dict[str, Any]]]:
    """The `holdline compare --jsonl` contract, one process for all pairs."""
    exe = ROOT / ".venv" / "bin" / "holdline"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "streams.cli.main"]
    stdin = "".join(
        json.dumps({"a": p.a, "b": p.b, "kind": p.kind}, ensure_ascii=False) + "\n" for p in pairs
    )
    proc = subprocess.run(
        [*cmd, "compare", "--jsonl"], input=stdin, capture_output=True, text=True, cwd=ROOT, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"holdline compare failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    out = []
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        out.append((float(rec.get("score", 0.0)), bool(rec.get("match", False)), rec.get("explanation", {})))
    if len(out) != len(pairs):
        raise SystemExit(f"holdline compare returned {len(out)} lines for {len(pairs)} pairs")
    return out


def prf(preds: Sequence[bool], labels: Sequence[bool]) -> dict[str, float | int]:
    tp = sum(p and lab for p, lab in zip(preds, labels, strict=True))
    fp = sum(p and not lab for p, lab in zip(preds, labels, strict=True))
    fn = sum(lab and not p for p, lab in zip(preds, labels, strict=True))
    tn = len(labels) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(labels),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": (tp + tn) / len(labels) if labels else 0.0,
    }


def baseline_score(p: Pair) -> float:
    return fuzz.token_sort_ratio(ascii_text(p.a).lower(), ascii_text(p.b).lower()) / 100.0


def best_threshold(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, float]:
    best = (0.0, 0.0)
    for step in range(0, 101):
        t = step / 100
        f1 = float(prf([s >= t for s in scores], labels)["f1"])
        if f1 > best[1]:
            best = (t, f1)
    return best


def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.pairs:
        with args.pairs.open(encoding="utf-8") as fh:
            pairs = [Pair.model_validate_json(line) for line in fh if line.strip()]
    else:
        pairs = build_pairs(load_lists(), seed=args.seed, scale=args.scale)
    t0 = time.perf_counter()
    api = None if args.cli else compare_api()
    results = [api(p) for p in pairs] if api else compare_cli(pairs)
    t_cmp = time.perf_counter() - t0
    scored = [Scored(p, s, m, e) for p, (s, m, e) in zip(pairs, results, strict=True)]
    labels = [p.label for p in pairs]
    base = [baseline_score(p) for p in pairs]
    base_t, _ = best_threshold(base, labels)
    base_pred = [s >= base_t for s in base]
    oracle_t, oracle_f1 = best_threshold([s.score for s in scored], labels)

    def block(idx: list[int]) -> dict[str, Any]:
        mine = prf([scored[i].match for i in idx], [labels[i] for i in idx])
        theirs = prf([base_pred[i] for i in idx], [labels[i] for i in idx])
        return {
            **mine,
            "baseline_f1": theirs["f1"],
            "baseline_accuracy": theirs["accuracy"],
            "positives": sum(labels[i] for i in idx),
        }

    all_idx = list(range(len(pairs)))
    variant_idx = [i for i in all_idx if pairs[i].variant]
    by_cat: dict[str, list[int]] = defaultdict(list)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        by_cat[p.category].append(i)
        by_kind[p.kind].append(i)
    overall = block(all_idx)
    fns = sorted((s for s in scored if s.pair.label and not s.match), key=lambda s: s.score)
    fps = sorted((s for s in scored if not s.pair.label and s.match), key=lambda s: -s.score)

    def err(s: Scored) -> dict[str, Any]:
        return {
            "a": s.pair.a,
            "b": s.pair.b,
            "kind": s.pair.kind,
            "category": s.pair.category,
            "note": s.pair.note,
            "score": s.score,
            "explanation": s.explanation,
        }

    return {
        "seed": args.seed,
        "code_version": code_version(),
        "pairs": len(pairs),
        "positives": sum(labels),
        "error_model_share": sum(p.category == "error_model" for p in pairs) / len(pairs) if pairs else 0.0,
        "compare_s": round(t_cmp, 2),
        "overall": overall,
        "name_variant_subset": block(variant_idx),
        "per_category": {k: block(v) for k, v in sorted(by_cat.items())},
        "per_kind": {k: block(v) for k, v in sorted(by_kind.items())},
        "baseline": {
            "method": "rapidfuzz token_sort_ratio on ascii_text lowercase, best threshold on this set",
            "threshold": base_t,
            **prf(base_pred, labels),
        },
        "holdline_best_threshold_on_set": {"threshold": oracle_t, "f1": oracle_f1},
        "target": {
            "f1": F1_TARGET,
            "reference_open_source_f1": REFERENCE_F1,
            "pass": overall["f1"] >= F1_TARGET,
        },
        "false_negatives": [err(s) for s in fns[: args.show]],
        "false_positives": [err(s) for s in fps[: args.show]],
    }


def _short(expl: dict[str, Any], width: int = 200) -> str:
    text = json.dumps(expl, ensure_ascii=False, default=str, separators=(",", ":"))
    return text if len(text) <= width else text[: width - 3] + "..."


def print_report(r: dict[str, Any]) -> None:
    o, b = r["overall"], r["baseline"]
    print(
        f"holdline compare  seed={r['seed']}  code={r['code_version']}  "
        f"{r['pairs']} pairs ({r['positives']} positive), "
        f"compared in {r['compare_s']} s"
    )
    print(
        f"holdline: precision {o['precision']:.4f}  recall {o['recall']:.4f}  F1 {o['f1']:.4f}   "
        f"target >= {r['target']['f1']} {'PASS' if r['target']['pass'] else 'FAIL'} "
        f"(reference open-source matcher: {r['target']['reference_open_source_f1']} on the held-out set)"
    )
    print(
        f"baseline: precision {b['precision']:.4f}  recall {b['recall']:.4f}  F1 {b['f1']:.4f}   "
        f"(token_sort_ratio, best threshold on this set {b['threshold']:.2f})"
    )
    print(f"ratio F1 holdline/baseline: {o['f1'] / b['f1']:.3f}" if b["f1"] else "")
    em = r["per_category"].get("error_model")
    print(
        f"error-model pairs (bench/errors.py): {r['error_model_share']:.1%} of the set"
        + (f", recall {em['recall']:.4f}" if em else "")
    )
    nv = r["name_variant_subset"]
    print(
        f"name-variant subset (unrelated-looking list aliases left out, n={nv['n']}): "
        f"P {nv['precision']:.4f} R {nv['recall']:.4f} F1 {nv['f1']:.4f}  "
        f"(baseline F1 {nv['baseline_f1']:.4f})"
    )
    h = r["holdline_best_threshold_on_set"]
    print(f"holdline F1 if its threshold were tuned on this set: {h['f1']:.4f} at {h['threshold']:.2f}")
    print()
    print(
        f"{'category':22s} {'n':>5s} {'pos':>5s} {'acc':>7s} {'P':>7s} {'R':>7s} {'F1':>7s}  {'base acc':>8s}"
    )
    for name, rows in (("", r["per_category"]), ("kind ", r["per_kind"])):
        for k, c in rows.items():
            prf_cols = (
                f"{c['precision']:7.4f} {c['recall']:7.4f} {c['f1']:7.4f}"
                if c["positives"]
                else f"{'-':>7s} {'-':>7s} {'-':>7s}"  # negatives only: accuracy is the measure
            )
            print(
                f"{name + k:22s} {c['n']:5d} {c['positives']:5d} {c['accuracy']:7.4f} {prf_cols}  "
                f"{c['baseline_accuracy']:8.4f}"
            )
    print()
    print(f"worst false negatives ({len(r['false_negatives'])} shown):")
    for e in r["false_negatives"]:
        print(f"  {e['score']:.3f} [{e['category']}/{e['kind']}] {e['a']!r} | {e['b']!r}  {e['note']}")
        print(f"        {_short(e['explanation'])}")
    print(f"worst false positives ({len(r['false_positives'])} shown):")
    for e in r["false_positives"]:
        print(f"  {e['score']:.3f} [{e['category']}/{e['kind']}] {e['a']!r} | {e['b']!r}  {e['note']}")
        print(f"        {_short(e['explanation'])}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="F1 of `holdline compare` on labelled name pairs.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every category's size")
    parser.add_argument("--pairs", type=Path, help="read pairs from a JSONL file instead of building them")
    parser.add_argument("--cli", action="store_true", help="go through `holdline compare --jsonl`")
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
