"""The state of every held event (open, released, blocked), as kept in a compacted Kafka topic.

Each worker and the console tail the whole state topic (keyed by event id, latest value wins), so any of
them can serve any hold and the state survives restarts and rebalances; the transitions below are pure so
every reader folds the same records into the same state.

A hold's life: `open` (generation 1) -> `released` | `blocked`. A later hold of a released event reopens
it as a new generation only when it brings something the reviewer did not see (a list-update hold of a
new list version, or entries outside the released set); a redelivered, already-decided hold changes
nothing. A blocked event stays blocked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from streams.business_key import business_id
from streams.compliance.decisions import Action, Decision, DecisionError, DecisionErrorCode, HoldRef
from streams.records import HoldReason, ReceivedHold

LIST_UPDATE = "list_update"
RELEASED_REASON = "released"


class HoldStatus(StrEnum):
    OPEN = "open"
    RELEASED = "released"
    BLOCKED = "blocked"


class HoldState(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str = "hold_state"
    event_id: str
    event_type: str | None = None
    business_id: str | None = Field(default=None, description="PO number or shipment id")
    status: HoldStatus = HoldStatus.OPEN
    generation: int = 1
    reason: str | None = None
    held_at: str | None = Field(default=None, description="screened_at of the hold record")
    list_version: str | None = None
    entry_ids: tuple[str, ...] = ()
    entry_hashes: dict[str, str] = Field(
        default_factory=dict, description="Content hash of each matched entry when held"
    )
    hold: dict[str, Any] = Field(description="This generation's latest hold record, as on screening.hold")
    decision: Decision | None = None
    pending: Decision | None = Field(
        default=None, description="Four-eyes: a release awaiting a second reviewer"
    )
    pending_record: dict[str, Any] | None = Field(default=None, description="The proposal as signed")
    last_decision_hash: str | None = Field(
        default=None, description="Hash of the last accepted decision record (chain)"
    )
    last_decision_id: str | None = None
    updated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    def ref(self) -> HoldRef:
        return HoldRef(
            event_id=self.event_id,
            generation=self.generation,
            list_version=self.list_version,
            held_at=self.held_at,
        )

    def hits(self) -> list[dict[str, Any]]:
        return list(self.hold.get("hits") or [])

    def roles(self) -> set[str]:
        return {str(h.get("role")) for h in self.hits()}

    def lists(self) -> set[str]:
        return {str(m.get("list")) for h in self.hits() for m in h.get("matches") or []}

    def held_datetime(self) -> datetime | None:
        return parse_time(self.held_at)


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def business_id_of(record: Mapping[str, Any]) -> str | None:
    """The business id of a decision record read as JSON (streams/business_key.py)."""
    return business_id(record.get("event_type"), record.get("po_number"), record.get("shipment_id"))


def _merge_hits(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An open hold that gains evidence keeps the old evidence too (by role and party name, then entry)."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for hit in [*old, *new]:
        key = (str(hit.get("role")), str((hit.get("party") or {}).get("name")))
        if key not in merged:
            merged[key] = {**hit, "matches": list(hit.get("matches") or [])}
            continue
        seen = {m.get("entry_id") for m in merged[key]["matches"]}
        merged[key]["matches"] += [m for m in hit.get("matches") or [] if m.get("entry_id") not in seen]
    return list(merged.values())


def apply_hold(
    state: HoldState | None, record: ReceivedHold, entry_hashes: Mapping[str, str] | None = None
) -> HoldState | None:
    """The state after a hold record arrives, or None when it changes nothing (duplicate, blocked)."""
    event_id = record.event_id
    ids = record.entry_ids()
    hashes = dict(entry_hashes or {})
    as_json = record.as_json()
    fresh = {
        "event_id": event_id,
        "event_type": record.event_type,
        "business_id": business_id(record.event_type, record.po_number, record.shipment_id),
        "reason": record.reason.value,
        "held_at": record.screened_at,
        "list_version": record.list_version,
        "entry_ids": ids,
        "entry_hashes": hashes,
        "hold": as_json,
        "updated_at": datetime.now(UTC),
    }
    if state is None:
        return HoldState(**fresh)
    if state.status is HoldStatus.BLOCKED:
        return None
    if state.status is HoldStatus.OPEN:
        new_ids = [i for i in ids if i not in state.entry_ids]
        if not new_ids:
            return None  # redelivery or a re-screen that found nothing new
        hold = {**as_json, "hits": _merge_hits(state.hits(), list(as_json["hits"]))}
        # A pending proposal was made on less evidence than the hold now has: it lapses.
        return state.model_copy(
            update={
                "entry_ids": (*state.entry_ids, *new_ids),
                "entry_hashes": {**state.entry_hashes, **hashes},
                "hold": hold,
                "list_version": record.list_version,
                "reason": record.reason.value,
                "pending": None,
                "pending_record": None,
                "updated_at": datetime.now(UTC),
            }
        )
    # Released: reopen only for what the reviewer has not seen.
    is_new_update = record.reason == HoldReason.LIST_UPDATE and record.list_version != state.list_version
    unseen = [i for i in ids if i not in state.entry_ids]
    known = state.entry_hashes
    changed = [i for i in ids if i in hashes and i in known and hashes[i] != known[i]]
    # A list-update hold only ever names added or changed entries, so a new one is always news.
    if not (unseen or changed or is_new_update):
        return None
    return HoldState(
        **fresh,
        generation=state.generation + 1,
        last_decision_hash=state.last_decision_hash,
        last_decision_id=state.last_decision_id,
    )


def apply_decision(state: HoldState | None, decision: Decision) -> HoldState:
    """Validate `decision` against the hold it names and return the decided state (or raise)."""
    if state is None:
        raise DecisionError(DecisionErrorCode.UNKNOWN_HOLD, f"no hold for event {decision.event_id!r}")
    if state.status is not HoldStatus.OPEN:
        by = state.decision.reviewer if state.decision else "an earlier decision"
        raise DecisionError(
            DecisionErrorCode.ALREADY_DECIDED,
            f"event {decision.event_id!r} was already {state.status.value} by {by}",
        )
    if decision.hold_ref.generation != state.generation:
        raise DecisionError(
            DecisionErrorCode.ALREADY_DECIDED,
            f"hold {decision.hold_ref.generation} of event {decision.event_id!r} was already "
            f"decided; it is on hold again ({state.generation}) and needs a new review",
        )
    status = HoldStatus.RELEASED if decision.action is Action.RELEASE else HoldStatus.BLOCKED
    return state.model_copy(update={"status": status, "decision": decision, "updated_at": datetime.now(UTC)})


def outcome_record(state: HoldState, decision: Decision) -> dict[str, Any]:
    """The record a decision sends on: a cleared record (release) or a blocked record (confirm).

    It keeps the pipeline's record fields (event id and type, business ids, parties, the event itself,
    list version) and adds the decision reference and the evidence that was reviewed.
    """
    hold = state.hold
    base = {
        k: hold.get(k)
        for k in (
            "event_id",
            "event_type",
            "po_number",
            "shipment_id",
            "parties_screened",
            "threshold",
            "event",
            "list_version",
            "screened_at",
        )
    }
    now = decision.decided_at.isoformat()
    common = {
        **base,
        "decision_ref": decision.ref(),
        "hold_generation": state.generation,
        "hold_reason": state.reason,
        "hits": state.hits(),
        "decided_at": now,
    }
    if decision.action is Action.RELEASE:
        return {**common, "decision": "cleared", "reason": RELEASED_REASON}
    return {**common, "decision": "blocked", "reason": "confirmed"}


def encode_state(state: HoldState) -> bytes:
    """A state record's bytes, encoded by pydantic-core from the state itself: the JSON value that dumping
    it to a dict and through `json.dumps` gives, without building the dict (a hold's evidence makes a state
    a few KB; decision 0525)."""
    return state.model_dump_json().encode()


# State records this process wrote and has not read back yet (keys); beyond it the bookkeeping is dropped
# and the records read back are validated as any other.
ECHO_LIMIT = 100_000


class HoldsBook:
    """The folded state topic: every hold this reader has seen, by event id.

    A record this process wrote (`wrote`) comes back as the same bytes: it is applied as the state it was
    encoded from instead of being validated again (a state record is ~5 KB: ~100 µs to validate, more
    than folding the hold). Anything else — another worker's record, bytes that differ, a write not read
    back in order — is validated as before.
    """

    def __init__(self) -> None:
        self._holds: dict[str, HoldState] = {}
        self._echo: dict[str, deque[tuple[bytes, HoldState]]] = {}

    def __len__(self) -> int:
        return len(self._holds)

    def get(self, event_id: str) -> HoldState | None:
        return self._holds.get(event_id)

    def put(self, state: HoldState) -> None:
        self._holds[state.event_id] = state

    def remove(self, event_id: str) -> None:
        self._holds.pop(event_id, None)

    def wrote(self, key: str, raw: bytes, state: HoldState) -> None:
        """This process wrote `raw` (`state` encoded) to the state topic under `key`."""
        if len(self._echo) >= ECHO_LIMIT:
            self._echo.clear()
        self._echo.setdefault(key, deque()).append((raw, state))

    def apply_state_record(self, key: str, value: bytes | str | None) -> None:
        """Fold one record of the state topic (a tombstone removes the hold)."""
        pending = self._echo.get(key)
        if pending is not None:
            raw, state = pending[0]
            if (value.encode() if isinstance(value, str) else value) == raw:
                pending.popleft()
                if not pending:
                    del self._echo[key]
                self.put(state)
                return
            del self._echo[key]  # out of step with our writes: validate this key's records from now on
        if value is None:
            self.remove(key)
            return
        self.put(HoldState.model_validate_json(value))

    def all(self) -> list[HoldState]:
        return list(self._holds.values())

    def open_count(self) -> int:
        """For the `holdline_holds_open` gauge, read at scrape time: `open_holds()` filters and sorts."""
        return sum(1 for state in list(self._holds.values()) if state.status is HoldStatus.OPEN)

    def open_holds(
        self,
        lists: Iterable[str] | None = None,
        role: str | None = None,
        min_age: float | None = None,
        max_age: float | None = None,
        now: datetime | None = None,
    ) -> list[HoldState]:
        """Open holds newest first, filtered by list id, role and age in seconds."""
        now = now or datetime.now(UTC)
        wanted = set(lists or ())
        out = []
        for state in self._holds.values():
            if state.status is not HoldStatus.OPEN:
                continue
            if wanted and not (wanted & state.lists()):
                continue
            if role and role not in state.roles():
                continue
            held = state.held_datetime()
            age = (now - held).total_seconds() if held else None
            if min_age is not None and (age is None or age < min_age):
                continue
            if max_age is not None and (age is None or age > max_age):
                continue
            out.append(state)
        epoch = datetime.min.replace(tzinfo=UTC)
        out.sort(key=lambda s: (s.held_datetime() or epoch, s.event_id), reverse=True)
        return out
