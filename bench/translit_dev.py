"""A tuning set for cross-script name comparison that the pair set (`bench/pairs.py`) never samples.

`bench/pairs.py` draws its transcription positives and negatives from the Wikidata rows seen at least twice
(count >= 2) and from Google's `ar2en.txt`. This set draws from what it leaves: the Wikidata rows seen once
(count < 2) whose Latin name is not among the rows it samples, and Google's `ar2en-test.txt` (whose rows
`ar2en.txt` also holds) less the names the pair set drew. Positives are
built the way `gen_translit` builds them (one or two names, written natively with the script's joiner);
negatives the way `gen_translit_neg` does (a Latin name against another name's native spelling, half of them
near: same first two letters). Also the UN list's original-script names the pair set does not sample,
each against its own Latin name and against another row's original (sharing the first two letters when one
does). Rules for cross-script names are tuned here; the pair set only reports.

    .venv/bin/python -m bench.translit_dev [--per-script N] [--show N] [--json]
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
import time
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz

from bench.devset import load_lists, un_original_names
from bench.pairs import (
    SCRIPT_JOINER,
    TRANSLIT,
    WIKIDATA_SCRIPTS,
    Pair,
    build_pairs,
    mismatched_rows,
    wikidata_pairs,
)

DEFAULT_SEED = 20261206
UN_ORIGINAL = "un-original"
SCRIPTS = (*WIKIDATA_SCRIPTS, "ar2en-test", UN_ORIGINAL)


@functools.cache
def pair_set() -> tuple[Pair, ...]:
    return tuple(build_pairs(load_lists()))


def un_rows() -> list[tuple[str, str]]:
    """The UN list's original-script names the pair set leaves out (it samples 200 of them)."""
    used = {(p.a, p.b) for p in pair_set() if p.category == "list_script"}
    return [(latin, original) for latin, original, _ in un_original_names() if (latin, original) not in used]


def _sampled_ar2en_words() -> set[str]:
    """Latin names the pair set drew from `ar2en.txt` (which also holds the test file's rows)."""
    return {w.lower() for p in pair_set() if p.note == "ar2en" for w in p.a.split()}


def tuning_rows(script: str) -> list[tuple[str, str]]:
    """(Latin, native) rows the pair set never samples, for one script."""
    if script == UN_ORIGINAL:
        return un_rows()
    if script == "ar2en-test":
        path = TRANSLIT / "google_transliteration" / "ar2en-test.txt"
        sampled = _sampled_ar2en_words()
        out = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.strip().split("\t")
                if len(parts) == 2 and parts[1].isalpha() and len(parts[1]) >= 3 and parts[1] not in sampled:
                    out.append((parts[1], parts[0]))
        return out
    rows = wikidata_pairs(script)
    sampled = {r[0] for r in rows if r[2] >= 2}
    return [(r[0], r[1]) for r in rows if r[2] < 2 and r[0] not in sampled]


def _native(script: str, parts: Sequence[str]) -> str:
    native = SCRIPT_JOINER.get(script, " ").join(parts)
    return " ".join(w.capitalize() for w in native.split()) if script == "russian" else native


def build(per_script: int, seed: int = DEFAULT_SEED) -> list[Pair]:
    rng = random.Random(seed)
    out: list[Pair] = []
    for script in SCRIPTS:
        rows = tuning_rows(script)
        if script == UN_ORIGINAL:
            # (Listed names, whole: each row once, against another row's original as a negative.)
            out.extend(Pair(a=a, b=b, kind="person", label=True, category=script) for a, b in rows)
            for a, _ in rows:
                near = [r for r in rows if r[0][:2] == a[:2] and fuzz.ratio(r[0], a) < 75]
                other = rng.choice(near or [r for r in rows if fuzz.ratio(r[0], a) < 50])
                out.append(Pair(a=a, b=other[1], kind="person", label=False, category=script))
            continue
        for _ in range(per_script):
            picked = rng.sample(rows, rng.choice([1, 2, 2]))
            out.append(
                Pair(
                    a=" ".join(r[0].capitalize() for r in picked),
                    b=_native(script, [r[1] for r in picked]),
                    kind="person",
                    label=True,
                    category=script,
                )
            )
        for r1, r2, near in mismatched_rows(rows, per_script, rng):
            out.append(
                Pair(
                    a=r1[0].capitalize(),
                    b=_native(script, [r2[1]]),
                    kind="person",
                    label=False,
                    category=script,
                    note=f"{r1[0]}/{r2[0]}" + (":near" if near else ""),
                )
            )
    return out


def run(per_script: int, seed: int, show: int) -> dict[str, Any]:
    from matchers.compare import compare

    pairs = build(per_script, seed)
    t0 = time.perf_counter()
    results = [compare(p.a, p.b, p.kind) for p in pairs]
    elapsed = time.perf_counter() - t0
    per: dict[str, dict[str, Any]] = {}
    for script in SCRIPTS:
        idx = [i for i, p in enumerate(pairs) if p.category == script]
        pos = [i for i in idx if pairs[i].label]
        neg = [i for i in idx if not pairs[i].label]
        tp = sum(results[i].match for i in pos)
        fp = sum(results[i].match for i in neg)
        misses = sorted((i for i in pos if not results[i].match), key=lambda i: results[i].score)
        false = sorted((i for i in neg if results[i].match), key=lambda i: -results[i].score)
        per[script] = {
            "positives": len(pos),
            "negatives": len(neg),
            "recall": tp / len(pos) if pos else 0.0,
            "fpr": fp / len(neg) if neg else 0.0,
            "misses": [(pairs[i].a, pairs[i].b, results[i].score) for i in misses[:show]],
            "false_positives": [(pairs[i].a, pairs[i].b, results[i].score) for i in false[:show]],
        }
    pos_all = [i for i, p in enumerate(pairs) if p.label]
    neg_all = [i for i, p in enumerate(pairs) if not p.label]
    return {
        "seed": seed,
        "pairs": len(pairs),
        "compare_s": round(elapsed, 2),
        "recall": sum(results[i].match for i in pos_all) / len(pos_all),
        "fpr": sum(results[i].match for i in neg_all) / len(neg_all),
        "per_script": per,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cross-script tuning rows the pair set never samples.")
    parser.add_argument("--per-script", type=int, default=300, help="positives (and negatives) per script")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--show", type=int, default=0, help="misses and false positives shown per script")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    r = run(args.per_script, args.seed, args.show)
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
        return 0
    print(
        f"translit tuning set  seed={r['seed']}  {r['pairs']} pairs, compared in {r['compare_s']} s: "
        f"recall {r['recall']:.4f}  FPR {r['fpr']:.4f}"
    )
    print(f"{'script':12s} {'pos':>5s} {'recall':>7s} {'neg':>5s} {'FPR':>7s}")
    for script, c in r["per_script"].items():
        print(f"{script:12s} {c['positives']:5d} {c['recall']:7.4f} {c['negatives']:5d} {c['fpr']:7.4f}")
    for script, c in r["per_script"].items():
        for a, b, s in c["misses"]:
            print(f"  miss {script:10s} {s:.3f} {a!r} | {b!r}")
        for a, b, s in c["false_positives"]:
            print(f"  FP   {script:10s} {s:.3f} {a!r} | {b!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
