"""A `Match` as its JSON record (`Match.to_record`), built from plain values without pydantic's serializer.

`model_dump(mode="json")` infers the type of every value of a match's explanation (a few dozen strings,
numbers, lists and dicts) in pydantic's serializer: ~10 µs a match, a visible share of `holdline screen
--jsonl`'s work per line. The screener builds every match from plain values, whose JSON form is themselves
(tuples become lists, an enum its value, dicts and lists are copied). This walks them so, compiled; any other
value (a date, a set, a non-string key) makes it give up and the caller asks pydantic, so the record is
the same either way. Decision 0164.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import Any, Final

# A `Match`'s fields in their declared order, which is the record's key order.
FIELDS: Final = (
    "list",
    "entry_id",
    "name",
    "matched",
    "score",
    "explanation",
    "kind",
    "countries",
    "citation",
)


class NotPlain(Exception):
    """A value whose JSON form pydantic must work out."""


def plain_json(value: object) -> object:
    """The JSON-mode form of a value made of str, int, finite float, bool, None, and dicts (string keys),
    lists and tuples of them: a fresh copy, tuples as lists. Raises `NotPlain` on anything else."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        assert isinstance(value, float)
        if not math.isfinite(value):
            raise NotPlain(value)  # (pydantic writes an infinity or a NaN as null)
        return value
    if kind is dict:
        assert isinstance(value, dict)
        out: dict[str, object] = {}
        for key, item in value.items():
            if type(key) is not str:
                raise NotPlain(key)
            out[key] = plain_json(item)
        return out
    if kind is list or kind is tuple:
        assert isinstance(value, (list, tuple))
        return [plain_json(item) for item in value]
    raise NotPlain(kind)


def match_record(fields: dict[str, Any]) -> dict[str, Any] | None:
    """`Match.model_dump(mode="json")` from the match's field values (its `__dict__`), or None when one is not
    a plain value of its field's type."""
    if fields.keys() != _FIELD_SET:
        return None
    kind = fields["kind"]
    countries = fields["countries"]
    citation = fields["citation"]
    if (
        not isinstance(kind, Enum)
        or type(kind.value) is not str
        or type(fields["score"]) is not float
        or not math.isfinite(fields["score"])
        or type(countries) is not tuple
        or not (citation is None or type(citation) is str)
    ):
        return None
    for text in (fields["list"], fields["entry_id"], fields["name"], fields["matched"], *countries):
        if type(text) is not str:
            return None
    try:
        explanation = plain_json(fields["explanation"])
    except NotPlain:
        return None
    if type(explanation) is not dict:
        return None
    return {
        "list": fields["list"],
        "entry_id": fields["entry_id"],
        "name": fields["name"],
        "matched": fields["matched"],
        "score": fields["score"],
        "explanation": explanation,
        "kind": kind.value,
        "countries": list(countries),
        "citation": citation,
    }


_FIELD_SET: Final = frozenset(FIELDS)
