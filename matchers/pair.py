"""`Pair`: query tokens aligned with listed tokens at a similarity, the unit every alignment step makes and
the alignment rules (`leftover_rules.py`, `typo_rules.py`) rewrite; `scoring` re-exports it (decision 0209).
"""

from __future__ import annotations

from typing import final


@final
class Pair:
    """Query tokens aligned with listed tokens. Thousands are made per second: a plain class rather than a
    named tuple, so compiled code builds one without a Python-level `__new__` and reads its fields
    directly."""

    __slots__ = ("listed", "query", "rule", "similarity")

    def __init__(
        self, query: tuple[int, ...], listed: tuple[int, ...], similarity: float, rule: str = ""
    ) -> None:
        self.query = query
        self.listed = listed
        self.similarity = similarity
        # The rule that aligned them when it is not spelling (`transcription`), for explanations.
        self.rule = rule

    def __repr__(self) -> str:
        return (
            f"Pair(query={self.query!r}, listed={self.listed!r}, similarity={self.similarity!r}, "
            f"rule={self.rule!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pair):
            return NotImplemented
        return (self.query, self.listed, self.similarity, self.rule) == (
            other.query,
            other.listed,
            other.similarity,
            other.rule,
        )

    def __hash__(self) -> int:
        return hash((self.query, self.listed, self.similarity, self.rule))
