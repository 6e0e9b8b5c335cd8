"""`Pair` (`matchers/pair.py`, decision 0209): compared and hashed by value, the rule included, as the
alignment's tests and explanations compare them."""

from __future__ import annotations

import pytest

from matchers.pair import Pair
from matchers.scoring import Pair as ScoringPair

pytestmark = pytest.mark.unit


def test_pairs_are_equal_by_value_and_hash_alike() -> None:
    a, b = Pair((0, 1), (0,), 0.9), Pair((0, 1), (0,), 0.9)
    assert a == b and hash(a) == hash(b) and a is not b
    assert Pair((0,), (0,), 0.9) != Pair((0,), (0,), 0.9, "transcription")
    assert Pair((0,), (0,), 0.9) != Pair((0,), (1,), 0.9)


def test_scoring_still_exports_the_same_class() -> None:
    assert ScoringPair is Pair
