"""The Han syllable table (`matchers/han_letters.py`, decision 0534) against rigour's `ascii_text` on the
whole block it covers: every Han letter alone, every ordered pair of the kinds of characters ICU's rules
tell apart, every context rule with its neighbours, and random runs. Exit status 1 if any string differs,
or if the table cannot be built here (another ICU than the ones it was proven on).

ICU's Han-Latin spells a run of Han letters character by character: its rules are one syllable per set of
characters, a few context rules (`{重}' '?庆 > chóng;`, which `han_table.context_pairs` reads), and the
spacing transliterator before them, which puts a space between an ideograph and the letter after it. So a
pair's spelling can depend only on each character's syllable and on the classes the spacing and
normalisation rules read; a *kind* here is (Han-Latin's own output for the character, whether ICU calls it
ideographic, its general category, whether NFKC changes it). One character of each kind stands for it, and
every ordered pair of kinds is compared; so are the context rules' characters beside every kind, and
`--random` runs of 2-12 characters drawn from the whole table.

    .venv/bin/python -m bench.han_check [--random 200000] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections.abc import Sequence
from typing import Any


def check(random_runs: int = 200_000, seed: int = 20260701) -> dict[str, Any]:
    import icu
    from rigour.text.translit import ascii_text, should_ascii

    from matchers import han_letters, han_table

    started = time.process_time()
    table = han_table.build()
    if table is None:
        return {"icu": han_table.icu_version(), "built": False, "differ": [{"text": "", "why": "no table"}]}
    built_s = time.process_time() - started
    han_letters.prime(table[1], table[2], table[3], table[4])
    differ: list[dict[str, str]] = []

    def compare(text: str) -> bool:
        """Whether the table spells `text` (all its characters held); a difference is recorded."""
        spelt = han_letters.han_ascii(text)
        if spelt is None:
            return False
        want = str(ascii_text(text)).lower()
        if spelt != want or should_ascii(text):
            differ.append({"text": text, "rigour": want, "table": spelt})
        return True

    letters = [str(c) for c in icu.UnicodeSet(han_table.HAN_LETTERS)]
    held = [c for c in letters if compare(c)]
    raw = icu.Transliterator.createInstance(han_table.HAN_LATIN)
    ideographic = icu.UnicodeSet("[:Ideographic:]")
    kinds: dict[tuple[str, bool, int, bool], str] = {}
    for c in held:
        own = str(raw.transliterate(c))
        # (A character Han-Latin leaves as it is, whatever it is, is one kind: it reaches normality's `?`.)
        key = (
            own if own != c else "",
            bool(ideographic.contains(c)),
            int(icu.Char.charType(c)),
            unicodedata.normalize("NFKC", c) != c,
        )
        kinds.setdefault(key, c)
    reps = list(kinds.values())
    pairs = 0
    for a in reps:
        for b in reps:
            pairs += compare(a + b)
    context = table[4]
    around = 0
    for pair in context:
        for c in reps:
            for text in (c + pair, pair + c, pair[0] + c, c + pair[1], pair + pair, pair[0] + pair):
                around += compare(text)
    rng = random.Random(seed)
    firsts = list(context)
    runs = 0
    for _ in range(random_runs):
        chosen = rng.choices(held, k=rng.randint(2, 12))
        if rng.random() < 0.2:
            chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(firsts))
        runs += compare("".join(chosen))
    return {
        "icu": table[0],
        "built": True,
        "build_cpu_s": round(built_s, 2),
        "han_letters": len(letters),
        "held": len(held),
        "spelt_question_mark": sum(1 for c in held if han_letters.han_ascii(c) == "?"),
        "syllables": len(table[3]) - 1,
        "context_rules": {pair: spelt for pair, spelt in context.items()},
        "kinds": len(reps),
        "pairs": pairs,
        "around_context": around,
        "random_runs": runs,
        "table_bytes": len(table[2]),
        "cpu_s": round(time.process_time() - started, 1),
        "differ": differ,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The Han syllable table against rigour on its whole block.")
    parser.add_argument("--random", type=int, default=200_000, help="random runs of 2-12 characters")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args(argv)
    r = check(args.random)
    if args.json:
        print(json.dumps(r, indent=1, ensure_ascii=False))
        return 1 if r["differ"] else 0
    if not r["built"]:
        print(f"han check: no table for ICU {r['icu']} (not a proven version, or rules of another shape)")
        return 1
    print(
        f"han check (ICU {r['icu']}): {r['held']:,} of {r['han_letters']:,} Han letters held "
        f"({r['spelt_question_mark']:,} spelt `?`), {r['syllables']} syllables, context rules "
        f"{r['context_rules']}; table built in {r['build_cpu_s']} s CPU, {r['table_bytes']:,} bytes"
    )
    print(
        f"  compared with rigour: every letter alone, {r['pairs']:,} pairs of {r['kinds']:,} kinds, "
        f"{r['around_context']:,} strings around the context rules, {r['random_runs']:,} random runs "
        f"({r['cpu_s']} s CPU): {len(r['differ'])} differ"
    )
    for d in r["differ"][: args.show]:
        print(f"    {d['text']!r}: rigour {d['rigour']!r}, table {d['table']!r}")
    return 1 if r["differ"] else 0


if __name__ == "__main__":
    sys.exit(main())
