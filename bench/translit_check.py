"""Word-by-word transliteration (`matchers/translit.py`) against rigour's whole-string `ascii_text`, on every
text the engine transliterates for the shared data: every name, alias and address of every list in
`../shared/lists` (and the place tables the index reads), the dev and test splits of `bench/accuracy.py`, the
speed set of `bench/speed.py` and the pair set of `bench/pairs_f1.py`, each name whole and word by word as
normalisation folds it.

The texts are the exact arguments normalisation passes to `to_ascii`, recorded while the engine runs from its
Python sources (a compiled caller would not see the recorder); the engine itself is given the whole-string
answer while recording. Exit status 1 if any text differs (decision 0141). Since decision 0180 the comparison
is in lower case (all normalisation keeps), and every piece of Russian letters is also spelt by the letter
table of `matchers/russian_letters.py` and compared with rigour, and since decision 0534 every piece of Han
letters is spelt by the syllable table (built here from ICU, as a snapshot carries it; the whole block is
`bench.han_check`'s); `--exhaustive` adds every string of up to
four lower-case and three mixed-case Russian letters (~1.3 M strings, a few minutes).

    .venv/bin/python -m bench.translit_check [--json] [--show N] [--exhaustive]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def record(out: Path) -> None:
    """In a process running the engine from its sources: every text normalisation transliterates."""
    from rigour.text.translit import ascii_text

    import matchers.normalise as normalise
    from bench.devset import DEFAULT_SEED, build_devset, load_lists
    from bench.pairs import build_pairs
    from bench.speed import query_set
    from matchers import Screener, build_check

    if build_check.STATE.compiled:
        raise SystemExit("the recorder needs the engine's Python sources (HOLDLINE_PURE=1)")
    seen: dict[str, str] = {}
    sources: Counter[str] = Counter()
    where = ["lists"]

    def recorder(text: str) -> str:
        if text not in seen:
            seen[text] = where[0]
            sources[where[0]] += 1
        return str(ascii_text(text))

    normalise.to_ascii = recorder  # type: ignore[attr-defined]
    lists = load_lists()
    Screener(lists)
    for split in ("dev", "test"):
        where[0] = split
        dev = build_devset(lists, seed=DEFAULT_SEED, split=split)
        for v in dev.variants:
            normalise.normalise_name(v.query)
        for name in dev.negatives:
            normalise.normalise_name(name)
    where[0] = "speed"
    for q, _, _ in query_set(lists, 10_000, DEFAULT_SEED):
        normalise.normalise_name(q)
    where[0] = "pairs"
    for p in build_pairs(lists):
        normalise.normalise_name(p.a)
        normalise.normalise_name(p.b)
    out.write_text(json.dumps({"texts": seen, "sources": sources}, ensure_ascii=False))


def compare(texts: dict[str, str]) -> dict[str, Any]:
    from rigour.text.scripts import text_scripts
    from rigour.text.translit import ascii_text

    from matchers import han_letters, han_table, translit
    from matchers.russian_letters import russian_ascii

    # The Han syllable table as a snapshot primes it (decision 0534), so Han pieces are spelt by it too.
    table = han_table.build()
    if table is not None:
        han_letters.prime(table[1], table[2], table[3], table[4])
    han = 0
    han_differ: list[dict[str, str]] = []

    by_script: Counter[str] = Counter()
    piecewise: Counter[str] = Counter()
    differ: list[dict[str, str]] = []
    naive: list[dict[str, str]] = []
    cut: Counter[str] = Counter()
    # Pieces the Russian letter table spells (decision 0180), against rigour's rules.
    russian = 0
    russian_differ: list[dict[str, str]] = []
    for text, source in texts.items():
        for part in translit.BREAKS.split(text)[::2]:
            spelt = None if part.isascii() else russian_ascii(part)
            if spelt is None:
                continue
            russian += 1
            if spelt != ascii_text(part).lower():
                russian_differ.append({"text": part, "source": source, "rigour": ascii_text(part)})
        for part in text.split(" "):
            spelt = han_letters.han_ascii(part)
            if spelt is None:
                continue
            han += 1
            if spelt != ascii_text(part).lower():
                han_differ.append({"text": part, "source": source, "rigour": ascii_text(part)})
        script = "+".join(sorted(text_scripts(text))) or "none"
        by_script[script] += 1
        # (Lower case: what normalisation keeps, and all `to_ascii` gives since decision 0180.)
        whole = ascii_text(text).lower()
        parts = translit.BREAKS.split(text)
        pieces = "".join(p if k % 2 else ascii_text(p) for k, p in enumerate(parts)).lower()
        if pieces == whole and len(parts) > 1:
            piecewise[script] += 1
        elif pieces != whole:
            naive.append({"text": text, "source": source, "whole": whole, "pieces": pieces})
        if len(parts) > 1 and translit.by_pieces(text) is not None:
            cut[script] += 1
        got = translit.to_ascii(text)
        if got != whole:
            differ.append({"text": text, "source": source, "whole": whole, "to_ascii": got})
    return {
        "texts": len(texts),
        "russian_letters_pieces": russian,
        "russian_letters_differ": russian_differ,
        "han_table": table is not None,
        "han_letters_pieces": han,
        "han_letters_differ": han_differ,
        "with_breaks": sum(len(translit.BREAKS.split(t)) > 1 for t in texts),
        "by_script": dict(by_script.most_common()),
        "pieces_equal_whole_by_script": dict(piecewise.most_common()),
        "cut_by_to_ascii_by_script": dict(cut.most_common()),
        "naive_cut_differs": naive,
        "differ": differ,
    }


def exhaustive(
    lower_length: int = 4, mixed_length: int = 3, quoted_length: int = 3, longer: int = 100_000
) -> dict[str, Any]:
    """The Russian letter table (decision 0180) against rigour on every string of Russian letters up to
    `lower_length` letters in lower case and `mixed_length` in either case (every context ICU's rules could
    look at within that reach), every one of up to `quoted_length` lower-case letters (`mixed_length` - 1 in
    either case) with guillemets at either end, and `longer` random strings of 5 to 16 letters in either
    case."""
    import random
    from itertools import product

    from rigour.text.translit import ascii_text

    from matchers.latin_letters import latin_ascii
    from matchers.russian_letters import LOWER, russian_ascii

    checked = 0
    differ: list[dict[str, str]] = []
    words: list[str] = []
    for alphabet, longest in ((LOWER, lower_length), (LOWER + LOWER.upper(), mixed_length)):
        for length in range(1, longest + 1):
            words.extend("".join(letters) for letters in product(alphabet, repeat=length))
    # (In guillemets, or with one at either end: `«Ромашка»`, `«По`, `Севмаш»`.)
    quoted = ("", "«", "»", "««")
    for length in range(0, quoted_length + 1):
        for letters in product(LOWER + LOWER.upper() if length <= mixed_length - 1 else LOWER, repeat=length):
            core = "".join(letters)
            words.extend(
                head + core + tail for head in quoted for tail in ("", "»", "«", "»»") if head or tail
            )
    rng = random.Random(20260701)
    letters = LOWER + LOWER.upper()
    # The Latin letter path (decision 0181): every character of the blocks it reads, alone, doubled and
    # between letters; ASCII after an accent (Latin-ASCII must leave it as it is); random accented words.
    latin = [chr(c) for c in (*range(0xC0, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00))]
    printable = [chr(c) for c in range(0x20, 0x7F)]
    latin_words = [w for c in latin for w in (c, c + c, f"a{c}b", f"A{c}B", f"{c}x", f"X{c}", f"é{c}")]
    latin_words += [f"é{a}{b}" for a in printable for b in printable]
    latin_words += [
        "".join(rng.choices(latin + printable[33:59] + printable[65:91], k=rng.randint(2, 12)))
        for _ in range(longer // 4)
    ]
    words.extend("".join(rng.choices(letters, k=rng.randint(5, 16))) for _ in range(longer))
    for word in words:
        checked += 1
        if russian_ascii(word) != ascii_text(word).lower():
            differ.append({"text": word, "rigour": ascii_text(word), "table": str(russian_ascii(word))})
    latin_read = 0
    for word in latin_words:
        checked += 1
        spelt = latin_ascii(word)
        if spelt is None:
            continue
        latin_read += 1
        if spelt != ascii_text(word).lower():
            differ.append({"text": word, "rigour": ascii_text(word), "table": spelt})
    return {
        "strings": checked,
        "lower_length": lower_length,
        "mixed_length": mixed_length,
        "quoted_length": quoted_length,
        "longer": longer,
        "latin_read": latin_read,
        "differ": differ,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Word-by-word transliteration against whole strings.")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, default=10)
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--exhaustive",
        action="store_true",
        help="also every string of up to 4 lower-case (3 mixed-case) Russian letters (~2 min)",
    )
    args = parser.parse_args(argv)
    if args.record:
        record(args.record)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        recorded = Path(tmp) / "texts.json"
        env = {**os.environ, "HOLDLINE_PURE": "1"}
        cmd = [sys.executable, "-m", "bench.translit_check", "--record", str(recorded)]
        subprocess.run(cmd, env=env, check=True)
        data = json.loads(recorded.read_text())
    r = compare(data["texts"])
    r["sources"] = data["sources"]
    if args.exhaustive:
        r["exhaustive"] = exhaustive()
    failed = bool(
        r["differ"]
        or r["russian_letters_differ"]
        or r["han_letters_differ"]
        or r.get("exhaustive", {}).get("differ")
    )
    if args.json:
        print(json.dumps(r, indent=1, ensure_ascii=False))
        return 1 if failed else 0
    print(
        f"translit check: {r['texts']:,} distinct texts transliterated "
        f"({r['with_breaks']:,} with spaces or punctuation)"
    )
    print("  first recorded in: " + ", ".join(f"{k} {v:,}" for k, v in r["sources"].items()))
    print("  by script: " + ", ".join(f"{k} {v:,}" for k, v in r["by_script"].items()))
    print(
        "  cut at spaces and punctuation gives the whole string's letters: "
        + ", ".join(f"{k} {v:,}" for k, v in r["pieces_equal_whole_by_script"].items())
    )
    print("  cut by to_ascii: " + ", ".join(f"{k} {v:,}" for k, v in r["cut_by_to_ascii_by_script"].items()))
    print(f"  cut at every break regardless, the letters would differ on {len(r['naive_cut_differs'])} texts")
    for d in r["naive_cut_differs"][: args.show]:
        print(f"    {d['source']}: {d['text']!r}: whole {d['whole']!r}, pieces {d['pieces']!r}")
    print(f"  to_ascii differs from the whole string on {len(r['differ'])} texts")
    for d in r["differ"][: args.show]:
        print(f"    {d['source']}: {d['text']!r}: whole {d['whole']!r}, to_ascii {d['to_ascii']!r}")
    print(
        f"  Russian letter table: {r['russian_letters_pieces']:,} pieces spelt, "
        f"{len(r['russian_letters_differ'])} differ from rigour"
    )
    for d in r["russian_letters_differ"][: args.show]:
        print(f"    {d['source']}: {d['text']!r}: rigour {d['rigour']!r}")
    print(
        f"  Han syllable table ({'built' if r['han_table'] else 'not built: this ICU is not a proven one'}): "
        f"{r['han_letters_pieces']:,} pieces spelt, {len(r['han_letters_differ'])} differ from rigour"
    )
    for d in r["han_letters_differ"][: args.show]:
        print(f"    {d['source']}: {d['text']!r}: rigour {d['rigour']!r}")
    if "exhaustive" in r:
        e = r["exhaustive"]
        print(
            f"  Russian letter table on every string of up to {e['lower_length']} lower-case and "
            f"{e['mixed_length']} mixed-case letters, {e['quoted_length']} in guillemets, and "
            f"{e['longer']:,} random ones of 5-16: "
            f"{e['strings']:,} strings, {len(e['differ'])} differ"
        )
        for d in e["differ"][: args.show]:
            print(f"    {d['text']!r}: rigour {d['rigour']!r}, table {d['table']!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
