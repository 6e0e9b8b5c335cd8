"""`Settings`: the one place every knob comes from (env `HOLDLINE_*`, overridden by CLI flags).

Frozen so that a running worker, its agents and its web views can never disagree about a value. One
reader of the `HOLDLINE_` prefix: the compliance workflow's settings are a nested section
(`Settings.compliance`) read from the same flat variable names (`HOLDLINE_TOPIC_DECISIONS`, not
`HOLDLINE_COMPLIANCE__...`), so nesting changed no variable's name. They are declared here, below the
compliance package, so the pipeline can name every topic without importing it.
"""

from __future__ import annotations

import os
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from matchers.config import DEFAULT_CONFIG

# `matchers.DEFAULT_THRESHOLD`, read from the engine's configuration rather than its screener module, which a
# worker imports only after its group join (decision 0516; tests/streams/test_settings.py checks both agree).
DEFAULT_THRESHOLD = DEFAULT_CONFIG.thresholds.hit


def builtin_list_path() -> Path:
    """The demo's default list (the 28 Entity List additions of 9 Oct 2019) shipped inside `matchers`:
    `matchers.lists.BUILTIN_LIST`, found without importing the list parsers, which every `Settings()`
    (`holdline screen` included) would otherwise pay for (tests/streams/cli/test_lazy_imports.py)."""
    import matchers

    return Path(matchers.__file__).resolve().parent / "data" / "entity_list_2019-10.json"


# Key, headers and batch framing allowed on top of an output record's value (a key is a PO number or a
# shipment id, a few dozen bytes; dead-letter keys are the original key, bounded by `max_event_bytes`).
RECORD_FRAMING_BYTES = 64 * 1024

LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


class ComplianceSettings(BaseModel):
    """The compliance workflow's settings (`Settings.compliance`); field `x` is read from env `HOLDLINE_X`."""

    model_config = ConfigDict(frozen=True)

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


class _FlatSection(PydanticBaseSettingsSource):
    """Reads a nested section's fields from the settings' own prefix: `HOLDLINE_X` for field `x`."""

    def __init__(self, settings_cls: type[BaseSettings], section: str, model: type[BaseModel]) -> None:
        super().__init__(settings_cls)
        self.section = section
        self.model = model

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # the whole section is built in __call__

    def __call__(self) -> dict[str, Any]:
        prefix = str(self.config.get("env_prefix", "")).lower()
        env = {k.lower(): v for k, v in os.environ.items()}  # case-insensitive, as the env source
        values = {name: env[prefix + name] for name in self.model.model_fields if prefix + name in env}
        return {self.section: values} if values else {}


class SecurityProtocol(StrEnum):
    PLAINTEXT = "PLAINTEXT"
    SSL = "SSL"
    SASL_PLAINTEXT = "SASL_PLAINTEXT"
    SASL_SSL = "SASL_SSL"


class SaslMechanism(StrEnum):
    PLAIN = "PLAIN"
    SCRAM_SHA_256 = "SCRAM-SHA-256"
    SCRAM_SHA_512 = "SCRAM-SHA-512"


