"""The training run of a profile-guided build (`setup.py`, `HOLDLINE_PGO`): screen names the speed
benchmark never screens, so a build trained here is not a build fitted to the benchmark.

The names are the development split's variants and negatives of a development-set draw whose seed no
benchmark uses (`TRAIN_SEED`), minus every name of the speed set (`bench/speed.py`'s `query_set`): the
profile sees the same kinds of name (Latin, Cyrillic, Han, Arabic; typos, legal forms, reordered
names) as users and the benchmarks, never the benchmark's own names. Screening runs as `bench.speed`
and `holdline screen` do (lists loaded and indexed, the collector settled, warmed up), so the profile
also covers loading and indexing.

    .venv/bin/python -m bench.pgo_train [--names 1500]

Exits 0 having screened nothing when the lists are absent: the build then falls back to a plain
compiled build (`setup.py`), it never fails for want of training data.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.devset import DEFAULT_SEED, LISTS_DIR, NEGATIVES_CSV, build_corpus, build_devset, load_lists
from bench.speed import distinct_queries
from matchers.models import LoadedList

# A development-set seed outside every list of seeds used for tuning, held out or by a benchmark.
TRAIN_SEED = 1_000_003
TRAIN_NAMES = 1500
SPEED_QUERIES = 10_000  # bench.speed's default query count: the names kept out of training


def lists_present(lists_dir: Path = LISTS_DIR, negatives: Path = NEGATIVES_CSV) -> bool:
    """The lists and the negative names the development set is drawn from (present on CI)."""
    if not (lists_dir.is_dir() and negatives.is_file()):
        return False
    return any(path.is_file() and path.name != "README.md" for path in lists_dir.rglob("*"))


def training_names(
    lists: Sequence[LoadedList], n: int, seed: int = TRAIN_SEED
) -> list[tuple[str, str | None, str | None]]:
    """Up to `n` (name, country, kind) queries of the dev split, none of them in the speed set.

    Kept out: every variant and negative of the development set the speed set is cut from (`query_set`:
    the same seed and size, before its shuffle and cut), a superset of the speed set's names."""
    corpus = build_corpus(lists)
    speed_set = build_devset(
        lists, seed=DEFAULT_SEED, n_sources=max(2000, SPEED_QUERIES // 2), error_model=False, corpus=corpus
    )
    seen = {v.query for v in speed_set.variants} | set(speed_set.negatives)
    dev = build_devset(lists, seed=seed, n_sources=max(400, n // 2), split="dev", corpus=corpus)
    return distinct_queries(dev, seen)[:n]


def train(n: int, lists_dir: Path = LISTS_DIR, negatives: Path = NEGATIVES_CSV) -> int:
    """Screen the training names; the number screened (0 when the lists are absent)."""
    if not lists_present(lists_dir, negatives):
        print(f"pgo_train: no lists under {lists_dir}: nothing to train on", file=sys.stderr)
        return 0
    from bench.speed import WARM_UP
    from matchers import Screener
    from matchers.gc_pause import settle_after_load

    t0 = time.perf_counter()
    lists = load_lists(lists_dir)
    screener = Screener(lists)
    settle_after_load()
    names = training_names(lists, n)
    for q, c, k in WARM_UP:
        screener.screen(q, country=c, kind=k)
    for q, country, kind in names:
        screener.is_hit(screener.screen(q, country=country, kind=kind))
    print(f"pgo_train: screened {len(names)} names in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return len(names)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--names", type=int, default=TRAIN_NAMES)
    args = parser.parse_args(argv)
    train(args.names)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
