"""The compliance consumer's read of the cleared topic: the fields it uses, the rest left unbuilt."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from streams.compliance.readback import ClearedEcho, read_output, released
from streams.records import ReceivedCleared, ReceivedHold, read_decision_record

CLEARED: dict[str, Any] = {
    "event_id": "e-1",
    "event_type": "purchase_order",
    "decision": "cleared",
    "list_version": "v2",
    "screened_at": "2024-01-01T00:00:00.000Z",
    "po_number": "PO-1",
    "shipment_id": None,
    "parties_screened": [{"role": "supplier", "party": {"name": "Northwind Trading"}}],
    "threshold": 0.82,
    "event": {"event_id": "e-1", "event_type": "purchase_order", "supplier": {"name": "Northwind Trading"}},
}


def test_a_cleared_record_reads_as_its_echo_with_what_the_workflow_uses() -> None:
    raw = json.dumps(CLEARED).encode()
    echo = read_output(raw, cleared_topic=True)
    whole = read_decision_record(raw)
    assert isinstance(echo, ClearedEcho) and isinstance(whole, ReceivedCleared)
    assert (echo.event_id, echo.list_version, echo.event) == (whole.event_id, whole.list_version, whole.event)
    assert not released(echo) and not released(whole)


def test_a_release_is_told_apart_either_way() -> None:
    raw = json.dumps({**CLEARED, "decision_ref": {"decision_id": "d-1"}}).encode()
    assert released(read_output(raw, cleared_topic=True))
    assert released(read_decision_record(raw))


def test_a_hold_on_the_cleared_topic_and_every_hold_are_read_whole() -> None:
    hold = {
        **CLEARED,
        "decision": "hold",
        "reason": "match",
        "hits": [{"role": "supplier", "party": {"name": "X"}, "matches": [{"entry_id": "a", "score": 0.9}]}],
    }
    raw = json.dumps(hold).encode()
    for cleared_topic in (True, False):
        record = read_output(raw, cleared_topic=cleared_topic)
        assert isinstance(record, ReceivedHold) and record.entry_ids() == ("a",)
    assert isinstance(read_output(json.dumps(CLEARED).encode(), cleared_topic=False), ReceivedCleared)


@pytest.mark.parametrize("value", [b"", b"not json", b'{"decision": "cleared"}', b'{"decision": "other"}'])
def test_what_is_neither_is_refused_as_before(value: bytes) -> None:
    with pytest.raises(ValidationError):
        read_output(value, cleared_topic=True)
