"""The audit trail folds the product's output records into one history per held event."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from streams.compliance.audit import AuditTrail, Step
from streams.compliance.decisions import Action, DecisionRequest, build_decision
from streams.compliance.holds_state import HoldsBook
from streams.compliance.processor import process_decision, process_hold
from streams.records import ReceivedHold

T0 = datetime(2019, 10, 9, 12, 0, tzinfo=UTC)


def record(event_id: str, decision: str, at: datetime, **extra: object) -> dict[str, object]:
    base: dict[str, object] = {
        "event_id": event_id,
        "event_type": "shipment",
        "shipment_id": f"S-{event_id}",
        "decision": decision,
        "list_version": "v1",
        "screened_at": at.isoformat(),
        "parties_screened": [],
        "event": {"event_id": event_id, "event_type": "shipment", "shipment_id": f"S-{event_id}"},
    }
    return {**base, **extra}


def test_history_of_a_released_and_a_blocked_hold_in_order_with_versions_and_actors() -> None:
    trail = AuditTrail()
    book = HoldsBook()
    hits = [
        {
            "role": "consignee",
            "party": {"name": "Hikvision"},
            "matches": [{"entry_id": "bis:1", "citation": "84 FR 54002"}],
        }
    ]
    trail.add(record("a", "cleared", T0), "screening.cleared")
    for event_id in ("a", "b"):
        held = record(
            event_id, "hold", T0 + timedelta(minutes=5), reason="list_update", hits=hits, list_version="v2"
        )
        trail.add(held, "screening.hold")
        trail.add(held, "screening.hold")  # redelivered: shown once
        process_hold(book, ReceivedHold.model_validate(held))
    for event_id, action, who in (("a", Action.RELEASE, "alice"), ("b", Action.CONFIRM, "bob")):
        decision = build_decision(
            DecisionRequest(event_id=event_id, action=action, reason="checked"),
            who,
            book.get(event_id).ref(),
            via="test",
            now=T0 + timedelta(minutes=10),
        )
        trail.add(decision.model_dump(mode="json"), "screening.decisions")
        for out in process_decision(book, decision):
            if out.target.value in ("cleared", "blocked"):
                trail.add(out.value, out.target.value)
    a = trail.history("a")
    assert [e.step for e in a] == [Step.CLEARED, Step.HELD, Step.DECIDED, Step.RELEASED]
    assert [e.list_version for e in a[:2]] == ["v1", "v2"]
    assert a[1].reason == "list_update" and a[1].detail["citations"] == ["84 FR 54002"]
    assert a[2].actor == "alice" and a[3].actor == "alice"
    b = trail.history("b")
    assert [e.step for e in b] == [Step.HELD, Step.DECIDED, Step.BLOCKED] and b[2].actor == "bob"
    assert trail.status("a") == "released" and trail.status("b") == "blocked"

    exported = json.loads(trail.export_json())
    assert [row["event_id"] for row in exported] == ["a", "b"]
    assert exported[0]["business_id"] == "S-a" and len(exported[0]["history"]) == 4
    rows = list(csv.DictReader(io.StringIO(trail.export_csv())))
    assert [(r["event_id"], r["step"]) for r in rows] == [
        ("a", "cleared"),
        ("a", "held"),
        ("a", "decided"),
        ("a", "released"),
        ("b", "held"),
        ("b", "decided"),
        ("b", "blocked"),
    ]


def test_never_held_events_are_left_out_unless_asked_and_rejections_and_suppressions_show() -> None:
    trail = AuditTrail()
    trail.add(record("clean", "cleared", T0))
    trail.add(
        record("allowed", "cleared", T0, allowlist_suppressed=[{"allowance_id": "x", "entry_id": "bis:1"}])
    )
    trail.add(
        {
            "kind": "decision_rejected",
            "event_id": "allowed",
            "reviewer": "eve",
            "code": "unknown_hold",
            "error": "no hold",
            "at": (T0 + timedelta(seconds=1)).isoformat(),
        }
    )
    trail.add_raw(b"not json")
    assert trail.event_ids() == ["allowed"]
    assert trail.event_ids(held_only=False) == ["allowed", "clean"]
    steps = [e.step for e in trail.history("allowed")]
    assert steps == [Step.CLEARED, Step.SUPPRESSED, Step.DECISION_REJECTED]


def test_the_consoles_trail_keeps_held_events_and_only_a_window_of_cleared_ones() -> None:
    trail = AuditTrail(max_unheld=100)
    for n in range(10_000):
        trail.add(record(f"c{n}", "cleared", T0), "screening.cleared")
        if n % 2000 == 0:
            trail.add(
                record(f"c{n}", "hold", T0 + timedelta(minutes=1), reason="match", hits=[]), "screening.hold"
            )
    assert len(trail) == 100 + 5  # the newest 100 never-held events, and every held one
    assert [e.step for e in trail.history("c0")] == [Step.CLEARED, Step.HELD]  # held: kept whole
    assert trail.history("c5000") == [] and trail.history("c9999")[0].step is Step.CLEARED
    # A recent clearance later held (a list update) still shows its whole history.
    trail.add(
        record("c9950", "hold", T0 + timedelta(hours=1), reason="list_update", hits=[]), "screening.hold"
    )
    assert [e.step for e in trail.history("c9950")] == [Step.CLEARED, Step.HELD]


def test_a_hold_that_fails_the_record_schema_still_shows_as_held_and_a_broken_clearance_does_not() -> None:
    trail = AuditTrail()
    trail.add({"event_id": "h", "decision": "hold", "screened_at": T0.isoformat()}, "screening.hold")
    trail.add({"event_id": "c", "decision": "cleared", "screened_at": T0.isoformat()}, "screening.cleared")
    [held] = trail.history("h")
    assert held.step is Step.HELD and held.reason == "unreadable_record"
    assert "validation error" in held.detail["error"]
    assert trail.history("c") == [] and trail.status("h") == "held"


def test_a_decision_is_read_as_the_decision_model_and_shows_its_times_as_written() -> None:
    book = HoldsBook()
    held = record("d", "hold", T0, reason="match", hits=[])
    process_hold(book, ReceivedHold.model_validate(held))
    decision = build_decision(
        DecisionRequest(event_id="d", action=Action.RELEASE, reason="same name, other party", allow=True),
        "alice",
        book.get("d").ref(),
        via="cli",
        now=T0 + timedelta(minutes=10),
    )
    written = decision.model_dump(mode="json")
    trail = AuditTrail()
    trail.add(held, "screening.hold")
    trail.add(written, "screening.decisions")
    decided = trail.history("d")[-1]
    assert (
        decided.step is Step.DECIDED
        and decided.actor == "alice"
        and decided.reason == "same name, other party"
    )
    assert decided.at == written["decided_at"]  # the bytes the record carries, not a reformatted time
    assert decided.detail == {
        "action": "release",
        "decision_id": decision.decision_id,
        "hold_generation": 1,
        "via": "cli",
        "allow": True,
        "allow_expires": written["allow_expires"],
    }


def test_a_decision_that_fails_the_decision_model_shows_as_rejected_never_as_decided() -> None:
    trail = AuditTrail()
    trail.add(
        {
            "kind": "decision",
            "event_id": "m",
            "decision_id": "x1",
            "reviewer": "mallory",
            "action": "release",
        },
        "screening.decisions",
    )
    [entry] = trail.history("m")
    assert entry.step is Step.DECISION_REJECTED and entry.actor == "mallory"
    assert entry.detail == {"code": "malformed", "decision_id": "x1"} and "malformed" in (entry.reason or "")
