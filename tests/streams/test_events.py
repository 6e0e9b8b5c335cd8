"""Input event validation: what is accepted, what is kept, what is refused (and goes to dead-letter)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from streams.events import Party, PurchaseOrder, Shipment, event_schemas, parse_event


def po(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_id": "e-1",
        "event_type": "purchase_order",
        "occurred_at": "2019-10-09T08:00:00Z",
        "po_number": "PO-1",
    }
    return {**base, **fields}


def shipment(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_id": "s-1",
        "event_type": "shipment",
        "occurred_at": "2019-10-09T08:00:00+02:00",
        "shipment_id": "SH-1",
    }
    return {**base, **fields}


def test_the_discriminator_picks_the_model() -> None:
    assert isinstance(parse_event(po()), PurchaseOrder)
    assert isinstance(parse_event(shipment()), Shipment)


def test_unknown_fields_are_kept_on_event_party_and_line() -> None:
    event = parse_event(
        po(channel="edi", buyer={"name": "Acme", "duns": "123"}, lines=[{"sku": "A", "serials": ["x"]}])
    )
    dumped = event.model_dump(mode="json", exclude_unset=True)
    assert dumped["channel"] == "edi"
    assert dumped["buyer"] == {"name": "Acme", "duns": "123"}
    assert dumped["lines"] == [{"sku": "A", "serials": ["x"]}]


def test_parties_may_be_absent_or_null_and_are_listed_in_role_order() -> None:
    event = parse_event(po(end_user={"name": "Zeta"}, buyer={"name": "Alpha"}, supplier=None))
    assert [(role, p.name) for role, p in event.parties()] == [("buyer", "Alpha"), ("end_user", "Zeta")]
    ship = parse_event(shipment(carrier={"name": "Sea Line", "kind": "vessel"}, consignee={"name": "C"}))
    assert [role for role, _ in ship.parties()] == ["consignee", "carrier"]


NAMELESS = [{}, {"name": ""}, {"name": "  "}, {"name": None}, {"country": "CN"}, "Acme"]


@pytest.mark.parametrize("party", NAMELESS)
def test_a_party_without_a_usable_name_is_invalid(party: Any) -> None:
    with pytest.raises(ValidationError) as info:
        parse_event(po(buyer=party))
    assert any("buyer" in map(str, err["loc"]) for err in info.value.errors())


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (po(event_id=""), "event_id"),
        ({k: v for k, v in po().items() if k != "po_number"}, "po_number"),
        ({k: v for k, v in shipment().items() if k != "shipment_id"}, "shipment_id"),
        (po(occurred_at="yesterday"), "occurred_at"),
        (po(lines=[{"quantity": -1}]), "quantity"),
    ],
)
def test_required_and_typed_fields_are_enforced(payload: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_event(payload)
    assert any(field in map(str, err["loc"]) for err in info.value.errors())


def test_unknown_event_type_is_invalid() -> None:
    with pytest.raises(ValidationError):
        parse_event(po(event_type="invoice"))


def test_times_without_offset_are_utc_and_offsets_are_kept() -> None:
    naive = parse_event(po(occurred_at="2019-10-09T08:00:00"))
    assert naive.occurred_at == datetime(2019, 10, 9, 8, 0, tzinfo=UTC)
    aware = parse_event(shipment())
    assert aware.occurred_at.utcoffset() is not None
    assert aware.occurred_at.astimezone(UTC).hour == 6


def test_business_id_is_po_number_or_shipment_id() -> None:
    assert parse_event(po(po_number="PO-77")).business_id == "PO-77"
    assert parse_event(shipment(shipment_id="SH-9", po_number="PO-77")).business_id == "SH-9"


def test_party_names_are_trimmed() -> None:
    assert Party(name="  Acme Ltd ").name == "Acme Ltd"


def test_json_schema_names_every_field() -> None:
    schemas = event_schemas()
    assert set(schemas) == {"purchase_order", "shipment"}
    po_props = set(schemas["purchase_order"]["properties"])
    assert {
        "event_id",
        "event_type",
        "occurred_at",
        "po_number",
        "buyer",
        "supplier",
        "ship_to",
        "end_user",
        "lines",
    } <= po_props
    sh_props = set(schemas["shipment"]["properties"])
    assert {
        "shipment_id",
        "po_number",
        "shipper",
        "consignee",
        "notify_party",
        "forwarder",
        "carrier",
        "origin_country",
        "destination_country",
    } <= sh_props
    party = schemas["purchase_order"]["$defs"]["Party"]
    assert party["required"] == ["name"]
    assert party["additionalProperties"] is True
