"""A `Match` as its JSON record (`Match.to_record`), built from plain values without pydantic's serializer.

`model_dump(mode="json")` infers the type of every value of a match's explanation (a few dozen strings,
numbers, lists and dicts) in pydantic's serializer: ~10 µs a match, a visible share of `holdline screen
--jsonl`'s work per line. The screener builds every match from plain values, whose JSON form is themselves
(tuples become lists, an enum its value, dicts and lists are copied). This walks them so, compiled; any other
value (a date, a set, a non-string key) makes it give up and the caller asks pydantic, so the record is
the same either way. Decision 0164.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Final, cast

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


# Deeper than any explanation the engine writes: beyond it the walk gives up and pydantic answers (a circular
# value then fails as pydantic fails it, instead of exhausting the C stack of the compiled walk).
MAX_DEPTH: Final = 32

# (The class in a final name: compiled, read from a C static rather than looked up per match.)
_ENUM: Final = Enum

# What `plain_json` gives for a value whose JSON form pydantic must work out (a sentinel, not an exception:
# raising and catching costs more than the walk).
NOT_PLAIN: Final = object()


def plain_json(value: object, depth: int = 0) -> object:
    """The JSON-mode form of a value made of str, int, finite float, bool, None, and dicts (string keys),
    lists and tuples of them: a fresh copy, tuples as lists; `NOT_PLAIN` when anything else is in it."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        # (pydantic writes an infinity or a NaN as null. `_finite` unboxes it once: `math.isfinite` is a
        # generic call of a module attribute, with the float boxed again for it.)
        return value if _finite(cast(float, value)) else NOT_PLAIN
    if depth >= MAX_DEPTH:
        return NOT_PLAIN
    if kind is dict:
        return _plain_dict(cast(dict[object, object], value), depth + 1)
    if kind is list:
        return _plain_items(list(cast(list[object], value)), depth + 1)
    if kind is tuple:
        return _plain_items(list(cast(tuple[object, ...], value)), depth + 1)
    return NOT_PLAIN


def _finite(x: float) -> bool:
    """`math.isfinite(x)`: a finite number less itself is zero; an infinity's or a NaN's is a NaN."""
    return x - x == 0.0


def _plain_items(out: list[object], depth: int) -> object:
    """`out`, a fresh list, with each item that is a container replaced by its copy (`NOT_PLAIN` when an item
    is not plain). The list is copied whole first, in C, and only its containers are walked: most items of
    an explanation are strings and numbers, their own JSON form."""
    for k in range(len(out)):
        item = out[k]
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if kind is float:
            # (A number, the commonest value after a string: checked here, not in a call of `plain_json`.)
            if _finite(cast(float, item)):
                continue
            return NOT_PLAIN
        plain = plain_json(item, depth)
        if plain is NOT_PLAIN:
            return NOT_PLAIN
        if plain is not item:
            out[k] = plain
    return out


def _plain_dict(value: dict[object, object], depth: int) -> object:
    """A copy of `value` (its keys in their order) with each container value replaced by its copy, as
    `_plain_items` does for a list: the dict is copied whole in C, with no insertion per key."""
    out = value.copy()
    for key, item in value.items():
        if type(key) is not str:
            return NOT_PLAIN
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if kind is float:
            if _finite(cast(float, item)):
                continue
            return NOT_PLAIN
        plain = plain_json(item, depth)
        if plain is NOT_PLAIN:
            return NOT_PLAIN
        if plain is not item:
            out[key] = plain
    return out


def match_record(fields: dict[str, Any]) -> dict[str, Any] | None:
    """`Match.model_dump(mode="json")` from the match's field values (its `__dict__`), or None when one is not
    a plain value of its field's type."""
    if len(fields) != len(FIELDS):
        return None
    try:
        listed, entry_id = fields["list"], fields["entry_id"]
        name, matched = fields["name"], fields["matched"]
        score, explanation = fields["score"], fields["explanation"]
        kind, countries, citation = fields["kind"], fields["countries"], fields["citation"]
    except KeyError:
        return None
    # (An enum member's value is its `_value_`, which `.value`, a Python-level property, returns; read once.)
    if not isinstance(kind, _ENUM):
        return None
    kind_value = kind._value_
    if (
        type(kind_value) is not str
        or type(score) is not float
        or not _finite(score)
        or type(countries) is not tuple
        or not (citation is None or type(citation) is str)
        or type(explanation) is not dict
    ):
        return None
    if (
        type(name) is not str
        or type(entry_id) is not str
        or type(listed) is not str
        or type(matched) is not str
    ):
        return None
    for country in countries:
        if type(country) is not str:
            return None
    plain = _plain_dict(explanation, 1)
    if plain is NOT_PLAIN:
        return None
    return {
        "list": listed,
        "entry_id": entry_id,
        "name": name,
        "matched": matched,
        "score": score,
        "explanation": plain,
        "kind": kind_value,
        "countries": list(countries),
        "citation": citation,
    }
