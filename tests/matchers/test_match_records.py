"""`Match.to_record` (`matchers/records.py`) is `model_dump(mode="json")` exactly, key order included: for
the screener's own matches, and for any explanation, including values only pydantic can serialise."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchers import Screener
from matchers.lists import BUILTIN_LIST
from matchers.models import EntityKind, Match
from matchers.records import FIELDS, MAX_DEPTH, match_record
from tests.support.matches import a_match

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
_ODD = st.one_of(
    st.dates(),
    st.sampled_from([float("inf"), float("-inf")]),
    st.frozensets(st.integers(), max_size=3),
    st.sampled_from(list(EntityKind)),
    st.dictionaries(st.integers(), st.integers(), min_size=1, max_size=2),
)
_PLAIN_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=20,
)
_ANY_VALUES = st.recursive(
    st.one_of(_SCALARS, _ODD),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([BUILTIN_LIST])


def _same(match: Match) -> None:
    assert json.dumps(match.to_record()) == json.dumps(match.model_dump(mode="json"))


@given(st.dictionaries(st.text(max_size=6), _PLAIN_VALUES, max_size=6))
def test_plain_explanations_are_built_directly_and_identical(explanation: dict[str, Any]) -> None:
    match = a_match(explanation)
    assert match_record(match.__dict__) is not None
    _same(match)


def _containers(value: object, into: set[int]) -> set[int]:
    if isinstance(value, (dict, list, tuple)):
        into.add(id(value))
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, into)
    return into


@given(st.dictionaries(st.text(max_size=6), _PLAIN_VALUES, max_size=6))
def test_a_record_shares_no_container_with_its_match(explanation: dict[str, Any]) -> None:
    """The record's dicts and lists are its own (copied whole, then their containers replaced): changing the
    record leaves the match as it was."""
    match = a_match(explanation)
    before = json.dumps(match.model_dump(mode="json"))
    record = match_record(match.__dict__)
    assert record is not None
    assert not _containers(record, set()) & _containers(match.__dict__, set())
    record["explanation"]["added"] = [1]
    for value in record["explanation"].values():
        if isinstance(value, list):
            value.append("added")
        elif isinstance(value, dict):
            value["added"] = 1
    assert json.dumps(match.model_dump(mode="json")) == before


@given(st.dictionaries(st.text(max_size=6), _ANY_VALUES, max_size=6))
def test_any_explanation_gives_pydantics_record(explanation: dict[str, Any]) -> None:
    _same(a_match(explanation))


def test_other_values_are_left_to_pydantic() -> None:
    odd = [
        a_match({"when": datetime.date(2024, 5, 1)}),
        a_match({"codes": {1: "a"}}),
        a_match({}, score=1),
        a_match({"score": float("inf")}),
        a_match({}, citation="84 FR 54004"),
        a_match({"aligned": [{"similarity": float("nan")}]}),
        a_match({"adjustments": [("rule", float("-inf"))]}),
    ]
    for match in odd:
        _same(match)
    # A kind that is not the enum: pydantic's record, with pydantic's warning.
    unchecked = Match.model_construct(**{**a_match({}).__dict__, "kind": "person"})
    assert match_record(unchecked.__dict__) is None
    with pytest.warns(UserWarning, match="enum"):
        _same(unchecked)
    assert match_record(odd[0].__dict__) is None
    assert match_record(odd[1].__dict__) is None
    assert match_record(odd[3].__dict__) is None
    assert match_record(odd[4].__dict__) is not None
    # (A NaN or an infinity at any depth: pydantic writes null, so pydantic answers.)
    assert match_record(odd[5].__dict__) is None
    assert match_record(odd[6].__dict__) is None
    for score in (float("nan"), float("inf"), float("-inf")):
        assert match_record({**a_match({}).__dict__, "score": score}) is None
    assert match_record({**a_match({}).__dict__, "score": 1e308}) is not None


def test_a_deep_or_circular_explanation_is_left_to_pydantic() -> None:
    """The compiled walk has no recursion check of its own: past `MAX_DEPTH` it gives up, so a circular value
    fails as pydantic fails it instead of exhausting the C stack."""
    deep: dict[str, Any] = {"a": 1}
    for _ in range(MAX_DEPTH + 2):
        deep = {"next": deep}
    assert match_record(a_match(deep).__dict__) is None
    _same(a_match(deep))
    circular: dict[str, Any] = {"a": 1}
    circular["self"] = circular
    assert match_record(a_match(circular).__dict__) is None
    with pytest.raises(ValueError, match=r"[Cc]ircular"):
        a_match(circular).to_record()


def test_the_screeners_matches(screener: Screener) -> None:
    names = ["Megvii", "Huawei Technologies Co Ltd", "Hikvision", "Dahua", "Kumul PSB", "Beijing Megvii"]
    matches = [m for name in names for m in screener.screen(name, country="CN", kind="org")]
    assert matches
    for match in matches:
        assert match_record(match.__dict__) is not None
        record = match.to_record()
        assert list(record) == list(FIELDS)
        _same(match)


def test_an_explanation_holding_itself_fails_as_pydantic_fails() -> None:
    explanation: dict[str, Any] = {"score": 0.9}
    explanation["self"] = [explanation]
    match = a_match(explanation)
    assert match_record(match.__dict__) is None
    with pytest.raises(ValueError, match=r"[Cc]ircular"):
        match.model_dump(mode="json")
    with pytest.raises(ValueError, match=r"[Cc]ircular"):
        match.to_record()
