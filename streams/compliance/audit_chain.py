"""Checking the per-event decision chain: `holdline audit export --verify`.

Each accepted decision names the hash of the event's previous accepted decision (`prev_hash`), and the
worker's hold state names the last one (`last_decision_hash`). Reading the decisions, refusals and state
topics back, a decision removed, altered or inserted afterwards (by anyone able to write to or compact
the topics) shows up as a break; with the trusted keys, so does a decision no trusted key signed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from streams.compliance.signing import Keyring, SignatureError, record_hash


@dataclass
class ChainReport:
    decisions: int = 0
    events: int = 0
    breaks: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_chain(
    records: Iterable[tuple[str, Mapping[str, Any]]],
    decisions_topic: str,
    refusals_topic: str,
    state_topic: str,
    keyring: Keyring | None = None,
) -> ChainReport:
    """`records`: (topic, parsed record) in topic order (each event's records share a partition)."""
    items = list(records)
    # A replay refusal names the decision it copies, which itself was accepted (the copy is skipped below
    # as a repeat of a decision id already seen).
    refused = {
        str(r.get("decision_id"))
        for t, r in items
        if t == refusals_topic and r.get("kind") == "decision_rejected" and r.get("code") != "replayed"
    }
    heads: dict[str, str] = {}
    seen: set[str] = set()
    report = ChainReport()
    last_state: dict[str, Mapping[str, Any]] = {}
    for topic, record in items:
        if topic == state_topic and record.get("event_id"):
            last_state[str(record["event_id"])] = record
        if topic != decisions_topic or record.get("kind") != "decision":
            continue
        decision_id, event_id = str(record.get("decision_id")), str(record.get("event_id"))
        if decision_id in refused or decision_id in seen:
            continue
        seen.add(decision_id)
        report.decisions += 1
        if keyring is not None:
            try:
                keyring.verify_actor(record, str(record.get("reviewer") or ""))
            except SignatureError as exc:
                report.breaks.append(
                    f"event {event_id}: decision {decision_id} was accepted but {exc} ({exc.reason.value})"
                )
        expected = heads.get(event_id)
        if record.get("prev_hash") != expected:
            report.breaks.append(
                f"event {event_id}: decision {decision_id} follows "
                f"{record.get('prev_hash')} but the previous accepted decision is "
                f"{expected} (a decision is missing, altered or inserted)"
            )
        heads[event_id] = record_hash(record)
    report.events = len(heads)
    for event_id, state in sorted(last_state.items()):
        want = state.get("last_decision_hash")
        if want and heads.get(event_id) != want:
            report.breaks.append(
                f"event {event_id}: the hold state names decision hash {want} but the "
                f"decisions topic ends at {heads.get(event_id)}"
            )
    return report
