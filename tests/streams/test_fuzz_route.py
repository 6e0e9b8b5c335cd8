"""Fuzzing `Processor.route`: any bytes, any JSON, any event shape gets exactly one record with a reason,
nothing raises inside, and no event naming a listed party in a screened field is ever cleared."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchers import Screener
from streams.events import PurchaseOrder, Shipment
from streams.metrics import Metrics
from streams.processing import Inbound, Outbound, Processor
from streams.records import DeadLetterReason, HoldReason
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder

SETTINGS = Settings()
TOPICS = {"purchase_order": SETTINGS.topic_purchases, "shipment": SETTINGS.topic_shipments}
FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

_SCREENER = Screener.from_paths([builtin_list_path()])
# Listed names the engine holds on their own (no country, no kind): what a fuzzed event carries.
LISTED = sorted({e.name for e in _SCREENER.entries.values() if _SCREENER.is_hit(_SCREENER.screen(e.name))})[
    :12
]


@pytest.fixture(scope="module")
def processor() -> Processor:
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.swap(_SCREENER, [builtin_list_path()])
    return Processor(SETTINGS, holder, Metrics())


def route(processor: Processor, value: bytes, topic: str = SETTINGS.topic_purchases) -> tuple[Outbound, Any]:
    out = processor.route(Inbound(topic, 0, 1, b"k", value, timestamp=1.0))
    record = json.loads(out.value)
    return out, record


def check_one_record(out: Outbound, record: dict[str, Any]) -> None:
    """Exactly one outcome, on its topic, with a reason; never the catch-all for a bug."""
    outcome = out.summary.outcome
    assert outcome in ("hold", "cleared", "deadletter") and record["decision"] == outcome
    assert (
        out.topic
        == {
            "hold": SETTINGS.topic_hold,
            "cleared": SETTINGS.topic_cleared,
            "deadletter": SETTINGS.topic_deadletter,
        }[outcome]
    )
    if outcome == "hold":
        assert HoldReason(record["reason"])
    if outcome == "deadletter":
        assert DeadLetterReason(record["reason"]) != DeadLetterReason.INTERNAL_ERROR, record["error"]
        assert record["error"]
    assert len(out.value) <= SETTINGS.max_record_bytes


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@FUZZ
@given(value=st.binary(max_size=2000))
def test_arbitrary_bytes_get_one_record(processor: Processor, value: bytes) -> None:
    check_one_record(*route(processor, value))


@FUZZ
@given(doc=json_values, topic=st.sampled_from(sorted(TOPICS.values())))
def test_arbitrary_json_gets_one_record(processor: Processor, doc: Any, topic: str) -> None:
    check_one_record(*route(processor, json.dumps(doc).encode(), topic))


def _base(event_type: str, extra: dict[str, Any]) -> dict[str, Any]:
    event = {"event_id": "ev-fuzz", "event_type": event_type, "occurred_at": "2024-01-01T00:00:00Z", **extra}
    if event_type == "purchase_order":
        event["po_number"] = "PO-F"
    else:
        event["shipment_id"] = "SHP-F"
    return event


@st.composite
def events_naming_a_listed_party(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A valid event of either type, with unknown fields, and a listed name somewhere it is screened:
    a schema role's `name`, or the `name` of any object nested anywhere in the event."""
    event_type = draw(st.sampled_from(["purchase_order", "shipment"]))
    roles = (PurchaseOrder if event_type == "purchase_order" else Shipment).ROLES
    extra = draw(
        st.dictionaries(
            st.text("abcdefgh_", min_size=1, max_size=8).filter(
                lambda k: (
                    k not in roles
                    and k
                    not in (
                        "event_id",
                        "event_type",
                        "occurred_at",
                        "po_number",
                        "shipment_id",
                        "lines",
                        "origin_country",
                        "destination_country",
                    )
                )
            ),
            json_values,
            max_size=4,
        )
    )
    event = _base(event_type, extra)
    for role in draw(st.lists(st.sampled_from(roles), unique=True, max_size=3)):
        event[role] = {"name": draw(st.sampled_from(["Northwind Traders", "Contoso Ltd", "Fabrikam"]))}
    listed = draw(st.sampled_from(LISTED))
    if draw(st.booleans()):
        event[draw(st.sampled_from(roles))] = {"name": listed, "country": draw(st.none() | st.just("CN"))}
    else:
        holder: dict[str, Any] = {"name": listed}
        for _ in range(draw(st.integers(0, 3))):  # bury it in objects and arrays
            key = draw(st.text("xyz", min_size=1, max_size=4))
            holder = {key: holder} if draw(st.booleans()) else {key: [holder]}
        where = draw(st.sampled_from(["vendor", "parties", "meta", *roles]))
        if where in roles:
            event[where] = {"name": "Northwind Traders", **holder}
        else:
            event[where] = holder
    return event_type, event


@FUZZ
@given(case=events_naming_a_listed_party())
def test_an_event_naming_a_listed_party_is_never_cleared(
    processor: Processor, case: tuple[str, dict[str, Any]]
) -> None:
    event_type, event = case
    out, record = route(processor, json.dumps(event).encode(), TOPICS[event_type])
    check_one_record(out, record)
    assert out.summary.outcome != "cleared", json.dumps(event)[:500]


def test_the_fuzzed_names_are_listed() -> None:
    assert len(LISTED) >= 5
