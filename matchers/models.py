"""Canonical records shared by list adapters, the index and the screener.

Every list format is mapped onto `Entry` so the matcher never needs to know where a name came from,
and `Match` is the one shape a screening result takes everywhere (CLI, stream records, review console).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from matchers.records import match_record


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: str | None) -> EntityKind:
        """Accept the spellings callers use (`org`, `entity`, `individual`...); unknown stays unknown."""
        if value is None:
            return cls.UNKNOWN
        key = value.strip().lower()
        return _KIND_ALIASES.get(key, cls.UNKNOWN)


_KIND_ALIASES: dict[str, EntityKind] = {
    "person": EntityKind.PERSON,
    "individual": EntityKind.PERSON,
    "people": EntityKind.PERSON,
    "org": EntityKind.ORGANISATION,
    "organisation": EntityKind.ORGANISATION,
    "organization": EntityKind.ORGANISATION,
    "entity": EntityKind.ORGANISATION,
    "company": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "ship": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "unknown": EntityKind.UNKNOWN,
}


class Entry(BaseModel):
    """One listed party, whatever list and format it came from."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable id, unique across lists: '<list>:<source key>'")
    list: str = Field(description="Short list id, e.g. 'bis-entity-list', 'ofac-sdn', 'un-consolidated'")
    kind: EntityKind = EntityKind.UNKNOWN
    name: str
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = Field(default=(), description="ISO 3166-1 alpha-2 codes, upper case")
    addresses: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    citation: str | None = Field(default=None, description="Legal citation, e.g. '84 FR 54004, 10/9/19'")
    listed_on: date | None = None
    identifiers: tuple[str, ...] = Field(default=(), description="Registration, tax, IMO... numbers (FtM)")
    birth_dates: tuple[str, ...] = Field(default=(), description="Dates of birth as published (FtM)")

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def content_hash(self) -> str:
        """Hash of what a reviewer relies on; an allowance bound to it lapses when the entry changes."""
        # Fields added later count only when set, so existing entries keep their hashes (and allowances).
        payload = self.model_dump(mode="json", exclude={k for k in _LATER_FIELDS if not getattr(self, k)})
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


_LATER_FIELDS = ("identifiers", "birth_dates")


class SourceInfo(BaseModel):
    """What was loaded from one list source, including what was skipped and why (never silently)."""

    model_config = ConfigDict(frozen=True)

    list: str
    path: str
    format: str
    snapshot: str | None = Field(default=None, description="Snapshot date of the publication, ISO format")
    entries: int
    aliases: int
    skipped: dict[str, int] = Field(default_factory=dict, description="Skipped rows or names by reason")
    cleaned: dict[str, int] = Field(default_factory=dict, description="Repaired values by kind of repair")
    content_hash: str


class LoadedList(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: SourceInfo
    entries: tuple[Entry, ...]


class Match(BaseModel):
    """A listed entry the screened name may be, with the evidence a reviewer needs."""

    model_config = ConfigDict(frozen=True)

    list: str
    entry_id: str
    name: str = Field(description="Primary listed name")
    matched: str = Field(description="The listed name or alias that matched")
    score: float = Field(ge=0.0, le=1.0)
    explanation: dict[str, Any]
    kind: EntityKind = EntityKind.UNKNOWN
    countries: tuple[str, ...] = ()
    citation: str | None = None

    def to_record(self) -> dict[str, Any]:
        """The JSON shape of a match in `holdline screen --jsonl` and in stream records: `model_dump(mode=
        "json")`, built directly when every value is a plain one (`matchers/records.py`)."""
        record = match_record(self.__dict__)
        return record if record is not None else self.model_dump(mode="json")
