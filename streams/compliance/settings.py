"""Settings of the compliance workflow (env `HOLDLINE_*`), beside the worker's `streams.settings.Settings`.

Kept apart so the pipeline's settings stay about screening; both read the same environment.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from streams.compliance.signing import Keyring, Signer


class ComplianceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOLDLINE_", frozen=True, extra="ignore")

    compliance_workflow: bool = Field(default=True, description="Run the compliance workflow in the worker")
    topic_decisions: str = Field(default="screening.decisions", description="Reviewers' decisions")
    topic_blocked: str = Field(default="screening.blocked", description="Events confirmed as true matches")
    topic_control: str = Field(default="holdline.control", description="List snapshot publications")
    topic_holds_state: str = Field(default="holdline.holds-state", description="Compacted: holds by event")
    topic_allowlist: str = Field(default="holdline.allowlist", description="Compacted: allowances by id")
    topic_open_events: str = Field(
        default="holdline.open-events", description="Compacted: counterparties of open POs and shipments"
    )
    topic_refusals: str = Field(
        default="holdline.refusals",
        description="Refused decisions, allowances and publications, with reasons",
    )

    signing_key: SecretStr = Field(
        default=SecretStr(""),
        description="This process's Ed25519 signing key `key_id:base64` (console, operator CLI, publisher; "
        "make one: `holdline console keygen`)",
    )
    signing_key_file: Path | None = Field(
        default=None, description="File holding the signing key (a mounted Secret)"
    )
    trusted_keys: str = Field(
        default="",
        description="Public keys trusted to sign control records: `key_id:role+role:base64`, comma-separated "
        "(roles: console, reviewer, publisher)",
    )
    trusted_keys_file: Path | None = Field(
        default=None, description="File of trusted public keys, one per line"
    )
    four_eyes: str = Field(
        default="", description="Needing a second reviewer: `release`, `allowlist` (comma list)"
    )
    publication_max_shrink: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Refuse a publication shrinking a list by more than this share (unless --allow-shrink)",
    )

    reviewers: SecretStr = Field(
        default=SecretStr(""),
        description="Console accounts: comma-separated `name:scrypt$...` (make one: `holdline console "
        "hash-secret`)",
    )
    operator: str | None = Field(
        default=None,
        description="Optional: `holds decide` refuses unless it equals the signing "
        "key's id (the key names the reviewer)",
    )
    console_host: str = Field(default="127.0.0.1", description="Console bind address (loopback by default)")
    console_port: int = Field(default=6067, ge=0, le=65535, description="Console port")
    console_identity_header: str | None = Field(
        default=None, description="Trust this header (e.g. X-Forwarded-User) from an authenticating proxy"
    )
    console_secure_cookies: bool = Field(default=False, description="Secure cookies (behind TLS)")
    console_session_minutes: float = Field(default=30.0, gt=0, description="Idle session lifetime")
    console_trusted_proxies: str = Field(
        default="",
        description="Addresses/networks of TLS-terminating proxies whose X-Forwarded-Proto/Host "
        "and Forwarded headers are believed (comma-separated)",
    )
    console_history_events: int = Field(
        default=20_000,
        ge=100,
        description="Events whose history the console keeps in memory (oldest forgotten first)",
    )

    list_store: Path = Field(
        default_factory=lambda: Path.home() / ".holdline" / "lists",
        description="Local versioned list store (`lists fetch`; publications received)",
    )
    list_max_age_hours: float | None = Field(
        default=None, gt=0, description="A snapshot older than this is stale (metric holdline_list_stale)"
    )
    list_stale_hold: bool = Field(
        default=False, description="Hold every event while the snapshot is stale (fail closed)"
    )
    rescreen_window_days: float = Field(
        default=90.0, gt=0, description="Events older than this are no longer re-screened"
    )

    def keyring(self) -> Keyring:
        text = self.trusted_keys
        if self.trusted_keys_file is not None:
            text += "\n" + self.trusted_keys_file.read_text()
        return Keyring.parse(text)

    def signer(self) -> Signer | None:
        text = self.signing_key.get_secret_value().strip()
        if not text and self.signing_key_file is not None:
            text = self.signing_key_file.read_text().strip()
        return Signer.parse(text) if text else None

    def four_eyes_actions(self) -> frozenset[str]:
        actions = frozenset(a.strip().lower() for a in self.four_eyes.split(",") if a.strip())
        unknown = actions - {"release", "allowlist"}
        if unknown:
            raise ValueError(f"HOLDLINE_FOUR_EYES: unknown actions {sorted(unknown)} (release, allowlist)")
        return actions

    @property
    def rescreen_window(self) -> timedelta:
        return timedelta(days=self.rescreen_window_days)

    @property
    def list_max_age(self) -> timedelta | None:
        return None if self.list_max_age_hours is None else timedelta(hours=self.list_max_age_hours)
