"""What a worker (or the console) checks before a control record may change anything.

Decisions, allowances and publications are verified against the trusted public keys
(`streams.compliance.signing`); whatever fails changes nothing and is reported with a `Refusal` reason
(the caller counts it in `holdline_decisions_refused_total{reason}` and writes it to the refusals topic).

An allowance is written by the worker that applied a release, and workers hold no signing keys: so an
allowance carries the signed decision records that created it (`authority`: the release, and under
four-eyes its approval) and is believed only when they verify and agree with it. A revocation is signed
by whoever revoked it. Revocation is final: an unrevoked record for a revoked allowance is a replay.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from streams.compliance.allowlist import Allowance, AllowList
from streams.compliance.signing import Keyring, NonceGuard, Refusal, Role, SignatureError, Verified


class ControlGate:
    def __init__(
        self, keyring: Keyring, four_eyes: frozenset[str] = frozenset(), nonces: NonceGuard | None = None
    ) -> None:
        self.keyring = keyring
        self.four_eyes = four_eyes
        self.nonces = nonces or NonceGuard()
        # The signed revocations seen, as received: re-written when a replay tries to bury them under
        # compaction (the allow-list topic keeps only the latest record of an allowance).
        self.revoked_raw: dict[str, bytes | str] = {}

    def decision(self, record: Mapping[str, Any], where: object = None) -> Verified | None:
        """A record from `screening.decisions`: signed by the console or its reviewer, not replayed.

        None for a redelivery of a record already seen at the same position `where`.
        """
        who = self.keyring.verify_actor(record, str(record.get("reviewer") or ""))
        return who if self.nonces.check(who.nonce, where) else None

    def allowance(self, record: Mapping[str, Any]) -> None:
        """Raise `SignatureError` unless `record` (an allowance, as JSON) has valid signatures behind it."""
        if record.get("revoked_at"):
            self.keyring.verify_actor(record, str(record.get("revoked_by") or ""))
            return
        authority = record.get("authority")
        if (
            not isinstance(authority, list)
            or not authority
            or not all(isinstance(a, dict) for a in authority)
        ):
            raise SignatureError(Refusal.UNSIGNED, "an allowance without the signed decision that made it")
        release = authority[0]
        self.keyring.verify_actor(release, str(release.get("reviewer") or ""))
        agrees = (
            release.get("kind") == "decision"
            and release.get("action") == "release"
            and release.get("allow") is True
            and release.get("decision_id") == record.get("decision_id")
            and release.get("event_id") == record.get("event_id")
            and release.get("reviewer") == record.get("reviewer")
            and release.get("allow_expires") == record.get("expires_at")
        )
        triple = {k: record.get(k) for k in ("party_key", "entry_id", "entry_hash")}
        agrees = agrees and triple in (release.get("allows") or [])
        if not agrees:
            raise SignatureError(
                Refusal.NOT_ALLOWED, "the allowance does not match the release that it cites"
            )
        approved = False
        if len(authority) > 1:
            approval = authority[1]
            self.keyring.verify_actor(approval, str(approval.get("reviewer") or ""))
            if (
                approval.get("action") != "approve"
                or approval.get("approves") != release.get("decision_id")
                or approval.get("reviewer") == release.get("reviewer")
            ):
                raise SignatureError(
                    Refusal.NOT_ALLOWED,
                    "the allowance's approval is not a second reviewer's approval of its release",
                )
            approved = True
        if self.four_eyes and not approved:
            raise SignatureError(
                Refusal.NOT_ALLOWED, "four-eyes: an allowance needs a second reviewer's approval"
            )

    def fold_allowance(self, allowlist: AllowList, key: str, value: bytes | str | None) -> None:
        """Fold one allow-list topic record after checking it (tombstones only ever remove: allowed)."""
        if value is None:
            allowlist.apply_record(key, None)
            return
        allowance = Allowance.model_validate_json(value)
        if allowance.allowance_id != key:
            raise SignatureError(Refusal.NOT_ALLOWED, "an allowance under another allowance's key")
        self.allowance(json.loads(value))
        known = allowlist.get(key)
        if known is not None and known.revoked_at is not None and allowance.revoked_at is None:
            raise SignatureError(
                Refusal.REPLAYED, f"allowance {key} was revoked; an older record was replayed"
            )
        allowlist.put(allowance)
        if allowance.revoked_at is not None:
            self.revoked_raw[key] = value

    def publication(self, manifest: Mapping[str, Any], last_published_at: str | None) -> Verified:
        """A publication's manifest: signed by a publisher and newer than the active publication."""
        who = self.keyring.verify(manifest, {Role.PUBLISHER})
        if last_published_at is not None and str(manifest.get("published_at") or "") <= last_published_at:
            raise SignatureError(
                Refusal.REPLAYED,
                f"publication {manifest.get('publication_id')} is not newer "
                "than the active one (replayed or rolled back)",
            )
        return who
