"""The allow-list: reviewed false positives that must not be held again for the same listed entry.

An allowance binds a party (normalised name + country) to one list entry AS IT READ when it was reviewed
(its content hash): when the agency changes the entry (new aliases, a new address) or the allowance
expires or is revoked, it lapses and the party is screened afresh. Every suppression is reported back so
it can be counted and audited; nothing is suppressed silently.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from matchers.errors import HoldlineError
from streams.compliance.csv_safe import write_csv
from streams.compliance.decisions import Action, Decision
from streams.compliance.holds_state import HoldState

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def party_key(name: str, country: str | None) -> str:
    """Case, accents-as-composed, punctuation and spacing do not make a different party; country does."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = " ".join(_NON_WORD.sub(" ", text).split())
    return f"{text}|{(country or '').strip().upper()}"


class Lapse(StrEnum):
    REVOKED = "revoked"
    EXPIRED = "expired"
    ENTRY_CHANGED = "entry_changed"
    ENTRY_REMOVED = "entry_removed"


Authority = list[dict[str, Any]]  # named here: the `list` field below shadows the builtin in the class


class Allowance(BaseModel):
    """One record of the allow-list topic (keyed by `allowance_id`; latest value wins)."""

    model_config = ConfigDict(frozen=True)

    kind: str = "allowance"
    allowance_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    party_key: str
    party_name: str
    country: str | None = None
    entry_id: str
    list: str | None = None
    entry_hash: str = Field(description="Content hash of the entry the reviewer saw")
    created_at: datetime
    expires_at: datetime | None = None
    reviewer: str
    reason: str
    decision_id: str | None = None
    event_id: str | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None
    authority: Authority = Field(
        default_factory=lambda: [],
        description="The signed decision records that created it (the release, and its approval)",
    )
    signature: dict[str, Any] | None = Field(default=None, description="A revocation's signature")

    def lapse(self, current_hash: str | None, now: datetime) -> Lapse | None:
        """Why this allowance no longer applies to the entry as it reads now, or None if it applies."""
        if self.revoked_at is not None:
            return Lapse.REVOKED
        if self.expires_at is not None and now >= self.expires_at:
            return Lapse.EXPIRED
        if current_hash is None:
            return Lapse.ENTRY_REMOVED
        if current_hash != self.entry_hash:
            return Lapse.ENTRY_CHANGED
        return None


class Suppression(BaseModel):
    """A match an allowance removed from a decision: counted and kept in the audit trail."""

    model_config = ConfigDict(frozen=True)

    allowance_id: str
    entry_id: str
    role: str
    party_name: str
    score: float | None = None


@dataclass(frozen=True)
class Filtered:
    hits: list[dict[str, Any]]  # what still holds the event
    suppressed: list[Suppression]


class AllowListError(HoldlineError, ValueError):
    pass


class AllowList:
    """The folded allow-list topic."""

    def __init__(self, allowances: Iterable[Allowance] = ()) -> None:
        self._by_id: dict[str, Allowance] = {}
        self._by_pair: dict[tuple[str, str], set[str]] = {}
        # Every entry id an allowance was ever folded for (a superset once allowances are deleted): lets
        # the worker skip reading back the holds no allowance can touch (`may_cover`).
        self._entry_ids: set[str] = set()
        for allowance in allowances:
            self.put(allowance)

    def __len__(self) -> int:
        return len(self._by_id)

    def put(self, allowance: Allowance) -> None:
        self._by_id[allowance.allowance_id] = allowance
        self._by_pair.setdefault((allowance.party_key, allowance.entry_id), set()).add(allowance.allowance_id)
        self._entry_ids.add(allowance.entry_id)

    def may_cover(self, entry_ids: Iterable[str]) -> bool:
        """Whether any allowance names one of these entries; False means `filter_hits` would keep every
        match of a hold on them (it can answer True where nothing applies: revoked, lapsed, other party)."""
        return bool(self._by_id) and not self._entry_ids.isdisjoint(entry_ids)

    def apply_record(self, key: str, value: bytes | str | None) -> None:
        if value is None:
            old = self._by_id.pop(key, None)
            if old is not None:
                self._by_pair.get((old.party_key, old.entry_id), set()).discard(key)
            return
        self.put(Allowance.model_validate_json(value))

    def get(self, allowance_id: str) -> Allowance | None:
        return self._by_id.get(allowance_id)

    def all(self) -> list[Allowance]:
        return sorted(self._by_id.values(), key=lambda a: a.created_at, reverse=True)

    def revoke(self, allowance_id: str, by: str, reason: str, now: datetime | None = None) -> Allowance:
        """The revoked record to publish (revocation is a new state, not a deletion: it stays auditable)."""
        allowance = self._by_id.get(allowance_id)
        if allowance is None:
            raise AllowListError(f"no allowance {allowance_id!r}")
        if allowance.revoked_at is not None:
            raise AllowListError(f"allowance {allowance_id!r} was already revoked by {allowance.revoked_by}")
        if not by.strip() or not reason.strip():
            raise AllowListError("revoking needs an authenticated reviewer and a reason")
        return allowance.model_copy(
            update={
                "revoked_at": now or datetime.now(UTC),
                "revoked_by": by.strip(),
                "revoke_reason": " ".join(reason.split()),
            }
        )

    def find(
        self, name: str, country: str | None, entry_id: str, current_hash: str | None, now: datetime
    ) -> Allowance | None:
        """An allowance that applies to this party and entry right now."""
        for allowance_id in self._by_pair.get((party_key(name, country), entry_id), ()):
            allowance = self._by_id[allowance_id]
            if allowance.lapse(current_hash, now) is None:
                return allowance
        return None

    def filter_hits(
        self,
        hits: Sequence[Mapping[str, Any]],
        entry_hash: Callable[[str], str | None],
        now: datetime | None = None,
    ) -> Filtered:
        """Remove the matches an allowance covers; a hit with no match left no longer holds the event.

        `entry_hash(entry_id)` gives the content hash of the entry in the ACTIVE snapshot (None if gone).
        """
        now = now or datetime.now(UTC)
        if not self._by_id:
            return Filtered(hits=[dict(h) for h in hits], suppressed=[])
        kept_hits: list[dict[str, Any]] = []
        suppressed: list[Suppression] = []
        for hit in hits:
            party = hit.get("party") or {}
            name, country = str(party.get("name") or ""), party.get("country")
            kept = []
            for match in hit.get("matches") or []:
                entry_id = str(match.get("entry_id"))
                allowance = self.find(name, country, entry_id, entry_hash(entry_id), now)
                if allowance is None:
                    kept.append(match)
                else:
                    suppressed.append(
                        Suppression(
                            allowance_id=allowance.allowance_id,
                            entry_id=entry_id,
                            role=str(hit.get("role")),
                            party_name=name,
                            score=match.get("score"),
                        )
                    )
            if kept:
                kept_hits.append({**hit, "matches": kept})
        return Filtered(hits=kept_hits, suppressed=suppressed)

    def export_json(
        self, now: datetime | None = None, entry_hash: Callable[[str], str | None] | None = None
    ) -> str:
        return json.dumps([_export_row(a, now, entry_hash) for a in self.all()], indent=2, default=str)

    def export_csv(
        self, now: datetime | None = None, entry_hash: Callable[[str], str | None] | None = None
    ) -> str:
        return write_csv(EXPORT_FIELDS, (_export_row(a, now, entry_hash) for a in self.all()))


