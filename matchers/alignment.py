"""`Alignment`: two names as the alignment rules (`leftover_rules.py`, `typo_rules.py`) read and rewrite them,
one object handed from rule to rule rather than the same six arguments to each (decision 0542).
"""

from __future__ import annotations

from typing import final

from matchers.config import MatchConfig
from matchers.pair import Pair
from matchers.sides import Side


@final
class Alignment:
    """The two sides, the chosen pairs and the aligned positions on each side (position -> similarity).

    `scoring._score_alignment` runs the rules in order on one of these: a rule that re-reads a pair sets
    `pairs` and the positions it aligned, so the rules after it see them, and returns only what is its
    own (a flag, the positions it counted as typos). A plain class with typed fields: compiled rules read
    each field directly, with no argument list to build per call."""

    __slots__ = ("config", "lst", "matched_l", "matched_q", "pairs", "q")

    def __init__(
        self,
        q: Side,
        lst: Side,
        pairs: tuple[Pair, ...],
        matched_q: dict[int, float],
        matched_l: dict[int, float],
        config: MatchConfig,
    ) -> None:
        self.q = q
        self.lst = lst
        self.pairs = pairs
        self.matched_q = matched_q
        self.matched_l = matched_l
        self.config = config
