"""What a hold or a decision does to the compliance state: the records to publish, as pure functions.

The worker's agents and the in-memory console backend both run these, so the rules are written once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from streams.compliance.allowlist import allowances_for_decision
from streams.compliance.decisions import Action, Decision, DecisionError
from streams.compliance.holds_state import HoldsBook, apply_decision, apply_hold, entry_ids_of, outcome_record


class Target(StrEnum):
    """Logical topics; `ComplianceSettings` and `Settings` name the real ones."""

    STATE = "state"
    CLEARED = "cleared"
    BLOCKED = "blocked"
    ALLOWLIST = "allowlist"
    DECISIONS = "decisions"


@dataclass(frozen=True)
class Output:
    target: Target
    key: str
    value: dict[str, Any] | None


def rejection_record(decision: Decision, error: DecisionError) -> dict[str, Any]:
    """Kept on the decisions topic so the audit trail shows refused decisions too."""
    return {"kind": "decision_rejected", "decision_id": decision.decision_id, "event_id": decision.event_id,
            "reviewer": decision.reviewer, "code": error.code.value, "error": str(error),
            "at": datetime.now(UTC).isoformat()}


def process_hold(book: HoldsBook, record: Mapping[str, Any],
                 entry_hash: Callable[[str], str | None] | None = None) -> list[Output]:
    """Fold a hold record into the book; returns the state record to publish (none if unchanged)."""
    hashes: dict[str, str] = {}
    if entry_hash is not None:
        for entry_id in entry_ids_of(record):
            value = entry_hash(entry_id)
            if value is not None:
                hashes[entry_id] = value
    new = apply_hold(book.get(str(record["event_id"])), record, hashes)
    if new is None:
        return []
    book.put(new)
    return [Output(Target.STATE, new.event_id, new.model_dump(mode="json"))]


def process_decision(book: HoldsBook, decision: Decision) -> list[Output]:
    """Apply a decision: new state, the released or blocked record, allowances; or a rejection record."""
    current = book.get(decision.event_id)
    if current is not None and current.decision is not None and \
            current.decision.decision_id == decision.decision_id:
        return []  # the same decision redelivered: already applied
    try:
        new = apply_decision(current, decision)
    except DecisionError as exc:
        return [Output(Target.DECISIONS, decision.event_id, rejection_record(decision, exc))]
    book.put(new)
    target = Target.CLEARED if decision.action is Action.RELEASE else Target.BLOCKED
    # The state goes last: if the worker dies half-way, the redelivered decision is applied again (a
    # repeated outcome record, deduplicable by event id) instead of being taken as already applied.
    outputs = [Output(target, new.business_id or new.event_id, outcome_record(new, decision))]
    outputs += [Output(Target.ALLOWLIST, a.allowance_id, a.model_dump(mode="json"))
                for a in allowances_for_decision(new, decision)]
    outputs.append(Output(Target.STATE, new.event_id, new.model_dump(mode="json")))
    return outputs
