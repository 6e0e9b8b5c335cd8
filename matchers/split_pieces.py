"""A word split in two with a typo besides, neither piece aligned (`ORGA NIIZATION`, `Ohldi ng`, `Mem oy`),
read as the listed word both pieces make when written together.

The scorer rejoins a split word when the piece holding the word's start is aligned
(`leftover_rules.rejoined_pieces`, 0189) and the index joins two query words when they are a listed word
as written. A split beside a typo often leaves neither: each piece is too far from any listed word to be
aligned, so both count as words the listed name lacks while the listed word is left over too. Two
neighbouring query words both left over, written together, are that listed word when the joined letters
are within the token step's reading of one word (or two slips, `stacked_slips`): what a stray space does,
undone. Decision 0210.
"""

from __future__ import annotations

from collections.abc import Sequence

from matchers.config import MatchConfig
from matchers.similarity import stacked_slips, token_similarity


def rejoined_leftovers(
    q_raw: Sequence[str],
    q_unknown: Sequence[bool],
    left_q: Sequence[int],
    l_raw: Sequence[str],
    left_l: Sequence[int],
    config: MatchConfig,
) -> list[tuple[int, int, float]]:
    """(first query piece, listed word, similarity) for each pair of neighbouring query words left over
    (`left_q`, ascending) whose letters written together read as a listed word left over (`left_l`).

    Bounded: only words next to each other in the query, each used once, at most two letters apart in
    length from the listed word (of five letters or more), the joined word starting as the listed one
    does (or with its first two letters swapped, a slip); at least one piece is a
    word no listed name holds (a stray space makes pieces of words, `niization`, `ohldi`: two real words
    side by side are two words, and the index already reads them written together)."""
    similar = config.similarity
    floor = similar.min_token
    out: list[tuple[int, int, float]] = []
    taken: set[int] = set()
    used: set[int] = set()
    for at in range(len(left_q) - 1):
        i = left_q[at]
        k = left_q[at + 1]
        if k != i + 1 or i in taken or not (q_unknown[i] or q_unknown[k]):
            continue
        a, b = q_raw[i], q_raw[k]
        if not (a.isalpha() and b.isalpha()):
            continue
        joined = a + b
        best = 0.0
        best_j = -1
        for j in left_l:
            if j in used:
                continue
            word = l_raw[j]
            if len(word) < 5 or abs(len(word) - len(joined)) > 2 or not _same_start(joined, word):
                continue
            sim = token_similarity(joined, word, False, similar)
            if sim < floor:
                sim = stacked_slips(joined, word, similar)
            if sim >= floor and sim > best:
                best, best_j = sim, j
        if best_j >= 0:
            out.append((i, best_j, best))
            taken.add(i)
            taken.add(k)
            used.add(best_j)
    return out


def _same_start(joined: str, word: str) -> bool:
    """The joined pieces start as the listed word does, or with its first two letters swapped (`ohlding`)."""
    return joined[0] == word[0] or (joined[0] == word[1] and joined[1] == word[0])
