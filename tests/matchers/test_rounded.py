"""`scoring.rounded` is `round(x, digits)` bit for bit: away from ties by the product, at ties by `round`."""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchers.scoring import rounded


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


@pytest.mark.parametrize(
    "x", [0.0, -0.0, 2.675, 0.125, 0.375, -0.125, 1e-9, -1e-9, 0.99995, 12345.6789, 1e300]
)
@pytest.mark.parametrize("digits", [0, 1, 2, 3, 4])
def test_known_numbers(x: float, digits: int) -> None:
    assert bits(rounded(x, digits)) == bits(round(x, digits))


def test_non_finite_numbers() -> None:
    assert rounded(math.inf, 3) == math.inf and rounded(-math.inf, 2) == -math.inf
    assert math.isnan(rounded(math.nan, 4))


@settings(max_examples=3000, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-2e4, max_value=2e4), st.integers(0, 4))
def test_any_number(x: float, digits: int) -> None:
    assert bits(rounded(x, digits)) == bits(round(x, digits)), (x, digits)


@settings(max_examples=3000, deadline=None)
@given(st.integers(-100_000, 100_000), st.integers(0, 4), st.integers(-3, 3))
def test_numbers_beside_a_tie(k: int, digits: int, ulps: int) -> None:
    """Halfway between two decimals, and a few ulps either side: where the product could mislead."""
    x = (k + 0.5) / 10**digits
    for _ in range(abs(ulps)):
        x = math.nextafter(x, math.inf if ulps > 0 else -math.inf)
    assert bits(rounded(x, digits)) == bits(round(x, digits)), (x, digits)
