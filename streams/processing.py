"""From one raw input message to the one output record it produces. No Faust here.

Everything CPU-bound about an event (JSON decoding, validation, screening, building and encoding the
record) happens in `Processor.route`, which the agents run in a worker thread so the event loop stays
free for heartbeats, commits, fetches and the web views. `route` never raises: whatever goes wrong
becomes a hold (`screening_unavailable`) or a dead-letter record, so no message is ever dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from matchers.errors import HoldlineError
from streams.decide import decide
from streams.events import EVENT_TYPES, PurchaseOrder, Shipment, parse_event
from streams.metrics import Metrics
from streams.records import (
    ClearedRecord,
    DeadLetterReason,
    DeadLetterRecord,
    HoldRecord,
    OutputRecord,
    Summary,
)
from streams.settings import Settings
from streams.snapshot import Snapshot

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000


@dataclass(frozen=True)
class Inbound:
    """A consumed message, detached from Faust so the routing logic is testable without a broker."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp: float | None = None  # the record's timestamp (producer create time), seconds


@dataclass(frozen=True)
class Outbound:
    source: Inbound
    topic: str
    key: bytes | None
    value: bytes
    summary: Summary
    record: OutputRecord | None = None  # None once it crossed from a screening process


class Rejected(HoldlineError):
    def __init__(self, reason: DeadLetterReason, error: str, event_id: str | None = None) -> None:
        super().__init__(error)
        self.reason = reason
        self.error = error
        self.event_id = event_id


def read_event(value: bytes | None, expected_type: str) -> PurchaseOrder | Shipment:
    """Decode and validate; raises `Rejected` saying why the message cannot be screened.

    Well-formed events take pydantic's JSON parser straight from the bytes (no intermediate dicts); any
    failure there is re-examined step by step below, which is what names the reason.
    """
    if not value:
        raise Rejected(DeadLetterReason.UNDECODABLE, "empty message value")
    model = EVENT_TYPES.get(expected_type)
    if model is not None:
        with contextlib.suppress(ValidationError):
            return model.model_validate_json(value)
    try:
        payload = json.loads(value)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected(DeadLetterReason.UNDECODABLE, f"not UTF-8 JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise Rejected(DeadLetterReason.NOT_AN_OBJECT,
                       f"expected a JSON object, got {type(payload).__name__}")
    raw_id = payload.get("event_id")
    event_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None
    event_type = payload.get("event_type")
    if event_type != expected_type and event_type in EVENT_TYPES:
        raise Rejected(DeadLetterReason.WRONG_TOPIC,
                       f"event_type {event_type!r} on the {expected_type!r} topic", event_id)
    if event_type != expected_type:
        raise Rejected(DeadLetterReason.SCHEMA_INVALID,
                       f"event_type must be {expected_type!r}, got {event_type!r}", event_id)
    try:
        return parse_event(payload)
    except ValidationError as exc:
        raise Rejected(DeadLetterReason.SCHEMA_INVALID, _summarise(exc), event_id) from exc


def _summarise(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(x) for x in err["loc"][1:] or err["loc"])  # drop the union tag from the path
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)[:MAX_ERROR_CHARS]


class SnapshotSource(Protocol):
    """Where the processor reads the snapshot to screen against (`SnapshotHolder`, or a pinned one)."""

    @property
    def current(self) -> Snapshot: ...


class Processor:
    def __init__(self, settings: Settings, snapshots: SnapshotSource, metrics: Metrics) -> None:
        self.settings = settings
        self.snapshots = snapshots
        self.metrics = metrics
        self.observe_duration: Callable[[float], Any] = metrics.screening_duration.observe
        # Compliance hook: (record, snapshot) -> record, set by streams/compliance/agents.py.
        self.suppressor: Callable[[HoldRecord | ClearedRecord, Any], HoldRecord | ClearedRecord] | None = None
        self.expected_types = {settings.topic_purchases: "purchase_order",
                               settings.topic_shipments: "shipment"}

    async def process(self, msgs: list[Inbound], executor: Executor | None) -> list[Outbound]:
        """`route_many` off the event loop (in `executor`), so a slow screening cannot stall it."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(executor, self.route_many, msgs)

    def route_many(self, msgs: list[Inbound]) -> list[Outbound]:
        """One executor hop for a whole batch: a hop costs about as much as screening a cached event."""
        return [self.route(msg) for msg in msgs]

    def route(self, msg: Inbound) -> Outbound:
        try:
            return self._route(msg)
        except Exception as exc:  # a bug or a broken record: keep the message, say what happened
            log.exception("failed on %s[%d]@%d", msg.topic, msg.partition, msg.offset)
            return self._deadletter(msg, DeadLetterReason.INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")

    def _route(self, msg: Inbound) -> Outbound:
        try:
            event = read_event(msg.value, self.expected_types.get(msg.topic, "unknown"))
        except Rejected as rejected:
            return self._deadletter(msg, rejected.reason, rejected.error, rejected.event_id)
        snapshot = self.snapshots.current  # one snapshot for every party of this event
        started = time.perf_counter()
        record = decide(event, snapshot.screener, unavailable=snapshot.error, cache=snapshot.cache)
        if self.suppressor is not None:  # compliance: allow-list suppression (streams/compliance/suppress.py)
            try:
                record = self.suppressor(record, snapshot)
            except Exception:  # fail closed: an allow-list failure never turns into a clearance
                log.exception("allow-list suppression failed for event %s; decision kept", event.event_id)
        self.observe_duration(time.perf_counter() - started)
        return self._decision(msg, record, event.business_id or event.event_id)

    def _decision(self, msg: Inbound, record: HoldRecord | ClearedRecord, business_id: str) -> Outbound:
        topic = self.settings.topic_hold if isinstance(record, HoldRecord) else self.settings.topic_cleared
        # Keyed by PO number / shipment id: all records of one PO or shipment land on one partition, in order.
        return Outbound(source=msg, topic=topic, key=business_id.encode(), value=record.to_json_bytes(),
                        summary=Summary.of(record), record=record)

    def _deadletter(self, msg: Inbound, reason: DeadLetterReason, error: str,
                    event_id: str | None = None) -> Outbound:
        record = DeadLetterRecord.build(reason=reason, error=error[:MAX_ERROR_CHARS], topic=msg.topic,
                                        partition=msg.partition, offset=msg.offset, payload=msg.value,
                                        key=msg.key, event_id=event_id)
        log.warning("dead-letter %s[%d]@%d: %s: %s", msg.topic, msg.partition, msg.offset, reason.value,
                    error)
        key = msg.key if msg.key is not None else (event_id.encode() if event_id else None)
        return Outbound(source=msg, topic=self.settings.topic_deadletter, key=key,
                        value=record.to_json_bytes(), summary=Summary.of(record), record=record)
