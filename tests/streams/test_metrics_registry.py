"""The metric names are a contract with the deploy work (dashboards, alerts): exact names, safe labels."""

from __future__ import annotations

from typing import Any

from streams.metrics import Metrics
from streams.records import ClearedRecord, DeadLetterReason, DeadLetterRecord, Hit, HoldReason, HoldRecord

CONTRACT = {
    "holdline_events_total",
    "holdline_parties_screened_total",
    "holdline_matches_total",
    "holdline_screening_duration_seconds",
    "holdline_decision_latency_seconds",
    "holdline_deadletters_total",
    "holdline_list_entries",
    "holdline_list_loaded_timestamp_seconds",
    "holdline_list_snapshot_info",
    "holdline_lists_loaded",
    "holdline_consumer_lag",
    "holdline_assigned_partitions",
}
PARTY = "Secret Counterparty Trading LLC"


def hold(**extra: Any) -> HoldRecord:
    party = {"name": PARTY, "country": "CN"}
    match = {
        "list": "bis-entity-list",
        "entry_id": "bis:1",
        "name": "X",
        "matched": "X",
        "score": 0.95,
        "explanation": {},
    }
    return HoldRecord(
        event_id="e",
        event_type="purchase_order",
        list_version="v1",
        screened_at="t",
        po_number="PO-1",
        parties_screened=[
            {"role": "buyer", "party": party},
            {"role": "supplier", "party": {"name": "Other"}},
        ],
        event={},
        reason=HoldReason.MATCH,
        hits=[Hit(role="buyer", party=party, matches=[match, {**match, "list": "ofac-sdn"}])],
        **extra,
    )


def test_every_contract_metric_is_exported_with_its_exact_name() -> None:
    metrics = Metrics()
    metrics.prime(["procurement.purchases"], ["buyer"])
    metrics.consumer_lag.labels(topic="t", partition="0").set(0)
    metrics.list_entries.labels(list="l").set(1)
    metrics.list_snapshot_info.labels(version="v").set(1)
    metrics.matches.labels(list="l").inc()
    metrics.deadletters.labels(reason="undecodable").inc()
    assert metrics.names() >= CONTRACT
    assert all(name.startswith("holdline_") for name in metrics.names())
    assert "holdline_event_loop_lag_seconds" in metrics.names()


def test_zero_series_exist_before_the_first_event() -> None:
    metrics = Metrics()
    metrics.prime(["procurement.purchases", "procurement.shipments"], ["buyer", "carrier"])
    text = metrics.render().decode()
    for outcome in ("hold", "cleared", "deadletter"):
        assert f'holdline_events_total{{outcome="{outcome}",topic="procurement.shipments"}} 0.0' in text
    assert 'holdline_parties_screened_total{role="carrier"} 0.0' in text
    assert "holdline_lists_loaded 0.0" in text
    for reason in DeadLetterReason:
        assert f'holdline_deadletters_total{{reason="{reason.value}"}} 0.0' in text
    for hold_reason in HoldReason:
        assert f'holdline_holds_total{{reason="{hold_reason.value}"}} 0.0' in text


def test_outputs_are_counted_by_topic_outcome_role_list_and_reason() -> None:
    metrics = Metrics()
    metrics.observe_output("procurement.purchases", hold())
    cleared = ClearedRecord(
        event_id="e2",
        event_type="shipment",
        list_version="v1",
        screened_at="t",
        parties_screened=[{"role": "carrier", "party": {"name": "Sea"}}],
        event={},
    )
    metrics.observe_output("procurement.shipments", cleared)
    dead = DeadLetterRecord.build(
        reason=DeadLetterReason.SCHEMA_INVALID,
        error="x",
        topic="procurement.shipments",
        partition=0,
        offset=1,
        payload=b"{}",
    )
    metrics.observe_output("procurement.shipments", dead)
    text = metrics.render().decode()
    assert 'holdline_events_total{outcome="hold",topic="procurement.purchases"} 1.0' in text
    assert 'holdline_events_total{outcome="cleared",topic="procurement.shipments"} 1.0' in text
    assert 'holdline_events_total{outcome="deadletter",topic="procurement.shipments"} 1.0' in text
    assert 'holdline_parties_screened_total{role="buyer"} 1.0' in text
    assert 'holdline_parties_screened_total{role="supplier"} 1.0' in text
    assert 'holdline_parties_screened_total{role="carrier"} 1.0' in text
    assert 'holdline_matches_total{list="bis-entity-list"} 1.0' in text
    assert 'holdline_matches_total{list="ofac-sdn"} 1.0' in text
    assert 'holdline_deadletters_total{reason="schema_invalid"} 1.0' in text
    assert 'holdline_holds_total{reason="match"} 1.0' in text


def test_labels_never_carry_party_names() -> None:
    metrics = Metrics()
    metrics.observe_output("procurement.purchases", hold())
    text = metrics.render().decode()
    assert PARTY not in text and "Other" not in text


def test_lag_series_of_revoked_partitions_disappear() -> None:
    metrics = Metrics()
    metrics.set_lag([("in", 0, 5), ("in", 1, 7)])
    metrics.set_lag([("in", 1, 2)])
    text = metrics.render().decode()
    assert 'holdline_consumer_lag{partition="1",topic="in"} 2.0' in text
    assert 'partition="0"' not in text


def test_no_created_series_clutter_the_output() -> None:
    metrics = Metrics()
    metrics.prime(["t"], ["buyer"])
    assert "_created" not in metrics.render().decode()
