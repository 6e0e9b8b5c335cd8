"""Country and kind as evidence: agreement raises confidence, conflict lowers it.

A conflict never hides a strong match on a distinctive name: the penalty shrinks to nothing as the
name score approaches certainty, because lists record one country while a party trades from many.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from matchers.config import DEFAULT_CONFIG, EvidenceConfig
from matchers.models import EntityKind

_DEFAULT = DEFAULT_CONFIG.evidence


class Adjustment(NamedTuple):
    delta: float
    detail: dict[str, Any]


def _penalty(full: float, name_score: float, config: EvidenceConfig) -> float:
    strong, weak = config.strong_name, config.weak_name
    if name_score >= strong:
        return 0.0
    if name_score <= weak:
        return full
    return full * (strong - name_score) / (strong - weak)


def country_evidence(
    query: str | None, listed: tuple[str, ...], name_score: float, config: EvidenceConfig = _DEFAULT
) -> Adjustment:
    if not query or not listed:
        return Adjustment(0.0, {"query": query, "listed": list(listed), "effect": "none"})
    if query in listed:
        return Adjustment(config.country_bonus, {"query": query, "listed": list(listed), "effect": "agree"})
    delta = -_penalty(config.country_penalty, name_score, config)
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


def kind_evidence(
    query: EntityKind, listed: EntityKind, name_score: float, config: EvidenceConfig = _DEFAULT
) -> Adjustment:
    verdict = _compatible(query, listed)
    if verdict is None:
        return Adjustment(0.0, {"query": query.value, "listed": listed.value, "effect": "none"})
    if verdict:
        return Adjustment(
            config.kind_bonus, {"query": query.value, "listed": listed.value, "effect": "agree"}
        )
    return Adjustment(
        -_penalty(config.kind_penalty, name_score, config),
        {"query": query.value, "listed": listed.value, "effect": "conflict"},
    )
