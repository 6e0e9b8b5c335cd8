"""The open holds' sort, search and group index, kept up to date as holds arrive and close.

A list update opens thousands of holds at once, and the first reviewer to load the queue afterwards must
not pay for summarising and sorting all of them. So every change to a hold (a state record read from
Kafka, a hold or decision folded in memory) updates the index at once: the hold's summary (scores, lists,
roles, search text, group keys) is made when it arrives, its sort keys go into one sorted list per sort
order, and its groups, list counts and pending approvals are counted. A page request then walks the
chosen order and cuts out one page; without filters it only reads the page's rows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sortedcontainers import SortedList

from streams.compliance.holds_state import HoldsBook, HoldState, HoldStatus
from streams.console.queue_view import Group, GroupPage, HoldSummary, Page, QueueQuery, fold, hours, summarise

SortKey = tuple[float | str, str]


def _age_key(summary: HoldSummary, event_id: str) -> SortKey:
    """Holds without a hold time sort as the oldest (the greatest age), as before."""
    return (summary.held.timestamp() if summary.held is not None else -math.inf, event_id)


@dataclass(slots=True)
class _Entry:
    state: HoldState
    summary: HoldSummary
    age: SortKey


@dataclass(slots=True)
class _GroupSlot:
    party: str
    entry_id: str
    listed_name: str
    folded_party: str
    members: SortedList = field(default_factory=SortedList)  # age keys, oldest first


class QueueIndex:
    """The open holds, summarised once on arrival, in every order the queue sorts by."""

    def __init__(self) -> None:
        self._open: dict[str, _Entry] = {}
        self._orders: dict[str, SortedList] = {
            "age": SortedList(),
            "score": SortedList(),
            "list": SortedList(),
        }
        self._lists: Counter[str] = Counter()
        self._groups: dict[str, _GroupSlot] = {}
        self._pending: set[str] = set()

    def __len__(self) -> int:
        return len(self._open)

    def put(self, state: HoldState) -> None:
        """A hold's new state: indexed while open, dropped once decided."""
        old = self._open.get(state.event_id)
        if state.status is not HoldStatus.OPEN:
            self.remove(state.event_id)
            return
        if old is not None and old.state.hold == state.hold and old.state.held_at == state.held_at:
            old.state = state  # a decision step (proposal, lapse) changes what the row says, not its keys
            self._mark_pending(state)
            return
        self.remove(state.event_id)
        summary = summarise(state)
        entry = _Entry(state, summary, _age_key(summary, state.event_id))
        self._open[state.event_id] = entry
        self._orders["age"].add(entry.age)
        self._orders["score"].add((summary.score, state.event_id))
        self._orders["list"].add((summary.first_list, state.event_id))
        self._lists.update(summary.lists)
        for gid, party, entry_id, listed in summary.groups:
            slot = self._groups.get(gid)
            if slot is None:
                slot = self._groups[gid] = _GroupSlot(party, entry_id, listed, fold(party))
            slot.members.add(entry.age)
        self._mark_pending(state)

    def remove(self, event_id: str) -> None:
        entry = self._open.pop(event_id, None)
        if entry is None:
            return
        summary = entry.summary
        self._orders["age"].remove(entry.age)
        self._orders["score"].remove((summary.score, event_id))
        self._orders["list"].remove((summary.first_list, event_id))
        self._lists.subtract(summary.lists)
        for name in summary.lists:
            if self._lists[name] <= 0:
                del self._lists[name]
        for gid, *_ in summary.groups:
            slot = self._groups[gid]
            slot.members.remove(entry.age)
            if not slot.members:
                del self._groups[gid]
        self._pending.discard(event_id)

    def _mark_pending(self, state: HoldState) -> None:
        if state.pending is not None:
            self._pending.add(state.event_id)
        else:
            self._pending.discard(state.event_id)

    def summary(self, event_id: str) -> HoldSummary | None:
        entry = self._open.get(event_id)
        return entry.summary if entry is not None else None

    def known_lists(self) -> list[str]:
        return sorted(name for name in self._lists if name)

    def pending(self) -> list[HoldState]:
        """Open holds with a release awaiting a second reviewer, newest first."""
        entries = sorted((self._open[e] for e in self._pending), key=lambda x: x.age, reverse=True)
        return [x.state for x in entries]

    def _order(
        self, query: QueueQuery, start: int | None = None, stop: int | None = None
    ) -> Iterator[SortKey]:
        """The chosen order's keys; "desc" by age lists the oldest holds first (the greatest age)."""
        ascending = query.order == "desc" if query.sort == "age" else query.order == "asc"
        return iter(self._orders[query.sort].islice(start, stop, reverse=not ascending))

    @staticmethod
    def _test(query: QueueQuery, now: datetime | None) -> Callable[[HoldSummary], bool] | None:
        """The query's filters and search as one test of a summary, or None when it has none."""
        wanted_list, role, terms = query.list, query.role, fold(query.q.strip()).split()
        low, high = hours(query.min_age_h), hours(query.max_age_h)
        if not (wanted_list or role or terms or low is not None or high is not None):
            return None
        at = now or datetime.now(UTC)

        def test(m: HoldSummary) -> bool:
            if wanted_list and wanted_list not in m.lists:
                return False
            if role and role not in m.roles:
                return False
            if low is not None or high is not None:
                if m.held is None:
                    return False
                age = (at - m.held).total_seconds()
                if (low is not None and age < low) or (high is not None and age > high):
                    return False
            haystack = m.haystack
            return all(term in haystack for term in terms)

        return test

    def select(self, query: QueueQuery, now: datetime | None = None) -> Page:
        """Filter (list, role, age), search, sort and cut one page out of the open holds."""
        test = self._test(query, now)
        size = query.per_page
        if test is None:
            total = len(self._open)
            pages = max(1, math.ceil(total / size))
            page = min(query.page, pages)
            keys = list(self._order(query, (page - 1) * size, page * size))
        else:
            opened = self._open
            matched = [key for key in self._order(query) if test(opened[key[1]].summary)]
            total = len(matched)
            pages = max(1, math.ceil(total / size))
            page = min(query.page, pages)
            keys = matched[(page - 1) * size : page * size]
        chosen = [self._open[key[1]] for key in keys]
        return Page(
            [e.state for e in chosen], total, page, pages, {e.state.event_id: e.summary.score for e in chosen}
        )

    def groups(self) -> list[Group]:
        """Open holds by (flagged party, listed entry), the largest groups first, newest holds first."""
        return self.group_page(1, max(1, len(self._groups))).groups

    def group_page(self, page: int, per_page: int) -> GroupPage:
        """One page of `groups()`: only its groups' holds are gathered."""
        slots = sorted(
            self._groups.items(), key=lambda g: (-len(g[1].members), g[1].folded_party, g[1].entry_id)
        )
        pages = max(1, math.ceil(len(slots) / per_page))
        page = min(max(page, 1), pages)
        chosen = [
            Group(
                gid, s.party, s.entry_id, s.listed_name, [self._open[k[1]].state for k in reversed(s.members)]
            )
            for gid, s in slots[(page - 1) * per_page : page * per_page]
        ]
        return GroupPage(chosen, len(slots), sum(len(s.members) for _, s in slots), page, pages, per_page)


class IndexedBook(HoldsBook):
    """The console's folded hold state with its queue index kept in step: every change to a hold, from a
    state record or a decision folded in memory, passes through `put` or `remove`."""

    def __init__(self) -> None:
        super().__init__()
        self.index = QueueIndex()

    def put(self, state: HoldState) -> None:
        super().put(state)
        self.index.put(state)

    def remove(self, event_id: str) -> None:
        super().remove(event_id)
        self.index.remove(event_id)
