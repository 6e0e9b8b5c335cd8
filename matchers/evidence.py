"""Country and kind as evidence: agreement raises confidence, conflict lowers it.

A conflict never hides a strong match on a distinctive name: the penalty shrinks to nothing as the
name score approaches certainty, because lists record one country while a party trades from many.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from matchers.models import EntityKind

COUNTRY_BONUS = 0.03
COUNTRY_PENALTY = 0.08
KIND_BONUS = 0.02
KIND_PENALTY = 0.10
# Name scores at or above this are not lowered by conflicting evidence.
STRONG_NAME = 0.97
# Below this the penalty applies in full.
WEAK_NAME = 0.80


class Adjustment(NamedTuple):
    delta: float
    detail: dict[str, Any]


def _penalty(full: float, name_score: float) -> float:
    if name_score >= STRONG_NAME:
        return 0.0
    if name_score <= WEAK_NAME:
        return full
    return full * (STRONG_NAME - name_score) / (STRONG_NAME - WEAK_NAME)


def country_evidence(query: str | None, listed: tuple[str, ...], name_score: float) -> Adjustment:
    if not query or not listed:
        return Adjustment(0.0, {"query": query, "listed": list(listed), "effect": "none"})
    if query in listed:
        return Adjustment(COUNTRY_BONUS, {"query": query, "listed": list(listed), "effect": "agree"})
    delta = -_penalty(COUNTRY_PENALTY, name_score)
    return Adjustment(delta, {"query": query, "listed": list(listed), "effect": "conflict"})


_NON_PERSON = frozenset({EntityKind.ORGANISATION, EntityKind.VESSEL, EntityKind.AIRCRAFT})


def _compatible(a: EntityKind, b: EntityKind) -> bool | None:
    if a == EntityKind.UNKNOWN or b == EntityKind.UNKNOWN:
        return None
    if a == b:
        return True
    # Lists disagree on whether a vessel or aircraft is an organisation's asset or a party of its own.
    if a in _NON_PERSON and b in _NON_PERSON and EntityKind.ORGANISATION in (a, b):
        return None
    return False


def kind_evidence(query: EntityKind, listed: EntityKind, name_score: float) -> Adjustment:
    verdict = _compatible(query, listed)
    if verdict is None:
        return Adjustment(0.0, {"query": query.value, "listed": listed.value, "effect": "none"})
    if verdict:
        return Adjustment(KIND_BONUS, {"query": query.value, "listed": listed.value, "effect": "agree"})
    return Adjustment(
        -_penalty(KIND_PENALTY, name_score),
        {"query": query.value, "listed": listed.value, "effect": "conflict"},
    )
