"""The queue's vocabulary: the query a reviewer asks, the summary of a hold it is answered from, pages
and groups.

On a list-update day thousands of holds open at once; the page shows `per_page` of them, and searching or
sorting reads a small per-hold summary (best score, lists, one lower-cased haystack of party names,
PO/shipment number and listed entries) made once when the hold arrives (`queue_index.QueueIndex`), not a
re-read of its record. Groups gather open holds by (flagged party, listed entry): the same supplier on
dozens of orders is one line with a count, decided once for all of them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
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


@dataclass(frozen=True, slots=True)
class HoldSummary:
    """What filtering, search, sorting and grouping read of a hold, made once when it arrives."""

    score: float
    first_list: str
    haystack: str  # folded party names, event id, PO/shipment number, listed names and entry ids
    held: datetime | None
    groups: tuple[tuple[str, str, str, str], ...]  # (group id, party name, entry id, listed name)
    lists: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()


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
    groups: dict[str, tuple[str, str, str, str]] = {}
    for name, entry_id, listed in best:
        gid = group_id(name, entry_id)
        groups.setdefault(gid, (gid, name, entry_id, listed))
    return HoldSummary(
        max(scores, default=0.0),
        min(lists, default=""),
        fold(" \x00 ".join(words)),
        state.held_datetime(),
        tuple(groups.values()),
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


@dataclass
class GroupPage:
    """One page of groups, the largest first, with the totals over every group."""

    groups: list[Group]
    total_groups: int
    total_holds: int  # summed over groups: a hold with two flagged parties counts in both
    page: int
    pages: int
    per_page: int
