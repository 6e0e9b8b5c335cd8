"""One `Match` built from given values, for the tests of how matches are written out (records, JSON lines)."""

from __future__ import annotations

from typing import Any

from matchers.models import EntityKind, Match


def a_match(explanation: dict[str, Any], **fields: Any) -> Match:
    """A validated match with `explanation` and plain values elsewhere; `fields` override any of them."""
    values: dict[str, Any] = {
        "list": "bis-entity-list",
        "entry_id": "bis-entity-list:1",
        "name": "Zhejiang Dahua Technology Co., Ltd.",
        "matched": "Dahua",
        "score": 0.91,
        "explanation": explanation,
        "kind": EntityKind.ORGANISATION,
        "countries": ("CN", "HK"),
        "citation": None,
        **fields,
    }
    return Match(**values)
