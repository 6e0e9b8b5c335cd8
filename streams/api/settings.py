"""`ApiSettings`: the HTTP service's own settings, read from `HOLDLINE_API_*` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_QUERIES = 100  # yente's MAX_BATCH: clients split larger batches themselves
MAX_PARTIES = 1000
MAX_LIMIT = 500
DEFAULT_LIMIT = 5


class ApiSettings(BaseSettings):
    """Field `x` is read from env `HOLDLINE_API_X` (so `tokens_file` from `HOLDLINE_API_TOKENS_FILE`)."""

    model_config = SettingsConfigDict(env_prefix="HOLDLINE_API_", extra="ignore")

    tokens_file: Path | None = Field(
        default=None, description="File of `NAME:SHA256HEX` lines (bearer tokens)"
    )
    max_body_bytes: int = Field(
        default=2 * 1024 * 1024, gt=0, description="Larger request bodies are refused with 413"
    )
    rate_per_second: float = Field(
        default=500.0, gt=0, description="Sustained requests per second per token (per process)"
    )
    rate_burst: int = Field(default=1000, gt=0, description="Requests a token may send at once")
    follow_control: bool = Field(
        default=True, description="Follow snapshot publications on the control topic"
    )
