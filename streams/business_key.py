"""The business key: what every record about one purchase order or shipment is keyed by on Kafka.

Keyed by PO number or shipment id, all records of one PO or shipment land on one partition, in order
(decisions, list-update holds, the compliance workflow's outcomes). One definition, so the screening path,
the hold state and the re-screen loop can never key the same event differently.
"""

from __future__ import annotations


def business_id(event_type: str | None, po_number: str | None, shipment_id: str | None) -> str | None:
    """A shipment's id, a purchase order's number; for anything else whichever of the two it has."""
    first, second = (shipment_id, po_number) if event_type == "shipment" else (po_number, shipment_id)
    value = first or second
    return str(value) if value else None


def business_key(
    event_type: str | None, po_number: str | None, shipment_id: str | None, event_id: str
) -> str:
    """The Kafka key of the event's records: its business id, else its event id."""
    return business_id(event_type, po_number, shipment_id) or event_id
