"""Pairwise name comparison (`holdline compare`): the screener's scoring without a list behind it.

Without corpus statistics, token weights come from field vocabulary (generic organisation words are
light); person names additionally accept initials and nicknames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matchers.config import DEFAULT_CONFIG, MatchConfig
from matchers.models import EntityKind
from matchers.normalise import normalise_name
from matchers.scoring import Side, score_names
from matchers.weights import GenericStats, TokenStats

_GENERIC = GenericStats()

# The default configuration's pair threshold, for callers that read it (reason in `matchers/config.py`).
COMPARE_THRESHOLD = DEFAULT_CONFIG.thresholds.compare


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
    threshold: float | None = None,
    stats: TokenStats | None = None,
    config: MatchConfig = DEFAULT_CONFIG,
) -> Comparison:
    """`threshold` defaults to the configuration's pair threshold; `stats` to weights without a list."""
    entity_kind = kind if isinstance(kind, EntityKind) else EntityKind.parse(kind)
    if threshold is None:
        threshold = config.thresholds.compare
    if stats is not None:
        weights = stats
    else:
        weights = _GENERIC if config.weights == DEFAULT_CONFIG.weights else GenericStats(config.weights)
    form_a, form_b = normalise_name(a), normalise_name(b)
    if not form_a.core_tokens() or not form_b.core_tokens():
        reason = {"reason": "a name has no comparable tokens", "kind": entity_kind.value}
        return Comparison(0.0, False, reason)
    result = score_names(
        Side.build(form_a, weights, config),
        Side.build(form_b, weights, config),
        entity_kind == EntityKind.PERSON,
        config,
    )
    score = round(result.score, 4)
    explanation = {"kind": entity_kind.value, **result.explain()}
    return Comparison(score, score >= threshold, explanation)
