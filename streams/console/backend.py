"""What the console reads and does, behind one interface: in memory (tests) or on Kafka (service).

The console only submits decisions; the worker's decisions agent applies them (the single arbiter per
event). Submitting validates first against the console's own view, so a reviewer gets a clear error at
once for an unknown or already-decided hold, and a refused decision is never published.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from streams.compliance.allowlist import Allowance, AllowList
from streams.compliance.audit import AuditEntry, AuditTrail
from streams.compliance.decisions import (
    Decision,
    DecisionError,
    DecisionErrorCode,
    DecisionRequest,
    build_decision,
)
from streams.compliance.holds_state import HoldsBook, HoldState, HoldStatus
from streams.compliance.processor import Output, Target, process_decision, process_hold


class ConsoleBackend(Protocol):
    def open_holds(self, lists: list[str] | None = None, role: str | None = None,
                   min_age: float | None = None, max_age: float | None = None) -> list[HoldState]: ...

    def hold(self, event_id: str) -> HoldState | None: ...

    def history(self, event_id: str) -> list[AuditEntry]: ...

    def known_lists(self) -> list[str]: ...

    def allowances(self) -> list[Allowance]: ...

    def export_audit(self, fmt: str) -> str: ...

    def export_allowances(self, fmt: str) -> str: ...

    async def submit(self, request: DecisionRequest, reviewer: str) -> Decision: ...

    async def revoke(self, allowance_id: str, reviewer: str, reason: str) -> Allowance: ...


def check_submittable(book: HoldsBook, request: DecisionRequest, reviewer: str) -> Decision:
    """The decision to publish, or a `DecisionError` (unknown hold, already decided, no reviewer)."""
    state = book.get(request.event_id)
    if state is None:
        raise DecisionError(DecisionErrorCode.UNKNOWN_HOLD, f"no hold for event {request.event_id!r}")
    if state.status is not HoldStatus.OPEN:
        by = state.decision.reviewer if state.decision else "an earlier decision"
        raise DecisionError(DecisionErrorCode.ALREADY_DECIDED,
                            f"event {request.event_id!r} was already {state.status.value} by {by}")
    return build_decision(request, reviewer, state.ref(), via="console")


class StateViews:
    """The read side every backend shares: what the console shows is the folded state, wherever from."""

    book: HoldsBook
    trail: AuditTrail
    allowlist: AllowList

    def open_holds(self, lists: list[str] | None = None, role: str | None = None,
                   min_age: float | None = None, max_age: float | None = None) -> list[HoldState]:
        return self.book.open_holds(lists=lists, role=role, min_age=min_age, max_age=max_age)

    def hold(self, event_id: str) -> HoldState | None:
        return self.book.get(event_id)

    def history(self, event_id: str) -> list[AuditEntry]:
        return self.trail.history(event_id)

    def known_lists(self) -> list[str]:
        return sorted({name for state in self.book.all() for name in state.lists()})

    def allowances(self) -> list[Allowance]:
        return self.allowlist.all()

    def export_audit(self, fmt: str) -> str:
        return self.trail.export_csv() if fmt == "csv" else self.trail.export_json()

    def export_allowances(self, fmt: str) -> str:
        return self.allowlist.export_csv() if fmt == "csv" else self.allowlist.export_json()


class MemoryBackend(StateViews):
    """Everything in one process: holds, decisions applied at once. For tests and local trials."""

    def __init__(self) -> None:
        self.book = HoldsBook()
        self.trail = AuditTrail()
        self.allowlist = AllowList()
        self.published: list[Output] = []  # every record a decision produced, in order

    def add_hold(self, record: Mapping[str, Any], entry_hashes: Mapping[str, str] | None = None) -> None:
        hashes = dict(entry_hashes or {})
        self.published += process_hold(self.book, record, hashes.get)
        self.trail.add(record, "screening.hold")

    async def submit(self, request: DecisionRequest, reviewer: str) -> Decision:
        decision = check_submittable(self.book, request, reviewer)
        self.trail.add(decision.model_dump(mode="json"), "screening.decisions")
        outputs = process_decision(self.book, decision)
        self.published += outputs
        for out in outputs:
            if out.value is not None and out.target in (Target.CLEARED, Target.BLOCKED, Target.DECISIONS):
                self.trail.add(out.value, out.target.value)
            if out.target is Target.ALLOWLIST and out.value is not None:
                self.allowlist.put(Allowance.model_validate(out.value))
        return decision

    async def revoke(self, allowance_id: str, reviewer: str, reason: str) -> Allowance:
        revoked = self.allowlist.revoke(allowance_id, reviewer, reason, datetime.now(UTC))
        self.allowlist.put(revoked)
        self.published.append(Output(Target.ALLOWLIST, revoked.allowance_id, revoked.model_dump(mode="json")))
        return revoked
