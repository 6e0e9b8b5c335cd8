"""Signed control records: decisions, allowances and list publications that a Kafka writer cannot forge.

Whoever can write to `screening.decisions`, `holdline.allowlist` or `holdline.control` must not thereby
become a reviewer or a list publisher. Every such record carries an Ed25519 signature (`signature`:
key id, nonce, time, value) over its canonical JSON; workers hold only PUBLIC keys, so a compromised
worker cannot sign anything. Each key has roles:

- `console`: the review console; it authenticates reviewers itself, so it may sign for any reviewer;
- `reviewer`: one person's key (the CLI); it may only sign records naming that person (the key id);
- `publisher`: may sign list publications.

Keys are provisioned as settings (env, or files mounted from a Kubernetes Secret): the private key of a
signer (`HOLDLINE_SIGNING_KEY` / `HOLDLINE_SIGNING_KEY_FILE`, `key_id:base64`), the public keys every
verifier trusts (`HOLDLINE_TRUSTED_KEYS` / `HOLDLINE_TRUSTED_KEYS_FILE`, `key_id:role+role:base64`).
Rotation: add the new public key, move the signer to the new private key, remove the old public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from matchers.errors import HoldlineError
from streams.settings import ComplianceSettings

SIG_FIELD = "signature"


class Role(StrEnum):
    CONSOLE = "console"
    REVIEWER = "reviewer"
    PUBLISHER = "publisher"


class Refusal(StrEnum):
    """Why a control record changed nothing: the `reason` label of `holdline_decisions_refused_total`."""

    UNSIGNED = "unsigned"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_KEY = "unknown_key"
    REPLAYED = "replayed"
    NOT_ALLOWED = "not_allowed"  # a valid key without the role, or a reviewer key signing for another
    CHAIN_BREAK = "chain_break"
    SHRINK = "shrink"


class SignatureError(HoldlineError, ValueError):
    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class KeyConfigError(HoldlineError, ValueError):
    pass


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyConfigError("not base64") from exc


def canonical(record: Mapping[str, Any]) -> bytes:
    """The signed bytes: sorted-key compact JSON of the record without its signature field."""
    body = {k: v for k, v in record.items() if k != SIG_FIELD}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def record_hash(record: Mapping[str, Any]) -> str:
    """Hash of a whole record, signature included: the link of the per-event decision chain."""
    return hashlib.sha256(
        json.dumps(
            dict(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
        ).encode()
    ).hexdigest()


def _payload(record: Mapping[str, Any], key_id: str, nonce: str, signed_at: str) -> bytes:
    head = json.dumps(
        {"key_id": key_id, "nonce": nonce, "signed_at": signed_at}, sort_keys=True, separators=(",", ":")
    ).encode()
    return head + b"\n" + canonical(record)


@dataclass(frozen=True)
class Signer:
    key_id: str
    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls, key_id: str) -> Signer:
        return cls(key_id, Ed25519PrivateKey.generate())

    @classmethod
    def parse(cls, text: str) -> Signer:
        """`key_id:base64(32-byte seed)`, as printed by `holdline console keygen`."""
        key_id, sep, seed = text.strip().partition(":")
        if not sep or not key_id.strip():
            raise KeyConfigError("a signing key is `key_id:base64`")
        raw = _unb64(seed)
        if len(raw) != 32:
            raise KeyConfigError("a signing key's seed is 32 bytes")
        return cls(key_id.strip(), Ed25519PrivateKey.from_private_bytes(raw))

    def private_text(self) -> str:
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        seed = self.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return f"{self.key_id}:{_b64(seed)}"

    def public_text(self, roles: list[Role]) -> str:
        raw = self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return f"{self.key_id}:{'+'.join(r.value for r in roles)}:{_b64(raw)}"

    def sign(self, record: Mapping[str, Any], now: datetime | None = None) -> dict[str, Any]:
        """A copy of `record` with its signature (any previous signature is replaced)."""
        body = {k: v for k, v in record.items() if k != SIG_FIELD}
        nonce = secrets.token_hex(16)
        signed_at = (now or datetime.now(UTC)).isoformat()
        value = self.private_key.sign(_payload(body, self.key_id, nonce, signed_at))
        body[SIG_FIELD] = {
            "key_id": self.key_id,
            "nonce": nonce,
            "signed_at": signed_at,
            "value": _b64(value),
        }
        return body


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    roles: frozenset[Role]
    public_key: Ed25519PublicKey


@dataclass(frozen=True)
class Verified:
    key_id: str
    roles: frozenset[Role]
    nonce: str
    signed_at: str


class Keyring:
    """The public keys a verifier trusts, by key id."""

    def __init__(self, keys: Mapping[str, TrustedKey] | None = None) -> None:
        self.keys = dict(keys or {})

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def parse(cls, text: str) -> Keyring:
        """`key_id:role+role:base64,...` (commas or newlines); a malformed entry is a configuration error."""
        keys: dict[str, TrustedKey] = {}
        for item in text.replace("\n", ",").split(","):
            item = item.strip()
            if not item or item.startswith("#"):
                continue
            parts = item.split(":")
            if len(parts) != 3 or not parts[0].strip():
                raise KeyConfigError(f"trusted key {item[:30]!r} is not `key_id:role+role:base64`")
            key_id, roles_text, pub = (p.strip() for p in parts)
            try:
                roles = frozenset(Role(r) for r in roles_text.split("+") if r)
            except ValueError as exc:
                raise KeyConfigError(f"trusted key {key_id!r}: roles are {', '.join(Role)}") from exc
            raw = _unb64(pub)
            if len(raw) != 32 or not roles:
                raise KeyConfigError(f"trusted key {key_id!r}: a 32-byte Ed25519 public key and a role")
            keys[key_id] = TrustedKey(key_id, roles, Ed25519PublicKey.from_public_bytes(raw))
        return cls(keys)

    def verify(self, record: Mapping[str, Any], roles: set[Role] | frozenset[Role]) -> Verified:
        """The signer of `record` if the signature is valid and its key has one of `roles`, else raise."""
        sig = record.get(SIG_FIELD)
        if not isinstance(sig, Mapping) or not sig.get("value"):
            raise SignatureError(Refusal.UNSIGNED, "the record carries no signature")
        key_id, nonce, signed_at = (str(sig.get(k) or "") for k in ("key_id", "nonce", "signed_at"))
        key = self.keys.get(key_id)
        if key is None:
            raise SignatureError(Refusal.UNKNOWN_KEY, f"signed with unknown key {key_id[:60]!r}")
        try:
            key.public_key.verify(
                base64.b64decode(str(sig["value"]), validate=True), _payload(record, key_id, nonce, signed_at)
            )
        except (InvalidSignature, binascii.Error, ValueError) as exc:
            raise SignatureError(
                Refusal.BAD_SIGNATURE, f"the signature of key {key_id!r} does not match the record"
            ) from exc
        if not key.roles & set(roles):
            raise SignatureError(
                Refusal.NOT_ALLOWED,
                f"key {key_id!r} ({'+'.join(key.roles)}) may not sign "
                f"this record (needs {' or '.join(sorted(roles))})",
            )
        return Verified(key_id, key.roles, nonce, signed_at)

    def verify_actor(self, record: Mapping[str, Any], actor: str | None) -> Verified:
        """A decision or revocation: by the console (any reviewer) or by the named reviewer's own key."""
        who = self.verify(record, {Role.CONSOLE, Role.REVIEWER})
        if Role.CONSOLE not in who.roles and who.key_id != (actor or ""):
            raise SignatureError(
                Refusal.NOT_ALLOWED, f"key {who.key_id!r} may only sign as itself, not as {str(actor)[:60]!r}"
            )
        return who


