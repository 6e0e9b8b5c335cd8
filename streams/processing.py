"""From one raw input message to the one output record it produces. No Faust here.

Everything CPU-bound about an event (JSON decoding, validation, screening, building and encoding the
record) happens in `Processor.route`, which the agents run in a worker thread so the event loop stays
free for heartbeats, commits, fetches and the web views. `route` never raises: whatever goes wrong
becomes a hold (`screening_unavailable`) or a dead-letter record, so no message is ever dropped.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import jiter
from pydantic import ValidationError

from matchers.errors import HoldlineError
from streams.decide import NameLimits, decide
from streams.events import EVENT_TYPES, PurchaseOrder, Shipment, other_parties, parse_event
from streams.metrics import Metrics
from streams.readiness import Readiness, ReadinessPolicy, screening_readiness
from streams.records import (
    ClearedRecord,
    DeadLetterReason,
    DeadLetterRecord,
    HoldReason,
    HoldRecord,
    OutputRecord,
    Summary,
)
from streams.settings import Settings
from streams.snapshot import ActiveSnapshot

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


@dataclass(frozen=True)
class InputLimits:
    """The input bounds of `Settings` that reading an event applies (docs/guarantees.md)."""

    max_event_bytes: int = 512 * 1024
    max_nesting: int = 64

    @classmethod
    def of(cls, settings: Settings) -> InputLimits:
        return cls(settings.max_event_bytes, settings.max_nesting)


class _DuplicateKey(HoldlineError, ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`object_pairs_hook`: a JSON object naming a key twice is ambiguous (which supplier is meant?)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _DuplicateKey(f"key {dup[:100]!r} appears more than once in one object")
    return obj


# One decoder for every event (`json.loads` with a hook builds a new one per call).
_STRICT_JSON = json.JSONDecoder(object_pairs_hook=_unique_keys)


def _decode_strict(value: bytes) -> Any:
    """The event's JSON, refusing a key named twice in one object.

    jiter (Rust) refuses duplicate keys itself and decodes an ordinary event in about two thirds of the
    time of the standard library with a per-object hook. Whatever it refuses (a duplicate key, bad UTF-8
    or JSON, nesting past its limit, a lone surrogate escape) is decoded again by the standard library's
    strict decoder, which raises the error the dead-letter reason is named from, or accepts what jiter
    alone refuses: the outcome of every input is the standard library's.
    """
    try:
        return jiter.from_json(value, catch_duplicate_keys=True, cache_mode="keys")
    except ValueError:
        return _STRICT_JSON.decode(value.decode("utf-8"))


def _depth_over(value: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit`; iterative, so no input can exhaust the stack."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, dict | list))
    return False


def _event_id_of(value: bytes) -> str | None:
    """The event id of a payload refused for another reason, when a lenient decode can still read it."""
    try:
        payload = json.loads(value)
    except (ValueError, RecursionError):
        return None
    raw_id = payload.get("event_id") if isinstance(payload, dict) else None
    return raw_id if isinstance(raw_id, str) and raw_id.strip() else None


def read_event(
    value: bytes | None, expected_type: str, limits: InputLimits = InputLimits()
) -> PurchaseOrder | Shipment:
    """Decode and validate; raises `Rejected` saying why the message cannot be screened.

    One strict decode (duplicate keys refused, nesting bounded), then validation of the decoded object;
    each failure is named by its own reason.
    """
    if not value:
        raise Rejected(DeadLetterReason.UNDECODABLE, "empty message value")
    if len(value) > limits.max_event_bytes:
        raise Rejected(
            DeadLetterReason.TOO_LARGE, f"{len(value)} bytes, over max_event_bytes ({limits.max_event_bytes})"
        )
    try:
        payload = _decode_strict(value)
    except _DuplicateKey as exc:
        raise Rejected(
            DeadLetterReason.AMBIGUOUS_PAYLOAD, f"duplicate JSON key: {exc}", _event_id_of(value)
        ) from exc
    except RecursionError as exc:
        raise Rejected(DeadLetterReason.UNDECODABLE, "JSON nested too deeply to decode") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected(DeadLetterReason.UNDECODABLE, f"not UTF-8 JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise Rejected(
            DeadLetterReason.NOT_AN_OBJECT, f"expected a JSON object, got {type(payload).__name__}"
        )
    raw_id = payload.get("event_id")
    event_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None
    # Nesting needs an opening bracket per level: most events hold too few to need the walk at all.
    brackets = value.count(b"{") + value.count(b"[")
    if brackets > limits.max_nesting and _depth_over(payload, limits.max_nesting):
        raise Rejected(
            DeadLetterReason.UNDECODABLE,
            f"JSON nested deeper than max_nesting ({limits.max_nesting})",
            event_id,
        )
    model = EVENT_TYPES.get(expected_type)
    if model is not None:
        with contextlib.suppress(ValidationError):
            return model.model_validate(payload)
    event_type = payload.get("event_type")
    if event_type != expected_type and isinstance(event_type, str) and event_type in EVENT_TYPES:
        raise Rejected(
            DeadLetterReason.WRONG_TOPIC,
            f"event_type {event_type!r} on the {expected_type!r} topic",
            event_id,
        )
    if event_type != expected_type:
        raise Rejected(
            DeadLetterReason.SCHEMA_INVALID,
            f"event_type must be {expected_type!r}, got {str(event_type)[:100]!r}",
            event_id,
        )
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


def _may_hold_other_names(value: bytes | None, role_parties: int) -> bool:
    """Whether the event may hold a `name` key beyond its role parties' own (one each), so the walk for
    `other` parties is needed. A key can only hide from this count behind a `\\u` escape, which forces
    the walk; any other `"name"` in the bytes only makes it walk for nothing."""
    if not value:
        return False
    return b"\\u" in value or value.count(b'"name"') > role_parties


def _where(msg: Inbound) -> tuple[str, int, int]:
    return msg.topic, msg.partition, msg.offset


# Allow-list suppression, a plug-in's hook (streams/plugins.py): (the decision for an event, the snapshot it
# was screened against) -> the decision to send.
Decision = HoldRecord | ClearedRecord
Suppressor = Callable[[Decision, ActiveSnapshot], Decision]


class SnapshotSource(Protocol):
    """Where the processor reads the snapshot to screen against (`SnapshotHolder`, or a pinned one)."""

    @property
    def current(self) -> ActiveSnapshot: ...


class Processor:
    def __init__(
        self,
        settings: Settings,
        snapshots: SnapshotSource,
        metrics: Metrics,
        policy: ReadinessPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.snapshots = snapshots
        self.metrics = metrics
        self.observe_duration: Callable[[float], Any] = metrics.screening_duration.observe
        # Set from the plug-ins' extensions by `streams.app.create_app` (streams/plugins.py).
        self.suppressor: Suppressor | None = None
        # The suppressor's pre-check on a hold's matched entry ids (None: every match hold is read back).
        self.suppressor_applies: Callable[[Iterable[str]], bool] | None = None
        self.expected_types = {
            settings.topic_purchases: "purchase_order",
            settings.topic_shipments: "shipment",
        }
        self.limits = InputLimits.of(settings)
        self.name_limits = NameLimits(settings.max_name_chars, settings.max_name_tokens)
        # Stale-list policy (the compliance settings', handed in by the app); none: age is not checked.
        self.policy = policy or ReadinessPolicy()
        self._replacements: dict[int, Executor] = {}  # a screening thread that hung -> its replacement

    async def process(self, msgs: list[Inbound], executor: Executor | None) -> list[Outbound]:
        """`route_many` off the event loop (in `executor`), so a slow screening cannot stall it.

        Bounded by `screen_batch_timeout`: a batch that hangs is held (`screening_unavailable`) instead,
        and since a stuck thread cannot be stopped, later batches go to a fresh screening thread.
        """
        loop = asyncio.get_running_loop()
        used = self._replacements.get(id(executor), executor) if executor is not None else None
        timeout = self.settings.screen_batch_timeout
        try:
            return await asyncio.wait_for(loop.run_in_executor(used, self.route_many, msgs), timeout)
        except TimeoutError:
            reason = f"screening a batch of {len(msgs)} took over {timeout:g} s (screen_batch_timeout)"
            log.error("%s; holding it and moving on to a fresh screening thread", reason)
            if executor is not None:
                self._replacements[id(executor)] = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="holdline-screen"
                )
            return self.fail_closed(msgs, reason)

    def fail_closed(self, msgs: list[Inbound], reason: str) -> list[Outbound]:
        """Each message's record without screening: a hold saying why, or its dead-letter record."""
        return [self.route(msg, unavailable=reason) for msg in msgs]

    def route_many(self, msgs: list[Inbound]) -> list[Outbound]:
        """One executor hop for a whole batch: a hop costs about as much as screening a cached event."""
        return [self.route(msg) for msg in msgs]

    def route(self, msg: Inbound, unavailable: str | None = None) -> Outbound:
        """The one record for `msg`; `unavailable`: hold it with that reason instead of screening it."""
        try:
            return self._route(msg, unavailable)
        except Exception as exc:  # input boundary: a bug or a broken record: keep it, say what happened
            log.exception("failed on %s[%d]@%d", msg.topic, msg.partition, msg.offset)
            return self._deadletter(msg, DeadLetterReason.INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")

    def _route(self, msg: Inbound, unavailable: str | None = None) -> Outbound:
        try:
            event = read_event(msg.value, self.expected_types.get(msg.topic, "unknown"), self.limits)
        except Rejected as rejected:
            return self._deadletter(msg, rejected.reason, rejected.error, rejected.event_id)
        dump = event.model_dump(mode="json", exclude_unset=True)
        roles = sum(1 for _ in event.parties())
        others = other_parties(event, dump) if _may_hold_other_names(msg.value, roles) else []
        parties = roles + len(others)
        if parties > self.settings.max_parties:
            return self._deadletter(
                msg,
                DeadLetterReason.TOO_MANY_PARTIES,
                f"{parties} parties, over max_parties ({self.settings.max_parties})",
                event.event_id,
            )
        snapshot = self.snapshots.current  # one snapshot for every party of this event
        started = time.perf_counter()
        ready = screening_readiness(snapshot, self.policy)
        if unavailable is not None:
            ready = Readiness(False, unavailable)
        record = decide(
            event,
            snapshot.screener if ready.ok else None,
            unavailable=ready.reason,
            cache=snapshot.cache,
            limits=self.name_limits,
            dump=dump,
            others=others,
        )
        record = self._suppress(record, snapshot)
        self.observe_duration(time.perf_counter() - started)
        return self._decision(msg, record, event.business_key)

    def _suppress(
        self, record: HoldRecord | ClearedRecord, snapshot: ActiveSnapshot
    ) -> HoldRecord | ClearedRecord:
        """Allow-list suppression (a plug-in's hook, streams/compliance/suppress.py), failing closed."""
        if self.suppressor is None:
            return record
        try:
            return self.suppressor(record, snapshot)
        except Exception:  # plug-in boundary: an allow-list failure of any kind never turns into a clearance
            log.exception("allow-list suppression failed for event %s; decision kept", record.event_id)
            return record

    def suppressed(self, out: Outbound, snapshot: ActiveSnapshot) -> Outbound:
        """A hold routed in a screening process, after allow-list suppression (whose state lives here)."""
        if self.suppressor is None or out.summary.hold_reason != HoldReason.MATCH:
            return out
        applies = self.suppressor_applies
        if applies is not None and not applies(out.summary.match_entries):
            return out  # no allowance names any matched entry: reading the hold back would change nothing
        try:
            record = HoldRecord.model_validate_json(out.value)
        except ValidationError:  # not a hold record after all: keep it as it is (fail closed)
            log.exception("cannot read back the hold for %s[%d]@%d", *_where(out.source))
            return out
        decided = self._suppress(record, snapshot)
        if decided is record:
            return out
        business_id = out.key.decode() if out.key is not None else decided.event_id
        return self._decision(out.source, decided, business_id)

    def _decision(self, msg: Inbound, record: HoldRecord | ClearedRecord, business_id: str) -> Outbound:
        topic = self.settings.topic_hold if isinstance(record, HoldRecord) else self.settings.topic_cleared
        value = record.to_json_bytes()
        key = business_id.encode()
        if len(value) + len(key) > self.settings.max_record_bytes:
            # Undeliverable: the producer and the topic would refuse it and the partition would stall.
            return self._deadletter(
                msg,
                DeadLetterReason.RECORD_TOO_LARGE,
                f"the {record.decision} record would be {len(value) + len(key)} bytes, over max_record_bytes "
                f"({self.settings.max_record_bytes}); decision: {record.decision}"
                + (f" ({record.reason.value})" if isinstance(record, HoldRecord) else ""),
                record.event_id,
            )
        # Keyed by PO number / shipment id: all records of one PO or shipment land on one partition, in order.
        return Outbound(
            source=msg, topic=topic, key=key, value=value, summary=Summary.of(record), record=record
        )

    def record_refused(self, out: Outbound, error: str) -> Outbound:
        """The dead-letter record replacing a decision the producer or the broker refused for its size."""
        size = len(out.value)
        return self._deadletter(
            out.source,
            DeadLetterReason.RECORD_TOO_LARGE,
            f"the {out.summary.outcome} record ({size} bytes) was refused: {error}",
        )

    def _deadletter(
        self, msg: Inbound, reason: DeadLetterReason, error: str, event_id: str | None = None
    ) -> Outbound:
        record = DeadLetterRecord.build(
            reason=reason,
            error=error[:MAX_ERROR_CHARS],
            topic=msg.topic,
            partition=msg.partition,
            offset=msg.offset,
            payload=msg.value,
            key=msg.key,
            event_id=event_id[:200] if event_id else None,
            max_payload=self.settings.deadletter_payload_bytes,
        )
        log.warning(
            "dead-letter %s[%d]@%d: %s: %s",
            msg.topic,
            msg.partition,
            msg.offset,
            reason.value,
            error[:MAX_ERROR_CHARS],
        )
        key = msg.key if msg.key is not None else (event_id.encode() if event_id else None)
        value = record.to_json_bytes()
        limit = self.settings.max_record_bytes
        if len(value) + len(key or b"") > limit:  # a huge key too: keep a third of the room for each
            record = record.model_copy(
                update={
                    "payload_b64": base64.b64encode((msg.value or b"")[: limit // 4]).decode(),
                    "payload_truncated": True,
                    "key_b64": base64.b64encode(msg.key[: limit // 4]).decode()
                    if msg.key is not None
                    else None,
                }
            )
            key = key[:1024] if key is not None else None
            value = record.to_json_bytes()
        return Outbound(
            source=msg,
            topic=self.settings.topic_deadletter,
            key=key,
            value=value,
            summary=Summary.of(record),
            record=record,
        )
