"""The decision rules, without Faust: hold on any hit, clear otherwise, fail closed on any doubt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from matchers import Match, Screener
from streams.cache import PartyCache
from streams.decide import decide, screen_parties
from streams.events import parse_event
from streams.records import ClearedRecord, HoldReason, HoldRecord
from streams.settings import builtin_list_path

LISTED = "Hikvision Co., Ltd."
CLEAN = "Northwind Traders Ltd"


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([builtin_list_path()])


def po(**parties: Any) -> Any:
    return parse_event(
        {
            "event_id": "e-1",
            "event_type": "purchase_order",
            "occurred_at": "2019-10-10T09:00:00Z",
            "po_number": "PO-1",
            **parties,
        }
    )


def shipment(**parties: Any) -> Any:
    return parse_event(
        {
            "event_id": "s-1",
            "event_type": "shipment",
            "occurred_at": "2019-10-10T09:00:00Z",
            "shipment_id": "SH-1",
            "po_number": "PO-1",
            **parties,
        }
    )


@pytest.mark.parametrize("role", ["buyer", "supplier", "ship_to", "end_user"])
def test_a_listed_party_in_any_purchase_role_holds_with_the_evidence(screener: Screener, role: str) -> None:
    others = {r: {"name": CLEAN} for r in ("buyer", "supplier", "ship_to", "end_user") if r != role}
    record = decide(po(**others, **{role: {"name": LISTED, "country": "CN", "tier": 1}}), screener)
    assert isinstance(record, HoldRecord)
    assert record.reason == HoldReason.MATCH
    [hit] = record.hits
    assert hit.role == role
    assert hit.party == {"name": LISTED, "country": "CN", "tier": 1}, "the party as sent, extra fields kept"
    assert hit.matches, "a hit carries its matches"
    best = hit.matches[0]
    assert best["name"] == "Hikvision" and best["score"] >= screener.threshold
    assert {"list", "entry_id", "name", "matched", "score", "explanation"} <= set(best)
    assert all(m["score"] >= screener.threshold for m in hit.matches), "only matches at/above the threshold"
    assert record.list_version == screener.version
    assert record.po_number == "PO-1" and record.shipment_id is None
    assert [p.role for p in record.parties_screened] == ["buyer", "supplier", "ship_to", "end_user"]


@pytest.mark.parametrize("role", ["shipper", "consignee", "notify_party", "forwarder", "carrier"])
def test_a_listed_party_in_any_shipment_role_holds(screener: Screener, role: str) -> None:
    record = decide(shipment(**{role: {"name": "Dahua Technology"}}), screener)
    assert isinstance(record, HoldRecord)
    assert [h.role for h in record.hits] == [role]
    assert record.shipment_id == "SH-1" and record.po_number == "PO-1"


def test_clean_parties_are_cleared_with_what_was_screened(screener: Screener) -> None:
    record = decide(
        po(buyer={"name": CLEAN}, supplier={"name": "Contoso Pharmaceuticals", "country": "US"}), screener
    )
    assert isinstance(record, ClearedRecord)
    assert record.decision == "cleared"
    assert [(p.role, p.party["name"]) for p in record.parties_screened] == [
        ("buyer", CLEAN),
        ("supplier", "Contoso Pharmaceuticals"),
    ]
    assert record.list_version == screener.version
    assert record.event["po_number"] == "PO-1"


def test_an_event_without_parties_is_cleared_and_says_none_were_screened(screener: Screener) -> None:
    record = decide(po(), screener)
    assert isinstance(record, ClearedRecord)
    assert record.parties_screened == []


def test_two_hits_in_one_event_are_both_reported(screener: Screener) -> None:
    record = decide(
        po(buyer={"name": "Megvii Technology"}, end_user={"name": "Urumqi Municipal Public Security Bureau"}),
        screener,
    )
    assert isinstance(record, HoldRecord)
    assert [h.role for h in record.hits] == ["buyer", "end_user"]


def test_no_screener_fails_closed_with_the_reason(screener: Screener) -> None:
    record = decide(po(buyer={"name": CLEAN}), None, unavailable="cannot load lists: file missing")
    assert isinstance(record, HoldRecord)
    assert record.reason == HoldReason.SCREENING_UNAVAILABLE
    assert record.error == "cannot load lists: file missing"
    assert record.list_version is None and record.hits == []


class Broken:
    """Stands in for a screener that fails on the n-th party."""

    def __init__(self, real: Screener, fail_on: str, exc: Exception) -> None:
        self.real, self.fail_on, self.exc = real, fail_on, exc
        self.threshold, self.version = real.threshold, real.version

    def screen(self, name: str, country: str | None = None, kind: str | None = None) -> list[Match]:
        if name == self.fail_on:
            raise self.exc
        return self.real.screen(name, country=country, kind=kind)

    def is_hit(self, matches: Sequence[Match]) -> bool:
        return self.real.is_hit(matches)


def test_a_screener_error_fails_closed_keeping_the_evidence_found_before(screener: Screener) -> None:
    broken = Broken(screener, CLEAN, MemoryError("index unavailable"))
    record = decide(po(buyer={"name": LISTED}, supplier={"name": CLEAN}), broken)  # type: ignore[arg-type]
    assert isinstance(record, HoldRecord)
    assert record.reason == HoldReason.SCREENING_UNAVAILABLE
    assert "MemoryError" in (record.error or "") and "index unavailable" in (record.error or "")
    assert [h.role for h in record.hits] == ["buyer"]
    assert record.list_version == screener.version


def test_a_screener_returning_garbage_fails_closed(screener: Screener) -> None:
    class Garbage(Broken):
        def screen(self, name: str, country: str | None = None, kind: str | None = None) -> list[Match]:
            return ["not a match"]  # type: ignore[list-item]

        def is_hit(self, matches: Sequence[Match]) -> bool:
            return True

    record = decide(po(buyer={"name": CLEAN}), Garbage(screener, "", ValueError()))  # type: ignore[arg-type]
    assert isinstance(record, HoldRecord)
    assert record.reason == HoldReason.SCREENING_UNAVAILABLE


def test_redelivery_gives_the_same_decision_and_evidence(screener: Screener) -> None:
    """At-least-once delivery is safe because screening is deterministic for a list snapshot."""
    event = po(buyer={"name": "Hikvision Co Ltd", "country": "CN"}, supplier={"name": CLEAN})
    first = decide(event, screener, now=lambda: "2019-10-10T09:00:00.000Z")
    again = decide(event, Screener.from_paths([builtin_list_path()]), now=lambda: "2019-10-11T09:00:00.000Z")
    assert first.screened_at != again.screened_at
    strip = {"screened_at"}
    assert first.model_dump(exclude=strip) == again.model_dump(exclude=strip)


class Counting(Broken):
    def __init__(self, real: Screener) -> None:
        super().__init__(real, fail_on="", exc=ValueError())
        self.calls: list[str] = []

    def screen(self, name: str, country: str | None = None, kind: str | None = None) -> list[Match]:
        self.calls.append(name)
        return self.real.screen(name, country=country, kind=kind)


def test_a_party_repeated_in_several_roles_is_screened_once(screener: Screener) -> None:
    counting = Counting(screener)
    results = screen_parties(
        po(buyer={"name": LISTED}, ship_to={"name": LISTED}, end_user={"name": LISTED}), counting
    )  # type: ignore[arg-type]
    assert counting.calls == [LISTED]
    assert [r.role for r in results] == ["buyer", "ship_to", "end_user"]
    assert all(r.hits for r in results)


def test_the_snapshot_cache_serves_repeat_parties_with_identical_results(screener: Screener) -> None:
    counting = Counting(screener)
    cache = PartyCache(100)
    event = po(buyer={"name": LISTED}, supplier={"name": CLEAN})
    first = decide(event, counting, cache=cache, now=lambda: "t")  # type: ignore[arg-type]
    second = decide(event, counting, cache=cache, now=lambda: "t")  # type: ignore[arg-type]
    assert counting.calls == [LISTED, CLEAN], "the second event was served from the cache"
    assert first == second
    assert cache.hits == 2 and cache.misses == 2
    # Same name, other country: another key (country changes the score).
    decide(po(buyer={"name": LISTED, "country": "US"}), counting, cache=cache)  # type: ignore[arg-type]
    assert counting.calls[-1] == LISTED and len(counting.calls) == 3


def test_a_disabled_cache_keeps_nothing() -> None:
    cache = PartyCache(0)
    cache.put(("a", None, None), ())
    assert cache.get(("a", None, None)) is None and len(cache) == 0


def test_the_cache_evicts_the_least_recently_used() -> None:
    cache = PartyCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
