"""Deciding a group: one ordinary decision per hold the reviewer saw, each refused on its own.

The backend checks each decision as it checks a single one (unknown, already decided, four-eyes); this
adds the check a single decision gets from its form: the hold must still be the generation the page
showed, so a hold re-opened since is refused rather than decided unseen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from streams.compliance.decisions import DecisionError, parse_request
from streams.console.groups_page import MemberOutcome

# Decisions submitted at once: a Kafka backend waits for the worker to apply each.
CONCURRENCY = 8


async def decide_group(
    backend: Any,
    members: Mapping[str, int],
    fields: Mapping[str, Any],
    reviewer: str,
    group_id: str,
    proposals: Mapping[str, str] | None = None,
) -> list[MemberOutcome]:
    """Submit `fields` (action, reason, ...) for each of `members` (event id -> generation seen); approve
    and reject (four-eyes) answer each hold's own proposal, from `proposals` (event id -> proposal id)."""
    answers = fields.get("action") in ("approve", "reject")
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(event_id: str, generation: int) -> MemberOutcome:
        state = backend.hold(event_id)
        if state is None:
            return MemberOutcome(event_id, False, f"no hold for event {event_id}")
        if state.generation != generation:
            return MemberOutcome(
                event_id, False, "this hold changed since the page was loaded; review it again"
            )
        extra: dict[str, Any] = {}
        if answers:
            proposal = (proposals or {}).get(event_id)
            if not proposal:
                return MemberOutcome(event_id, False, "no proposed release of this hold to answer")
            extra["proposal_id"] = proposal
        try:
            request = parse_request({**fields, **extra, "event_id": event_id, "group_id": group_id})
            async with gate:
                decision = await backend.submit(request, reviewer)
        except DecisionError as exc:
            return MemberOutcome(event_id, False, f"{exc} ({exc.code.value})")
        except TimeoutError as exc:
            return MemberOutcome(event_id, True, f"published; {exc}")
        after = backend.hold(event_id)
        pending = getattr(after, "pending", None)
        if pending is not None and getattr(pending, "decision_id", None) == decision.decision_id:
            return MemberOutcome(
                event_id, True, "release proposed: it takes effect when a second reviewer approves it"
            )
        return MemberOutcome(
            event_id, True, f"{decision.action.value} recorded (decision {decision.decision_id})"
        )

    return list(await asyncio.gather(*(one(e, g) for e, g in members.items())))
