"""One party to screen on request: a line of `holdline screen --jsonl` and an item of `/v1/screen`.

One model for both entry points, so the command line and the HTTP API accept and refuse the same input.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

KINDS = frozenset({"person", "org", "organisation", "organization", "vessel", "aircraft", "unknown"})


class PartyRequest(BaseModel):
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
