"""Pairwise name comparison (`holdline compare`): the screener's scoring without a list behind it.

Without corpus statistics, token weights come from field vocabulary (generic organisation words are
light); person names additionally accept initials and nicknames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matchers.models import EntityKind
from matchers.normalise import normalise_name
from matchers.scoring import Side, score_names
from matchers.weights import GenericStats, TokenStats

_GENERIC = GenericStats()

# `compare` decides a pair on its own, without a list's frequencies and without a reviewer behind it;
# chosen on the labelled pair set (bench/pairs_f1.py): F1 is flat from 0.58 to 0.65, precision 0.99.
COMPARE_THRESHOLD = 0.62


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float
    match: bool
    explanation: dict[str, Any]

    def to_record(self) -> dict[str, Any]:
        return {"score": self.score, "match": self.match, "explanation": self.explanation}


def compare(
    a: str,
    b: str,
    kind: str | EntityKind | None = None,
    threshold: float = COMPARE_THRESHOLD,
    stats: TokenStats | None = None,
) -> Comparison:
    entity_kind = kind if isinstance(kind, EntityKind) else EntityKind.parse(kind)
    weights = stats or _GENERIC
    form_a, form_b = normalise_name(a), normalise_name(b)
    if not form_a.core_tokens() or not form_b.core_tokens():
        reason = {"reason": "a name has no comparable tokens", "kind": entity_kind.value}
        return Comparison(0.0, False, reason)
    result = score_names(
        Side.build(form_a, weights), Side.build(form_b, weights), entity_kind == EntityKind.PERSON
    )
    score = round(result.score, 4)
    explanation = {"kind": entity_kind.value, **result.explain()}
    return Comparison(score, score >= threshold, explanation)
