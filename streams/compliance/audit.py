"""The audit trail of every hold, folded from the records the product already writes.

No separate audit log to drift out of step: the history of an event is read back from the hold, cleared,
blocked and decisions topics (screened, held, suppressed by an allowance, decided, released or blocked,
each with its list version and actor). At-least-once delivery can repeat a record; repeats of the same
step with the same evidence are shown once.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from streams.business_key import business_id
from streams.compliance.csv_safe import write_csv
from streams.compliance.decisions import Decision, DecisionError, DecisionErrorCode, parse_decision_record
from streams.compliance.holds_state import business_id_of, parse_time
from streams.compliance.signing import Keyring, SignatureError
from streams.records import ReceivedCleared, ReceivedHold, read_decision_record


class Step(StrEnum):
    CLEARED = "cleared"
    HELD = "held"
    SUPPRESSED = "suppressed"  # an allowance removed a match (the event may still be held or cleared)
    DECIDED = "decided"
    DECISION_REJECTED = "decision_rejected"
    RELEASED = "released"
    BLOCKED = "blocked"


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: str
    at: str = Field(description="UTC ISO 8601 time of the step")
    step: Step
    list_version: str | None = None
    actor: str = Field(description="'screening' for the worker, else the reviewer")
    reason: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
    topic: str | None = None


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value or "")


_TIME: TypeAdapter[datetime | None] = TypeAdapter(datetime | None)


def _as_written(value: datetime | None) -> str | None:
    """A decision's time as its record carries it: pydantic's JSON form of the model's `datetime`, which is
    how every decision record is written (`Decision.model_dump(mode="json")`)."""
    written: str | None = _TIME.dump_python(value, mode="json")
    return written


def _held(hold: ReceivedHold, topic: str | None) -> AuditEntry:
    matches = [m for h in hold.hits for m in h.matches]
    detail = {
        "entries": list(hold.entry_ids()),
        "roles": sorted({h.role for h in hold.hits}),
        "citations": sorted({str(m["citation"]) for m in matches if m.get("citation")}),
        "error": hold.error,
    }
    return AuditEntry(
        event_id=hold.event_id,
        at=_iso(hold.screened_at),
        step=Step.HELD,
        list_version=hold.list_version,
        actor="screening",
        reason=hold.reason.value,
        topic=topic,
        detail=detail,
    )


def _unreadable_hold(event_id: str, record: Mapping[str, Any], error: str, topic: str | None) -> AuditEntry:
    """A hold that fails the hold record's schema still shows as held (never hidden): why it is unreadable
    stands in for its evidence."""
    return AuditEntry(
        event_id=event_id,
        at=_iso(record.get("screened_at")),
        step=Step.HELD,
        list_version=record.get("list_version"),
        actor="screening",
        reason="unreadable_record",
        topic=topic,
        detail={"error": error},
    )


def _decided(decision: Decision, topic: str | None) -> AuditEntry:
    detail: dict[str, Any] = {
        "action": decision.action.value,
        "decision_id": decision.decision_id,
        "hold_generation": decision.hold_ref.generation,
        "via": decision.via,
        "allow": decision.allow,
        "allow_expires": _as_written(decision.allow_expires),
    }
    if decision.group_id:
        detail["group_id"] = decision.group_id
    return AuditEntry(
        event_id=decision.event_id,
        at=_as_written(decision.decided_at) or "",
        step=Step.DECIDED,
        list_version=decision.hold_ref.list_version,
        actor=decision.reviewer,
        reason=decision.reason,
        topic=topic,
        detail=detail,
    )


def _unreadable_decision(
    event_id: str, record: Mapping[str, Any], error: str, topic: str | None
) -> AuditEntry:
    """A decision record that fails the decision model is refused by the workflow (`malformed`): it shows
    as a rejected decision, never as decided."""
    return AuditEntry(
        event_id=event_id,
        at=_iso(record.get("decided_at")),
        step=Step.DECISION_REJECTED,
        actor=str(record.get("reviewer") or "unknown"),
        reason=error,
        topic=topic,
        detail={"code": DecisionErrorCode.MALFORMED.value, "decision_id": record.get("decision_id")},
    )


def _outcome(
    event_id: str,
    ref: Mapping[str, Any],
    decided_at: Any,
    list_version: str | None,
    step: Step,
    topic: str | None,
) -> AuditEntry:
    return AuditEntry(
        event_id=event_id,
        at=_iso(decided_at or ref.get("decided_at")),
        step=step,
        list_version=list_version,
        actor=str(ref.get("reviewer")),
        reason=ref.get("reason"),
        topic=topic,
        detail={"decision_id": ref.get("decision_id")},
    )


def _suppressed(
    event_id: str, suppressed: Iterable[Mapping[str, Any]], at: Any, version: str | None, topic: str | None
) -> list[AuditEntry]:
    return [
        AuditEntry(
            event_id=event_id,
            at=_iso(at),
            step=Step.SUPPRESSED,
            list_version=version,
            actor="screening",
            reason="allow-listed",
            topic=topic,
            detail=dict(sup),
        )
        for sup in suppressed
    ]


def _screening_entries(record: ReceivedHold | ReceivedCleared, topic: str | None) -> list[AuditEntry]:
    """The steps of a hold or cleared record, read as the pipeline's model (streams/records.py)."""
    out: list[AuditEntry] = []
    if isinstance(record, ReceivedHold):
        out.append(_held(record, topic))
    else:
        extra = record.model_extra or {}
        ref = extra.get("decision_ref")
        if ref:  # a release: the compliance workflow's cleared record names its decision
            out.append(
                _outcome(
                    record.event_id, ref, extra.get("decided_at"), record.list_version, Step.RELEASED, topic
                )
            )
        else:
            out.append(
                AuditEntry(
                    event_id=record.event_id,
                    at=_iso(record.screened_at),
                    step=Step.CLEARED,
                    list_version=record.list_version,
                    actor="screening",
                    topic=topic,
                )
            )
    suppressed = record.allowlist_suppressed or []
    return out + _suppressed(record.event_id, suppressed, record.screened_at, record.list_version, topic)


