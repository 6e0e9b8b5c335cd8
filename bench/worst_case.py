"""Screening cost of the worst single names against all lists: time and peak memory per name, beside an
ordinary name measured in the same run (issue 11: every name under 50 ms and 50 MB).

The engine bounds the work itself: repeated words of a long name are dropped before any per-character
work, at most `MAX_NAME_WORDS` distinct words are considered, tokens longer than `MAX_EDIT_TOKEN_LEN` are
looked up exactly only, and candidate lists are capped.

    .venv/bin/python -m bench.worst_case [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
import tracemalloc
from collections.abc import Sequence

from bench.devset import load_lists
from matchers import Screener

TIME_TARGET_MS = 50.0
MEMORY_TARGET_MB = 50.0


def worst_inputs(rng: random.Random) -> dict[str, str]:
    def words(size: int) -> str:
        out = " ".join(
            "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(size)
        )
        return out[:16384]

    listed_words = "hikvision technology public security bureau trading company limited".split()
    return {
        "trading x10000": "trading " * 10000,
        "one word, 30,000 letters": "a" * 30000,
        "one random word, 30,000 letters": "".join(rng.choice(string.ascii_lowercase) for _ in range(30000)),
        "16 KB random words #1": words(3000),
        "16 KB random words #2": words(3000),
        "16 KB listed words": " ".join(rng.choice(listed_words) for _ in range(3000))[:16384],
        "16 KB Cyrillic": ("Общество с ограниченной ответственностью " * 500)[:16384],
    }


def measure(screener: Screener, name: str, repeat: int) -> tuple[float, float]:
    """Median wall time (ms) over `repeat` runs, and peak traced memory (MB) of one run."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        screener.screen(name)
        times.append((time.perf_counter() - t0) * 1000)
    tracemalloc.start()
    screener.screen(name)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return statistics.median(times), peak


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    screener = Screener(load_lists())
    normal = "Hangzhou Hikvision Digital Technology Co., Ltd."
    screener.screen(normal)
    base_ms, base_mb = measure(screener, normal, args.repeat)
    print(f"{'input':34s} {'chars':>7s} {'ms':>8s} {'x normal':>9s} {'peak MB':>8s}")
    print(f"{'normal name (baseline)':34s} {len(normal):7d} {base_ms:8.2f} {1.0:9.1f} {base_mb:8.2f}")
    ok = True
    for label, name in worst_inputs(random.Random(11)).items():
        ms, mb = measure(screener, name, args.repeat)
        ok &= ms < TIME_TARGET_MS and mb < MEMORY_TARGET_MB
        print(f"{label:34s} {len(name):7d} {ms:8.2f} {ms / base_ms:9.1f} {mb:8.2f}")
    print(f"every name < {TIME_TARGET_MS:.0f} ms and < {MEMORY_TARGET_MB:.0f} MB: {'PASS' if ok else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
