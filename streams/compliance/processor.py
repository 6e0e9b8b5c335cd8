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
from streams.compliance.decisions import Action, Decision, DecisionError, DecisionErrorCode
from streams.compliance.holds_state import (
    HoldsBook,
    HoldState,
    apply_decision,
    apply_hold,
    outcome_record,
)
from streams.compliance.signing import record_hash
from streams.records import ReceivedHold


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
    """Kept on the refusals topic so the audit trail shows refused decisions too."""
    return {
        "kind": "decision_rejected",
        "decision_id": decision.decision_id,
        "event_id": decision.event_id,
        "reviewer": decision.reviewer,
        "code": error.code.value,
        "error": str(error),
        "at": datetime.now(UTC).isoformat(),
    }


def fold_hold(
    book: HoldsBook, record: ReceivedHold, entry_hash: Callable[[str], str | None] | None = None
) -> HoldState | None:
    """Fold a hold record into the book; returns the new state to publish (None if unchanged)."""
    hashes: dict[str, str] = {}
    if entry_hash is not None:
        for entry_id in record.entry_ids():
            value = entry_hash(entry_id)
            if value is not None:
                hashes[entry_id] = value
    new = apply_hold(book.get(record.event_id), record, hashes)
    if new is not None:
        book.put(new)
    return new


def process_hold(
    book: HoldsBook, record: ReceivedHold, entry_hash: Callable[[str], str | None] | None = None
) -> list[Output]:
    """`fold_hold`, as the state record to publish (none if unchanged)."""
    new = fold_hold(book, record, entry_hash)
    return [] if new is None else [Output(Target.STATE, new.event_id, new.model_dump(mode="json"))]


def needs_second_reviewer(decision: Decision, four_eyes: frozenset[str]) -> bool:
    """Four-eyes: `release` covers every release, `allowlist` the releases that allow-list."""
    if decision.action is not Action.RELEASE:
        return False
    return "release" in four_eyes or (decision.allow and "allowlist" in four_eyes)


def process_decision(
    book: HoldsBook,
    decision: Decision,
    record: Mapping[str, Any] | None = None,
    four_eyes: frozenset[str] = frozenset(),
) -> list[Output]:
    """Apply a decision: new state, the released or blocked record, allowances; or a rejection record.

    `record` is the decision as received (signed): its hash extends the event's decision chain, and it
    is the authority an allowance carries. A decision must name the hash of the event's previous accepted
    decision (`prev_hash`), so a replayed or reordered decision does not fit the chain and is refused.
    """
    raw = dict(record) if record is not None else decision.model_dump(mode="json")
    current = book.get(decision.event_id)
    applied = current.decision.decision_id if current is not None and current.decision else None
    if current is not None and decision.decision_id in (current.last_decision_id, applied):
        return []  # the same decision redelivered: already applied
    try:
        if decision.action in (Action.APPROVE, Action.REJECT):
            return _answer(book, current, decision, raw)
        new = apply_decision(current, decision)
        _check_chain(current, decision)
        chained = {"last_decision_hash": record_hash(raw), "last_decision_id": decision.decision_id}
        if needs_second_reviewer(decision, four_eyes):
            assert current is not None  # apply_decision refused an unknown hold
            if current.pending is not None:
                raise DecisionError(
                    DecisionErrorCode.PENDING,
                    f"a release of {decision.event_id!r} proposed by "
                    f"{current.pending.reviewer} awaits a second reviewer: approve or reject "
                    "it first",
                )
            proposed = current.model_copy(
                update={
                    "pending": decision,
                    "pending_record": raw,
                    "updated_at": datetime.now(UTC),
                    **chained,
                }
            )
            book.put(proposed)
            return [Output(Target.STATE, proposed.event_id, proposed.model_dump(mode="json"))]
    except DecisionError as exc:
        return [Output(Target.DECISIONS, decision.event_id, rejection_record(decision, exc))]
    new = new.model_copy(update=chained)
    return _decided(book, new, decision, [raw])


def _check_chain(current: HoldState | None, decision: Decision) -> None:
    expected = current.last_decision_hash if current is not None else None
    if decision.prev_hash != expected:
        raise DecisionError(
            DecisionErrorCode.CHAIN_BREAK,
            f"decision {decision.decision_id} does not follow the event's last decision "
            "(replayed, reordered or made on an outdated view); review it again",
        )


def _answer(
    book: HoldsBook, current: HoldState | None, answer: Decision, raw: dict[str, Any]
) -> list[Output]:
    """A second reviewer's approve / reject of a pending proposal (raises `DecisionError`)."""
    pending = current.pending if current is not None else None
    if current is None or pending is None or pending.decision_id != answer.approves:
        raise DecisionError(
            DecisionErrorCode.NO_PROPOSAL,
            f"no pending proposal {answer.approves!r} on event {answer.event_id!r}",
        )
    _check_chain(current, answer)
    chained = {
        "last_decision_hash": record_hash(raw),
        "last_decision_id": answer.decision_id,
        "pending": None,
        "pending_record": None,
        "updated_at": datetime.now(UTC),
    }
    if answer.action is Action.REJECT:
        rejected = current.model_copy(update=chained)
        book.put(rejected)
        return [Output(Target.STATE, rejected.event_id, rejected.model_dump(mode="json"))]
    if answer.reviewer == pending.reviewer:
        raise DecisionError(
            DecisionErrorCode.SELF_APPROVAL,
            f"{answer.reviewer} proposed this release and cannot also approve it",
        )
    effective = pending.model_copy(update={"approved_by": answer.reviewer, "approval_id": answer.decision_id})
    base = current.model_copy(update={"pending": None, "pending_record": None})
    new = apply_decision(base, effective).model_copy(update=chained)
    return _decided(book, new, effective, [current.pending_record or pending.model_dump(mode="json"), raw])


def _decided(
    book: HoldsBook, new: HoldState, decision: Decision, authority: list[dict[str, Any]]
) -> list[Output]:
    book.put(new)
    target = Target.CLEARED if decision.action is Action.RELEASE else Target.BLOCKED
    # The state goes last: if the worker dies half-way, the redelivered decision is applied again (a
    # repeated outcome record, deduplicable by event id) instead of being taken as already applied.
    outputs = [Output(target, new.business_id or new.event_id, outcome_record(new, decision))]
    outputs += [
        Output(Target.ALLOWLIST, a.allowance_id, a.model_dump(mode="json"))
        for a in allowances_for_decision(new, decision, authority)
    ]
    outputs.append(Output(Target.STATE, new.event_id, new.model_dump(mode="json")))
    return outputs
