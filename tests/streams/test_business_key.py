"""One business key for every record of an event (streams/business_key.py), with the same fallbacks."""

from __future__ import annotations

import pytest

from streams.business_key import business_id, business_key
from streams.compliance.holds_state import business_id_of
from streams.events import parse_event

# (event_type, po_number, shipment_id, event_id) -> the key
CASES = [
    ("purchase_order", "PO-1", None, "ev-1", "PO-1"),
    ("purchase_order", "PO-1", "SH-9", "ev-1", "PO-1"),  # a PO's own number wins
    ("shipment", "PO-1", "SH-9", "ev-2", "SH-9"),  # a shipment's own id wins over the PO it ships
    ("shipment", "PO-1", None, "ev-2", "PO-1"),  # no shipment id: the PO it belongs to
    ("shipment", None, None, "ev-3", "ev-3"),
    ("purchase_order", None, "SH-9", "ev-4", "SH-9"),
    ("purchase_order", "", "", "ev-5", "ev-5"),  # empty strings are no key
    (None, "PO-7", "SH-7", "ev-6", "PO-7"),  # unknown type: the PO number first
    ("other", None, None, "ev-7", "ev-7"),
]


@pytest.mark.parametrize(("event_type", "po", "shipment", "event_id", "key"), CASES)
def test_the_key_of_every_combination(
    event_type: str | None, po: str | None, shipment: str | None, event_id: str, key: str
) -> None:
    assert business_key(event_type, po, shipment, event_id) == key
    record = {"event_type": event_type, "po_number": po, "shipment_id": shipment, "event_id": event_id}
    assert (business_id_of(record) or event_id) == key  # the compliance side reads the same function


def test_events_use_the_same_key() -> None:
    po = parse_event(
        {
            "event_type": "purchase_order",
            "event_id": "e1",
            "occurred_at": "2024-01-01T00:00:00Z",
            "po_number": "PO-1",
        }
    )
    shipment = parse_event(
        {
            "event_type": "shipment",
            "event_id": "e2",
            "occurred_at": "2024-01-01T00:00:00Z",
            "shipment_id": "SH-1",
            "po_number": "PO-1",
        }
    )
    assert (po.business_key, shipment.business_key) == ("PO-1", "SH-1")
    assert business_id("shipment", "PO-1", "SH-1") == shipment.business_id
