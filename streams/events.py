"""Input events: what producers put on `procurement.purchases` and `procurement.shipments`.

Validated at the boundary so that screening only ever sees well-formed parties; anything that fails here
goes to the dead-letter topic with its original bytes. Unknown fields are kept (producers evolve faster
than this schema) and travel on in the output records.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, field_validator

from streams.business_key import business_id

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Party(BaseModel):
    """A counterparty as the producer knows it; only the name is needed to screen it."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: NonEmpty = Field(description="Name as written on the order or shipping document")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code or country name")
    address: str | None = None
    kind: str | None = Field(default=None, description="person, organisation, vessel, aircraft (or aliases)")


class _Event(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    event_id: NonEmpty = Field(description="Unique per event; redeliveries carry the same id")
    occurred_at: datetime = Field(description="ISO 8601; a time without offset is taken as UTC")

    # Screened roles in a fixed order, so records list parties the same way on every redelivery.
    ROLES: ClassVar[tuple[str, ...]] = ()

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value

    def parties(self) -> Iterator[tuple[str, Party]]:
        """(role, party) for every party present, in role order."""
        for role in self.ROLES:
            party = getattr(self, role)
            if party is not None:
                yield role, party

    @property
    def business_id(self) -> str | None:
        """The PO number or shipment id (streams/business_key.py)."""
        return business_id(
            getattr(self, "event_type", None),
            getattr(self, "po_number", None),
            getattr(self, "shipment_id", None),
        )

    @property
    def business_key(self) -> str:
        """The Kafka key of this event's records: its business id, else its event id."""
        return self.business_id or self.event_id


class OrderLine(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    sku: str | None = None
    description: str | None = None
    eccn: str | None = Field(default=None, description="Export Control Classification Number, e.g. 5A002")
    hs_code: str | None = None
    quantity: float | None = Field(default=None, ge=0)
    unit_price: float | None = Field(default=None, ge=0)
    currency: str | None = None


class PurchaseOrder(_Event):
    event_type: Literal["purchase_order"]
    po_number: NonEmpty
    buyer: Party | None = None
    supplier: Party | None = None
    ship_to: Party | None = None
    end_user: Party | None = None
    lines: list[OrderLine] = Field(default_factory=list)

    ROLES: ClassVar[tuple[str, ...]] = ("buyer", "supplier", "ship_to", "end_user")


class Shipment(_Event):
    event_type: Literal["shipment"]
    shipment_id: NonEmpty
    po_number: str | None = None
    shipper: Party | None = None
    consignee: Party | None = None
    notify_party: Party | None = None
    forwarder: Party | None = None
    carrier: Party | None = None
    origin_country: str | None = None
    destination_country: str | None = None

    ROLES: ClassVar[tuple[str, ...]] = ("shipper", "consignee", "notify_party", "forwarder", "carrier")


Event = Annotated[PurchaseOrder | Shipment, Field(discriminator="event_type")]
EVENT_ADAPTER: TypeAdapter[PurchaseOrder | Shipment] = TypeAdapter(Event)
# Every schema role, purchase orders' then shipments' (the console's filter, the metrics' labels, samples).
ROLES: tuple[str, ...] = (*PurchaseOrder.ROLES, *Shipment.ROLES)
EVENT_TYPES: dict[str, type[PurchaseOrder] | type[Shipment]] = {
    "purchase_order": PurchaseOrder,
    "shipment": Shipment,
}


def parse_event(payload: Any) -> PurchaseOrder | Shipment:
    """Validate a decoded JSON value; raises pydantic.ValidationError with every problem listed."""
    return EVENT_ADAPTER.validate_python(payload)


def event_schemas() -> dict[str, dict[str, Any]]:
    return {name: model.model_json_schema() for name, model in EVENT_TYPES.items()}


OTHER_ROLE = "other"


def other_parties(event: PurchaseOrder | Shipment, dump: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(JSON path, object) of every object with a `name` key outside the schema's party roles.

    Producers add fields faster than this schema learns them (`vendor`, a `parties` array, a party's
    `parent`); any of them may name a restricted party, so each is screened under the role `other`
    rather than cleared unscreened. `dump` is the event as sent (`model_dump(mode="json",
    exclude_unset=True)`). Walked with a stack: nesting is bounded before this runs, recursion is not
    needed.
    """
    roles = set(event.ROLES)
    found: list[tuple[str, dict[str, Any]]] = []
    stack: list[tuple[str, Any, bool]] = [(f"$.{k}", v, k in roles) for k, v in reversed(dump.items())]
    while stack:
        path, value, is_role = stack.pop()
        if isinstance(value, dict):
            if "name" in value and not is_role:
                found.append((path, value))
            stack.extend(
                (f"{path}.{k}", v, False) for k, v in reversed(value.items()) if not (is_role and k == "name")
            )
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v, False) for i, v in reversed(list(enumerate(value))))
    return found