class Settings(BaseSettings):
    """Worker, topic and broker settings. Field `x` is read from env `HOLDLINE_X`."""

    model_config = SettingsConfigDict(env_prefix="HOLDLINE_", frozen=True, extra="ignore")

    broker: str = Field(
        default="kafka://127.0.0.1:9092",
        description="Broker URL(s), `kafka://host:port`; several separated by `;` or `,`",
    )
    lists: Annotated[tuple[Path, ...], NoDecode] = Field(
        default_factory=lambda: (builtin_list_path(),),
        description="List files or directories (env: separated by os.pathsep); default: the built-in list",
    )
    threshold: float = Field(
        default=DEFAULT_THRESHOLD, ge=0.0, le=1.0, description="Match score at or above which a party is held"
    )

    topic_purchases: str = Field(default="procurement.purchases", description="Input: purchase orders")
    topic_shipments: str = Field(default="procurement.shipments", description="Input: shipments")
    topic_hold: str = Field(default="screening.hold", description="Output: held events")
    topic_cleared: str = Field(default="screening.cleared", description="Output: cleared events")
    topic_deadletter: str = Field(default="screening.deadletter", description="Output: unreadable input")
    partitions: int = Field(default=6, ge=1, description="Partitions per topic (`holdline topics create`)")
    replication_factor: int = Field(default=1, ge=1, description="Replication per topic (`topics create`)")

    screen_cache_size: int = Field(
        default=100_000, ge=0, description="Parties whose screening result is kept per snapshot (0: off)"
    )
    max_batch: int = Field(
        default=200, ge=1, description="Most events screened in one hop to the screening thread or process"
    )
    screen_processes: int = Field(
        default=1,
        ge=0,
        description="Screening processes forked beside the worker (0: screen in a thread of the worker)",
    )

    # Input bounds (docs/guarantees.md): far above any real purchase order or shipment notice, low enough
    # that one hostile or broken record cannot stall a partition or produce an undeliverable record.
    max_event_bytes: int = Field(
        default=512 * 1024,
        ge=1024,
        description="Largest input event; larger ones are dead-lettered (too_large)",
    )
    max_name_chars: int = Field(
        default=1000, ge=16, description="Longest party name screened; longer: hold unscreenable_party"
    )
    max_name_tokens: int = Field(
        default=60, ge=4, description="Most words in a party name; more: hold unscreenable_party"
    )
    max_parties: int = Field(
        default=50,
        ge=5,
        description="Most parties (roles and other `name` objects) in one event; more: "
        "dead-lettered (too_many_parties)",
    )
    max_nesting: int = Field(
        default=64, ge=8, description="Deepest JSON nesting of an event; deeper: dead-lettered (undecodable)"
    )
    max_record_bytes: int = Field(
        default=1024 * 1024,
        ge=64 * 1024,
        description="Largest output record; the producer's max_request_size and "
        "the topics' max.message.bytes are set from it (a larger "
        "decision is dead-lettered: record_too_large)",
    )
    deadletter_payload_bytes: int = Field(
        default=512 * 1024,
        ge=1024,
        description="Bytes of the original payload a dead-letter record "
        "keeps (the rest is cut, its size and SHA-256 kept)",
    )
    screen_batch_timeout: float = Field(
        default=120.0,
        gt=0,
        description="Seconds a screening batch may take, in a screening "
        "process or the worker's thread; then it is held "
        "(screening_unavailable)",
    )

    producer_one_record_per_batch: bool = Field(
        default=False,
        description="Test-broker workaround for `holdline produce` and `holds decide`: one "
        "record per produce batch (Tansu's end offsets are wrong for larger "
        "batches). Leave off on Kafka",
    )

    group_id: str = Field(default="holdline", description="Consumer group id (= Faust app id)")
    web_host: str = Field(default="127.0.0.1", description="Address the worker's web server binds to")
    web_port: int = Field(default=6066, ge=0, le=65535, description="Worker web port: /metrics, /healthz")
    session_timeout: float = Field(
        default=30.0, gt=0, description="Consumer session timeout, seconds (Tansu joins wait half)"
    )
    worker_instance_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=249,
        description="Static group membership (Kafka's group.instance.id, KIP-345): a worker restarted "
        "with the same id gets its partitions back without a rebalance. Unique per worker and stable "
        "across its restarts (a StatefulSet pod name); unset: dynamic membership",
    )
    commit_interval: float = Field(default=2.8, gt=0, description="Offset commit interval, seconds")
    shutdown_timeout: float = Field(
        default=30.0, gt=0, description="Seconds a SIGTERM shutdown may take before the worker exits"
    )
    lag_interval: float = Field(default=5.0, gt=0, description="Consumer-lag metric refresh, seconds")
    datadir: Path = Field(
        default_factory=lambda: Path.home() / ".holdline",
        description="Faust's data directory (no tables are used; it only holds app state)",
    )
    loglevel: str = Field(default="info", description="Worker log level")

    cache_dir: str | None = Field(
        default=None,
        description="Folder of compiled list snapshots (`off`: no cache); unset: $XDG_CACHE_HOME/holdline "
        "or ~/.cache/holdline",
    )

    compliance: ComplianceSettings = Field(
        default_factory=ComplianceSettings, description="The compliance workflow's settings"
    )

    security_protocol: SecurityProtocol = Field(
        default=SecurityProtocol.PLAINTEXT, description="Kafka security protocol"
    )
    sasl_mechanism: SaslMechanism = Field(default=SaslMechanism.PLAIN, description="SASL mechanism")
    sasl_username: str | None = Field(default=None, description="SASL user")
    sasl_password: SecretStr | None = Field(default=None, description="SASL password")
    ssl_cafile: Path | None = Field(default=None, description="CA bundle to verify the brokers' certificates")
    ssl_certfile: Path | None = Field(default=None, description="Client certificate (mutual TLS)")
    ssl_keyfile: Path | None = Field(default=None, description="Client key (mutual TLS)")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        flat = _FlatSection(settings_cls, "compliance", ComplianceSettings)
        return init_settings, env_settings, flat, dotenv_settings, file_secret_settings

    @field_validator("lists", mode="before")
    @classmethod
    def _split_lists(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(Path(p) for p in value.split(os.pathsep) if p.strip())
        return value

    @field_validator("loglevel")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.lower() not in LOG_LEVELS:
            raise ValueError(f"loglevel must be one of {', '.join(LOG_LEVELS)}")
        return value.lower()

    @model_validator(mode="after")
    def _check_security(self) -> Settings:
        sasl = self.security_protocol in (SecurityProtocol.SASL_PLAINTEXT, SecurityProtocol.SASL_SSL)
        if sasl and (not self.sasl_username or self.sasl_password is None):
            raise ValueError(
                f"security_protocol {self.security_protocol} needs sasl_username and sasl_password"
            )
        if not self.lists:
            raise ValueError("lists must name at least one file or directory")
        if self.deadletter_payload_bytes * 4 // 3 + 64 * 1024 > self.max_record_bytes:
            raise ValueError(
                "deadletter_payload_bytes (base64-encoded, plus 64 KiB) must fit in max_record_bytes"
            )
        return self

    @property
    def input_topics(self) -> tuple[str, str]:
        return (self.topic_purchases, self.topic_shipments)

    @property
    def output_topics(self) -> tuple[str, str, str]:
        return (self.topic_hold, self.topic_cleared, self.topic_deadletter)

    @property
    def max_request_bytes(self) -> int:
        """The producer's `max_request_size` and the output topics' `max.message.bytes`, set together.

        Room above `max_record_bytes` for the key and the batch framing, so a record the processor let
        through is always accepted by both (docs/guarantees.md).
        """
        return self.max_record_bytes + RECORD_FRAMING_BYTES

    @property
    def compiled_cache_dir(self) -> Path | None:
        """Where compiled list snapshots are kept (`matchers.compiled`); None: no cache."""
        if self.cache_dir is None:
            from matchers.compiled import default_cache_dir

            return default_cache_dir()
        return None if self.cache_dir.strip().lower() in {"", "off", "none", "0"} else Path(self.cache_dir)

    @property
    def bootstrap_servers(self) -> list[str]:
        return bootstrap_servers(self.broker)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given (validated) values; `None` means "not given" (CLI flags left unset)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if not given:
            return self
        data = self.model_dump()
        if isinstance(given.get("compliance"), dict):  # a few compliance values over the current ones
            given["compliance"] = {**data["compliance"], **given["compliance"]}
        return type(self).model_validate({**data, **given})


def bootstrap_servers(url: str) -> list[str]:
    """`kafka://h1:9092;kafka://h2:9092` (Faust's form) -> `["h1:9092", "h2:9092"]` (the admin client's)."""
    hosts = []
    for part in url.replace(";", ",").split(","):
        part = part.strip()
        if "://" in part:
            part = part.split("://", 1)[1]
        part = part.rstrip("/")
        if part:
            hosts.append(part)
    if not hosts:
        raise ValueError(f"no broker address in {url!r}")
    return hosts
