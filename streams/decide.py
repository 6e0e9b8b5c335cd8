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
from typing import TYPE_CHECKING, Any

from matchers.errors import HoldlineError
from streams.cache import PartyCache
from streams.events import OTHER_ROLE, PurchaseOrder, Shipment, other_parties
from streams.name_rule import NameLimits, ToScreen, unscreenable
from streams.records import ClearedRecord, Hit, HoldReason, HoldRecord, ScreenedParty, utcnow_iso

if TYPE_CHECKING:  # the engine is imported when lists load, after a worker's group join (decision 0516)
    from matchers import Match, Screener

log = logging.getLogger(__name__)

NO_LIST = "no restricted-party list is loaded"
DEFAULT_LIMITS = NameLimits()


@dataclass(frozen=True)
class PartyResult:
    party: ToScreen
    hits: tuple[Match, ...]  # matches at or above the screener's threshold, best first

    @property
    def role(self) -> str:
        return self.party.role


class ScreeningFailed(HoldlineError):
    """The screener raised on a party; carries what was screened before so the hold keeps that evidence."""

    def __init__(self, cause: BaseException, done: list[PartyResult]) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.done = done


def to_screen(
    event: PurchaseOrder | Shipment,
    dump: dict[str, Any],
    others: list[tuple[str, dict[str, Any]]] | None = None,
) -> list[ToScreen]:
    """Every party of the event in a fixed order: schema roles first, then `other` objects by path order."""
    out = [
        ToScreen(role, party.name, party.country, party.kind, dump[role]) for role, party in event.parties()
    ]
    for path, obj in others if others is not None else other_parties(event, dump):
        if obj.get("name") is None:
            continue  # `"name": null` names nobody
        country, kind = obj.get("country"), obj.get("kind")
        out.append(
            ToScreen(
                OTHER_ROLE,
                obj.get("name"),
                country if isinstance(country, str) else None,
                kind if isinstance(kind, str) else None,
                obj,
                path,
            )
        )
    return out


def screen_parties(
    parties: list[ToScreen] | PurchaseOrder | Shipment,
    screener: Screener,
    cache: PartyCache | None = None,
    limits: NameLimits | None = None,
    problems: list[tuple[ToScreen, str]] | None = None,
) -> list[PartyResult]:
    """Screen every party once per distinct (name, country, kind).

    `parties`: from `to_screen`, or an event (all its parties). `cache` (the snapshot's) carries results
    across events; it must belong to this `screener`. With `limits`, a party whose name cannot be screened
    (`unscreenable`) is not screened but appended to `problems`; the check runs only for names the cache
    does not know (a cached name was screened, so it passed), which keeps it off the common path.
    """
    if not isinstance(parties, list):
        parties = to_screen(parties, parties.model_dump(mode="json", exclude_unset=True))
    seen: dict[tuple[str, str | None, str | None], tuple[Match, ...]] = {}
    results: list[PartyResult] = []
    for party in parties:
        if limits is not None and not isinstance(party.name, str):
            if problems is not None:
                problems.append((party, unscreenable(party, limits) or "name is not a string"))
            continue
        key = (party.name, party.country, party.kind)
        hits = seen.get(key)
        if hits is None and cache is not None:
            hits = cache.get(key)
        if hits is None:
            why = unscreenable(party, limits) if limits is not None else None
            if why is not None:
                if problems is not None:
                    problems.append((party, why))
                continue
            try:
                matches = screener.screen(party.name, country=party.country, kind=party.kind)
                hits = tuple(m for m in matches if screener.is_hit([m]))
            except Exception as exc:  # engine boundary: any engine failure becomes a hold (fail closed)
                raise ScreeningFailed(exc, results) from exc
            if cache is not None:
                cache.put(key, hits)
        seen[key] = hits
        results.append(PartyResult(party=party, hits=hits))
    return results


