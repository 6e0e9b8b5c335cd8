"""Output records: what the worker writes to the hold, cleared and dead-letter topics.

These shapes are a contract (review console, `holdline holds tail`, audit export, downstream systems), so
they are pydantic models with a JSON Schema (`holdline schema`) rather than ad-hoc dicts.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class HoldReason(StrEnum):
    MATCH = "match"  # a party scored at or above the threshold
    SCREENING_UNAVAILABLE = "screening_unavailable"  # fail closed: no list loaded, or the screener raised
    LIST_UPDATE = "list_update"  # compliance: an open event touched by entries a new list snapshot added
    # A party that cannot be screened: its name is empty once normalised, over the configured length, or
    # not a string. Never cleared; `error` names the party.
    UNSCREENABLE_PARTY = "unscreenable_party"


class DeadLetterReason(StrEnum):
    UNDECODABLE = "undecodable"  # not UTF-8 JSON
    NOT_AN_OBJECT = "not_an_object"  # valid JSON, but not a JSON object
    SCHEMA_INVALID = "schema_invalid"  # an object that fails the event schema
    WRONG_TOPIC = "wrong_topic"  # a valid event of the other type, on this topic
    INTERNAL_ERROR = "internal_error"  # the worker failed on it; kept rather than lost
    TOO_LARGE = "too_large"  # larger than `max_event_bytes`; a bounded copy of the payload is kept
    TOO_MANY_PARTIES = "too_many_parties"  # more parties than `max_parties`
    AMBIGUOUS_PAYLOAD = "ambiguous_payload"  # a JSON object with a duplicate key: which value is meant?
    RECORD_TOO_LARGE = "record_too_large"  # the decision would exceed `max_record_bytes`: undeliverable


def utcnow_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)

    def to_json_bytes(self) -> bytes:
        return self.model_dump_json(exclude_none=False).encode()


class ScreenedParty(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: str = Field(
        description="The schema's role, or `other` for an object with a `name` found elsewhere in the event"
    )
    party: dict[str, Any] = Field(description="The party as sent, extra fields included")
    path: str | None = Field(default=None, description="Where an `other` party was found (JSON path)")


class Hit(ScreenedParty):
    matches: list[dict[str, Any]] = Field(
        description="Matches at or above the threshold, best first, as `matchers.Match.to_record()`"
    )


class _Decision(_Record):
    event_id: str
    event_type: str
    list_version: str | None = Field(description="Version of the list snapshot screened against, or null")
    screened_at: str = Field(description="UTC ISO 8601; differs between redeliveries, the decision does not")
    po_number: str | None = None
    shipment_id: str | None = None
    parties_screened: list[ScreenedParty] = Field(description="Every party screened, in role order")
    threshold: float | None = None
    event: dict[str, Any] = Field(description="The input event as sent (unknown fields kept)")
    # Compliance: matches an allow-list allowance suppressed (audited; see streams/compliance/suppress.py).
    allowlist_suppressed: list[dict[str, Any]] | None = None


class HoldRecord(_Decision):
    decision: Literal["hold"] = "hold"
    reason: HoldReason
    hits: list[Hit] = Field(description="Flagged parties; empty when reason is screening_unavailable")
    error: str | None = Field(default=None, description="Why screening was unavailable")


class ClearedRecord(_Decision):
    decision: Literal["cleared"] = "cleared"


class SourcePosition(BaseModel):
    model_config = ConfigDict(frozen=True)

    topic: str
    partition: int
    offset: int


class DeadLetterRecord(_Record):
    decision: Literal["deadletter"] = "deadletter"
    reason: DeadLetterReason
    error: str
    source: SourcePosition
    payload_b64: str = Field(description="The original message value, base64")
    key_b64: str | None = Field(default=None, description="The original message key, base64")
    event_id: str | None = Field(default=None, description="When it could be read from the payload")
    received_at: str = Field(default_factory=utcnow_iso)
    payload_bytes: int | None = Field(default=None, description="Size of the original message value")
    payload_truncated: bool = Field(
        default=False,
        description="payload_b64 holds only the first bytes (the value was "
        "larger than deadletter_payload_bytes)",
    )
    payload_sha256: str | None = Field(default=None, description="SHA-256 of the whole original value")

    @classmethod
    def build(
        cls,
        *,
        reason: DeadLetterReason,
        error: str,
        topic: str,
        partition: int,
        offset: int,
        payload: bytes | None,
        key: bytes | None = None,
        event_id: str | None = None,
        max_payload: int | None = None,
    ) -> DeadLetterRecord:
        """`max_payload`: keep at most this many bytes of the value (and of the key), so the record fits."""
        source = SourcePosition(topic=topic, partition=partition, offset=offset)
        value = payload or b""
        kept = value if max_payload is None else value[:max_payload]
        if key is not None and max_payload is not None:
            key = key[:max_payload]
        return cls(
            reason=reason,
            error=error,
            source=source,
            payload_b64=base64.b64encode(kept).decode(),
            key_b64=base64.b64encode(key).decode() if key is not None else None,
            event_id=event_id,
            payload_bytes=len(value),
            payload_truncated=len(kept) < len(value),
            payload_sha256=hashlib.sha256(value).hexdigest(),
        )


OutputRecord = HoldRecord | ClearedRecord | DeadLetterRecord


@dataclass(frozen=True)
class Summary:
    """What the metrics need from an output record: small and picklable, so it can cross a process."""

    outcome: str  # hold | cleared | deadletter
    roles: tuple[str, ...] = ()  # of the parties screened
    hold_reason: str | None = None
    match_lists: tuple[str, ...] = ()  # list of every match in a hold, one per match
    deadletter_reason: str | None = None
    # Entry id of every match in a hold, one per match: the worker asks the allow-list about these before
    # reading a hold back from its bytes (`Processor.suppressed`).
    match_entries: tuple[str, ...] = ()

    @classmethod
    def of(cls, record: OutputRecord) -> Summary:
        if isinstance(record, DeadLetterRecord):
            return cls("deadletter", deadletter_reason=record.reason.value)
        roles = tuple(p.role for p in record.parties_screened)
        if isinstance(record, HoldRecord):
            matches = [m for hit in record.hits for m in hit.matches]
            return cls(
                "hold",
                roles,
                hold_reason=record.reason.value,
                match_lists=tuple(str(m.get("list", "unknown")) for m in matches),
                match_entries=tuple(str(m.get("entry_id")) for m in matches),
            )
        return cls("cleared", roles)


class ReceivedHold(HoldRecord):
    """A hold read back from the hold topic (by the compliance workflow, the console): the pipeline's fields
    typed, anything added on the way kept as it came (a list-update hold's `list_update`)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    def entry_ids(self) -> tuple[str, ...]:
        """Every matched entry id, in the order of the evidence, once each."""
        ids = {str(m["entry_id"]): None for h in self.hits for m in h.matches if m.get("entry_id")}
        return tuple(ids)

    def as_json(self) -> dict[str, Any]:
        """The record with the keys it came with, no more (what the hold state keeps: its shape is a
        contract, and a list-update hold carries fewer keys than the pipeline's)."""
        return self.model_dump(mode="json", exclude_unset=True)


class ReceivedCleared(ClearedRecord):
    """A cleared record read back from the cleared topic, its additions kept (a release's `decision_ref`)."""

    model_config = ConfigDict(frozen=True, extra="allow")


RECEIVED: TypeAdapter[ReceivedHold | ReceivedCleared] = TypeAdapter(
    Annotated[ReceivedHold | ReceivedCleared, Field(discriminator="decision")]
)


def read_decision_record(value: bytes | str | dict[str, Any]) -> ReceivedHold | ReceivedCleared:
    """A hold or cleared record as read from its topic; `pydantic.ValidationError` when it is neither."""
    if isinstance(value, dict):
        return RECEIVED.validate_python(value)
    return RECEIVED.validate_json(value)


def record_schemas() -> dict[str, dict[str, Any]]:
    return {
        "hold": HoldRecord.model_json_schema(),
        "cleared": ClearedRecord.model_json_schema(),
        "deadletter": DeadLetterRecord.model_json_schema(),
    }
