"""Two names aligned as `scoring._score_alignment` hands them to the alignment rules: the sides, the chosen
pairs and the aligned positions (position -> similarity) on each side."""

from __future__ import annotations

from matchers.normalise import normalise_name
from matchers.pair import Pair
from matchers.scoring import align
from matchers.sides import Side
from matchers.weights import TokenStats

Aligned = tuple[Side, Side, tuple[Pair, ...], dict[int, float], dict[int, float]]


def aligned(query: str, listed: str, stats: TokenStats) -> Aligned:
    q = Side.build(normalise_name(query), stats)
    lst = Side.build(normalise_name(listed), stats)
    pairs = align(q, lst)
    matched_q: dict[int, float] = {}
    matched_l: dict[int, float] = {}
    for p in pairs:
        for i in p.query:
            matched_q[i] = p.similarity
        for j in p.listed:
            matched_l[j] = p.similarity
    return q, lst, pairs, matched_q, matched_l