EXPORT_FIELDS = (
    "allowance_id",
    "status",
    "party_name",
    "country",
    "entry_id",
    "list",
    "entry_hash",
    "created_at",
    "expires_at",
    "reviewer",
    "reason",
    "decision_id",
    "event_id",
    "revoked_at",
    "revoked_by",
    "revoke_reason",
)


def _export_row(
    allowance: Allowance, now: datetime | None, entry_hash: Callable[[str], str | None] | None
) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    if entry_hash is None:  # without the active list only revocation and expiry can be judged
        lapse = allowance.lapse(allowance.entry_hash, now)
    else:
        lapse = allowance.lapse(entry_hash(allowance.entry_id), now)
    row = allowance.model_dump(mode="json", exclude={"kind", "party_key", "authority", "signature"})
    row["status"] = "active" if lapse is None else lapse.value
    return row


def allowances_for_decision(
    state: HoldState, decision: Decision, authority: list[dict[str, Any]] | None = None
) -> list[Allowance]:
    """The allowances a release with `allow` creates: one per (flagged party, matched entry) reviewed.

    Bound to the entry hash recorded when the event was held (what the reviewer saw); an entry whose hash
    was not recorded is not allow-listed, since the reviewer's judgement cannot be tied to its content.
    """
    if decision.action is not Action.RELEASE or not decision.allow:
        return []
    out: dict[tuple[str, str], Allowance] = {}
    for hit in state.hits():
        party = hit.get("party") or {}
        name = str(party.get("name") or "").strip()
        if not name:
            continue
        for match in hit.get("matches") or []:
            entry_id = str(match.get("entry_id"))
            entry_hash = state.entry_hashes.get(entry_id)
            key = (party_key(name, party.get("country")), entry_id)
            if entry_hash is None or key in out:
                continue
            named = decision.allows
            if named and {"party_key": key[0], "entry_id": entry_id, "entry_hash": entry_hash} not in named:
                continue
            out[key] = Allowance(
                party_key=key[0],
                party_name=name,
                country=party.get("country"),
                entry_id=entry_id,
                list=match.get("list"),
                entry_hash=entry_hash,
                created_at=decision.decided_at,
                expires_at=decision.allow_expires,
                reviewer=decision.reviewer,
                reason=decision.reason,
                decision_id=decision.decision_id,
                event_id=decision.event_id,
                authority=list(authority or []),
            )
    return list(out.values())


def with_allows(decision: Decision, state: HoldState) -> Decision:
    """The decision naming exactly the allowances it may create (signed with it: see `ControlGate`)."""
    if decision.action is not Action.RELEASE or not decision.allow:
        return decision
    triples = [
        {"party_key": a.party_key, "entry_id": a.entry_id, "entry_hash": a.entry_hash}
        for a in allowances_for_decision(state, decision)
    ]
    return decision.model_copy(update={"allows": triples})
