"""Retroactive re-screening: when a list changes, find the open orders and shipments it now touches.

On 9 October 2019 twenty-eight organisations joined the Entity List at once; every open order touching
them had to stop that day, not at the next order. So the workers remember the counterparties of open
purchase orders and shipments, and when a new snapshot adds or changes entries they screen those
counterparties against ONLY the added and changed entries (thousands of parties against a few dozen
entries, not against the whole list) and hold what they touch, with reason `list_update`.

Open = not closed by a later event of the same PO or shipment (an event whose `status` field says it was
delivered, closed, cancelled or completed) and not older than the configured window.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from streams.compliance.holds_state import LIST_UPDATE
from streams.events import PurchaseOrder, Shipment

if TYPE_CHECKING:  # the engine is imported when lists load (decision 0516)
    from matchers import Match, Screener

CLOSING_STATUSES = frozenset({"delivered", "closed", "cancelled", "canceled", "completed", "received"})
DEFAULT_WINDOW = timedelta(days=90)


class RememberedParty(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: str
    party: dict[str, Any]


class OpenEvent(BaseModel):
    """One record of the open-events topic (keyed by `key`; a tombstone forgets it)."""

    model_config = ConfigDict(frozen=True)

    kind: str = "open_event"
    key: str = Field(description="'<event_type>:<business id>': later events of it replace this one")
    event_id: str
    event_type: str
    po_number: str | None = None
    shipment_id: str | None = None
    occurred_at: datetime
    source_topic: str | None = None
    source_partition: int | None = Field(
        default=None, description="Input partition: its owner re-screens this event"
    )
    parties: list[RememberedParty]
    event: dict[str, Any]


def open_event_key(event: PurchaseOrder | Shipment) -> str:
    return f"{event.event_type}:{event.business_id}"


def is_closing(event: PurchaseOrder | Shipment) -> bool:
    status = (event.model_extra or {}).get("status")
    return isinstance(status, str) and status.strip().lower() in CLOSING_STATUSES


def remember(
    event: PurchaseOrder | Shipment,
    topic: str | None = None,
    partition: int | None = None,
    dump: dict[str, Any] | None = None,
) -> tuple[str, OpenEvent | None]:
    """What to write to the open-events topic for this event: the open event, or None (forget it).

    `dump`: the event as `model_dump(mode="json", exclude_unset=True)` gives it, when the caller has it
    already (an output record's `event` is exactly that, written by the screening worker): the dump is
    the open event's largest cost, and dumping the event parsed from it again gives the same dict.
    """
    key = open_event_key(event)
    if is_closing(event):
        return key, None
    if dump is None:
        dump = event.model_dump(mode="json", exclude_unset=True)
    parties = [
        RememberedParty(
            role=role,
            party=dump[role] if role in dump else party.model_dump(mode="json", exclude_unset=True),
        )
        for role, party in event.parties()
    ]
    return key, OpenEvent(
        key=key,
        event_id=event.event_id,
        event_type=event.event_type,
        po_number=event.po_number,
        shipment_id=getattr(event, "shipment_id", None),
        occurred_at=event.occurred_at,
        source_topic=topic,
        source_partition=partition,
        parties=parties,
        event=dump,
    )


# Open-event records this process wrote and has not read back yet (keys); beyond it the bookkeeping is
# dropped and the records read back are validated as any other.
ECHO_LIMIT = 100_000


class CounterpartyMemory:
    """The folded open-events topic.

    Every worker's tail folds the whole topic, its own writes included. A record this process wrote
    (`wrote`) comes back as the same bytes: it is applied as the model it was encoded from instead of
    being validated again (a third of the tail's cost per event). Anything else — another worker's
    record, bytes that differ, a write not read back in order — is validated as before.
    """

    def __init__(self, window: timedelta = DEFAULT_WINDOW) -> None:
        self.window = window
        self._open: dict[str, OpenEvent] = {}
        self._echo: dict[str, deque[tuple[bytes | None, OpenEvent | None]]] = {}

    def __len__(self) -> int:
        return len(self._open)

    def put(self, key: str, value: OpenEvent | None) -> None:
        if value is None:
            self._open.pop(key, None)
            return
        old = self._open.get(key)
        if old is None or value.occurred_at >= old.occurred_at:  # a late, older event does not win
            self._open[key] = value

    def wrote(self, key: str, raw: bytes | None, value: OpenEvent | None) -> None:
        """This process wrote `raw` (`value` encoded, None for a tombstone) to the topic under `key`."""
        if len(self._echo) >= ECHO_LIMIT:
            self._echo.clear()
        self._echo.setdefault(key, deque()).append((raw, value))

    def apply_record(self, key: str, value: bytes | str | None) -> None:
        pending = self._echo.get(key)
        if pending is not None:
            raw, model = pending[0]
            if (value.encode() if isinstance(value, str) else value) == raw:
                pending.popleft()
                if not pending:
                    del self._echo[key]
                self.put(key, model)
                return
            del self._echo[key]  # out of step with our writes: validate this key's records from now on
        self.put(key, None if value is None else OpenEvent.model_validate_json(value))

    def get(self, key: str) -> OpenEvent | None:
        return self._open.get(key)

    def observe(
        self, event: PurchaseOrder | Shipment, topic: str | None = None, partition: int | None = None
    ) -> tuple[str, OpenEvent | None]:
        key, value = remember(event, topic, partition)
        self.put(key, value)
        return key, value

    def expired(self, now: datetime | None = None) -> list[str]:
        """Keys older than the window: the caller forgets them (tombstones) so the topic stays small."""
        limit = (now or datetime.now(UTC)) - self.window
        return [k for k, v in self._open.items() if v.occurred_at < limit]

    def open_events(
        self, now: datetime | None = None, owned: Callable[[OpenEvent], bool] | None = None
    ) -> list[OpenEvent]:
        limit = (now or datetime.now(UTC)) - self.window
        return [v for v in self._open.values() if v.occurred_at >= limit and (owned is None or owned(v))]

    def counterparties(self) -> int:
        return sum(len(v.parties) for v in self._open.values())


@dataclass(frozen=True)
class Delta:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def screen_ids(self) -> tuple[str, ...]:
        return (*self.added, *self.changed)


def snapshot_delta(old: Screener | None, new: Screener) -> Delta:
    """Entries added, changed (content hash differs) and removed between two snapshots.

    A list whose source file is byte-identical in both snapshots (same list id, same file hash) cannot
    have changed, so only the other lists' entries are compared: a refresh of one list among thirty does
    not rehash 36,000 entries.
    """
    if old is None:
        return Delta(tuple(sorted(new.entries)), (), ())
    before_sources = {lst.source.list: lst.source.content_hash for lst in old.lists}
    same = {
        lst.source.list for lst in new.lists if before_sources.get(lst.source.list) == lst.source.content_hash
    }
    before = {i: e for i, e in old.entries.items() if e.list not in same}
    after = {i: e for i, e in new.entries.items() if e.list not in same}
    added = tuple(sorted(i for i in after if i not in old.entries))
    changed = tuple(
        sorted(i for i in after if i in before and after[i].content_hash() != before[i].content_hash())
    )
    removed = tuple(sorted(i for i in before if i not in new.entries))
    return Delta(added, changed, removed)


def delta_screener(new: Screener, entry_ids: Iterable[str]) -> Screener:
    """A screener over only `entry_ids` of `new`, weighing tokens as the full snapshot does."""
    return new.subset(list(entry_ids))


@dataclass
class RescreenResult:
    delta: Delta
    holds: list[dict[str, Any]]
    events: int = 0
    parties: int = 0
    distinct_parties: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def rescreen(
    events: Iterable[OpenEvent],
    old: Screener | None,
    new: Screener,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    delta: Delta | None = None,
    subset: Screener | None = None,
) -> RescreenResult:
    """Hold records (reason `list_update`) for the open events the added or changed entries touch.

    `delta` and `subset` (the screener over the added and changed entries) can be passed when already
    computed for this swap.
    """
    started = time.perf_counter()
    delta = delta or snapshot_delta(old, new)
    result = RescreenResult(delta=delta, holds=[])
    if not delta.screen_ids:
        result.seconds = time.perf_counter() - started
        return result
    screener = subset or delta_screener(new, delta.screen_ids)
    cache: dict[tuple[str, str | None, str | None], list[Match]] = {}
    for open_event in events:
        result.events += 1
        hits = []
        for remembered in open_event.parties:
            party = remembered.party
            result.parties += 1
            key = (str(party.get("name", "")), party.get("country"), party.get("kind"))
            if key not in cache:
                matches = screener.screen(key[0], country=key[1], kind=key[2]) if key[0] else []
                cache[key] = [m for m in matches if screener.is_hit([m])]
            if cache[key]:
                hits.append(
                    {"role": remembered.role, "party": party, "matches": [m.to_record() for m in cache[key]]}
                )
        if hits:
            result.holds.append(list_update_hold(open_event, hits, old, new, delta, now()))
    result.distinct_parties = len(cache)
    result.seconds = time.perf_counter() - started
    return result


def list_update_hold(
    open_event: OpenEvent,
    hits: list[dict[str, Any]],
    old: Screener | None,
    new: Screener,
    delta: Delta,
    at: datetime,
) -> dict[str, Any]:
    """A hold record in the pipeline's format, with reason `list_update` and what changed in the list."""
    entries = sorted({m["entry_id"] for h in hits for m in h["matches"]})
    citations = sorted({m["citation"] for h in hits for m in h["matches"] if m.get("citation")})
    return {
        "event_id": open_event.event_id,
        "event_type": open_event.event_type,
        "decision": "hold",
        "reason": LIST_UPDATE,
        "hits": hits,
        "list_version": new.version,
        "screened_at": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "po_number": open_event.po_number,
        "shipment_id": open_event.shipment_id,
        "parties_screened": [p.model_dump(mode="json") for p in open_event.parties],
        "threshold": new.threshold,
        "event": open_event.event,
        "error": None,
        "list_update": {
            "from_version": old.version if old is not None else None,
            "to_version": new.version,
            "added": len(delta.added),
            "changed": len(delta.changed),
            "entries": entries,
            "citations": citations,
        },
    }
