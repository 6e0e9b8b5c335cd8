"""Recall on perturbed listed names built by another method than our error model (`bench/positives.py`:
the `typo` library's operations): recall and retrieval recall at the screener's threshold against all
lists, by operation, by number of operations, by source list and by the entry's kind, with the misses.

Our dev split's classes (`bench.accuracy --split dev`) are read beside it: a gap between the two is what
our error model does not ask for.

    .venv/bin/python -m bench.recall_other [--half tune|held] [--seed N] [--sources N] [--show N]
        [--threshold T] [--json]

The `held` half (test-split entries) is read once per round, at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz.distance import Levenshtein

from bench.accuracy import Outcome, screen, summarise
from bench.devset import LEGAL_TOKENS, build_corpus, load_lists
from bench.positives import (
    DEFAULT_SEED,
    DEFAULT_SOURCES,
    HALVES,
    OPERATIONS,
    Positive,
    PositiveSet,
    generate,
)
from matchers import Match, Screener
from matchers.models import LoadedList
from matchers.org_types import extract_org_types


def block(outcomes: Iterable[Outcome]) -> dict[str, Any]:
    os = list(outcomes)
    n = len(os)
    return {
        "n": n,
        "recall": sum(o.hit for o in os) / n if n else 0.0,
        "retrieval": sum(o.retrieved for o in os) / n if n else 0.0,
        "missed": sum(not o.hit for o in os),
        "not_retrieved": sum(not o.retrieved for o in os),
    }


# Letters of the source per operation: our error model puts at most one edit per six letters (`multi2`,
# `multi3`); the library puts its operations anywhere, however short the name.
DENSITY_BANDS = ((0.0, "< 4"), (4.0, "4-6"), (6.0, "6-10"), (10.0, ">= 10"))
# How much of the source is left: Levenshtein similarity of the two, case and spacing aside.
SIMILARITY_BANDS = ((0.0, "< 0.75"), (0.75, "0.75-0.85"), (0.85, "0.85-0.90"), (0.90, ">= 0.90"))


def _band(value: float, bands: Sequence[tuple[float, str]]) -> str:
    return [label for floor, label in bands if value >= floor][-1]


def density_band(p: Positive) -> str:
    letters = sum(c.isalnum() for c in p.source)
    return _band(letters / len(p.ops), DENSITY_BANDS)


def similarity_band(p: Positive) -> str:
    a, b = (" ".join(x.casefold().split()) for x in (p.source, p.query))
    return _band(Levenshtein.normalized_similarity(a, b), SIMILARITY_BANDS)


MISS_BANDS = ("0.78-0.82", "0.70-0.78", "< 0.70", "scored, not returned", "not retrieved")


def miss_band(o: Outcome) -> str:
    """Where a miss stands: how far under the threshold its expected entry scored, or why it has no score."""
    if not o.retrieved:
        return MISS_BANDS[4]
    if o.best_expected is None:
        return MISS_BANDS[3]
    score = o.best_expected.score
    return MISS_BANDS[0] if score >= 0.78 else MISS_BANDS[1] if score >= 0.70 else MISS_BANDS[2]


MISS_GROUPS = (
    "a number changed",
    "< 4 letters per operation",
    "4-6 letters per operation",
    "a legal form damaged",
    "words glued",
    "a word of <= 3 letters damaged",
    "a look-alike character",
    "a stray space",
    "keyboard edits in longer words",
)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _numbers(text: str) -> list[str]:
    """The numbers written in a name: digits anywhere, a Roman numeral as its last word (`SEA STAR III`)."""
    words = _words(text)
    roman = words[-1:] if words and re.fullmatch(r"[ivx]{1,4}", words[-1]) else []
    return re.findall(r"\d+", text) + roman


def number_changed(p: Positive) -> bool:
    """A number of the name was edited (`SEA STAR III` -> `SEA STAR II`, `FU YUAN YU 7865` -> `8765`): most
    often another party of a numbered series, so such variants are also read apart."""
    return bool(_numbers(p.source)) and _numbers(p.source) != _numbers(p.query)


def miss_group(p: Positive) -> str:
    """A first reading of why a variant was missed, from what was done to which words (the first group that
    applies, in `MISS_GROUPS` order): where the next general rule would have to act."""
    if number_changed(p):
        return MISS_GROUPS[0]
    letters = sum(c.isalnum() for c in p.source)
    if letters / len(p.ops) < 6:
        return MISS_GROUPS[1] if letters / len(p.ops) < 4 else MISS_GROUPS[2]
    kept = set(_words(p.query))
    damaged = [w for w in _words(p.source) if w not in kept]
    forms = {w for text, _ in extract_org_types(p.source) for w in _words(text)} | LEGAL_TOKENS
    if any(w in forms for w in damaged):
        return MISS_GROUPS[3]
    if "skipped_space" in p.ops:
        return MISS_GROUPS[4]
    if any(len(w) <= 3 for w in damaged):
        return MISS_GROUPS[5]
    if "similar_char" in p.ops:
        return MISS_GROUPS[6]
    if "random_space" in p.ops:
        return MISS_GROUPS[7]
    return MISS_GROUPS[8]


def _match(m: Match | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "entry_id": m.entry_id,
        "matched": m.matched,
        "score": round(m.score, 4),
        "explanation": m.explanation,
    }


def read(screener: Screener, pset: PositiveSet, show: int = 20) -> dict[str, Any]:
    """Screen every variant (no kind or country hint: the name alone) and break the outcomes down."""
    t0 = time.perf_counter()
    rows = [(p, screen(screener, p.query, None, None, frozenset(p.expected))) for p in pset.positives]
    seconds = time.perf_counter() - t0
    groups: dict[str, dict[str, list[Outcome]]] = {
        "ops": defaultdict(list),  # every variant containing the operation
        "single_op": defaultdict(list),  # variants with that operation alone
        "n_ops": defaultdict(list),
        "list": defaultdict(list),
        "kind": defaultdict(list),
        "letters_per_op": defaultdict(list),
        "similarity": defaultdict(list),
    }
    for p, o in rows:
        for op in dict.fromkeys(p.ops):
            groups["ops"][op].append(o)
        if len(p.ops) == 1:
            groups["single_op"][p.ops[0]].append(o)
        groups["n_ops"][str(len(p.ops))].append(o)
        groups["list"][p.list].append(o)
        groups["kind"][p.kind].append(o)
        groups["letters_per_op"][density_band(p)].append(o)
        groups["similarity"][similarity_band(p)].append(o)
    misses = sorted(
        ((p, o) for p, o in rows if not o.hit),
        key=lambda po: po[1].best_expected.score if po[1].best_expected else -1.0,
        reverse=True,
    )
    miss_bands: dict[str, int] = defaultdict(int)
    by_group: dict[str, list[Outcome]] = defaultdict(list)
    for p, o in misses:
        miss_bands[miss_band(o)] += 1
        by_group[miss_group(p)].append(o)
    return {
        "seed": pset.seed,
        "half": pset.half,
        "threshold": screener.threshold,
        "dropped": pset.dropped,
        "all": block(o for _, o in rows),
        "numbers_kept": block(o for p, o in rows if not number_changed(p)),
        "errors": sum(o.error is not None for _, o in rows),
        "miss_bands": {label: miss_bands[label] for label in MISS_BANDS if miss_bands[label]},
        "miss_groups": {
            g: {
                "missed": len(by_group[g]),
                "not_retrieved": sum(not o.retrieved for o in by_group[g]),
                "near": sum(miss_band(o) == MISS_BANDS[0] for o in by_group[g]),
            }
            for g in MISS_GROUPS
            if by_group[g]
        },
        **{name: {k: block(v) for k, v in sorted(g.items())} for name, g in groups.items()},
        "misses": [
            {
                "query": p.query,
                "source": p.source,
                "ops": list(p.ops),
                "list": p.list,
                "kind": p.kind,
                "expected": list(p.expected),
                "retrieved": o.retrieved,
                "group": miss_group(p),
                "error": o.error,
                "best_expected": _match(o.best_expected),
                "top": _match(o.top),
            }
            for p, o in misses[:show]
        ],
        "screen_s": round(seconds, 1),
    }


def run(
    lists: Sequence[LoadedList],
    half: str,
    seed: int,
    n_sources: int,
    threshold: float | None = None,
    show: int = 20,
    reference: int = 0,
) -> dict[str, Any]:
    t0 = time.perf_counter()
    screener = Screener(lists) if threshold is None else Screener(lists, threshold=threshold)
    corpus = build_corpus(lists)
    pset = generate(corpus, half, seed, n_sources)
    built = time.perf_counter() - t0
    result = read(screener, pset, show)
    result["build_s"] = round(built, 1)
    if reference:
        result["reference"] = reference_sample(lists, screener, pset, reference)
    return result


def reference_sample(
    lists: Sequence[LoadedList], screener: Screener, pset: PositiveSet, n: int
) -> dict[str, Any]:
    """OpenSanctions' LogicV2 over rapidfuzz candidates (`bench.reference`, at yente's 0.70) beside Holdline
    on a seeded sample of the set: whether a miss is the engine's or the set's (LogicV2 scores about five
    names a second here, so a sample)."""
    from bench.reference import REFERENCE_THRESHOLD, Reference

    t0 = time.perf_counter()
    sample = random.Random(f"reference:{pset.seed}:{pset.half}").sample(
        list(pset.positives), min(n, len(pset.positives))
    )
    scores = Reference(lists).scores([(p.query, None, None) for p in sample])
    both: dict[str, dict[str, list[bool]]] = defaultdict(lambda: {"holdline": [], "reference": []})
    only_reference: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    for p, best in zip(sample, scores, strict=True):
        ours = screen(screener, p.query, None, None, frozenset(p.expected)).hit
        theirs = (
            max((sc for eid, sc in best.items() if eid in p.expected), default=0.0) >= REFERENCE_THRESHOLD
        )
        if theirs and not ours:
            only_reference[miss_group(p)] += 1
            examples.append(
                {"query": p.query, "source": p.source, "ops": list(p.ops), "group": miss_group(p)}
            )
        dense = "< 6" if sum(c.isalnum() for c in p.source) / len(p.ops) < 6 else ">= 6"
        for key in ("all", f"{len(p.ops)} ops", f"{dense} letters per op"):
            both[key]["holdline"].append(ours)
            both[key]["reference"].append(theirs)
    return {
        "threshold": REFERENCE_THRESHOLD,
        "groups": {
            k: {"n": len(v["holdline"]), **{s: sum(x) / len(x) for s, x in v.items()}}
            for k, v in sorted(both.items(), key=lambda kv: (kv[0] != "all", kv[0]))
        },
        # Variants LogicV2 finds and the engine misses, by the engine's miss group: what a second method does.
        "only_reference": {g: only_reference[g] for g in MISS_GROUPS if only_reference[g]},
        "only_reference_examples": examples[:40],
        "seconds": round(time.perf_counter() - t0, 1),
    }


def print_report(r: dict[str, Any]) -> None:
    a = r["all"]
    print(
        f"recall on the typo library's perturbations  half={r['half']}  seed={r['seed']}  "
        f"threshold={r['threshold']}"
    )
    dropped = ", ".join(f"{v} {k}" for k, v in r["dropped"].items()) or "none"
    print(f"variants: {a['n']}  (not counted: {dropped})  errors: {r['errors']}")
    print(f"recall {a['recall']:.4f} ({a['missed']} missed)   retrieval {a['retrieval']:.4f}")
    k = r["numbers_kept"]
    print(
        f"without the {a['n'] - k['n']} variants whose number changed: recall {k['recall']:.4f} (n={k['n']})"
    )
    bands = ", ".join(f"{k} {v}" for k, v in r["miss_bands"].items())
    print(f"misses by the expected entry's score: {bands}")
    header = f"{'n':>5s} {'recall':>8s} {'retrieved':>9s} {'missed':>7s} {'not retr.':>9s}"
    for name, title in (
        ("single_op", "operation (alone)"),
        ("ops", "operation (in any variant)"),
        ("n_ops", "operations per name"),
        ("list", "source list"),
        ("kind", "entry kind"),
        ("letters_per_op", "source letters per operation"),
        ("similarity", "similarity to the source"),
    ):
        print()
        print(f"{title:28s} {header}")
        order = {
            "ops": list(OPERATIONS),
            "single_op": list(OPERATIONS),
            "letters_per_op": [label for _, label in DENSITY_BANDS],
            "similarity": [label for _, label in SIMILARITY_BANDS],
        }.get(name, list(r[name]))
        keys = [k for k in order if k in r[name]]
        for k in keys:
            b = r[name][k]
            print(
                f"{k:28s} {b['n']:5d} {b['recall']:8.4f} {b['retrieval']:9.4f} {b['missed']:7d} "
                f"{b['not_retrieved']:9d}"
            )
    print()
    print(f"{'misses by group':32s} {'missed':>7s} {'not retr.':>9s} {'0.78-0.82':>9s}")
    for g, b in r["miss_groups"].items():
        print(f"{g:32s} {b['missed']:7d} {b['not_retrieved']:9d} {b['near']:9d}")
    if r["half"] != "tune":
        return
    print()
    print(f"misses (highest expected score first, {len(r['misses'])} shown):")
    for m in r["misses"]:
        be, top = m["best_expected"], m["top"]
        where = "scored" if m["retrieved"] else "NOT RETRIEVED"
        ops = "+".join(m["ops"])
        print(f"  [{ops}; {m['group']}] {m['query']!r} <- {m['source']!r}")
        print(f"      {m['list']}, {m['kind']}, {where}")
        if m["error"]:
            print(f"      ERROR {m['error']}")
        print(
            f"      expected best: {be['score']} {be['matched']!r}" if be else "      expected: not returned"
        )
        if be:
            print(f"        {summarise(be['explanation'], 300)}")
        if top and top["entry_id"] not in m["expected"]:
            print(f"      best wrong hit: {top['score']} {top['matched']!r} ({top['entry_id']})")
            print(f"        {summarise(top['explanation'], 300)}")
    print(f"(build {r['build_s']} s, screen {r['screen_s']} s)")


def print_reference(ref: dict[str, Any]) -> None:
    print()
    print(
        f"the same sample scored by LogicV2 over rapidfuzz candidates at {ref['threshold']} "
        f"({ref['seconds']} s)"
    )
    print(f"{'':28s} {'n':>5s} {'Holdline':>9s} {'LogicV2':>9s}")
    for k, b in ref["groups"].items():
        print(f"{k:28s} {b['n']:5d} {b['holdline']:9.4f} {b['reference']:9.4f}")
    only = ", ".join(f"{g} {n}" for g, n in ref["only_reference"].items())
    print(f"found by LogicV2, missed by Holdline, by group: {only}")
    for e in ref["only_reference_examples"][:20]:
        print(f"  [{'+'.join(e['ops'])}; {e['group']}] {e['query']!r} <- {e['source']!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Recall on listed names perturbed by the typo library.")
    parser.add_argument("--half", choices=HALVES, default="tune", help="tune (dev entries) or held (once)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES, help="listed names to perturb")
    parser.add_argument("--threshold", type=float, default=None, help="override the screener's threshold")
    parser.add_argument("--show", type=int, default=20, help="misses to list (tune half only)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument(
        "--reference", type=int, default=0, help="also score N sampled variants with LogicV2 (~5 per second)"
    )
    args = parser.parse_args(argv)
    result = run(load_lists(), args.half, args.seed, args.sources, args.threshold, args.show, args.reference)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    else:
        print_report(result)
        if "reference" in result:
            print_reference(result["reference"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
