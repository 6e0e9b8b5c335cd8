"""`/v1/screen`'s party: the input line of `holdline screen --jsonl`, validated the same way.

Kept beside the API rather than imported from the CLI (the CLI starts the API: importing back would make a
cycle); tests/streams/api holds the two to the same answers on the same input.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

KINDS = frozenset({"person", "org", "organisation", "organization", "vessel", "aircraft", "unknown"})


class Party(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: Any = None
    name: str
    country: str | None = None
    kind: str | None = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name is blank")
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None) -> str | None:
        if value is not None and value not in KINDS:
            raise ValueError(f"kind must be 'person', 'org' or null, not {value!r}")
        return value