class NonceGuard:
    """Nonces seen recently, with where each was first read: a record written again is refused.

    The same record read again at the same position (topic, partition, offset) is a redelivery (at least
    once), not a replay; at another position it is a replay. Bounded memory, oldest forgotten first.
    """

    def __init__(self, size: int = 100_000) -> None:
        self.size = size
        self._seen: OrderedDict[str, object] = OrderedDict()

    def check(self, nonce: str, where: object = None) -> bool:
        """True if new; False for a redelivery of the record first seen at `where`; raises on a replay."""
        if nonce in self._seen:
            if where is not None and self._seen[nonce] == where:
                return False
            raise SignatureError(Refusal.REPLAYED, f"nonce {nonce[:32]} was already used")
        self._seen[nonce] = where
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True


def configured_keyring(settings: ComplianceSettings) -> Keyring:
    """The trusted public keys: `HOLDLINE_TRUSTED_KEYS` and the lines of `HOLDLINE_TRUSTED_KEYS_FILE`."""
    text = settings.trusted_keys
    if settings.trusted_keys_file is not None:
        text += "\n" + settings.trusted_keys_file.read_text()
    return Keyring.parse(text)


def configured_signer(settings: ComplianceSettings) -> Signer | None:
    """This process's signing key (`HOLDLINE_SIGNING_KEY`, else `HOLDLINE_SIGNING_KEY_FILE`), if any."""
    text = settings.signing_key.get_secret_value().strip()
    if not text and settings.signing_key_file is not None:
        text = settings.signing_key_file.read_text().strip()
    return Signer.parse(text) if text else None
