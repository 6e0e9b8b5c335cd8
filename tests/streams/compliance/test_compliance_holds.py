"""Hold state transitions and decisions: what is accepted, what is refused; refusals change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from streams.compliance.decisions import (
    Action,
    DecisionError,
    DecisionErrorCode,
    DecisionRequest,
    build_decision,
    parse_request,
)
from streams.compliance.holds_state import HoldsBook, HoldStatus, apply_hold
from streams.compliance.processor import Target, process_decision, process_hold
from streams.records import ReceivedHold


def hold_record(
    event_id: str = "ev-1",
    entry: str = "bis:1",
    version: str = "v1",
    reason: str = "match",
    role: str = "supplier",
    name: str = "Hangzhou Hikvision Digital Technology Co., Ltd.",
    list_id: str = "bis-entity-list",
    at: datetime | None = None,
) -> dict[str, Any]:
    at = at or datetime.now(UTC)
    return {
        "event_id": event_id,
        "event_type": "purchase_order",
        "decision": "hold",
        "reason": reason,
        "po_number": f"PO-{event_id}",
        "shipment_id": None,
        "list_version": version,
        "threshold": 0.8,
        "screened_at": at.isoformat().replace("+00:00", "Z"),
        "parties_screened": [{"role": role, "party": {"name": name, "country": "CN"}}],
        "event": {"event_id": event_id, "event_type": "purchase_order", "po_number": f"PO-{event_id}"},
        "hits": [
            {
                "role": role,
                "party": {"name": name, "country": "CN"},
                "matches": [
                    {
                        "list": list_id,
                        "entry_id": entry,
                        "name": "Hikvision",
                        "matched": name,
                        "score": 0.97,
                        "explanation": {"method": "test"},
                        "citation": "84 FR 54002",
                    }
                ],
            }
        ],
    }


def decide(book: HoldsBook, event_id: str, action: Action, reviewer: str = "alice", **kw: Any):
    state = book.get(event_id)
    assert state is not None
    request = DecisionRequest(event_id=event_id, action=action, reason="reviewed the documents", **kw)
    return build_decision(request, reviewer, state.ref(), via="test")


def test_a_hold_opens_once_and_redeliveries_change_nothing() -> None:
    book = HoldsBook()
    outputs = process_hold(book, ReceivedHold.model_validate(hold_record()), {"bis:1": "h1"}.get)
    assert [o.target for o in outputs] == [Target.STATE]
    state = book.get("ev-1")
    assert state.status is HoldStatus.OPEN and state.generation == 1
    assert state.entry_hashes == {"bis:1": "h1"} and state.business_id == "PO-ev-1"
    assert (
        process_hold(book, ReceivedHold.model_validate(hold_record())) == []
    )  # the same hold again (at-least-once)


def test_release_sends_the_event_to_cleared_with_a_reference_to_the_decision() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold_record()))
    decision = decide(book, "ev-1", Action.RELEASE)
    outputs = process_decision(book, decision)
    targets = [o.target for o in outputs]
    assert targets == [Target.CLEARED, Target.STATE]
    assert outputs[0].key == "PO-ev-1"  # keyed like the pipeline's records: by PO / shipment
    cleared = outputs[0].value
    assert cleared["decision"] == "cleared" and cleared["reason"] == "released"
    assert cleared["decision_ref"]["decision_id"] == decision.decision_id
    assert cleared["decision_ref"]["reviewer"] == "alice"
    assert cleared["event"]["po_number"] == "PO-ev-1" and cleared["hits"]
    assert book.get("ev-1").status is HoldStatus.RELEASED


def test_confirm_sends_the_event_to_blocked() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold_record()))
    outputs = process_decision(book, decide(book, "ev-1", Action.CONFIRM, reviewer="bob"))
    assert outputs[0].target is Target.BLOCKED
    assert outputs[0].value["decision"] == "blocked"
    assert outputs[0].value["decision_ref"]["reviewer"] == "bob"
    assert book.get("ev-1").status is HoldStatus.BLOCKED


def test_deciding_twice_is_refused_and_changes_nothing() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold_record()))
    first = decide(book, "ev-1", Action.RELEASE)
    second = decide(book, "ev-1", Action.CONFIRM, reviewer="bob")  # made from the same open view
    process_decision(book, first)
    before = book.get("ev-1")
    outputs = process_decision(book, second)
    assert [o.target for o in outputs] == [Target.DECISIONS]
    assert outputs[0].value["kind"] == "decision_rejected"
    assert outputs[0].value["code"] == DecisionErrorCode.ALREADY_DECIDED.value
    assert book.get("ev-1") == before
    assert process_decision(book, first) == []  # the applied decision redelivered: nothing again


def test_deciding_an_unknown_hold_is_refused() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold_record()))
    ref = book.get("ev-1").ref().model_copy(update={"event_id": "nope"})
    decision = build_decision(
        DecisionRequest(event_id="nope", action=Action.RELEASE, reason="fine by me"), "alice", ref, via="test"
    )
    outputs = process_decision(book, decision)
    assert outputs[0].value["code"] == "unknown_hold"
    assert book.get("nope") is None and book.get("ev-1").status is HoldStatus.OPEN


@pytest.mark.parametrize(
    "raw",
    [
        {"event_id": "ev-1", "action": "release", "reason": ""},
        {"event_id": "ev-1", "action": "release", "reason": "  \t "},
        {"event_id": "ev-1", "action": "approve", "reason": "because"},
        {"event_id": "", "action": "release", "reason": "because"},
        {"event_id": "ev-1", "action": "release", "reason": "because", "reviewer": "mallory"},
        {"event_id": "ev-1", "action": "release", "reason": "because", "allow": True, "allow_days": 0},
        "not an object",
    ],
)
def test_malformed_requests_are_refused_with_a_clear_error(raw: Any) -> None:
    with pytest.raises(DecisionError) as info:
        parse_request(raw)
    assert info.value.code is DecisionErrorCode.MALFORMED
    assert "malformed decision" in str(info.value)


def test_an_empty_reviewer_is_refused() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold_record()))
    with pytest.raises(DecisionError) as info:
        decide(book, "ev-1", Action.RELEASE, reviewer="  ")
    assert info.value.code is DecisionErrorCode.UNAUTHENTICATED


def test_a_released_event_reopens_only_for_what_the_reviewer_did_not_see() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold_record()), {"bis:1": "h1"}.get)
    old_decision = decide(book, "ev-1", Action.RELEASE)
    process_decision(book, old_decision)
    # A redelivered event screened again on the same list: same entries, nothing new.
    assert (
        process_hold(book, ReceivedHold.model_validate(hold_record(version="v1")), {"bis:1": "h1"}.get) == []
    )
    # A list update that changed that entry: a new hold (generation 2) needing a new review.
    process_hold(
        book,
        ReceivedHold.model_validate(hold_record(version="v2", reason="list_update")),
        {"bis:1": "h2"}.get,
    )
    state = book.get("ev-1")
    assert state.status is HoldStatus.OPEN and state.generation == 2 and state.reason == "list_update"
    # The decision made on generation 1 cannot decide generation 2.
    again = old_decision.model_copy(update={"decision_id": "other"})
    outputs = process_decision(book, again)
    assert outputs[0].value["code"] == "already_decided"
    assert book.get("ev-1").status is HoldStatus.OPEN


def test_a_blocked_event_stays_blocked() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold_record()))
    process_decision(book, decide(book, "ev-1", Action.CONFIRM))
    assert (
        apply_hold(
            book.get("ev-1"),
            ReceivedHold.model_validate(hold_record(entry="bis:2", version="v2", reason="list_update")),
        )
        is None
    )


def test_an_open_hold_gains_evidence_from_a_list_update() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold_record()))
    process_hold(
        book, ReceivedHold.model_validate(hold_record(entry="bis:9", version="v2", reason="list_update"))
    )
    state = book.get("ev-1")
    assert state.entry_ids == ("bis:1", "bis:9") and state.generation == 1
    assert [m["entry_id"] for m in state.hits()[0]["matches"]] == ["bis:1", "bis:9"]


def test_open_holds_are_newest_first_and_filter_by_list_role_and_age() -> None:
    book = HoldsBook()
    now = datetime.now(UTC)
    process_hold(
        book, ReceivedHold.model_validate(hold_record("old", at=now - timedelta(hours=30), role="end_user"))
    )
    process_hold(
        book, ReceivedHold.model_validate(hold_record("mid", at=now - timedelta(hours=2), list_id="ofac-sdn"))
    )
    process_hold(book, ReceivedHold.model_validate(hold_record("new", at=now - timedelta(minutes=1))))
    process_hold(book, ReceivedHold.model_validate(hold_record("done", at=now)))
    process_decision(book, decide(book, "done", Action.CONFIRM))
    assert [s.event_id for s in book.open_holds(now=now)] == ["new", "mid", "old"]
    assert [s.event_id for s in book.open_holds(lists=["ofac-sdn"], now=now)] == ["mid"]
    assert [s.event_id for s in book.open_holds(role="end_user", now=now)] == ["old"]
    assert [s.event_id for s in book.open_holds(min_age=3600, now=now)] == ["mid", "old"]
    assert [s.event_id for s in book.open_holds(max_age=3 * 3600, now=now)] == ["new", "mid"]
    assert book.open_count() == 3  # what the holdline_holds_open gauge reads when scraped


def test_the_worker_counts_open_holds_when_scraped(tmp_path: Path) -> None:
    from prometheus_client import CollectorRegistry, generate_latest

    from streams.compliance.runtime import ComplianceRuntime
    from streams.settings import ComplianceSettings, Settings
    from streams.snapshot import SnapshotHolder

    registry = CollectorRegistry()
    settings = Settings(broker="kafka://127.0.0.1:1")
    runtime = ComplianceRuntime(settings, ComplianceSettings(list_store=tmp_path), SnapshotHolder(), registry)
    process_hold(runtime.book, ReceivedHold.model_validate(hold_record("a")))
    process_hold(runtime.book, ReceivedHold.model_validate(hold_record("b")))
    assert b"holdline_holds_open 2.0" in generate_latest(registry)
    process_decision(runtime.book, decide(runtime.book, "a", Action.RELEASE))
    assert b"holdline_holds_open 1.0" in generate_latest(registry)


def test_state_records_round_trip_through_the_topic_format() -> None:
    book = HoldsBook()
    outputs = process_hold(book, ReceivedHold.model_validate(hold_record()))
    process_decision(book, decide(book, "ev-1", Action.RELEASE))
    replica = HoldsBook()
    import json

    replica.apply_state_record("ev-1", json.dumps(outputs[0].value))
    assert replica.get("ev-1").status is HoldStatus.OPEN
    replica.apply_state_record("ev-1", book.get("ev-1").model_dump_json())
    assert replica.get("ev-1").status is HoldStatus.RELEASED
    assert replica.get("ev-1").decision.reviewer == "alice"
    replica.apply_state_record("ev-1", None)
    assert replica.get("ev-1") is None
