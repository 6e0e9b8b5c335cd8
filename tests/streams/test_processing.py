"""From raw message bytes to the one output record: routing, keys, dead-letter reasons. No broker."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from pydantic import ValidationError

from matchers import Screener
from streams import processing
from streams.events import parse_event
from streams.metrics import Metrics
from streams.processing import Inbound, Processor, Rejected, read_event
from streams.records import ClearedRecord, DeadLetterReason, DeadLetterRecord, HoldRecord
from streams.samples import SampleGenerator, builtin_entries
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder

PURCHASES, SHIPMENTS = "procurement.purchases", "procurement.shipments"


def event_bytes(**fields: Any) -> bytes:
    base = {
        "event_id": "e-1",
        "event_type": "purchase_order",
        "occurred_at": "2019-10-10T09:00:00Z",
        "po_number": "PO-1",
        "buyer": {"name": "Northwind Traders"},
    }
    return json.dumps({**base, **fields}).encode()


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([builtin_list_path()])


@pytest.fixture
def processor(screener: Screener) -> Processor:
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    holder.swap(screener, [builtin_list_path()])
    return Processor(Settings(), holder, metrics)


def msg(value: bytes | None, topic: str = PURCHASES, key: bytes | None = b"k", offset: int = 7) -> Inbound:
    return Inbound(topic=topic, partition=2, offset=offset, key=key, value=value, timestamp=1.0)


@pytest.mark.parametrize(
    ("value", "reason", "says"),
    [
        (None, DeadLetterReason.UNDECODABLE, "empty"),
        (b"", DeadLetterReason.UNDECODABLE, "empty"),
        (b"\xff\xfe\x00garbage", DeadLetterReason.UNDECODABLE, "JSON"),
        (b'{"event_id": "e-1", ', DeadLetterReason.UNDECODABLE, "JSON"),
        (b"[1, 2]", DeadLetterReason.NOT_AN_OBJECT, "list"),
        (b'"text"', DeadLetterReason.NOT_AN_OBJECT, "str"),
        (event_bytes(event_type="invoice"), DeadLetterReason.SCHEMA_INVALID, "event_type"),
        (event_bytes(buyer={"country": "CN"}), DeadLetterReason.SCHEMA_INVALID, "buyer.name"),
        (event_bytes(occurred_at="next tuesday"), DeadLetterReason.SCHEMA_INVALID, "occurred_at"),
        (event_bytes(event_type="shipment", shipment_id="S"), DeadLetterReason.WRONG_TOPIC, "shipment"),
    ],
)
def test_unscreenable_input_is_rejected_with_a_reason(
    value: bytes | None, reason: DeadLetterReason, says: str
) -> None:
    with pytest.raises(Rejected) as info:
        read_event(value, "purchase_order")
    assert info.value.reason == reason
    assert says in info.value.error


def test_decoding_straight_from_bytes_gives_the_event_the_step_by_step_path_gives() -> None:
    """The fast path (pydantic's JSON parser) must accept and build exactly what json + validation would."""
    samples = SampleGenerator(builtin_entries(), seed=3).samples(400)
    expected_type = {"purchases": "purchase_order", "shipments": "shipment"}
    compared = 0
    for sample in samples:
        try:
            payload = json.loads(sample.value)
            slow = parse_event(payload) if payload.get("event_type") == expected_type[sample.stream] else None
        except (ValueError, AttributeError, ValidationError):
            slow = None
        if slow is None:
            with pytest.raises(Rejected):
                read_event(sample.value, expected_type[sample.stream])
            continue
        fast = read_event(sample.value, expected_type[sample.stream])
        assert fast == slow
        as_sent = {"mode": "json", "exclude_unset": True}
        assert fast.model_dump(**as_sent) == slow.model_dump(**as_sent)
        compared += 1
    assert compared > 300


def test_records_built_for_the_topics_validate_against_their_own_schema(processor: Processor) -> None:
    samples = SampleGenerator(builtin_entries(), seed=4).samples(200)
    topics = {"purchases": PURCHASES, "shipments": SHIPMENTS}
    msgs = [msg(s.value, topic=topics[s.stream], offset=i) for i, s in enumerate(samples)]
    outs = processor.route_many(msgs)
    models = {"hold": HoldRecord, "cleared": ClearedRecord, "deadletter": DeadLetterRecord}
    for out in outs:
        assert out.record is not None
        again = models[out.summary.outcome].model_validate_json(out.value)
        assert again.model_dump(mode="json") == out.record.model_dump(mode="json")
    assert {o.summary.outcome for o in outs} == set(models)


def test_the_event_id_is_kept_when_it_could_be_read() -> None:
    with pytest.raises(Rejected) as info:
        read_event(event_bytes(event_id="e-42", buyer={}), "purchase_order")
    assert info.value.event_id == "e-42"


def test_a_clean_event_goes_to_cleared_keyed_by_po_number(processor: Processor) -> None:
    out = processor.route(msg(event_bytes(po_number="PO-9")))
    assert out.topic == "screening.cleared"
    assert out.key == b"PO-9"
    doc = json.loads(out.value)
    assert doc["decision"] == "cleared" and doc["event_id"] == "e-1" and doc["po_number"] == "PO-9"
    assert {"event_id", "event_type", "decision", "list_version", "screened_at"} <= set(doc)


def test_a_listed_party_goes_to_hold_and_a_shipment_is_keyed_by_shipment_id(processor: Processor) -> None:
    value = json.dumps(
        {
            "event_id": "s-1",
            "event_type": "shipment",
            "occurred_at": "2019-10-10T09:00:00Z",
            "shipment_id": "SH-3",
            "po_number": "PO-1",
            "consignee": {"name": "Dahua Technology"},
        }
    )
    out = processor.route(msg(value.encode(), topic=SHIPMENTS))
    assert out.topic == "screening.hold"
    assert out.key == b"SH-3"
    doc = json.loads(out.value)
    assert doc["decision"] == "hold" and doc["reason"] == "match"
    assert doc["hits"][0]["role"] == "consignee"
    assert {"event_id", "event_type", "decision", "reason", "hits", "list_version", "screened_at"} <= set(doc)


def test_dead_letters_keep_the_original_bytes_and_where_they_came_from(processor: Processor) -> None:
    raw = b"\x00\x01 not json at all \xff"
    out = processor.route(msg(raw, key=b"orig-key", offset=41))
    assert out.topic == "screening.deadletter"
    assert out.key == b"orig-key", "a dead letter keeps the source key"
    doc = json.loads(out.value)
    assert doc["decision"] == "deadletter" and doc["reason"] == "undecodable" and doc["error"]
    assert base64.b64decode(doc["payload_b64"]) == raw
    assert doc["source"] == {"topic": PURCHASES, "partition": 2, "offset": 41}
    assert doc["event_id"] is None


def test_a_keyless_dead_letter_is_keyed_by_its_event_id(processor: Processor) -> None:
    out = processor.route(msg(event_bytes(event_id="e-5", buyer={"name": ""}), key=None))
    assert out.key == b"e-5"
    assert json.loads(out.value)["event_id"] == "e-5"


def test_an_unexpected_failure_dead_letters_instead_of_dropping(
    processor: Processor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: Any, **__: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(processing, "decide", explode)
    value = event_bytes()
    out = processor.route(msg(value))
    record = out.record
    assert isinstance(record, DeadLetterRecord)
    assert record.reason == DeadLetterReason.INTERNAL_ERROR and "RuntimeError: bug" in record.error
    assert base64.b64decode(record.payload_b64) == value


def test_a_failing_allowlist_hook_keeps_the_hold(processor: Processor) -> None:
    def broken_suppressor(record: Any, snapshot: Any) -> Any:
        raise RuntimeError("allow-list store down")

    processor.suppressor = broken_suppressor
    out = processor.route(msg(event_bytes(buyer={"name": "Hikvision"})))
    assert isinstance(out.record, HoldRecord) and out.topic == "screening.hold"


def test_no_list_loaded_holds_everything(screener: Screener) -> None:
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.fail("cannot load lists: nope.json: not found")
    proc = Processor(Settings(), holder, Metrics())
    out = proc.route(msg(event_bytes()))
    assert out.topic == "screening.hold"
    doc = json.loads(out.value)
    assert doc["reason"] == "screening_unavailable" and "nope.json" in doc["error"]


def test_a_batch_keeps_input_order(processor: Processor) -> None:
    msgs = [msg(event_bytes(event_id=f"e-{i}"), offset=i) for i in range(5)] + [msg(b"junk", offset=5)]
    outs = processor.route_many(msgs)
    assert [o.source.offset for o in outs] == list(range(6))
    assert [o.topic for o in outs] == ["screening.cleared"] * 5 + ["screening.deadletter"]


def test_screening_duration_is_observed(processor: Processor) -> None:
    processor.route(msg(event_bytes()))
    text = processor.metrics.render().decode()
    assert "holdline_screening_duration_seconds_count 1.0" in text