Read = ReceivedHold | ReceivedCleared | Decision | str | None


def _read(record: Mapping[str, Any]) -> Read:
    """A hold or cleared record, or a decision, as its model (streams/records.py,
    streams/compliance/decisions.py); why it is unreadable when it fails its model; None for the other
    records. A decision is read after `AuditTrail.add` verified its signature over the record as received.
    Refusals and blocked outcomes, which have no model of their own, stay dicts of which the audit reads
    only the fields it shows."""
    if record.get("kind") == "decision":
        try:
            return parse_decision_record(dict(record))
        except DecisionError as exc:
            return str(exc)
    if record.get("decision") not in ("hold", "cleared") or record.get("kind"):
        return None
    try:
        return read_decision_record(dict(record))
    except ValidationError as exc:
        return f"{exc.error_count()} validation error(s): {exc.errors()[0]['msg']}"


def entries_from_record(record: Mapping[str, Any], topic: str | None = None) -> list[AuditEntry]:
    """The audit steps one output record stands for (none for records that are not about an event)."""
    if not record.get("event_id"):
        return []
    return _entries(record, _read(record), topic)


def _entries(record: Mapping[str, Any], read: Read, topic: str | None) -> list[AuditEntry]:
    if isinstance(read, ReceivedHold | ReceivedCleared):
        return _screening_entries(read, topic)
    if isinstance(read, Decision):
        return [_decided(read, topic)]
    event_id = str(record["event_id"])
    kind, decision = record.get("kind"), record.get("decision")
    out: list[AuditEntry] = []
    if isinstance(read, str):  # an unreadable cleared record shows nothing: it cannot prove a clearance
        if decision == "hold":
            out.append(_unreadable_hold(event_id, record, read, topic))
        elif kind == "decision":
            out.append(_unreadable_decision(event_id, record, read, topic))
        return out
    if kind in ("decision_rejected", "control_refused"):
        out.append(
            AuditEntry(
                event_id=event_id,
                at=_iso(record.get("at")),
                step=Step.DECISION_REJECTED,
                actor=str(record.get("reviewer") or "unknown"),
                reason=record.get("error"),
                topic=topic,
                detail={"code": record.get("code"), "decision_id": record.get("decision_id")},
            )
        )
    elif decision == "blocked":
        ref = record.get("decision_ref") or {}
        out.append(
            _outcome(event_id, ref, record.get("decided_at"), record.get("list_version"), Step.BLOCKED, topic)
        )
    suppressed = record.get("allowlist_suppressed") or []
    return out + _suppressed(
        event_id, suppressed, record.get("screened_at"), record.get("list_version"), topic
    )


def _dedupe_key(entry: AuditEntry) -> tuple[Any, ...]:
    if entry.step in (Step.HELD, Step.CLEARED, Step.SUPPRESSED):
        return (entry.step, entry.list_version, entry.reason, json.dumps(entry.detail, sort_keys=True))
    return (entry.step, entry.detail.get("decision_id"), entry.at)


