"""The queue index kept as holds arrive and close answers every query as a fresh scan of the open holds did.

The reference below is the queue's previous algorithm (summarise every open hold, filter, sort, cut a
page; groups in the book's newest-first order). Hypothesis drives a real `MemoryBackend` through holds,
re-holds, releases, confirmations and four-eyes proposals and approvals, and after each sequence every
query's page, totals, groups, lists and pending approvals must be the same from the index as from the scan.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchers import Screener
from streams.compliance.decisions import DecisionError, parse_request
from streams.compliance.holds_state import HoldState, HoldStatus
from streams.console.backend import MemoryBackend
from streams.console.queue_view import QueueQuery, fold, hours, summarise
from streams.settings import builtin_list_path

NAMES = (
    "Hikvision Digital Technology",
    "Dahua Technology",
    "Urumqi Municipal Public Security Bureau",
    "iFlytek",
    "Xinjiang Police College",
)
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def matches() -> dict[str, list[dict[str, Any]]]:
    screener = Screener.from_paths([builtin_list_path()])
    return {name: [m.to_record() for m in screener.screen(name, country="CN")[:2]] for name in NAMES}


def hold_record(
    event: int, name: str, found: list[dict[str, Any]], minutes: int, role: str
) -> dict[str, Any]:
    event_id = f"e{event:02d}"
    return {
        "event_id": event_id,
        "event_type": "shipment" if event % 3 == 0 else "purchase_order",
        "decision": "hold",
        "reason": "list_update" if minutes % 2 else "match",
        "po_number": f"PO-{event:04d}",
        "shipment_id": f"SH-{event:04d}",
        "list_version": f"v{minutes % 3}",
        # every seventh hold has a time no one can read: it sorts as the oldest and has no age
        "screened_at": (NOW - timedelta(minutes=minutes)).isoformat() if minutes % 7 else "unknown",
        "threshold": 0.82,
        "event": {"event_id": event_id},
        "parties_screened": [],
        "hits": [{"role": role, "party": {"name": name, "country": "CN"}, "matches": found}],
    }


def reference_select(holds: list[HoldState], query: QueueQuery) -> tuple[list[str], int, int, int]:
    """The queue before the index: every open hold summarised, filtered, sorted and paged per request."""
    rows = [(s, summarise(s)) for s in holds]
    if query.list:
        rows = [(s, m) for s, m in rows if query.list in m.lists]
    if query.role:
        rows = [(s, m) for s, m in rows if query.role in m.roles]
    low, high = hours(query.min_age_h), hours(query.max_age_h)
    if low is not None or high is not None:
        rows = [
            (s, m)
            for s, m in rows
            if m.held is not None
            and (low is None or (NOW - m.held).total_seconds() >= low)
            and (high is None or (NOW - m.held).total_seconds() <= high)
        ]
    terms = fold(query.q.strip()).split()
    rows = [(s, m) for s, m in rows if all(t in m.haystack for t in terms)]
    reverse = query.order == "desc"
    epoch = datetime.min.replace(tzinfo=UTC)
    if query.sort == "score":
        rows.sort(key=lambda r: (r[1].score, r[0].event_id), reverse=reverse)
    elif query.sort == "list":
        rows.sort(key=lambda r: (r[1].first_list, r[0].event_id), reverse=reverse)
    else:
        rows.sort(key=lambda r: (r[1].held or epoch, r[0].event_id), reverse=not reverse)
    pages = max(1, math.ceil(len(rows) / query.per_page))
    page = min(query.page, pages)
    chosen = rows[(page - 1) * query.per_page : page * query.per_page]
    return [s.event_id for s, _ in chosen], len(rows), page, pages


def reference_groups(holds: list[HoldState]) -> list[tuple[str, list[str]]]:
    found: dict[str, tuple[str, str, list[str]]] = {}
    for state in holds:  # newest first, as the book lists them
        for gid, party, entry_id, _listed in summarise(state).groups:
            found.setdefault(gid, (party, entry_id, []))[2].append(state.event_id)
    ordered = sorted(found.items(), key=lambda g: (-len(g[1][2]), fold(g[1][0]), g[1][1]))
    return [(gid, members) for gid, (_p, _e, members) in ordered]


QUERIES = [
    QueueQuery(sort=sort, order=order, per_page=25, page=page)
    for sort in ("age", "score", "list")
    for order in ("asc", "desc")
    for page in (1, 2)
] + [
    QueueQuery(q="technology"),
    QueueQuery(q="PO-0003"),
    QueueQuery(q="dahua tech", sort="score"),
    QueueQuery(role="buyer", sort="list", order="asc"),
    QueueQuery(min_age_h="1", max_age_h="3"),
    QueueQuery(max_age_h="2", q="bureau", per_page=25, page=2),
]

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["hold", "hold", "release", "confirm", "approve"]),
        st.integers(0, 39),  # event
        st.integers(0, len(NAMES) - 1),
        st.integers(1, 400),  # minutes ago
        st.sampled_from(["supplier", "buyer"]),
    ),
    max_size=80,
)


def run(backend: MemoryBackend, steps: list[Any], found: dict[str, list[dict[str, Any]]]) -> None:
    async def decide(event_id: str, action: str, reviewer: str) -> None:
        state = backend.hold(event_id)
        if state is None:
            return
        raw: dict[str, Any] = {"event_id": event_id, "action": action, "reason": "checked it"}
        if action == "approve":
            if state.pending is None:
                return
            raw["proposal_id"] = state.pending.decision_id
        with contextlib.suppress(DecisionError):  # refused as the console would; the index must still agree
            await backend.submit(parse_request(raw), reviewer)

    for action, event, name, minutes, role in steps:
        if action == "hold":
            backend.add_hold(hold_record(event, NAMES[name], found[NAMES[name]], minutes, role))
        else:
            asyncio.run(decide(f"e{event:02d}", action, "bob" if action == "approve" else "alice"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, four_eyes=st.booleans())
def test_the_index_answers_as_a_fresh_scan(
    matches: dict[str, list[dict[str, Any]]], steps: list[Any], four_eyes: bool
) -> None:
    backend = MemoryBackend(four_eyes=frozenset({"release"}) if four_eyes else frozenset())
    run(backend, steps, matches)
    holds = backend.book.open_holds(now=NOW)
    index = backend.index
    assert len(index) == len(holds)
    for query in QUERIES:
        page = index.select(query, NOW)
        assert ([s.event_id for s in page.items], page.total, page.page, page.pages) == reference_select(
            holds, query
        ), query
    expected_groups = reference_groups(holds)
    assert [(g.group_id, [s.event_id for s in g.holds]) for g in index.groups()] == expected_groups
    second = index.group_page(2, 2)  # pages of two groups: the third and fourth largest, if there are any
    shown = 2 if len(expected_groups) > 2 else 1  # a page past the end shows the last one
    assert second.page == shown and second.pages == max(1, math.ceil(len(expected_groups) / 2))
    assert [g.group_id for g in second.groups] == [
        gid for gid, _ in expected_groups[2 * shown - 2 : 2 * shown]
    ]
    assert second.total_groups == len(expected_groups)
    assert second.total_holds == sum(len(members) for _, members in expected_groups)
    assert index.known_lists() == sorted({x for s in holds for x in summarise(s).lists} - {""})
    assert [s.event_id for s in backend.pending_approvals()] == [s.event_id for s in holds if s.pending]
    shown = {s.event_id: s for s in index.select(QueueQuery(per_page=200)).items}
    assert all(shown[s.event_id] is backend.hold(s.event_id) for s in holds)  # the latest state is shown


def test_decided_and_tombstoned_holds_leave_the_index(matches: dict[str, list[dict[str, Any]]]) -> None:
    backend = MemoryBackend()
    for i in range(3):
        backend.add_hold(hold_record(i + 1, NAMES[1], matches[NAMES[1]], 10 + i, "supplier"))
    assert backend.index.select(QueueQuery()).total == 3 and backend.index.groups()[0].count == 3
    asyncio.run(
        backend.submit(parse_request({"event_id": "e01", "action": "confirm", "reason": "it is"}), "a")
    )
    assert backend.hold("e01").status is HoldStatus.BLOCKED  # type: ignore[union-attr]
    assert [s.event_id for s in backend.index.select(QueueQuery()).items] == ["e03", "e02"]
    backend.book.apply_state_record("e02", None)  # a tombstone on the state topic
    assert [s.event_id for s in backend.index.select(QueueQuery(q="dahua")).items] == ["e03"]
    assert [g.count for g in backend.index.groups()] == [1]
    backend.book.apply_state_record("e03", backend.hold("e03").model_dump_json())  # type: ignore[union-attr]
    assert len(backend.index) == 1  # a re-read record replaces, never duplicates
