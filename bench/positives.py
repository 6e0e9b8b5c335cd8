"""A second set of perturbed listed names, built by another method than our error model (`bench/errors.py`,
`bench/devset.py`): the typographical errors of the `typo` library (`typo.StrErrer`), seeded, generated at
run time (never committed).

Our dev and test splits share our own error model, so a rule tuned on them can fit what that model asks
for (edits inside words of a given length, OCR pairs we chose, splits at inner positions). The issue's
recall is measured on names perturbed by a different method; the margin that counts is the one on errors
we did not write, so this set is read beside the dev split (`bench/recall_other.py`).

`typo` was chosen over `nlpaug` because its operations are a clerk's (keyboard neighbours, a missed,
doubled, extra or swapped letter, a skipped or stray space, a look-alike character) and it has no
dependencies (nlpaug brings numpy, pandas, requests and gdown). Its edits land anywhere in the string:
first letters, short words, given names, legal forms, digits.

Sources are listed names and aliases in Latin script (`bench.devset.eligible_sources`), sampled over
(list, kind) strata like the dev set, so every list and both persons and organisations are represented.
The `tune` half draws only from dev-split entries and the `held` half only from test-split entries
(`bench.devset.split_of`): the held half is read once per round, at the end. Each sampled name gets one
variant with 1, one with 2 and one with 3 operations, drawn independently.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.devset import Corpus, Source, name_key, stratified_sources

DEFAULT_SEED = 1
DEFAULT_SOURCES = 2000
HALVES = ("tune", "held")
SPLIT_OF_HALF = {"tune": "dev", "held": "test"}
OPS_PER_NAME = (1, 2, 3)
# `typo.StrErrer`'s string operations, with what each needs in the string to change it.
OPERATIONS: dict[str, str] = {
    "char_swap": r"\w{2}",
    "missing_char": r"\w",
    "extra_char": r"\w",
    "nearby_char": r"\w",
    "similar_char": r"\w",
    "skipped_space": r" ",
    "random_space": r"\S",
    "repeated_char": r"\w",
    "unichar": r"(.)\1",
}
# Seeds tried per operation before another operation is drawn: `similar_char` leaves letters without a
# look-alike unchanged, `random_space` before a word only doubles a space.
ATTEMPTS = 8
# Why a generated variant is not counted as a perturbation.
SAME_AS_SOURCE = "same as the source name after normalisation"
SAME_AS_OTHER = "same as another listed name after normalisation"


@dataclass(frozen=True)
class Positive:
    query: str
    source: str  # the listed name or alias that was perturbed
    entry_id: str
    list: str
    kind: str  # the entry's kind: person, organisation, vessel, aircraft, unknown
    ops: tuple[str, ...]  # the library's operations, in the order applied
    expected: tuple[str, ...]  # every entry carrying a name with the source's key (lists overlap)


@dataclass(frozen=True)
class PositiveSet:
    seed: int
    half: str
    positives: tuple[Positive, ...]
    dropped: dict[str, int]  # variants not counted, by reason (SAME_AS_SOURCE, SAME_AS_OTHER)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _library_seed(*parts: object) -> int:
    """A seed for the library from the variant's identity: the same on every run, machine and order."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def apply_operation(text: str, op: str, seed: int) -> str:
    """One `typo.StrErrer` operation under the library's own randomness, seeded. StrErrer seeds the global
    `random` module; its state is put back so the caller's draws do not depend on how often it ran."""
    from typo import StrErrer

    state = random.getstate()
    try:
        erred = StrErrer(text, seed=seed)
        method: Callable[[], StrErrer] = getattr(erred, op)
        return str(method().result)
    finally:
        random.setstate(state)


def perturb(text: str, op: str, key: object) -> str | None:
    """`text` changed by `op` (beyond a doubled space), trying a few library seeds; None when it cannot."""
    if not re.search(OPERATIONS[op], text):
        return None
    for attempt in range(ATTEMPTS):
        out = apply_operation(text, op, _library_seed(key, op, attempt))
        if _collapse(out) != _collapse(text):
            return _collapse(out)
    return None


def variant(name: str, n_ops: int, rng: random.Random, key: object) -> tuple[str, tuple[str, ...]] | None:
    """`name` with `n_ops` operations, each drawn uniformly among those that change the current string."""
    text = name
    ops: list[str] = []
    for step in range(n_ops):
        pool = list(OPERATIONS)
        rng.shuffle(pool)
        for op in pool:
            out = perturb(text, op, (key, step))
            if out is not None:
                text = out
                ops.append(op)
                break
        else:
            return None
    return text, tuple(ops)


def generate(
    corpus: Corpus,
    half: str = "tune",
    seed: int = DEFAULT_SEED,
    n_sources: int = DEFAULT_SOURCES,
    ops_per_name: Sequence[int] = OPS_PER_NAME,
) -> PositiveSet:
    """Deterministic for a seed, a half and the same lists. A variant whose key (`bench.devset.name_key`:
    case, punctuation, word order and legal forms aside) is a listed name's key is dropped and counted."""
    if half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {half!r}")
    rng = random.Random(f"typo-positives:{seed}:{half}")
    sources = stratified_sources(corpus, n_sources, rng, SPLIT_OF_HALF[half])
    out: dict[str, Positive] = {}
    dropped: Counter[str] = Counter()
    for src in sources:
        expected = tuple(sorted(set(corpus.expected(src.name)) | {src.entry.id}))
        for n_ops in ops_per_name:
            made = variant(src.name, n_ops, rng, (seed, half, src.entry.id, src.name, n_ops))
            if made is None:
                continue
            query, ops = made
            reason = not_counted(query, src.name, corpus)
            if reason is not None:
                dropped[reason] += 1
                continue
            out.setdefault(query, _positive(src, query, ops, expected))
    return PositiveSet(seed, half, tuple(out.values()), dict(dropped))


def not_counted(query: str, source: str, corpus: Corpus) -> str | None:
    """Why a variant is no perturbation of a listed name (its key is the source's or another listed
    name's: `Alfa Bank` for `ALFA-BANK`), or None when it is one."""
    key = name_key(query)
    if key == name_key(source):
        return SAME_AS_SOURCE
    if key in corpus.by_key:
        return SAME_AS_OTHER
    return None


def _positive(src: Source, query: str, ops: tuple[str, ...], expected: tuple[str, ...]) -> Positive:
    return Positive(query, src.name, src.entry.id, src.entry.list, src.entry.kind.value, ops, expected)
