"""Output record shapes: exact top-level fields other tools read, and their JSON Schemas."""

from __future__ import annotations

import base64
import json

from streams.records import (
    ClearedRecord,
    DeadLetterReason,
    DeadLetterRecord,
    HoldReason,
    HoldRecord,
    record_schemas,
    utcnow_iso,
)


def test_hold_record_top_level_fields() -> None:
    record = HoldRecord(
        event_id="e",
        event_type="purchase_order",
        list_version="v",
        screened_at=utcnow_iso(),
        po_number="PO-1",
        parties_screened=[],
        event={},
        reason=HoldReason.MATCH,
        hits=[],
    )
    doc = json.loads(record.to_json_bytes())
    assert {
        "event_id",
        "event_type",
        "decision",
        "reason",
        "hits",
        "list_version",
        "screened_at",
        "po_number",
        "parties_screened",
    } <= set(doc)
    assert doc["decision"] == "hold" and doc["reason"] == "match"


def test_cleared_record_top_level_fields() -> None:
    record = ClearedRecord(
        event_id="e",
        event_type="shipment",
        list_version="v",
        screened_at="t",
        shipment_id="SH-1",
        parties_screened=[],
        event={},
    )
    doc = json.loads(record.to_json_bytes())
    assert {
        "event_id",
        "event_type",
        "decision",
        "list_version",
        "screened_at",
        "shipment_id",
        "parties_screened",
    } <= set(doc)
    assert doc["decision"] == "cleared" and "hits" not in doc and "reason" not in doc


def test_deadletter_record_keeps_bytes_and_source() -> None:
    payload = bytes(range(256))
    record = DeadLetterRecord.build(
        reason=DeadLetterReason.UNDECODABLE,
        error="bad",
        topic="t",
        partition=3,
        offset=99,
        payload=payload,
        key=b"k",
    )
    doc = json.loads(record.to_json_bytes())
    assert {"decision", "error", "source", "payload_b64", "event_id", "reason"} <= set(doc)
    assert doc["decision"] == "deadletter" and doc["event_id"] is None
    assert doc["source"] == {"topic": "t", "partition": 3, "offset": 99}
    assert base64.b64decode(doc["payload_b64"]) == payload
    assert base64.b64decode(doc["key_b64"]) == b"k"


def test_screened_at_is_utc_iso() -> None:
    stamp = utcnow_iso()
    assert stamp.endswith("Z") and "T" in stamp


def test_schemas_cover_the_three_outputs() -> None:
    schemas = record_schemas()
    assert set(schemas) >= {"hold", "cleared", "deadletter"}
    assert "hits" in schemas["hold"]["properties"]
    assert "payload_b64" in schemas["deadletter"]["properties"]


def test_a_received_hold_keeps_the_shape_it_came_with() -> None:
    """The hold state keeps a hold as it was on the topic: a list-update hold's keys, no more, no less."""
    from streams.records import ReceivedCleared, ReceivedHold, read_decision_record

    list_update_hold = {
        "event_id": "e",
        "event_type": "shipment",
        "decision": "hold",
        "reason": "list_update",
        "hits": [{"role": "consignee", "party": {"name": "X"}, "matches": [{"entry_id": "a", "score": 0.9}]}],
        "list_version": "v2",
        "screened_at": "2024-01-01T00:00:00.000Z",
        "po_number": None,
        "shipment_id": "S",
        "parties_screened": [{"role": "consignee", "party": {"name": "X"}}],
        "threshold": 0.82,
        "event": {"event_id": "e"},
        "error": None,
        "list_update": {"from_version": "v1", "added": 1},
    }
    received = read_decision_record(json.dumps(list_update_hold))
    assert isinstance(received, ReceivedHold) and received.entry_ids() == ("a",)
    assert received.as_json() == list_update_hold
    release = {**list_update_hold, "decision": "cleared", "decision_ref": {"decision_id": "d"}}
    for key in ("reason", "hits", "error", "list_update"):
        release.pop(key)
    cleared = read_decision_record(release)
    assert isinstance(cleared, ReceivedCleared) and cleared.model_extra == {
        "decision_ref": {"decision_id": "d"}
    }
