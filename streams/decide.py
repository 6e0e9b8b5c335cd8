"""The screening decision for one validated event: pure, no Faust, no I/O.

Kept apart from the agents so every rule (fail closed, what counts as a hit, what a record holds) is
unit-testable, and so the compliance work can add allow-list suppression in one place.

Determinism: for one event and one list snapshot the decision and its evidence are always the same
(`Screener` is deterministic and parties are screened in a fixed role order), which is what makes
at-least-once delivery safe: a redelivered event yields the same decision, only `screened_at` differs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from matchers import Match, Screener
from matchers.errors import HoldlineError
from streams.cache import PartyCache
from streams.events import Party, PurchaseOrder, Shipment
from streams.records import ClearedRecord, Hit, HoldReason, HoldRecord, ScreenedParty, utcnow_iso

log = logging.getLogger(__name__)

NO_LIST = "no restricted-party list is loaded"


@dataclass(frozen=True)
class PartyResult:
    role: str
    party: Party
    hits: tuple[Match, ...]  # matches at or above the screener's threshold, best first


class ScreeningFailed(HoldlineError):
    """The screener raised on a party; carries what was screened before so the hold keeps that evidence."""

    def __init__(self, cause: BaseException, done: list[PartyResult]) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.done = done


def screen_parties(event: PurchaseOrder | Shipment, screener: Screener,
                   cache: PartyCache | None = None) -> list[PartyResult]:
    """Screen every party of the event once per distinct (name, country, kind).

    `cache` (the snapshot's) carries results across events; it must belong to this `screener`.
    """
    seen: dict[tuple[str, str | None, str | None], tuple[Match, ...]] = {}
    results: list[PartyResult] = []
    for role, party in event.parties():
        key = (party.name, party.country, party.kind)
        hits = seen.get(key)
        if hits is None and cache is not None:
            hits = cache.get(key)
        if hits is None:
            try:
                matches = screener.screen(party.name, country=party.country, kind=party.kind)
                hits = tuple(m for m in matches if screener.is_hit([m]))
            except Exception as exc:
                raise ScreeningFailed(exc, results) from exc
            if cache is not None:
                cache.put(key, hits)
        seen[key] = hits
        results.append(PartyResult(role=role, party=party, hits=hits))
    return results


def decide(event: PurchaseOrder | Shipment, screener: Screener | None, *, unavailable: str | None = None,
           cache: PartyCache | None = None,
           now: Callable[[], str] = utcnow_iso) -> HoldRecord | ClearedRecord:
    """Hold on any hit; hold with `screening_unavailable` when there is no screener or it raises; else clear.

    `unavailable` is the reason there is no screener (e.g. the list load error), used in the record.
    """
    dump = event.model_dump(mode="json", exclude_unset=True)
    common = _common_fields(event, dump)
    if screener is None:
        return HoldRecord(**common, reason=HoldReason.SCREENING_UNAVAILABLE, hits=[], list_version=None,
                          error=unavailable or NO_LIST, screened_at=now())
    version = _version(screener)
    threshold = _threshold(screener)
    try:
        hits = _hits(screen_parties(event, screener, cache), dump)
    except Exception as exc:
        done = exc.done if isinstance(exc, ScreeningFailed) else []
        error = str(exc) if isinstance(exc, ScreeningFailed) else f"{type(exc).__name__}: {exc}"
        log.error("screening failed for event %s: %s", event.event_id, error)
        return HoldRecord(**common, reason=HoldReason.SCREENING_UNAVAILABLE, hits=_safe_hits(done, dump),
                          list_version=version, threshold=threshold, error=error, screened_at=now())
    if hits:
        return HoldRecord(**common, reason=HoldReason.MATCH, hits=hits, list_version=version,
                          threshold=threshold, screened_at=now())
    return ClearedRecord(**common, list_version=version, threshold=threshold, screened_at=now())


def _common_fields(event: PurchaseOrder | Shipment, dump: dict[str, Any]) -> dict[str, Any]:
    """`dump`: the event as sent (`model_dump(mode="json", exclude_unset=True)`), holding each party."""
    parties = [ScreenedParty(role=role, party=dump[role]) for role, _ in event.parties()]
    return {
        "event_id": event.event_id,
        "event_type": event.event_type,
        "po_number": event.po_number,
        "shipment_id": getattr(event, "shipment_id", None),
        "parties_screened": parties,
        "event": dump,
    }


def _hits(results: list[PartyResult], dump: dict[str, Any]) -> list[Hit]:
    return [Hit(role=r.role, party=dump[r.role], matches=[m.to_record() for m in r.hits])
            for r in results if r.hits]


def _safe_hits(results: list[PartyResult], dump: dict[str, Any]) -> list[Hit]:
    """Evidence gathered before a failure, if it can be rendered at all."""
    try:
        return _hits(results, dump)
    except Exception:
        return []


def _version(screener: Screener) -> str | None:
    """A broken screener may fail even here; the decision must still be made (and be a hold)."""
    try:
        return str(screener.version)
    except Exception:
        return None


def _threshold(screener: Screener) -> float | None:
    try:
        return float(screener.threshold)
    except Exception:
        return None
