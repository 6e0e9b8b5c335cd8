"""The keyboard table both typo rules read (spelling similarity and damaged legal forms)."""

from __future__ import annotations

import pytest

from matchers.keyboard import NEIGHBOURS

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("key", "beside", "far"),
    [
        ("s", "adwezx", "qplm"),  # the row, the row above and the row below, offset by half a key
        ("q", "wa", "esz"),  # a corner key has few neighbours
        ("m", "njk", "lbv"),
        ("g", "fhtybv", "dzn"),
    ],
)
def test_neighbours_are_the_keys_beside_a_key(key: str, beside: str, far: str) -> None:
    assert set(beside) <= set(NEIGHBOURS[key])
    assert not set(far) & set(NEIGHBOURS[key])
    assert key not in NEIGHBOURS[key]


def test_every_letter_has_neighbours_and_beside_is_symmetric() -> None:
    assert sorted(NEIGHBOURS) == [chr(c) for c in range(ord("a"), ord("z") + 1)]
    for key, near in NEIGHBOURS.items():
        assert near
        for other in near:
            assert key in NEIGHBOURS[other]
