"""Settings of the compliance workflow (env `HOLDLINE_*`), beside the worker's `streams.settings.Settings`.

Kept apart so the pipeline's settings stay about screening; both read the same environment.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ComplianceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOLDLINE_", frozen=True, extra="ignore")

    compliance_workflow: bool = Field(default=True, description="Run the compliance workflow in the worker")
    topic_decisions: str = Field(default="screening.decisions", description="Reviewers' decisions")
    topic_blocked: str = Field(default="screening.blocked", description="Events confirmed as true matches")
    topic_control: str = Field(default="holdline.control", description="List snapshot publications")
    topic_holds_state: str = Field(default="holdline.holds-state", description="Compacted: holds by event")
    topic_allowlist: str = Field(default="holdline.allowlist", description="Compacted: allowances by id")
    topic_open_events: str = Field(default="holdline.open-events",
                                   description="Compacted: counterparties of open POs and shipments")

    reviewers: SecretStr = Field(
        default=SecretStr(""),
        description="Console accounts: comma-separated `name:scrypt$...` (make one: `holdline console "
                    "hash-secret`)")
    operator: str | None = Field(default=None,
                                 description="Reviewer identity recorded by `holdline holds decide`")
    console_host: str = Field(default="127.0.0.1", description="Console bind address (loopback by default)")
    console_port: int = Field(default=6067, ge=0, le=65535, description="Console port")
    console_identity_header: str | None = Field(
        default=None, description="Trust this header (e.g. X-Forwarded-User) from an authenticating proxy")
    console_secure_cookies: bool = Field(default=False, description="Secure cookies (behind TLS)")
    console_session_minutes: float = Field(default=30.0, gt=0, description="Idle session lifetime")

    list_store: Path = Field(default_factory=lambda: Path.home() / ".holdline" / "lists",
                             description="Local versioned list store (`lists fetch`; publications received)")
    list_max_age_hours: float | None = Field(
        default=None, gt=0, description="A snapshot older than this is stale (metric holdline_list_stale)")
    list_stale_hold: bool = Field(default=False,
                                  description="Hold every event while the snapshot is stale (fail closed)")
    rescreen_window_days: float = Field(default=90.0, gt=0,
                                        description="Events older than this are no longer re-screened")

    @property
    def rescreen_window(self) -> timedelta:
        return timedelta(days=self.rescreen_window_days)

    @property
    def list_max_age(self) -> timedelta | None:
        return None if self.list_max_age_hours is None else timedelta(hours=self.list_max_age_hours)
