"""Two names aligned as `scoring._score_alignment` hands them to the alignment rules: the `Alignment` state
(the sides, the chosen pairs and the aligned positions, position -> similarity, on each side)."""

from __future__ import annotations

from matchers.alignment import Alignment
from matchers.config import DEFAULT_CONFIG
from matchers.normalise import normalise_name
from matchers.scoring import align
from matchers.sides import Side
from matchers.weights import TokenStats


def aligned(query: str, listed: str, stats: TokenStats) -> Alignment:
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
    return Alignment(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG)
