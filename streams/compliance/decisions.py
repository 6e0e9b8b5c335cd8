"""Reviewers' decisions on held events: the record written to `screening.decisions`, and its validation.

Releasing a hold on a listed party is the most dangerous action in the product, so a decision is checked
twice: where it is made (console, CLI: a clear error at once) and where it takes effect (the worker's
decisions agent, the single reader of that event's partition: the arbiter when two reviewers race). A
rejected decision changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from matchers.errors import HoldlineError

MAX_REASON = 2000
MAX_ALLOW_DAYS = 366 * 3


class Action(StrEnum):
    RELEASE = "release"  # false positive: the event goes on to screening.cleared
    CONFIRM = "confirm"  # true match: the event goes to screening.blocked
    APPROVE = "approve"  # four-eyes: a second reviewer approves a proposed release
    REJECT = "reject"  # four-eyes: a second reviewer (or the proposer) turns a proposal down


class DecisionErrorCode(StrEnum):
    MALFORMED = "malformed"
    UNKNOWN_HOLD = "unknown_hold"
    ALREADY_DECIDED = "already_decided"
    UNAUTHENTICATED = "unauthenticated"
    # A record that is not what a trusted signer wrote (see `streams.compliance.signing.Refusal`).
    UNSIGNED = "unsigned"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_KEY = "unknown_key"
    REPLAYED = "replayed"
    NOT_ALLOWED = "not_allowed"
    CHAIN_BREAK = "chain_break"
    # Four-eyes.
    NO_PROPOSAL = "no_proposal"
    SELF_APPROVAL = "self_approval"
    PENDING = "pending"


class DecisionError(HoldlineError, ValueError):
    """Why a decision was refused; `code` is stable for callers, the message is for people."""

    def __init__(self, code: DecisionErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


def _clean_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValueError(f"{what} must not be empty")
    return cleaned


class DecisionRequest(BaseModel):
    """What a reviewer submits; the reviewer's identity is never part of it (it comes from authentication)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: str = Field(min_length=1, max_length=256)
    action: Action
    reason: str = Field(
        min_length=3,
        max_length=MAX_REASON,
        description="Why: kept in the audit trail, shown to later reviewers",
    )
    allow: bool = Field(default=False, description="On release: allow-list the (party, entry) pairs")
    allow_days: int | None = Field(
        default=None, ge=1, le=MAX_ALLOW_DAYS, description="Allowance lifetime in days (None: no expiry date)"
    )
    proposal_id: str | None = Field(
        default=None, max_length=64, description="approve / reject: the proposed decision they answer"
    )
    group_id: str | None = Field(
        default=None,
        max_length=64,
        description="A group decision's group: one decision per hold, all naming it",
    )

    @field_validator("event_id", "reason", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return _clean_text(value, "field")

    @model_validator(mode="after")
    def _proposal(self) -> DecisionRequest:
        answers = self.action in (Action.APPROVE, Action.REJECT)
        if answers != bool(self.proposal_id):
            raise ValueError("approve and reject name the proposal they answer (and only they do)")
        return self


class HoldRef(BaseModel):
    """Which hold the reviewer looked at: a later hold of the same event is a different hold."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    generation: int = Field(description="Counts the holds of this event: 1 for the first")
    list_version: str | None
    held_at: str | None = None


class Decision(BaseModel):
    """The record on `screening.decisions` (keyed by event id)."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(default="decision", description="Record type marker, for readers of mixed topics")
    decision_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    event_id: str
    action: Action
    reviewer: str = Field(min_length=1, max_length=256)
    reason: str
    decided_at: datetime
    hold_ref: HoldRef
    allow: bool = False
    allow_expires: datetime | None = None
    via: str = Field(default="console", description="console | cli")
    approves: str | None = Field(default=None, description="approve / reject: the proposal's decision id")
    approved_by: str | None = Field(default=None, description="Four-eyes: the second reviewer")
    approval_id: str | None = None
    allows: list[dict[str, str]] = Field(
        default_factory=lambda: [],
        description="On release with allow: the (party_key, entry_id, entry_hash) triples the reviewer saw "
        "and allow-lists; an allowance outside them is refused",
    )
    prev_hash: str | None = Field(
        default=None, description="Hash of the previous accepted decision record of this event"
    )
    signature: dict[str, Any] | None = Field(default=None, description="See streams.compliance.signing")
    group_id: str | None = Field(default=None, description="Set when decided with its group in the console")

    def ref(self) -> dict[str, Any]:
        """The reference carried by the released or blocked event record."""
        ref = {
            "decision_id": self.decision_id,
            "action": self.action.value,
            "reviewer": self.reviewer,
            "reason": self.reason,
            "decided_at": self.decided_at.isoformat(),
        }
        if self.approved_by:
            ref["approved_by"] = self.approved_by
        return ref


def parse_request(raw: Any) -> DecisionRequest:
    """Validate untrusted input (form fields, CLI flags, JSON) into a request, or raise `DecisionError`."""
    if isinstance(raw, DecisionRequest):
        return raw
    try:
        return DecisionRequest.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'request'}: {e['msg']}" for e in exc.errors())
        raise DecisionError(DecisionErrorCode.MALFORMED, f"malformed decision: {problems}") from exc


def parse_decision_record(value: bytes | str | dict[str, Any]) -> Decision:
    """A record read from `screening.decisions`; anything else is `malformed` (and is audited as such)."""
    try:
        if isinstance(value, dict):
            return Decision.model_validate(value)
        return Decision.model_validate_json(value)
    except ValidationError as exc:
        raise DecisionError(DecisionErrorCode.MALFORMED, f"malformed decision record: {exc}") from exc


def build_decision(
    request: DecisionRequest,
    reviewer: str,
    hold_ref: HoldRef,
    via: str,
    now: datetime | None = None,
    prev_hash: str | None = None,
) -> Decision:
    reviewer = reviewer.strip()
    if not reviewer:
        raise DecisionError(DecisionErrorCode.UNAUTHENTICATED, "no authenticated reviewer")
    now = now or datetime.now(UTC)
    expires = None
    if request.action is Action.RELEASE and request.allow and request.allow_days:
        expires = datetime.combine(now.date() + timedelta(days=request.allow_days), datetime.min.time(), UTC)
    allow = request.action is Action.RELEASE and request.allow
    return Decision(
        event_id=request.event_id,
        action=request.action,
        reviewer=reviewer,
        reason=request.reason,
        decided_at=now,
        hold_ref=hold_ref,
        allow=allow,
        allow_expires=expires,
        via=via,
        approves=request.proposal_id,
        prev_hash=prev_hash,
        group_id=request.group_id,
    )


def expiry_from_date(value: date | None) -> datetime | None:
    return None if value is None else datetime.combine(value, datetime.min.time(), UTC)