class AuditTrail:
    """Histories by event id, built from output records in any order."""

    def __init__(
        self, verify: Callable[[Mapping[str, Any]], str | None] | None = None, max_unheld: int | None = None
    ) -> None:
        """`verify(decision record)` -> why it is not trusted (None: trusted); see `signature_check`.

        `max_unheld`: how many never-held events (cleared straight away: nearly all traffic) to keep, the
        oldest forgotten first; held events are always kept. A long-running console then stays bounded
        while a hold that follows a recent clearance (a list update) still shows it.
        """
        self.verify = verify
        self.max_unheld = max_unheld
        self._steps: dict[str, list[AuditEntry]] = {}
        self._seen: dict[str, set[tuple[Any, ...]]] = {}
        self._meta: dict[str, dict[str, Any]] = {}
        self._held: set[str] = set()
        self._unheld: OrderedDict[str, None] = OrderedDict()

    def add(self, record: Mapping[str, Any], topic: str | None = None) -> None:
        if self.verify is not None and record.get("kind") == "decision" and record.get("event_id"):
            problem = self.verify(record)
            if problem is not None:  # a forged decision never shows as decided by whoever it names
                record = {
                    "kind": "decision_rejected",
                    "event_id": record["event_id"],
                    "decision_id": record.get("decision_id"),
                    "code": problem.split(":")[0],
                    "error": problem,
                    "at": record.get("decided_at"),
                    "reviewer": f"unverified: {record.get('reviewer')}",
                }
        read = _read(record) if record.get("event_id") else None
        entries = _entries(record, read, topic) if record.get("event_id") else []
        for entry in entries:
            key = _dedupe_key(entry)
            seen = self._seen.setdefault(entry.event_id, set())
            if key in seen:
                continue
            seen.add(key)
            self._steps.setdefault(entry.event_id, []).append(entry)
            if entry.step not in (Step.CLEARED, Step.DECISION_REJECTED):
                self._held.add(entry.event_id)
        event_id = record.get("event_id")
        if event_id and record.get("event_type") and (entries or str(event_id) in self._steps):
            meta = self._meta.setdefault(str(event_id), {})
            if isinstance(read, ReceivedHold | ReceivedCleared):
                meta.setdefault("event_type", read.event_type)
                meta.setdefault("business_id", business_id(read.event_type, read.po_number, read.shipment_id))
            else:  # a blocked outcome (a dict, see `_read`)
                meta.setdefault("event_type", record.get("event_type"))
                meta.setdefault("business_id", business_id_of(record))
        if entries:
            self._bound(str(entries[0].event_id))

    def _bound(self, event_id: str) -> None:
        if event_id in self._held:
            self._unheld.pop(event_id, None)
        else:
            self._unheld[event_id] = None
        if self.max_unheld is None:
            return
        while len(self._unheld) > self.max_unheld:
            old, _ = self._unheld.popitem(last=False)
            self._steps.pop(old, None)
            self._seen.pop(old, None)
            self._meta.pop(old, None)

    def __len__(self) -> int:
        """Events whose history is kept."""
        return len(self._steps)

    def add_raw(self, value: bytes | None, topic: str | None = None) -> None:
        """A raw topic value; undecodable ones are not about a hold (they are on the dead-letter topic)."""
        if not value:
            return
        try:
            record = json.loads(value)
        except ValueError:
            return
        if isinstance(record, dict):
            self.add(record, topic)

    def history(self, event_id: str) -> list[AuditEntry]:
        epoch = datetime.min.replace(tzinfo=UTC)
        order = list(Step)
        return sorted(
            self._steps.get(event_id, []), key=lambda e: (parse_time(e.at) or epoch, order.index(e.step))
        )

    def event_ids(self, held_only: bool = True) -> list[str]:
        ids = [
            i
            for i, steps in self._steps.items()
            if not held_only or any(s.step in (Step.HELD, Step.SUPPRESSED) for s in steps)
        ]
        return sorted(ids)

    def status(self, event_id: str) -> str:
        """The latest outcome: held, released, blocked, cleared."""
        final = "unknown"
        for entry in self.history(event_id):
            if entry.step in (Step.HELD, Step.RELEASED, Step.BLOCKED, Step.CLEARED):
                final = entry.step.value
        return final

    def export_json(self, held_only: bool = True) -> str:
        rows = [
            {
                "event_id": i,
                **self._meta.get(i, {}),
                "status": self.status(i),
                "history": [e.model_dump(mode="json") for e in self.history(i)],
            }
            for i in self.event_ids(held_only)
        ]
        return json.dumps(rows, indent=2)

    def export_csv(self, held_only: bool = True) -> str:
        fields = (
            "event_id",
            "event_type",
            "business_id",
            "at",
            "step",
            "list_version",
            "actor",
            "reason",
            "detail",
        )
        rows = []
        for event_id in self.event_ids(held_only):
            meta = self._meta.get(event_id, {})
            for entry in self.history(event_id):
                rows.append(
                    {
                        "event_id": event_id,
                        "event_type": meta.get("event_type"),
                        "business_id": meta.get("business_id"),
                        "at": entry.at,
                        "step": entry.step.value,
                        "list_version": entry.list_version,
                        "actor": entry.actor,
                        "reason": entry.reason,
                        "detail": json.dumps(entry.detail, sort_keys=True),
                    }
                )
        return write_csv(fields, rows)


def signature_check(keyring: Keyring) -> Callable[[Mapping[str, Any]], str | None]:
    """The `verify` of an `AuditTrail` that believes only decisions signed by a trusted key."""

    def check(record: Mapping[str, Any]) -> str | None:
        try:
            keyring.verify_actor(record, str(record.get("reviewer") or ""))
        except SignatureError as exc:
            return f"{exc.reason.value}: {exc}"
        return None

    return check


def build_trail(records: Iterable[tuple[str | None, Mapping[str, Any]]]) -> AuditTrail:
    trail = AuditTrail()
    for topic, record in records:
        trail.add(record, topic)
    return trail
