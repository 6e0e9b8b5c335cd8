"""Retroactive re-screening: open events are screened against only what a new snapshot added or changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from matchers import Screener
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo
from streams.compliance.rescreen import CounterpartyMemory, OpenEvent, rescreen, snapshot_delta
from streams.events import parse_event

NOW = datetime.now(UTC)


def entry(
    entry_id: str,
    name: str,
    aliases: tuple[str, ...] = (),
    country: str = "CN",
    citation: str = "84 FR 54002",
) -> Entry:
    return Entry(
        id=entry_id,
        list="bis-entity-list",
        kind=EntityKind.ORGANISATION,
        name=name,
        aliases=aliases,
        countries=(country,),
        citation=citation,
    )


def screener(*entries: Entry) -> Screener:
    source = SourceInfo(
        list="bis-entity-list",
        path="test",
        format="test",
        entries=len(entries),
        aliases=0,
        content_hash=str(hash(tuple(e.content_hash() for e in entries))),
    )
    return Screener([LoadedList(source=source, entries=entries)])


BASE = (entry("bis:old-1", "Rosoboronexport", country="RU"), entry("bis:old-2", "Mahan Air", country="IR"))
HIKVISION = entry("bis:hik", "Hangzhou Hikvision Digital Technology Co., Ltd.", ("Hikvision",))
KUMUL = entry(
    "bis:kumul", "Kumul Municipal Public Security Bureau", ("Hami Municipal Public Security Bureau",)
)


def po(event_id: str, supplier: str, end_user: str = "Acme Tools GmbH", days_ago: float = 1, **extra: Any):
    return parse_event(
        {
            "event_id": event_id,
            "event_type": "purchase_order",
            "po_number": f"PO-{event_id}",
            "occurred_at": (NOW - timedelta(days=days_ago)).isoformat(),
            "buyer": {"name": "Contoso Trading Ltd", "country": "GB"},
            "supplier": {"name": supplier, "country": "CN"},
            "end_user": {"name": end_user, "country": "DE"},
            **extra,
        }
    )


def shipment(event_id: str, consignee: str, **extra: Any):
    return parse_event(
        {
            "event_id": event_id,
            "event_type": "shipment",
            "shipment_id": f"S-{event_id}",
            "occurred_at": NOW.isoformat(),
            "shipper": {"name": "Fabrikam Logistics"},
            "consignee": {"name": consignee, "country": "CN"},
            **extra,
        }
    )


def test_new_entries_hold_only_the_open_events_they_touch() -> None:
    memory = CounterpartyMemory()
    memory.observe(po("p1", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD"), "procurement.purchases", 0)
    memory.observe(po("p2", "Shenzhen Clean Components Co"), "procurement.purchases", 1)
    memory.observe(shipment("s1", "Hami Municipal Public Security Bureau"), "procurement.shipments", 0)
    memory.observe(shipment("s2", "Northwind Traders"), "procurement.shipments", 2)
    old, new = screener(*BASE), screener(*BASE, HIKVISION, KUMUL)
    result = rescreen(memory.open_events(), old, new)
    assert result.delta.added == ("bis:hik", "bis:kumul") and not result.delta.changed
    held = {h["event_id"]: h for h in result.holds}
    assert set(held) == {"p1", "s1"}
    p1 = held["p1"]
    assert p1["decision"] == "hold" and p1["reason"] == "list_update"
    assert p1["list_version"] == new.version and p1["po_number"] == "PO-p1"
    assert [h["role"] for h in p1["hits"]] == ["supplier"]
    assert p1["hits"][0]["matches"][0]["entry_id"] == "bis:hik"
    assert p1["list_update"]["citations"] == ["84 FR 54002"]
    assert p1["list_update"]["from_version"] == old.version and p1["list_update"]["added"] == 2
    assert p1["event"]["po_number"] == "PO-p1" and len(p1["parties_screened"]) == 3
    assert held["s1"]["hits"][0]["role"] == "consignee"
    assert result.events == 4 and result.parties == 3 * 2 + 2 * 2


def test_only_added_and_changed_entries_are_screened() -> None:
    memory = CounterpartyMemory()
    memory.observe(po("p1", "Rosoboronexport"))  # listed all along: held at the time, not a list update
    memory.observe(po("p2", "Hami Municipal Public Security Bureau"))
    old = screener(*BASE, entry("bis:kumul", "Kumul Municipal Public Security Bureau"))
    new = screener(*BASE, KUMUL)  # the same entry gains the Hami alias
    delta = snapshot_delta(old, new)
    assert delta.changed == ("bis:kumul",) and not delta.added
    result = rescreen(memory.open_events(), old, new)
    assert [h["event_id"] for h in result.holds] == ["p2"]
    assert result.holds[0]["list_update"]["changed"] == 1


def test_nothing_changed_screens_nothing() -> None:
    memory = CounterpartyMemory()
    memory.observe(po("p1", "Hikvision"))
    same = screener(*BASE, HIKVISION)
    result = rescreen(memory.open_events(), same, screener(*BASE, HIKVISION))
    assert result.holds == [] and result.parties == 0


def test_closed_and_old_events_are_forgotten_and_later_events_replace_earlier() -> None:
    memory = CounterpartyMemory(window=timedelta(days=30))
    memory.observe(po("p1", "Hikvision"))
    memory.observe(po("p1-delivered", "Hikvision", po_number="PO-p1", status="delivered"))
    memory.observe(po("p2", "Hikvision", days_ago=45))  # outside the window
    memory.observe(po("p3", "Hikvision"))
    memory.observe(po("p3-amended", "Northwind Traders", po_number="PO-p3", days_ago=0.5))
    assert {e.event_id for e in memory.open_events()} == {"p3-amended"}
    assert memory.expired() == ["purchase_order:PO-p2"]
    result = rescreen(memory.open_events(), screener(*BASE), screener(*BASE, HIKVISION))
    assert result.holds == []


def test_ownership_filter_limits_the_events_a_worker_rescreens() -> None:
    memory = CounterpartyMemory()
    memory.observe(po("p1", "Hikvision"), "procurement.purchases", 0)
    memory.observe(po("p2", "Hikvision"), "procurement.purchases", 1)
    mine = memory.open_events(owned=lambda e: e.source_partition == 1)
    result = rescreen(mine, screener(*BASE), screener(*BASE, HIKVISION))
    assert [h["event_id"] for h in result.holds] == ["p2"]


def test_open_events_round_trip_through_the_topic_format() -> None:
    memory = CounterpartyMemory()
    key, value = memory.observe(po("p1", "Hikvision"), "procurement.purchases", 3)
    replica = CounterpartyMemory()
    replica.apply_record(key, value.model_dump_json())
    assert replica.open_events()[0] == value
    replica.apply_record(key, None)
    assert len(replica) == 0


def test_a_worker_reading_its_own_open_event_writes_back_folds_the_same_state() -> None:
    """The tail applies a record this worker wrote as the model it encoded (no second validation);
    anything else is validated as before, so the folded memory is the same either way."""
    from streams.compliance.rescreen import remember

    mine = CounterpartyMemory()
    plain = CounterpartyMemory()
    k1, v1 = remember(po("p1", "Shenzhen Clean Components Co"), "procurement.purchases", 0)
    k2, v2 = remember(po("p2", "Northwind Traders", days_ago=2), "procurement.purchases", 1)
    assert v1 is not None and v2 is not None
    raw1, raw2 = v1.model_dump_json().encode(), v2.model_dump_json().encode()
    mine.wrote(k1, raw1, v1)
    mine.wrote(k2, raw2, v2)
    other = v2.model_copy(update={"event_id": "p2-from-another-worker"})
    records = [(k1, raw1), (k2, other.model_dump_json().encode()), (k2, raw2), (k1, None)]
    for key, raw in records:
        mine.apply_record(key, raw)
        plain.apply_record(key, raw)
    assert mine.get(k1) is None and plain.get(k1) is None  # the tombstone, though not announced
    # Out of step for k2 (another writer's record came first): our own bytes were validated again.
    assert mine.get(k2) == plain.get(k2) == v2 and mine.get(k2) is not v2

    again = CounterpartyMemory()
    again.wrote(k1, raw1, v1)
    again.apply_record(k1, raw1.decode())  # read back as text: the same record
    assert again.get(k1) is v1
    again.apply_record(k1, raw1)  # a second copy (a retried write that had landed): validated
    assert again.get(k1) == v1 and again.get(k1) is not v1


def test_open_events_survive_their_json_round_trip() -> None:
    """What skipping the read-back's validation relies on: the record validates to the model it encodes."""
    from streams.compliance.rescreen import remember
    from streams.samples import SampleGenerator, builtin_entries

    generator = SampleGenerator(builtin_entries(), seed=13, listed_share=0.3, malformed_share=0.0)
    checked = 0
    for sample in generator.samples(300):
        try:
            event = parse_event(json.loads(sample.value))
        except ValueError:
            continue
        _, value = remember(event, "procurement.purchases", 3)
        if value is not None:
            raw = value.model_dump_json()
            assert (
                OpenEvent.model_validate_json(raw) == value
                and OpenEvent.model_validate_json(raw).model_dump_json() == raw
            )
            checked += 1
    assert checked > 200
