"""Allowances: bound to the party and to the entry's content; lapse on change, expiry or revocation."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streams.compliance.allowlist import (
    Allowance,
    AllowList,
    AllowListError,
    allowances_for_decision,
    party_key,
)
from streams.compliance.decisions import Action, DecisionRequest, build_decision
from streams.compliance.holds_state import HoldsBook
from streams.compliance.processor import Target, process_decision, process_hold
from streams.records import ReceivedHold

NAME = "Hangzhou Hikvision Digital Technology Co., Ltd."


def hold(event_id: str = "ev-1", country: str = "CN") -> dict[str, Any]:
    party = {"name": NAME, "country": country}
    return {
        "event_id": event_id,
        "event_type": "purchase_order",
        "decision": "hold",
        "reason": "match",
        "list_version": "v1",
        "screened_at": datetime.now(UTC).isoformat(),
        "po_number": "PO-1",
        "parties_screened": [{"role": "supplier", "party": party}],
        "event": {"event_id": event_id, "event_type": "purchase_order", "po_number": "PO-1"},
        "hits": [
            {
                "role": "supplier",
                "party": party,
                "matches": [
                    {"list": "bis-entity-list", "entry_id": "bis:1", "score": 0.95},
                    {"list": "ofac-sdn", "entry_id": "sdn:7", "score": 0.85},
                ],
            }
        ],
    }


def released_allowances(allow_days: int | None = None) -> list[Allowance]:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold()), {"bis:1": "h1", "sdn:7": "s1"}.get)
    request = DecisionRequest(
        event_id="ev-1",
        action=Action.RELEASE,
        reason="different company, same city",
        allow=True,
        allow_days=allow_days,
    )
    decision = build_decision(request, "alice", book.get("ev-1").ref(), via="test")
    outputs = process_decision(book, decision)
    return [Allowance.model_validate(o.value) for o in outputs if o.target is Target.ALLOWLIST]


def test_party_key_ignores_case_punctuation_and_spacing_but_not_country() -> None:
    assert party_key("HANGZHOU  hikvision digital technology co ltd", "cn") == party_key(NAME, "CN")
    assert party_key(NAME, "CN") != party_key(NAME, "US")
    assert party_key(NAME, None) != party_key(NAME, "CN")


def test_release_with_allow_creates_one_allowance_per_party_and_entry_bound_to_the_hash() -> None:
    allowances = released_allowances()
    assert {(a.entry_id, a.entry_hash) for a in allowances} == {("bis:1", "h1"), ("sdn:7", "s1")}
    assert all(a.reviewer == "alice" and a.reason == "different company, same city" for a in allowances)
    assert all(a.expires_at is None for a in allowances)


def test_release_without_allow_or_confirm_creates_none() -> None:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold()), {"bis:1": "h1"}.get)
    for action, allow in ((Action.RELEASE, False), (Action.CONFIRM, True)):
        request = DecisionRequest(event_id="ev-1", action=action, reason="reviewed it", allow=allow)
        decision = build_decision(request, "alice", book.get("ev-1").ref(), via="test")
        assert allowances_for_decision(book.get("ev-1"), decision) == []


def test_suppression_needs_same_party_same_entry_and_unchanged_content() -> None:
    allow = AllowList(released_allowances())
    hashes = {"bis:1": "h1", "sdn:7": "s1"}
    same = allow.filter_hits(hold()["hits"], hashes.get)
    assert same.hits == []  # both matches covered: the event would clear
    assert {s.entry_id for s in same.suppressed} == {"bis:1", "sdn:7"}
    assert all(s.party_name == NAME and s.role == "supplier" for s in same.suppressed)
    # Same name, other country: a different party.
    other = allow.filter_hits(hold(country="US")["hits"], hashes.get)
    assert len(other.hits[0]["matches"]) == 2 and other.suppressed == []
    # The agency changed the entry (new alias): that allowance lapses, the other still applies.
    changed = allow.filter_hits(hold()["hits"], {"bis:1": "h1-new", "sdn:7": "s1"}.get)
    assert [m["entry_id"] for m in changed.hits[0]["matches"]] == ["bis:1"]
    assert [s.entry_id for s in changed.suppressed] == ["sdn:7"]
    # The entry was removed from the list: nothing to allow against.
    removed = allow.filter_hits(hold()["hits"], {"sdn:7": "s1"}.get)
    assert [m["entry_id"] for m in removed.hits[0]["matches"]] == ["bis:1"]


def test_allowances_expire() -> None:
    allow = AllowList(released_allowances(allow_days=30))
    hashes = {"bis:1": "h1", "sdn:7": "s1"}.get
    assert allow.filter_hits(hold()["hits"], hashes, now=datetime.now(UTC) + timedelta(days=29)).hits == []
    later = allow.filter_hits(hold()["hits"], hashes, now=datetime.now(UTC) + timedelta(days=31))
    assert later.suppressed == [] and len(later.hits[0]["matches"]) == 2


def test_revoked_allowances_stop_suppressing_and_stay_listed() -> None:
    allow = AllowList(released_allowances())
    target = next(a for a in allow.all() if a.entry_id == "bis:1")
    revoked = allow.revoke(target.allowance_id, "bob", "entity re-listed under a new name")
    allow.apply_record(revoked.allowance_id, revoked.model_dump_json())
    result = allow.filter_hits(hold()["hits"], {"bis:1": "h1", "sdn:7": "s1"}.get)
    assert [m["entry_id"] for m in result.hits[0]["matches"]] == ["bis:1"]
    with pytest.raises(AllowListError, match="already revoked"):
        allow.revoke(target.allowance_id, "bob", "again")
    with pytest.raises(AllowListError, match="no allowance"):
        allow.revoke("missing", "bob", "why")
    rows = list(csv.DictReader(io.StringIO(allow.export_csv())))
    status = {r["entry_id"]: r["status"] for r in rows}
    assert status == {"bis:1": "revoked", "sdn:7": "active"}
    assert {r["revoked_by"] for r in rows} == {"bob", ""}
    exported = json.loads(allow.export_json(entry_hash={"sdn:7": "changed"}.get))
    assert {r["entry_id"]: r["status"] for r in exported} == {"bis:1": "revoked", "sdn:7": "entry_changed"}
