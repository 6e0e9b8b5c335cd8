"""`holdline screen --jsonl` writes a line's matches from their fields: the bytes their records give."""

from __future__ import annotations

import datetime
import json
import math
from enum import Enum, StrEnum
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchers.lists import BUILTIN_LIST
from matchers.models import EntityKind, Match
from matchers.screener import Screener
from streams.cli.screen import encode_tail
from tests.support.matches import a_match


def _by_records(hit: bool, matches: list[Match]) -> str:
    return json.dumps({"hit": hit, "matches": [m.to_record() for m in matches]}, ensure_ascii=False)


class Colour(Enum):
    RED = "red"


class Effect(StrEnum):
    CONFLICT = "conflict"


class Pair(NamedTuple):
    left: str
    right: float


def test_real_answers_are_written_as_their_records() -> None:
    screener = Screener.from_paths([str(BUILTIN_LIST)])
    listed = [e.name for e in list(screener.entries.values())[:8]]
    names = [*listed, *(n.upper() + " Co" for n in listed), "Иванов Иван", "北京 华为", "Acme Widgets"]
    answered = [screener.screen(n, country="CN", kind="org") for n in names]
    assert sum(map(len, answered)) >= 16
    for matches in answered:
        for hit in (True, False):
            assert encode_tail(hit, matches) == _by_records(hit, matches)


@pytest.mark.parametrize(
    "explanation",
    [
        {"effect": Effect.CONFLICT, "listed": ("GB", "CN"), "nested": [{"x": (1, 2.5, None, True)}]},
        {"kind": EntityKind.PERSON, "é": "北京", "control": "\x00\x1f\u2028"},
        {"not_finite": math.nan},
        {"infinite": -math.inf},
        {"date": datetime.date(2019, 10, 9)},
        {"set": {"b"}},
        {"plain_enum": Colour.RED},
        {"tuple_of_enums": (Colour.RED, EntityKind.VESSEL)},
        {"big": 10**30, "tiny": 1e-7, "whole": 3.0},
        {"pair": Pair("a", 0.5), "pairs": [Pair("b", 1.0)]},
    ],
)
def test_any_explanation_is_written_as_its_record(explanation: dict[str, Any]) -> None:
    matches = [a_match(explanation), a_match({"score": 1.0}, citation="84 FR 54004", countries=())]
    assert encode_tail(True, matches) == _by_records(True, matches)


def test_fields_out_of_the_models_order_are_written_as_the_record() -> None:
    match = a_match({"a": 1})
    reordered = dict(reversed(list(match.__dict__.items())))
    object.__setattr__(match, "__dict__", reordered)
    assert encode_tail(False, [match]) == _by_records(False, [match])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=4))
def test_generated_explanations_are_written_as_their_records(explanation: dict[str, Any]) -> None:
    matches = [a_match(explanation)]
    assert encode_tail(True, matches) == _by_records(True, matches)


@given(json_values | st.dictionaries(st.text(max_size=8), json_values, max_size=4))
def test_the_direct_c_encoder_writes_what_the_plain_encoder_writes(value: Any) -> None:
    # Decision 0559: the standard library's C encoder built once, called without `JSONEncoder.encode`.
    from streams.cli import screen

    try:
        expected: Any = screen._encode_plain(value)
    except (TypeError, ValueError) as exc:
        expected = type(exc)
    try:
        got: Any = screen._encode_plain_direct(value)
    except (TypeError, ValueError) as exc:
        got = type(exc)
    assert got == expected


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ({"x": math.nan}, ValueError),
        ({"x": [math.inf]}, ValueError),
        ({"x": {1, 2}}, TypeError),
        ({"x": datetime.date(2019, 10, 9)}, TypeError),
        ({"x": Colour.RED}, TypeError),
    ],
)
def test_the_direct_c_encoder_refuses_what_is_not_plain_json(value: Any, refused: type[Exception]) -> None:
    from streams.cli import screen

    assert screen._encode_plain_direct is not screen._encode_plain  # the C encoder is there to test
    with pytest.raises(refused):
        screen._encode_plain_direct(value)
    with pytest.raises(refused):
        screen._encode_plain(value)


def test_a_circular_explanation_is_written_as_pydantic_fails_it_or_refused() -> None:
    # No circularity check either way: a cycle ends in `RecursionError`, which `encode_tail` falls back on.
    from streams.cli import screen

    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(RecursionError):
        screen._encode_plain_direct({"x": loop})
