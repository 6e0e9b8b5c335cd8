"""The queue at scale: search, sort and paging done on the server, and holds grouped for group decisions.

On a list-update day thousands of holds open at once; the page shows `per_page` of them, and searching or
sorting walks a small per-hold summary (best score, lists, one lower-cased haystack of party names,
PO/shipment number and listed entries) cached by hold generation, so the 10,000th hold costs a dictionary
look-up, not a re-read of its record. Groups gather open holds by (flagged party, listed entry): the
same supplier on dozens of orders is one line with a count, decided once for all of them.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from streams.compliance.holds_state import HoldState

SORTS = ("age", "score", "list")
PER_PAGE = (25, 50, 100, 200)


class QueueQuery(BaseModel):
    """The queue's query string, validated: a bad value falls back to the default, never an error page."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field(default="", max_length=200)
    list: str = ""
    role: str = ""
    min_age_h: str = ""
    max_age_h: str = ""
    sort: Literal["age", "score", "list"] = "age"
    order: Literal["asc", "desc"] = "desc"
    page: int = Field(default=1, ge=1)
    per_page: int = 50

    @field_validator("per_page")
    @classmethod
    def _per_page(cls, value: int) -> int:
        return value if value in PER_PAGE else 50

    @classmethod
    def parse(cls, raw: Mapping[str, str]) -> QueueQuery:
        data = {k: v for k, v in raw.items() if k in cls.model_fields}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            return cls.model_validate({k: v for k, v in data.items() if k not in bad})

    def link(self, **changes: Any) -> str:
        """The query string of this view with `changes` (page links, sort headers)."""
        from urllib.parse import urlencode

        values = {**self.model_dump(), **changes}
        defaults = QueueQuery().model_dump()
        return "?" + urlencode({k: v for k, v in values.items() if v != defaults[k]})


def hours(value: str) -> float | None:
    """A form's hours as seconds; empty or not a number: no bound."""
    try:
        return float(value) * 3600 if value.strip() else None
    except ValueError:
        return None


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKD", text).casefold().split())


@dataclass
class HoldSummary:
    """What sorting and filtering need at once; the search text and the groups on first use (most
    requests neither search nor group, and a burst of new holds is summarised before the first page)."""

    score: float
    first_list: str
    words: tuple[str, ...]
    held: datetime | None
    best: tuple[tuple[str, str, str], ...]  # (party name, entry id, listed name) per party's best match
    lists: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()

    @cached_property
    def haystack(self) -> str:
        return fold(" \x00 ".join(self.words))

    @cached_property
    def groups(self) -> tuple[tuple[str, str, str, str], ...]:
        """(group id, party name, entry id, listed name), each group once."""
        found: dict[str, tuple[str, str, str, str]] = {}
        for name, entry_id, listed in self.best:
            gid = group_id(name, entry_id)
            found.setdefault(gid, (gid, name, entry_id, listed))
        return tuple(found.values())


def group_id(party_name: str, entry_id: str) -> str:
    key = f"{fold(party_name)}\x00{entry_id}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def summarise(state: HoldState) -> HoldSummary:
    scores: list[float] = []
    lists: list[str] = []
    words = [
        state.event_id,
        state.business_id or "",
        str(state.hold.get("po_number") or ""),
        str(state.hold.get("shipment_id") or ""),
    ]
    best: list[tuple[str, str, str]] = []
    roles: set[str] = set()
    for hit in state.hits():
        roles.add(str(hit.get("role")))
        party = hit.get("party") or {}
        name = str(party.get("name") or "")
        words.append(name)
        for i, match in enumerate(hit.get("matches") or []):
            score = match.get("score")
            if isinstance(score, int | float):
                scores.append(float(score))
            lists.append(str(match.get("list") or ""))
            words += [
                str(match.get("name") or ""),
                str(match.get("matched") or ""),
                str(match.get("entry_id") or ""),
            ]
            if i == 0 and match.get("entry_id"):  # grouped by the party's best match
                best.append((name, str(match["entry_id"]), str(match.get("name") or "")))
    return HoldSummary(
        max(scores, default=0.0),
        min(lists, default=""),
        tuple(words),
        state.held_datetime(),
        tuple(best),
        frozenset(lists),
        frozenset(roles),
    )


@dataclass
class Page:
    items: list[HoldState]
    total: int
    page: int
    pages: int
    scores: dict[str, float] = field(default_factory=dict)


class QueueIndex:
    """Summaries of holds by (event id, generation, update time), rebuilt only for holds that changed."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[tuple[int, datetime], HoldSummary]] = {}

    def summary(self, state: HoldState) -> HoldSummary:
        stamp = (state.generation, state.updated_at)
        cached = self._cache.get(state.event_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        made = summarise(state)
        self._cache[state.event_id] = (stamp, made)
        return made

    def known_lists(self, holds: Sequence[HoldState]) -> list[str]:
        return sorted(set().union(*(self.summary(s).lists for s in holds)) - {""})

    def select(self, holds: Sequence[HoldState], query: QueueQuery, now: datetime | None = None) -> Page:
        """Filter (list, role, age), search, sort and cut one page out of the open holds."""
        needle = fold(query.q.strip())
        rows = [(s, self.summary(s)) for s in holds]
        if query.list:
            rows = [(s, m) for s, m in rows if query.list in m.lists]
        if query.role:
            rows = [(s, m) for s, m in rows if query.role in m.roles]
        low, high = hours(query.min_age_h), hours(query.max_age_h)
        if low is not None or high is not None:
            now = now or datetime.now(UTC)
            rows = [
                (s, m)
                for s, m in rows
                if m.held is not None
                and (low is None or (now - m.held).total_seconds() >= low)
                and (high is None or (now - m.held).total_seconds() <= high)
            ]
        if needle:
            terms = needle.split()
            rows = [(s, m) for s, m in rows if all(t in m.haystack for t in terms)]
        reverse = query.order == "desc"
        epoch = datetime.min.replace(tzinfo=UTC)
        if query.sort == "score":
            rows.sort(key=lambda r: (r[1].score, r[0].event_id), reverse=reverse)
        elif query.sort == "list":
            rows.sort(key=lambda r: (r[1].first_list, r[0].event_id), reverse=reverse)
        else:  # age: "desc" lists the oldest holds first (the greatest age)
            rows.sort(key=lambda r: (r[1].held or epoch, r[0].event_id), reverse=not reverse)
        pages = max(1, math.ceil(len(rows) / query.per_page))
        page = min(query.page, pages)
        chosen = rows[(page - 1) * query.per_page : page * query.per_page]
        return Page([s for s, _ in chosen], len(rows), page, pages, {s.event_id: m.score for s, m in chosen})

    def groups(self, holds: Sequence[HoldState]) -> list[Group]:
        """Open holds by (flagged party, listed entry), the largest groups first."""
        found: dict[str, Group] = {}
        for state in holds:
            for gid, party, entry_id, listed in self.summary(state).groups:
                group = found.get(gid)
                if group is None:
                    group = found[gid] = Group(gid, party, entry_id, listed)
                group.holds.append(state)
        return sorted(found.values(), key=lambda g: (-len(g.holds), fold(g.party), g.entry_id))


@dataclass
class Group:
    group_id: str
    party: str
    entry_id: str
    listed_name: str
    holds: list[HoldState] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.holds)
