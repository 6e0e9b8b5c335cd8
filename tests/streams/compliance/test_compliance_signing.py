"""Signed control records: who may sign what, replays, the decision chain, four-eyes, guarded publications."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from streams.compliance.allowlist import with_allows
from streams.compliance.audit_chain import verify_chain
from streams.compliance.decisions import Action, DecisionRequest, build_decision, parse_decision_record
from streams.compliance.holds_state import HoldsBook, HoldStatus
from streams.compliance.processor import Output, Target, process_decision, process_hold
from streams.compliance.publication import shrink_problems
from streams.compliance.signing import (
    KeyConfigError,
    Keyring,
    NonceGuard,
    Refusal,
    Role,
    SignatureError,
    Signer,
    record_hash,
)
from streams.compliance.trust import ControlGate
from streams.records import ReceivedHold
from tests.streams.compliance.test_compliance_allowlist import hold

CONSOLE = Signer.generate("console")
ALICE = Signer.generate("alice")
BOB = Signer.generate("bob")
PUBLISHER = Signer.generate("lists-bot")
KEYRING = Keyring.parse(
    "\n".join(
        [
            CONSOLE.public_text([Role.CONSOLE]),
            ALICE.public_text([Role.REVIEWER]),
            BOB.public_text([Role.REVIEWER]),
            PUBLISHER.public_text([Role.PUBLISHER]),
        ]
    )
)


def signed_decision(
    book: HoldsBook, signer: Signer, action: Action, reviewer: str | None = None, **kw: Any
) -> dict[str, Any]:
    state = book.get("ev-1")
    assert state is not None
    request = DecisionRequest(event_id="ev-1", action=action, reason="checked the registry", **kw)
    decision = build_decision(
        request, reviewer or signer.key_id, state.ref(), via="test", prev_hash=state.last_decision_hash
    )
    return signer.sign(with_allows(decision, state).model_dump(mode="json"))


def apply(book: HoldsBook, gate: ControlGate, record: dict[str, Any]) -> list[Output]:
    """What a worker does with a record from the decisions topic."""
    gate.decision(record)
    return process_decision(book, parse_decision_record(record), record, gate.four_eyes)


def open_book() -> HoldsBook:
    book = HoldsBook()
    process_hold(book, ReceivedHold.model_validate(hold()), {"bis:1": "h1", "sdn:7": "s1"}.get)
    return book


def test_keys_sign_and_verify_and_every_kind_of_forgery_is_refused_with_its_reason() -> None:
    book = open_book()
    record = signed_decision(book, CONSOLE, Action.RELEASE, reviewer="carol")
    assert KEYRING.verify_actor(record, "carol").key_id == "console"  # the console signs for its reviewers
    unsigned = {k: v for k, v in record.items() if k != "signature"}
    stranger = Signer.generate("console")  # the console's key id, another key
    cases = {
        Refusal.UNSIGNED: unsigned,
        Refusal.BAD_SIGNATURE: {**record, "allow": True},
        Refusal.UNKNOWN_KEY: Signer.generate("mallory").sign(unsigned),
        Refusal.NOT_ALLOWED: PUBLISHER.sign(unsigned),
    }
    cases[Refusal.BAD_SIGNATURE.value + "-stranger"] = stranger.sign(unsigned)  # type: ignore[index]
    for reason, forged in cases.items():
        with pytest.raises(SignatureError) as err:
            KEYRING.verify_actor(forged, str(forged.get("reviewer")))
        assert err.value.reason.value == str(reason).removesuffix("-stranger")


def test_a_reviewer_key_signs_only_as_its_owner() -> None:
    book = open_book()
    as_bob = signed_decision(book, ALICE, Action.RELEASE, reviewer="bob")
    with pytest.raises(SignatureError) as err:
        KEYRING.verify_actor(as_bob, "bob")
    assert err.value.reason is Refusal.NOT_ALLOWED
    assert KEYRING.verify_actor(signed_decision(book, ALICE, Action.RELEASE), "alice").key_id == "alice"


def test_a_replayed_record_is_refused_and_the_hold_keeps_its_decision() -> None:
    book = open_book()
    gate = ControlGate(KEYRING, nonces=NonceGuard(size=10))
    confirm = signed_decision(book, BOB, Action.CONFIRM)
    assert [o.target for o in apply(book, gate, confirm)] == [Target.BLOCKED, Target.STATE]
    with pytest.raises(SignatureError) as err:
        gate.decision(confirm)
    assert err.value.reason is Refusal.REPLAYED
    # Read again at the position it was first read (a redelivery): not a replay; anywhere else: a replay.
    redelivered = ControlGate(KEYRING)
    assert redelivered.decision(confirm, ("decisions", 0, 7)) is not None
    assert redelivered.decision(confirm, ("decisions", 0, 7)) is None
    with pytest.raises(SignatureError):
        redelivered.decision(confirm, ("decisions", 0, 9))
    # After a restart (no nonces remembered) the replay still does not fit the chain or the state.
    outputs = process_decision(book, parse_decision_record(confirm), confirm)
    assert outputs == []  # the decision the state already holds: nothing again


def test_a_decision_that_does_not_follow_the_chain_is_refused() -> None:
    book = open_book()
    gate = ControlGate(KEYRING)
    state = book.get("ev-1")
    request = DecisionRequest(event_id="ev-1", action=Action.RELEASE, reason="made on a stale view")
    stale = build_decision(request, "alice", state.ref(), via="test", prev_hash="0" * 64)
    outputs = apply(book, gate, ALICE.sign(stale.model_dump(mode="json")))
    assert [o.target for o in outputs] == [Target.DECISIONS]
    assert outputs[0].value["code"] == "chain_break"
    assert book.get("ev-1").status is HoldStatus.OPEN


def test_keyring_configuration_errors_are_clear() -> None:
    for bad in ("alice:reviewer", "alice:boss:AAAA", "alice:reviewer:not-base64!", ":reviewer:AAAA"):
        with pytest.raises(KeyConfigError):
            Keyring.parse(bad)
    assert len(Keyring.parse("")) == 0
    again = Signer.parse(ALICE.private_text())
    assert again.public_text([Role.REVIEWER]) == ALICE.public_text([Role.REVIEWER])


# --- four-eyes -------------------------------------------------------------------------------------------
def test_four_eyes_a_release_waits_for_a_second_reviewer_who_approves_it() -> None:
    book = open_book()
    gate = ControlGate(KEYRING, frozenset({"release", "allowlist"}))
    proposal = signed_decision(book, ALICE, Action.RELEASE, allow=True)
    outputs = apply(book, gate, proposal)
    assert [o.target for o in outputs] == [Target.STATE]  # nothing released, nothing allow-listed
    state = book.get("ev-1")
    assert state.status is HoldStatus.OPEN and state.pending.reviewer == "alice"
    approval = signed_decision(book, BOB, Action.APPROVE, proposal_id=proposal["decision_id"])
    outputs = apply(book, gate, approval)
    assert [o.target for o in outputs] == [Target.CLEARED, Target.ALLOWLIST, Target.ALLOWLIST, Target.STATE]
    assert outputs[0].value["decision_ref"]["reviewer"] == "alice"
    assert outputs[0].value["decision_ref"]["approved_by"] == "bob"
    assert book.get("ev-1").status is HoldStatus.RELEASED and book.get("ev-1").pending is None
    allowance = outputs[1].value
    assert [a["decision_id"] for a in allowance["authority"]] == [
        proposal["decision_id"],
        approval["decision_id"],
    ]
    gate.allowance(json.loads(json.dumps(allowance, default=str)))  # believed: two signed reviewers


def test_four_eyes_the_proposer_cannot_approve_their_own_release() -> None:
    book = open_book()
    gate = ControlGate(KEYRING, frozenset({"release"}))
    proposal = signed_decision(book, ALICE, Action.RELEASE)
    apply(book, gate, proposal)
    before = book.get("ev-1")
    own = signed_decision(book, ALICE, Action.APPROVE, proposal_id=proposal["decision_id"])
    outputs = apply(book, gate, own)
    assert [o.target for o in outputs] == [Target.DECISIONS]
    assert outputs[0].value["code"] == "self_approval"
    assert book.get("ev-1") == before  # still pending, still open
    # Through the console too, the same reviewer is refused before anything is published.
    via_console = signed_decision(
        book, CONSOLE, Action.APPROVE, reviewer="alice", proposal_id=proposal["decision_id"]
    )
    assert apply(book, gate, via_console)[0].value["code"] == "self_approval"


def test_four_eyes_a_rejected_proposal_leaves_the_hold_open_for_a_new_review() -> None:
    book = open_book()
    gate = ControlGate(KEYRING, frozenset({"release"}))
    proposal = signed_decision(book, ALICE, Action.RELEASE)
    apply(book, gate, proposal)
    reject = signed_decision(book, BOB, Action.REJECT, proposal_id=proposal["decision_id"])
    outputs = apply(book, gate, reject)
    assert [o.target for o in outputs] == [Target.STATE]
    state = book.get("ev-1")
    assert state.status is HoldStatus.OPEN and state.pending is None
    # A late approval of the rejected proposal finds nothing to approve.
    late = signed_decision(
        book, CONSOLE, Action.APPROVE, reviewer="carol", proposal_id=proposal["decision_id"]
    )
    assert apply(book, gate, late)[0].value["code"] == "no_proposal"
    # Confirming needs no second reviewer (it blocks: the safe direction).
    confirmed = apply(book, gate, signed_decision(book, BOB, Action.CONFIRM))
    assert confirmed[0].target is Target.BLOCKED


# --- allowances ----------------------------------------------------------------------------------------
def released(book: HoldsBook, gate: ControlGate) -> dict[str, Any]:
    outputs = apply(book, gate, signed_decision(book, ALICE, Action.RELEASE, allow=True))
    return json.loads(json.dumps(next(o.value for o in outputs if o.target is Target.ALLOWLIST), default=str))


def test_an_allowance_is_believed_only_with_the_signed_release_behind_it() -> None:
    gate = ControlGate(KEYRING)
    allowance = released(open_book(), gate)
    gate.allowance(allowance)
    forged = {**allowance, "authority": []}
    other_party = {**allowance, "party_key": "someone else|CN"}  # a real release, another party
    for record, reason in ((forged, Refusal.UNSIGNED), (other_party, Refusal.NOT_ALLOWED)):
        with pytest.raises(SignatureError) as err:
            gate.allowance(record)
        assert err.value.reason is reason
    with pytest.raises(SignatureError) as err:  # four-eyes on: one reviewer's release is not enough
        ControlGate(KEYRING, frozenset({"allowlist"})).allowance(allowance)
    assert err.value.reason is Refusal.NOT_ALLOWED


def test_a_revocation_is_signed_and_final() -> None:
    from streams.compliance.allowlist import AllowList

    gate = ControlGate(KEYRING)
    allowance = released(open_book(), gate)
    allowlist = AllowList()
    key = allowance["allowance_id"]
    gate.fold_allowance(allowlist, key, json.dumps(allowance))
    revoked = CONSOLE.sign(
        {
            **allowance,
            "revoked_at": datetime.now(UTC).isoformat(),
            "revoked_by": "bob",
            "revoke_reason": "new evidence",
        }
    )
    unsigned_revocation = {k: v for k, v in revoked.items() if k != "signature"}
    with pytest.raises(SignatureError):
        gate.fold_allowance(allowlist, key, json.dumps(unsigned_revocation))
    gate.fold_allowance(allowlist, key, json.dumps(revoked))
    assert allowlist.get(key).revoked_by == "bob"
    with pytest.raises(SignatureError) as err:  # the old, valid, unrevoked record written again
        gate.fold_allowance(allowlist, key, json.dumps(allowance))
    assert err.value.reason is Refusal.REPLAYED
    assert allowlist.get(key).revoked_at is not None


# --- publications --------------------------------------------------------------------------------------
def manifest(published_at: str, lists: dict[str, int], signer: Signer = PUBLISHER) -> dict[str, Any]:
    return signer.sign(
        {
            "kind": "snapshot_published",
            "publication_id": published_at,
            "publisher": "x",
            "published_at": published_at,
            "files": [],
            "lists": lists,
        }
    )


def test_publications_need_a_publisher_key_and_must_be_newer() -> None:
    gate = ControlGate(KEYRING)
    first = manifest("2026-01-01T00:00:00+00:00", {"un": 10})
    assert gate.publication(first, None).key_id == "lists-bot"
    with pytest.raises(SignatureError) as err:
        gate.publication(manifest("2026-01-02T00:00:00+00:00", {"un": 10}, ALICE), None)
    assert err.value.reason is Refusal.NOT_ALLOWED
    with pytest.raises(SignatureError) as err:  # an older publication replayed: a rollback
        gate.publication(first, "2026-01-03T00:00:00+00:00")
    assert err.value.reason is Refusal.REPLAYED


def test_a_publication_that_drops_or_shrinks_a_list_is_flagged() -> None:
    old = {"un-consolidated": 1000, "ofac-sdn": 15000, "bis-entity-list": 28}
    assert shrink_problems(old, {**old, "bis-entity-list": 30}, 0.5) == []
    problems = shrink_problems(old, {"bis-entity-list": 28, "ofac-sdn": 7000}, 0.5)
    assert problems == [
        "list ofac-sdn shrinks from 15000 to 7000 entries (more than 50%)",
        "list un-consolidated (1000 entries) is dropped",
    ]


# --- the audit chain -----------------------------------------------------------------------------------
def test_audit_verify_reports_a_removed_or_altered_decision() -> None:
    book = open_book()
    gate = ControlGate(KEYRING, frozenset({"release"}))
    proposal = signed_decision(book, ALICE, Action.RELEASE)
    apply(book, gate, proposal)
    reject = signed_decision(book, BOB, Action.REJECT, proposal_id=proposal["decision_id"])
    apply(book, gate, reject)
    confirm = signed_decision(book, BOB, Action.CONFIRM)
    apply(book, gate, confirm)
    state = book.get("ev-1").model_dump(mode="json")
    assert state["last_decision_hash"] == record_hash(confirm)

    def check(decisions: list[dict[str, Any]]) -> list[str]:
        records = [("d", r) for r in decisions] + [("s", state)]
        return verify_chain(records, "d", "r", "s", KEYRING).breaks

    assert check([proposal, reject, confirm]) == []
    assert len(check([proposal, confirm])) == 1  # the rejection was removed
    altered = {**reject, "reason": "nothing to see"}
    assert any("bad_signature" in b for b in check([proposal, altered, confirm]))
    assert any("hold state" in b for b in check([proposal, reject]))  # the last decision was removed