def decide(
    event: PurchaseOrder | Shipment,
    screener: Screener | None,
    *,
    unavailable: str | None = None,
    cache: PartyCache | None = None,
    now: Callable[[], str] = utcnow_iso,
    limits: NameLimits = DEFAULT_LIMITS,
    dump: dict[str, Any] | None = None,
    others: list[tuple[str, dict[str, Any]]] | None = None,
) -> HoldRecord | ClearedRecord:
    """Hold on any hit; hold with `screening_unavailable` when there is no screener or it raises, and with
    `unscreenable_party` when a party's name cannot be screened (empty once normalised, over `limits`, not
    a string); else clear.

    `unavailable` is the reason there is no screener (e.g. the list load error), used in the record.
    `dump` and `others` may be passed when the caller already computed them (`Processor`).
    """
    if dump is None:
        dump = event.model_dump(mode="json", exclude_unset=True)
    parties = to_screen(event, dump, others)
    common = _common_fields(event, dump, parties)
    if screener is None:
        return HoldRecord(
            **common,
            reason=HoldReason.SCREENING_UNAVAILABLE,
            hits=[],
            list_version=None,
            error=unavailable or NO_LIST,
            screened_at=now(),
        )
    version = _version(screener)
    threshold = _threshold(screener)
    problems: list[tuple[ToScreen, str]] = []
    try:
        hits = _hits(screen_parties(parties, screener, cache, limits, problems))
    except Exception as exc:  # engine boundary: an event not fully screened is held, never cleared
        done = exc.done if isinstance(exc, ScreeningFailed) else []
        error = str(exc) if isinstance(exc, ScreeningFailed) else f"{type(exc).__name__}: {exc}"
        log.error("screening failed for event %s: %s", event.event_id, error)
        return HoldRecord(
            **common,
            reason=HoldReason.SCREENING_UNAVAILABLE,
            hits=_safe_hits(done),
            list_version=version,
            threshold=threshold,
            error=error,
            screened_at=now(),
        )
    unscreened = "; ".join(why for _, why in problems)[:2000] or None
    if hits:
        return HoldRecord(
            **common,
            reason=HoldReason.MATCH,
            hits=hits,
            list_version=version,
            threshold=threshold,
            error=unscreened,
            screened_at=now(),
        )
    if problems:
        return HoldRecord(
            **common,
            reason=HoldReason.UNSCREENABLE_PARTY,
            hits=[],
            list_version=version,
            threshold=threshold,
            error=unscreened,
            screened_at=now(),
        )
    return ClearedRecord(**common, list_version=version, threshold=threshold, screened_at=now())


def _common_fields(
    event: PurchaseOrder | Shipment, dump: dict[str, Any], parties: list[ToScreen]
) -> dict[str, Any]:
    """`dump`: the event as sent (`model_dump(mode="json", exclude_unset=True)`), holding each party."""
    return {
        "event_id": event.event_id,
        "event_type": event.event_type,
        "po_number": event.po_number,
        "shipment_id": getattr(event, "shipment_id", None),
        "parties_screened": [ScreenedParty(role=p.role, party=p.dump, path=p.path) for p in parties],
        "event": dump,
    }


def _hits(results: list[PartyResult]) -> list[Hit]:
    return [
        Hit(role=r.role, party=r.party.dump, path=r.party.path, matches=[m.to_record() for m in r.hits])
        for r in results
        if r.hits
    ]


def _safe_hits(results: list[PartyResult]) -> list[Hit]:
    """Evidence gathered before a failure, if it can be rendered at all."""
    try:
        return _hits(results)
    except Exception:  # engine boundary: partial evidence must not stop the hold from being made
        return []


def _version(screener: Screener) -> str | None:
    """A broken screener may fail even here; the decision must still be made (and be a hold)."""
    try:
        return str(screener.version)
    except Exception:  # engine boundary (see the docstring)
        return None


def _threshold(screener: Screener) -> float | None:
    try:
        return float(screener.threshold)
    except Exception:  # engine boundary: as `_version`
        return None
