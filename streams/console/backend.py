"""What the console reads and does, behind one interface: in memory (tests) or on Kafka (service).

The console only submits decisions; the worker's decisions agent applies them (the single arbiter per
event). Submitting validates first against the console's own view, so a reviewer gets a clear error at
once for an unknown or already-decided hold, and a refused decision is never published.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from streams.compliance.allowlist import Allowance, AllowList, with_allows
from streams.compliance.audit import AuditEntry, AuditTrail
from streams.compliance.decisions import (
    Action,
    Decision,
    DecisionError,
    DecisionErrorCode,
    DecisionRequest,
    build_decision,
)
from streams.compliance.holds_state import HoldsBook, HoldState, HoldStatus
from streams.compliance.processor import Output, Target, process_decision, process_hold
from streams.console.queue_index import IndexedBook, QueueIndex
from streams.records import ReceivedHold


class ConsoleBackend(Protocol):
    def open_holds(
        self,
        lists: list[str] | None = None,
        role: str | None = None,
        min_age: float | None = None,
        max_age: float | None = None,
    ) -> list[HoldState]: ...

    def hold(self, event_id: str) -> HoldState | None: ...

    def pending_approvals(self) -> list[HoldState]: ...

    @property
    def index(self) -> QueueIndex: ...

    def caught_up(self) -> bool: ...

    def history(self, event_id: str) -> list[AuditEntry]: ...

    def known_lists(self) -> list[str]: ...

    def allowances(self) -> list[Allowance]: ...

    def export_audit(self, fmt: str) -> str: ...

    def export_allowances(self, fmt: str) -> str: ...

    async def submit(self, request: DecisionRequest, reviewer: str) -> Decision: ...

    async def revoke(self, allowance_id: str, reviewer: str, reason: str) -> Allowance: ...


def check_submittable(
    book: HoldsBook, request: DecisionRequest, reviewer: str, four_eyes: frozenset[str] = frozenset()
) -> Decision:
    """The decision to publish, or a `DecisionError` (unknown hold, already decided, no reviewer, four-eyes).

    It names the hash of the event's last accepted decision (`prev_hash`): the worker refuses a decision
    made on an outdated view, and the chain makes the audit trail tamper-evident.
    """
    state = book.get(request.event_id)
    if state is None:
        raise DecisionError(DecisionErrorCode.UNKNOWN_HOLD, f"no hold for event {request.event_id!r}")
    if state.status is not HoldStatus.OPEN:
        by = state.decision.reviewer if state.decision else "an earlier decision"
        raise DecisionError(
            DecisionErrorCode.ALREADY_DECIDED,
            f"event {request.event_id!r} was already {state.status.value} by {by}",
        )
    pending = state.pending
    if request.action in (Action.APPROVE, Action.REJECT):
        if pending is None or pending.decision_id != request.proposal_id:
            raise DecisionError(
                DecisionErrorCode.NO_PROPOSAL,
                f"no pending proposal {request.proposal_id!r} on event {request.event_id!r}",
            )
        if request.action is Action.APPROVE and pending.reviewer == reviewer.strip():
            raise DecisionError(
                DecisionErrorCode.SELF_APPROVAL,
                f"{reviewer} proposed this release and cannot also approve it",
            )
    elif pending is not None and request.action is Action.RELEASE:
        raise DecisionError(
            DecisionErrorCode.PENDING, f"a release proposed by {pending.reviewer} awaits a second reviewer"
        )
    decision = build_decision(
        request, reviewer, state.ref(), via="console", prev_hash=state.last_decision_hash
    )
    return with_allows(decision, state)


class StateViews:
    """The read side every backend shares: what the console shows is the folded state, wherever from."""

    book: IndexedBook
    trail: AuditTrail
    allowlist: AllowList

    def open_holds(
        self,
        lists: list[str] | None = None,
        role: str | None = None,
        min_age: float | None = None,
        max_age: float | None = None,
    ) -> list[HoldState]:
        return self.book.open_holds(lists=lists, role=role, min_age=min_age, max_age=max_age)

    @property
    def index(self) -> QueueIndex:
        """The open holds' queue index, kept in step with `book` by every change."""
        return self.book.index

    def pending_approvals(self) -> list[HoldState]:
        return self.book.index.pending()

    def caught_up(self) -> bool:
        return True

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

    def __init__(self, four_eyes: frozenset[str] = frozenset()) -> None:
        self.four_eyes = four_eyes
        self.book = IndexedBook()
        self.trail = AuditTrail()
        self.allowlist = AllowList()
        self.published: list[Output] = []  # every record a decision produced, in order

    def add_hold(self, record: Mapping[str, Any], entry_hashes: Mapping[str, str] | None = None) -> None:
        hashes = dict(entry_hashes or {})
        self.published += process_hold(self.book, ReceivedHold.model_validate(record), hashes.get)
        self.trail.add(record, "screening.hold")

    async def submit(self, request: DecisionRequest, reviewer: str) -> Decision:
        decision = check_submittable(self.book, request, reviewer, self.four_eyes)
        self.trail.add(decision.model_dump(mode="json"), "screening.decisions")
        outputs = process_decision(self.book, decision, four_eyes=self.four_eyes)
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
